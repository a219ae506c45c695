"""The database: the writes and reads the rest of Entente needs (the tables are in lib/schema.py).

SQLite file by default, any SQLAlchemy URL (PostgreSQL included) otherwise. Articles and
everything extracted from them are written in one transaction per batch (bulk inserts); a batch
that fails is written again one article per transaction, so a failure never leaves half an article
behind and rejects only the article at fault. Uniqueness of an article's text is enforced by the
database itself.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from operator import itemgetter
from pathlib import Path

import pandas as pd
from sqlalchemy import Select, create_engine, delete, event, false, func, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine, Row
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from lib.config import database_url
from lib.corrections import Correction, CorrectionError, Replay, introduced_names, validate
from lib.records import Document, Extraction
from lib.schema import (  # noqa: F401  (the tables, re-exported: lib.store is where callers find them)
    IN_CHUNK,
    TABLES,
    Article,
    ArticleEntity,
    Base,
    CorrectionRow,
    DateRow,
    Entity,
    EntityConfidence,
    EventEvidence,
    EventParticipant,
    EventRow,
    FacetCount,
    Finding,
    MentionRow,
    RawExtraction,
    RoleRow,
    SentenceRow,
    Story,
    StoryKey,
    TopicRow,
)
from lib.extraction.happenings import happenings
from lib.outage import lost_connection
from lib.search import index_articles
from lib.serialize import extraction_from_json, extraction_to_json
from lib.correction_schema import STORY_OPS
from lib.stories import apply_story_corrections, group_events, refresh, regroup, ungroup
from lib.summaries import recount_facets, summarise, summarise_mentions


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def _correction(row: CorrectionRow | Row) -> Correction:
    """A stored record as a Correction, checked against its declared shape: one that no longer fits
    (an older version's, a hand-made one) carries its problem instead of breaking whoever reads it."""
    return _checked(row.id, row.created_at, row.op, row.kind, row.target, row.value, row.note)


# Rows never change once written (undoing sets another column), so each is checked once per process:
# reading a log of 190,000 records then costs the query, not 5 s of validation on every page view.
@functools.lru_cache(maxsize=2**19)
def _checked(id: int, created_at: dt.datetime, op: str, kind: str, target: str, value: str,
             note: str | None) -> Correction:
    try:
        parsed = json.loads(value)
    except (TypeError, ValueError):
        parsed = None
    stored = Correction(op=op, kind=kind, target=target, value=parsed if isinstance(parsed, dict) else {},
                        note=note, id=id, created_at=created_at)
    if not isinstance(parsed, dict):
        return replace(stored, problem="its value is not a JSON object")
    try:
        return validate(stored)
    except CorrectionError as error:
        return replace(stored, problem=str(error))


_Attributes = dict[tuple[str, str], dict[str, object]]


def _with_merge_target(session: Session, correction: Correction, pending: _Attributes | None = None) -> Correction:
    """A merge records what it merges into (name, country, kind), so that replaying it on an
    article where only the merged-away entity appears gives the right attributes. `pending`:
    attributes given by corrections written before this one in the same transaction."""
    if correction.op != "merge":
        return correction
    into = (correction.kind, str(correction.value["into"]))
    row = session.execute(select(Entity.name, Entity.country, Entity.agency_kind).where(
        Entity.kind == into[0], Entity.key == into[1])).first()
    known = {"name": row.name, "country": row.country, "agency_kind": row.agency_kind} if row else {}
    known.update((pending or {}).get(into, {}))
    if not known:
        return correction
    value = {**{k: v for k, v in known.items() if v is not None}, **dict(correction.value)}
    return validate(replace(correction, value=value))


def _given_attributes(correction: Correction, pending: _Attributes) -> None:
    """Note the attributes a rename or set_agency gives its target, for later merges into it."""
    fields = {"rename": ("name",), "set_agency": ("country", "agency_kind")}.get(correction.op, ())
    given = {f: correction.value[f] for f in fields if correction.value.get(f)}
    if given:
        pending.setdefault((correction.kind, correction.target), {}).update(given)


# Up to this many names, one SQL scan of the raw extractions with a LIKE per name; beyond, one pass
# in Python that compares every string of each raw extraction with the set of names.
_LIKE_NAMES = 8
_JSON_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def _names_reaching(corrections: Iterable[Correction], log: Iterable[Correction]) -> set[str]:
    """The corrections' targets, and every name the log turns into one of them (merged into it,
    relabelled or renamed to it): an article whose raw extraction has any of them may change."""
    sources: dict[str, set[str]] = {}
    for c in log:
        if c.problem is None:
            for name in introduced_names(c):
                sources.setdefault(name, set()).add(c.target)
    names = {c.target for c in corrections}
    todo = list(names)
    while todo:
        for source in sources.get(todo.pop(), ()):
            if source not in names:
                names.add(source)
                todo.append(source)
    return names


def _touched_articles(session: Session, corrections: list[Correction], log: Iterable[Correction]) -> list[int]:
    """Articles whose raw extraction names a correction's target, or a name the log turns into one:
    a cheap superset, rewritten exactly by the replay."""
    names = _names_reaching(corrections, log)
    written = {json.dumps(name, ensure_ascii=False)[1:-1] for name in names}  # as they are written inside JSON
    if len(written) <= _LIKE_NAMES:
        raw = select(RawExtraction.article_id).where(
            or_(false(), *(RawExtraction.data.contains(needle, autoescape=True) for needle in written)))
        return list(session.scalars(raw))
    rows = session.execute(select(RawExtraction.article_id, RawExtraction.data).execution_options(yield_per=500))
    return [article_id for article_id, data in rows if not written.isdisjoint(_JSON_STRING.findall(data))]


def _delete_orphan_entities(session: Session) -> None:
    """Entities nothing refers to any more (merged away, relabelled) leave the tables."""
    used = (
        select(MentionRow.entity_id).where(MentionRow.entity_id.is_not(None))
        .union(select(RoleRow.person_id), select(RoleRow.agency_id).where(RoleRow.agency_id.is_not(None)),
               select(EventParticipant.entity_id).where(EventParticipant.entity_id.is_not(None)))
    )
    session.execute(delete(Entity).where(Entity.id.not_in(used)))


def _correction_values(correction: Correction) -> dict[str, object]:
    return {"created_at": correction.created_at or _now(), "op": correction.op, "kind": correction.kind,
            "target": correction.target, "value": json.dumps(dict(correction.value), ensure_ascii=False),
            "note": correction.note}


def _correction_row(correction: Correction) -> CorrectionRow:
    return CorrectionRow(**_correction_values(correction))


def content_hash(text: str) -> str:
    """Hash of the text with white space folded, so re-encoded or re-wrapped copies match."""
    folded = re.sub(r"\s+", " ", text).strip().casefold()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class AddResult:
    status: str  # "ingested" or "duplicate"
    article_id: int
    title: str | None


def _article_row(digest: str, document: Document, extraction: Extraction) -> dict[str, object]:
    return {
        "content_hash": digest, "title": document.title, "source": document.source, "url": document.url,
        "published": document.published, "published_origin": document.published_origin,
        "language": extraction.language or None, "text": document.text, "filename": document.filename,
        "ingested_at": _now(), "model": extraction.model or None, "note": extraction.note,
    }


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


def _transient(error: OperationalError) -> bool:
    return any(t in str(error).lower() for t in _TRANSIENT)


class Store:
    """One database; the schema is created on first use."""

    def __init__(self, url: str | None = None):
        self.engine = make_engine(url)  # reads: the dashboard never waits for a writer
        self.writer = make_engine(url, for_writes=True) if self.engine.dialect.name == "sqlite" else self.engine
        Base.metadata.create_all(self.writer)
        self.sessions = sessionmaker(self.writer, expire_on_commit=False)
        # The active log, parsed and indexed once per state of the corrections table.
        self._replay_cache: tuple[tuple[object, ...], Replay] | None = None
        self._group_ungrouped()

    # Events grouped into stories per transaction when a database made by an older version is opened.
    _UPGRADE_BATCH = 5000

    def _group_ungrouped(self) -> None:
        """A database made before stories existed has events without one: group them, oldest first,
        a batch per transaction (an ingest meanwhile waits for a batch, never for the whole)."""
        while True:
            with self.sessions.begin() as session:
                ids = list(session.scalars(select(EventRow.id).where(EventRow.story_id.is_(None))
                                           .order_by(EventRow.id).limit(self._UPGRADE_BATCH)))
                if not ids:
                    return
                group_events(session, ids)
                apply_story_corrections(session, [c for c in self._replay(session).corrections
                                                  if c.op in STORY_OPS])

    def dispose(self) -> None:
        self.engine.dispose()
        self.writer.dispose()

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    # --- writes ---------------------------------------------------------------------------

    def find_duplicate(self, text: str) -> tuple[int, str | None] | None:
        """(id, title) of the stored article with the same text, if any."""
        # On the reading engine: a plain read, without the write lock a SQLite writer's BEGIN takes
        # (and half the cost per call, which ingest pays once per file).
        with self.engine.connect() as connection:
            row = connection.execute(
                select(Article.id, Article.title).where(Article.content_hash == content_hash(text))
            ).first()
        return (row.id, row.title) if row else None

    def add_article(self, document: Document, extraction: Extraction, attempts: int = 5) -> AddResult:
        """Store the article and its extraction in one transaction; a duplicate text is not stored.

        A transient conflict with another writer (lock timeout, deadlock) is retried.
        """
        pair = [(document, extraction)]
        try:
            return self._retrying(lambda: self._add_batch_once(pair), attempts)[0]
        except IntegrityError:
            # Another writer stored the same text first: the database's uniqueness decides.
            existing = self.find_duplicate(document.text)
            if existing is None:
                raise
            return AddResult("duplicate", existing[0], existing[1])

    def add_articles(self, pairs: Iterable[tuple[Document, Extraction]], attempts: int = 5
                     ) -> list[AddResult | SQLAlchemyError]:
        """Store several articles in one transaction (a few bulk statements instead of a few per row),
        each result in input order: an AddResult, or the database error that kept that article out.

        If the batch fails as a whole (a duplicate stored meanwhile by another writer, one bad
        article), nothing of it stays and its articles are written one by one instead, so only the
        bad one is rejected. A lost connection is raised: nothing of the batch was stored."""
        pairs = list(pairs)
        if not pairs:
            return []
        try:
            return list(self._retrying(lambda: self._add_batch_once(pairs), attempts))
        except OperationalError as error:
            if _transient(error):  # already retried: one article at a time would wait as long again, each
                return [error] * len(pairs)
            if lost_connection(error):  # no article is at fault, and none was stored: the caller decides
                raise
        except Exception as error:  # noqa: BLE001 - any other failure of the batch: each article gets its own chance
            if lost_connection(error):
                raise
        results: list[AddResult | SQLAlchemyError] = []
        for document, extraction in pairs:
            try:
                results.append(self.add_article(document, extraction, attempts))
            except SQLAlchemyError as error:
                results.append(error)
        return results

    def _retrying(self, write: Callable[[], list[AddResult]], attempts: int) -> list[AddResult]:
        for attempt in range(1, attempts + 1):
            try:
                return write()
            except OperationalError as error:
                if attempt == attempts or not _transient(error):
                    raise
                time.sleep(0.05 * 2**attempt)
        raise AssertionError("unreachable")

    def _add_batch_once(self, pairs: list[tuple[Document, Extraction]]) -> list[AddResult]:
        digests = [content_hash(document.text) for document, _ in pairs]
        with self.sessions.begin() as session:
            results: dict[str, AddResult] = {}  # by content hash, for duplicates within the batch
            for at in range(0, len(digests), IN_CHUNK):
                found = session.execute(select(Article.id, Article.title, Article.content_hash)
                                        .where(Article.content_hash.in_(digests[at:at + IN_CHUNK])))
                results.update((row.content_hash, AddResult("duplicate", row.id, row.title)) for row in found)
            new: dict[str, tuple[Document, Extraction]] = {}  # each new text once, its first copy, in order
            for digest, pair in zip(digests, pairs):
                if digest not in results:
                    new.setdefault(digest, pair)
            if new:
                ids = session.execute(
                    insert(Article).returning(Article.id, sort_by_parameter_order=True),
                    [_article_row(digest, document, extraction) for digest, (document, extraction) in new.items()],
                ).scalars().all()
                session.execute(insert(RawExtraction), [
                    {"article_id": article_id, "data": extraction_to_json(extraction)}
                    for article_id, (_, extraction) in zip(ids, new.values(), strict=True)])
                index_articles(session.connection(), [(article_id, document.title, document.text) for
                                                      article_id, (document, _) in zip(ids, new.values(), strict=True)])
                replay = self._replay(session)
                rows = _Rows()
                for article_id, (digest, (document, extraction)) in zip(ids, new.items(), strict=True):
                    _write_extraction(rows, article_id, replay.apply(extraction, article=digest))
                    results[digest] = AddResult("ingested", article_id, document.title)
                rows.insert(session, log=replay.corrections)
        seen: set[str] = set()
        ordered = []
        for digest, (document, _) in zip(digests, pairs):
            result = results[digest]
            if result.status == "ingested" and digest in seen:  # the same text twice in the batch
                result = AddResult("duplicate", result.article_id, result.title)
            seen.add(digest)
            ordered.append(result)
        return ordered

    # --- corrections ----------------------------------------------------------------------

    def _replay(self, session: Session) -> Replay:
        """The active, valid log ready to replay; read again only when the corrections table changed.
        Rows are only ever added, undone or deleted, so these numbers tell (the latest creation time
        too: a write rolled back after this was read may leave its id to the next one)."""
        state = tuple(session.execute(select(func.count(CorrectionRow.id), func.max(CorrectionRow.id),
                                             func.count(CorrectionRow.undone_at),
                                             func.max(CorrectionRow.created_at))).one())
        cached = self._replay_cache
        if cached is None or cached[0] != state:
            rows = session.execute(select(CorrectionRow.__table__).where(CorrectionRow.undone_at.is_(None))
                                   .order_by(CorrectionRow.id))
            cached = self._replay_cache = (state, Replay(c for c in map(_correction, rows) if c.problem is None))
        return cached[1]

    def corrections(self, *, include_undone: bool = True) -> list[tuple[Correction, dt.datetime | None]]:
        """The log in order, each with the time it was undone (None while it holds). A record that
        no longer fits its declared shape comes with its `problem` set, and is never applied."""
        # Plain rows, not ORM objects: a log of 190,000 records reads in a tenth of the time.
        statement = select(CorrectionRow.__table__).order_by(CorrectionRow.id)
        if not include_undone:
            statement = statement.where(CorrectionRow.undone_at.is_(None))
        with self.engine.connect() as connection:
            return [(_correction(row), row.undone_at) for row in connection.execute(statement)]

    def add_correction(self, correction: Correction) -> int:
        """Append to the log and rewrite every stored article it touches, in one transaction."""
        correction = validate(correction)
        with self.sessions.begin() as session:
            correction = _with_merge_target(session, correction)
            row = _correction_row(correction)
            session.add(row)
            session.flush()
            if correction.op in STORY_OPS:  # the grouping changes, not any article's extraction
                apply_story_corrections(session, [correction])
                return row.id
            replay = self._replay(session)
            self._reapply(session, _touched_articles(session, [correction], replay.corrections))
            return row.id

    def add_corrections(self, corrections: Iterable[Correction], *, batch_size: int = 1000,
                        on_progress: Callable[[int, int], None] | None = None) -> int:
        """Append many corrections to the log and rewrite the articles they touch, all in one
        transaction: either every one is recorded or none is. `on_progress(done, total)` after each
        batch of rows. Returns how many were added."""
        checked = [validate(c) for c in corrections]
        with self.sessions.begin() as session:
            pending: _Attributes = {}
            for at in range(0, len(checked), batch_size):
                rows = []
                for correction in checked[at:at + batch_size]:
                    correction = _with_merge_target(session, correction, pending)
                    _given_attributes(correction, pending)
                    rows.append(_correction_values(correction))
                session.execute(insert(CorrectionRow), rows)
                if on_progress:
                    on_progress(min(at + batch_size, len(checked)), len(checked))
            extractions = [c for c in checked if c.op not in STORY_OPS]
            if extractions:
                replay = self._replay(session)
                self._reapply(session, _touched_articles(session, extractions, replay.corrections))
            apply_story_corrections(session, checked)
        return len(checked)

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
            if correction.problem is None and correction.op in STORY_OPS:
                regroup(session, correction.value.get("reports") or [], self._replay(session).corrections)
            elif correction.problem is None:  # an invalid record was never applied: nothing to rewrite
                log = [*self._replay(session).corrections, correction]
                self._reapply(session, _touched_articles(session, [correction], log))
            return correction

    def delete_correction(self, correction_id: int) -> Correction:
        """Remove a record that does not fit its declared shape from the log (it was never applied);
        a valid correction is undone instead, so that the log keeps what was done."""
        with self.sessions.begin() as session:
            row = session.get(CorrectionRow, correction_id)
            if row is None:
                raise CorrectionError(f"no correction number {correction_id}")
            correction = _correction(row)
            if correction.problem is None:
                raise CorrectionError(f"correction {correction_id} is valid: undo it instead")
            session.delete(row)
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
        replay = self._replay(session)
        rows = _Rows()
        regrouped = ungroup(session, article_ids)
        for article_id in sorted(set(article_ids)):
            raw = session.get(RawExtraction, article_id)
            article = session.get(Article, article_id)
            if raw is None or article is None:
                continue
            for model in (ArticleEntity, SentenceRow, MentionRow, RoleRow, DateRow, TopicRow, Finding):
                session.execute(delete(model).where(model.article_id == article_id))
            event_ids = select(EventRow.id).where(EventRow.article_id == article_id)
            session.execute(delete(EventParticipant).where(EventParticipant.event_id.in_(event_ids)))
            session.execute(delete(EventEvidence).where(EventEvidence.event_id.in_(event_ids)))
            session.execute(delete(EventRow).where(EventRow.article_id == article_id))
            extraction = replay.apply(extraction_from_json(raw.data), article=article.content_hash)
            _write_extraction(rows, article_id, extraction)
        session.flush()
        refresh(session, regrouped)  # the stories without the rewritten events, before these regroup
        rows.insert(session, rewrite=True, log=replay.corrections)
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
            return pd.read_sql(select(model.__table__).order_by(*model.__table__.primary_key.columns), connection)

    def query(self, statement) -> pd.DataFrame:  # type: ignore[no-untyped-def]
        with self.engine.connect() as connection:
            return pd.read_sql(statement, connection)

    def columns(self, statement: Select) -> list[list]:  # type: ignore[type-arg]
        """The result as one list per selected column, values as the driver gives them (SQLite: dates
        as ISO text). For a million rows: the driver's plain tuples, split by `itemgetter`, are ten
        times faster than SQLAlchemy rows or `read_sql`."""
        with self.engine.connect() as connection:
            rows = connection.execute(statement).cursor.fetchall()
        return [list(map(itemgetter(i), rows)) for i in range(len(statement.selected_columns))]


# Entity attributes an extraction may set; given ones replace the stored ones (see _resolve_entities).
_ENTITY_FIELDS = ("name", "country", "agency_kind")


class _Rows:
    """The rows of one or more articles' extractions, collected first and then inserted table by
    table with executemany: a batch of articles costs a few statements, not one per row.

    Rows name entities by (kind, key); ids are resolved once for the whole batch in `insert`.
    """

    def __init__(self) -> None:
        # (kind, key) -> the fields each article gave, in article order.
        self.entities: dict[tuple[str, str], list[dict[str, object]]] = {}
        self.sentences: list[dict[str, object]] = []
        self.roles: list[dict[str, object]] = []
        self.mentions: list[dict[str, object]] = []
        self.dates: list[dict[str, object]] = []
        # Each event with its participants and its evidence sentences.
        self.events: list[tuple[dict[str, object], list[dict[str, object]], list[dict[str, object]]]] = []
        self.topics: list[dict[str, object]] = []
        self.findings: list[dict[str, object]] = []
        self.articles: list[int] = []

    def insert(self, session: Session, *, rewrite: bool = False, log: Iterable[Correction] = ()) -> None:
        """Insert every row and the articles' summaries. `rewrite`: the articles were counted before
        (corrections rewrite them), so the facet counts are counted afresh instead of added to.
        `log`: the active corrections, whose merges and splits of stories naming these articles'
        reports are replayed once their events are grouped."""
        ids, moved = _resolve_entities(session, self.entities)

        def with_ids(rows: list[dict[str, object]], *columns: str) -> list[dict[str, object]]:
            return [{**row, **{c: ids[row[c]] if row[c] is not None else None for c in columns}} for row in rows]

        _insert_many(session, SentenceRow, self.sentences)
        _insert_many(session, RoleRow, with_ids(self.roles, "person_id", "agency_id"))
        _insert_many(session, MentionRow, with_ids(self.mentions, "entity_id"))
        _insert_many(session, DateRow, self.dates)
        if self.events:
            event_ids = session.execute(
                insert(EventRow).returning(EventRow.id, sort_by_parameter_order=True),
                [row for row, _, _ in self.events]).scalars().all()
            participants = [{**p, "event_id": event_id}
                            for event_id, (_, event_participants, _) in zip(event_ids, self.events, strict=True)
                            for p in event_participants]
            _insert_many(session, EventParticipant, with_ids(participants, "entity_id"))
            _insert_many(session, EventEvidence, [{**e, "event_id": event_id}
                                                  for event_id, (_, _, evidence) in zip(event_ids, self.events, strict=True)
                                                  for e in evidence])
            group_events(session, event_ids)
            story_log = [c for c in log if c.op in STORY_OPS]
            if story_log:
                hashes = set(session.scalars(select(Article.content_hash).where(Article.id.in_(self.articles))))
                apply_story_corrections(session, story_log, hashes)
        _insert_many(session, TopicRow, self.topics)
        findings = with_ids(self.findings, "entity_id")
        _insert_many(session, Finding, findings)
        _keep_surest(session, {row["entity_id"] for row in findings})
        connection = session.connection()
        if rewrite or moved:
            summarise_mentions(connection, self.articles)
            recount_facets(connection)
        else:
            summarise(connection, self.articles)


def _keep_surest(session: Session, entity_ids: set[object]) -> None:
    """Set these entities' surest finding over the store anew (one upsert per chunk of ids)."""
    dialect = session.get_bind().dialect.name
    dialect_insert = sqlite_insert if dialect == "sqlite" else postgresql_insert
    ids = sorted(i for i in entity_ids if i is not None)
    for at in range(0, len(ids), IN_CHUNK):
        surest = (select(Finding.entity_id, func.max(Finding.confidence))
                  .where(Finding.entity_id.in_(ids[at : at + IN_CHUNK])).group_by(Finding.entity_id))
        statement = dialect_insert(EntityConfidence).from_select(["entity_id", "confidence"], surest)
        session.execute(statement.on_conflict_do_update(index_elements=["entity_id"],
                                                        set_={"confidence": statement.excluded.confidence}))


def _insert_many(session: Session, model: type[Base], rows: list[dict[str, object]]) -> None:
    if rows:
        session.execute(insert(model.__table__), rows)


def _resolve_entities(session: Session, wanted: dict[tuple[str, str], list[dict[str, object]]]
                      ) -> tuple[dict[tuple[str, str], int], bool]:
    """Ids of the canonical entities (kind, key), created when missing, safe against a concurrent
    creator; attributes given replace the stored ones, later articles' over earlier ones', so an
    analyst's correction of an agency's country reaches its entity row. Also whether a stored
    agency's country or kind changed (which moves its articles between the sidebar's counts).

    Entities are created and updated sorted by (kind, key): two writers that need the same new
    entities then lock them in the same order, so they queue instead of deadlocking."""
    keys = sorted(wanted)
    moved = False
    stored = _stored_entities(session, keys)
    missing = [k for k in keys if k not in stored]
    if missing:
        _create_entities(session, [_new_entity(k, wanted[k][0]) for k in missing])
        stored.update(_stored_entities(session, missing))
    for k in keys:
        # A new entity was created with its first article's fields; the later ones may still change it.
        given = wanted[k][1:] if k in missing else wanted[k]
        changes: dict[str, object] = {}
        for fields in given:
            changes.update((f, v) for f, v in fields.items() if v is not None)
        row = stored[k]
        changes = {f: v for f, v in changes.items() if getattr(row, f) != v}
        if changes:
            session.execute(update(Entity).where(Entity.id == row.id).values(**changes))
            moved = moved or (k[0] == "AGENCY" and bool({"country", "agency_kind"} & set(changes)))
    return {k: stored[k].id for k in keys}, moved


def _stored_entities(session: Session, keys: list[tuple[str, str]]) -> dict[tuple[str, str], Row]:
    found: dict[tuple[str, str], Row] = {}
    by_kind: dict[str, list[str]] = {}
    for kind, key in keys:
        by_kind.setdefault(kind, []).append(key)
    for kind, names in by_kind.items():
        for at in range(0, len(names), IN_CHUNK):
            rows = session.execute(select(Entity.id, Entity.key, *(getattr(Entity, f) for f in _ENTITY_FIELDS))
                                   .where(Entity.kind == kind, Entity.key.in_(names[at:at + IN_CHUNK])))
            found.update(((kind, row.key), row) for row in rows)
    return found


def _new_entity(kind_key: tuple[str, str], fields: dict[str, object]) -> dict[str, object]:
    kind, key = kind_key
    return {"kind": kind, "key": key, **{f: fields.get(f) for f in _ENTITY_FIELDS}, "name": fields.get("name") or key}


def _create_entities(session: Session, rows: list[dict[str, object]]) -> None:
    """Insert the entities (sorted), leaving alone any that another writer created meanwhile."""
    dialect = session.get_bind().dialect.name
    if dialect in ("sqlite", "postgresql"):
        dialect_insert = sqlite_insert if dialect == "sqlite" else postgresql_insert
        session.execute(dialect_insert(Entity).on_conflict_do_nothing(index_elements=["kind", "key"]), rows)
        return
    for row in rows:  # other databases: one savepoint per entity, so a lost race costs only that row
        try:
            with session.begin_nested():
                session.execute(insert(Entity), [row])
        except IntegrityError:
            pass


def _wanted_entities(ex: Extraction) -> dict[tuple[str, str], dict[str, object]]:
    """The article's entities by (kind, key), with the attributes the extraction gives them."""
    wanted: dict[tuple[str, str], dict[str, object]] = {}
    for agency in ex.agencies:
        wanted[("AGENCY", agency.id)] = {"name": agency.name, "country": agency.country, "agency_kind": agency.kind}
    for country in ex.countries:
        wanted[("COUNTRY", country.code)] = {"name": country.name, "country": country.code}
    for location in ex.locations:
        wanted[("LOCATION", location.name)] = {"country": location.country}
    for person in ex.persons:
        wanted[("PERSON", person.name)] = {}
    return wanted


def _write_extraction(rows: _Rows, article_id: int, ex: Extraction) -> None:
    """Add the article's extraction to `rows`; entities are referred to by (kind, key), and only
    to the article's own entities."""
    rows.articles.append(article_id)
    own = _wanted_entities(ex)
    for k, fields in own.items():
        rows.entities.setdefault(k, []).append(fields)
    rows.sentences.extend(
        {"article_id": article_id, "idx": i, "start": s.start, "end": s.end, "paragraph": s.paragraph}
        for i, s in enumerate(ex.sentences)
    )
    for person in ex.persons:
        agency = ("AGENCY", person.agency) if person.agency and ("AGENCY", person.agency) in own else None
        if person.role or agency:
            rows.roles.append({"article_id": article_id, "person_id": ("PERSON", person.name),
                               "title": person.role, "agency_id": agency})
    rows.mentions.extend(
        {"article_id": article_id, "entity_id": (m.label, m.key) if m.key and (m.label, m.key) in own else None,
         "label": m.label, "text": m.text, "start": m.start, "end": m.end, "sentence": m.sentence}
        for m in ex.mentions
    )
    rows.dates.extend(
        {"article_id": article_id, "text": d.text, "date_start": d.start, "date_end": d.end,
         "precision": d.precision, "char_start": d.char_start, "char_end": d.char_end}
        for d in ex.dates
    )
    for happening in happenings(ex.events):
        e = happening.event
        event = {"article_id": article_id, "type": e.type, "code": e.code, "date_start": e.date,
                 "date_end": e.date_end, "precision": e.precision, "date_inferred": e.date_inferred,
                 "location": e.location, "sentence": e.sentence, "start": e.start, "end": e.end,
                 "confidence": e.confidence}
        rows.events.append((event, [{"label": p, "entity_id": _participant_entity(own, p)} for p in e.participants],
                            [{"start": s.start, "end": s.end, "sentence": s.text} for s in happening.evidence]))
    rows.topics.extend({"article_id": article_id, "topic": t} for t in dict.fromkeys(ex.topics))
    found = [(("AGENCY", a.id), a) for a in ex.agencies] + [(("PERSON", p.name), p) for p in ex.persons]
    rows.findings.extend({"article_id": article_id, "entity_id": key, "method": (entry.method or "")[:60],
                          "confidence": float(entry.confidence)} for key, entry in dict(found).items())


def _participant_entity(own: dict[tuple[str, str], object], label: str) -> tuple[str, str] | None:
    for kind in ("AGENCY", "PERSON", "COUNTRY", "LOCATION"):
        if (kind, label) in own:
            return (kind, label)
    return None


def report_of(store: Store, *, event_id: int | None = None, story_id: int | None = None) -> dict[str, object]:
    """The stable reference of an event (or of a story's first event) for a story correction:
    {"article": its article's content hash, "start": where its first evidence sentence starts}."""
    statement = (select(Article.content_hash, EventRow.start).join(Article, Article.id == EventRow.article_id)
                 .order_by(EventRow.id).limit(1))
    statement = statement.where(EventRow.id == event_id) if event_id is not None else statement.where(
        EventRow.story_id == story_id)
    with store.engine.connect() as connection:
        row = connection.execute(statement).first()
    if row is None:
        raise CorrectionError(f"no event number {event_id}" if event_id is not None else f"no story number {story_id}")
    return {"article": row.content_hash, "start": int(row.start)}


def story_label(store: Store, report: dict[str, object]) -> str:
    """A story correction's name in the log: the type, date and title of the report it starts from."""
    with store.engine.connect() as connection:
        row = connection.execute(
            select(EventRow.type, EventRow.date_start, Article.title).join(Article, Article.id == EventRow.article_id)
            .where(Article.content_hash == report["article"], EventRow.start == report["start"]).limit(1)).first()
    if row is None:
        return "story"
    label = f"{row.type.replace('_', ' ')} {row.date_start or 'undated'}: {row.title or 'untitled'}"
    return label[:300]
