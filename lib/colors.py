"""One colour per agency, country and event type, the same on every page and in every session.

Event types have a fixed map (a small, known vocabulary). Countries get distinct colours from
`country_colors`, given the store's agency countries, so that a chart never shows two countries in
one colour while the palette lasts. Agencies, and countries outside such a map, take their colour
from a stable digest of the value into a fixed palette: Python's own `hash()` changes between
processes, a digest does not.
"""
from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from functools import lru_cache

import plotly.colors

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


@lru_cache(maxsize=None)
def _lab(colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* of an sRGB colour (D65 white), where distances follow how different colours look."""
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    r, g, b = (linear(v / 255) for v in plotly.colors.hex_to_rgb(colour))
    x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047)
    y = f(0.2126 * r + 0.7152 * g + 0.0722 * b)
    z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883)
    return 116 * y - 16, 500 * (x - y), 200 * (y - z)


def _distance(first: str, second: str) -> float:
    return math.dist(_lab(first), _lab(second))


def _spread(colours: Iterable[str]) -> tuple[str, ...]:
    """The colours reordered so that each is as unlike all before it as can be: any first few differ most."""
    left = list(dict.fromkeys(colours))
    ordered = [left.pop(0)]
    while left:
        best = max(left, key=lambda c: min(_distance(c, chosen) for chosen in ordered))
        left.remove(best)
        ordered.append(best)
    return tuple(ordered)


# Colours for countries, readable on white: plotly's Dark24 and Alphabet (without its pale ones).
_PALE = {"#16FF32", "#F7E1A0", "#E2E2E2", "#DEA0FD", "#FEAF16", "#F8A19F", "#1CFFCE", "#2ED9FF", "#FBE426"}
COUNTRY_PALETTE: tuple[str, ...] = _spread(
    [*plotly.colors.qualitative.Dark24, *(c for c in plotly.colors.qualitative.Alphabet if c not in _PALE)])


def country_colors(codes: Iterable[object]) -> dict[str, str]:
    """A colour per country code, in the order given, all different while the palette lasts (41
    colours), the first ones the most unlike. Given every agency country in the store, most named
    first, each keeps its colour on every page whatever the filters."""
    known = list(dict.fromkeys(str(c).upper() for c in codes if not _missing(c)))
    return {code: COUNTRY_PALETTE[i % len(COUNTRY_PALETTE)] for i, code in enumerate(known)}


def label_color(label: object) -> str:
    return LABEL_COLORS.get(str(label), OTHER_LABEL_COLOR)


_BY_KIND = {"event_type": event_type_color, "agency": agency_color, "country": country_color}


def color_map(values: Iterable[object], kind: str) -> dict[str, str]:
    """Value -> colour for a plotly `color_discrete_map`; kind is event_type, agency or country."""
    if kind not in _BY_KIND:
        raise ValueError(f"unknown colour kind {kind!r}; choose from {', '.join(_BY_KIND)}")
    return {str(v): _BY_KIND[kind](v) for v in values}
