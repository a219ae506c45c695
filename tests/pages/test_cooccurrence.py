import io
import json

import networkx as nx
import pandas as pd

from lib.ui.text import md_unescape
from lib.analytics import Filters, cooccurrence
from tests.pages.conftest import new_app


def _csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")


def test_empty_database_shows_guidance(db_url):
    at = new_app().run()
    at.switch_page("pages/cooccurrence.py").run()
    assert not at.exception
    assert any("No two agencies" in i.value for i in at.info)


def test_charts_and_downloads_match_the_analytics(filled, downloads):
    at = new_app().run()
    at.switch_page("pages/cooccurrence.py").run()
    assert not at.exception
    heatmap, network, countries = (json.loads(c.proto.spec) for c in at.get("plotly_chart"))
    cells = {tuple(c) for c in heatmap["data"][0]["customdata"]}
    assert ("DGSI", "DGSN") in cells and ("DGSN", "DGSI") in cells
    nodes = {c[0] for t in network["data"] if t.get("mode") == "markers+text" for c in t["customdata"]}
    assert nodes == {"DGSI", "DGSN", "CNP"}
    assert ("FR", "MA") in {tuple(c) for c in countries["data"][0]["customdata"]}

    expected = cooccurrence.pairs(filled, Filters(), window="sentence")
    table = _csv(downloads["agency-pairs-sentence.csv"])
    assert list(zip(table["a"], table["b"], table["count"], strict=True)) == \
        list(zip(expected["a"], expected["b"], expected["count"], strict=True))
    graph = nx.read_gexf(io.BytesIO(downloads["agency-network-sentence.gexf"]))
    assert {tuple(sorted(e)) for e in graph.edges} == {tuple(sorted(p)) for p in zip(expected["a"], expected["b"])}
    assert nx.read_graphml(io.BytesIO(downloads["agency-network-sentence.graphml"])).number_of_edges() == len(expected)
    assert len(_csv(downloads["agency-edges-sentence.csv"])) == len(expected)


def test_window_and_measure_change_the_matrix(filled, downloads):
    at = new_app().run()
    at.switch_page("pages/cooccurrence.py").run()
    at.radio(key="cooc-window").set_value("paragraph").run()
    at.radio(key="cooc-measure").set_value("jaccard").run()
    assert not at.exception
    paragraph = cooccurrence.pairs(filled, Filters(), window="paragraph")
    assert len(_csv(downloads["agency-pairs-paragraph.csv"])) == len(paragraph)
    heatmap = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert "Jaccard" in heatmap["layout"]["title"]["text"]
    values = [float(h.rsplit("Jaccard: ", 1)[1]) for h in heatmap["data"][0]["hovertext"]]
    assert values and all(0 < v <= 1 for v in values)


def test_a_chosen_pair_lists_its_evidence_and_can_narrow_the_filters(filled, downloads):
    at = new_app().run()
    at.switch_page("pages/cooccurrence.py").run()
    at.session_state["cooc-focus"] = ("DGSI", "DGSN")
    at.run()
    assert not at.exception
    assert "Evidence: DGSI and DGSN" in [md_unescape(s.value) for s in at.subheader]
    expected = cooccurrence.evidence(filled, Filters(), "DGSI", "DGSN")
    assert list(_csv(downloads["evidence.csv"])["sentence"]) == list(expected["sentence"])
    assert at.selectbox(key="cooc-article-pick").value in set(expected["article_id"])
    next(b for b in at.button if b.key == "cooc-narrow").click().run()
    assert at.session_state["f_agencies"] == ["DGSI", "DGSN"]
    next(b for b in at.button if b.key == "cooc-clear").click().run()
    assert not any(md_unescape(s.value).startswith("Evidence") for s in at.subheader)


def test_matrix_cells_are_selectable_and_show_their_values(filled):
    at = new_app().run()
    at.switch_page("pages/cooccurrence.py").run()
    heatmap = at.get("plotly_chart")[0]
    assert set(heatmap.proto.selection_mode) >= {0, 1}  # points and box (plotly's enum order)
    cells = json.loads(heatmap.proto.spec)["data"][0]
    assert cells["type"] == "scatter" and cells["marker"]["symbol"] == "square"
    assert cells["mode"] == "markers+text" and set(cells["text"]) <= {"1", "2", "3"}


def test_countries_are_named_and_coloured_alike_on_every_page(filled):
    at = new_app().run()
    bars = json.loads(at.get("plotly_chart")[1].proto.spec)  # the Overview's agencies, by country
    bar_colours = {t["name"]: t["marker"]["color"] for t in bars["data"]}
    at.switch_page("pages/cooccurrence.py").run()
    _, network, countries = (json.loads(c.proto.spec) for c in at.get("plotly_chart"))
    node_colours = {t["name"]: t["marker"]["color"] for t in network["data"] if t.get("mode") == "markers+text"}
    assert {"France (FR)", "Morocco (MA)", "Spain (ES)"} <= set(node_colours)
    assert all(bar_colours[name] == colour for name, colour in node_colours.items())
    assert len(set(node_colours.values())) == len(node_colours)
    assert "France" in countries["layout"]["xaxis"]["ticktext"] and "Morocco" in countries["layout"]["yaxis"]["ticktext"]
    assert any(h.startswith("<b>France (FR)</b> × <b>Morocco (MA)</b>") for h in countries["data"][0]["hovertext"])
