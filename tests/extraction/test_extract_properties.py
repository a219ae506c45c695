"""Short random texts through the whole extraction: a valid Extraction, never an exception.

Few examples, since every one runs spaCy.
"""
from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib.extraction.extract import extract_document
from lib.readers.cleanup import clean_text
from lib.records import Document

_WORDS = st.sampled_from([
    "DGSI", "DGSN", "Europol", "police", "Interpol", "the", "French", "Moroccan", "minister", "met", "visited",
    "Paris", "Rabat", "on", "June", "26-28", "2024", "Director", "General", "of", "(", ")", ",", ".", "\n\n",
    "M.", "Mr", "le", "directeur", "général", "la", "a", "rencontré", "à", "arrested", "Spain", "Guardia", "Civil",
    "'", "—", "-", "&", "<script>", "e.g.", "U.S.", "Smith", "said", "Frane",
])
_TEXTS = st.one_of(st.lists(_WORDS, min_size=1, max_size=40).map(" ".join), st.text(min_size=1, max_size=120))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=_TEXTS, published=st.one_of(st.none(), st.dates(min_value=dt.date(1990, 1, 1),
                                                           max_value=dt.date(2030, 12, 31))))
def test_extract_document_on_random_text(raw, published):
    text = clean_text(raw) or "x"
    extraction = extract_document(Document(text=text, filename="random.txt", published=published))
    assert isinstance(extraction.language, str)
    for mention in extraction.mentions:
        assert 0 <= mention.start < mention.end <= len(text) and text[mention.start:mention.end] == mention.text
    for sentence in extraction.sentences:
        assert 0 <= sentence.start <= sentence.end <= len(text)
    for event in extraction.events:
        assert event.date_end is None or event.date is None or event.date <= event.date_end
    if extraction.note:
        assert not extraction.mentions  # no pipeline: nothing extracted, and said so
