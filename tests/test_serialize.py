"""The raw extraction kept in the store: JSON out and back, and the exact bytes written."""
import json
from dataclasses import asdict
from pathlib import Path

import pytest

from lib.extraction.extract import extract_documents
from lib.readers import read_path
from lib.serialize import _default, extraction_from_json, extraction_to_json

SAMPLES = sorted(Path(__file__).resolve().parent.parent.joinpath("sample_articles").glob("*.txt"))[:6]


@pytest.fixture(scope="module")
def extractions():
    documents = [d for path in SAMPLES for d in read_path(path).documents]
    return [extraction for _, extraction in extract_documents(documents)]


def test_the_json_is_byte_for_byte_what_asdict_gives(extractions):
    # Stored raw extractions are compared as text (corrections search them): the fast path must
    # write exactly the bytes the dataclasses' own conversion would.
    assert extractions
    for extraction in extractions:
        expected = json.dumps(asdict(extraction), default=_default, ensure_ascii=False, separators=(",", ":"))
        assert extraction_to_json(extraction) == expected


def test_json_reads_back_to_the_same_extraction(extractions):
    for extraction in extractions:
        assert extraction_from_json(extraction_to_json(extraction)) == extraction


def test_hand_made_extraction_round_trips(sample_pair):
    _, extraction = sample_pair
    assert extraction_from_json(extraction_to_json(extraction)) == extraction
