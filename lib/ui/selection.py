"""Click-to-filter: turn a plotly chart selection into filter values.

Streamlit forbids changing a widget's value after it was drawn in the same run, so the
sidebar filters can only be narrowed from an `on_select` callback (callbacks run before the
script). Charts carry the values to filter on in plotly `customdata`; the callbacks here read
the selection from `st.session_state[chart_key]`.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st

from lib.ui.links import open_article
from lib.ui.sidebar import narrow


def selected_points(state: object) -> list[Mapping[str, object]]:
    """The points of a chart's selection state (clicked, boxed or lassoed); [] when none."""
    if not isinstance(state, Mapping):
        return []
    selection = state.get("selection")
    if not isinstance(selection, Mapping):
        return []
    points = selection.get("points") or []
    return [p for p in points if isinstance(p, Mapping)]


def custom_value(point: Mapping[str, object], index: int = 0) -> object:
    """Item `index` of a point's customdata (plotly sends a scalar when there is a single item)."""
    data = point.get("customdata")
    if isinstance(data, (list, tuple)):
        return data[index] if index < len(data) else None
    return data if index == 0 else None


def custom_values(state: object, index: int = 0) -> list[str]:
    """Distinct customdata items of the selected points, in selection order, as strings."""
    values: dict[str, None] = {}
    for point in selected_points(state):
        value = custom_value(point, index)
        if value is not None and str(value) not in ("", "(none)", "nan"):
            values[str(value)] = None
    return list(values)


def narrow_from_chart(chart_key: str, field: str, index: int = 0) -> Callable[[], None]:
    """An `on_select` callback that adds the selected points' customdata[index] to filter `field`."""

    def callback() -> None:
        values = custom_values(st.session_state.get(chart_key), index)
        if values:
            narrow(field, values)

    return callback


def selected_pair(state: object) -> tuple[str, str | None] | None:
    """The (a, b) carried by the first selected point's customdata; b is None for a single entity."""
    points = selected_points(state)
    if not points:
        return None
    a, b = custom_value(points[0], 0), custom_value(points[0], 1)
    if a is None or str(a) == "":
        return None
    return str(a), (str(b) if b not in (None, "") else None)


def open_or_narrow(chart_key: str, *, article_index: int, field: str, field_index: int) -> Callable[[], None]:
    """An `on_select` callback: one point opens its article in the reader; several (box or lasso)
    add their customdata[field_index] to filter `field`."""
    def callback() -> None:
        state = st.session_state.get(chart_key)
        if len(selected_points(state)) == 1:
            article = custom_values(state, article_index)
            if article:
                open_article(int(float(article[0])))
        else:
            narrow_from_chart(chart_key, field, field_index)()

    return callback
