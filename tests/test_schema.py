"""Indexes declared after a database was created still reach it when a Store opens it."""
from sqlalchemy import inspect, text

from lib.schema import Base
from lib.store import Store

DASHBOARD_INDEXES = {"ix_mentions_entity_article_sentence", "ix_article_entities_article",
                     "ix_event_participants_event_entity", "ix_sentences_article_idx", "ix_entities_kind_country",
                     "ix_entities_kind_agency_kind", "ix_events_type_article", "ix_topics_topic_article"}


def _indexes(store: Store) -> set[str]:
    found = inspect(store.engine)
    return {index["name"] for table in Base.metadata.tables for index in found.get_indexes(table)}


def test_a_database_made_before_the_indexes_gets_them(store):
    assert DASHBOARD_INDEXES <= _indexes(store)
    with store.writer.begin() as connection:
        for name in DASHBOARD_INDEXES:
            connection.execute(text(f"DROP INDEX {name}"))
    assert not DASHBOARD_INDEXES & _indexes(store)
    url = store.engine.url.render_as_string(hide_password=False)
    reopened = Store(url)
    try:
        assert DASHBOARD_INDEXES <= _indexes(reopened)
        Store(url).dispose()  # opening again finds them and changes nothing
    finally:
        reopened.dispose()


def test_indexes_superseded_by_a_longer_one_leave_older_databases(store):
    with store.writer.begin() as connection:
        connection.execute(text("CREATE INDEX ix_mentions_entity_article ON mentions (entity_id, article_id)"))
        connection.execute(text("CREATE INDEX ix_mentions_entity_id ON mentions (entity_id)"))
        connection.execute(text("CREATE INDEX ix_events_type ON events (type)"))
        connection.execute(text("CREATE INDEX ix_topics_topic ON topics (topic)"))
    old = {"ix_mentions_entity_article", "ix_mentions_entity_id", "ix_events_type", "ix_topics_topic"}
    assert old <= _indexes(store)
    reopened = Store(store.engine.url.render_as_string(hide_password=False))
    try:
        found = _indexes(reopened)
        assert not old & found
        assert {"ix_mentions_entity_article_sentence", "ix_events_type_article", "ix_topics_topic_article"} <= found
    finally:
        reopened.dispose()
