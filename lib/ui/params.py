"""The URL's query parameters, parsed and bounded in one place. A link is untrusted (anyone can
craft one): each value must fit what the widget it fills accepts, and a value that does not is
dropped with a note the page shows, instead of breaking the widget or the query behind it."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

# The date inputs' range; the sidebar's widgets use the same bounds.
DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(2100, 12, 31)
MAX_SEARCH_CHARS = 500
MAX_VALUE_CHARS = 300  # the store's longest key
MAX_VALUES = 50  # per multi-valued filter
MAX_ID = 2**63 - 1  # SQLite's and PostgreSQL's largest integer
DATE_BASES = ("published", "event")

GetAll = Callable[[str], list[str]]


@dataclass(frozen=True)
class FromUrl:
    """Filter values a URL sets (by Filters field) and a note for each value it had to drop."""

    values: dict[str, object] = field(default_factory=dict)
    notes: tuple[str, ...] = ()


def _shown(value: str) -> str:
    return value if len(value) <= 40 else value[:40] + "…"


def _date(name: str, raw: str | None, notes: list[str]) -> dt.date | None:
    if not raw:
        return None
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        notes.append(f"{name}={_shown(raw)} is not a date (YYYY-MM-DD): ignored.")
        return None
    if not DATE_MIN <= day <= DATE_MAX:
        notes.append(f"{name}={raw} is outside {DATE_MIN} to {DATE_MAX}: ignored.")
        return None
    return day


def _last(get_all: GetAll, name: str) -> str | None:
    values = get_all(name)
    return values[-1] if values else None


def read_filters(get_all: GetAll, list_params: Iterable[tuple[str, str]]) -> FromUrl:
    """The filters of a URL. `get_all(name)` gives a parameter's values; `list_params` pairs each
    multi-valued Filters field with its parameter name."""
    notes: list[str] = []
    values: dict[str, object] = {}
    for field_name, param in list_params:
        given = get_all(param)
        kept = [v for v in given if 0 < len(v) <= MAX_VALUE_CHARS]
        if len(kept) < len(given):
            notes.append(f"{len(given) - len(kept)} {param} value(s) empty or over {MAX_VALUE_CHARS} characters: "
                         "ignored.")
        if len(kept) > MAX_VALUES:
            notes.append(f"{len(kept)} {param} values: only the first {MAX_VALUES} are used.")
        values[field_name] = list(dict.fromkeys(kept[:MAX_VALUES]))
    values["date_from"] = _date("from", _last(get_all, "from"), notes)
    values["date_to"] = _date("to", _last(get_all, "to"), notes)
    basis = _last(get_all, "basis")
    if basis and basis not in DATE_BASES:
        notes.append(f"basis={_shown(basis)} is not one of {', '.join(DATE_BASES)}: ignored.")
    values["date_basis"] = basis if basis in DATE_BASES else "published"
    search = _last(get_all, "q") or ""
    if len(search) > MAX_SEARCH_CHARS:
        notes.append(f"the search in the link ({len(search):,} characters) was cut to {MAX_SEARCH_CHARS}.")
        search = search[:MAX_SEARCH_CHARS]
    values["search"] = search
    values["sure_only"] = _last(get_all, "unsure") != "1"  # the model's unsure entities shown only on request
    return FromUrl(values, tuple(notes))


def read_id(get_all: GetAll, name: str) -> tuple[int | None, str | None]:
    """A record number from the URL (an article's), or None and why it was dropped."""
    raw = _last(get_all, name)
    if raw is None or raw == "":
        return None, None
    if raw.isascii() and raw.isdigit() and len(raw) <= 19 and 0 < int(raw) <= MAX_ID:
        return int(raw), None
    return None, f"{name}={_shown(raw)} is not a valid number: ignored."
