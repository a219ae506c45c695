"""The database: SQLAlchemy models and the writes and reads the rest of Entente needs.

SQLite file by default, any SQLAlchemy URL (PostgreSQL included) otherwise. Each article and
everything extracted from it is written in one transaction, so a failure never leaves half an
article behind. Uniqueness of an article's text is enforced by the database itself.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
from sqlalchemy import (
    Boolean,
    delete,
    update,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    func,
    select,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from lib.config import database_url
from lib.corrections import Correction, CorrectionError, apply_corrections, validate
from lib.records import Document, Extraction
from lib.serialize import extraction_from_json, extraction_to_json


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
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id", ondelete="SET NULL"), index=True)
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


class EventRow(Base):
    __tablename__ = "events"
    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(40), index=True)
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
    topic: Mapped[str] = mapped_column(String(60), index=True)


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
Index("ix_mentions_entity_article", MentionRow.entity_id, MentionRow.article_id)
# Co-occurrence units (entity, article, sentence) read from the index alone, never the table.
Index("ix_mentions_entity_article_sentence", MentionRow.entity_id, MentionRow.article_id, MentionRow.sentence)
# Timeline lanes: an event's participants without touching the table.
Index("ix_event_participants_event_entity", EventParticipant.event_id, EventParticipant.entity_id)
# Paragraph windows and evidence sentences: (article, sentence index) to paragraph and offsets.
Index("ix_sentences_article_idx", SentenceRow.article_id, SentenceRow.idx, SentenceRow.paragraph)
# Sidebar options: agencies grouped by country or by kind, read in index order.
Index("ix_entities_kind_country", Entity.kind, Entity.country)
Index("ix_entities_kind_agency_kind", Entity.kind, Entity.agency_kind)


@event.listens_for(Base.metadata, "after_create")
def _create_missing_indexes(metadata, connection, **_) -> None:  # type: ignore[no-untyped-def]
    """`create_all` skips existing tables, and with them any index declared after they were made:
    add those to databases created by an older version (SQLite and PostgreSQL alike)."""
    for table in metadata.sorted_tables:
        for index in table.indexes:
            index.create(connection, checkfirst=True)

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
    "topics": TopicRow,
    "corrections": CorrectionRow,
}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def _correction(row: CorrectionRow) -> Correction:
    return Correction(op=row.op, kind=row.kind, target=row.target, value=json.loads(row.value), note=row.note,
                      id=row.id, created_at=row.created_at)


def _active_corrections(session: Session) -> list[Correction]:
    rows = session.scalars(select(CorrectionRow).where(CorrectionRow.undone_at.is_(None)).order_by(CorrectionRow.id))
    return [_correction(row) for row in rows]


def _with_merge_target(session: Session, correction: Correction) -> Correction:
    """A merge records what it merges into (name, country, kind), so that replaying it on an
    article where only the merged-away entity appears gives the right attributes."""
    if correction.op != "merge":
        return correction
    into = session.execute(select(Entity.name, Entity.country, Entity.agency_kind).where(
        Entity.kind == correction.kind, Entity.key == correction.value["into"])).first()
    if into is None:
        return correction
    known = {"name": into.name, "country": into.country, "agency_kind": into.agency_kind}
    value = {**{k: v for k, v in known.items() if v is not None}, **dict(correction.value)}
    return replace(correction, value=value)


def _touched_articles(session: Session, correction: Correction) -> list[int]:
    """Articles whose raw extraction (or current state) names the correction's target: a cheap
    superset, rewritten exactly by the replay."""
    needle = json.dumps(correction.target, ensure_ascii=False)[1:-1]  # as it is written inside JSON
    raw = select(RawExtraction.article_id).where(RawExtraction.data.contains(needle, autoescape=True))
    return list(session.scalars(raw))


def _delete_orphan_entities(session: Session) -> None:
    """Entities nothing refers to any more (merged away, relabelled) leave the tables."""
    used = (
        select(MentionRow.entity_id).where(MentionRow.entity_id.is_not(None))
        .union(select(RoleRow.person_id), select(RoleRow.agency_id).where(RoleRow.agency_id.is_not(None)),
               select(EventParticipant.entity_id).where(EventParticipant.entity_id.is_not(None)))
    )
    session.execute(delete(Entity).where(Entity.id.not_in(used)))


def content_hash(text: str) -> str:
    """Hash of the text with white space folded, so re-encoded or re-wrapped copies match."""
    folded = re.sub(r"\s+", " ", text).strip().casefold()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class AddResult:
    status: str  # "ingested" or "duplicate"
    article_id: int
    title: str | None


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    # WAL lets the dashboard read while an ingest writes; the timeout waits instead of failing.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_manual_transactions(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" event below emits BEGIN itself


def _sqlite_begin_immediate(connection) -> None:  # type: ignore[no-untyped-def]
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str | None = None, *, for_writes: bool = False) -> Engine:
    url = database_url(url)
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, future=True, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        if for_writes:
            # A deferred transaction that reads and then writes fails at once with "database is
            # locked" when another process wrote meanwhile; taking the write lock at BEGIN makes
            # concurrent writers wait for each other (busy_timeout) instead.
            event.listen(engine, "connect", _sqlite_manual_transactions)
            event.listen(engine, "begin", _sqlite_begin_immediate)
    return engine


# Errors after which the same transaction may well succeed: a lock wait that ran out, a deadlock
# between two writers, a serialisation failure. Anything else is a real error.
_TRANSIENT = ("database is locked", "deadlock detected", "could not serialize")


class Store:
    """One database; the schema is created on first use."""

    def __init__(self, url: str | None = None):
        self.engine = make_engine(url)  # reads: the dashboard never waits for a writer
        self.writer = make_engine(url, for_writes=True) if self.engine.dialect.name == "sqlite" else self.engine
        Base.metadata.create_all(self.writer)
        self.sessions = sessionmaker(self.writer, expire_on_commit=False)

    def dispose(self) -> None:
        self.engine.dispose()
        self.writer.dispose()

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    # --- writes ---------------------------------------------------------------------------

    def find_duplicate(self, text: str) -> tuple[int, str | None] | None:
        """(id, title) of the stored article with the same text, if any."""
        with self.sessions() as session:
            row = session.execute(
                select(Article.id, Article.title).where(Article.content_hash == content_hash(text))
            ).first()
        return (row.id, row.title) if row else None

    def add_article(self, document: Document, extraction: Extraction, attempts: int = 5) -> AddResult:
        """Store the article and its extraction in one transaction; a duplicate text is not stored.

        A transient conflict with another writer (lock timeout, deadlock) is retried.
        """
        for attempt in range(1, attempts + 1):
            try:
                return self._add_article_once(document, extraction)
            except OperationalError as error:
                if attempt == attempts or not any(t in str(error).lower() for t in _TRANSIENT):
                    raise
                time.sleep(0.05 * 2**attempt)
        raise AssertionError("unreachable")

    def _add_article_once(self, document: Document, extraction: Extraction) -> AddResult:
        digest = content_hash(document.text)
        try:
            with self.sessions.begin() as session:
                article = Article(
                    content_hash=digest,
                    title=document.title,
                    source=document.source,
                    url=document.url,
                    published=document.published,
                    published_origin=document.published_origin,
                    language=extraction.language or None,
                    text=document.text,
                    filename=document.filename,
                    ingested_at=dt.datetime.now(dt.timezone.utc).replace(tzinfo=None),
                    model=extraction.model or None,
                    note=extraction.note,
                )
                session.add(article)
                session.flush()
                session.add(RawExtraction(article_id=article.id, data=extraction_to_json(extraction)))
                corrected = apply_corrections(extraction, _active_corrections(session), article=digest)
                _write_extraction(session, article.id, corrected)
            return AddResult("ingested", article.id, document.title)
        except IntegrityError:
            # Another writer stored the same text first: the database's uniqueness decides.
            existing = self.find_duplicate(document.text)
            if existing is None:
                raise
            return AddResult("duplicate", existing[0], existing[1])

    # --- corrections ----------------------------------------------------------------------

    def corrections(self, *, include_undone: bool = True) -> list[tuple[Correction, dt.datetime | None]]:
        """The log in order, each with the time it was undone (None while it holds)."""
        with self.sessions() as session:
            statement = select(CorrectionRow).order_by(CorrectionRow.id)
            if not include_undone:
                statement = statement.where(CorrectionRow.undone_at.is_(None))
            return [(_correction(row), row.undone_at) for row in session.scalars(statement)]

    def add_correction(self, correction: Correction) -> int:
        """Append to the log and rewrite every stored article it touches, in one transaction."""
        validate(correction)
        with self.sessions.begin() as session:
            correction = _with_merge_target(session, correction)
            row = CorrectionRow(
                created_at=correction.created_at or _now(), op=correction.op, kind=correction.kind,
                target=correction.target, value=json.dumps(dict(correction.value), ensure_ascii=False),
                note=correction.note)
            session.add(row)
            session.flush()
            self._reapply(session, _touched_articles(session, correction))
            return row.id

    def undo_correction(self, correction_id: int) -> Correction:
        """Take a correction out of the log's effect; the articles return to the state without it."""
        with self.sessions.begin() as session:
            row = session.get(CorrectionRow, correction_id)
            if row is None:
                raise CorrectionError(f"no correction number {correction_id}")
            if row.undone_at is not None:
                raise CorrectionError(f"correction {correction_id} is already undone")
            row.undone_at = _now()
            session.flush()
            correction = _correction(row)
            self._reapply(session, _touched_articles(session, correction))
            return correction

    def replace_extractions(self, extractions: dict[int, Extraction]) -> None:
        """New raw extractions (a re-extraction, a new model) for stored articles; corrections kept."""
        with self.sessions.begin() as session:
            for article_id, extraction in extractions.items():
                raw = session.get(RawExtraction, article_id)
                if raw is None:
                    session.add(RawExtraction(article_id=article_id, data=extraction_to_json(extraction)))
                else:
                    raw.data = extraction_to_json(extraction)
                article = session.get(Article, article_id)
                article.model, article.note, article.language = (
                    extraction.model or None, extraction.note, extraction.language or article.language)
            session.flush()
            self._reapply(session, list(extractions))

    def _reapply(self, session: Session, article_ids: Iterable[int]) -> None:
        """Rewrite the articles' extraction rows from their raw extraction and the active log."""
        log = _active_corrections(session)
        for article_id in sorted(set(article_ids)):
            raw = session.get(RawExtraction, article_id)
            article = session.get(Article, article_id)
            if raw is None or article is None:
                continue
            for model in (SentenceRow, MentionRow, RoleRow, DateRow, TopicRow):
                session.execute(delete(model).where(model.article_id == article_id))
            event_ids = select(EventRow.id).where(EventRow.article_id == article_id)
            session.execute(delete(EventParticipant).where(EventParticipant.event_id.in_(event_ids)))
            session.execute(delete(EventRow).where(EventRow.article_id == article_id))
            extraction = apply_corrections(extraction_from_json(raw.data), log, article=article.content_hash)
            _write_extraction(session, article_id, extraction)
        session.flush()
        _delete_orphan_entities(session)

    # --- reads ----------------------------------------------------------------------------

    def version(self) -> tuple[object, ...]:
        """Changes whenever what the pages show may change (new articles, a correction or its undo):
        the key that cached frames are tied to."""
        with self.engine.connect() as connection:
            articles = connection.execute(select(func.count(Article.id), func.max(Article.id))).one()
            log = connection.execute(select(func.count(CorrectionRow.id), func.max(CorrectionRow.id),
                                            func.count(CorrectionRow.undone_at))).one()
        return (*articles, *log)

    def count(self, table: str = "articles") -> int:
        model = TABLES[table]
        with self.sessions() as session:
            return int(session.scalar(select(func.count()).select_from(model)) or 0)

    def frame(self, table: str) -> pd.DataFrame:
        """A whole table as a DataFrame (for exports and small corpora)."""
        model = TABLES[table]
        with self.engine.connect() as connection:
            return pd.read_sql(select(model.__table__).order_by(model.__table__.c.id), connection)

    def query(self, statement) -> pd.DataFrame:  # type: ignore[no-untyped-def]
        with self.engine.connect() as connection:
            return pd.read_sql(statement, connection)


