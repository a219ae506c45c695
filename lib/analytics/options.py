"""What the sidebar offers: only values present in the data, each with its article count."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import distinct, func, select

from lib.store import Article, Entity, EventRow, MentionRow, Store, TopicRow


def _counted(store: Store, value, label, article, *, join=None, where=None) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    articles = func.count(distinct(article))
    statement = select(value.label("value"), label.label("label"), articles.label("articles"))
    if join is not None:
        statement = statement.join(*join)
    if where is not None:
        statement = statement.where(where)
    return store.query(statement.where(value.is_not(None)).group_by(value, label).order_by(articles.desc(), value))


def _entities(store: Store, kind: str, value=Entity.key, label=Entity.name) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    if value is Entity.key:
        # One row per entity: count on the (entity_id, article_id) index first, then name them.
        counts = (select(MentionRow.entity_id, func.count(distinct(MentionRow.article_id)).label("articles"))
                  .where(MentionRow.entity_id.is_not(None)).group_by(MentionRow.entity_id).subquery())
        return store.query(
            select(Entity.key.label("value"), Entity.name.label("label"), counts.c.articles)
            .join(counts, counts.c.entity_id == Entity.id)
            .where(Entity.kind == kind)
            .order_by(counts.c.articles.desc(), Entity.key)
        )
    return _counted(store, value, label, MentionRow.article_id,
                    join=(MentionRow, MentionRow.entity_id == Entity.id), where=Entity.kind == kind)


def filter_options(store: Store) -> dict[str, pd.DataFrame]:
    """Per filter field: a frame of value, label and the number of articles that have it."""
    return {
        "agencies": _entities(store, "AGENCY"),
        "agency_countries": _entities(store, "AGENCY", Entity.country, Entity.country),
        "agency_kinds": _entities(store, "AGENCY", Entity.agency_kind, Entity.agency_kind),
        "people": _entities(store, "PERSON"),
        "countries": _entities(store, "COUNTRY"),
        "event_types": _counted(store, EventRow.type, EventRow.type, EventRow.article_id),
        "topics": _counted(store, TopicRow.topic, TopicRow.topic, TopicRow.article_id),
        "languages": _counted(store, Article.language, Article.language, Article.id),
        "sources": _counted(store, Article.source, Article.source, Article.id),
    }
