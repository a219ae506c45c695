"""Happenings: one article's sentences about one happening merged into one event."""
import datetime as dt

from lib.extraction.happenings import combined_type, event_types, happenings
from lib.records import Event

DAY = dt.date(2024, 6, 26)


def event(kind, start, participants, date=DAY, *, location=None, inferred=False, confidence=0.7):
    text = f"sentence {start}"
    return Event(kind, None, date, date, "day" if date else None, inferred, tuple(participants), location,
                 text, start, start + len(text), confidence)


def test_types_and_what_they_absorb_are_data():
    types = event_types()
    assert "meeting" in types["visit"].absorbs and "agreement" not in types["visit"].absorbs
    assert types["agreement"].specificity > types["meeting"].specificity
    assert combined_type("meeting", "visit") == combined_type("visit", "meeting") == "visit"
    assert combined_type("visit", "agreement") is None


def test_a_visit_absorbs_its_meetings_and_keeps_every_sentence():
    found = happenings([event("meeting", 100, ["DGSI", "FR"], inferred=True), event("visit", 0, ["DGSN", "MA", "FR"]),
                        event("meeting", 200, ["DGSE", "FR"], None), event("intelligence_sharing", 300, ["DGSN", "DGSI"])])
    assert len(found) == 1
    merged = found[0]
    assert merged.event.type == "visit"
    assert [span.start for span in merged.evidence] == [0, 100, 200, 300]
    assert set(merged.event.participants) == {"DGSN", "MA", "FR", "DGSI", "DGSE"}
    assert merged.event.date == DAY and not merged.event.date_inferred


def test_an_agreement_signed_during_a_visit_stays_its_own():
    found = happenings([event("visit", 0, ["MA", "FR"]), event("agreement", 100, ["MA", "FR"])])
    assert sorted(h.event.type for h in found) == ["agreement", "visit"]


def test_different_days_places_or_parties_stay_apart():
    assert len(happenings([event("meeting", 0, ["DGSI"]), event("meeting", 100, ["DGSI"], dt.date(2024, 7, 2))])) == 2
    assert len(happenings([event("arrest", 0, ["CNP"], location="Madrid"),
                           event("arrest", 100, ["CNP"], location="Melilla")])) == 2
    assert len(happenings([event("arrest", 0, ["CNP"]), event("arrest", 100, ["DGSI"])])) == 2
