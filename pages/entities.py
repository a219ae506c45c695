"""Who's who: agencies, people, countries, places and topics, each with the articles behind it."""
import re

import pandas as pd
import streamlit as st

from lib.analytics import Filters, entities, entity_counts
from lib.ui.corrections import add_agency_form, entity_corrections, fresh_key, show_last_change
from lib.ui.links import article_opener, follow_request
from lib.ui.sidebar import narrow, render_filters
from lib.ui.state import cached, get_store
from lib.ui.downloads import download_buttons
from lib.ui.tables import selectable_table
from lib.ui.text import md_escape

# Tab label, entity kind (None for topics), id column, filter field (None: no filter for it), file name.
TABS = (
    ("Agencies", "AGENCY", "id", "agencies", "agencies"),
    ("People", "PERSON", "name", "people", "people"),
    ("Countries", "COUNTRY", "id", "countries", "countries"),
    ("Places", "LOCATION", "id", None, "places"),
    ("Topics", None, "topic", "topics", "topics"),
)


def _table(kind: str | None) -> pd.DataFrame:
    if kind is None:
        return cached(entities.topic_table, filters)
    if kind == "PERSON":
        return cached(_people, filters)
    # Every kind's table slices the same counts, computed once.
    return entities.table_of(cached(entities.entity_stats, filters), kind)


def _people(store, filters: Filters) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    return entities.people_table(store, filters, cached(entities.entity_stats, filters))


def _everyone(kind: str) -> list[str]:
    """Every entity of `kind` in the store, in or out of view, most named first: the tables' own
    counts when nothing is filtered, else the Overview's (one pass over the mentions index)."""
    named = cached(entities.entity_stats, filters) if filters.is_empty() else cached(entity_counts, Filters())
    return named[named["entity_kind"] == kind]["id"].astype(str).tolist()


def _drill_down(kind: str | None, value: str) -> pd.DataFrame:
    if kind is None:
        return cached(entities.articles_with_topic, filters, value)
    return cached(entities.mentions_of, filters, kind, value)


store = get_store()
filters = render_filters(store)
follow_request()

st.title("Entities: who's who")
st.caption(f"Showing: {md_escape(filters.describe())}")
show_last_change()

tables = {label: _table(kind) for label, kind, *_ in TABS}
if all(frame.empty for frame in tables.values()):
    st.info("Nothing was found in the articles that match the filters. Clear some filters, or add articles "
            "on the Upload page.")
    st.stop()

for tab, (label, kind, id_column, field, name) in zip(st.tabs([f"{t[0]} ({len(tables[t[0]])})" for t in TABS]),
                                                      TABS, strict=True):
    with tab:
        frame = tables[label]
        if kind == "AGENCY":
            add_agency_form(store, key="add-agency")
        if frame.empty:
            st.info(f"No {label.lower()} in the articles that match the filters.")
            continue
        st.caption("Select a row to see the articles and sentences that mention it, and to correct it.")
        row = selectable_table(frame, name=name, key=fresh_key(f"who-{name}"))  # no stale row after a correction
        value = str(frame.iloc[row][id_column]) if row is not None else None
        if kind is not None:
            # Any entity of the kind may be corrected or merged into, not only those in view.
            everyone = _everyone(kind)
            entity_corrections(store, kind, everyone, selected=value, key=f"fix-{name}")
        if value is None:
            continue
        st.subheader(md_escape(f"Articles on {value}" if kind is None else f"Mentions of {value}"))
        detail = _drill_down(kind, value)
        st.dataframe(detail, hide_index=True, width="stretch")
        download_buttons(detail, name=re.sub(r"[^\w.-]+", "-", f"{name}-{value}")[:60], key=f"who-{name}-detail")
        article_opener(detail, key=f"who-{name}-article")
        if field:
            st.button(md_escape(f"Filter every page to {value}"), key=f"who-{name}-narrow", on_click=narrow,
                      args=(field, [value]), icon=":material/filter_alt:")
