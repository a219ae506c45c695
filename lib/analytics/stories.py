"""Stories in view: the happenings the events of the articles in view belong to, with their sources."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select

from lib.analytics.filters import Filters, event_conditions, in_view
from lib.store import Article, EventRow, Story, Store

STORY_COLUMNS = ["story_id", "type", "date_start", "date_end", "precision", "participants", "sources",
                 "first_reported", "confidence", "reports"]


def _story_ids(filters: Filters):  # type: ignore[no-untyped-def]
    return select(EventRow.story_id).where(in_view(EventRow.article_id, filters), *event_conditions(filters),
                                           EventRow.story_id.is_not(None)).distinct()


def sources_of(store: Store, story_ids: list[int]) -> pd.DataFrame:
    """(story_id, article_id, title, source, published) of each story's reports, earliest first."""
    if not story_ids:
        return pd.DataFrame(columns=["story_id", "article_id", "title", "source", "published"])
    frame = store.query(
        select(EventRow.story_id, Article.id.label("article_id"), Article.title, Article.source, Article.published)
        .join(Article, Article.id == EventRow.article_id).where(EventRow.story_id.in_(story_ids))
        .distinct().order_by(EventRow.story_id, Article.published.nulls_last(), Article.id))
    return frame


def listed_sources(reports: pd.DataFrame) -> pd.Series:
    """Per story of `sources_of` rows, its reports in words, earliest first: "Outlet, 2024-06-27:
    title; ..." (built column-wise: a page lists a few thousand)."""
    if reports.empty:
        return pd.Series(dtype="str")
    published = pd.to_datetime(reports["published"]).dt.strftime("%Y-%m-%d")
    described = (reports["source"].fillna("unknown source").astype("str")
                 + (", " + published).fillna("") + ": " + reports["title"].fillna("(untitled)").astype("str"))
    return described.groupby(reports["story_id"]).agg("; ".join)


def story_count(store: Store, filters: Filters) -> int:
    """How many stories the events in view belong to."""
    return int(store.query(select(func.count().label("n")).select_from(_story_ids(filters).subquery())).iloc[0]["n"])


def stories(store: Store, filters: Filters, limit: int | None = None) -> pd.DataFrame:
    """The stories of the events in view, earliest first: what the reports agree on and who reported
    it; the first `limit` when given."""
    statement = (
        select(Story.id.label("story_id"), Story.type, Story.date_start, Story.date_end, Story.precision,
               Story.participants, Story.sources, Story.first_reported, Story.confidence)
        .where(Story.id.in_(_story_ids(filters))).order_by(Story.date_start.nulls_last(), Story.id))
    frame = store.query(statement.limit(limit) if limit else statement)
    if frame.empty:
        return pd.DataFrame(columns=STORY_COLUMNS)
    frame["participants"] = frame["participants"].fillna("").str.replace("|", ", ", regex=False)
    reports = sources_of(store, [int(i) for i in frame["story_id"]])
    frame["reports"] = frame["story_id"].map(listed_sources(reports)).fillna("")
    for column in ("date_start", "date_end", "first_reported"):
        frame[column] = pd.to_datetime(frame[column]).dt.date
    return frame[STORY_COLUMNS]
