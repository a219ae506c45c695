"""Who's who: tables of agencies, people, countries, places and topics, and their drill-downs."""
from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import and_, distinct, func, select
from sqlalchemy.orm import aliased

from lib.analytics.filters import Filters, article_filter, in_view
from lib.analytics.overview import as_date, per_entity
from lib.store import Article, ArticleEntity, Entity, MentionRow, RoleRow, SentenceRow, Store, TopicRow


STATS_COLUMNS = ["entity_kind", "id", "name", "country", "kind", "mentions", "articles", "first_seen", "last_seen"]


def entity_stats(store: Store, filters: Filters) -> pd.DataFrame:
    """Every entity in view, of every kind: mentions, articles, first and last publication seen."""
    frame = per_entity(store, filters, func.min(ArticleEntity.published).label("first_seen"),
                       func.max(ArticleEntity.published).label("last_seen"))
    for column in ("first_seen", "last_seen"):  # dates, None when unknown, whatever the database returns
        frame[column] = [as_date(value) for value in frame[column]]
    return frame[STATS_COLUMNS]


def _publication_days(store: Store, filters: Filters, size: int) -> np.ndarray:
    """Publication day by article id below `size` (NaT when unknown or out of view).

    Read apart and indexed in numpy: SQL joins of many rows to the articles table read its wide rows
    (text included) once per row, where this list comes off the publication-date index alone."""
    ids, published = store.columns(select(Article.id, Article.published).where(article_filter(filters)))
    ids = np.array(ids, dtype=np.int64)
    days = np.full(max(size, int(ids.max(initial=0)) + 1), np.datetime64("NaT"), dtype="datetime64[D]")
    # The driver gives ISO text (SQLite) or dates (PostgreSQL): numpy parses either, None as NaT.
    days[ids] = np.array(published, dtype="datetime64[D]")
    return days


def _as_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """first_seen and last_seen as dates (None when unknown), as the database returns them."""
    for column in ("first_seen", "last_seen"):
        frame[column] = frame[column].dt.date.astype(object).where(frame[column].notna(), None)
    return frame


def table_of(stats: pd.DataFrame, kind: str) -> pd.DataFrame:
    """The rows of `entity_stats` of one kind, with the columns that kind has."""
    frame = stats[stats["entity_kind"] == kind].drop(columns="entity_kind").reset_index(drop=True)
    # Only agencies have a kind; a person's or place's name is its id.
    if kind != "AGENCY":
        frame = frame.drop(columns=["kind"])
    if kind in ("PERSON", "LOCATION"):
        frame = frame.drop(columns=["name"])
    return frame


def entity_table(store: Store, filters: Filters, kind: str) -> pd.DataFrame:
    """One row per entity of `kind` in view: mentions, articles, first and last publication seen."""
    return table_of(entity_stats(store, filters), kind)


def person_roles(store: Store, filters: Filters) -> pd.DataFrame:
    """People with each role and agency they were given, dated by the articles that say so."""
    agency = aliased(Entity)
    person = aliased(Entity)
    statement = (
        select(person.key.label("person"), RoleRow.title.label("role"), agency.key.label("agency"),
               agency.country.label("agency_country"), func.count(distinct(RoleRow.article_id)).label("articles"),
               func.min(Article.published).label("first_seen"), func.max(Article.published).label("last_seen"))
        .join(person, person.id == RoleRow.person_id)
        .join(agency, agency.id == RoleRow.agency_id, isouter=True)
        .join(Article, Article.id == RoleRow.article_id)
        .where(in_view(RoleRow.article_id, filters))
        .group_by(person.key, RoleRow.title, agency.key, agency.country)
        .order_by(person.key, func.min(Article.published))
    )
    return store.query(statement)


def people_table(store: Store, filters: Filters, stats: pd.DataFrame | None = None) -> pd.DataFrame:
    """People in view with their roles and agencies folded into one readable cell each
    (from `stats`, the `entity_stats` of these filters, when the caller has them)."""
    people = table_of(entity_stats(store, filters) if stats is None else stats, "PERSON")
    roles = person_roles(store, filters)
    if people.empty:
        return people.assign(roles=pd.Series(dtype="string"), agencies=pd.Series(dtype="string"))
    people["roles"] = people["id"].map(_folded(roles, "role")).fillna("")
    people["agencies"] = people["id"].map(_folded(roles, "agency")).fillna("")
    return people.rename(columns={"id": "name"})[
        ["name", "roles", "agencies", "mentions", "articles", "first_seen", "last_seen"]]


def _folded(roles: pd.DataFrame, column: str) -> pd.Series:
    """Per person, the distinct non-empty values of `column` in order, joined by "; "."""
    values: dict[str, dict[str, None]] = {}  # a dict per person keeps first-seen order without repeats
    for person, value in zip(roles["person"].tolist(), roles[column].tolist(), strict=True):
        if isinstance(value, str) and value:
            values.setdefault(person, {})[value] = None
    return pd.Series({person: "; ".join(found) for person, found in values.items()}, dtype=object)


def topic_table(store: Store, filters: Filters) -> pd.DataFrame:
    """Per topic in view: articles, first and last publication seen, the most covered first."""
    topics, articles = store.columns(select(TopicRow.topic, TopicRow.article_id)
                                     .where(in_view(TopicRow.article_id, filters, by_article=True)))
    if not topics:
        return pd.DataFrame(columns=["topic", "articles", "first_seen", "last_seen"])
    articles = np.array(articles, dtype=np.int64)
    days = _publication_days(store, filters, int(articles.max()) + 1)
    # (article, topic) is unique in the table: each row is one article of its topic.
    found = pd.DataFrame({"topic": topics, "published": days[articles]})
    grouped = found.groupby("topic")
    frame = pd.DataFrame({"articles": grouped.size().astype("int64"), "first_seen": grouped["published"].min(),
                          "last_seen": grouped["published"].max()}).rename_axis("topic").reset_index()
    frame["topic"] = frame["topic"].astype("str")
    frame = _as_dates(frame)
    return frame.sort_values(["articles", "topic"], ascending=[False, True], kind="stable").reset_index(drop=True)


def mentions_of(store: Store, filters: Filters, kind: str, key: str, limit: int = 500) -> pd.DataFrame:
    """Every mention of one entity in view: the article, the words used and the sentence around them."""
    sentence = func.substr(Article.text, SentenceRow.start + 1, SentenceRow.end - SentenceRow.start)
    statement = (
        select(Article.id.label("article_id"), Article.title, Article.published, MentionRow.text.label("as_written"),
               sentence.label("sentence"))
        .join(Entity, Entity.id == MentionRow.entity_id)
        .join(Article, Article.id == MentionRow.article_id)
        .join(SentenceRow, and_(SentenceRow.article_id == MentionRow.article_id,
                                SentenceRow.idx == MentionRow.sentence), isouter=True)
        .where(Entity.kind == kind, Entity.key == key, in_view(MentionRow.article_id, filters))
        .order_by(Article.published.desc().nulls_last(), Article.id, MentionRow.start)
        .limit(limit)
    )
    frame = store.query(statement)
    frame["sentence"] = frame["sentence"].fillna("").str.strip()
    return frame


def articles_with_topic(store: Store, filters: Filters, topic: str) -> pd.DataFrame:
    statement = (
        select(Article.id.label("article_id"), Article.title, Article.published, Article.source)
        .join(TopicRow, TopicRow.article_id == Article.id)
        .where(TopicRow.topic == topic, article_filter(filters))
        .order_by(Article.published.desc().nulls_last())
    )
    return store.query(statement)
