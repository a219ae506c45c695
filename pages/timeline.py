"""Timeline: extracted events on a date axis, one row per agency or per country."""
import streamlit as st

from lib import charts
from lib.analytics import timeline
from lib.ui.downloads import table_with_downloads
from lib.ui.links import follow_request
from lib.ui.selection import open_or_narrow
from lib.ui.sidebar import render_filters
from lib.ui.state import cached, get_store
from lib.ui.text import md_escape

CHART = "timeline-chart"
LANES = {"agency": "Agency", "country": "Country"}

store = get_store()
filters = render_filters(store)
follow_request()

st.title("Timeline")
st.caption(f"Showing: {md_escape(filters.describe())}")

events = cached(timeline.events, filters)
if events.empty:
    st.info("No event matches the current filters. Clear some filters, or add articles on the Upload page.")
    st.stop()

left, right = st.columns([2, 1])
lane = left.radio("One row per", options=list(LANES), format_func=LANES.get, horizontal=True, key="timeline-lane")
most = right.slider("Rows shown at most", min_value=5, max_value=60, value=25, step=5, key="timeline-rows")

lanes = cached(timeline.lanes, filters, lane)
order = lanes.groupby("lane").size().sort_values(ascending=False, kind="stable")
shown_lanes = list(order.index[:most])
shown = lanes[lanes["lane"].isin(shown_lanes)]

st.plotly_chart(charts.timeline(shown, lane_title=LANES[lane]), key=CHART,
                on_select=open_or_narrow(CHART, article_index=1, field="event_types", field_index=2),
                selection_mode=("points", "box", "lasso"), width="stretch")
notes = ["Click an event to read its article; box- or lasso-select events to keep only their types.",
         "Hollow markers and faded, hatched bars are dates the extractor inferred (e.g. from the "
         "publication date), not dates written next to the event.",
         "Bars cover a date range, or the whole month or year when only that is known."]
if len(order) > most:
    notes.append(f"{len(order) - most} rows with fewer events are hidden; raise “Rows shown at most” to see them.")
undated = int(events["date_start"].isna().sum())
if undated:
    notes.append(f"{undated} events have no date: they are not on the chart but are in the table below.")
st.caption(" ".join(notes))

st.subheader("Events")
table_with_downloads(events, name="events", key="timeline-events")
