"""Extraction spread over worker processes, for large batches on a machine with several cores.

Workers are forked, so each starts with the parent's loaded pipelines and gazetteer (analyst
agencies included) and nothing is loaded twice per batch. Results come back in input order.
"""
from __future__ import annotations

import itertools
import multiprocessing
from collections.abc import Iterable, Iterator

from lib.extract import extract_batches, extract_documents
from lib.records import Document, Extraction


def _extract_chunk(chunk: list[Document]) -> list[tuple[Document, Extraction]]:
    return list(extract_documents(chunk, batch_size=len(chunk)))


def _chunks(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    iterator = iter(documents)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def extract_in_workers(documents: Iterable[Document], *, workers: int, chunk_size: int = 32,
                       warm: tuple[str, ...] = ("en",)) -> Iterator[tuple[Document, Extraction]]:
    """Like `extract_documents`, with `workers` processes; streams (a few chunks in flight at most)."""
    for chunk in extract_chunks_in_workers(documents, workers=workers, chunk_size=chunk_size, warm=warm):
        yield from chunk


def extract_chunks_in_workers(documents: Iterable[Document], *, workers: int, chunk_size: int = 32,
                              warm: tuple[str, ...] = ("en",)) -> Iterator[list[tuple[Document, Extraction]]]:
    """Like `extract_batches`: one list of pairs per chunk of `chunk_size` documents, in input order."""
    if workers <= 1:
        yield from extract_batches(documents, batch_size=chunk_size)
        return
    from lib.nlp import load_pipeline

    for language in warm:  # load before forking, so workers share the model's memory pages
        load_pipeline(language)
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        yield from pool.imap(_extract_chunk, _chunks(documents, chunk_size))
