"""The database schema: SQLAlchemy tables, the indexes the dashboard reads through, and the
upgrade of databases made by an older version (missing indexes added, superseded ones dropped)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    inspect,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.schema import DropIndex


IN_CHUNK = 500  # keys per IN (...) list: well under SQLite's and PostgreSQL's parameter limits


class Base(DeclarativeBase):
    pass


class Article(Base):
    __tablename__ = "articles"
    id: Mapped[int] = mapped_column(primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(300), index=True)
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    published_origin: Mapped[str | None] = mapped_column(String(20))
    language: Mapped[str | None] = mapped_column(String(8), index=True)
    text: Mapped[str] = mapped_column(Text)
    filename: Mapped[str | None] = mapped_column(String(300))
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime)
    model: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)


class SentenceRow(Base):
    __tablename__ = "sentences"
    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    idx: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    paragraph: Mapped[int] = mapped_column(Integer)


class Entity(Base):
    """A canonical thing mentioned in articles: an agency, a person, a country, a place..."""

    __tablename__ = "entities"
    __table_args__ = (UniqueConstraint("kind", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # AGENCY, PERSON, COUNTRY, LOCATION
    key: Mapped[str] = mapped_column(String(300))  # agency id, full name, ISO code, city name
    name: Mapped[str] = mapped_column(String(300))
    country: Mapped[str | None] = mapped_column(String(8), index=True)
    agency_kind: Mapped[str | None] = mapped_column(String(40))


class MentionRow(Base):
    __tablename__ = "mentions"
    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    # Indexed (entity, article, sentence) below: one index serves entity lookups and co-occurrence.
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id", ondelete="SET NULL"))
    label: Mapped[str] = mapped_column(String(20), index=True)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[int | None] = mapped_column(Integer)


class RoleRow(Base):
    __tablename__ = "roles"
    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), index=True)
    title: Mapped[str | None] = mapped_column(String(300))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id", ondelete="SET NULL"))


class DateRow(Base):
    __tablename__ = "dates"
    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    date_start: Mapped[dt.date] = mapped_column(Date)
    date_end: Mapped[dt.date] = mapped_column(Date)
    precision: Mapped[str] = mapped_column(String(10))
    char_start: Mapped[int | None] = mapped_column(Integer)
    char_end: Mapped[int | None] = mapped_column(Integer)


class Story(Base):
    """One happening as every stored report of it tells it: the events of several articles grouped
    (lib/stories.py), with what they agree on, their sources and how sure the grouping leaves it."""

    __tablename__ = "stories"
    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(String(40))
    date_start: Mapped[dt.date | None] = mapped_column(Date, index=True)
    date_end: Mapped[dt.date | None] = mapped_column(Date)
    precision: Mapped[str | None] = mapped_column(String(10))
    location: Mapped[str | None] = mapped_column(String(300))
    participants: Mapped[str] = mapped_column(Text, default="")  # labels, "|"-separated, in order of first report
    agencies: Mapped[str] = mapped_column(Text, default="")  # agency ids, "|"-separated
    countries: Mapped[str] = mapped_column(Text, default="")  # country codes named or of its agencies
    terms: Mapped[str] = mapped_column(Text, default="")  # the evidence's names and numbers, for similarity
    sources: Mapped[int] = mapped_column(Integer, default=0)  # distinct articles
    first_reported: Mapped[dt.date | None] = mapped_column(Date)
    confidence: Mapped[float] = mapped_column(Float, default=0.0)


class StoryKey(Base):
    """The blocking index of the grouping: a story under each (week, participant) it may match, so
    that an ingested event is compared with the few stories of its weeks and parties, never all."""

    __tablename__ = "story_keys"
    __table_args__ = ({"sqlite_with_rowid": False},)
    bucket: Mapped[int] = mapped_column(Integer, primary_key=True)  # date.toordinal() // 7
    key: Mapped[str] = mapped_column(String(310), primary_key=True)  # "A:DGSI", "C:FR"
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True,
                                          index=True)


class EventRow(Base):
    __tablename__ = "events"
    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    story_id: Mapped[int | None] = mapped_column(ForeignKey("stories.id", ondelete="SET NULL"), index=True)
    type: Mapped[str] = mapped_column(String(40))
    code: Mapped[str | None] = mapped_column(String(8))
    date_start: Mapped[dt.date | None] = mapped_column(Date, index=True)
    date_end: Mapped[dt.date | None] = mapped_column(Date)
    precision: Mapped[str | None] = mapped_column(String(10))
    date_inferred: Mapped[bool] = mapped_column(Boolean, default=False)
    location: Mapped[str | None] = mapped_column(String(300))
    sentence: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    confidence: Mapped[float] = mapped_column(Float)


class EventEvidence(Base):
    """Every sentence that reports an event, in text order (the event's `sentence` is the first)."""

    __tablename__ = "event_evidence"
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[str] = mapped_column(Text)


class EventParticipant(Base):
    __tablename__ = "event_participants"
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id", ondelete="SET NULL"), index=True)
    label: Mapped[str] = mapped_column(String(300))


class TopicRow(Base):
    __tablename__ = "topics"
    __table_args__ = (UniqueConstraint("article_id", "topic"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    topic: Mapped[str] = mapped_column(String(60))


class ArticleEntity(Base):
    """One row per entity an article names: how often, in which sentences and paragraphs, and the
    article's publication date. A summary of the mentions kept with them (see `summarise_mentions`):
    the dashboard's counts, filters and co-occurrence read a quarter as many rows as the mentions.
    """

    __tablename__ = "article_entities"
    # Clustered by (entity, article) on SQLite: an entity's or a kind's rows are read as ranges.
    __table_args__ = ({"sqlite_with_rowid": False},)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    published: Mapped[dt.date | None] = mapped_column(Date)
    mentions: Mapped[int] = mapped_column(Integer)
    # Comma-separated indexes (as in "3,7,12"), NULL when none: read as integers with numpy.
    sentences: Mapped[str | None] = mapped_column(Text)
    paragraphs: Mapped[str | None] = mapped_column(Text)


class Finding(Base):
    """How an article's agency or person was found ("gazetteer name", "model organisation + trade
    word", "title + name"...) and how surely, 0-1: what the extraction said of it, kept with it."""

    __tablename__ = "findings"
    __table_args__ = ({"sqlite_with_rowid": False},)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    method: Mapped[str] = mapped_column(String(60))
    confidence: Mapped[float] = mapped_column(Float)


class EntityConfidence(Base):
    """Each entity's surest finding in the whole store, kept by every write: the dashboard hides the
    entities no article found surely (the model's guesses) without reading every finding."""

    __tablename__ = "entity_confidence"
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True)
    confidence: Mapped[float] = mapped_column(Float, index=True)


class FacetCount(Base):
    """Articles per value of each sidebar filter (an agency, a topic, a language...) over the whole
    store: kept up to date by every write (see lib/summaries.py), so the sidebar reads a few thousand
    rows instead of counting the corpus."""

    __tablename__ = "facet_counts"
    field: Mapped[str] = mapped_column(String(30), primary_key=True)  # a Filters field: agencies, topics...
    value: Mapped[str] = mapped_column(String(300), primary_key=True)
    articles: Mapped[int] = mapped_column(Integer)


class RawExtraction(Base):
    """What the extractor found, before any correction: corrections are replayed on it."""

    __tablename__ = "raw_extractions"
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    data: Mapped[str] = mapped_column(Text)


class CorrectionRow(Base):
    """The analyst's correction log, in order; an undone correction stays, marked undone."""

    __tablename__ = "corrections"
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    op: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))
    target: Mapped[str] = mapped_column(String(300))
    value: Mapped[str] = mapped_column(Text)  # JSON
    note: Mapped[str | None] = mapped_column(Text)
    undone_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


