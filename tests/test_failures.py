"""Failures mid-ingest leave no half-stored article, and running the ingest again completes it;
readers and writers work at once; a restart finds data and corrections intact."""
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

import lib.store
from lib.analytics import Filters, key_figures
from lib.corrections import Correction
from lib.ingest import Upload, ingest
from lib.store import Article, RawExtraction, SentenceRow, Store

ROOT = Path(__file__).resolve().parent.parent


def article_text(n: int) -> str:
    return (f"Title: Operation {n}\nDate: 2024-04-{n % 28 + 1:02d}\n\n"
            f"Europol, the Guardia Civil and the French DGSI dismantled network number {n} in Malaga on "
            f"{n % 28 + 1} April 2024. The suspects were handed to Spanish judges.\n")


def complete_articles(store: Store) -> tuple[int, int]:
    """(articles, articles that have all their parts): equal when nothing is half-stored."""
    with store.sessions() as session:
        total = session.scalar(select(func.count(Article.id)))
        whole = session.scalar(select(func.count(func.distinct(Article.id)))
                               .join(RawExtraction, RawExtraction.article_id == Article.id)
                               .join(SentenceRow, SentenceRow.article_id == Article.id))
    return int(total or 0), int(whole or 0)


def test_database_error_on_one_article_leaves_nothing_of_it(store, monkeypatch):
    original = lib.store._write_extraction
    full = {"disk": True}

    def failing(rows, article_id, extraction):  # type: ignore[no-untyped-def]
        original(rows, article_id, extraction)  # its article rows written, then the disk is full
        if full["disk"] and any("network number 1 " in e.sentence for e in extraction.events):
            raise OperationalError("INSERT", {}, Exception("database or disk is full"))

    monkeypatch.setattr(lib.store, "_write_extraction", failing)
    uploads = [Upload(f"a{n}.txt", article_text(n).encode()) for n in range(3)]
    statuses = list(ingest(uploads, store))
    assert [s.status for s in statuses] == ["ingested", "rejected", "ingested"]
    assert "database or disk is full" in statuses[1].detail and "again" in statuses[1].detail
    assert complete_articles(store) == (2, 2)

    full["disk"] = False
    again = list(ingest(uploads, store))
    assert [s.status for s in again] == ["duplicate", "ingested", "duplicate"]
    assert complete_articles(store) == (3, 3)


def test_killed_ingest_leaves_whole_articles_and_a_rerun_completes(tmp_path):
    COUNT = 150
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(COUNT):  # more than one write batch (64): the kill lands between or inside batches
        (folder / f"a{n:03}.txt").write_text(article_text(n), encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'kill.db'}"
    command = [sys.executable, "-m", "lib", "ingest", str(folder), "--db", db]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    seen = 0
    for line in process.stdout:  # type: ignore[union-attr]
        seen += line.startswith("ingested")
        if seen >= 3:
            os.kill(process.pid, signal.SIGKILL)
            break
    process.wait(timeout=60)
    store = Store(db)
    stored, whole = complete_articles(store)
    assert 3 <= stored < COUNT and whole == stored
    rerun = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert complete_articles(store) == (COUNT, COUNT)
    assert f"{COUNT - stored} ingested, {stored} duplicate" in rerun.stdout
    store.dispose()


def test_dashboard_reads_while_two_ingests_write(store, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(12):
        (folder / f"a{n:02}.txt").write_text(article_text(n), encoding="utf-8")
    url = store.engine.url.render_as_string(hide_password=False)
    command = [sys.executable, "-m", "lib", "ingest", str(folder), "--db", url, "--quiet"]
    runs = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    errors: list[Exception] = []
    reads = {"n": 0}

    def read_until_done() -> None:
        while any(run.poll() is None for run in runs):
            try:
                key_figures(store, Filters())
                reads["n"] += 1
            except Exception as error:  # noqa: BLE001 - any failure of a reader is what we look for
                errors.append(error)
            time.sleep(0.05)

    reader = threading.Thread(target=read_until_done)
    reader.start()
    outputs = [run.communicate(timeout=300) for run in runs]
    reader.join()
    assert errors == []
    assert reads["n"] > 0
    for run, (out, err) in zip(runs, outputs):
        assert run.returncode == 0, err
        assert "locked" not in out + err
    assert complete_articles(store) == (12, 12)


def test_restart_keeps_data_and_corrections(tmp_path):
    db = f"sqlite:///{tmp_path / 'restart.db'}"
    first = Store(db)
    list(ingest([Upload("a.txt", article_text(1).encode())], first))
    first.add_correction(Correction("rename", "AGENCY", "DGSI", {"name": "Internal security"}))
    first.dispose()
    again = Store(db)
    assert again.count() == 1
    assert [c.describe() for c, _ in again.corrections()] == ["rename AGENCY 'DGSI' to 'Internal security'"]
    names = dict(again.query(select(lib.store.Entity.key, lib.store.Entity.name)).itertuples(index=False))
    assert names["DGSI"] == "Internal security"
    again.dispose()


@pytest.mark.parametrize("name", ["../../etc/passwd.txt", "/abs/path.txt", "a\x00b\x1f.txt", "x" * 300 + ".txt"])
def test_hostile_file_names_are_only_labels(store, name):
    statuses = list(ingest([Upload(name, article_text(2).encode())], store))
    assert statuses[0].status == "ingested"
    stored = store.frame("articles")["filename"].iloc[0]
    assert "/" not in stored and "\x00" not in stored and len(stored) <= 255
