"""Which entities appear together: in the same sentence, paragraph or article.

Each mention is reduced to its unit (article, paragraph or sentence) in SQL; pairs are counted
per unit with pandas, so the cost grows with the number of mentions, never with its square
over the corpus. Measures: count of shared units, Jaccard, and pointwise mutual information.
"""
from __future__ import annotations

import math

import networkx as nx
import pandas as pd
from sqlalchemy import and_, func, literal, select, tuple_

from lib.analytics.filters import Filters, in_view
from lib.store import Article, Entity, MentionRow, SentenceRow, Store

WINDOWS = ("sentence", "paragraph", "article")
MEASURES = ("count", "jaccard", "pmi")
PAIR_COLUMNS = ["a", "b", "count", "a_units", "b_units", "jaccard", "pmi"]


def _mention_units(store: Store, filters: Filters, kind: str, window: str, names: list[str] | None = None):  # type: ignore[no-untyped-def]
    """Distinct (article_id, part, sentence, entity) rows; a unit is (article_id, part)."""
    if window not in WINDOWS:
        raise ValueError(f"unknown window {window!r}; choose from {', '.join(WINDOWS)}")
    part = {"sentence": MentionRow.sentence, "paragraph": SentenceRow.paragraph, "article": literal(0)}[window]
    statement = (
        select(MentionRow.article_id, part.label("part"), MentionRow.sentence, Entity.key.label("entity"))
        .join(Entity, Entity.id == MentionRow.entity_id)
        .join(SentenceRow, and_(SentenceRow.article_id == MentionRow.article_id,
                                SentenceRow.idx == MentionRow.sentence), isouter=True)
        .where(Entity.kind == kind, in_view(MentionRow.article_id, filters))
    )
    if names is not None:
        statement = statement.where(Entity.key.in_(names))
    return store.query(statement.distinct()).dropna(subset=["part"])


def _units(store: Store, filters: Filters, kind: str, window: str) -> pd.DataFrame:
    frame = _mention_units(store, filters, kind, window)
    return frame[["article_id", "part", "entity"]].drop_duplicates()


def pairs(store: Store, filters: Filters, *, kind: str = "AGENCY", window: str = "sentence",
          min_count: int = 1) -> pd.DataFrame:
    """One row per pair of entities (a < b) that share at least `min_count` units, with all measures."""
    units = _units(store, filters, kind, window)
    if units.empty:
        return pd.DataFrame(columns=PAIR_COLUMNS)
    totals = units.groupby("entity").size()
    n_units = len(units[["article_id", "part"]].drop_duplicates())
    joined = units.merge(units, on=["article_id", "part"], suffixes=("_a", "_b"))
    joined = joined[joined["entity_a"] < joined["entity_b"]]
    if joined.empty:
        return pd.DataFrame(columns=PAIR_COLUMNS)
    counted = joined.groupby(["entity_a", "entity_b"]).size().rename("count").reset_index()
    counted = counted[counted["count"] >= min_count].rename(columns={"entity_a": "a", "entity_b": "b"})
    counted["a_units"] = counted["a"].map(totals).astype("int64")
    counted["b_units"] = counted["b"].map(totals).astype("int64")
    counted["jaccard"] = counted["count"] / (counted["a_units"] + counted["b_units"] - counted["count"])
    counted["pmi"] = [
        math.log2(c * n_units / (x * y)) for c, x, y in zip(counted["count"], counted["a_units"],
                                                              counted["b_units"], strict=True)
    ]
    return counted.sort_values(["count", "a", "b"], ascending=[False, True, True]).reset_index(drop=True)[PAIR_COLUMNS]


def matrix(pair_frame: pd.DataFrame, measure: str = "count", top: int = 25) -> pd.DataFrame:
    """A symmetric entity x entity table of `measure` over the `top` entities by total count."""
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; choose from {', '.join(MEASURES)}")
    if pair_frame.empty:
        return pd.DataFrame()
    weight = pd.concat([pair_frame.groupby("a")["count"].sum(), pair_frame.groupby("b")["count"].sum()])
    keep = weight.groupby(level=0).sum().sort_values(ascending=False).head(top).index
    kept = pair_frame[pair_frame["a"].isin(keep) & pair_frame["b"].isin(keep)]
    both = pd.concat([kept[["a", "b", measure]],
                      kept[["b", "a", measure]].set_axis(["a", "b", measure], axis=1)])
    names = sorted(keep)
    table = both.pivot_table(index="a", columns="b", values=measure, aggfunc="first")
    return table.reindex(index=names, columns=names)


