"""Each correction and its undo, on a hand-made corpus stored without NLP (see tests/analytics)."""
import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select

from lib.analytics import Filters
from lib.analytics.cooccurrence import pairs
from lib.analytics.entities import entity_table, people_table
from lib.corrections import Correction, CorrectionError, apply_corrections, validate
from lib.records import Agency, Document, Extraction, Mention, Sentence
from lib.store import Entity, EventParticipant, MentionRow, RoleRow
from tests.analytics.conftest import _article, corpus  # noqa: F401  (fixture)


def snapshot(store):
    """Everything a correction can change, in a form that compares exactly."""
    with store.sessions() as session:
        keys = dict(session.execute(select(Entity.id, Entity.key)).all())
        entities = sorted(session.execute(select(Entity.kind, Entity.key, Entity.name, Entity.country,
                                                 Entity.agency_kind)).all())
        mentions = sorted((m.article_id, m.label, m.text, m.start, m.end, keys.get(m.entity_id))
                          for m in session.scalars(select(MentionRow)))
        roles = sorted((r.article_id, keys[r.person_id], r.title, keys.get(r.agency_id))
                       for r in session.scalars(select(RoleRow)))
        participants = sorted((p.label, keys.get(p.entity_id)) for p in session.scalars(select(EventParticipant)))
    return entities, mentions, roles, participants


def agencies(store, filters=Filters()):
    return set(entity_table(store, filters, "AGENCY")["id"])


def test_merge_agencies_and_undo(corpus):
    before = snapshot(corpus)
    number = corpus.add_correction(Correction("merge", "AGENCY", "DGSN", {"into": "DGSI"}, note="test"))
    assert agencies(corpus) == {"DGSI", "Europol", "CNP"}
    table = entity_table(corpus, Filters(), "AGENCY").set_index("id")
    assert table.loc["DGSI", "articles"] == 3
    assert ("CNP", "DGSI") in {(r.a, r.b) for r in pairs(corpus, Filters()).itertuples()}
    assert corpus.undo_correction(number).target == "DGSN"
    assert snapshot(corpus) == before
    with pytest.raises(CorrectionError, match="already undone"):
        corpus.undo_correction(number)


def test_rename_and_set_agency_then_undo(corpus):
    before = snapshot(corpus)
    rename = corpus.add_correction(Correction("rename", "AGENCY", "CNP", {"name": "Policía Nacional"}))
    country = corpus.add_correction(Correction("set_agency", "AGENCY", "Europol", {"country": "NL"}))
    table = entity_table(corpus, Filters(), "AGENCY").set_index("id")
    assert table.loc["CNP", "name"] == "Policía Nacional"
    assert table.loc["Europol", "country"] == "NL"
    assert "Europol" in agencies(corpus, Filters(agency_countries=("NL",)))
    corpus.undo_correction(country)
    corpus.undo_correction(rename)
    assert snapshot(corpus) == before


def test_a_person_is_not_an_entity_then_undo(corpus):
    before = snapshot(corpus)
    number = corpus.add_correction(Correction("relabel", "PERSON", "Celine Berthon", {"to": ""}))
    assert people_table(corpus, Filters()).empty
    assert corpus.count("roles") == 0
    corpus.undo_correction(number)
    assert snapshot(corpus) == before


def test_org_relabelled_as_agency(store):
    text = "Officers of the Brigade Speciale met DGSI."
    extraction = Extraction(
        language="en", model="hand", sentences=(Sentence(0, len(text), 0),),
        mentions=(Mention("Brigade Speciale", 16, 32, "ORG", sentence=0),
                  Mention("DGSI", 37, 41, "AGENCY", key="DGSI", sentence=0)),
        agencies=(Agency("DGSI", "General Directorate for Internal Security", "FR", "domestic_intelligence"),),
    )
    store.add_article(Document(text=text, filename="x.txt", title="x"), extraction)
    store.add_correction(Correction("relabel", "ORG", "Brigade Speciale",
                                    {"to": "AGENCY", "country": "FR", "agency_kind": "police"}))
    table = entity_table(store, Filters(), "AGENCY").set_index("id")
    assert table.loc["Brigade Speciale", "country"] == "FR"
    assert table.loc["Brigade Speciale", "kind"] == "police"
    assert {(r.a, r.b) for r in pairs(store, Filters()).itertuples()} == {("Brigade Speciale", "DGSI")}


