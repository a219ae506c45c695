"""Full-text search over titles and texts, with the database's own index: SQLite FTS5 (unicode61,
diacritics removed) or a PostgreSQL tsvector with a GIN index ('simple' configuration over an
accent-free, case-folded copy of the text). Both ignore case and accents, so "securite" finds
"sécurité" in English and French alike.

The query language, parsed here once for both: words in any order (all must appear), "exact
phrases", OR between two words or phrases (either), and -excluded words or phrases. Everything
the analyst types is data: words go to the database as bound parameters or quoted FTS5 strings,
never as query syntax.

The index is kept by the transaction that writes the articles (SQLite: triggers; PostgreSQL:
`index_articles`), and filled for articles that have none when a Store opens a database.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import (Boolean, Column, ColumnElement, ForeignKey, Integer, MetaData, Select, Table, and_, bindparam,
                        event, func, literal_column, select, text, true)
from sqlalchemy.exc import CompileError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import UnaryExpression
from sqlalchemy.sql.operators import custom_op
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.engine import Connection

from lib.schema import IN_CHUNK, Article, Base

MAX_TERMS = 32  # words and phrases per query: beyond, a query is a paste, not a search
MAX_WORD_CHARS = 64
# tsvector holds at most 1 MB: PostgreSQL indexes an article's first 200,000 characters (the longest
# sample article has 4,000).
MAX_INDEXED_CHARS = 200_000

_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')

Phrase = tuple[str, ...]  # one word, or several that must follow each other


@dataclass(frozen=True)
class Query:
    """All groups must match (a group: any of its phrases), and none of the excluded phrases."""

    groups: tuple[tuple[Phrase, ...], ...] = ()
    excluded: tuple[Phrase, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.groups or self.excluded)


def _phrase(raw: str) -> Phrase:
    return tuple(word[:MAX_WORD_CHARS] for word in _WORD.findall(raw))


def parse_query(typed: str) -> Query:
    """The analyst's search as a Query; punctuation between words separates them, as the indexes do."""
    groups: list[list[Phrase]] = []
    excluded: list[Phrase] = []
    join_next = False
    for sign, quoted, bare in (m.groups() for m in _TOKEN.finditer(typed)):
        if bare == "OR":
            join_next = bool(groups)
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            sign, bare = "-", bare[1:]
        phrase = _phrase(quoted if bare is None else bare)
        if not phrase:
            continue
        if sign:
            excluded.append(phrase)
        elif join_next:
            groups[-1].append(phrase)
        else:
            groups.append([phrase])
        join_next = False
        if len(groups) + len(excluded) >= MAX_TERMS:
            break
    return Query(tuple(tuple(dict.fromkeys(group)) for group in groups), tuple(dict.fromkeys(excluded)))


def fold(text_: str) -> str:
    """Accent-free and case-folded, as the PostgreSQL index and its queries see text."""
    decomposed = unicodedata.normalize("NFKD", text_)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


# --- SQLite: FTS5 kept by triggers --------------------------------------------------------------

_FTS = "articles_fts"
# An external-content index over articles.title and .text: the triggers keep it in the writer's
# transaction, whoever writes (another process, an older version of Entente).
_SQLITE_INDEX = (
    "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN "
    "INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text); END",
    "CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text); "
    "INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",  # the articles already stored
)
_fts = Table(_FTS, MetaData(), Column("rowid", Integer), Column("title"), Column("text"))


def _fts5_string(phrase: Phrase) -> str:
    return '"' + " ".join(phrase).replace('"', '""') + '"'


def _fts5_all(groups: Sequence[Sequence[Phrase]]) -> str:
    return " AND ".join("(" + " OR ".join(_fts5_string(p) for p in group) + ")" for group in groups)


def _fts5_query(query: Query) -> str:
    """An FTS5 query of quoted strings only: whatever the analyst typed, it is never FTS5 syntax.
    The query must have words to find (FTS5 has no NOT on its own)."""
    found = _fts5_all(query.groups)
    return f"{found} NOT ({_fts5_all([query.excluded])})" if query.excluded else found


def _fts5_matches(fts5_query: str) -> ColumnElement[bool]:
    return literal_column(_FTS).op("MATCH")(fts5_query)


# --- PostgreSQL: a tsvector table kept by the writes ----------------------------------------------

_pg = MetaData()
article_search = Table(
    "article_search", _pg,
    Column("article_id", Integer, ForeignKey(Article.id, ondelete="CASCADE"), primary_key=True),
    Column("vector", TSVECTOR, nullable=False),
)
_SIMPLE = literal_column("'simple'")


def _any(phrases: Sequence[Phrase]) -> ColumnElement:  # type: ignore[type-arg]
    queries = [func.phraseto_tsquery(_SIMPLE, fold(" ".join(phrase))) for phrase in phrases]
    query = queries[0]
    for other in queries[1:]:
        query = query.op("||")(other)
    return query


