"""Event building from triggers: type, date, participants, place, confidence."""
from __future__ import annotations

import datetime as dt

from lib.events import SentenceFacts, Trigger, build_events, trigger_rows
from lib.nlp import load_pipeline
from lib.events import TRIGGER_SPAN_KEY
from lib.records import DateRef


def _facts(index, start, end, participants, actor=None, place=None, anaphoric=False):
    return SentenceFacts(index, start, end, f"s{index}", tuple(participants), actor, place, anaphoric)


def _day(start, end, char_start, precision="day"):
    return DateRef("d", start, end, precision, char_start, char_start + 5)


def test_trigger_lexicon_is_well_formed():
    rows = trigger_rows()
    assert {r.language for r in rows} == {"en", "fr"}
    assert all(0 < r.weight <= 1 for r in rows)
    assert {"visit", "meeting", "agreement", "intelligence_sharing", "extradition", "arrest"} <= {r.type for r in rows}


def test_triggers_match_by_lemma_and_respect_part_of_speech():
    doc = load_pipeline("en")("The ministers held talks and visited the port. The state of the roads was poor.")
    found = {(s.text, s.label_.split("|")[0]) for s in doc.spans[TRIGGER_SPAN_KEY]}
    assert ("talks", "meeting") in found and ("visited", "visit") in found
    assert not any(text == "state" for text, _ in found)


def test_event_takes_its_sentence_date_and_location():
    sentences = [_facts(0, 0, 100, ["DGSN", "FR"], actor="DGSN", place="FR")]
    dates = [_day(dt.date(2024, 6, 26), dt.date(2024, 6, 28), 40), _day(dt.date(2024, 1, 1), dt.date(2024, 12, 31), 60, "year")]
    (event,) = build_events(sentences, [Trigger("visit", "042", 0.9, 0)], dates)
    assert (event.type, event.code, event.location) == ("visit", "042", "FR")
    assert (event.date, event.date_end, event.precision, event.date_inferred) == (
        dt.date(2024, 6, 26), dt.date(2024, 6, 28), "day", False
    )
    assert event.participants == ("DGSN", "FR") and 0 < event.confidence <= 1


def test_pronoun_sentence_borrows_the_previous_actor_and_the_nearest_date():
    sentences = [
        _facts(0, 0, 50, ["Ana Ruiz"], actor="Ana Ruiz"),
        _facts(1, 51, 120, ["DGSI"], actor="DGSI", anaphoric=True),
    ]
    dates = [_day(dt.date(2023, 5, 2), dt.date(2023, 5, 2), 10)]
    (event,) = build_events(sentences, [Trigger("meeting", "040", 0.8, 1)], dates)
    assert event.participants == ("Ana Ruiz", "DGSI")
    assert event.date == dt.date(2023, 5, 2) and event.date_inferred is True


def test_statements_give_way_and_no_participant_means_no_event():
    sentences = [_facts(0, 0, 50, ["CNP"], actor="CNP"), _facts(1, 51, 90, [])]
    triggers = [Trigger("statement", "010", 0.4, 0), Trigger("arrest", "173", 0.85, 0), Trigger("visit", "042", 0.9, 1)]
    events = build_events(sentences, triggers, [])
    assert [(e.type, e.date) for e in events] == [("arrest", None)]


def test_confidence_grows_with_trigger_strength_and_participants():
    weak = build_events([_facts(0, 0, 10, ["A"])], [Trigger("training", None, 0.5, 0)], [])[0]
    strong = build_events([_facts(0, 0, 10, ["A", "B", "C"])], [Trigger("training", None, 0.8, 0)], [])[0]
    assert weak.confidence < strong.confidence and weak.code is None