def test_delete_one_mention_in_one_article(corpus):
    mentions = corpus.frame("mentions")
    europol = mentions[mentions["text"] == "Europol"].iloc[0]
    articles = corpus.frame("articles").set_index("id")
    digest = articles.loc[int(europol["article_id"]), "content_hash"]
    before = snapshot(corpus)
    number = corpus.add_correction(Correction(
        "delete_mention", "AGENCY", "Europol",
        {"article": digest, "start": int(europol["start"]), "end": int(europol["end"])}))
    table = entity_table(corpus, Filters(), "AGENCY").set_index("id")
    assert table.loc["Europol", "articles"] == 1
    corpus.undo_correction(number)
    assert snapshot(corpus) == before


def test_corrections_hold_for_articles_ingested_later(corpus):
    corpus.add_correction(Correction("merge", "AGENCY", "DGSN", {"into": "DGSI"}))
    document, extraction = _article("Four", dt.date(2024, 7, 1), "en", [["DGSN and CNP met in Spain."]])
    corpus.add_article(document, extraction)
    assert agencies(corpus, Filters(search="met in Spain")) == {"DGSI", "CNP"}


def test_corrections_survive_re_extraction(corpus):
    corpus.add_correction(Correction("merge", "AGENCY", "DGSN", {"into": "DGSI"}))
    from lib.serialize import extraction_from_json
    from lib.store import RawExtraction

    with corpus.sessions() as session:
        raws = {r.article_id: extraction_from_json(r.data) for r in session.scalars(select(RawExtraction))}
    newer = {i: dataclasses.replace(e, model="hand-2") for i, e in raws.items()}
    corpus.replace_extractions(newer)
    assert "DGSN" not in agencies(corpus)
    assert set(corpus.frame("articles")["model"]) == {"hand-2"}


def test_apply_is_pure_and_ordered():
    ex = Extraction(language="en", model="m", mentions=(Mention("A", 0, 1, "AGENCY", key="A"),),
                    agencies=(Agency("A", "A body", "FR", "police"),))
    chain = [Correction("merge", "AGENCY", "A", {"into": "B", "name": "B body", "country": "ES"}),
             Correction("set_agency", "AGENCY", "B", {"agency_kind": "gendarmerie"})]
    out = apply_corrections(ex, chain)
    assert [(a.id, a.name, a.country, a.kind) for a in out.agencies] == [("B", "B body", "ES", "gendarmerie")]
    assert out.mentions[0].key == "B"
    assert ex.mentions[0].key == "A"  # the input is untouched


@pytest.mark.parametrize("bad, message", [
    (Correction("explode", "AGENCY", "A"), "^op must be one of merge, rename, "),
    (Correction("merge", "AGENCY", "A", {"into": "A"}), "another entity"),
    (Correction("relabel", "ORG", "X", {"to": "TEAM"}), "^to must be one of '', 'AGENCY', "),
    (Correction("set_agency", "AGENCY", "A", {"agency_kind": "spies"}), "^agency_kind must be one of 'police', "),
    (Correction("rename", "AGENCY", " "), "^target is missing$"),
])
def test_invalid_corrections_are_refused_with_a_reason(bad, message):
    with pytest.raises(CorrectionError, match=message):
        validate(bad)


def test_store_version_moves_with_articles_corrections_and_undo(corpus):
    first = corpus.version()
    number = corpus.add_correction(Correction("rename", "AGENCY", "CNP", {"name": "Policía Nacional"}))
    second = corpus.version()
    corpus.undo_correction(number)
    third = corpus.version()
    document, extraction = _article("Five", dt.date(2024, 8, 1), "en", [["DGSI alone."]])
    corpus.add_article(document, extraction)
    assert len({first, second, third, corpus.version()}) == 4


