"""Any text the date resolver meets yields valid DateRefs or nothing, never an exception."""
from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from lib.extraction.dates import parse_date, resolve_dates

# Words that reach the resolver's patterns, mixed with anything at all.
_WORDS = st.sampled_from([
    "June", "juin", "mars", "May", "Sept.", "1er", "26", "28", "29th", "-", "–", "to", "au", "et", "and", "2024",
    "1999", "0", "31", "32", "99", "2/30/24", "12.03.2024", "last", "next", "week", "month", "year", "ago", "il",
    "y", "a", "jours", "days", "Tuesday", "mardi", "dernier", "prochain", "yesterday", "hier", "early", "late",
    "in", "on", "le", "début", "fin", "mid-", "Q3", "\n", ",", ".", "(", ")", "ـ", "٢٠٢٤",
])
_TEXTS = st.one_of(st.lists(_WORDS, max_size=25).map(" ".join), st.text(max_size=200))
_REFERENCES = st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
_PRECISIONS = {"day", "week", "month", "year"}


@settings(max_examples=300, deadline=None)
@given(text=_TEXTS, reference=_REFERENCES, language=st.sampled_from(["en", "fr", "ar", ""]))
def test_resolve_dates_yields_valid_refs(text, reference, language):
    for ref in resolve_dates(text, reference, language):
        assert ref.start <= ref.end and ref.precision in _PRECISIONS
        assert ref.char_start is not None and ref.char_end is not None
        assert 0 <= ref.char_start < ref.char_end <= len(text)
        assert text[ref.char_start:ref.char_end] == ref.text


@settings(max_examples=300, deadline=None)
@given(value=_TEXTS)
def test_parse_date_yields_a_plausible_date_or_none(value):
    day = parse_date(value)
    assert day is None or (isinstance(day, dt.date) and 1900 <= day.year <= 2100)
