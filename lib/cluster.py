"""Extraction as Dask tasks, for corpora beyond one machine (`python -m lib ingest --cluster`).

`--cluster tcp://HOST:8786` sends the work to a running Dask scheduler (`dask scheduler`, with
`dask worker tcp://HOST:8786` on each machine that has Entente's environment installed);
`--cluster local:N` starts a LocalCluster of N single-threaded worker processes on this machine.

The work unit is a chunk of documents (about `CHUNK_CHARS` characters of text). This process, the
client, reads the input and keeps a bounded number of chunks in flight, so a corpus is never held
in memory; chunks come back in input order. Each worker loads its pipelines once: the
`Pipelines` worker plugin loads them when the worker starts (or joins later), and
lib.extraction.nlp keeps them for the life of the process, never per task.

Writes: with PostgreSQL, which every worker can reach, each worker stores its own chunk in its
own transaction (`Store.add_articles`); with SQLite, a file on the client's disk, the extractions
come back and the client stores them as without a cluster. A worker lost mid-chunk has the chunk
run again on another worker by Dask; the database's one row per text keeps a chunk that was
written just before its worker died from being stored twice.
"""
from __future__ import annotations

import functools
import logging
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from dask import config as dask_config
from dask.distributed import Client, Future, LocalCluster, WorkerPlugin, as_completed

from lib.extraction.extract import extract_batches
from lib.extraction.gazetteer import AgencyEntry, set_analyst_agencies
from lib.extraction.language import detect_language
from lib.extraction.nlp import SUPPORTED_LANGUAGES, NoPipelineError, load_pipeline
from lib.outage import DatabaseUnavailable, patiently, reason_of
from lib.records import Document, Extraction
from lib.store import AddResult, Store

CHUNK_CHARS = 256_000  # text per task: enough to keep a worker busy for seconds, small to send
CHUNKS_PER_WORKER = 8  # at least, when the input is small (chunk_chars_for)
RETRIES = 2  # a task that raised is run this many times more before its files are reported
# Workers that may die while running one chunk before Dask gives it up (KilledWorker); the
# scheduler's setting, so it applies to the local cluster (a remote scheduler keeps its own).
ALLOWED_FAILURES = 3
CONNECT_SECONDS = 10.0
# Dask's housekeeping at its default rates (an event-loop check every 20 ms in each server, the
# workers' statistical profiler sampling every 10 ms, memory and system monitors) cost a local
# cluster of two workers about 15 % of a core doing nothing, and more while spaCy's deep stacks are
# sampled; at these rates it costs under 2 % (docs/benchmarks.md, issue 17). No dashboard reads the
# profiles, and a worker's memory is still watched every second.
QUIET_HOUSEKEEPING = {
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.profile.enabled": False,
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
}


class ClusterError(Exception):
    """A --cluster value that names no cluster, or a scheduler that does not answer."""


@dataclass(frozen=True)
class ClusterAddress:
    """Where to run: a scheduler's address, or a local cluster of `local_workers` processes."""

    scheduler: str | None
    local_workers: int = 0

    def __str__(self) -> str:
        return self.scheduler or f"local:{self.local_workers}"


def parse_cluster(text: str) -> ClusterAddress:
    """`local:N` or a scheduler address `tcp://HOST:PORT` (or `tls://`); ClusterError otherwise."""
    value = text.strip()
    if value.startswith("local:"):
        count = value.removeprefix("local:")
        if not count.isdigit() or int(count) < 1:
            raise ClusterError(f"--cluster local:N needs a number of worker processes N of at least 1, not {text!r}")
        return ClusterAddress(None, int(count))
    scheme, separator, rest = value.partition("://")
    host, colon, port = rest.rpartition(":")
    if separator and scheme in ("tcp", "tls") and colon and host and port.isdigit():
        return ClusterAddress(value)
    raise ClusterError(f"--cluster takes local:N or a Dask scheduler's address such as tcp://HOST:8786, not {text!r}")


