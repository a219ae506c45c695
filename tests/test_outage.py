"""The database goes away during an ingest, on a real PostgreSQL server stopped mid-run: the command
line waits for it a bounded time, then says which files were not stored; nothing is half-stored and
running the same command again completes the job."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from lib.outage import DatabaseUnavailable, lost_connection, patiently
from lib.store import Store
from tests.conftest import _unavailable
from tests.test_failures import article_text, complete_articles

ROOT = Path(__file__).resolve().parent.parent
FILES = 150  # more than two write batches of 64


@pytest.fixture
def cluster():
    """A PostgreSQL cluster of the test's own, which it may stop and start."""
    from tests.postgres import PostgresUnavailable, postgres_cluster

    try:
        with postgres_cluster() as running:
            yield running
    except PostgresUnavailable as error:
        _unavailable(str(error))


def _articles(folder: Path) -> Path:
    folder.mkdir()
    for n in range(FILES):
        (folder / f"a{n:03}.txt").write_text(article_text(n), encoding="utf-8")
    return folder


def _ingest_and_stop_after_the_first_batch(cluster, folder: Path, retry_seconds: int, restart_after: float | None):
    env = {**os.environ, "ENTENTE_DB_RETRY_SECONDS": str(retry_seconds)}
    command = [sys.executable, "-m", "lib", "ingest", str(folder), "--db", cluster.url]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines = [process.stdout.readline()]  # type: ignore[union-attr]  # the first batch is stored
    cluster.stop()
    if restart_after is not None:
        time.sleep(restart_after)
        cluster.start()
    lines += process.stdout.readlines()  # type: ignore[union-attr]  # the same buffered reader, to the end
    process.wait(timeout=600)
    return process.returncode, [line.rstrip("\n") for line in lines], process.stderr.read()  # type: ignore[union-attr]


def test_the_command_line_waits_for_a_database_that_comes_back(cluster, tmp_path):
    code, lines, err = _ingest_and_stop_after_the_first_batch(cluster, _articles(tmp_path / "in"), 120,
                                                              restart_after=3)
    assert code == 0, err
    assert lines[-1].startswith(f"{FILES} ingested, 0 duplicate, 0 rejected")
    assert complete_articles(Store(cluster.url)) == (FILES, FILES)


def test_the_command_line_reports_each_file_it_could_not_store_then_a_rerun_completes(cluster, tmp_path):
    folder = _articles(tmp_path / "in")
    code, lines, err = _ingest_and_stop_after_the_first_batch(cluster, folder, 3, restart_after=None)
    assert code == 1
    statuses = lines[:-1]
    assert len(statuses) == FILES  # one line per file, none left out
    stored = [s for s in statuses if s.startswith("ingested ")]
    lost = [s for s in statuses if not s.startswith("ingested ")]
    assert 64 <= len(stored) < FILES
    assert all(s.startswith("rejected ") and ": not stored: the database is unavailable (" in s
               and s.endswith("; run the ingest again to store it") for s in lost), lost[:3]
    assert lines[-1].startswith(f"{len(stored)} ingested, 0 duplicate, {len(lost)} rejected ({FILES} files)")
    assert f"{len(lost)} were not stored. Run the same command again when it answers" in err
    assert "Traceback" not in err

    cluster.start()
    assert complete_articles(Store(cluster.url)) == (len(stored), len(stored))  # nothing half-stored
    rerun = subprocess.run([sys.executable, "-m", "lib", "ingest", str(folder), "--db", cluster.url, "--quiet"],
                           cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout.startswith(f"{len(lost)} ingested, {len(stored)} duplicate, 0 rejected")


def test_a_database_that_does_not_answer_at_all_is_a_clear_error(cluster, tmp_path):
    (tmp_path / "a.txt").write_text(article_text(1), encoding="utf-8")
    cluster.stop()
    run = subprocess.run([sys.executable, "-m", "lib", "ingest", str(tmp_path / "a.txt"), "--db", cluster.url],
                         cwd=ROOT, capture_output=True, text=True, timeout=120,
                         env={**os.environ, "ENTENTE_DB_RETRY_SECONDS": "1"})
    assert run.returncode == 1
    assert run.stderr.startswith("error: the database is unavailable (") and "Traceback" not in run.stderr


def test_patiently_retries_only_a_lost_connection():
    calls = {"n": 0}

    def flaky() -> str:
        calls["n"] += 1
        if calls["n"] < 3:
            raise OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"))
        return "answered"

    assert patiently(flaky, seconds=30) == "answered" and calls["n"] == 3
    with pytest.raises(DatabaseUnavailable, match=r"^the database is unavailable \(connection refused\)$"):
        patiently(lambda: (_ for _ in ()).throw(OperationalError("x", {}, Exception("connection refused"))),
                  seconds=0.5)
    full = OperationalError("INSERT", {}, Exception("database or disk is full"))
    assert not lost_connection(full)
    with pytest.raises(OperationalError):
        patiently(lambda: (_ for _ in ()).throw(full), seconds=30)
