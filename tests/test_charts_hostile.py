"""Names and text from articles reach plotly, which renders a subset of HTML in hover texts,
labels, legends and tick labels: every such string is escaped, the raw values stay in the data."""
from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from lib import charts

SCRIPT, IMAGE, LINK = "<script>alert(1)</script>", "<img src=x onerror=alert(2)>", '<a href="javascript:alert(3)">x</a>'
# Plotly keys whose strings are data, never drawn as markup (ticks show ticktext instead).
_DATA_KEYS = {"x", "y", "customdata", "tickvals", "categoryarray", "legendgroup", "base", "ids"}
_RAW = ("<script", "<img", "<a ", "<a\n")


def drawn_strings(node: object, key: str = "") -> list[str]:
    if isinstance(node, dict):
        return [s for k, v in node.items() if k not in _DATA_KEYS for s in drawn_strings(v, k)]
    if isinstance(node, (list, tuple)):
        return [s for item in node for s in drawn_strings(item, key)]
    return [node] if isinstance(node, str) else []


def assert_escaped(figure) -> None:  # type: ignore[no-untyped-def]
    strings = drawn_strings(figure.to_plotly_json())
    assert strings
    leaks = [s for s in strings if any(raw in s.lower() for raw in _RAW)]
    assert not leaks, leaks
    assert any("&lt;script&gt;" in s or "&lt;img" in s for s in strings)  # shown, as text


def test_top_bar():
    frame = pd.DataFrame({"id": [SCRIPT, IMAGE, "DGSI"], "name": [LINK, IMAGE, "x"], "country": [IMAGE, None, "FR"],
                          "mentions": [3, 2, 1], "articles": [3, 2, 1]})
    figure = charts.top_bar(frame, label="Agency", title="Agencies")
    assert_escaped(figure)
    assert list(figure.layout.yaxis.categoryarray) == ["DGSI", IMAGE, SCRIPT]  # raw values, for selections


def test_timeline():
    frame = pd.DataFrame({
        "event_id": [1, 2], "article_id": [10, 20], "type": [SCRIPT, "meeting"],
        "date_start": pd.to_datetime(["2024-06-27", "2024-03-01"]), "date_end": pd.to_datetime(["2024-06-27", None]),
        "precision": ["day", "month"], "date_inferred": [False, True], "lane": [IMAGE, LINK],
        "title": [SCRIPT, IMAGE], "participants": [LINK, SCRIPT], "evidence": [IMAGE * 3, LINK],
        "code": [None, None], "location": [SCRIPT, None], "confidence": [0.9, 0.5]})
    assert_escaped(charts.timeline(frame, lane_title=IMAGE))


def test_heatmap_and_network():
    pairs = pd.DataFrame({"a": [SCRIPT, SCRIPT], "b": [IMAGE, LINK], "count": [3, 1]})
    figure = charts.pair_heatmap(charts.square_table(pairs, "count"), measure="count", title="t", axis_label="Agency",
                                 value_label=IMAGE)
    assert_escaped(figure)
    graph = nx.Graph()
    for node in (SCRIPT, IMAGE, LINK):
        graph.add_node(node, name=LINK, country=IMAGE, articles=2)
    graph.add_edge(SCRIPT, IMAGE, weight=2)
    graph.add_edge(IMAGE, LINK, weight=1)
    assert_escaped(charts.network(graph))


@pytest.mark.parametrize("message", [SCRIPT, IMAGE])
def test_empty_figure_message(message):
    assert_escaped(charts.empty_figure(message, title="t"))


# --- escaped exactly once -----------------------------------------------------------------------

QUOTED = 'Bureau "Ouest" d\'O\'Neil & Co'
# Plotly decodes only these named entities (and numeric ones) in what it draws; any other, such as
# &quot;, is shown as typed.
_PLOTLY_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "nbsp": "\xa0", "mu": "μ", "times": "×", "plusmn": "±",
                    "deg": "°"}


def as_plotly_shows(text: str) -> str:
    import re

    without_tags = re.sub(r"<[^>]*>", " ", text)  # Entente's own <b>, <br>, <i>
    return re.sub(r"&(#\d+|#x[\da-fA-F]+|[a-z]+);", lambda m: (
        chr(int(m[1][2:], 16)) if m[1].startswith("#x") else chr(int(m[1][1:])) if m[1].startswith("#")
        else _PLOTLY_ENTITIES.get(m[1], m[0])), without_tags)


def _figures():  # type: ignore[no-untyped-def]
    yield charts.top_bar(pd.DataFrame({"id": [QUOTED], "name": [QUOTED], "country": [QUOTED], "mentions": [1],
                                       "articles": [1]}), label="Agency", title="Agencies")
    yield charts.timeline(pd.DataFrame({
        "event_id": [1], "article_id": [10], "type": ["meeting"], "date_start": pd.to_datetime(["2024-06-27"]),
        "date_end": pd.to_datetime(["2024-06-27"]), "precision": ["day"], "date_inferred": [False],
        "lane": [QUOTED], "title": [QUOTED], "participants": [QUOTED], "evidence": [QUOTED], "code": [None],
        "location": [None], "confidence": [0.9]}))
    pairs = pd.DataFrame({"a": [QUOTED], "b": ["DGSI"], "count": [3]})
    yield charts.pair_heatmap(charts.square_table(pairs, "count"), measure="count", title="t", axis_label="Agency",
                              value_label="Count")
    graph = nx.Graph()
    graph.add_node(QUOTED, name=QUOTED, country="FR", articles=2)
    graph.add_node("DGSI", name="DGSI", country="FR", articles=2)
    graph.add_edge(QUOTED, "DGSI", weight=2)
    yield charts.network(graph)


@pytest.mark.parametrize("figure", list(_figures()), ids=["top_bar", "timeline", "heatmap", "network"])
def test_names_are_escaped_exactly_once(figure):
    shown = [as_plotly_shows(s) for s in drawn_strings(figure.to_plotly_json())]
    assert any(QUOTED in s for s in shown)  # quotes and ampersands read as typed, not as &quot; or &amp;amp;
    assert not [s for s in shown if "&quot;" in s or "&#x27;" in s or "&amp;" in s]
