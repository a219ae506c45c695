"""Who's who: tables of agencies, people, countries, places and topics, and their drill-downs."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import and_, distinct, func, select
from sqlalchemy.orm import aliased

from lib.analytics.filters import Filters, article_filter, in_view
from lib.store import Article, Entity, MentionRow, RoleRow, SentenceRow, Store, TopicRow


def entity_table(store: Store, filters: Filters, kind: str) -> pd.DataFrame:
    """One row per entity of `kind` in view: mentions, articles, first and last publication seen."""
    statement = (
        select(Entity.key.label("id"), Entity.name, Entity.country, Entity.agency_kind.label("kind"),
               func.count(MentionRow.id).label("mentions"),
               func.count(distinct(MentionRow.article_id)).label("articles"),
               func.min(Article.published).label("first_seen"), func.max(Article.published).label("last_seen"))
        .join(MentionRow, MentionRow.entity_id == Entity.id)
        .join(Article, Article.id == MentionRow.article_id)
        .where(Entity.kind == kind, in_view(MentionRow.article_id, filters))
        .group_by(Entity.id, Entity.key, Entity.name, Entity.country, Entity.agency_kind)
        .order_by(func.count(distinct(MentionRow.article_id)).desc(), func.count(MentionRow.id).desc(), Entity.key)
    )
    frame = store.query(statement)
    # Only agencies have a kind; a person's or place's name is its id.
    if kind != "AGENCY":
        frame = frame.drop(columns=["kind"])
    if kind in ("PERSON", "LOCATION"):
        frame = frame.drop(columns=["name"])
    return frame


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


def people_table(store: Store, filters: Filters) -> pd.DataFrame:
    """People in view with their roles and agencies folded into one readable cell each."""
    people = entity_table(store, filters, "PERSON")
    roles = person_roles(store, filters)
    if people.empty:
        return people.assign(roles=pd.Series(dtype="string"), agencies=pd.Series(dtype="string"))
    as_text = lambda values: "; ".join(dict.fromkeys(v for v in values if isinstance(v, str) and v))  # noqa: E731
    people["roles"] = people["id"].map(roles.groupby("person")["role"].agg(as_text)).fillna("")
    people["agencies"] = people["id"].map(roles.groupby("person")["agency"].agg(as_text)).fillna("")
    return people.rename(columns={"id": "name"})[
        ["name", "roles", "agencies", "mentions", "articles", "first_seen", "last_seen"]]


def topic_table(store: Store, filters: Filters) -> pd.DataFrame:
    statement = (
        select(TopicRow.topic, func.count(distinct(TopicRow.article_id)).label("articles"),
               func.min(Article.published).label("first_seen"), func.max(Article.published).label("last_seen"))
        .join(Article, Article.id == TopicRow.article_id)
        .where(in_view(TopicRow.article_id, filters))
        .group_by(TopicRow.topic)
        .order_by(func.count(distinct(TopicRow.article_id)).desc(), TopicRow.topic)
    )
    return store.query(statement)


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
