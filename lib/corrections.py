"""The analyst's corrections, as values, and how one rewrites an extraction.

Corrections form an ordered log. Applying the log, in order, to what the extractor found gives
what Entente shows; so a correction holds for articles ingested later, survives re-extraction
with a new model, and undoing one is replaying the log without it.

Operations (kind is the entity type: AGENCY, PERSON, COUNTRY, LOCATION, or ORG for plain names):
- merge A into B            value: {"into": B, "name", "country", "agency_kind": attributes of B}
- rename A                  value: {"name": new display name}; a person or place is renamed by merging
- relabel A                 value: {"to": new kind or "" for "not an entity", "key", "name", "country",
                                    "agency_kind"}
- set_agency A              value: {"country", "agency_kind"} (either may be absent)
- delete_mention A          value: {"article": content hash, "start", "end"}: one mention in one article
- add_agency A              value: {"name", "country", "agency_kind", "aliases": [...]}: a new agency for
                            the matcher; it changes what the extractor finds, not this rewrite.
- merge_stories (STORY)     value: {"reports": [{"article": content hash, "start"}, ...]}: the stories of
                            these reports are one happening
- split_story (STORY)       value: {"reports": [...]}: these reports are a happening of their own
The two story operations change the grouping of events into stories (lib/stories.py), not an
article's extraction.
"""
from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from lib.correction_schema import (  # noqa: F401  (the vocabularies, re-exported for the forms)
    AGENCY_KINDS,
    ENTITY_KINDS,
    KINDS,
    OPS,
    STORY_OPS,
    InvalidRecord,
    check_record,
    value_of,
)
from lib.records import Agency, Country, Event, Extraction, Location, Mention, Person, Span


@dataclass(frozen=True)
class Correction:
    op: str
    kind: str
    target: str
    value: Mapping[str, Any] = field(default_factory=dict)
    note: str | None = None
    id: int | None = None
    created_at: dt.datetime | None = None
    # Why a stored record does not fit its declared shape (written by an older version, or by
    # hand); such a record is shown and can be undone or deleted, but never applied.
    problem: str | None = None

    def identity(self) -> tuple[str, str, str, str]:
        """What makes two corrections the same change (for idempotent imports)."""
        import json

        return (self.op, self.kind, self.target, json.dumps(dict(self.value), sort_keys=True, default=str))

    def describe(self) -> str:
        if self.problem:
            return f"invalid {str(self.op)[:20]} record for {str(self.target)[:80]!r}: {self.problem}"
        v = self.value
        return {
            "merge": lambda: f"merge {self.kind} {self.target!r} into {v.get('into')!r}",
            "rename": lambda: f"rename {self.kind} {self.target!r} to {v.get('name')!r}",
            "relabel": lambda: (f"{self.kind} {self.target!r} is not an entity" if not v.get("to")
                                else f"relabel {self.kind} {self.target!r} as {v.get('to')}"),
            "set_agency": lambda: f"set agency {self.target!r}: " + ", ".join(
                f"{k}={v[k]}" for k in ("country", "agency_kind") if v.get(k)),
            "delete_mention": lambda: f"delete one mention of {self.kind} {self.target!r} "
                                      f"(characters {v.get('start')}-{v.get('end')})",
            "add_agency": lambda: f"add agency {self.target!r} ({v.get('country') or 'no country'}) "
                                  f"with names {', '.join(v.get('aliases') or []) or '-'}",
            "merge_stories": lambda: f"merge the stories of {len(v.get('reports') or [])} reports ({self.target})",
            "split_story": lambda: f"split {len(v.get('reports') or [])} report(s) into a story of their own "
                                   f"({self.target})",
        }[self.op]()


class CorrectionError(ValueError):
    """A correction that cannot be made; the message says why, for the analyst."""


def validate(correction: Correction) -> Correction:
    """The correction checked against its declared shape (lib/correction_schema.py) and cleaned
    (names trimmed, empty fields dropped); CorrectionError says which field is wrong and why."""
    try:
        record = check_record({"op": correction.op, "kind": correction.kind, "target": correction.target,
                               "value": dict(correction.value), "note": correction.note})
    except InvalidRecord as error:
        raise CorrectionError(str(error)) from None
    return replace(correction, kind=record.kind, target=record.target, value=value_of(record), note=record.note)


# --- rewriting an extraction ---------------------------------------------------------------------

def _matches(mention: Mention, kind: str, target: str) -> bool:
    if mention.label != kind:
        return False
    return mention.key == target or (mention.key is None and mention.text == target)


def _spans_of(mentions: Iterable[Mention]) -> tuple[Span, ...]:
    return tuple(Span(m.text, m.start, m.end) for m in mentions)


