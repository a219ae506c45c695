"""One article as the reader shows it: metadata, text, mentions, events and topics."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import select

from lib.analytics.filters import Filters, article_filter
from lib.store import Article, DateRow, Entity, EventRow, MentionRow, Store, TopicRow


def article_choices(store: Store, filters: Filters, limit: int = 5000) -> pd.DataFrame:
    """Articles in view for the picker: id, title, published, source, newest first."""
    statement = (
        select(Article.id.label("article_id"), Article.title, Article.published, Article.source)
        .where(article_filter(filters))
        .order_by(Article.published.desc().nulls_last(), Article.id.desc())
        .limit(limit)
    )
    return store.query(statement)


def article(store: Store, article_id: int) -> dict[str, object] | None:
    with store.sessions() as session:
        row = session.get(Article, article_id)
        if row is None:
            return None
        return {c.name: getattr(row, c.name) for c in Article.__table__.columns}


def article_mentions(store: Store, article_id: int) -> pd.DataFrame:
    """Mentions with their canonical entity (when resolved), in text order."""
    statement = (
        select(MentionRow.start, MentionRow.end, MentionRow.label, MentionRow.text, Entity.key.label("entity"),
               Entity.country)
        .join(Entity, Entity.id == MentionRow.entity_id, isouter=True)
        .where(MentionRow.article_id == article_id)
        .order_by(MentionRow.start, MentionRow.end.desc())
    )
    return store.query(statement)


def article_highlights(store: Store, article_id: int, mentions: pd.DataFrame) -> pd.DataFrame:
    """What the reader marks in an article, in text order: its `article_mentions`, and as its dates
    the ones Entente resolved, each with the day or span it stands for. (The model's own dates also
    tag durations and numbers, "two five-year", "recent weeks": those are left out.)"""
    dates = store.query(
        select(DateRow.char_start.label("start"), DateRow.char_end.label("end"), DateRow.text, DateRow.date_start,
               DateRow.date_end)
        .where(DateRow.article_id == article_id, DateRow.char_start.is_not(None))
    )
    single = dates["date_end"].isna() | (dates["date_end"] == dates["date_start"])
    spans = dates["date_start"].astype(str).where(single, dates["date_start"].astype(str) + " to "
                                                  + dates["date_end"].astype(str))
    resolved = dates.assign(label="DATE", entity=spans, country=None)[list(mentions.columns)]
    kept = mentions[mentions["label"] != "DATE"]
    return (pd.concat([kept, resolved], ignore_index=True) if not resolved.empty else kept.reset_index(drop=True)) \
        .sort_values(["start", "end"], ascending=[True, False], kind="stable").reset_index(drop=True)


def article_events(store: Store, article_id: int) -> pd.DataFrame:
    statement = (
        select(EventRow.type, EventRow.code, EventRow.date_start, EventRow.date_end, EventRow.precision,
               EventRow.date_inferred, EventRow.location, EventRow.confidence, EventRow.sentence.label("evidence"))
        .where(EventRow.article_id == article_id)
        .order_by(EventRow.start)
    )
    return store.query(statement)


def article_topics(store: Store, article_id: int) -> list[str]:
    frame = store.query(select(TopicRow.topic).where(TopicRow.article_id == article_id).order_by(TopicRow.id))
    return list(frame["topic"])