# --- the replay index gives exactly what applying every correction in turn gives -----------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from lib.corrections import Replay  # noqa: E402
from lib.records import Country, Event, Location, Person, Span  # noqa: E402

_NAMES = ("A", "B", "C", "D", "E")
_HASH = "a" * 64


@st.composite
def extractions(draw):  # type: ignore[no-untyped-def]
    mentions, agencies, persons, places = [], {}, {}, {}
    for i in range(draw(st.integers(0, 6))):
        label = draw(st.sampled_from(("AGENCY", "PERSON", "LOCATION", "ORG")))
        name = draw(st.sampled_from(_NAMES))
        key = None if label == "ORG" else name
        mentions.append(Mention(name, 10 * i, 10 * i + 1, label, key=key, sentence=0))
        span = (Span(name, 10 * i, 10 * i + 1),)
        if label == "AGENCY":
            agencies[name] = Agency(name, f"{name} body", draw(st.sampled_from((None, "FR"))), None, span)
        elif label == "PERSON":
            persons[name] = Person(name, None, draw(st.sampled_from((None, *_NAMES))), span)
        elif label == "LOCATION":
            places[name] = Location(name, None, span)
    events = tuple(Event("meeting", None, None, None, None, False, tuple(draw(st.lists(st.sampled_from(_NAMES),
                                                                                        max_size=3))),
                         None, "s", 0, 1, 0.5) for _ in range(draw(st.integers(0, 2))))
    return Extraction(language="en", model="m", sentences=(Sentence(0, 100, 0),), mentions=tuple(mentions),
                      agencies=tuple(agencies.values()), persons=tuple(persons.values()),
                      locations=tuple(places.values()), countries=(Country("FR", "France"),), events=events)


@st.composite
def corrections(draw):  # type: ignore[no-untyped-def]
    op = draw(st.sampled_from(("merge", "rename", "relabel", "set_agency", "delete_mention", "add_agency")))
    kind = "AGENCY" if op in ("set_agency", "add_agency") else draw(
        st.sampled_from(("AGENCY", "PERSON", "LOCATION", "ORG")))
    target = draw(st.sampled_from(_NAMES))
    other = draw(st.sampled_from([n for n in _NAMES if n != target]))
    value = {"merge": {"into": other}, "rename": {"name": other},
             "relabel": {"to": draw(st.sampled_from(("", "AGENCY", "PERSON"))), "key": other},
             "set_agency": {"country": "ES"},
             "delete_mention": {"article": _HASH, "start": 10 * draw(st.integers(0, 5)),
                                "end": 10 * draw(st.integers(0, 5)) + 1},
             "add_agency": {"name": other}}[op]
    return Correction(op, kind, target, value)


@settings(max_examples=300, deadline=None)
@given(extractions(), st.lists(corrections(), max_size=8))
def test_the_replay_index_gives_what_applying_every_correction_gives(extraction, log):
    assert Replay(log).apply(extraction, article=_HASH) == apply_corrections(extraction, log, article=_HASH)


def test_a_correction_rolled_back_is_not_replayed_by_the_next_one(corpus, monkeypatch):
    # The next correction may get the rolled-back one's id: the cached log must not take one for the other.
    original = type(corpus)._reapply
    calls = {"n": 0}

    def failing_once(self, session, article_ids):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        original(self, session, article_ids)
        if calls["n"] == 1:
            raise OSError("disk full")

    monkeypatch.setattr(type(corpus), "_reapply", failing_once)
    with pytest.raises(OSError):
        corpus.add_correction(Correction("rename", "AGENCY", "CNP", {"name": "Rolled back"}))
    corpus.add_correction(Correction("rename", "AGENCY", "CNP", {"name": "Policía Nacional"}))
    assert entity_table(corpus, Filters(), "AGENCY").set_index("id").loc["CNP", "name"] == "Policía Nacional"
    document, extraction = _article("Later", dt.date(2024, 9, 1), "en", [["CNP alone."]])
    corpus.add_article(document, extraction)
    assert entity_table(corpus, Filters(), "AGENCY").set_index("id").loc["CNP", "name"] == "Policía Nacional"
