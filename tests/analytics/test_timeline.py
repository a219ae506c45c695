import datetime as dt

import pandas as pd
import pytest

from lib.analytics import Filters
from lib.analytics.timeline import event_counts, events, lane_index, lanes, months_of, sizes_of


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
    agency = lanes(corpus, lane_index(corpus, Filters(), "agency"))
    assert sorted(agency[agency["type"] == "meeting"]["lane"]) == ["DGSI", "DGSN"]
    assert list(agency[agency["type"] == "statement"]["lane"]) == ["(none)"]
    country = lanes(corpus, lane_index(corpus, Filters(), "country"))
    assert sorted(country[country["type"] == "meeting"]["lane"]) == ["FR", "MA"]
    assert sorted(country[country["type"] == "arrest"]["lane"]) == ["ES", "MA"]


def _reference_lanes(corpus, filters, lane):  # type: ignore[no-untyped-def]
    """The lanes as the pandas code before the SQL counts built them: every event joined to its lanes,
    with its participants read straight from their table."""
    from sqlalchemy import select

    from lib.store import Entity, EventParticipant

    frame = events(corpus, filters).drop(columns="participants")
    labels = corpus.query(select(EventParticipant.event_id, EventParticipant.label).order_by(EventParticipant.id))
    frame["participants"] = frame["event_id"].map(labels.groupby("event_id")["label"].agg(", ".join)).fillna("")
    participants = corpus.query(select(EventParticipant.event_id, Entity.key, Entity.kind, Entity.country)
                                .join(Entity, Entity.id == EventParticipant.entity_id))
    if lane == "agency":
        found = participants[participants["kind"] == "AGENCY"][["event_id", "key"]]
    else:
        named = participants[participants["kind"] == "COUNTRY"][["event_id", "key"]]
        via = participants[(participants["kind"] == "AGENCY") & participants["country"].notna()]
        found = pd.concat([named, via[["event_id", "country"]].rename(columns={"country": "key"})])
    found = found.drop_duplicates().rename(columns={"key": "lane"})
    merged = frame.merge(found, on="event_id", how="left")
    merged["lane"] = merged["lane"].fillna("(none)")
    return merged


FILTERS = [Filters(), Filters(agencies=("DGSN",)), Filters(event_types=("meeting", "arrest"))]


@pytest.mark.parametrize("lane", ["agency", "country"])
@pytest.mark.parametrize("filters", FILTERS, ids=["all", "agency", "types"])
def test_sql_lane_counts_and_rows_equal_the_pandas_lanes(corpus, lane, filters):
    expected = _reference_lanes(corpus, filters, lane)
    index = lane_index(corpus, filters, lane)
    sizes = sizes_of(index)
    counted = expected.groupby("lane").size().sort_values(ascending=False, kind="stable")
    assert list(sizes["lane"]) == list(counted.index)
    assert list(sizes["events"]) == list(counted)
    assert list(sizes["dated"]) == [int(expected[expected["lane"] == x]["date_start"].notna().sum())
                                    for x in counted.index]
    rows = lanes(corpus, index)
    key = ["event_id", "lane"]
    assert sorted(map(tuple, rows[key].to_numpy().tolist())) == sorted(map(tuple, expected[key].to_numpy().tolist()))
    assert (rows.sort_values(key)["participants"].tolist() == expected.sort_values(key)["participants"].tolist())
    some = tuple(sizes["lane"][:1])
    assert set(lanes(corpus, index[index["lane"].isin(some)])["lane"]) == set(some)
    months = months_of(index)
    dated = expected[expected["date_start"].notna()]
    per_month = dated.groupby(["lane", dated["date_start"].dt.to_period("M").dt.start_time, "type"]).size()
    assert {(r.lane, r.period, r.type): r.events for r in months.itertuples()} == per_month.to_dict()


def test_counts_and_a_limited_list(corpus):
    assert event_counts(corpus, Filters()) == {"events": 3, "undated": 1}
    assert event_counts(corpus, Filters(event_types=("meeting",))) == {"events": 1, "undated": 0}
    every = events(corpus, Filters())
    first = events(corpus, Filters(), limit=2)
    assert first.to_dict("records") == every.head(2).to_dict("records")


def test_one_row_per_story_and_lane_with_its_sources(store):
    import datetime as dt

    from lib.analytics.timeline import by_story
    from tests.test_stories import report

    day = dt.date(2024, 6, 26)
    store.add_article(*report("DGSN chief visits DGSI in Paris.", "visit", day, ["DGSN", "DGSI"]))
    store.add_article(*report("Le chef de la DGSN rencontre la DGSI.", "meeting", day, ["DGSI", "DGSN"]))
    rows = lanes(store, lane_index(store, Filters(), "agency"))
    assert len(rows) == 4
    stories = by_story(store, rows)
    assert len(stories) == 2 and set(stories["lane"]) == {"DGSN", "DGSI"}
    assert list(stories["sources"]) == [2, 2] and set(stories["type"]) == {"visit"}
    assert all("Desk" in listed for listed in stories["reports"])
