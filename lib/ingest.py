"""Files in, articles stored: read -> skip duplicates -> extract in batches -> store in batches.

Shared by the command line and the Upload page. It streams: documents flow through
`extract_batches` one batch at a time, so a large archive is never held in memory; each batch is
stored in one transaction (`Store.add_articles`), and its files' fates are reported as soon as it
is stored.
"""
from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError

from lib.correct import sync_analyst_agencies
from lib.outage import DatabaseUnavailable, patiently
from lib.extraction.extract import extract_batches
from lib.readers import SUPPORTED_EXTENSIONS, ReadResult, read_bytes, read_path
from lib.readers.files import display_name
from lib.records import Document, Extraction, ReadError
from lib.store import AddResult, Store, content_hash

if TYPE_CHECKING:  # Dask is imported only by an ingest that uses a cluster
    from dask.distributed import Client

    from lib.cluster import ChunkDone


@dataclass(frozen=True)
class FileStatus:
    """What became of one article (or of one file that yielded none)."""

    filename: str
    status: str  # ingested | duplicate | rejected
    detail: str
    title: str | None = None
    article_id: int | None = None


@dataclass(frozen=True)
class Upload:
    """A file as bytes, e.g. from the browser's file input."""

    name: str
    data: bytes


Source = Path | Upload


@dataclass(frozen=True)
class FoundFiles:
    """The files to read, and the files in the given folders of types Entente does not read."""

    files: list[Path]
    unsupported: list[Path]


def find_files(paths: Iterable[Path]) -> FoundFiles:
    """Folders become the supported files below them (sorted), hidden ones left out; the other files
    there are listed apart, so that the analyst learns what was not read. Named files are kept as
    given (a file of the wrong type is then rejected with its reason)."""
    files: list[Path] = []
    unsupported: list[Path] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        for found in sorted(path.rglob("*")):
            if not found.is_file() or any(part.startswith(".") for part in found.relative_to(path).parts):
                continue
            (files if found.suffix.lower() in SUPPORTED_EXTENSIONS else unsupported).append(found)
    return FoundFiles(files, unsupported)


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """The files `find_files` would read."""
    return find_files(paths).files


def _read(source: Source, published: dt.date | None, source_name: str | None) -> ReadResult:
    if isinstance(source, Upload):
        return read_bytes(source.name, source.data, published=published, source=source_name)
    if not source.exists():
        raise ReadError(source.name, "no such file")
    return read_path(source, published=published, source=source_name)


NOT_STORED = "not stored: the database is unavailable"