@contextmanager
def connect(where: ClusterAddress, *, timeout: float | None = None) -> Iterator[Client]:
    """A client of the cluster; a local cluster is started here and stopped afterwards. A scheduler
    that does not answer within `timeout` seconds (CONNECT_SECONDS) is a ClusterError."""
    settings: dict[str, object] = {"distributed.scheduler.allowed-failures": ALLOWED_FAILURES, **QUIET_HOUSEKEEPING}
    if where.scheduler is None:
        # Worker processes forked from this one start with its loaded pipelines (and analyst
        # agencies): N spawned ones would each load them again, a cost that made --workers 2 on a
        # local cluster slower than the forked pool it replaced.
        _load_pipelines(SUPPORTED_LANGUAGES)
        settings["distributed.worker.multiprocessing-method"] = "fork"
    # Dask logs what it recovers from (a worker lost, a heartbeat after the scheduler closed) with
    # tracebacks; the analyst gets each file's status instead.
    dask_logs = logging.getLogger("distributed")
    level = dask_logs.level
    dask_logs.setLevel(logging.CRITICAL)
    try:
        with dask_config.set(settings):
            if where.scheduler is None:
                with (LocalCluster(n_workers=where.local_workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.CRITICAL) as cluster,
                      Client(cluster) as client):
                    yield client
            else:
                yield from _remote(where.scheduler, timeout)
    finally:
        dask_logs.setLevel(level)


def _remote(address: str, timeout: float | None) -> Iterator[Client]:
    try:
        client = Client(address, timeout=timeout or CONNECT_SECONDS)
    except (OSError, TimeoutError, ValueError) as error:
        raise ClusterError(f"no Dask scheduler answered at {address} ({_first_line(error)}); "
                           "start one with `dask scheduler`, or check the address") from None
    with client:
        yield client


def _first_line(error: BaseException) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[0][:200] if lines else type(error).__name__


class Pipelines(WorkerPlugin):
    """Gives each worker, when it starts or joins, the analyst's agencies and its pipelines,
    loaded once for all the tasks it will run."""

    def __init__(self, languages: tuple[str, ...], agencies: tuple[AgencyEntry, ...]):
        self.languages, self.agencies = languages, agencies

    def setup(self, worker) -> None:  # type: ignore[no-untyped-def]
        set_analyst_agencies(list(self.agencies))
        _load_pipelines(self.languages)


def _languages(documents: list[Document]) -> tuple[str, ...]:
    """The supported languages among the documents' (a guess for loading ahead only: results never
    depend on it, a worker loads any other pipeline when a document needs it)."""
    found = {detect_language(d.text) for d in documents}
    return tuple(lang for lang in SUPPORTED_LANGUAGES if lang in found) or SUPPORTED_LANGUAGES[:1]


def _load_pipelines(languages: Iterable[str]) -> None:
    for language in languages:
        try:
            load_pipeline(language)
        except NoPipelineError:
            pass  # each document then says so in its note, as without a cluster


@dataclass(frozen=True)
class ChunkDone:
    """What became of one chunk: extractions for the client to store (SQLite), or what the worker
    stored (PostgreSQL), or why nothing of it was stored."""

    documents: list[Document]
    extractions: list[Extraction] | None = None  # for the client to store
    notes: list[str | None] | None = None  # stored by the worker: each extraction's note ...
    stored: list[AddResult | str] | None = None  # ... and its AddResult, or why the database refused it
    failed: str | None = None  # the chunk kept failing on the cluster: nothing of it was stored
    unavailable: str | None = None  # the worker's database stayed away: nothing of it was stored


@dataclass(frozen=True)
class _Result:
    """What a task sends back: no document (the client has them), extractions only when the
    client stores them."""

    extractions: list[Extraction] | None = None
    notes: list[str | None] | None = None
    stored: list[AddResult | str] | None = None
    unavailable: str | None = None


@functools.lru_cache(maxsize=2)
def _worker_store(url: str) -> Store:
    """One store (one connection pool) per worker process and database."""
    return Store(url)


