"""`in_view` and `article_filter`: the same articles as `article_ids`, in cheaper SQL."""
from sqlalchemy import func, select
from sqlalchemy.dialects import sqlite

from lib.analytics.filters import Filters, article_filter, article_ids, in_view
from lib.store import Article, MentionRow


def _sql(condition) -> str:  # type: ignore[no-untyped-def]
    return str(select(MentionRow.id).where(condition).compile(dialect=sqlite.dialect()))


def test_no_filter_adds_no_condition_and_a_filter_tests_membership():
    assert "IN" not in _sql(in_view(MentionRow.article_id, Filters()))
    assert "mentions.article_id + " in _sql(in_view(MentionRow.article_id, Filters(languages=("fr",))))


def test_same_articles_as_article_ids(corpus):
    for filters in (Filters(), Filters(languages=("fr",)), Filters(agencies=("DGSI",)), Filters(search="Europol")):
        expected = set(corpus.query(article_ids(filters))["id"])
        direct = set(corpus.query(select(Article.id).where(article_filter(filters)))["id"])
        mentioned = set(corpus.query(select(MentionRow.article_id).where(in_view(MentionRow.article_id, filters)))
                        ["article_id"])
        assert direct == expected
        assert mentioned == expected & set(corpus.query(select(func.distinct(MentionRow.article_id)))
                                           .iloc[:, 0])
