"""Which entities appear together: in the same sentence, paragraph or article.

Each mention is reduced in SQL to integers, its unit (article, paragraph or sentence) and its
entity; pairs are counted per unit in one numpy pass, so the cost grows with the number of
mentions, never with its square over the corpus. Measures: count of shared units, Jaccard, and pointwise mutual information.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd
from sqlalchemy import and_, distinct, func, literal, select, tuple_

from lib.analytics.filters import Filters, in_view, narrows, shown
from lib.analytics.overview import entity_counts
from lib.analytics.filters import event_conditions
from lib.store import Article, ArticleEntity, Entity, EventParticipant, EventRow, MentionRow, SentenceRow, Store

WINDOWS = ("sentence", "paragraph", "article", "happening")
# "Same happening": the parties of one story (the events of every article reporting it), once per story.
HAPPENING = "happening"
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


# A unit's key in one integer: article id times this, plus the sentence or paragraph index.
_PART_SPAN = 1 << 20


def _unit_rows(store: Store, filters: Filters, kind: str, window: str) -> tuple[np.ndarray, np.ndarray]:
    """(unit key, entity id) of every entity of `kind` in view, once per unit naming it (a paragraph
    may repeat), as two integer arrays. Read from the per-article summary: one row per (entity,
    article) with its sentences and paragraphs listed, not one per mention."""
    if window not in WINDOWS:
        raise ValueError(f"unknown window {window!r}; choose from {', '.join(WINDOWS)}")
    if window == HAPPENING:
        return _story_rows(store, filters, kind)
    # Unfiltered, an entity's rows are read as a range of the (entity, article) key. Filtered, the
    # articles in view are listed and only their rows read; `+ 0` keeps SQLite from probing the key
    # for every (entity, listed article) pair instead.
    entity = ArticleEntity.entity_id + 0 if narrows(filters) else ArticleEntity.entity_id
    statement = select(ArticleEntity.entity_id, ArticleEntity.article_id).where(
        entity.in_(select(Entity.id).where(Entity.kind == kind)),
        in_view(ArticleEntity.article_id, filters, by_article=True), shown(ArticleEntity.entity_id, filters))
    if window != "article":
        parts = ArticleEntity.sentences if window == "sentence" else ArticleEntity.paragraphs
        statement = statement.add_columns(parts).where(parts.is_not(None))
    columns = store.columns(statement)
    entity_ids, article_ids = np.array(columns[0], dtype=np.int64), np.array(columns[1], dtype=np.int64)
    if window == "article":
        return article_ids, entity_ids
    # "3,7,12" lists parsed in one pass over their concatenation (commas count each list's length).
    listed = columns[2]
    lengths = np.fromiter(map(str.count, listed, itertools.repeat(",")), dtype=np.int64, count=len(listed)) + 1
    parts_of = np.fromstring(",".join(listed), dtype=np.int64, sep=",") if listed else np.empty(0, dtype=np.int64)
    return np.repeat(article_ids, lengths) * _PART_SPAN + parts_of, np.repeat(entity_ids, lengths)


def _story_rows(store: Store, filters: Filters, kind: str) -> tuple[np.ndarray, np.ndarray]:
    """(story id, entity id) of every party of `kind` to the stories of the events in view: an agency
    in a story reported by five articles counts once for it, not five times."""
    # `+ 0` keeps SQLite from probing the entity index agency by agency and then fetching each
    # participant's row: one scan of the covering (event, entity) index is three times faster. No
    # DISTINCT: counting drops repeated (story, entity) rows anyway, at a fraction of SQL's cost.
    statement = (
        select(EventRow.story_id, EventParticipant.entity_id)
        .join(EventRow, EventRow.id == EventParticipant.event_id)
        .where((EventParticipant.entity_id + 0).in_(select(Entity.id).where(Entity.kind == kind)),
               EventRow.story_id.is_not(None), in_view(EventRow.article_id, filters), *event_conditions(filters),
               shown(EventParticipant.entity_id, filters)))
    stories, entities = store.columns(statement)
    return np.array(stories, dtype=np.int64), np.array(entities, dtype=np.int64)


def _story_evidence(store: Store, filters: Filters, names: list[str], kind: str, limit: int) -> pd.DataFrame:
    """The evidence sentences of the events of stories in which every one of `names` takes part."""
    rows = store.query(
        select(EventRow.story_id, Entity.key.label("entity"))
        .join(EventParticipant, EventParticipant.event_id == EventRow.id)
        .join(Entity, Entity.id == EventParticipant.entity_id)
        .where(Entity.kind == kind, Entity.key.in_(names), EventRow.story_id.is_not(None),
               in_view(EventRow.article_id, filters), *event_conditions(filters)).distinct())
    together = rows.groupby("story_id")["entity"].nunique()
    stories = [int(s) for s in together[together == len(names)].index]
    if not stories:
        return pd.DataFrame(columns=["article_id", "title", "published", "sentence"])
    found = store.query(
        select(EventRow.article_id, Article.title, Article.published, EventRow.sentence)
        .join(Article, Article.id == EventRow.article_id)
        .where(EventRow.story_id.in_(stories), in_view(EventRow.article_id, filters))
        .order_by(Article.published, EventRow.article_id, EventRow.start).limit(limit))
    found["sentence"] = found["sentence"].str.strip()
    return found[["article_id", "title", "published", "sentence"]]


@dataclass(frozen=True)
class _Counts:
    a: np.ndarray  # entity ids, a < b
    b: np.ndarray
    together: np.ndarray  # units naming both
    entities: np.ndarray  # every entity id seen...
    units: np.ndarray  # ...and the number of units naming it
    n_units: int


def _count(unit: np.ndarray, entity: np.ndarray) -> _Counts:
    """Pairs and totals from (unit, entity) rows, duplicates included.

    Sorted by unit, each unit's entities are a contiguous run; a run of k entities gives its
    k(k-1)/2 pairs at once for every unit of that size.
    """
    if not len(unit):
        empty = np.empty(0, dtype=np.int64)
        return _Counts(empty, empty, empty, empty, empty, 0)
    unit, entity = _sorted_unique(unit, entity)
    starts = np.flatnonzero(np.r_[True, unit[1:] != unit[:-1]])
    sizes = np.diff(np.r_[starts, len(unit)])
    first, second = [np.empty(0, dtype=np.int64)], [np.empty(0, dtype=np.int64)]
    for size in np.unique(sizes[sizes > 1]):
        runs = starts[sizes == size][:, None]
        i, j = np.triu_indices(int(size), 1)
        first.append((runs + i).ravel())
        second.append((runs + j).ravel())
    a, b = entity[np.concatenate(first)], entity[np.concatenate(second)]
    span = int(entity.max()) + 1
    found, together = np.unique(a * span + b, return_counts=True)
    units = np.bincount(entity)
    entities = np.flatnonzero(units)
    return _Counts(found // span, found % span, together, entities, units[entities], len(starts))


def _sorted_unique(unit: np.ndarray, entity: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (unit, entity) rows, sorted by unit then entity."""
    span = int(entity.max()) + 1
    if (int(unit.max()) + 1) * span < 2**63:
        # One int64 key: one sort and no gathers, twice as fast as two keys on millions of rows.
        key = np.sort(unit * span + entity)
        key = key[np.r_[True, key[1:] != key[:-1]]]
        return key // span, key % span
    order = np.lexsort((entity, unit))  # ids too large to share a key
    unit, entity = unit[order], entity[order]
    fresh = np.r_[True, (unit[1:] != unit[:-1]) | (entity[1:] != entity[:-1])]
    return unit[fresh], entity[fresh]