def ingest(
    sources: Iterable[Source],
    store: Store,
    *,
    published: dt.date | None = None,
    source_name: str | None = None,
    on_file_done: Callable[[int], None] | None = None,
    batch_size: int = 64,
    workers: int = 1,
    cluster: Client | None = None,
    chunk_chars: int | None = None,
) -> Iterator[FileStatus]:
    """Yield one FileStatus per article or rejected file; `on_file_done(n)` after each file read.

    A bad file never stops the others, and nothing is written for it. A lost database is waited
    for (lib.outage.patiently); if it stays away, every file not stored yet is reported so, and
    running the same ingest again stores them.

    `cluster`: a Dask client; extraction then runs as its tasks, in chunks of about `chunk_chars`
    characters (lib.cluster), and on PostgreSQL the workers store their chunks themselves.
    `workers` > 1 without a cluster: the same on a local cluster of that many processes.
    """
    # Statuses known before their turn wait here, tagged with their file's position, so that
    # the caller sees files in input order even though extraction reads ahead in batches.
    pending: deque[tuple[int, FileStatus]] = deque()
    positions: deque[tuple[int, str]] = deque()  # file position and text hash of each document sent on
    # Hashes of the texts read but not stored yet -> title: a copy among them is a duplicate that the
    # database cannot see yet. Stored ones leave it, so it does not grow with the corpus.
    seen: dict[str, str | None] = {}
    down: list[DatabaseUnavailable] = []  # once the database stayed away for a whole retry window

    def unavailable(filename: str, title: str | None = None) -> FileStatus:
        return FileStatus(filename, "rejected", f"{NOT_STORED} ({down[0].reason}); run the ingest again to store it",
                          title=title)

    try:
        patiently(lambda: sync_analyst_agencies(store))  # the agencies this database's analyst added
    except DatabaseUnavailable as error:
        down.append(error)

    def documents() -> Iterator[Document]:
        for done, item in enumerate(sources, start=1):
            if down:  # not even read: nothing could be stored
                pending.append((done, unavailable(display_name(item.name))))
                if on_file_done:
                    on_file_done(done)
                continue
            try:
                result = _read(item, published, source_name)
            except ReadError as error:
                pending.append((done, FileStatus(error.filename, "rejected", error.reason)))
            except Exception as error:  # a reader bug must not stop the batch
                name = item.name
                reason = f"could not be read ({type(error).__name__}: {error})"
                pending.append((done, FileStatus(name, "rejected", reason)))
            else:
                for row_error in result.errors:
                    pending.append((done, FileStatus(row_error.filename, "rejected", row_error.reason)))
                for document in result.documents:
                    digest = content_hash(document.text)
                    earlier = None
                    try:
                        if not down:
                            earlier = patiently(lambda: _duplicate_of(document, digest, store, seen))
                    except DatabaseUnavailable as error:
                        down.append(error)
                    if down:
                        pending.append((done, unavailable(document.filename, document.title)))
                    elif earlier is not None:
                        pending.append((done, FileStatus(document.filename, "duplicate",
                                                         f"duplicate of {earlier}", title=document.title)))
                    else:
                        positions.append((done, digest))
                        yield document
            if on_file_done:
                on_file_done(done)

    def in_order(outcomes: list[FileStatus]) -> Iterator[FileStatus]:
        """The chunk's statuses, each after those of the files before it (read-ahead left them waiting)."""
        for status in outcomes:
            position, digest = positions.popleft()
            seen.pop(digest, None)
            while pending and pending[0][0] < position:
                yield pending.popleft()[1]
            yield status

    def stored_here(batch: list[tuple[Document, Extraction]]) -> list[FileStatus]:
        # One transaction for the batch; an article the database refuses is reported alone.
        results: list[AddResult | SQLAlchemyError] | None = None
        if not down:
            try:
                results = patiently(lambda: store.add_articles(batch))
            except DatabaseUnavailable as error:
                down.append(error)
        return [unavailable(document.filename, document.title) if results is None
                else _status(document, extraction.note, results[at]) for at, (document, extraction) in enumerate(batch)]

    if cluster is None and workers <= 1:
        for batch in extract_batches(documents(), batch_size=batch_size):
            yield from in_order(stored_here(batch))
    else:
        for done in _on_cluster(documents(), store, cluster, workers, chunk_chars):
            if done.unavailable is not None and not down:
                down.append(DatabaseUnavailable(done.unavailable))
            if done.extractions is not None:
                outcomes = stored_here(list(zip(done.documents, done.extractions, strict=True)))
            elif done.stored is not None and done.notes is not None:
                outcomes = [_status(d, note, result)
                            for d, note, result in zip(done.documents, done.notes, done.stored, strict=True)]
            elif done.failed is not None:
                outcomes = [FileStatus(d.filename, "rejected", f"not stored: extraction failed on the cluster "
                                       f"({done.failed}); run the ingest again to store it", title=d.title)
                            for d in done.documents]
            else:
                outcomes = [unavailable(d.filename, d.title) for d in done.documents]
            yield from in_order(outcomes)
    while pending:
        yield pending.popleft()[1]


def _on_cluster(documents: Iterable[Document], store: Store, cluster: Client | None, workers: int,
                chunk_chars: int | None) -> Iterator[ChunkDone]:
    """The chunks as the cluster's tasks; without a cluster, a local one of `workers` processes
    (--workers N: measured within the noise of the forked pool it replaced, docs/benchmarks.md)."""
    from lib.cluster import CHUNK_CHARS, ClusterAddress, connect, run_on_cluster
    from lib.extraction.gazetteer import analyst_agencies

    if cluster is None:
        with connect(ClusterAddress(None, workers)) as local:
            yield from _on_cluster(documents, store, local, workers, chunk_chars)
        return

    # PostgreSQL is reached by every worker, which stores its own chunks; a SQLite file is this
    # machine's, so its extractions come back here. The workers need the password the URL holds.
    db_url = store.engine.url.render_as_string(hide_password=False) if store.engine.dialect.name != "sqlite" else None
    # The agencies sync_analyst_agencies gave this process, for the workers to extract as it would.
    yield from run_on_cluster(documents, cluster, db_url=db_url, agencies=analyst_agencies(),
                              chunk_chars=chunk_chars or CHUNK_CHARS)


def _status(document: Document, note: str | None, result: AddResult | SQLAlchemyError | str) -> FileStatus:
    """`result`: what the store said, or (from a cluster worker) why the database refused the article."""
    if not isinstance(result, AddResult):
        # The article's transaction was rolled back: nothing of it is stored, and running the
        # same ingest again stores it. Say so, and go on with the next file.
        reason = result if isinstance(result, str) else str(
            result.orig if getattr(result, "orig", None) else result).splitlines()[0]
        return FileStatus(document.filename, "rejected", f"not stored: database error ({reason}); "
                          "run the ingest again to store it", title=document.title)
    if result.status == "duplicate":
        return FileStatus(document.filename, "duplicate", f"duplicate of {_label(result.title)}",
                          title=document.title, article_id=result.article_id)
    detail = "ingested" if not note else f"ingested ({note})"
    return FileStatus(document.filename, "ingested", detail, title=document.title, article_id=result.article_id)


def _label(title: str | None) -> str:
    return f"'{title}'" if title else "an untitled article"


def _duplicate_of(document: Document, digest: str, store: Store, seen: dict[str, str | None]) -> str | None:
    if digest in seen:
        return _label(seen[digest])
    existing = store.find_duplicate(document.text)
    if existing:
        return _label(existing[1])
    seen[digest] = document.title
    return None
