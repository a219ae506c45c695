"""Figure 6: `python -m lib ingest --cluster local:2` against one process, to PostgreSQL, and the
per-article costs that docs/scaling.md projects a large cluster from.

Every ingest is a fresh `python -m lib ingest` process, as a user runs it (model loading and the
local cluster's start included). The PostgreSQL server is ENTENTE_BENCH_POSTGRES_URL's (a server
URL; one database per run is created on it) or a throwaway one started for the figure
(tests/postgres.py: initdb in a temporary folder).
"""
from __future__ import annotations

import os
import pickle
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.ingest import cli_ingest, stored_digest


@contextmanager
def postgres_server() -> Iterator[str]:
    given = os.environ.get("ENTENTE_BENCH_POSTGRES_URL")
    if given:
        yield given
        return
    from tests.postgres import postgres_server as throwaway

    with throwaway() as url:
        yield url


def fresh_postgres_url(server: str, name: str) -> str:
    from tests.postgres import fresh_database

    return fresh_database(server, name)


@dataclass(frozen=True)
class ClusterResult:
    articles: int
    one: float  # seconds, one process
    cluster: float  # seconds, --cluster local:N
    workers: int
    same_results: bool  # the two stores' digests


def cluster_speedup(folder: Path, workers: int = 2) -> ClusterResult:
    count = len(list(folder.glob("*.txt")))
    with postgres_server() as server:
        urls = [fresh_postgres_url(server, f"bench_cluster_{name}") for name in ("one", "cluster")]
        one = cli_ingest(folder, urls[0])
        cluster = cli_ingest(folder, urls[1], "--cluster", f"local:{workers}")
        same = stored_digest(urls[0]) == stored_digest(urls[1])
    return ClusterResult(count, one, cluster, workers, same)


@dataclass(frozen=True)
class ArticleCosts:
    articles: int
    extraction_cpu: float  # CPU seconds per article, in one process with the pipelines loaded
    result_bytes: float  # pickled bytes per article a worker sends back to a SQLite client
    stored_result_bytes: float  # ... and what it sends back when it stored the chunk itself
    document_bytes: float  # pickled bytes per article the client sends
    write_seconds: float  # PostgreSQL write time per article (Store.add_articles, chunks of the cluster's size)
    write_cpu: float  # ... of which the writer's own CPU (SQLAlchemy, rows): what more workers share out
    client_seconds: float  # the client's own work per article: read the file, hash it, ask the database for a copy


def article_costs(folder: Path, limit: int = 300) -> ArticleCosts:
    """Per-article costs measured in this process on the first `limit` articles."""
    from lib.cluster import CHUNK_CHARS, _Result, chunks_by_size
    from lib.extraction.extract import extract_batches
    from lib.extraction.nlp import load_pipeline
    from lib.readers import read_path
    from lib.store import AddResult, Store

    paths = sorted(folder.glob("*.txt"))[:limit]
    documents = [d for path in paths for d in read_path(path).documents]
    for language in ("en", "fr"):
        load_pipeline(language)
    started = time.process_time()
    pairs = [pair for batch in extract_batches(documents) for pair in batch]
    extraction_cpu = (time.process_time() - started) / len(pairs)
    result_bytes = len(pickle.dumps(_Result(extractions=[e for _, e in pairs]))) / len(pairs)
    stored = _Result(notes=[e.note for _, e in pairs], stored=[AddResult("ingested", n, d.title)
                                                                for n, (d, _) in enumerate(pairs)])
    stored_result_bytes = len(pickle.dumps(stored)) / len(pairs)
    document_bytes = len(pickle.dumps(documents)) / len(documents)
    by_text = dict(zip((d.text for d, _ in pairs), pairs, strict=True))
    with postgres_server() as server:
        store = Store(fresh_postgres_url(server, "bench_cluster_writes"))
        started, cpu = time.perf_counter(), time.process_time()
        for chunk in chunks_by_size(documents, CHUNK_CHARS):
            store.add_articles([by_text[d.text] for d in chunk])
        write_seconds = (time.perf_counter() - started) / len(pairs)
        write_cpu = (time.process_time() - cpu) / len(pairs)
        started = time.perf_counter()
        for path in paths:
            for document in read_path(path).documents:
                store.find_duplicate(document.text)  # hashes the text, then one indexed lookup
        client_seconds = (time.perf_counter() - started) / len(pairs)
        store.dispose()
    return ArticleCosts(len(pairs), extraction_cpu, result_bytes, stored_result_bytes, document_bytes, write_seconds,
                        write_cpu, client_seconds)
