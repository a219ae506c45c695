"""The summaries (article_entities, facet_counts) always say what the extraction rows say: after
ingest, corrections and their undo, re-extraction, a moved agency, and when an older database
first opens."""
import dataclasses
import datetime as dt

from sqlalchemy import select, text

from lib.corrections import Correction
from lib.records import Agency, Mention
from lib.store import (Article, ArticleEntity, Entity, EventRow, FacetCount, MentionRow, SentenceRow, Store,
                       TopicRow)
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


def facets(store: Store) -> dict[tuple[str, str], int]:
    with store.sessions() as session:
        return {(r.field, r.value): r.articles for r in session.execute(select(FacetCount.field, FacetCount.value, FacetCount.articles))}


def expected_facets(store: Store) -> dict[tuple[str, str], int]:
    """Articles per sidebar value, worked out here from the mentions, events, topics and articles."""
    found: dict[tuple[str, str], set[int]] = {}
    with store.sessions() as session:
        named = session.execute(select(MentionRow.article_id, Entity.kind, Entity.key, Entity.country,
                                       Entity.agency_kind).join(Entity, Entity.id == MentionRow.entity_id)).all()
        rows = [("event_types", r.type, r.article_id) for r in session.execute(select(EventRow.type, EventRow.article_id))]
        rows += [("topics", r.topic, r.article_id) for r in session.execute(select(TopicRow.topic, TopicRow.article_id))]
        for r in session.execute(select(Article.id, Article.language, Article.source)):
            rows += [("languages", r.language, r.id), ("sources", r.source, r.id)]
    for article_id, kind, key, country, agency_kind in named:
        field = {"AGENCY": "agencies", "PERSON": "people", "COUNTRY": "countries"}.get(kind)
        rows += [(field, key, article_id)] if field else []
        if kind == "AGENCY":
            rows += [("agency_countries", country, article_id), ("agency_kinds", agency_kind, article_id)]
    for field, value, article_id in rows:
        if value is not None:
            found.setdefault((field, value), set()).add(article_id)
    return {unit: len(articles) for unit, articles in found.items()}


def in_step(store: Store) -> None:
    """Both summaries equal what the rows say."""
    assert summary(store) == expected(store)
    assert facets(store) == expected_facets(store)


def _awkward_article():
    """DGSI twice in one sentence and again two paragraphs on, plus a mention outside any sentence."""
    document, extraction = _article("Four", dt.date(2021, 5, 4), "en",
                                    [["DGSI spoke."], ["CNP listened."], ["DGSI and CNP signed."]])
    again = Mention("DGSI", 0, 4, "AGENCY", key="DGSI", sentence=2)
    loose = Mention("CNP", 1, 3, "AGENCY", key="CNP", sentence=None)
    return document, dataclasses.replace(extraction, mentions=(*extraction.mentions, again, loose))


def test_the_summary_matches_the_mentions_after_ingest(corpus):  # noqa: F811
    corpus.add_articles([_awkward_article()])
    in_step(corpus)
    found = summary(corpus)
    four = corpus.query(select(Article.id).where(Article.title == "Four")).iloc[0, 0]
    assert found[("AGENCY", "DGSI", four)] == (dt.date(2021, 5, 4), 3, [0, 2], [0, 2])
    assert found[("AGENCY", "CNP", four)] == (dt.date(2021, 5, 4), 3, [1, 2], [1, 2])
    one = corpus.query(select(Article.id).where(Article.title == "One")).iloc[0, 0]
    assert found[("AGENCY", "Europol", one)] == (dt.date(2024, 6, 29), 1, [1], [0])


def test_the_summary_follows_a_merge_and_its_undo(corpus):  # noqa: F811
    before = summary(corpus)
    number = corpus.add_correction(Correction("merge", "AGENCY", "DGSN", {"into": "DGSI"}))
    in_step(corpus)
    merged = summary(corpus)
    assert not [unit for unit in merged if unit[1] == "DGSN"]
    # Article one named both: one row for DGSI now, with both mentions.
    one = corpus.query(select(Article.id).where(Article.title == "One")).iloc[0, 0]
    assert merged[("AGENCY", "DGSI", one)][1] == 2
    corpus.undo_correction(number)
    assert summary(corpus) == before
    in_step(corpus)


def test_the_summary_follows_a_relabel_and_a_re_extraction(corpus):  # noqa: F811
    corpus.add_correction(Correction("relabel", "AGENCY", "Europol", {"to": ""}))  # not an entity
    in_step(corpus)
    assert ("agencies", "Europol") not in facets(corpus)
    assert not [unit for unit in summary(corpus) if unit[1] == "Europol"]
    document, extraction = _awkward_article()
    three = int(corpus.query(select(Article.id).where(Article.title == "Three")).iloc[0, 0])
    corpus.replace_extractions({three: extraction})
    in_step(corpus)
    found = summary(corpus)
    assert {unit[1] for unit in found if unit[2] == three} == {"DGSI", "CNP"}


def test_a_database_made_before_the_summary_gets_it_on_opening(corpus):  # noqa: F811
    corpus.add_articles([_awkward_article()])
    wanted, counted = summary(corpus), facets(corpus)
    with corpus.writer.begin() as connection:
        connection.execute(text("DROP TABLE article_entities"))
        connection.execute(text("DROP TABLE facet_counts"))
    reopened = Store(corpus.engine.url.render_as_string(hide_password=False))
    try:
        assert summary(reopened) == wanted and facets(reopened) == counted
        Store(reopened.engine.url.render_as_string(hide_password=False)).dispose()  # once: no second copy
        assert summary(reopened) == wanted and facets(reopened) == counted
        in_step(reopened)
    finally:
        reopened.dispose()


def test_facet_counts_add_up_batch_by_batch(corpus):  # noqa: F811
    assert facets(corpus)[("agencies", "DGSI")] == 2 and facets(corpus)[("languages", "en")] == 2
    corpus.add_articles([_awkward_article()])
    in_step(corpus)
    assert facets(corpus)[("agencies", "DGSI")] == 3
    assert facets(corpus)[("agency_countries", "FR")] == 3  # DGSI's articles
    assert facets(corpus)[("languages", "en")] == 3


def test_an_agency_moved_to_another_country_moves_all_its_articles(corpus):  # noqa: F811
    document, extraction = _awkward_article()
    moved = tuple(Agency(a.id, a.name, "MA", a.kind) if a.id == "DGSI" else a for a in extraction.agencies)
    corpus.add_articles([(document, dataclasses.replace(extraction, agencies=moved))])
    in_step(corpus)
    assert ("agency_countries", "FR") not in facets(corpus)  # DGSI was France's only agency here
