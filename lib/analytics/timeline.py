"""Events on a time axis: one row per event and per lane (agency or country) it involves."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import select

from lib.analytics.filters import Filters, event_conditions, in_view
from lib.store import Article, Entity, EventParticipant, EventRow, Store

EVENT_COLUMNS = ["event_id", "type", "code", "date_start", "date_end", "precision", "date_inferred", "location",
                 "confidence", "evidence", "article_id", "title", "participants"]


def events(store: Store, filters: Filters) -> pd.DataFrame:
    """The events of the articles in view (and, with an event-date range, inside it), oldest first."""
    statement = (
        select(EventRow.id.label("event_id"), EventRow.type, EventRow.code, EventRow.date_start, EventRow.date_end,
               EventRow.precision, EventRow.date_inferred, EventRow.location, EventRow.confidence,
               EventRow.sentence.label("evidence"), EventRow.article_id, Article.title)
        .join(Article, Article.id == EventRow.article_id)
        .where(in_view(EventRow.article_id, filters), *event_conditions(filters))
        .order_by(EventRow.date_start.nulls_last(), EventRow.id)
    )
    frame = store.query(statement)
    if frame.empty:
        return pd.DataFrame(columns=EVENT_COLUMNS)
    people = store.query(
        select(EventParticipant.event_id, EventParticipant.label)
        .where(EventParticipant.event_id.in_([int(i) for i in frame["event_id"]]))
        .order_by(EventParticipant.id)
    )
    joined = people.groupby("event_id")["label"].agg(", ".join)
    frame["participants"] = frame["event_id"].map(joined).fillna("")
    for column in ("date_start", "date_end"):
        frame[column] = pd.to_datetime(frame[column])
    frame["date_inferred"] = frame["date_inferred"].astype(bool)
    return frame[EVENT_COLUMNS]


def event_lanes(store: Store, filters: Filters, events_frame: pd.DataFrame, lane: str = "agency") -> pd.DataFrame:
    """Events repeated once per agency (or per country) taking part: the rows of the timeline chart.

    An event with no participant of that kind gets the lane "(none)", so nothing disappears.
    """
    if events_frame.empty:
        return events_frame.assign(lane=pd.Series(dtype="string"))
    ids = [int(i) for i in events_frame["event_id"]]
    statement = (
        select(EventParticipant.event_id, Entity.key, Entity.kind, Entity.country)
        .join(Entity, Entity.id == EventParticipant.entity_id)
        .where(EventParticipant.event_id.in_(ids))
    )
    participants = store.query(statement)
    if lane == "agency":
        lanes = participants[participants["kind"] == "AGENCY"][["event_id", "key"]]
    else:
        # A country lane comes from named countries and from the countries of participating agencies.
        named = participants[participants["kind"] == "COUNTRY"][["event_id", "key"]]
        via = participants[(participants["kind"] == "AGENCY") & participants["country"].notna()]
        lanes = pd.concat([named, via[["event_id", "country"]].rename(columns={"country": "key"})])
    lanes = lanes.drop_duplicates().rename(columns={"key": "lane"})
    merged = events_frame.merge(lanes, on="event_id", how="left")
    merged["lane"] = merged["lane"].fillna("(none)")
    return merged


def lanes(store: Store, filters: Filters, lane: str = "agency") -> pd.DataFrame:
    """`event_lanes` of the events in view: one call, so a cache can key it on the filters alone."""
    return event_lanes(store, filters, events(store, filters), lane)
