import datetime as dt

from lib.analytics import Filters
from lib.analytics.timeline import event_lanes, events


def test_events_with_participants_oldest_first(corpus):
    frame = events(corpus, Filters())
    assert list(frame["type"]) == ["arrest", "meeting", "statement"]
    assert frame.iloc[0]["participants"] == "DGSN, CNP, ES"
    assert frame.iloc[1]["date_start"] == dt.datetime(2024, 6, 27)
    assert frame.iloc[0]["title"] == "Two"


def test_event_filters_restrict_events_themselves(corpus):
    assert list(events(corpus, Filters(event_types=("meeting",)))["type"]) == ["meeting"]
    ranged = Filters(date_from=dt.date(2024, 6, 1), date_to=dt.date(2024, 6, 30), date_basis="event")
    assert list(events(corpus, ranged)["type"]) == ["meeting"]


def test_lanes_per_agency_and_country(corpus):
    frame = events(corpus, Filters())
    agency = event_lanes(corpus, Filters(), frame, "agency")
    assert sorted(agency[agency["type"] == "meeting"]["lane"]) == ["DGSI", "DGSN"]
    assert list(agency[agency["type"] == "statement"]["lane"]) == ["(none)"]
    country = event_lanes(corpus, Filters(), frame, "country")
    assert sorted(country[country["type"] == "meeting"]["lane"]) == ["FR", "MA"]
    assert sorted(country[country["type"] == "arrest"]["lane"]) == ["ES", "MA"]
