"""Ingest on a Dask cluster (lib/cluster.py): addresses, chunks, streaming, faults, same results.

The worker-process tests start a LocalCluster of two single-threaded processes, as
`--cluster local:2` does; the others use an in-process cluster, which runs the same tasks in
this process (so that a test can make them fail)."""
from __future__ import annotations

import os
import signal
import socket
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from dask.distributed import Client, LocalCluster
from sqlalchemy import func, select

import lib.cluster
from bench.generate_articles import write_articles
from lib.cli import main
from lib.correct import sync_analyst_agencies
from lib.cluster import ClusterAddress, ClusterError, chunks_by_size, connect, parse_cluster, run_on_cluster
from lib.ingest import expand_paths, ingest
from lib.records import Document
from lib.store import Article, Store


@contextmanager
def in_process_cluster(workers: int = 1):
    with (LocalCluster(n_workers=workers, threads_per_worker=1, processes=False, dashboard_address=None) as cluster,
          Client(cluster) as client):
        yield client


def test_cluster_addresses():
    assert parse_cluster("local:3") == ClusterAddress(None, 3)
    assert parse_cluster("tcp://10.0.0.5:8786") == ClusterAddress("tcp://10.0.0.5:8786")
    assert str(parse_cluster("tls://sched.internal:8786")) == "tls://sched.internal:8786"
    for bad in ("local:0", "local:x", "10.0.0.5:8786", "tcp://host", "http://host:8786", ""):
        with pytest.raises(ClusterError, match="--cluster"):
            parse_cluster(bad)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_bad_cluster_is_a_usage_error_in_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(lib.cluster, "CONNECT_SECONDS", 1.0)
    (tmp_path / "a.txt").write_text("The French DGSI met the Spanish CNI in Madrid.", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'c.db'}"
    assert main(["ingest", str(tmp_path / "a.txt"), "--db", db, "--cluster", "nowhere"]) == 2
    assert "--cluster takes local:N" in capsys.readouterr().err
    address = f"tcp://127.0.0.1:{_free_port()}"
    assert main(["ingest", str(tmp_path / "a.txt"), "--db", db, "--cluster", address]) == 2
    err = capsys.readouterr().err
    assert f"no Dask scheduler answered at {address}" in err and "Traceback" not in err
    assert err.count("\n") == 1
    assert main(["ingest", str(tmp_path / "a.txt"), "--db", db, "--cluster", "local:2", "--workers", "2"]) == 2
    assert Store(db).count() == 0


def _document(n: int, size: int = 10) -> Document:
    return Document(f"The French DGSI and the Spanish CNI met in Madrid on {n % 27 + 1} May 2024. " + "x" * size,
                    f"{n}.txt")


def test_chunks_close_once_they_hold_enough_text():
    documents = [_document(n, size=100) for n in range(7)]
    size = len(documents[0].text)
    chunks = list(chunks_by_size(documents, 2 * size))
    assert [len(c) for c in chunks] == [2, 2, 2, 1]
    assert [d for c in chunks for d in c] == documents
    assert [len(c) for c in chunks_by_size(documents, 1)] == [1] * 7


def test_a_small_input_gets_smaller_chunks_so_that_every_worker_has_several():
    assert lib.cluster.chunk_chars_for(10**9, 4) == lib.cluster.CHUNK_CHARS
    assert lib.cluster.chunk_chars_for(1_600_000, 2) == 100_000  # eight chunks a worker
    assert lib.cluster.chunk_chars_for(10, 2) == 1_000


def test_the_client_streams_the_input_with_a_bounded_number_of_chunks_in_flight():
    read: list[int] = []
    threads: set[int] = set()

    def documents():
        for n in range(30):
            read.append(n)
            threads.add(threading.get_ident())
            yield _document(n)

    with in_process_cluster() as client:
        chunks = run_on_cluster(documents(), client, db_url=None, chunk_chars=1, in_flight=3)
        first = next(chunks)
        assert len(read) <= 3 + 1  # the chunks in flight (and the next one looked at), not the whole input
        rest = list(chunks)
    names = [d.filename for done in [first, *rest] for d in done.documents]
    assert names == [f"{n}.txt" for n in range(30)]  # in input order
    assert all(done.extractions and done.extractions[0].agencies for done in [first, *rest])
    assert threads == {threading.get_ident()}  # read in the caller's thread, where progress is reported


def _housekeeping() -> dict[str, object]:
    import dask

    return {key: dask.config.get(key) for key in lib.cluster.QUIET_HOUSEKEEPING}


def test_a_local_cluster_runs_its_workers_with_quiet_housekeeping(monkeypatch):
    # Dask's default rates cost an idle two-worker cluster about 15 % of a core (docs/benchmarks.md).
    monkeypatch.setattr(lib.cluster, "_load_pipelines", lambda languages: None)
    with connect(parse_cluster("local:1")) as client:
        settings = list(client.run(_housekeeping).values())
    assert settings == [lib.cluster.QUIET_HOUSEKEEPING]  # Dask's defaults differ in every key