def extract_chunk(chunk: list[Document], agencies: tuple[AgencyEntry, ...], db_url: str | None) -> _Result:
    """The task: extract the chunk and, given a database URL, store it in one transaction
    (an article the database refuses alone is written apart and reported, as without a cluster)."""
    set_analyst_agencies(list(agencies))  # as the plugin set them: no change, unless a worker missed it
    pairs = [pair for batch in extract_batches(chunk) for pair in batch]
    if db_url is None:
        return _Result(extractions=[extraction for _, extraction in pairs])
    store = _worker_store(db_url)
    notes = [extraction.note for _, extraction in pairs]
    try:
        results = patiently(lambda: store.add_articles(pairs))
    except DatabaseUnavailable as error:
        return _Result(notes=notes, unavailable=error.reason)
    return _Result(notes=notes, stored=[r if isinstance(r, AddResult) else reason_of(r) for r in results])


def chunk_chars_for(total_chars: int, workers: int) -> int:
    """CHUNK_CHARS, or less for an input small enough that it would make fewer than eight chunks
    per worker: the last chunks then leave at most a small share of the run to one worker alone."""
    return max(1_000, min(CHUNK_CHARS, total_chars // (CHUNKS_PER_WORKER * max(1, workers))))


def chunks_by_size(documents: Iterable[Document], chars: int) -> Iterator[list[Document]]:
    """Consecutive documents, a chunk closed once it holds `chars` characters of text."""
    chunk: list[Document] = []
    size = 0
    for document in documents:
        chunk.append(document)
        size += len(document.text)
        if size >= chars:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


@dataclass
class _InFlight:
    """Chunks sent and not handed back yet, by position; those done wait for their turn."""

    documents: dict[int, list[Document]] = field(default_factory=dict)
    futures: dict[Future, int] = field(default_factory=dict)
    done: dict[int, ChunkDone] = field(default_factory=dict)


def run_on_cluster(documents: Iterable[Document], client: Client, *, db_url: str | None,
                   agencies: Iterable[AgencyEntry] = (), chunk_chars: int = CHUNK_CHARS,
                   in_flight: int | None = None) -> Iterator[ChunkDone]:
    """Each chunk of the documents as a Dask task, handed back in input order.

    `db_url`: the database each worker stores its chunks in (PostgreSQL); None to have the
    extractions sent back. At most `in_flight` chunks (twice the workers, plus one) are sent and
    not yet handed back, so the input is read only that far ahead."""
    agencies = tuple(sorted(agencies, key=lambda a: a.id))
    chunks = enumerate(chunks_by_size(documents, max(1, chunk_chars)))
    first = next(chunks, None)
    if first is None:
        return
    workers = len(client.scheduler_info().get("workers", {})) or 1
    limit = in_flight or 2 * workers + 1
    run = uuid.uuid4().hex[:12]
    # Registered under one name per run's settings: a shared cluster may serve several databases.
    client.register_plugin(Pipelines(_languages(first[1]), agencies), name=f"entente-pipelines-{run}")
    state = _InFlight()
    completed = as_completed()
    pending = iter([first])

    def send() -> None:
        nonlocal pending
        while len(state.documents) < limit:
            item = next(pending, None) or next(chunks, None)
            if item is None:
                return
            index, chunk = item
            state.documents[index] = chunk
            try:
                future = client.submit(extract_chunk, chunk, agencies, db_url, key=f"entente-chunk-{run}-{index}",
                                       retries=RETRIES, pure=False)
            except Exception as error:  # noqa: BLE001 - a scheduler gone: the chunk is reported, not raised
                state.done[index] = ChunkDone(chunk, failed=_first_line(error))
                continue
            state.futures[future] = index
            completed.add(future)

    turn = 0
    send()
    while state.documents:
        if turn in state.done:
            yield state.done.pop(turn)
            del state.documents[turn]
            turn += 1
            send()
            continue
        future = next(completed)
        index = state.futures.pop(future)
        state.done[index] = _collect(future, state.documents[index])
        future.release()


def _collect(future: Future, chunk: list[Document]) -> ChunkDone:
    try:
        result: _Result = future.result()
    except Exception as error:  # noqa: BLE001 - a task that kept failing, a worker that kept dying
        return ChunkDone(chunk, failed=f"{type(error).__name__}: {_first_line(error)}")
    return ChunkDone(chunk, extractions=result.extractions, notes=result.notes, stored=result.stored,
                     unavailable=result.unavailable)
