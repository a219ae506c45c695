"""The Overview's figures: key counts, articles over time, top entities, latest events."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
from sqlalchemy import func, select

from lib.analytics.filters import Filters, article_filter, in_view, narrows, shown
from lib.search import relevance
from lib.store import Article, ArticleEntity, Entity, EventRow, Store


def date_span(store: Store) -> tuple[dt.date | None, dt.date | None]:
    frame = store.query(select(func.min(Article.published).label("lo"), func.max(Article.published).label("hi")))
    lo, hi = frame.iloc[0]["lo"], frame.iloc[0]["hi"]
    return (as_date(lo), as_date(hi))


def as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return None
    return pd.Timestamp(value).date()  # type: ignore[arg-type]


def key_figures(store: Store, filters: Filters) -> dict[str, object]:
    articles = store.query(
        select(func.count().label("n"), func.min(Article.published).label("lo"),
               func.max(Article.published).label("hi")).where(article_filter(filters))
    ).iloc[0]
    named = (select(ArticleEntity.entity_id)
             .where(in_view(ArticleEntity.article_id, filters, by_article=True),
                    shown(ArticleEntity.entity_id, filters)).distinct())
    entities = store.query(
        select(Entity.kind, func.count().label("n")).where(Entity.id.in_(named)).group_by(Entity.kind)
    )
    per_kind = dict(zip(entities["kind"], entities["n"], strict=True))
    counted = store.query(
        select(func.count(EventRow.id).label("n"), func.count(func.distinct(EventRow.story_id)).label("stories"),
               func.count(EventRow.story_id).label("grouped"))
        .where(in_view(EventRow.article_id, filters))).iloc[0]
    events = counted["n"]
    # An event not grouped yet (a database being upgraded) is a happening of its own.
    happenings = int(counted["stories"]) + int(counted["n"]) - int(counted["grouped"])
    return {
        "articles": int(articles["n"]),
        "agencies": int(per_kind.get("AGENCY", 0)),
        "people": int(per_kind.get("PERSON", 0)),
        "countries": int(per_kind.get("COUNTRY", 0)),
        "events": int(events),
        "happenings": happenings,
        "first": as_date(articles["lo"]),
        "last": as_date(articles["hi"]),
    }


ORDERS = {"relevance": "Best match first", "newest": "Newest first"}


def articles_table(store: Store, filters: Filters, limit: int | None = None, order: str = "newest") -> pd.DataFrame:
    """The filtered articles, without their full text: newest first, or with `order="relevance"`
    the best matches of the search first (newest first when the search has no words to rank by)."""
    statement = select(Article.id.label("article_id"), Article.title, Article.published, Article.source,
                       Article.language, Article.filename, Article.url, Article.ingested_at)
    ranked = relevance(filters.search, store.engine.dialect.name) if order == "relevance" else None
    if ranked is not None:
        # The ranked matches are the search: joined instead of filtered, the index is read once.
        others = replace(filters, search="")
        if limit and not narrows(others):  # only the best `limit` matches can be shown: rank no others
            ranked = ranked.order_by(ranked.selected_columns.score.desc()).limit(limit)
        scores = ranked.subquery()
        statement = (statement.join(scores, scores.c.article_id == Article.id)
                     .where(article_filter(others))
                     .order_by(scores.c.score.desc(), Article.id.desc()))
    else:
        statement = statement.where(article_filter(filters)).order_by(Article.published.desc().nulls_last(),
                                                                      Article.id.desc())
    if limit:
        statement = statement.limit(limit)
    return store.query(statement)


# Articles that span less than this are counted per day; longer spans per month.
SHORT_SPAN = pd.Timedelta(days=92)


def articles_over_time(store: Store, filters: Filters) -> pd.DataFrame:
    """Articles per publication month, or per day when they span less than SHORT_SPAN: `period` (a
    pandas Period of that frequency, "M" or "D") and `articles`, in date order."""
    days = store.query(
        select(Article.published.label("day"), func.count().label("articles"))
        .where(article_filter(filters), Article.published.is_not(None))
        .group_by(Article.published)
    )
    if days.empty:
        return pd.DataFrame({"period": pd.Series(dtype="period[M]"), "articles": pd.Series(dtype="int64")})
    day = pd.to_datetime(days["day"])
    unit = "D" if day.max() - day.min() < SHORT_SPAN else "M"
    counted = days["articles"].astype("int64").groupby(day.dt.to_period(unit)).sum()
    return pd.DataFrame({"period": counted.index, "articles": counted.to_numpy()})


def entity_counts(store: Store, filters: Filters) -> pd.DataFrame:
    """Every entity named in view, with kind, name, country, mentions and articles, most named first."""
    return per_entity(store, filters)


def per_entity(store: Store, filters: Filters, *extra) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    """`entity_counts`, with `extra` aggregates over each entity's article_entities rows in view.

    One pass over the per-article summary (a quarter of the mentions' rows) for all kinds; names
    are joined afterwards (three times faster than grouping joined rows, at 100,000 articles).
    """
    counts = (
        select(ArticleEntity.entity_id, func.sum(ArticleEntity.mentions).label("mentions"),
               func.count().label("articles"), *extra)
        .where(in_view(ArticleEntity.article_id, filters, by_article=True), shown(ArticleEntity.entity_id, filters))
        .group_by(ArticleEntity.entity_id)
        .subquery()
    )
    extra_columns = [counts.c[column.name] for column in extra]
    frame = store.query(
        select(Entity.kind.label("entity_kind"), Entity.key.label("id"), Entity.name, Entity.country,
               Entity.agency_kind.label("kind"), counts.c.mentions, counts.c.articles, *extra_columns)
        .join(counts, counts.c.entity_id == Entity.id)
    )
    frame = frame.astype({"mentions": "int64", "articles": "int64"})
    return frame.sort_values(["articles", "mentions", "id"], ascending=[False, False, True],
                             kind="stable").reset_index(drop=True)


def top_of(counts: pd.DataFrame, kind: str, limit: int = 15) -> pd.DataFrame:
    """The `limit` most named entities of `kind` among `entity_counts` rows."""
    return counts[counts["entity_kind"] == kind].drop(columns="entity_kind").head(limit).reset_index(drop=True)


# The columns of a most-named table that mean something for each kind: a person's id is their name,
# a country's country is itself, and only agencies have a kind.
_TOP_COLUMNS = {"AGENCY": {"id": "id", "name": "name", "country": "country", "kind": "kind"},
                "PERSON": {"id": "name"},
                "COUNTRY": {"id": "id", "name": "name"}}


def top_table(top: pd.DataFrame, kind: str) -> pd.DataFrame:
    """`top_of` rows as a table: the columns of that kind, then mentions and articles."""
    columns = {**_TOP_COLUMNS.get(kind, {"id": "id", "name": "name", "country": "country"}),
               "mentions": "mentions", "articles": "articles"}
    return top[list(columns)].rename(columns=columns)


def top_entities(store: Store, filters: Filters, kind: str, limit: int = 15) -> pd.DataFrame:
    """The most mentioned entities of one kind: name, country, mentions and articles."""
    return top_of(entity_counts(store, filters), kind, limit)


def latest_events(store: Store, filters: Filters, limit: int = 20) -> pd.DataFrame:
    statement = (
        select(EventRow.type, EventRow.date_start.label("date"), EventRow.date_end, EventRow.date_inferred,
               EventRow.sentence.label("evidence"), Article.title.label("article"), Article.id.label("article_id"))
        .join(Article, Article.id == EventRow.article_id)
        .where(in_view(EventRow.article_id, filters))
        .order_by(EventRow.date_start.desc().nulls_last(), EventRow.id.desc())
        .limit(limit)
    )
    return store.query(statement)
