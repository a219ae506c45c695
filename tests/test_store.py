import dataclasses

import pytest
from sqlalchemy import select

from lib.records import Extraction
from lib.store import Article, Store, content_hash


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