def _entity_id(session: Session, cache: dict[tuple[str, str], int], kind: str, key: str, **fields) -> int:  # type: ignore[no-untyped-def]
    """Get or create the canonical entity (kind, key), safe against a concurrent creator.

    Attributes given (name, country, agency kind) replace the stored ones, so an analyst's
    correction of an agency's country reaches its entity row.
    """
    if (kind, key) in cache:
        return cache[(kind, key)]
    existing = session.execute(
        select(Entity.id, Entity.name, Entity.country, Entity.agency_kind).where(Entity.kind == kind, Entity.key == key)
    ).first()
    found = existing.id if existing else None
    if existing is not None:
        changes = {k: v for k, v in fields.items() if v is not None and getattr(existing, k) != v}
        if changes:
            session.execute(update(Entity).where(Entity.id == existing.id).values(**changes))
    else:
        try:
            with session.begin_nested():
                entity = Entity(kind=kind, key=key, name=fields.get("name") or key, **{
                    k: v for k, v in fields.items() if k != "name"
                })
                session.add(entity)
                session.flush()
                found = entity.id
        except IntegrityError:
            found = session.scalar(select(Entity.id).where(Entity.kind == kind, Entity.key == key))
    cache[(kind, key)] = int(found)  # type: ignore[arg-type]
    return cache[(kind, key)]


