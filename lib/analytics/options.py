"""What the sidebar offers: only values present in the data, each with its article count."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import distinct, func, select

from lib.analytics.filters import Filters
from lib.analytics.overview import entity_counts
from lib.store import Article, ArticleEntity, Entity, EventRow, Store, TopicRow


def _counted(store: Store, value, label, article, *, join=None, where=None) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    articles = func.count(distinct(article))
    statement = select(value.label("value"), label.label("label"), articles.label("articles"))
    if join is not None:
        statement = statement.join(*join)
    if where is not None:
        statement = statement.where(where)
    # Grouping by the value alone when it is its own label lets SQLite read the groups in index
    # order ((kind, country) on entities) instead of sorting every mention: 3.2 s -> 0.5 s at 100,000.
    keys = (value,) if label is value else (value, label)
    return store.query(statement.where(value.is_not(None)).group_by(*keys).order_by(articles.desc(), value))


def _entity_counts(store: Store) -> pd.DataFrame:
    """Every entity with its kind and number of articles: the Overview's one pass for all kinds."""
    counts = entity_counts(store, Filters())[["entity_kind", "id", "name", "articles"]]
    return counts.rename(columns={"entity_kind": "kind", "id": "value", "name": "label"})


def _of_kind(entities: pd.DataFrame, kind: str) -> pd.DataFrame:
    frame = entities[entities["kind"] == kind].drop(columns="kind")
    return frame.sort_values(["articles", "value"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _grouped(store: Store, kind: str, value) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    return _counted(store, value, value, ArticleEntity.article_id,
                    join=(ArticleEntity, ArticleEntity.entity_id == Entity.id), where=Entity.kind == kind)


def filter_options(store: Store) -> dict[str, pd.DataFrame]:
    """Per filter field: a frame of value, label and the number of articles that have it."""
    entities = _entity_counts(store)
    return {
        "agencies": _of_kind(entities, "AGENCY"),
        "agency_countries": _grouped(store, "AGENCY", Entity.country),
        "agency_kinds": _grouped(store, "AGENCY", Entity.agency_kind),
        "people": _of_kind(entities, "PERSON"),
        "countries": _of_kind(entities, "COUNTRY"),
        "event_types": _counted(store, EventRow.type, EventRow.type, EventRow.article_id),
        "topics": _counted(store, TopicRow.topic, TopicRow.topic, TopicRow.article_id),
        "languages": _counted(store, Article.language, Article.language, Article.id),
        "sources": _counted(store, Article.source, Article.source, Article.id),
    }