# Read-side indexes for the dashboard's filters and aggregates (lib/analytics).
# Entity lookups by prefix, and co-occurrence units (entity, article, sentence) read from the index
# alone, never the table.
Index("ix_mentions_entity_article_sentence", MentionRow.entity_id, MentionRow.article_id, MentionRow.sentence)
# Timeline lanes: an event's participants without touching the table.
Index("ix_event_participants_event_entity", EventParticipant.event_id, EventParticipant.entity_id)
# Paragraph windows and evidence sentences: (article, sentence index) to paragraph and offsets.
Index("ix_sentences_article_idx", SentenceRow.article_id, SentenceRow.idx, SentenceRow.paragraph)
# Filtered views: the entities of the articles in view.
Index("ix_article_entities_article", ArticleEntity.article_id, ArticleEntity.entity_id)
# Sidebar options: articles per event type and per topic counted from the index alone (the events'
# rows are wide, with their evidence sentence); agencies grouped by country or by kind in index order.
Index("ix_events_type_article", EventRow.type, EventRow.article_id)
Index("ix_topics_topic_article", TopicRow.topic, TopicRow.article_id)
Index("ix_entities_kind_country", Entity.kind, Entity.country)
Index("ix_entities_kind_agency_kind", Entity.kind, Entity.agency_kind)


# Older databases' indexes that are prefixes of a longer one above: each costs every insert a
# B-tree update and serves no query the longer one does not.
_SUPERSEDED_INDEXES = ("ix_mentions_entity_id", "ix_mentions_entity_article", "ix_events_type", "ix_topics_topic")

# Tables exported by name (CLI `export --table`, downloads).
TABLES: dict[str, type[Base]] = {
    "articles": Article,
    "sentences": SentenceRow,
    "entities": Entity,
    "mentions": MentionRow,
    "roles": RoleRow,
    "dates": DateRow,
    "events": EventRow,
    "event_participants": EventParticipant,
    "event_evidence": EventEvidence,
    "stories": Story,
    "story_keys": StoryKey,
    "topics": TopicRow,
    "findings": Finding,
    "corrections": CorrectionRow,
}


@event.listens_for(Base.metadata, "after_create")
def _create_missing_indexes(metadata, connection, **_) -> None:  # type: ignore[no-untyped-def]
    """`create_all` skips existing tables, and with them any index declared after they were made:
    add those to databases created by an older version, and drop the ones since superseded
    (SQLite and PostgreSQL alike). An older `events` table gets its `story_id` column."""
    if "story_id" not in {c["name"] for c in inspect(connection).get_columns("events")}:
        connection.execute(text("ALTER TABLE events ADD COLUMN story_id INTEGER REFERENCES stories(id) ON DELETE SET NULL"))
    for table in metadata.sorted_tables:
        for index in table.indexes:
            index.create(connection, checkfirst=True)
    for name in _SUPERSEDED_INDEXES:
        connection.execute(DropIndex(Index(name), if_exists=True))
