import dataclasses

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lib.records import Extraction
from lib.store import AddResult, Article, RawExtraction, Store, TABLES, content_hash

TABLES_WITH_ARTICLE = {**TABLES, "raw_extractions": RawExtraction}


def test_article_and_extraction_are_stored(store, sample_pair):
    document, extraction = sample_pair
    result = store.add_article(document, extraction)
    assert result.status == "ingested"
    articles = store.frame("articles")
    assert list(articles["title"]) == ["DGSI meets partners"]
    assert articles.loc[0, "model"] == "test-model-1.0"
    entities = store.frame("entities").set_index("key")
    assert entities.loc["DGSI", "country"] == "FR"
    assert entities.loc["Celine Berthon", "kind"] == "PERSON"
    mentions = store.frame("mentions")
    assert set(mentions["label"]) == {"AGENCY", "PERSON"}
    assert mentions["entity_id"].notna().all()
    roles = store.frame("roles")
    assert roles.loc[0, "title"] == "Director General"
    participants = store.frame("event_participants")
    assert set(participants["label"]) == {"DGSI", "FR"}
    assert participants["entity_id"].notna().all()
    assert list(store.frame("topics")["topic"]) == ["terrorism"]


def test_same_text_stored_once_even_rewrapped(store, sample_pair):
    document, extraction = sample_pair
    first = store.add_article(document, extraction)
    rewrapped = dataclasses.replace(document, text=document.text.replace(" ", "\n  ", 3) + "\n", title="Again")
    second = store.add_article(rewrapped, extraction)
    assert second.status == "duplicate"
    assert second.article_id == first.article_id and second.title == "DGSI meets partners"
    assert store.count() == 1


def test_hash_folds_white_space_only():
    assert content_hash("a  b\nc") == content_hash(" a b c ")
    assert content_hash("a b c") != content_hash("a b d")


def test_failure_mid_article_leaves_nothing(store, sample_pair):
    document, extraction = sample_pair
    broken = dataclasses.replace(extraction, topics=(None,))  # violates NOT NULL inside the transaction
    with pytest.raises(Exception):
        store.add_article(document, broken)
    assert store.count() == 0
    assert store.count("mentions") == 0 and store.count("entities") == 0
    assert store.add_article(document, extraction).status == "ingested"


def test_entities_are_shared_between_articles(store, sample_pair):
    document, extraction = sample_pair
    store.add_article(document, extraction)
    other = dataclasses.replace(document, text=document.text + " Again.")
    store.add_article(other, extraction)
    assert store.count("entities") == 3  # DGSI, Celine Berthon, FR
    assert store.count("mentions") == 4


def test_unsupported_language_article_keeps_its_note(store, sample_pair):
    document, _ = sample_pair
    note = "no pipeline for language 'ar': entities not extracted"
    store.add_article(document, Extraction(language="ar", model="", note=note))
    with store.sessions() as session:
        article = session.scalars(select(Article)).one()
    assert (article.language, article.note) == ("ar", note)


def test_schema_created_on_first_use(tmp_path):
    url = f"sqlite:///{tmp_path / 'sub' / 'new.db'}"
    assert Store(url).count() == 0
    assert (tmp_path / "sub" / "new.db").exists()


def _articles(sample_pair, count: int) -> list[tuple]:
    document, extraction = sample_pair
    return [(dataclasses.replace(document, text=f"{document.text} Item {n}.", title=f"T{n}"), extraction)
            for n in range(count)]


