"""Summaries kept beside the extraction rows, so that the dashboard neither reads every mention nor
counts the whole corpus on a page view:

- `article_entities`: one row per entity an article names (how often, in which sentences and
  paragraphs), written from the mentions of each batch;
- `facet_counts`: the number of articles per value of each sidebar filter, added to by each batch
  and counted afresh when corrections rewrite articles or an agency's country or kind changes.

Both are written in the transaction that writes the articles; a database made before them gets
them when a Store first opens it.
"""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, String, and_, cast, delete, distinct, event, func, insert, literal, select, text
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection

from lib.schema import (IN_CHUNK, Article, ArticleEntity, Base, Entity, EventRow, FacetCount, MentionRow,
                        SentenceRow, TopicRow)

@event.listens_for(Base.metadata, "after_create")
def _summarise_older_database(_metadata, connection, tables=(), **_) -> None:  # type: ignore[no-untyped-def]
    """Tables just created in a database that already holds articles are filled, once."""
    if ArticleEntity.__table__ in tables:
        summarise_mentions(connection)
    if FacetCount.__table__ in tables or ArticleEntity.__table__ in tables:
        recount_facets(connection)


def summarise(connection: Connection, article_ids: Iterable[int]) -> None:
    """Both summaries for these newly written articles (nothing of them summarised yet)."""
    ids = list(article_ids)
    summarise_mentions(connection, ids)
    count_facets(connection, ids)


# --- article_entities ---------------------------------------------------------------------------

def summarise_mentions(connection: Connection, article_ids: Iterable[int] | None = None) -> None:
    """Write the `article_entities` rows of these articles (all when None) from their mentions,
    sentences and publication date; the articles must have none yet. One INSERT ... SELECT per
    chunk of ids, so a batch's summary costs a statement, not a row at a time."""
    for chunk in _chunks(article_ids):
        connection.execute(insert(ArticleEntity).from_select(_SUMMARY_COLUMNS, _summary(chunk)))


_SUMMARY_COLUMNS = ("entity_id", "article_id", "published", "mentions", "sentences", "paragraphs")


def _summary(article_ids: list[int] | None) -> Select:  # type: ignore[type-arg]
    # First one row per (entity, article, sentence), then one per (entity, article).
    per_sentence = (
        select(MentionRow.entity_id, MentionRow.article_id, MentionRow.sentence, SentenceRow.paragraph,
               func.count().label("n"))
        .join(SentenceRow, and_(SentenceRow.article_id == MentionRow.article_id,
                                SentenceRow.idx == MentionRow.sentence), isouter=True)
        .where(MentionRow.entity_id.is_not(None))
        .group_by(MentionRow.entity_id, MentionRow.article_id, MentionRow.sentence, SentenceRow.paragraph)
    )
    if article_ids is not None:
        per_sentence = per_sentence.where(MentionRow.article_id.in_(article_ids))
    units = per_sentence.subquery()
    return (
        select(units.c.entity_id, units.c.article_id, Article.published, func.sum(units.c.n),
               func.aggregate_strings(cast(units.c.sentence, String), ","),
               func.aggregate_strings(cast(units.c.paragraph, String), ","))
        .join(Article, Article.id == units.c.article_id)
        .group_by(units.c.entity_id, units.c.article_id, Article.published)
    )


# --- facet_counts -------------------------------------------------------------------------------

# Filter fields whose values are entities (by key), and the entity kind of each.
ENTITY_FACETS = {"agencies": "AGENCY", "people": "PERSON", "countries": "COUNTRY"}
# Every filter field read from entities: (entity kind, value column), the key or an attribute.
_ENTITY_VALUES = {
    **{field: (kind, Entity.key) for field, kind in ENTITY_FACETS.items()},
    "agency_countries": ("AGENCY", Entity.country),
    "agency_kinds": ("AGENCY", Entity.agency_kind),
}
# The others: (value column, article id column) of their own table.
_ROW_FACETS = {
    "event_types": (EventRow.type, EventRow.article_id),
    "topics": (TopicRow.topic, TopicRow.article_id),
    "languages": (Article.language, Article.id),
    "sources": (Article.source, Article.id),
}
FACETS = (*_ENTITY_VALUES, *_ROW_FACETS)


def _facet_counts(article_ids: list[int] | None) -> list[Select]:  # type: ignore[type-arg]
    """Per field, a select of (field, value, articles) over these articles (all when None)."""
    statements = []
    for field in FACETS:
        if field in _ENTITY_VALUES:
            kind, value = _ENTITY_VALUES[field]
            article = ArticleEntity.article_id
            source = (select().select_from(Entity).join(ArticleEntity, ArticleEntity.entity_id == Entity.id)
                      .where(Entity.kind == kind))
        else:
            value, article = _ROW_FACETS[field]
            source = select()
        statement = source.add_columns(literal(field, String).label("field"), value.label("value"),
                                       func.count(distinct(article)).label("articles")).where(value.is_not(None))
        if article_ids is not None:
            statement = statement.where(article.in_(article_ids))
        statements.append(statement.group_by(value))
    return statements


def count_facets(connection: Connection, article_ids: Iterable[int]) -> None:
    """Add these new articles (not counted yet) to the facet counts: an upsert per field, atomic
    against concurrent writers on SQLite and PostgreSQL; other databases count everything again."""
    dialect = connection.dialect.name
    if dialect not in ("sqlite", "postgresql"):
        recount_facets(connection)
        return
    dialect_insert = sqlite_insert if dialect == "sqlite" else postgresql_insert
    for chunk in _chunks(article_ids):
        for statement in _facet_counts(chunk):
            upsert = dialect_insert(FacetCount).from_select(["field", "value", "articles"], statement)
            connection.execute(upsert.on_conflict_do_update(
                index_elements=["field", "value"], set_={"articles": FacetCount.articles + upsert.excluded.articles}))


def recount_facets(connection: Connection) -> None:
    """Count every facet afresh from the stored rows (after corrections, or when an agency's
    country or kind changed, which moves all its articles)."""
    if connection.dialect.name == "postgresql":
        # Concurrent writers add to the counts: they wait until this count commits, then add theirs.
        connection.execute(text("LOCK TABLE facet_counts IN EXCLUSIVE MODE"))
    connection.execute(delete(FacetCount))
    for statement in _facet_counts(None):
        connection.execute(insert(FacetCount).from_select(["field", "value", "articles"], statement))


def _chunks(article_ids: Iterable[int] | None) -> Iterable[list[int] | None]:
    if article_ids is None:
        yield None
        return
    ids = sorted(set(article_ids))
    for at in range(0, len(ids), IN_CHUNK):
        yield ids[at:at + IN_CHUNK]
