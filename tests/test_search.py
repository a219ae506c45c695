"""Full-text search: the database's own index (SQLite FTS5, PostgreSQL tsvector), accent- and
case-insensitive, words in any order, "phrases", OR and -excluded words; kept with the articles."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text

from lib.analytics import Filters, article_ids
from lib.analytics.overview import articles_table
from lib.records import Document, Extraction, Sentence
from lib.search import parse_query
from lib.store import Article, Store

ARTICLES = {
    "Sécurité": "La Direction générale de la sécurité intérieure et la police judiciaire ont arrêté deux hommes à "
                "Marseille. L'arrestation a eu lieu à l'aube.",
    "Joint team": "Europol and the Guardia Civil formed a joint investigation team against the smugglers.",
    "Team work": "The Guardia Civil team met Europol officers; a joint statement followed in Madrid.",
    "Olympics": "Security for the Olympic Games: the DGSI and the DGSN shared intelligence before the Games.",
}


def _pair(title: str, body: str) -> tuple[Document, Extraction]:
    document = Document(text=body, filename=f"{title}.txt", title=title, published=dt.date(2024, 6, 1))
    return document, Extraction(language="fr" if title == "Sécurité" else "en", model="hand-1",
                                sentences=(Sentence(0, len(body), 0),))


@pytest.fixture
def searchable(store: Store) -> Store:
    store.add_articles([_pair(title, body) for title, body in ARTICLES.items()])
    return store


def found(store: Store, search: str) -> set[str]:
    return set(store.query(select(Article.title).where(Article.id.in_(article_ids(Filters(search=search)))))["title"])


@pytest.mark.parametrize("typed", ["securite", "SECURITE", "sécurité", "Sécurité", "SÉCURITÉ", "interieure"])
def test_accents_and_case_do_not_matter_in_french(searchable, typed):
    assert found(searchable, typed) == {"Sécurité"}


def test_english_words_in_any_order_and_across_title_and_text(searchable):
    assert found(searchable, "europol guardia") == {"Joint team", "Team work"}
    assert found(searchable, "civil EUROPOL Guardia") == {"Joint team", "Team work"}
    assert found(searchable, "olympics games") == {"Olympics"}  # "Olympics" is the title
    assert found(searchable, "arrestation") == {"Sécurité"}  # L'arrestation


def test_phrases_or_and_excluded_words(searchable):
    assert found(searchable, '"joint investigation team"') == {"Joint team"}
    assert found(searchable, '"team joint"') == set()
    assert found(searchable, "joint team") == {"Joint team", "Team work"}
    assert found(searchable, "Marseille OR Madrid") == {"Sécurité", "Team work"}
    assert found(searchable, "Marseille OR Madrid -statement") == {"Sécurité"}
    assert found(searchable, 'europol -"joint investigation"') == {"Team work"}
    assert found(searchable, "-europol") == {"Sécurité", "Olympics"}
    assert found(searchable, "Madrid OR") == {"Team work"}


@pytest.mark.parametrize("typed", ['NEAR(joint team)', 'title:joint', 'joint*', '"', '""', 'AND', 'NOT joint',
                                   "^joint", "joint + team", "a'b\"c", "(joint", "joint)", "'; DROP TABLE articles; --",
                                   "x" * 100_000, "DGSI " * 20_000])
def test_nothing_typed_is_query_syntax_and_nothing_breaks(searchable, typed):
    found(searchable, typed)  # answers, without an error
    assert searchable.count() == 4


def test_a_search_with_no_words_filters_nothing(searchable):
    assert found(searchable, "???") == set(ARTICLES)


def test_parse_query_caps_the_terms():
    query = parse_query(" ".join(f"w{n}" for n in range(1000)))
    assert len(query.groups) == 32


def test_the_article_list_sorts_by_relevance(searchable):
    searchable.add_articles([_pair("Many", "Europol. " * 10 + "Guardia Civil.")])
    ranked = articles_table(searchable, Filters(search="europol"), order="relevance")
    assert list(ranked["title"])[0] == "Many"
    assert set(ranked["title"]) == {"Many", "Joint team", "Team work"}
    newest = articles_table(searchable, Filters(search="europol"))
    assert set(newest["title"]) == set(ranked["title"])


def test_the_index_is_written_with_the_articles_and_outlives_corrections_and_reextraction(searchable):
    from lib.corrections import Correction

    searchable.add_correction(Correction("rename", "AGENCY", "DGSI", {"name": "Sécurité intérieure"}))
    searchable.replace_extractions({1: _pair("Sécurité", ARTICLES["Sécurité"])[1]})
    assert found(searchable, "securite") == {"Sécurité"}
    assert found(searchable, "intelligence") == {"Olympics"}


def test_an_older_database_gets_its_index_when_it_opens(searchable):
    url = searchable.engine.url.render_as_string(hide_password=False)
    with searchable.writer.begin() as connection:  # as a database made before the index
        if connection.dialect.name == "sqlite":
            for name in ("articles_fts_insert", "articles_fts_delete", "articles_fts_update"):
                connection.execute(text(f"DROP TRIGGER {name}"))
            connection.execute(text("DROP TABLE articles_fts"))
        else:
            connection.execute(text("DROP TABLE article_search"))
    searchable.dispose()
    reopened = Store(url)
    assert found(reopened, "securite") == {"Sécurité"}
    reopened.add_articles([_pair("Later", "A later article on smugglers in Ceuta.")])
    assert found(reopened, "smugglers") == {"Joint team", "Later"}
    reopened.dispose()


def _indexed(store: Store) -> int:
    table = "articles_fts_docsize" if store.engine.dialect.name == "sqlite" else "article_search"
    with store.engine.connect() as connection:
        return int(connection.execute(select(text("count(*)")).select_from(text(table))).scalar_one())


def test_an_article_whose_transaction_fails_leaves_nothing_in_the_index(store, monkeypatch):
    from sqlalchemy.exc import OperationalError

    import lib.store

    original = lib.store._write_extraction

    def failing(rows, article_id, extraction):  # type: ignore[no-untyped-def]
        original(rows, article_id, extraction)
        if extraction.language == "fr":
            raise OperationalError("INSERT", {}, Exception("database or disk is full"))

    monkeypatch.setattr(lib.store, "_write_extraction", failing)
    results = store.add_articles([_pair(title, body) for title, body in ARTICLES.items()])
    assert [type(r).__name__ for r in results] == ["OperationalError", "AddResult", "AddResult", "AddResult"]
    assert store.count() == _indexed(store) == 3
    assert found(store, "securite") == set()
