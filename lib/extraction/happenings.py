"""Happenings: the sentences of one article that report the same thing become one event.

Extraction finds events sentence by sentence (one per sentence and type). An article about a visit
says "visited", "held talks", "met", "discussed intelligence sharing" about one happening; here
those become one event that keeps every evidence sentence, the union of the participants and the
most specific type. Which type absorbs which, and how specific each is, is data:
lib/data/event_types.csv (a visit absorbs its meetings; an agreement signed during a visit stays
its own event, since a visit does not absorb agreements).
"""
from __future__ import annotations

import csv
import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass, replace

from lib.extraction.gazetteer import DATA_DIR
from lib.records import Event, Happening, Span

_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "quarter": 3, "year": 4}


@dataclass(frozen=True)
class EventType:
    type: str
    specificity: int
    absorbs: frozenset[str]
    moves: bool  # its participants go from place to place (a visit, an operation): places may differ
    label: str


@functools.lru_cache(maxsize=1)
def event_types() -> dict[str, EventType]:
    with (DATA_DIR / "event_types.csv").open(encoding="utf-8", newline="") as handle:
        return {
            row["type"]: EventType(row["type"], int(row["specificity"]),
                                   frozenset(filter(None, row["absorbs"].split("|"))),
                                   row["moves"] == "1", row["label"])
            for row in csv.DictReader(handle)
        }


def _known(kind: str) -> EventType:
    return event_types().get(kind) or EventType(kind, 0, frozenset(), False, kind)


def combined_type(a: str, b: str) -> str | None:
    """The type of one happening reported as `a` and as `b`: the same, or the one that absorbs the
    other; None when they are different happenings (an agreement and a visit)."""
    if a == b:
        return a
    if b in _known(a).absorbs:
        return a
    if a in _known(b).absorbs:
        return b
    return None


def specificity(kind: str) -> int:
    return _known(kind).specificity


def moves(kind: str) -> bool:
    return _known(kind).moves


def ranges_meet(a: tuple[dt.date | None, dt.date | None], b: tuple[dt.date | None, dt.date | None],
                slack: int = 0) -> bool:
    """Two date ranges that overlap, `slack` days apart at most; an absent date meets any."""
    if a[0] is None or b[0] is None:
        return True
    a_end, b_end = a[1] or a[0], b[1] or b[0]
    gap = dt.timedelta(days=slack)
    return a[0] <= b_end + gap and b[0] <= a_end + gap


def _date_key(event: Event) -> tuple[int, int]:
    """Written dates before inferred ones, then the most precise."""
    return (1 if event.date_inferred else 0, _PRECISION_RANK.get(event.precision or "", 9) if event.date else 99)


class _Group:
    def __init__(self, event: Event):
        self.events = [event]
        self.type = event.type
        self.participants = list(event.participants)
        self.place = event.location
        self.dated = event  # the member whose date the happening takes

    def takes(self, event: Event) -> str | None:
        kind = combined_type(self.type, event.type)
        if kind is None:
            return None
        if not ranges_meet((self.dated.date, self.dated.date_end), (event.date, event.date_end)):
            return None
        if self.participants and event.participants and not set(self.participants) & set(event.participants):
            return None
        if self.place and event.location and self.place != event.location and not moves(kind):
            return None
        return kind

    def add(self, event: Event, kind: str) -> None:
        self.events.append(event)
        self.type = kind
        self.participants += [p for p in event.participants if p not in self.participants]
        self.place = self.place or event.location
        if _date_key(event) < _date_key(self.dated):
            self.dated = event

    def happening(self) -> Happening:
        typed = max(self.events, key=lambda e: (e.type == self.type, e.confidence))
        first = min(self.events, key=lambda e: e.start)
        evidence = tuple(dict.fromkeys(Span(e.sentence, e.start, e.end) for e in sorted(self.events, key=lambda e: e.start)))
        event = replace(
            first, type=self.type, code=typed.code, date=self.dated.date, date_end=self.dated.date_end,
            precision=self.dated.precision, date_inferred=self.dated.date_inferred,
            participants=tuple(self.participants), location=self.place,
            confidence=max(e.confidence for e in self.events),
        )
        return Happening(event, evidence)


def happenings(events: Sequence[Event]) -> tuple[Happening, ...]:
    """The article's events as happenings, in text order: each event joins the first earlier
    happening it fits (compatible type, meeting dates, a shared participant or none named, the same
    place unless its type moves), else starts its own. The most specific events go first, so that
    meetings are absorbed by the visit they belong to, not the visit by a meeting."""
    groups: list[_Group] = []
    for event in sorted(events, key=lambda e: (-specificity(e.type), e.start)):
        for group in groups:
            kind = group.takes(event)
            if kind is not None:
                group.add(event, kind)
                break
        else:
            groups.append(_Group(event))
    return tuple(sorted((g.happening() for g in groups), key=lambda h: h.event.start))
