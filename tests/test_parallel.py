"""Extraction in worker processes: input order kept, input read in the caller's thread and only a
few chunks ahead, same results as in one process."""
import threading

from lib.extraction.extract import extract_batches
from lib.parallel import extract_chunks_in_workers
from lib.records import Document


def _documents(count: int, log: list[tuple[int, int]]):
    for n in range(count):
        log.append((n, threading.get_ident()))
        yield Document(f"The French DGSI and the Spanish CNP met in Madrid on {n % 27 + 1} May 2024.", f"{n}.txt")


def test_workers_stream_the_input_in_order_from_the_callers_thread():
    log: list[tuple[int, int]] = []
    chunks = extract_chunks_in_workers(_documents(40, log), workers=2, chunk_size=2)
    first = next(chunks)
    assert len(log) <= 2 * (2 * 2 + 1)  # a few chunks ahead, not the whole input
    rest = [pair for chunk in chunks for pair in chunk]
    names = [d.filename for d, _ in first + rest]
    assert names == [f"{n}.txt" for n in range(40)]
    assert {ident for _, ident in log} == {threading.get_ident()}


def test_workers_extract_what_one_process_does():
    one = [pair for chunk in extract_batches(_documents(6, []), batch_size=4) for pair in chunk]
    many = [pair for chunk in extract_chunks_in_workers(_documents(6, []), workers=2, chunk_size=4) for pair in chunk]
    assert many == one and any(e.agencies for _, e in many)
