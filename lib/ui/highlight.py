"""Article text with its entity mentions highlighted, as HTML for the reader.

Article text is untrusted (anyone's web page or document): every piece of it, and every
value that goes into an attribute, passes through `html.escape`. Only the markup written
here, with colours from `lib.colors`, is ever emitted unescaped.
"""
from __future__ import annotations

import html
from collections.abc import Iterable, Mapping

from lib.colors import label_color

# The mention types analysts read an article for, by label, in the legend's order. Other labels of the
# model (numbers, amounts, times, nationalities, events, works, "MISC") are not marked.
LABEL_NAMES = {"AGENCY": "Agency", "PERSON": "Person", "COUNTRY": "Country", "LOCATION": "Place", "GPE": "Place",
               "LOC": "Place", "FAC": "Place", "DATE": "Date", "ORG": "Organisation"}


def _as_int(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None


def _spans(text: str, mentions: Iterable[Mapping[str, object]]) -> list[tuple[int, int, Mapping[str, object]]]:
    """Valid spans of the marked types inside the text, in order; of overlapping spans the earlier
    (then longer) wins."""
    candidates = []
    for mention in mentions:
        if mention.get("label") not in LABEL_NAMES:
            continue
        start, end = _as_int(mention.get("start")), _as_int(mention.get("end"))
        if start is None or end is None:
            continue
        start, end = max(0, start), min(len(text), end)
        if start < end:
            candidates.append((start, end, mention))
    candidates.sort(key=lambda c: (c[0], -c[1]))
    kept: list[tuple[int, int, Mapping[str, object]]] = []
    for start, end, mention in candidates:
        if not kept or start >= kept[-1][1]:
            kept.append((start, end, mention))
    return kept


def _tooltip(mention: Mapping[str, object]) -> str:
    parts = [LABEL_NAMES[str(mention.get("label"))]]
    entity = mention.get("entity")
    if isinstance(entity, str) and entity:
        parts.append(entity)
    country = mention.get("country")
    if isinstance(country, str) and country:
        parts.append(f"({country})")
    return " ".join(parts)


def highlight_html(text: str, mentions: Iterable[Mapping[str, object]]) -> str:
    """HTML of `text` with each mention (start, end, label, optional entity/country) marked by type.

    Line breaks are kept through CSS `pre-wrap`, so the text needs no markup of its own.
    """
    pieces = []
    cursor = 0
    for start, end, mention in _spans(text, mentions):
        pieces.append(html.escape(text[cursor:start]))
        colour = label_color(mention.get("label"))
        pieces.append(
            f'<mark style="background:{colour};padding:0 2px;border-radius:3px" '
            f'title="{html.escape(_tooltip(mention), quote=True)}">{html.escape(text[start:end])}</mark>'
        )
        cursor = end
    pieces.append(html.escape(text[cursor:]))
    return ('<div style="white-space:pre-wrap;line-height:1.7;font-size:1rem">' + "".join(pieces) + "</div>")


def legend_html(labels: Iterable[str]) -> str:
    """A row of colour swatches naming each marked type among `labels`, once, in the usual order."""
    present = set(labels)
    first_label = {}  # type name -> the first label of that type present (places have several)
    for label, name in LABEL_NAMES.items():
        if label in present:
            first_label.setdefault(name, label)
    items = []
    for name, label in first_label.items():
        items.append(f'<mark style="background:{label_color(label)};padding:0 6px;border-radius:3px;'
                     f'margin-right:8px">{html.escape(name)}</mark>')
    return '<div style="margin:4px 0 10px 0">' + "".join(items) + "</div>"