def _swap_participant(events: tuple[Event, ...], old: str, new: str | None) -> tuple[Event, ...]:
    out = []
    for event in events:
        if old in event.participants:
            names = [new if p == old else p for p in event.participants]
            event = replace(event, participants=tuple(dict.fromkeys(p for p in names if p)))
        out.append(event)
    return tuple(out)


def _entries(ex: Extraction, kind: str) -> tuple:  # type: ignore[type-arg]
    return {"AGENCY": ex.agencies, "PERSON": ex.persons, "COUNTRY": ex.countries,
            "LOCATION": ex.locations}.get(kind, ())


def _key(entry: object) -> str:
    return getattr(entry, "id", None) or getattr(entry, "code", None) or getattr(entry, "name")


def _with_entries(ex: Extraction, kind: str, entries: Iterable[object]) -> Extraction:
    field_name = {"AGENCY": "agencies", "PERSON": "persons", "COUNTRY": "countries", "LOCATION": "locations"}
    return replace(ex, **{field_name[kind]: tuple(entries)}) if kind in field_name else ex


# How an entity the analyst made or named was found: it is as sure as an entity can be.
BY_THE_ANALYST = "analyst correction"


def _new_entry(kind: str, key: str, value: Mapping[str, Any], spans: tuple[Span, ...]) -> object:
    if kind == "AGENCY":
        return Agency(key, value.get("name") or key, value.get("country"), value.get("agency_kind"), spans,
                      BY_THE_ANALYST, 1.0)
    if kind == "PERSON":
        return Person(key, None, None, spans, BY_THE_ANALYST, 1.0)
    if kind == "COUNTRY":
        return Country(key, value.get("name") or key, spans)
    return Location(key, value.get("country"), spans)


def _merge_entry(kind: str, into: object | None, old: object, key: str, value: Mapping[str, Any]) -> object:
    """`old` folded into `into` (or renamed to `key` when this article has no `into` yet)."""
    spans = tuple(dict.fromkeys((*(into.mentions if into else ()), *old.mentions)))  # type: ignore[attr-defined]
    if kind == "PERSON":
        base = into or old
        return Person(key, base.role or old.role, base.agency or old.agency, spans,  # type: ignore[attr-defined]
                      BY_THE_ANALYST, 1.0)
    if into is not None:
        return replace(into, mentions=spans)
    return _new_entry(kind, key, {**_attributes(old), **{k: v for k, v in value.items() if v}}, spans)


def _attributes(entry: object) -> dict[str, Any]:
    if isinstance(entry, Agency):
        return {"name": entry.name, "country": entry.country, "agency_kind": entry.kind}
    if isinstance(entry, Country):
        return {"name": entry.name}
    if isinstance(entry, Location):
        return {"country": entry.country}
    return {}


def _merge(ex: Extraction, c: Correction, _article: str | None) -> Extraction:
    into = str(c.value["into"])
    old = next((e for e in _entries(ex, c.kind) if _key(e) == c.target), None)
    mentions = tuple(replace(m, key=into) if _matches(m, c.kind, c.target) else m for m in ex.mentions)
    ex = replace(ex, mentions=mentions, events=_swap_participant(ex.events, c.target, into))
    if c.kind == "AGENCY":
        ex = replace(ex, persons=tuple(replace(p, agency=into) if p.agency == c.target else p for p in ex.persons))
    if old is None:
        return ex
    current = next((e for e in _entries(ex, c.kind) if _key(e) == into), None)
    merged = _merge_entry(c.kind, current, old, into, c.value)
    entries = [e for e in _entries(ex, c.kind) if _key(e) not in (c.target, into)]
    return _with_entries(ex, c.kind, [*entries, merged])


def _rename(ex: Extraction, c: Correction, article: str | None) -> Extraction:
    name = str(c.value["name"]).strip()
    if c.kind in ("PERSON", "LOCATION"):  # their name is their identity: renaming is merging
        return _merge(ex, replace(c, value={"into": name}), article)
    entries = [replace(e, name=name) if _key(e) == c.target else e for e in _entries(ex, c.kind)]
    return _with_entries(ex, c.kind, entries)


def _relabel(ex: Extraction, c: Correction, _article: str | None) -> Extraction:
    to = c.value.get("to") or ""
    chosen = [m for m in ex.mentions if _matches(m, c.kind, c.target)]
    kept = tuple(m for m in ex.mentions if not _matches(m, c.kind, c.target))
    ex = _with_entries(ex, c.kind, [e for e in _entries(ex, c.kind) if _key(e) != c.target])
    if not to:
        ex = replace(ex, mentions=kept, events=_swap_participant(ex.events, c.target, None))
        if c.kind == "AGENCY":
            ex = replace(ex, persons=tuple(replace(p, agency=None) if p.agency == c.target else p
                                           for p in ex.persons))
        return ex
    key = str(c.value.get("key") or c.target)
    moved = tuple(replace(m, label=to, key=key) for m in chosen)
    # Re-sorted only when mentions moved: a correction that finds nothing leaves the extraction as it was.
    mentions = tuple(sorted((*kept, *moved), key=lambda m: (m.start, m.end))) if moved else ex.mentions
    ex = replace(ex, mentions=mentions, events=_swap_participant(ex.events, c.target, key))
    if not moved:
        return ex
    existing = next((e for e in _entries(ex, to) if _key(e) == key), None)
    spans = tuple(dict.fromkeys((*(existing.mentions if existing else ()), *_spans_of(moved))))  # type: ignore[attr-defined]
    entry = replace(existing, mentions=spans) if existing else _new_entry(to, key, c.value, spans)
    return _with_entries(ex, to, [*(e for e in _entries(ex, to) if _key(e) != key), entry])


