"""One colour per agency, country and event type, the same on every page and in every session.

Event types have a fixed map (a small, known vocabulary). Agencies and countries are open
sets, so their colour comes from a stable digest of the value into a fixed qualitative
palette: Python's own `hash()` changes between processes, a digest does not.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable

# A qualitative palette of well-separated, mid-saturation colours readable on white.
PALETTE: tuple[str, ...] = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    "#bcbd22", "#393b79", "#e7298a", "#1b9e77", "#e6ab02", "#fb9a99", "#a6cee3", "#333333",
)
NONE_COLOR = "#9e9e9e"  # "(none)", unknown or missing values

EVENT_TYPE_COLORS: dict[str, str] = {
    "meeting": "#1f77b4",
    "visit": "#17becf",
    "agreement": "#2ca02c",
    "training": "#bcbd22",
    "intelligence_sharing": "#9467bd",
    "joint_operation": "#ff7f0e",
    "arrest": "#d62728",
    "judicial_cooperation": "#8c564b",
    "statement": "#7f7f7f",
    "award": "#393b79",
}

# Countries that recur in security-cooperation news get fixed, distinct colours; any other
# country falls back to the stable digest.
COUNTRY_COLORS: dict[str, str] = {
    "INT": "#bcbd22", "EU": "#bcbd22", "FR": "#1f77b4", "MA": "#d62728", "ES": "#ff7f0e", "US": "#393b79",
    "GB": "#9467bd", "DE": "#333333", "NL": "#e6ab02", "BE": "#8c564b", "IT": "#2ca02c", "DZ": "#1b9e77",
    "TN": "#e377c2", "PT": "#17becf", "CH": "#fb9a99", "AE": "#e7298a", "AU": "#a6cee3",
}

# Light tints behind highlighted words in the reader, by mention label; every kind of place
# (Entente's resolved places, the model's GPE, LOC and FAC) shares one.
_PLACE_TINT = "#e6dcf3"
LABEL_COLORS: dict[str, str] = {
    "AGENCY": "#cfe3f7",
    "PERSON": "#fde2c4",
    "COUNTRY": "#d4efd0",
    "LOCATION": _PLACE_TINT, "GPE": _PLACE_TINT, "LOC": _PLACE_TINT, "FAC": _PLACE_TINT,
    "DATE": "#fbf3b8",
    "ORG": "#f7d4dc",
}
OTHER_LABEL_COLOR = "#e8e8e8"


def stable_color(value: str, palette: tuple[str, ...] = PALETTE) -> str:
    """The palette colour of `value`: the same in every process, for every page."""
    digest = hashlib.blake2b(value.encode("utf-8"), digest_size=8).digest()
    return palette[int.from_bytes(digest, "big") % len(palette)]


def _missing(value: object) -> bool:
    return value is None or value != value or str(value).strip() in ("", "(none)")  # NaN != NaN


def event_type_color(event_type: object) -> str:
    if _missing(event_type):
        return NONE_COLOR
    return EVENT_TYPE_COLORS.get(str(event_type), stable_color(f"event:{event_type}"))


def agency_color(agency: object) -> str:
    return NONE_COLOR if _missing(agency) else stable_color(f"agency:{agency}")


def country_color(country: object) -> str:
    if _missing(country):
        return NONE_COLOR
    return COUNTRY_COLORS.get(str(country).upper(), stable_color(f"country:{country}"))


def label_color(label: object) -> str:
    return LABEL_COLORS.get(str(label), OTHER_LABEL_COLOR)


_BY_KIND = {"event_type": event_type_color, "agency": agency_color, "country": country_color}


def color_map(values: Iterable[object], kind: str) -> dict[str, str]:
    """Value -> colour for a plotly `color_discrete_map`; kind is event_type, agency or country."""
    if kind not in _BY_KIND:
        raise ValueError(f"unknown colour kind {kind!r}; choose from {', '.join(_BY_KIND)}")
    return {str(v): _BY_KIND[kind](v) for v in values}
