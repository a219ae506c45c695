"""What one format reader hands back before the shared finishing steps (title, date, source)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


class Unreadable(Exception):
    """Raised by a format reader; the package turns it into a ReadError carrying the file name."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Draft:
    """The text of one article and whatever the file itself says about it."""

    text: str
    title: str | None = None
    published: dt.date | None = None
    # Set with `published`: "metadata", "header" or "column".
    published_origin: str | None = None
    source: str | None = None
    url: str | None = None
