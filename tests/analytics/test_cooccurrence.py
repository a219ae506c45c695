import math

import pytest

from lib.analytics import Filters
from lib.analytics.cooccurrence import country_pairs, evidence, graph, matrix, pairs


def as_dict(frame):
    return {(r.a, r.b): r.count for r in frame.itertuples()}


def test_windows_widen_from_sentence_to_article(corpus):
    assert as_dict(pairs(corpus, Filters(), window="sentence")) == {("DGSI", "DGSN"): 1, ("CNP", "DGSN"): 1}
    assert as_dict(pairs(corpus, Filters(), window="paragraph")) == {
        ("DGSI", "DGSN"): 1, ("DGSI", "Europol"): 1, ("DGSN", "Europol"): 1, ("CNP", "DGSN"): 1}
    assert as_dict(pairs(corpus, Filters(), window="article")) == {
        ("DGSI", "DGSN"): 1, ("DGSI", "Europol"): 1, ("DGSN", "Europol"): 2, ("CNP", "DGSN"): 1,
        ("CNP", "Europol"): 1}


def test_measures(corpus):
    frame = pairs(corpus, Filters(), window="article").set_index(["a", "b"])
    row = frame.loc[("DGSN", "Europol")]
    # DGSN in articles 1,2; Europol in 1,2; 3 articles with agencies.
    assert row["jaccard"] == pytest.approx(1.0)
    assert row["pmi"] == pytest.approx(math.log2(2 * 3 / (2 * 2)))
    table = matrix(frame.reset_index(), "count")
    assert table.loc["DGSN", "Europol"] == table.loc["Europol", "DGSN"] == 2
    with pytest.raises(ValueError):
        matrix(frame.reset_index(), "nonsense")


def test_filters_apply(corpus):
    assert pairs(corpus, Filters(languages=("fr",))).empty
    assert as_dict(pairs(corpus, Filters(agencies=("CNP",)), window="article")) == {
        ("CNP", "DGSN"): 1, ("CNP", "Europol"): 1, ("DGSN", "Europol"): 1}


def test_graph_nodes_and_edges(corpus):
    g = graph(corpus, Filters(), window="article")
    assert g.nodes["DGSN"]["articles"] == 2 and g.nodes["DGSN"]["country"] == "MA"
    assert g.nodes["DGSI"]["articles"] == 2
    assert g.edges["DGSN", "Europol"]["weight"] == 2


def test_country_pairs_from_agency_countries(corpus):
    frame = country_pairs(corpus, Filters())
    assert {(r.a, r.b): r.articles for r in frame.itertuples()} == {
        ("FR", "INT"): 1, ("FR", "MA"): 1, ("INT", "MA"): 2, ("ES", "INT"): 1, ("ES", "MA"): 1}


def test_evidence_sentences(corpus):
    sentence = evidence(corpus, Filters(), "DGSI", "DGSN")
    assert list(sentence["sentence"]) == ["Celine Berthon of DGSI met DGSN in France."]
    assert list(sentence["title"]) == ["One"]
    paragraph = evidence(corpus, Filters(), "DGSI", "Europol", window="paragraph")
    assert list(paragraph["sentence"]) == ["Celine Berthon of DGSI met DGSN in France.", "Europol was told."]
    assert evidence(corpus, Filters(), "CNP", "DGSI").empty


def test_same_happening_counts_a_story_once_whatever_its_reports(store):
    import datetime as dt

    from lib.analytics.cooccurrence import country_pairs, evidence, pairs
    from tests.test_stories import report

    day = dt.date(2024, 6, 26)
    for text in ("DGSN chief visits DGSI in Paris.", "Le chef de la DGSN rencontre la DGSI.", "DGSN at DGSI, again."):
        store.add_article(*report(text, "visit", day, ["DGSN", "DGSI"]))
    store.add_article(*report("DGSN and DGSI meet in Rabat.", "meeting", dt.date(2024, 9, 3), ["DGSN", "DGSI"]))
    found = pairs(store, Filters(), window="happening")
    assert found[["a", "b", "count"]].to_dict("records") == [{"a": "DGSI", "b": "DGSN", "count": 2}]
    assert country_pairs(store, Filters(), window="happening")["articles"].tolist() == [2]
    assert len(evidence(store, Filters(), "DGSI", "DGSN", window="happening")) == 4