def pairs(store: Store, filters: Filters, *, kind: str = "AGENCY", window: str = "sentence",
          min_count: int = 1) -> pd.DataFrame:
    """One row per pair of entities (a < b) that share at least `min_count` units, with all measures.

    One query fetches the (unit, entity) integers; pairs are counted per unit with numpy, so the
    cost grows with the mentions, never with their square over the corpus. (SQL self-joins needed
    three queries, together three times slower than this one pass, at 100,000 articles on SQLite.)
    """
    counts = _count(*_unit_rows(store, filters, kind, window))
    keep = counts.together >= min_count
    if not keep.any():
        return pd.DataFrame(columns=PAIR_COLUMNS)
    names = store.query(select(Entity.id, Entity.key).where(Entity.kind == kind))
    keys = dict(zip(names["id"].tolist(), names["key"].tolist(), strict=True))
    totals = {keys[i]: n for i, n in zip(counts.entities.tolist(), counts.units.tolist(), strict=True)}
    first = pd.Series([keys[i] for i in counts.a[keep].tolist()], dtype="str")
    second = pd.Series([keys[i] for i in counts.b[keep].tolist()], dtype="str")
    # Ids ordered the counting; names order the pair, as everywhere else.
    swap = first > second
    counted = pd.DataFrame({"a": first.where(~swap, second), "b": second.where(~swap, first),
                            "count": counts.together[keep].astype("int64")})
    counted["a_units"] = counted["a"].map(totals).astype("int64")
    counted["b_units"] = counted["b"].map(totals).astype("int64")
    counted["jaccard"] = counted["count"] / (counted["a_units"] + counted["b_units"] - counted["count"])
    counted["pmi"] = np.log2(counted["count"] * counts.n_units / (counted["a_units"] * counted["b_units"]))
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


