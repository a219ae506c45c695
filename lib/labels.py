"""Human labels for the stable codes Entente stores: agency kinds, event types, topics, countries.

The codes stay in the database, the URL and every download; the dashboard shows these labels.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import pandas as pd
import pycountry

from lib.export import whole_days_as_dates

AGENCY_KIND_LABELS: dict[str, str] = {
    "border_customs": "border and customs",
    "counter_terrorism": "counter-terrorism",
}
# Codes that are not ISO 3166 countries but stand where a country would.
OTHER_COUNTRIES: dict[str, str] = {"INT": "International", "EU": "European Union", "XK": "Kosovo"}


def code_label(code: object) -> str:
    """A snake_case code in words: "joint_operation" -> "joint operation"."""
    return str(code).replace("_", " ")


def agency_kind_label(code: object) -> str:
    return AGENCY_KIND_LABELS.get(str(code), code_label(code))


@lru_cache(maxsize=512)
def country_name(code: object) -> str:
    """The short English name of a country code ("FR" -> "France", "KR" -> "South Korea"); the code
    itself when it names no country."""
    text = str(code).strip().upper()
    if text in OTHER_COUNTRIES:
        return OTHER_COUNTRIES[text]
    country = pycountry.countries.get(alpha_2=text) if len(text) == 2 else None
    if country is None:
        return str(code)
    return getattr(country, "common_name", None) or country.name


def country_label(code: object) -> str:
    """A country's name with its code, for legends and hovers: "France (FR)"."""
    name = country_name(code)
    return name if name == str(code) else f"{name} ({code})"


# Table columns that hold codes, with how each reads (the column names are the stable ones of the downloads).
_CODED_COLUMNS: dict[str, Callable[[object], str]] = {"kind": agency_kind_label, "type": code_label,
                                                      "topic": code_label}


def readable(frame: pd.DataFrame) -> pd.DataFrame:
    """A table as the dashboard shows it: codes in words, dates as dates, times to the second.
    Its downloads keep the codes (and the dates, as ISO dates)."""
    shown = whole_days_as_dates(frame)
    changed = {column: shown[column].map(label, na_action="ignore")
               for column, label in _CODED_COLUMNS.items() if column in shown.columns}
    changed |= {column: shown[column].dt.floor("s") for column in shown.columns
                if pd.api.types.is_datetime64_any_dtype(shown[column])}
    return shown.assign(**changed) if changed else shown
