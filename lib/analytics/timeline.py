"""Events on a time axis: one row per event and per lane (agency or country) it involves.

A light index of (event, lane, type, date) comes first, so a page can count each lane's events and
decide to draw every event of the lanes it shows, or (above a cap) the events per lane and month,
without loading every event's text.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import Select, func, select

from lib.analytics.filters import Filters, event_conditions, in_view, shown
from lib.store import Article, Entity, EventParticipant, EventRow, Store, Story

EVENT_COLUMNS = ["event_id", "story_id", "type", "code", "date_start", "date_end", "precision", "date_inferred", "location",
                 "confidence", "evidence", "article_id", "title", "participants"]
NO_LANE = "(none)"
# Event rows (one per lane an event involves) a chart draws one by one at most; above, counts per month.
MOST_DRAWN = 2000


def _in_view(filters: Filters) -> list:  # type: ignore[type-arg]
    return [in_view(EventRow.article_id, filters), *event_conditions(filters)]


def _event_rows() -> Select:  # type: ignore[type-arg]
    """The columns `events` shows (participants aside), oldest first; callers add the condition."""
    return (
        select(EventRow.id.label("event_id"), EventRow.story_id, EventRow.type, EventRow.code, EventRow.date_start, EventRow.date_end,
               EventRow.precision, EventRow.date_inferred, EventRow.location, EventRow.confidence,
               EventRow.sentence.label("evidence"), EventRow.article_id, Article.title)
        .join(Article, Article.id == EventRow.article_id)
        .order_by(EventRow.date_start.nulls_last(), EventRow.id)
    )


def events(store: Store, filters: Filters, limit: int | None = None) -> pd.DataFrame:
    """The events of the articles in view (and, with an event-date range, inside it), oldest first;
    the first `limit` of them when given."""
    statement = _event_rows().where(*_in_view(filters))
    if not limit:
        return _with_participants(store, store.query(statement), statement)
    frame = store.query(statement.limit(limit))
    # The few ids themselves, rather than running the limited query again as a subquery.
    return _with_participants(store, frame, [int(i) for i in frame["event_id"]])


def _with_participants(store: Store, frame: pd.DataFrame,
                       chosen: Select | list[int]) -> pd.DataFrame:  # type: ignore[type-arg]
    """`frame` (events selected by the statement `chosen`, or with these ids) with each event's
    participants as one text."""
    if frame.empty:
        return pd.DataFrame(columns=EVENT_COLUMNS)
    if isinstance(chosen, Select):
        chosen = select(chosen.with_only_columns(EventRow.id).subquery().c.id)
    people = store.query(
        select(EventParticipant.event_id, EventParticipant.label)
        .where(EventParticipant.event_id.in_(chosen))
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


def lane_index(store: Store, filters: Filters, lane: str = "agency") -> pd.DataFrame:
    """(event_id, lane, type, date_start) for every event in view and lane it involves: a lane is a
    participating agency, or a country (named, or an agency's); "(none)" when it has no such participant.

    Read as integers and mapped in pandas: SQL joins of the participants, events and entities took
    three times longer at 100,000 articles on SQLite (automatic indexes over materialised lanes).
    """
    in_view_ids = select(EventRow.id).where(*_in_view(filters))
    # Plain columns: SQLAlchemy rows and read_sql cost more than the queries here.
    ids, types, starts = store.columns(select(EventRow.id, EventRow.type, EventRow.date_start)
                                       .where(*_in_view(filters)))
    events, entity_ids = store.columns(
        select(EventParticipant.event_id, EventParticipant.entity_id)
        .where(EventParticipant.entity_id.is_not(None), EventParticipant.event_id.in_(in_view_ids),
               shown(EventParticipant.entity_id, filters)))
    entities = store.query(select(Entity.id, Entity.kind, Entity.key, Entity.country)
                           .where(Entity.kind.in_(("AGENCY", "COUNTRY"))))
    found = pd.DataFrame({"event_id": np.array(ids, dtype=np.int64), "type": pd.Series(types, dtype="str"),
                          "date_start": pd.to_datetime(pd.Series(starts, dtype=object))})
    pairs = pd.DataFrame({"event_id": np.array(events, dtype=np.int64),
                          "entity_id": np.array(entity_ids, dtype=np.int64)})
    if lane == "agency":
        names = entities[entities["kind"] == "AGENCY"].set_index("id")["key"]
        lanes = pairs.assign(lane=pairs["entity_id"].map(names))
    else:
        named = entities[entities["kind"] == "COUNTRY"].set_index("id")["key"]
        via = entities[entities["kind"] == "AGENCY"].set_index("id")["country"]
        lanes = pd.concat([pairs.assign(lane=pairs["entity_id"].map(named)),
                           pairs.assign(lane=pairs["entity_id"].map(via))])
    lanes = lanes.dropna(subset=["lane"])[["event_id", "lane"]].drop_duplicates()
    frame = found.merge(lanes, on="event_id", how="left")
    frame["lane"] = frame["lane"].fillna(NO_LANE).astype("str")
    return frame[["event_id", "lane", "type", "date_start"]]


def sizes_of(index: pd.DataFrame) -> pd.DataFrame:
    """Per lane of a `lane_index`: its events and how many are dated, the busiest lane first."""
    grouped = index.groupby("lane")["date_start"]
    frame = pd.DataFrame({"events": grouped.size(), "dated": grouped.count()}).rename_axis("lane").reset_index()
    frame["lane"] = frame["lane"].astype("str")
    return frame.sort_values(["events", "lane"], ascending=[False, True], kind="stable").reset_index(drop=True)


def months_of(index: pd.DataFrame, only: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Dated events of a `lane_index` per lane, month (of the start date) and type."""
    dated = index[index["date_start"].notna()]
    if only is not None:
        dated = dated[dated["lane"].isin(only)]
    period = dated["date_start"].dt.to_period("M").dt.start_time.rename("period")
    counted = dated.groupby(["lane", period, "type"]).size().rename("events").reset_index()
    return counted.astype({"lane": "str", "type": "str", "events": "int64"})


def lanes(store: Store, index: pd.DataFrame) -> pd.DataFrame:
    """The events of a `lane_index` (narrowed by the caller to the lanes a chart shows) once per lane
    they involve: the rows of the timeline chart, oldest first."""
    if index.empty:
        return pd.DataFrame(columns=[*EVENT_COLUMNS, "lane"])
    # A chart's lanes hold at most MOST_DRAWN dated events: few enough to ask for by id.
    chosen = events_by_id(store, [int(i) for i in index["event_id"].unique()])
    return chosen.merge(index[["event_id", "lane"]], on="event_id")


def events_by_id(store: Store, ids: list[int]) -> pd.DataFrame:
    """The events with these ids (as `events` shows them), oldest first."""
    return _with_participants(store, store.query(_event_rows().where(EventRow.id.in_(ids))), ids)


def by_story(store: Store, rows: pd.DataFrame) -> pd.DataFrame:
    """The rows of `lanes` with one row per story and lane instead of one per report: the story's
    earliest report stands for it, with `sources` (how many articles report it) and `reports` (who
    reported it, earliest first). Events not grouped stay as they are, one source each."""
    from lib.analytics.stories import listed_sources, sources_of

    if rows.empty:
        return rows.assign(sources=pd.Series(dtype="int64"), reports=pd.Series(dtype="str"))
    story = rows["story_id"].astype("Int64")
    grouped = rows[story.notna()]
    reports = sources_of(store, sorted({int(i) for i in grouped["story_id"]}))
    counted = reports.groupby("story_id")["article_id"].nunique()
    listed = listed_sources(reports)
    # The earliest report stands for the story, drawn to the latest date its reports give: the
    # marker covers what the sources say, and the first view of the chart still spans every event.
    first = (grouped.sort_values(["date_start", "date_inferred", "confidence"], ascending=[True, True, False],
                                 kind="stable", na_position="last")
             .drop_duplicates(["story_id", "lane"]))
    latest = grouped.assign(_end=grouped["date_end"].fillna(grouped["date_start"])).groupby(
        ["story_id", "lane"])["_end"].max()
    ends = pd.Series(list(zip(first["story_id"], first["lane"])), index=first.index).map(latest)
    first = first.assign(date_end=pd.to_datetime(ends).where(ends.notna(), first["date_end"]))
    kinds = store.query(select(Story.id, Story.type).where(Story.id.in_([int(i) for i in counted.index])))
    first = first.assign(type=first["story_id"].map(kinds.set_index("id")["type"]).fillna(first["type"]),
                         sources=first["story_id"].map(counted).fillna(1).astype("int64"),
                         reports=first["story_id"].map(listed).fillna(""))
    alone = rows[story.isna()].assign(sources=1, reports="")
    return pd.concat([first, alone]).sort_values(["date_start", "event_id"], kind="stable").reset_index(drop=True)
