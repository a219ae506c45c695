"""Entity tables counted from the index and joined in pandas equal the SQL GROUP BY they replaced."""
import pandas as pd
import pytest
from sqlalchemy import distinct, func, select

from lib.analytics import Filters
from lib.analytics.entities import entity_table
from lib.analytics.filters import in_view
from lib.store import Article, Entity, MentionRow


def reference_table(store, filters, kind):  # type: ignore[no-untyped-def]
    statement = (
        select(Entity.key.label("id"), Entity.name, Entity.country, Entity.agency_kind.label("kind"),
               func.count(MentionRow.id).label("mentions"),
               func.count(distinct(MentionRow.article_id)).label("articles"),
               func.min(Article.published).label("first_seen"), func.max(Article.published).label("last_seen"))
        .join(MentionRow, MentionRow.entity_id == Entity.id)
        .join(Article, Article.id == MentionRow.article_id)
        .where(Entity.kind == kind, in_view(MentionRow.article_id, filters))
        .group_by(Entity.id, Entity.key, Entity.name, Entity.country, Entity.agency_kind)
        .order_by(func.count(distinct(MentionRow.article_id)).desc(), func.count(MentionRow.id).desc(), Entity.key)
    )
    frame = store.query(statement)
    if kind != "AGENCY":
        frame = frame.drop(columns=["kind"])
    if kind in ("PERSON", "LOCATION"):
        frame = frame.drop(columns=["name"])
    return frame


@pytest.mark.parametrize("kind", ["AGENCY", "PERSON", "COUNTRY"])
@pytest.mark.parametrize("filters", [Filters(), Filters(agencies=("CNP",)), Filters(languages=("fr",))],
                         ids=["all", "agency", "language"])
def test_entity_tables_equal_the_sql_group_by(corpus, kind, filters):
    got, expected = entity_table(corpus, filters, kind), reference_table(corpus, filters, kind)
    assert len(got) == len(expected)
    for frame in (got, expected):
        for column in ("first_seen", "last_seen"):
            frame[column] = frame[column].map(lambda d: str(d)[:10])
    pd.testing.assert_frame_equal(got.astype(str), expected.astype(str))


@pytest.mark.parametrize("filters", [Filters(), Filters(agencies=("CNP",)), Filters(languages=("fr",)),
                                     Filters(search="no such words")], ids=["all", "agency", "language", "none"])
def test_topic_table_equals_the_sql_group_by(corpus, filters):
    from lib.analytics.entities import topic_table
    from lib.store import TopicRow

    statement = (
        select(TopicRow.topic, func.count(distinct(TopicRow.article_id)).label("articles"),
               func.min(Article.published).label("first_seen"), func.max(Article.published).label("last_seen"))
        .join(Article, Article.id == TopicRow.article_id)
        .where(in_view(TopicRow.article_id, filters))
        .group_by(TopicRow.topic)
        .order_by(func.count(distinct(TopicRow.article_id)).desc(), TopicRow.topic)
    )
    got, expected = topic_table(corpus, filters), corpus.query(statement)
    assert list(got.columns) == list(expected.columns) and len(got) == len(expected)
    for frame in (got, expected):
        for column in ("first_seen", "last_seen"):
            frame[column] = frame[column].map(lambda d: str(d)[:10])
    pd.testing.assert_frame_equal(got.astype(str), expected.astype(str))
