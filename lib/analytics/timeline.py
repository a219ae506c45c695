"""Events on a time axis: one row per event and per lane (agency or country) it involves.

A lane's events are counted in SQL first, so a page can decide to draw every event of the lanes
it shows, or (above a cap) the number of events per lane and month, without loading them all.
"""
from __future__ import annotations

import pandas as pd
from sqlalchemy import Select, extract, func, literal, select, union

from lib.analytics.filters import Filters, event_conditions, in_view
from lib.store import Article, Entity, EventParticipant, EventRow, Store

EVENT_COLUMNS = ["event_id", "type", "code", "date_start", "date_end", "precision", "date_inferred", "location",
                 "confidence", "evidence", "article_id", "title", "participants"]
NO_LANE = "(none)"
# Event rows (one per lane an event involves) a chart draws one by one at most; above, counts per month.
MOST_DRAWN = 2000


def _in_view(filters: Filters) -> list:  # type: ignore[type-arg]
    return [in_view(EventRow.article_id, filters), *event_conditions(filters)]


def events(store: Store, filters: Filters, limit: int | None = None) -> pd.DataFrame:
    """The events of the articles in view (and, with an event-date range, inside it), oldest first;
    the first `limit` of them when given."""
    statement = (
        select(EventRow.id.label("event_id"), EventRow.type, EventRow.code, EventRow.date_start, EventRow.date_end,
               EventRow.precision, EventRow.date_inferred, EventRow.location, EventRow.confidence,
               EventRow.sentence.label("evidence"), EventRow.article_id, Article.title)
        .join(Article, Article.id == EventRow.article_id)
        .where(*_in_view(filters))
        .order_by(EventRow.date_start.nulls_last(), EventRow.id)
    )
    if limit:
        statement = statement.limit(limit)
    return _with_participants(store, store.query(statement), statement)


def _with_participants(store: Store, frame: pd.DataFrame, statement: Select) -> pd.DataFrame:  # type: ignore[type-arg]
    """`frame` (events selected by `statement`) with each event's participants as one text."""
    if frame.empty:
        return pd.DataFrame(columns=EVENT_COLUMNS)
    chosen = statement.with_only_columns(EventRow.id).subquery()
    people = store.query(
        select(EventParticipant.event_id, EventParticipant.label)
        .where(EventParticipant.event_id.in_(select(chosen.c.id)))
        .order_by(EventParticipant.id)
    )
    joined = people.groupby("event_id")["label"].agg(", ".join)
    frame["participants"] = frame["event_id"].map(joined).fillna("")
    for column in ("date_start", "date_end"):
        frame[column] = pd.to_datetime(frame[column])
    frame["date_inferred"] = frame["date_inferred"].astype(bool)
    return frame[EVENT_COLUMNS]


def event_counts(store: Store, filters: Filters) -> dict[str, int]:
    """How many events are in view, and how many of them have no date."""
    row = store.query(select(func.count(EventRow.id).label("events"), func.count(EventRow.date_start).label("dated"))
                      .where(*_in_view(filters))).iloc[0]
    return {"events": int(row["events"]), "undated": int(row["events"]) - int(row["dated"])}


def _lane_rows(lane: str):  # type: ignore[no-untyped-def]
    """(event_id, lane) pairs: participating agencies, or countries, named or through an agency's country."""
    def of(kind: str, value):  # type: ignore[no-untyped-def]
        return (select(EventParticipant.event_id, value.label("lane"))
                .join(Entity, Entity.id == EventParticipant.entity_id).where(Entity.kind == kind))

    if lane == "agency":
        return of("AGENCY", Entity.key).distinct().subquery("lanes")
    via_agency = of("AGENCY", Entity.country).where(Entity.country.is_not(None))
    return union(of("COUNTRY", Entity.key), via_agency).subquery("lanes")


def _lane_of(rows) -> object:  # type: ignore[no-untyped-def]
    return func.coalesce(rows.c.lane, literal(NO_LANE))


