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
