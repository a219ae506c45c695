"""Links between pages: open an article in the reader, or narrow the filters and show another page.

`st.switch_page` cannot run inside a widget callback, and the filters can only be narrowed
inside one. So a callback narrows and leaves a request in session state; the page follows it
with `follow_request()` right after drawing the sidebar (which records the narrowed filters).
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from lib.ui.sidebar import narrow

READER = "pages/reader.py"
TIMELINE = "pages/timeline.py"
OVERVIEW = "pages/overview.py"
ENTITIES = "pages/entities.py"
COOCCURRENCE = "pages/cooccurrence.py"

_REQUEST = "_page_request"


def request_page(page: str, params: dict[str, str] | None = None) -> None:
    """Ask for `page` (with URL parameters) on the next run; call from a callback."""
    st.session_state[_REQUEST] = (page, dict(params or {}))


def pending_request() -> tuple[str, dict[str, str]] | None:
    return st.session_state.get(_REQUEST)


def follow_request() -> None:
    """Switch to the requested page, if any; every page calls this after `render_filters`."""
    request = st.session_state.pop(_REQUEST, None)
    if request:
        page, params = request
        st.switch_page(page, query_params=params or None)


def open_article(article_id: int) -> None:
    """Callback: show one article in the reader."""
    request_page(READER, {"article": str(int(article_id))})


def narrow_and_open(field: str, values: list[str], page: str) -> None:
    """Callback: add `values` to filter `field`, then show `page`."""
    narrow(field, values)
    request_page(page)


def _open_picked(key: str) -> None:
    picked = st.session_state.get(key)
    if picked is not None:
        open_article(int(picked))


def article_opener(frame: pd.DataFrame, *, key: str, label: str = "Open an article in the reader") -> None:
    """A picker over the articles of `frame` (article_id, title) and a button that opens the chosen one."""
    if frame.empty or "article_id" not in frame.columns:
        return
    articles = frame.drop_duplicates("article_id")
    titles = {int(i): (t if isinstance(t, str) and t else f"Article {int(i)}")
              for i, t in zip(articles["article_id"], articles.get("title", articles["article_id"]), strict=True)}
    left, right = st.columns([4, 1], vertical_alignment="bottom")
    left.selectbox(label, options=list(titles), format_func=lambda i: titles.get(i, str(i)), key=f"{key}-pick")
    right.button("Open in reader", key=f"{key}-open", on_click=_open_picked, args=(f"{key}-pick",),
                 icon=":material/article:", width="stretch")
