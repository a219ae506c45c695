"""Extraction <-> JSON, so the store can keep what the extractor found before any correction.

Corrections are replayed on this raw layer: undoing one, or re-extracting with a new model,
then gives exactly the state the remaining corrections describe.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict
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


def extraction_to_json(extraction: Extraction) -> str:
    return json.dumps(asdict(extraction), default=_default, ensure_ascii=False, separators=(",", ":"))


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