def test_a_chunk_that_keeps_failing_is_reported_not_stored(tmp_path, monkeypatch, capsys):
    calls: list[int] = []
    real = lib.cluster.extract_batches

    def failing(chunk, *args, **kwargs):
        if any("poison" in d.text for d in chunk):
            calls.append(1)
            raise RuntimeError("the extractor fell over")
        return real(chunk, *args, **kwargs)

    monkeypatch.setattr(lib.cluster, "extract_batches", failing)

    @contextmanager
    def local(where, timeout=None):
        with in_process_cluster() as client:
            yield client

    monkeypatch.setattr(lib.cluster, "connect", local)
    for n in range(3):
        text = f"The French DGSI met the Spanish CNI in Madrid on {n + 1} May 2024. " + "They talked. " * 80
        (tmp_path / f"{n}.txt").write_text(text + (" poison" if n == 1 else ""), encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'c.db'}"
    code = main(["ingest", *(str(tmp_path / f"{n}.txt") for n in range(3)), "--db", db, "--cluster", "local:1",
                 "--chunk-kb", "1"])  # one file a chunk
    out = capsys.readouterr().out
    assert code == 1
    assert len(calls) == 1 + lib.cluster.RETRIES  # tried again, then given up
    assert "rejected  1.txt: not stored: extraction failed on the cluster (RuntimeError: the extractor fell over)" in out
    assert "ingested  0.txt" in out and "ingested  2.txt" in out and "Traceback" not in out
    assert Store(db).count() == 2


def _corpus(folder: Path, count: int) -> list[Path]:
    write_articles(folder, count)
    return expand_paths([folder])


def _workers(client: Client) -> dict[str, int]:
    return client.run(os.getpid)


def _kill_a_busy_worker(client: Client) -> int:
    """SIGKILL a worker process that is running a task (waiting until one is); its pid."""
    while True:
        busy = [address for address, keys in client.processing().items() if keys]
        pids = _workers(client)
        if busy and busy[0] in pids:
            os.kill(pids[busy[0]], signal.SIGKILL)
            return pids[busy[0]]


def _cache_misses() -> int:
    from lib.extraction.nlp import _cached_pipeline

    return _cached_pipeline.cache_info().misses


def test_a_worker_killed_mid_chunk_leaves_every_article_stored_once(store, tmp_path, monkeypatch):
    paths = _corpus(tmp_path / "in", 16)
    if store.engine.dialect.name == "postgresql":
        # The workers store their own chunks: nothing comes back here to be written.
        def not_here(*args, **kwargs):
            raise AssertionError("the client wrote a chunk that a worker should have")

        monkeypatch.setattr(store, "add_articles", not_here)
    sync_analyst_agencies(store)  # as the command line does before it starts a local cluster
    with connect(parse_cluster("local:2")) as client:
        loaded = _cache_misses()  # the pipelines this process built: its forked workers start with them
        statuses, killed = [], None
        for status in ingest(paths, store, cluster=client, chunk_chars=1):  # one article a chunk
            statuses.append(status)
            if killed is None:
                killed = _kill_a_busy_worker(client)
        survivors = _workers(client)
        misses = client.run(_cache_misses)
    assert killed not in survivors.values()
    assert sorted(s.filename for s in statuses) == sorted(p.name for p in paths)
    # A chunk stored just before its worker died is found stored when it runs again.
    assert {s.status for s in statuses} <= {"ingested", "duplicate"}
    with store.sessions() as session:
        stored = session.execute(select(Article.filename, func.count()).group_by(Article.filename)).all()
    assert sorted(stored) == sorted((p.name, 1) for p in paths)
    # No worker built a pipeline, not even the one started again after the kill: none per task.
    assert misses and set(misses.values()) == {loaded}


def test_cluster_workers_and_one_process_store_the_same(tmp_path, capfd):
    from bench.ingest import fresh_sqlite_url, stored_digest

    folder = tmp_path / "in"
    _corpus(folder, 12)
    digests = {}
    for name, extra in (("one", []), ("workers", ["--workers", "2"]),
                        ("cluster", ["--cluster", "local:2", "--chunk-kb", "5"])):
        url = fresh_sqlite_url(tmp_path / f"{name}.db")
        assert main(["ingest", str(folder), "--db", url, "--quiet", *extra]) == 0
        assert Store(url).count() == 12
        digests[name] = stored_digest(url)
    assert digests["cluster"] == digests["one"] == digests["workers"]
    # Dask's own logs (a worker's heartbeat to a scheduler that just closed...) reach no one.
    assert "Traceback" not in capfd.readouterr().err


def test_workers_run_on_a_local_cluster_of_that_many_processes(tmp_path, monkeypatch, capsys):
    asked: list[ClusterAddress] = []

    @contextmanager
    def local(where, timeout=None):
        asked.append(where)
        with in_process_cluster() as client:
            yield client

    monkeypatch.setattr(lib.cluster, "connect", local)
    (tmp_path / "a.txt").write_text("The French DGSI met the Spanish CNI in Madrid on 2 May 2024.", encoding="utf-8")
    assert main(["ingest", str(tmp_path / "a.txt"), "--db", f"sqlite:///{tmp_path / 'c.db'}", "--workers", "3"]) == 0
    assert asked == [ClusterAddress(None, 3)]
    assert "1 ingested" in capsys.readouterr().out
