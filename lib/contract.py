"""The JSON shape of one extracted file, as printed by `python -m lib extract --json`.

It is the public contract that scripts, the evaluation and the before-stop check read.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from lib.records import Document, Extraction, Span


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _spans(spans: tuple[Span, ...]) -> list[dict[str, Any]]:
    return [{"text": s.text, "start": s.start, "end": s.end} for s in spans]


def extraction_json(
    file: str, document: Document | None, extraction: Extraction | None, error: str | None = None
) -> dict[str, Any]:
    """One object of the contract; a file that could not be read carries only `error`."""
    ex = extraction or Extraction(language="", model="")
    return {
        "file": file,
        "title": document.title if document else None,
        "published": _iso(document.published) if document else None,
        "language": ex.language or None,
        "error": error,
        "note": ex.note,
        "agencies": [
            {"id": a.id, "name": a.name, "country": a.country, "kind": a.kind, "method": a.method,
             "confidence": a.confidence, "mentions": _spans(a.mentions)}
            for a in ex.agencies
        ],
        "persons": [
            {"name": p.name, "role": p.role, "agency": p.agency, "method": p.method, "confidence": p.confidence,
             "mentions": _spans(p.mentions)}
            for p in ex.persons
        ],
        "countries": [{"code": c.code, "name": c.name, "mentions": _spans(c.mentions)} for c in ex.countries],
        "locations": [
            {"name": loc.name, "country": loc.country, "mentions": _spans(loc.mentions)} for loc in ex.locations
        ],
        "dates": [
            {"text": d.text, "start": _iso(d.start), "end": _iso(d.end), "precision": d.precision}
            for d in ex.dates
        ],
        "events": [
            {
                "type": e.type,
                "code": e.code,
                "date": _iso(e.date),
                "date_end": _iso(e.date_end),
                "precision": e.precision,
                "date_inferred": e.date_inferred,
                "participants": list(e.participants),
                "location": e.location,
                "sentence": e.sentence,
                "start": e.start,
                "end": e.end,
                "confidence": round(e.confidence, 3),
            }
            for e in ex.events
        ],
        "topics": list(ex.topics),
    }