def entity_articles(store: Store, filters: Filters, kind: str = "AGENCY") -> pd.DataFrame:
    """Per entity: name, country, agency kind and the number of articles in view that mention it."""
    statement = (
        select(Entity.key.label("id"), Entity.name, Entity.country, Entity.agency_kind.label("kind"),
               MentionRow.article_id)
        .join(MentionRow, MentionRow.entity_id == Entity.id)
        .where(Entity.kind == kind, in_view(MentionRow.article_id, filters))
        .distinct()
    )
    frame = store.query(statement)
    return (frame.groupby(["id", "name", "country", "kind"], dropna=False)["article_id"].nunique()
            .rename("articles").reset_index())


def graph(store: Store, filters: Filters, *, kind: str = "AGENCY", window: str = "sentence",
          min_count: int = 1) -> nx.Graph:
    """Entities as nodes (articles, country, kind) and co-occurrences as weighted edges."""
    result = nx.Graph()
    for row in entity_articles(store, filters, kind).itertuples():
        result.add_node(row.id, name=row.name, country=row.country or "", kind=row.kind or "",
                        articles=int(row.articles))
    for row in pairs(store, filters, kind=kind, window=window, min_count=min_count).itertuples():
        result.add_edge(row.a, row.b, weight=int(row.count), jaccard=float(row.jaccard), pmi=float(row.pmi))
    return result


def country_pairs(store: Store, filters: Filters) -> pd.DataFrame:
    """Country x country cooperation, from the countries of agencies named in the same article."""
    statement = (
        select(MentionRow.article_id, Entity.country)
        .join(Entity, Entity.id == MentionRow.entity_id)
        .where(Entity.kind == "AGENCY", Entity.country.is_not(None),
               in_view(MentionRow.article_id, filters))
        .distinct()
    )
    frame = store.query(statement)
    if frame.empty:
        return pd.DataFrame(columns=["a", "b", "articles"])
    joined = frame.merge(frame, on="article_id", suffixes=("_a", "_b"))
    joined = joined[joined["country_a"] < joined["country_b"]]
    counted = joined.groupby(["country_a", "country_b"])["article_id"].nunique().rename("articles").reset_index()
    counted = counted.rename(columns={"country_a": "a", "country_b": "b"})
    return counted.sort_values(["articles", "a", "b"], ascending=[False, True, True]).reset_index(drop=True)


def evidence(store: Store, filters: Filters, a: str, b: str | None = None, *, kind: str = "AGENCY",
             window: str = "sentence", limit: int = 200) -> pd.DataFrame:
    """The sentences naming `a` (or `b`) in the units where `a` — and `b`, when given — appear together."""
    names = [a] if b is None else [a, b]
    rows = _mention_units(store, filters, kind, window, names)
    together = rows.groupby(["article_id", "part"])["entity"].nunique()
    units = together[together == len(names)].index
    rows = rows.set_index(["article_id", "part"]).loc[lambda f: f.index.isin(units)].reset_index()
    if rows.empty:
        return pd.DataFrame(columns=["article_id", "title", "published", "sentence"])
    keys = rows[["article_id", "sentence"]].drop_duplicates().head(limit)
    text = func.substr(Article.text, SentenceRow.start + 1, SentenceRow.end - SentenceRow.start)
    statement = (
        select(SentenceRow.article_id, SentenceRow.idx.label("sentence_idx"), Article.title, Article.published,
               text.label("sentence"))
        .join(Article, Article.id == SentenceRow.article_id)
        .where(tuple_(SentenceRow.article_id, SentenceRow.idx).in_(
            [(int(x), int(y)) for x, y in keys.itertuples(index=False)]))
        .order_by(Article.published, SentenceRow.article_id, SentenceRow.idx)
    )
    found = store.query(statement)
    found["sentence"] = found["sentence"].str.strip()
    return found[["article_id", "title", "published", "sentence"]]
