"""Timeline: extracted events on a date axis, one row per agency or per country."""
import streamlit as st

from lib import charts
from lib.analytics import stories, timeline
from lib.ui.corrections import show_last_change, story_corrections
from lib.ui.downloads import SHOWN_ROWS, table_with_downloads
from lib.ui.links import follow_request
from lib.ui.selection import narrow_from_chart, open_or_narrow
from lib.ui.sidebar import render_filters
from lib.ui.state import cached, get_store
from lib.ui.text import md_escape
from lib.wording import plural

CHART = "timeline-chart"
LANES = {"agency": "Agency", "country": "Country"}
# Filter a lane of the per-month view narrows to when clicked.
LANE_FILTERS = {"agency": "agencies", "country": "agency_countries"}

store = get_store()
filters = render_filters(store)
follow_request()

st.title("Timeline")
show_last_change()
st.caption(f"Showing: {md_escape(filters.describe())}")

counts = cached(timeline.event_counts, filters)
if counts["events"] == 0:
    st.info("No event matches the current filters. Clear some filters, or add articles on the Upload page.")
    st.stop()

left, middle, right = st.columns([2, 1, 1])
lane = left.radio("One row per", options=list(LANES), format_func=LANES.get, horizontal=True, key="timeline-lane")
each_report = middle.toggle("Show each report", value=False, key="timeline-reports",
                            help="Off: one marker per happening (its reports grouped into a story), larger "
                                 "the more sources report it. On: one marker per article's report.")
most = right.slider("Rows shown at most", min_value=5, max_value=60, value=25, step=5, key="timeline-rows")

index = cached(timeline.lane_index, filters, lane)
sizes = timeline.sizes_of(index)
shown = sizes.head(most)
shown_lanes = tuple(shown["lane"])
dated = int(shown["dated"].sum())
notes = []
if dated <= timeline.MOST_DRAWN:
    rows = cached(timeline.lanes, index[index["lane"].isin(shown_lanes)])
    if not each_report:
        rows = cached(timeline.by_story, rows)
    st.plotly_chart(charts.timeline(rows, lane_title=LANES[lane]), key=CHART,
                    on_select=open_or_narrow(CHART, article_index=1, field="event_types", field_index=2),
                    selection_mode=("points", "box", "lasso"), width="stretch")
    notes += ["One marker per happening: the reports of one event by several articles are one story, its marker "
              "larger the more sources report it (hover lists them); “Show each report” draws every report."
              if not each_report else "One marker per report: each article's event is drawn.",
              "Click an event to read its (first) article; box- or lasso-select events to keep only their types.",
              "Hollow markers and faded, hatched bars are dates the extractor inferred (e.g. from the "
              "publication date), not dates written next to the event.",
              "Bars cover a date range, or the whole month or year when only that is known; a square marks a "
              "range too short to see at this scale. Events of a row at the same time are spread across the row. "
              "The chart first shows every dated event: drag the slider below it to look closer."]
else:
    months = timeline.months_of(index, shown_lanes)
    st.plotly_chart(charts.timeline_counts(months, lane_title=LANES[lane], lanes=list(shown_lanes)), key=CHART,
                    on_select=narrow_from_chart(CHART, LANE_FILTERS[lane]),
                    selection_mode=("points", "box", "lasso"), width="stretch")
    notes += [f"These rows hold {dated:,} dated events, more than the {timeline.MOST_DRAWN:,} drawn one by one: "
              "the chart shows how many events each row has per month (of the start date). Narrow the filters, "
              "or click rows' months to keep only those rows, to see the events themselves."]
if len(sizes) > most:
    hidden = len(sizes) - most
    notes.append(f"{plural(hidden, 'row')} with fewer events {'is' if hidden == 1 else 'are'} hidden; "
                 "raise “Rows shown at most” to see them.")
if counts["undated"]:
    notes.append(f"1 event has no date: it is not on the chart but is in the table below." if counts["undated"] == 1
                 else f"{counts['undated']:,} events have no date: they are not on the chart but are in the table below.")
st.caption(" ".join(notes))

st.subheader("Events")
table_with_downloads(cached(timeline.events, filters, limit=SHOWN_ROWS), name="events", key="timeline-events",
                     total=counts["events"], everything=lambda: timeline.events(store, filters))
st.subheader("Stories")
st.caption("One row per happening: the reports of it by every article in view, their sources and the earliest.")
table_with_downloads(cached(stories.stories, filters, limit=SHOWN_ROWS), name="stories", key="timeline-story-table",
                     total=cached(stories.story_count, filters), everything=lambda: stories.stories(store, filters))
story_corrections(store, key="timeline-stories")
