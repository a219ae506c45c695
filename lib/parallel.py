"""Extraction spread over worker processes, for large batches on a machine with several cores.

Workers are forked, so each starts with the parent's loaded pipelines and gazetteer (analyst
agencies included) and nothing is loaded twice per batch. Results come back in input order.
The input is read in this process (the caller's thread, so its progress callbacks stay in it),
a few chunks ahead of the results and no more: a large corpus is never held in memory.
"""
from __future__ import annotations

import itertools
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.pool import AsyncResult

from lib.extraction.extract import extract_batches, extract_documents
from lib.records import Document, Extraction


def _extract_chunk(chunk: list[Document]) -> list[Extraction]:
    # Only the extractions travel back: the parent still has the documents.
    return [extraction for _, extraction in extract_documents(chunk, batch_size=len(chunk))]


def _chunks(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    iterator = iter(documents)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def extract_chunks_in_workers(documents: Iterable[Document], *, workers: int, chunk_size: int = 32,
                              warm: tuple[str, ...] | None = None) -> Iterator[list[tuple[Document, Extraction]]]:
    """Like `extract_batches`: one list of pairs per chunk of `chunk_size` documents, in input order.

    `warm`: the languages whose pipelines to load before forking; by default those of the first
    chunk's documents (a pipeline loaded in the workers is loaded once in each of them)."""
    if workers <= 1:
        yield from extract_batches(documents, batch_size=chunk_size)
        return
    chunks = _chunks(documents, chunk_size)
    first = next(chunks, None)
    if first is None:
        return
    _load_pipelines(warm if warm is not None else _languages(first))
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        in_flight: deque[tuple[list[Document], AsyncResult[list[Extraction]]]] = deque()
        for chunk in itertools.chain([first], chunks):
            in_flight.append((chunk, pool.apply_async(_extract_chunk, (chunk,))))
            if len(in_flight) > 2 * workers:  # enough queued that no worker waits for the next chunk
                yield _pairs(*in_flight.popleft())
        while in_flight:
            yield _pairs(*in_flight.popleft())


def _pairs(chunk: list[Document], result: AsyncResult[list[Extraction]]) -> list[tuple[Document, Extraction]]:
    return list(zip(chunk, result.get(), strict=True))


def _languages(documents: list[Document]) -> tuple[str, ...]:
    """The supported languages among the documents' (a guess for warming only: results never depend on it)."""
    from lib.extraction.language import detect_language
    from lib.extraction.nlp import SUPPORTED_LANGUAGES

    found = {detect_language(d.text) for d in documents}
    return tuple(lang for lang in SUPPORTED_LANGUAGES if lang in found) or SUPPORTED_LANGUAGES[:1]


def _load_pipelines(languages: Iterable[str]) -> None:
    from lib.extraction.nlp import NoPipelineError, load_pipeline

    for language in languages:
        try:
            load_pipeline(language)
        except NoPipelineError:
            pass  # each document then says so in its note, as without workers
