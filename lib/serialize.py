"""Extraction <-> JSON, so the store can keep what the extractor found before any correction.

Corrections are replayed on this raw layer: undoing one, or re-extracting with a new model,
then gives exactly the state the remaining corrections describe.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import fields, is_dataclass
from typing import Any

from lib.records import (
    Agency,
    Country,
    DateRef,
    Event,
    Extraction,
    Location,
    Mention,
    Person,
    Sentence,
    Span,
)


def _default(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _plain(value: object) -> object:
    """Records as dicts in field order, tuples as lists: what `dataclasses.asdict` gives, without
    its deep copy of every value (the JSON of 200 generated articles: 0.19 s -> 0.12 s)."""
    if isinstance(value, (tuple, list)):
        return [_plain(item) for item in value]
    if is_dataclass(value) and not isinstance(value, type):
        return {name: _plain(getattr(value, name)) for name in _field_names(type(value))}
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def extraction_to_json(extraction: Extraction) -> str:
    return json.dumps(_plain(extraction), default=_default, ensure_ascii=False, separators=(",", ":"))


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _spans(items: list[dict[str, Any]]) -> tuple[Span, ...]:
    return tuple(Span(**s) for s in items)


def extraction_from_json(data: str) -> Extraction:
    raw = json.loads(data)
    return Extraction(
        language=raw["language"],
        model=raw["model"],
        sentences=tuple(Sentence(**s) for s in raw["sentences"]),
        mentions=tuple(Mention(**m) for m in raw["mentions"]),
        agencies=tuple(Agency(**{**a, "mentions": _spans(a["mentions"])}) for a in raw["agencies"]),
        persons=tuple(Person(**{**p, "mentions": _spans(p["mentions"])}) for p in raw["persons"]),
        countries=tuple(Country(**{**c, "mentions": _spans(c["mentions"])}) for c in raw["countries"]),
        locations=tuple(Location(**{**loc, "mentions": _spans(loc["mentions"])}) for loc in raw["locations"]),
        dates=tuple(DateRef(**{**d, "start": _date(d["start"]), "end": _date(d["end"])}) for d in raw["dates"]),
        events=tuple(
            Event(**{**e, "date": _date(e["date"]), "date_end": _date(e["date_end"]),
                     "participants": tuple(e["participants"])})
            for e in raw["events"]
        ),
        topics=tuple(raw["topics"]),
        note=raw.get("note"),
    )
