"""Article reader: one article with its entities highlighted, its events and topics, and links onward."""
import html
from urllib.parse import urlparse

import pandas as pd
import streamlit as st

from lib.analytics import reader
from lib.ui.downloads import table_with_downloads
from lib.ui.corrections import mention_deletion, show_last_change
from lib.ui.highlight import LABEL_NAMES, highlight_html, legend_html
from lib.ui.links import OVERVIEW, TIMELINE, follow_request, narrow_and_open
from lib.ui.params import read_id
from lib.ui.sidebar import render_filters, show_url_notes
from lib.ui.state import cached, get_store
from lib.ui.text import md_escape

PICK = "reader-article"


def _label(published: object, title: object, source: object) -> str:
    date = str(pd.Timestamp(published).date()) if published is not None and not pd.isna(published) else "no date"
    name = title if isinstance(title, str) and title.strip() else "(untitled)"
    return f"{date} · {name}" + (f" · {source}" if isinstance(source, str) and source else "")


def _write_url() -> None:
    st.query_params["article"] = str(st.session_state[PICK])


def _text_field(column, label: str, value: object) -> None:  # type: ignore[no-untyped-def]
    column.caption(label)
    column.text(str(value) if value is not None and not pd.isna(value) and str(value) else "—")


store = get_store()
filters = render_filters(store)
follow_request()

st.title("Article reader")
st.caption(f"Choosing among: {md_escape(filters.describe())}")

choices = cached(reader.article_choices, filters)
labels = {int(r.article_id): _label(r.published, r.title, r.source) for r in choices.itertuples()}
requested, dropped = read_id(st.query_params.get_all, "article")
show_url_notes(dropped)
if requested is not None and requested not in labels:
    # A link may open an article the current filters hide: show it, and say so.
    outside = reader.article(store, requested)
    if outside is not None:
        labels = {requested: _label(outside["published"], outside["title"], outside["source"])
                  + " (outside the filters)", **labels}
if not labels:
    st.info("No article matches the current filters. Clear some filters, or add articles on the Upload page.")
    st.stop()

if requested in labels:
    st.session_state[PICK] = requested
elif st.session_state.get(PICK) not in labels:
    st.session_state.pop(PICK, None)
article_id = st.selectbox(f"Article ({len(labels):,})", options=list(labels), format_func=labels.get, key=PICK,
                          on_change=_write_url, placeholder="Type to search titles")
st.query_params["article"] = str(article_id)

row = reader.article(store, int(article_id))
if row is None:
    st.info("This article is no longer in the database.")
    st.stop()

st.html(f"<h2 style='margin:0.5rem 0'>{html.escape(str(row['title'] or '(untitled)'))}</h2>")
cells = st.columns(5)
for cell, (label, key) in zip(cells, [("Published", "published"), ("Source", "source"), ("Language", "language"),
                                      ("Model", "model"), ("File", "filename")], strict=True):
    _text_field(cell, label, row.get(key))
url = row.get("url")
if isinstance(url, str) and url:
    if urlparse(url.strip()).scheme.lower() in ("http", "https"):
        st.link_button("Open the original", url.strip(), icon=":material/open_in_new:")
    else:
        _text_field(st, "URL (not a web link)", url)
if row.get("note"):
    st.caption(md_escape(row["note"]))

mentions = reader.article_mentions(store, int(article_id))
marked = reader.article_highlights(store, int(article_id), mentions)
text_column, side = st.columns([3, 1])
with text_column:
    st.subheader("Text")
    if any(label in LABEL_NAMES for label in marked["label"]):
        st.html(legend_html(marked["label"]))
    with st.container(height=560, border=True):
        st.html(highlight_html(str(row["text"] or ""), marked.to_dict("records")))
    show_last_change()
    mention_deletion(store, int(article_id), str(row["content_hash"]), mentions, key="reader-delete")

with side:
    agency_rows = mentions[(mentions["label"] == "AGENCY") & mentions["entity"].notna()]
    agencies = list(dict.fromkeys(str(e) for e in agency_rows["entity"]))
    st.subheader("Agencies")
    st.caption("Open an agency's timeline (this narrows the filters to it):" if agencies
               else "No agency recognised.")
    for agency in agencies[:15]:
        st.button(md_escape(agency), key=f"reader-agency-{agency}", on_click=narrow_and_open,
                  args=("agencies", [agency], TIMELINE), icon=":material/timeline:", width="stretch",
                  help=md_escape(f"{agency} on the timeline"))
    st.subheader("Topics")
    topics = reader.article_topics(store, int(article_id))
    st.caption("Show every article on a topic:" if topics else "No topic recognised.")
    for topic in topics:
        st.button(md_escape(topic.replace("_", " ")), key=f"reader-topic-{topic}", on_click=narrow_and_open,
                  args=("topics", [topic], OVERVIEW), icon=":material/topic:", width="stretch",
                  help=md_escape(f"All articles on {topic.replace('_', ' ')}"))

st.subheader("Events in this article")
events = reader.article_events(store, int(article_id))
if events.empty:
    st.caption("No event extracted from this article.")
else:
    table_with_downloads(events, name=f"article-{int(article_id)}-events", key="reader-events")
