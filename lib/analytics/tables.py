"""The downloadable tables by name, with stable columns (documented in the README).

Shared by the command line's `export` and anything that needs a table by name.
"""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from sqlalchemy import select

from lib.analytics import cooccurrence, entities, stories, timeline
from lib.analytics.filters import Filters, in_view
from lib.analytics.overview import articles_table
from lib.store import Article, Entity, MentionRow, Store


def mentions_table(store: Store, filters: Filters) -> pd.DataFrame:
    """Every mention in view: where it is, how it is written, what it resolves to."""
    statement = (
        select(MentionRow.article_id, Article.title, Article.published, MentionRow.label,
               Entity.key.label("entity"), Entity.country, MentionRow.text, MentionRow.start, MentionRow.end,
               MentionRow.sentence)
        .join(Article, Article.id == MentionRow.article_id)
        .join(Entity, Entity.id == MentionRow.entity_id, isouter=True)
        .where(in_view(MentionRow.article_id, filters))
        .order_by(MentionRow.article_id, MentionRow.start)
    )
    return store.query(statement)


def events_table(store: Store, filters: Filters) -> pd.DataFrame:
    frame = timeline.events(store, filters)
    for column in ("date_start", "date_end"):
        frame[column] = frame[column].dt.date
    return frame


TABLE_BUILDERS: dict[str, Callable[..., pd.DataFrame]] = {
    "articles": lambda store, filters, **_: articles_table(store, filters),
    "agencies": lambda store, filters, **_: entities.entity_table(store, filters, "AGENCY"),
    "persons": lambda store, filters, **_: entities.people_table(store, filters),
    "countries": lambda store, filters, **_: entities.entity_table(store, filters, "COUNTRY"),
    "locations": lambda store, filters, **_: entities.entity_table(store, filters, "LOCATION"),
    "topics": lambda store, filters, **_: entities.topic_table(store, filters),
    "events": lambda store, filters, **_: events_table(store, filters),
    "stories": lambda store, filters, **_: stories.stories(store, filters),
    "mentions": lambda store, filters, **_: mentions_table(store, filters),
    "cooccurrence": lambda store, filters, window="sentence", **_: cooccurrence.pairs(store, filters, window=window),
    "country_pairs": lambda store, filters, window="article", **_: cooccurrence.country_pairs(
        store, filters, window="happening" if window == "happening" else "article"),
}
GRAPH_TABLES = ("cooccurrence",)


def build_table(store: Store, filters: Filters, name: str, **options) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    if name not in TABLE_BUILDERS:
        raise KeyError(f"unknown table {name!r}; choose from: {', '.join(TABLE_BUILDERS)}")
    return TABLE_BUILDERS[name](store, filters, **options)
