"""The article generator: deterministic, distinct texts that the readers accept, vocabulary from gold."""
from lib.readers import read_path
from lib.store import content_hash

from bench.generate_articles import generate, load_vocabulary, write_articles


def test_vocabulary_comes_from_the_gold_annotations():
    vocabulary = load_vocabulary()
    forms = {form for form, _ in vocabulary.agencies["en"]}
    assert "Europol" in forms and vocabulary.people and vocabulary.cities
    assert all(len(country) in (2, 3) for _, country in vocabulary.agencies["fr"])


def test_same_seed_same_articles_and_texts_are_distinct():
    first, again, other = generate(40, seed=3), generate(40, seed=3), generate(40, seed=4)
    assert first == again
    assert first != other
    assert len({content_hash(a.text) for a in first}) == 40
    assert {a.language for a in first} == {"en", "fr"}


def test_written_files_read_back_with_their_header(tmp_path):
    paths = write_articles(tmp_path / "out", 5, seed=1)
    assert len(paths) == 5
    article = generate(5, seed=1)[0]
    document = read_path(paths[0]).documents[0]
    assert document.title == article.title
    assert document.published == article.published
    assert document.source == article.source
    assert document.text.strip() == article.text.strip()