def _set_agency(ex: Extraction, c: Correction, _article: str | None) -> Extraction:
    changes = {k: c.value[v] for k, v in (("country", "country"), ("kind", "agency_kind")) if c.value.get(v)}
    return replace(ex, agencies=tuple(replace(a, **changes) if a.id == c.target else a for a in ex.agencies))


def _delete_mention(ex: Extraction, c: Correction, article: str | None) -> Extraction:
    if article != c.value["article"]:
        return ex
    start, end = int(c.value["start"]), int(c.value["end"])
    gone = [m for m in ex.mentions if _matches(m, c.kind, c.target) and (m.start, m.end) == (start, end)]
    if not gone:
        return ex
    ex = replace(ex, mentions=tuple(m for m in ex.mentions if m not in gone))
    if any(_matches(m, c.kind, c.target) for m in ex.mentions):
        entries = [replace(e, mentions=tuple(s for s in e.mentions if (s.start, s.end) != (start, end)))
                   if _key(e) == c.target else e for e in _entries(ex, c.kind)]
        return _with_entries(ex, c.kind, entries)
    # Its last mention here: the entity leaves this article altogether.
    return _relabel(ex, replace(c, value={"to": ""}), article)


def _no_rewrite(ex: Extraction, _c: Correction, _article: str | None) -> Extraction:
    return ex


_APPLY: dict[str, Callable[[Extraction, Correction, str | None], Extraction]] = {
    "merge": _merge, "rename": _rename, "relabel": _relabel, "set_agency": _set_agency,
    "delete_mention": _delete_mention, "add_agency": _no_rewrite,
    "merge_stories": _no_rewrite, "split_story": _no_rewrite,
}


def apply_corrections(extraction: Extraction, corrections: Iterable[Correction], *,
                      article: str | None = None) -> Extraction:
    """The extraction as the analyst's corrections, in order, make it. `article` is the
    article's content hash, which corrections of a single mention name."""
    for correction in corrections:
        extraction = _APPLY[correction.op](extraction, correction, article)
    return extraction


def _names(ex: Extraction) -> set[str]:
    """Every string a correction's target can match in the extraction: mention keys and texts,
    entries' keys, event participants and people's agencies."""
    names = {m.text for m in ex.mentions} | {m.key for m in ex.mentions if m.key}
    names.update(_key(e) for kind in ENTITY_KINDS for e in _entries(ex, kind))
    names.update(p for e in ex.events for p in e.participants)
    names.update(p.agency for p in ex.persons if p.agency)
    return names


def introduced_names(c: Correction) -> tuple[str, ...]:
    """The names a correction can give an extraction, which later corrections may then target."""
    if c.op == "merge":
        return (str(c.value["into"]),)
    if c.op == "relabel" and c.value.get("to"):
        return (str(c.value.get("key") or c.target),)
    if c.op == "rename" and c.kind in ("PERSON", "LOCATION"):
        return (str(c.value["name"]).strip(),)
    return ()


class Replay:
    """The log prepared for replaying on many extractions, with the result of `apply_corrections`
    at a cost that does not grow with the log: a correction whose target an extraction does not
    name changes nothing there, so each extraction meets only the corrections that target a name
    it has, or comes to have as earlier corrections rewrite it, in log order."""

    def __init__(self, corrections: Iterable[Correction]):
        self.corrections = list(corrections)
        self._by_target: dict[str, list[int]] = {}
        for position, correction in enumerate(self.corrections):
            self._by_target.setdefault(correction.target, []).append(position)

    def __len__(self) -> int:
        return len(self.corrections)

    def apply(self, extraction: Extraction, *, article: str | None = None) -> Extraction:
        due = [p for name in _names(extraction) for p in self._by_target.get(name, ())]
        heapq.heapify(due)
        last = -1
        while due:
            position = heapq.heappop(due)
            if position <= last:
                continue
            last = position
            correction = self.corrections[position]
            extraction = _APPLY[correction.op](extraction, correction, article)
            for name in introduced_names(correction):
                for later in self._by_target.get(name, ()):
                    if later > position:
                        heapq.heappush(due, later)
        return extraction