def nodes_of(counts: pd.DataFrame, kind: str = "AGENCY") -> pd.DataFrame:
    """The network's nodes from `entity_counts` rows: each entity of `kind` with its name, country,
    agency kind and the number of articles in view that name it, by id."""
    nodes = counts[counts["entity_kind"] == kind][["id", "name", "country", "kind", "articles"]]
    return nodes.sort_values("id").reset_index(drop=True)


def entity_articles(store: Store, filters: Filters, kind: str = "AGENCY") -> pd.DataFrame:
    """Per entity of `kind`: name, country, agency kind and the number of articles in view naming it."""
    return nodes_of(entity_counts(store, filters), kind)


def graph(store: Store, filters: Filters, *, kind: str = "AGENCY", window: str = "sentence",
          min_count: int = 1) -> nx.Graph:
    """Entities as nodes (articles, country, kind) and co-occurrences as weighted edges."""
    return graph_of(entity_articles(store, filters, kind),
                    pairs(store, filters, kind=kind, window=window, min_count=min_count))


def graph_of(nodes: pd.DataFrame, pair_frame: pd.DataFrame) -> nx.Graph:
    """The graph of `entity_articles` rows and `pairs` rows (so a page reuses the pairs it shows)."""
    result = nx.Graph()
    for row in nodes.itertuples():
        result.add_node(row.id, name=row.name, country=_text(row.country), kind=_text(row.kind),
                        articles=int(row.articles))
    for row in pair_frame.itertuples():
        result.add_edge(row.a, row.b, weight=int(row.count), jaccard=float(row.jaccard), pmi=float(row.pmi))
    return result


def top_graph(nodes: pd.DataFrame, pair_frame: pd.DataFrame, top: int) -> nx.Graph:
    """Enough of the graph for a network chart of `top` nodes: the `top` linked entities named in
    most articles (as `charts.network` ranks them), their links and their neighbours, so the chart
    picks and draws exactly what it would from the whole graph, which needs building only to download."""
    linked = pd.concat([pair_frame["a"], pair_frame["b"]]).unique()
    ranked = nodes[nodes["id"].isin(linked)].sort_values(["articles", "id"], ascending=[False, True])
    chosen = set(ranked["id"].head(top))
    touching = pair_frame[pair_frame["a"].isin(chosen) | pair_frame["b"].isin(chosen)]
    near = chosen | set(touching["a"]) | set(touching["b"])
    # In the nodes' own order, as the whole graph holds them: the chart's traces follow it.
    return graph_of(nodes[nodes["id"].isin(near)], touching)


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def country_pairs(store: Store, filters: Filters, window: str = "article") -> pd.DataFrame:
    """Country x country cooperation, from the countries of agencies named in the same article (or
    taking part in the same happening, `window="happening"`); `articles` counts those units."""
    unit, entity = _unit_rows(store, filters, "AGENCY", window if window == HAPPENING else "article")
    agencies = store.query(select(Entity.id, Entity.country).where(Entity.kind == "AGENCY",
                                                                    Entity.country.is_not(None)))
    codes = sorted(set(agencies["country"]))
    # Each agency's country as a small integer, -1 for none; then countries pair up like entities.
    country_of = np.full(int(max(entity.max(initial=0), agencies["id"].max() if len(agencies) else 0)) + 1, -1)
    country_of[agencies["id"].to_numpy(dtype=np.int64)] = [codes.index(c) for c in agencies["country"]]
    country = country_of[entity]
    known = country >= 0
    counts = _count(unit[known], country[known])
    if not len(counts.together):
        return pd.DataFrame(columns=["a", "b", "articles"])
    frame = pd.DataFrame({"a": pd.Series([codes[i] for i in counts.a.tolist()], dtype="str"),
                          "b": pd.Series([codes[i] for i in counts.b.tolist()], dtype="str"),
                          "articles": counts.together.astype("int64")})
    return frame.sort_values(["articles", "a", "b"], ascending=[False, True, True]).reset_index(drop=True)


def evidence(store: Store, filters: Filters, a: str, b: str | None = None, *, kind: str = "AGENCY",
             window: str = "sentence", limit: int = 200) -> pd.DataFrame:
    """The sentences naming `a` (or `b`) in the units where `a` — and `b`, when given — appear together."""
    names = [a] if b is None else [a, b]
    if window == HAPPENING:
        return _story_evidence(store, filters, names, kind, limit)
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