def _contents(store: Store) -> dict[str, list]:
    """Every stored row, ids replaced by what they point to, to compare two stores."""
    from sqlalchemy import text

    queries = {
        "articles": "SELECT content_hash, title, model, note FROM articles",
        "raw": "SELECT a.title, r.data FROM raw_extractions r JOIN articles a ON a.id = r.article_id",
        "entities": "SELECT kind, key, name, country, agency_kind FROM entities",
        "sentences": "SELECT a.title, s.idx, s.start, s.\"end\", s.paragraph FROM sentences s "
                     "JOIN articles a ON a.id = s.article_id",
        "mentions": "SELECT a.title, m.label, m.text, m.start, m.\"end\", m.sentence, e.kind, e.key FROM mentions m "
                    "JOIN articles a ON a.id = m.article_id LEFT JOIN entities e ON e.id = m.entity_id",
        "roles": "SELECT a.title, p.key, r.title, g.key FROM roles r JOIN articles a ON a.id = r.article_id "
                 "JOIN entities p ON p.id = r.person_id LEFT JOIN entities g ON g.id = r.agency_id",
        "events": "SELECT a.title, v.type, v.date_start, v.location, v.sentence, v.confidence FROM events v "
                  "JOIN articles a ON a.id = v.article_id",
        "participants": "SELECT a.title, p.label, e.kind, e.key FROM event_participants p "
                        "JOIN events v ON v.id = p.event_id JOIN articles a ON a.id = v.article_id "
                        "LEFT JOIN entities e ON e.id = p.entity_id",
        "topics": "SELECT a.title, t.topic FROM topics t JOIN articles a ON a.id = t.article_id",
    }
    with store.engine.connect() as connection:
        return {name: sorted(tuple(map(str, row)) for row in connection.execute(text(sql)))
                for name, sql in queries.items()}


def test_batch_stores_the_same_rows_as_one_article_at_a_time(store, sample_pair, tmp_path):
    pairs = _articles(sample_pair, 5)
    # A later article gives DGSI another country: as one at a time, the later article's attributes win.
    moved = dataclasses.replace(pairs[4][1], agencies=(dataclasses.replace(pairs[4][1].agencies[0], country="BE"),))
    pairs[4] = (pairs[4][0], moved)
    one_by_one = Store(f"sqlite:///{tmp_path / 'one.db'}")
    for document, extraction in pairs:
        one_by_one.add_article(document, extraction)
    results = store.add_articles(pairs)
    assert [r.status for r in results] == ["ingested"] * 5
    assert _contents(store) == _contents(one_by_one)
    assert store.frame("entities").set_index("key").loc["DGSI", "country"] == "BE"
    one_by_one.dispose()


def test_batch_with_a_duplicate_and_a_bad_article_stores_the_others(store, sample_pair):
    pairs = _articles(sample_pair, 5)
    stored = store.add_article(*pairs[1])
    document, extraction = pairs[3]
    pairs[3] = (document, dataclasses.replace(extraction, topics=(None,)))  # NOT NULL fails mid-batch
    pairs.append(pairs[0])  # the same text twice in one batch
    results = store.add_articles(pairs)
    statuses = [r.status if isinstance(r, AddResult) else "error" for r in results]
    assert statuses == ["ingested", "duplicate", "ingested", "error", "ingested", "duplicate"]
    assert results[1].article_id == stored.article_id
    assert results[5].article_id == results[0].article_id and results[5].title == "T0"
    assert isinstance(results[3], IntegrityError)
    titles = set(store.frame("articles")["title"])
    assert titles == {"T0", "T1", "T2", "T4"}
    # Nothing of the bad article: no rows point to an article that is not stored.
    article_ids = set(store.frame("articles")["id"])
    for table in ("sentences", "mentions", "events", "topics", "raw_extractions"):
        rows = store.query(select(TABLES_WITH_ARTICLE[table].article_id))
        assert set(rows["article_id"]) <= article_ids


def test_batch_of_duplicates_only_writes_nothing(store, sample_pair):
    pairs = _articles(sample_pair, 2)
    store.add_articles(pairs)
    again = store.add_articles(pairs)
    assert [r.status for r in again] == ["duplicate", "duplicate"]
    assert store.count() == 2 and store.count("mentions") == 4


def test_a_batch_still_locked_after_its_retries_is_not_retried_again_article_by_article(store, sample_pair, monkeypatch):
    from sqlalchemy.exc import OperationalError

    calls = []

    def locked(pairs):  # type: ignore[no-untyped-def]
        calls.append(len(pairs))
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(store, "_add_batch_once", locked)
    monkeypatch.setattr("lib.store.time.sleep", lambda _seconds: None)
    document, extraction = sample_pair
    pairs = [sample_pair, (dataclasses.replace(document, text=document.text + " Again."), extraction)]
    results = store.add_articles(pairs, attempts=3)
    assert calls == [2, 2, 2]  # the batch's own retries, and no per-article round after them
    assert [type(r) for r in results] == [OperationalError, OperationalError]
    assert store.count() == 0
