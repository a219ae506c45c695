"""The per-article summary (article_entities) always says what the mentions say: after ingest,
corrections and their undo, re-extraction, and when an older database first opens."""
import dataclasses
import datetime as dt

from sqlalchemy import select, text

from lib.corrections import Correction
from lib.records import Mention
from lib.store import Article, ArticleEntity, Entity, MentionRow, SentenceRow, Store
from tests.analytics.conftest import _article, corpus  # noqa: F401  (fixture)


def _listed(value: str | None) -> list[int]:
    return sorted(int(part) for part in (value or "").split(",") if part)


def summary(store: Store) -> dict[tuple[str, str, int], tuple]:
    """The stored summary by (entity kind, entity key, article id)."""
    with store.sessions() as session:
        rows = session.execute(select(Entity.kind, Entity.key, ArticleEntity.article_id, ArticleEntity.published,
                                      ArticleEntity.mentions, ArticleEntity.sentences, ArticleEntity.paragraphs)
                               .join(Entity, Entity.id == ArticleEntity.entity_id)).all()
    return {(r.kind, r.key, r.article_id): (r.published, r.mentions, _listed(r.sentences), _listed(r.paragraphs))
            for r in rows}


def expected(store: Store) -> dict[tuple[str, str, int], tuple]:
    """The same, worked out here from the mentions, sentences and articles."""
    with store.sessions() as session:
        published = dict(session.execute(select(Article.id, Article.published)).all())
        paragraph_of = {(r.article_id, r.idx): r.paragraph
                        for r in session.execute(select(SentenceRow.article_id, SentenceRow.idx, SentenceRow.paragraph))}
        mentions = session.execute(select(Entity.kind, Entity.key, MentionRow.article_id, MentionRow.sentence)
                                   .join(Entity, Entity.id == MentionRow.entity_id)).all()
    counts: dict[tuple[str, str, int], int] = {}
    sentences: dict[tuple[str, str, int], set[int]] = {}
    for kind, key, article_id, sentence in mentions:
        unit = (kind, key, article_id)
        counts[unit] = counts.get(unit, 0) + 1
        sentences.setdefault(unit, set()).update([] if sentence is None else [sentence])
    return {unit: (published[unit[2]], n, sorted(sentences[unit]),
                   sorted(paragraph_of[(unit[2], s)] for s in sentences[unit] if (unit[2], s) in paragraph_of))
            for unit, n in counts.items()}


def _awkward_article():
    """DGSI twice in one sentence and again two paragraphs on, plus a mention outside any sentence."""
    document, extraction = _article("Four", dt.date(2021, 5, 4), "en",
                                    [["DGSI spoke."], ["CNP listened."], ["DGSI and CNP signed."]])
    again = Mention("DGSI", 0, 4, "AGENCY", key="DGSI", sentence=2)
    loose = Mention("CNP", 1, 3, "AGENCY", key="CNP", sentence=None)
    return document, dataclasses.replace(extraction, mentions=(*extraction.mentions, again, loose))


def test_the_summary_matches_the_mentions_after_ingest(corpus):  # noqa: F811
    corpus.add_articles([_awkward_article()])
    found = summary(corpus)
    assert found == expected(corpus)
    four = corpus.query(select(Article.id).where(Article.title == "Four")).iloc[0, 0]
    assert found[("AGENCY", "DGSI", four)] == (dt.date(2021, 5, 4), 3, [0, 2], [0, 2])
    assert found[("AGENCY", "CNP", four)] == (dt.date(2021, 5, 4), 3, [1, 2], [1, 2])
    one = corpus.query(select(Article.id).where(Article.title == "One")).iloc[0, 0]
    assert found[("AGENCY", "Europol", one)] == (dt.date(2024, 6, 29), 1, [1], [0])


def test_the_summary_follows_a_merge_and_its_undo(corpus):  # noqa: F811
    before = summary(corpus)
    number = corpus.add_correction(Correction("merge", "AGENCY", "DGSN", {"into": "DGSI"}))
    merged = summary(corpus)
    assert merged == expected(corpus)
    assert not [unit for unit in merged if unit[1] == "DGSN"]
    # Article one named both: one row for DGSI now, with both mentions.
    one = corpus.query(select(Article.id).where(Article.title == "One")).iloc[0, 0]
    assert merged[("AGENCY", "DGSI", one)][1] == 2
    corpus.undo_correction(number)
    assert summary(corpus) == before


def test_the_summary_follows_a_relabel_and_a_re_extraction(corpus):  # noqa: F811
    corpus.add_correction(Correction("relabel", "AGENCY", "Europol", {"to": ""}))  # not an entity
    assert summary(corpus) == expected(corpus)
    assert not [unit for unit in summary(corpus) if unit[1] == "Europol"]
    document, extraction = _awkward_article()
    three = int(corpus.query(select(Article.id).where(Article.title == "Three")).iloc[0, 0])
    corpus.replace_extractions({three: extraction})
    found = summary(corpus)
    assert found == expected(corpus)
    assert {unit[1] for unit in found if unit[2] == three} == {"DGSI", "CNP"}


def test_a_database_made_before_the_summary_gets_it_on_opening(corpus):  # noqa: F811
    corpus.add_articles([_awkward_article()])
    wanted = summary(corpus)
    with corpus.writer.begin() as connection:
        connection.execute(text("DROP TABLE article_entities"))
    reopened = Store(corpus.engine.url.render_as_string(hide_password=False))
    try:
        assert summary(reopened) == wanted
        Store(reopened.engine.url.render_as_string(hide_password=False)).dispose()  # once: no second copy
        assert summary(reopened) == wanted
    finally:
        reopened.dispose()