def _write_extraction(session: Session, article_id: int, ex: Extraction) -> None:
    cache: dict[tuple[str, str], int] = {}
    _create_entities_in_order(session, cache, ex)
    session.add_all(
        SentenceRow(article_id=article_id, idx=i, start=s.start, end=s.end, paragraph=s.paragraph)
        for i, s in enumerate(ex.sentences)
    )
    for person in ex.persons:
        person_id = cache[("PERSON", person.name)]
        agency_id = cache.get(("AGENCY", person.agency)) if person.agency else None
        if person.role or agency_id:
            session.add(RoleRow(article_id=article_id, person_id=person_id, title=person.role,
                                agency_id=agency_id))
    session.add_all(
        MentionRow(
            article_id=article_id,
            entity_id=cache.get((m.label, m.key)) if m.key else None,
            label=m.label,
            text=m.text,
            start=m.start,
            end=m.end,
            sentence=m.sentence,
        )
        for m in ex.mentions
    )
    session.add_all(
        DateRow(article_id=article_id, text=d.text, date_start=d.start, date_end=d.end,
                precision=d.precision, char_start=d.char_start, char_end=d.char_end)
        for d in ex.dates
    )
    for e in ex.events:
        row = EventRow(article_id=article_id, type=e.type, code=e.code, date_start=e.date,
                       date_end=e.date_end, precision=e.precision, date_inferred=e.date_inferred,
                       location=e.location, sentence=e.sentence, start=e.start, end=e.end,
                       confidence=e.confidence)
        session.add(row)
        session.flush()
        session.add_all(
            EventParticipant(event_id=row.id, label=p, entity_id=_participant_entity(cache, p))
            for p in e.participants
        )
    session.add_all(TopicRow(article_id=article_id, topic=t) for t in dict.fromkeys(ex.topics))


def _create_entities_in_order(session: Session, cache: dict[tuple[str, str], int], ex: Extraction) -> None:
    """Create the article's entities sorted by (kind, key): two writers that need the same new
    entities then lock them in the same order, so they queue instead of deadlocking."""
    wanted: dict[tuple[str, str], dict[str, object]] = {}
    for agency in ex.agencies:
        wanted[("AGENCY", agency.id)] = {"name": agency.name, "country": agency.country, "agency_kind": agency.kind}
    for country in ex.countries:
        wanted[("COUNTRY", country.code)] = {"name": country.name, "country": country.code}
    for location in ex.locations:
        wanted[("LOCATION", location.name)] = {"country": location.country}
    for person in ex.persons:
        wanted[("PERSON", person.name)] = {}
    for (kind, key), fields in sorted(wanted.items()):
        _entity_id(session, cache, kind, key, **fields)


def _participant_entity(cache: dict[tuple[str, str], int], label: str) -> int | None:
    for kind in ("AGENCY", "PERSON", "COUNTRY", "LOCATION"):
        if (kind, label) in cache:
            return cache[(kind, label)]
    return None