def lane_sizes(store: Store, filters: Filters, lane: str = "agency") -> pd.DataFrame:
    """Per lane: its events in view and how many are dated, the busiest lane first."""
    rows = _lane_rows(lane)
    name = _lane_of(rows)
    frame = store.query(
        select(name.label("lane"), func.count().label("events"), func.count(EventRow.date_start).label("dated"))
        .select_from(EventRow).join(rows, rows.c.event_id == EventRow.id, isouter=True)
        .where(*_in_view(filters)).group_by(name)
    )
    frame["lane"] = frame["lane"].astype("str")
    # Ties in name order, the same in every database (collations differ).
    return frame.sort_values(["events", "lane"], ascending=[False, True], kind="stable").reset_index(drop=True)


def lanes(store: Store, filters: Filters, lane: str = "agency", only: tuple[str, ...] | None = None) -> pd.DataFrame:
    """The events in view once per lane they involve (the rows of the timeline chart), for the
    lanes in `only` when given. An event with no participant of that kind is in the lane "(none)"."""
    rows = _lane_rows(lane)
    name = _lane_of(rows)
    statement = (
        select(EventRow.id.label("event_id"), EventRow.type, EventRow.code, EventRow.date_start, EventRow.date_end,
               EventRow.precision, EventRow.date_inferred, EventRow.location, EventRow.confidence,
               EventRow.sentence.label("evidence"), EventRow.article_id, Article.title, name.label("lane"))
        .join(Article, Article.id == EventRow.article_id)
        .join(rows, rows.c.event_id == EventRow.id, isouter=True)
        .where(*_in_view(filters))
        .order_by(EventRow.date_start.nulls_last(), EventRow.id)
    )
    if only is not None:
        statement = statement.where(name.in_(only))
    frame = store.query(statement)
    if frame.empty:
        return pd.DataFrame(columns=[*EVENT_COLUMNS, "lane"])
    lane_column = frame.pop("lane").astype("str")
    frame = _with_participants(store, frame, statement)
    return frame.assign(lane=lane_column.to_numpy())


def event_lanes(store: Store, filters: Filters, events_frame: pd.DataFrame, lane: str = "agency") -> pd.DataFrame:
    """`events_frame` (rows of `events`) repeated once per agency (or country) taking part."""
    if events_frame.empty:
        return events_frame.assign(lane=pd.Series(dtype="string"))
    rows = _lane_rows(lane)
    found = store.query(select(EventRow.id.label("event_id"), _lane_of(rows).label("lane"))
                        .join(rows, rows.c.event_id == EventRow.id, isouter=True).where(*_in_view(filters)))
    return events_frame.merge(found.drop_duplicates(), on="event_id", how="left").fillna({"lane": NO_LANE})


def lane_months(store: Store, filters: Filters, lane: str = "agency",
                only: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Dated events per lane, month (of the start date) and type: the timeline above its cap."""
    rows = _lane_rows(lane)
    name = _lane_of(rows)
    year, month = extract("year", EventRow.date_start), extract("month", EventRow.date_start)
    statement = (
        select(name.label("lane"), year.label("year"), month.label("month"), EventRow.type,
               func.count().label("events"))
        .select_from(EventRow).join(rows, rows.c.event_id == EventRow.id, isouter=True)
        .where(*_in_view(filters), EventRow.date_start.is_not(None))
        .group_by(name, year, month, EventRow.type)
    )
    if only is not None:
        statement = statement.where(name.in_(only))
    frame = store.query(statement)
    if frame.empty:
        return pd.DataFrame({"lane": pd.Series(dtype="str"), "period": pd.Series(dtype="datetime64[ns]"),
                             "type": pd.Series(dtype="str"), "events": pd.Series(dtype="int64")})
    period = pd.to_datetime(pd.DataFrame({"year": frame["year"].astype(int), "month": frame["month"].astype(int),
                                          "day": 1}))
    return pd.DataFrame({"lane": frame["lane"].astype("str"), "period": period, "type": frame["type"].astype("str"),
                         "events": frame["events"].astype("int64")})
