"""The publication date: the file's own claim, else the analyst's, else a dateline. Never today."""
from __future__ import annotations

import datetime as dt
import re

from lib.extraction.dates import parse_date

_LINES_SEARCHED = 4
_LINE_PREFIX_CHARS = 160
_YEAR = re.compile(r"(?<!\d)(?:1[89]\d\d|2[01]\d\d)(?!\d)")

# "Published: 3 June 2024", "Publié le 12 mars 2024", "Posted on June 3, 2024 by ..."
_LABELLED = re.compile(
    r"^\s*(?:published|publication date|posted|publi[ée]e?|mis en ligne|dat[ée]e?)\b"
    r"\s*(?:on|le)?\s*[:\-]?\s*(?P<date>.+)$",
    re.I,
)
# What may follow the date on a labelled line: a byline, an update stamp, a separator.
_AFTER_DATE = re.compile(r"\s+(?:\||•|·|by|par|updated|mis à jour|[-–—])\s.*$", re.I)

# "RABAT, June 29 (Reuters) -", "Paris, le 12 mars 2024 -", "29 June 2024 -", "BRUSSELS, Belgium, 3 June -"
_PLACE = r"[^\W\d_][^\W\d_'’.]*(?:[ '’./\-][^\W\d_]+){0,4}"
_DATELINE = re.compile(
    rf"^\s*(?:{_PLACE}\s*,\s*){{0,2}}(?:le\s+)?"
    r"(?P<date>[^()\n]{3,30}?)"
    r"\s*(?:\([^()\n]{1,40}\)\s*)?[-–—]+\s",
    re.I,
)
_MAX_DATE_WORDS = 6


# Metadata dates before this are a reset clock (PDF "D:00010101", DOS epoch stamps), not a date.
_EARLIEST = dt.date(1900, 1, 1)


def _not_future(day: dt.date | None, today: dt.date) -> dt.date | None:
    return day if day is not None and _EARLIEST <= day <= today else None


def _with_year(chunk: str, today: dt.date) -> dt.date | None:
    """A dated chunk; a year-less one ("June 29") is taken as its latest occurrence up to today.

    The year of a wire dateline is implicit. Analysts mostly upload current news, so the recent
    reading is right most often; for archives the upload date, which comes first, settles it.
    (Years named in the article proved a poor guide: stories cite past years, not their own.)
    """
    day = parse_date(chunk)  # parse_date only answers when the chunk carries its year
    if day is not None or _YEAR.search(chunk):
        return _not_future(day, today)
    for year in (today.year, today.year - 1):
        day = _not_future(parse_date(f"{chunk} {year}"), today)
        if day is not None:
            return day
    return None


def _from_line(line: str, today: dt.date) -> dt.date | None:
    line = line[:_LINE_PREFIX_CHARS]
    labelled = _LABELLED.match(line)
    if labelled:
        value = _AFTER_DATE.sub("", labelled.group("date")).strip(" .,;")
        day = _not_future(parse_date(value), today)
        if day is not None:
            return day
    dateline = _DATELINE.match(line)
    if dateline:
        chunk = dateline.group("date").strip(" ,")
        if any(ch.isdigit() for ch in chunk) and len(chunk.split()) <= _MAX_DATE_WORDS:
            return _with_year(chunk, today)
    return None


def dateline_date(text: str, *, today: dt.date | None = None) -> dt.date | None:
    """A date stated at the start of the text (the first few lines, which may follow a title)."""
    today = today or dt.date.today()
    lines = [line for line in text.split("\n") if line.strip()][:_LINES_SEARCHED]
    for line in lines:
        day = _from_line(line, today)
        if day is not None:
            return day
    return None


def choose_published(
    own: dt.date | None,
    own_origin: str | None,
    upload: dt.date | None,
    text: str,
    *,
    today: dt.date | None = None,
) -> tuple[dt.date | None, str | None]:
    """(date, origin): file metadata/header/column, then the upload date, then a dateline, then None.

    A date from the file that lies in the future or before 1900 is a wrong clock or a typo, so it is
    passed over.
    """
    today = today or dt.date.today()
    if _not_future(own, today) is not None:
        return own, own_origin or "metadata"
    if upload is not None:
        return upload, "upload"
    day = dateline_date(text, today=today)
    return (day, "dateline") if day is not None else (None, None)