def _tsquery(groups: Sequence[Sequence[Phrase]]) -> ColumnElement:  # type: ignore[type-arg]
    query = _any(groups[0])
    for group in groups[1:]:
        query = query.op("&&")(_any(group))
    return query


def _pg_query(query: Query) -> ColumnElement:  # type: ignore[type-arg]
    """The whole query as one tsquery; with no words to find, the articles without the excluded ones."""
    if not query.excluded:
        return _tsquery(query.groups)
    without = UnaryExpression(_any(query.excluded), operator=custom_op("!!"))  # tsquery's NOT
    return _tsquery(query.groups).op("&&")(without) if query.groups else without


def _tsvector_matches(tsquery: ColumnElement) -> ColumnElement[bool]:  # type: ignore[type-arg]
    return article_search.c.vector.op("@@")(tsquery)


def index_articles(connection: Connection, articles: Iterable[tuple[int, str | None, str]]) -> None:
    """Index these new articles (id, title, text) in the writer's transaction. SQLite's triggers
    already did; PostgreSQL gets each article's accent-free, case-folded words."""
    if connection.dialect.name != "postgresql":
        return
    rows = [{"article_id": article_id, "folded": fold(f"{title or ''}\n{body[:MAX_INDEXED_CHARS]}")}
            for article_id, title, body in articles]
    if rows:
        connection.execute(article_search.insert().values(
            article_id=bindparam("article_id"), vector=func.to_tsvector(_SIMPLE, bindparam("folded"))), rows)


# --- what the filters use ---------------------------------------------------------------------------

def _condition(query: Query, dialect: str) -> ColumnElement[bool]:
    """One evaluation of the index per search (an IN and a NOT IN of two cost 15 times as much)."""
    if dialect == "postgresql":
        return Article.id.in_(select(article_search.c.article_id).where(_tsvector_matches(_pg_query(query))))
    if query.groups:
        return Article.id.in_(select(_fts.c.rowid).where(_fts5_matches(_fts5_query(query))))
    return Article.id.not_in(select(_fts.c.rowid).where(_fts5_matches(_fts5_all([query.excluded]))))


class _Matches(ColumnElement[bool]):
    """The search as a condition on Article.id, written in the dialect of the database that runs it
    (the filters are built before anyone knows which)."""

    type = Boolean()
    inherit_cache = False  # its SQL holds the search's words: never reuse it for another search

    def __init__(self, query: Query):
        self.query = query


@compiles(_Matches)
def _compile_matches(element: _Matches, compiler, **kw) -> str:  # type: ignore[no-untyped-def]
    if compiler.dialect.name not in ("sqlite", "postgresql"):
        raise CompileError("full-text search needs SQLite or PostgreSQL")
    return compiler.process(_condition(element.query, compiler.dialect.name), **kw)


def matches(typed: str) -> ColumnElement[bool]:
    """The articles the search finds: a condition on Article.id, true when it has no words."""
    query = parse_query(typed)
    return _Matches(query) if query else true()


def relevance(typed: str, dialect: str) -> Select | None:  # type: ignore[type-arg]
    """(article_id, score) of the articles the search finds, the better match the higher score;
    None when the search has no words to rank by. It applies the whole search, exclusions too."""
    query = parse_query(typed)
    if not query.groups:
        return None
    if dialect == "postgresql":
        score = func.ts_rank(article_search.c.vector, _tsquery(query.groups))
        return select(article_search.c.article_id.label("article_id"), score.label("score")).where(
            _tsvector_matches(_pg_query(query)))
    score = -func.bm25(literal_column(_FTS))  # bm25 is lower for better matches
    return select(_fts.c.rowid.label("article_id"), score.label("score")).where(_fts5_matches(_fts5_query(query)))


# --- creating and filling the index ------------------------------------------------------------------

@event.listens_for(Base.metadata, "after_create")
def _create_index(_metadata, connection: Connection, **_) -> None:  # type: ignore[no-untyped-def]
    """Create the dialect's index when missing and fill it for the articles it lacks (a database
    made by an older version, or written by one since)."""
    if connection.dialect.name == "sqlite":
        exists = connection.execute(text("SELECT 1 FROM sqlite_master WHERE name = 'articles_fts'")).first()
        if not exists:
            for statement in _SQLITE_INDEX:
                connection.execute(text(statement))
    elif connection.dialect.name == "postgresql":
        _pg.create_all(connection)
        connection.execute(text("CREATE INDEX IF NOT EXISTS ix_article_search_vector ON article_search "
                                "USING gin (vector)"))
        missing = list(connection.scalars(select(Article.id).where(
            Article.id.not_in(select(article_search.c.article_id))).order_by(Article.id)))
        for at in range(0, len(missing), IN_CHUNK):
            chunk = missing[at:at + IN_CHUNK]
            index_articles(connection, connection.execute(
                select(Article.id, Article.title, Article.text).where(Article.id.in_(chunk))).all())
