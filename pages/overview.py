"""Overview: key figures, articles over time, top entities and the latest articles."""
import streamlit as st

from lib import analytics, charts
from lib.analytics.cooccurrence import country_pairs
from lib.colors import country_colors
from lib.analytics.overview import ORDERS
from lib.search import parse_query
from lib.ui.downloads import SHOWN_ROWS, table_with_downloads
from lib.ui.selection import narrow_from_chart
from lib.ui.sidebar import render_filters
from lib.ui.state import cached, get_store
from lib.ui.text import md_escape
from lib.wording import plural

store = get_store()
filters = render_filters(store)

st.title("Overview")
st.caption(f"Showing: {md_escape(filters.describe())}")

figures = cached(analytics.key_figures, filters)
if figures["articles"] == 0:
    st.info("No article matches the current filters. Clear the filters, or add articles on the Upload page.")
    st.stop()

cells = st.columns(5)
for cell, (label, key) in zip(cells, [("Articles", "articles"), ("Agencies", "agencies"), ("People", "people"),
                                      ("Countries", "countries"), ("Events", "happenings")]):
    cell.metric(label, f"{figures[key]:,}")
cells[4].caption(f"{plural(figures['happenings'], 'happening')} from {plural(figures['events'], 'report')}")
st.caption(f"Published {figures['first']} to {figures['last']}" if figures["first"]
           else "No article in view has a publication date.")

over_time = cached(analytics.articles_over_time, filters)
if over_time.empty:
    st.caption("No article in view has a publication date, so there is no timeline of articles.")
else:
    st.plotly_chart(charts.articles_over_time(over_time), width="stretch")

named = cached(analytics.entity_counts, filters)  # every kind in one pass; the tables below slice it
# Every agency country in the store has its colour, the same on every page whatever the filters.
colors = country_colors(cached(analytics.filter_options)["agency_countries"]["value"])
left, right = st.columns(2)
for column, kind, label, plural in ((left, "AGENCY", "Agency", "agencies"), (right, "PERSON", "Person", "people")):
    with column:
        top = analytics.top_of(named, kind)
        st.subheader(f"Most mentioned {plural}")
        if top.empty:
            st.caption(f"No {label.lower()} found in these articles.")
        else:
            # Clicking (or box-selecting) bars narrows the filters to those agencies or people.
            field = "agencies" if kind == "AGENCY" else "people"
            st.plotly_chart(charts.top_bar(top, label=label, title=f"{plural.capitalize()} by number of articles",
                                           colors=colors), width="stretch",
                            key=f"top-bar-{kind}", on_select=narrow_from_chart(f"top-bar-{kind}", field),
                            selection_mode=("points", "box", "lasso"))
            table_with_downloads(analytics.top_table(top, kind), name=f"top-{plural}", key=f"top-{kind}")

left, right = st.columns(2)
with left:
    st.subheader("Countries")
    countries = analytics.top_table(analytics.top_of(named, "COUNTRY", limit=30), "COUNTRY")
    table_with_downloads(countries, name="top-countries", key="top-COUNTRY")
with right:
    st.subheader("Top country pairs")
    st.caption("Countries whose agencies are named in the same article.")
    pairs = cached(country_pairs, filters).head(15)
    table_with_downloads(pairs, name="top-country-pairs", key="top-country-pairs")

st.subheader("Latest events")
table_with_downloads(cached(analytics.latest_events, filters), name="latest-events", key="events")

st.subheader("Articles")
order = "newest"
if parse_query(filters.search).groups:  # a search with words to rank by: best matches first, unless asked
    order = st.radio("Order", options=list(ORDERS), format_func=ORDERS.get, horizontal=True, key="articles-order")
# The first articles on screen; the downloads query every filtered article when clicked.
table_with_downloads(cached(analytics.articles_table, filters, limit=SHOWN_ROWS, order=order), name="articles",
                     key="articles", total=figures["articles"],
                     everything=lambda: analytics.articles_table(store, filters, order=order))
