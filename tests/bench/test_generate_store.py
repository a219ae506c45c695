"""The synthetic store: consistent offsets, popular entities first, and the analytics run on it."""
from sqlalchemy import text

from lib.analytics import Filters, key_figures, top_entities

from bench.generate_store import build_store, zipf_weights


def test_zipf_weights_are_cumulative_and_front_loaded():
    weights = zipf_weights(100)
    assert weights == sorted(weights)
    assert weights[0] > (weights[-1] - weights[-2]) * 50


def test_store_rows_point_at_the_right_text(tmp_path):
    store = build_store(f"sqlite:///{tmp_path / 's.db'}", 60, seed=2, chunk=25)
    assert store.count() == 60
    with store.engine.connect() as connection:
        wrong_mentions = connection.execute(text(
            "SELECT count(*) FROM mentions m JOIN articles a ON a.id = m.article_id "
            "WHERE substr(a.text, m.start + 1, m.\"end\" - m.start) != m.text")).scalar()
        wrong_events = connection.execute(text(
            "SELECT count(*) FROM events e JOIN articles a ON a.id = e.article_id "
            "WHERE substr(a.text, e.start + 1, e.\"end\" - e.start) != e.sentence")).scalar()
    assert wrong_mentions == 0 and wrong_events == 0
    assert store.count("mentions") > 60 * 10
    figures = key_figures(store, Filters())
    assert figures["articles"] == 60 and figures["agencies"] > 5
    top = top_entities(store, Filters(), "AGENCY")
    assert list(top["articles"]) == sorted(top["articles"], reverse=True)


def test_refuses_a_database_that_has_articles(tmp_path):
    url = f"sqlite:///{tmp_path / 's.db'}"
    build_store(url, 3)
    try:
        build_store(url, 3)
    except ValueError as error:
        assert "not empty" in str(error)
    else:
        raise AssertionError("a second build into the same database must be refused")
