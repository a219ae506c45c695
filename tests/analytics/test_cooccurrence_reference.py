"""The counted pairs equal a plain pandas self-join of the units (the implementation they replaced)."""
from __future__ import annotations

import math

import pandas as pd
import pytest
from sqlalchemy import and_, literal, select

from lib.analytics import Filters
from lib.analytics.cooccurrence import PAIR_COLUMNS, country_pairs, entity_articles, pairs
from lib.analytics.filters import in_view
from lib.store import Entity, MentionRow, SentenceRow


def _units(store, filters, window):  # type: ignore[no-untyped-def]
    part = {"sentence": MentionRow.sentence, "paragraph": SentenceRow.paragraph, "article": literal(0)}[window]
    statement = (
        select(MentionRow.article_id, part.label("part"), Entity.key.label("entity"))
        .join(Entity, Entity.id == MentionRow.entity_id)
        .join(SentenceRow, and_(SentenceRow.article_id == MentionRow.article_id,
                                SentenceRow.idx == MentionRow.sentence), isouter=True)
        .where(Entity.kind == "AGENCY", in_view(MentionRow.article_id, filters))
    )
    return store.query(statement.distinct()).dropna(subset=["part"])[["article_id", "part", "entity"]].drop_duplicates()


def reference_pairs(store, filters, window):  # type: ignore[no-untyped-def]
    units = _units(store, filters, window)
    totals = units.groupby("entity").size()
    n_units = len(units[["article_id", "part"]].drop_duplicates())
    joined = units.merge(units, on=["article_id", "part"], suffixes=("_a", "_b"))
    joined = joined[joined["entity_a"] < joined["entity_b"]]
    counted = joined.groupby(["entity_a", "entity_b"]).size().rename("count").reset_index()
    counted = counted.rename(columns={"entity_a": "a", "entity_b": "b"})
    counted["a_units"] = counted["a"].map(totals).astype("int64")
    counted["b_units"] = counted["b"].map(totals).astype("int64")
    counted["jaccard"] = counted["count"] / (counted["a_units"] + counted["b_units"] - counted["count"])
    counted["pmi"] = [math.log2(c * n_units / (x * y))
                      for c, x, y in zip(counted["count"], counted["a_units"], counted["b_units"], strict=True)]
    return counted.sort_values(["count", "a", "b"], ascending=[False, True, True]).reset_index(drop=True)[PAIR_COLUMNS]


FILTERS = [Filters(), Filters(agencies=("CNP",)), Filters(languages=("en",), agencies=("DGSI", "Europol"))]


@pytest.mark.parametrize("window", ["sentence", "paragraph", "article"])
@pytest.mark.parametrize("filters", FILTERS, ids=["all", "one-agency", "language-and-agencies"])
def test_pairs_equal_the_pandas_self_join(corpus, window, filters):
    got, expected = pairs(corpus, filters, window=window), reference_pairs(corpus, filters, window)
    assert not expected.empty
    pd.testing.assert_frame_equal(got.astype({"a": object, "b": object}), expected.astype({"a": object, "b": object}),
                                  check_dtype=False)


def test_min_count_drops_rare_pairs(corpus):
    assert set(pairs(corpus, Filters(), window="article", min_count=2)[["a", "b"]].itertuples(index=False)) == {
        ("DGSN", "Europol")}


@pytest.mark.parametrize("filters", FILTERS, ids=["all", "one-agency", "language-and-agencies"])
def test_country_pairs_and_entity_articles_equal_pandas(corpus, filters):
    rows = corpus.query(select(MentionRow.article_id, Entity.key, Entity.country)
                        .join(Entity, Entity.id == MentionRow.entity_id)
                        .where(Entity.kind == "AGENCY", in_view(MentionRow.article_id, filters)))
    present = rows.dropna(subset=["country"])[["article_id", "country"]].drop_duplicates()
    joined = present.merge(present, on="article_id", suffixes=("_a", "_b"))
    joined = joined[joined["country_a"] < joined["country_b"]]
    expected = {(a, b): n for (a, b), n in joined.groupby(["country_a", "country_b"]).size().items()}
    assert {(r.a, r.b): r.articles for r in country_pairs(corpus, filters).itertuples()} == expected
    articles = rows.groupby("key")["article_id"].nunique().to_dict()
    assert dict(zip(entity_articles(corpus, filters)["id"], entity_articles(corpus, filters)["articles"])) == articles


@pytest.mark.parametrize("top", [1, 2, 3, 10])
def test_the_top_graph_draws_the_same_network_as_the_whole_graph(corpus, top):
    from lib import charts
    from lib.analytics.cooccurrence import graph_of, top_graph

    nodes, found = entity_articles(corpus, Filters()), pairs(corpus, Filters(), window="article")
    whole = charts.network(graph_of(nodes, found), max_nodes=top)
    assert charts.network(top_graph(nodes, found, top), max_nodes=top).to_json() == whole.to_json()


def test_counting_with_ids_too_large_for_one_key_gives_the_same_pairs():
    import numpy as np

    from lib.analytics.cooccurrence import _count

    rng = np.random.default_rng(3)
    unit = rng.integers(0, 400, 5_000)
    entity = rng.integers(0, 30, 5_000)
    small = _count(unit, entity)
    # The same units, renumbered beyond what one int64 key of (unit, entity) can hold.
    large = _count(unit * (1 << 54) + 7, entity)
    for field in ("a", "b", "together", "entities", "units"):
        assert np.array_equal(getattr(small, field), getattr(large, field)), field
    assert small.n_units == large.n_units == len(np.unique(unit))
    # Every pair counted once per unit naming both, as a plain set count says.
    named = {}
    for u, e in zip(unit.tolist(), entity.tolist()):
        named.setdefault(u, set()).add(e)
    expected = {}
    for found in named.values():
        for a in found:
            for b in found:
                if a < b:
                    expected[(a, b)] = expected.get((a, b), 0) + 1
    assert dict(zip(zip(small.a.tolist(), small.b.tolist()), small.together.tolist())) == expected
