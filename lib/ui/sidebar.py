"""The global sidebar: filters shared by every page, kept in session state and in the URL.

Options list only the values present in the data, with their article counts. The URL mirrors
the filters (`?from=2024-01-01&lang=fr`), so a copied link reopens the same view.
"""
from __future__ import annotations

import datetime as dt

import streamlit as st

from lib.analytics import Filters, date_span, filter_options
from lib.store import Store

# session_state key -> query parameter name
_PARAMS = {"f_from": "from", "f_to": "to", "f_languages": "lang", "f_sources": "source", "f_search": "q"}


def _parse_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _load_from_url() -> None:
    """On a session's first run, take the filters from the URL."""
    if st.session_state.get("_filters_loaded"):
        return
    params = st.query_params
    st.session_state["f_from"] = _parse_date(params.get("from"))
    st.session_state["f_to"] = _parse_date(params.get("to"))
    st.session_state["f_languages"] = params.get_all("lang")
    st.session_state["f_sources"] = params.get_all("source")
    st.session_state["f_search"] = params.get("q", "")
    st.session_state["_filters_loaded"] = True


def _save_to_url(filters: Filters) -> None:
    wanted: dict[str, str | list[str]] = {}
    if filters.date_from:
        wanted["from"] = filters.date_from.isoformat()
    if filters.date_to:
        wanted["to"] = filters.date_to.isoformat()
    if filters.languages:
        wanted["lang"] = list(filters.languages)
    if filters.sources:
        wanted["source"] = list(filters.sources)
    if filters.search:
        wanted["q"] = filters.search
    current = {k: st.query_params.get_all(k) for k in _PARAMS.values() if k in st.query_params}
    as_lists = {k: v if isinstance(v, list) else [v] for k, v in wanted.items()}
    if current != as_lists:
        for name in _PARAMS.values():
            if name in st.query_params:
                del st.query_params[name]
        st.query_params.update(wanted)


def _clear() -> None:
    for key in _PARAMS:
        st.session_state[key] = [] if key in ("f_languages", "f_sources") else ("" if key == "f_search" else None)


def _labelled(frame) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {str(v): f"{v} ({n})" for v, n in zip(frame["value"], frame["articles"], strict=True)}


def render_filters(store: Store) -> Filters:
    """Draw the sidebar filters and return the analyst's current Filters."""
    _load_from_url()
    options = filter_options(store)
    languages, sources = _labelled(options["languages"]), _labelled(options["sources"])
    # Values from an old URL that the data no longer has would make the widgets fail: drop them.
    st.session_state["f_languages"] = [v for v in st.session_state.get("f_languages", []) if v in languages]
    st.session_state["f_sources"] = [v for v in st.session_state.get("f_sources", []) if v in sources]
    lo, hi = date_span(store)
    with st.sidebar:
        st.header("Filters")
        st.text_input("Search titles and text", key="f_search", placeholder="e.g. Olympics")
        left, right = st.columns(2)
        left.date_input("Published from", key="f_from", min_value=dt.date(1900, 1, 1),
                        help=f"earliest in data: {lo}" if lo else None, format="YYYY-MM-DD")
        right.date_input("to", key="f_to", min_value=dt.date(1900, 1, 1),
                         help=f"latest in data: {hi}" if hi else None, format="YYYY-MM-DD")
        st.multiselect("Language", options=list(languages), key="f_languages",
                       format_func=lambda v: languages.get(v, v))
        st.multiselect("Source", options=list(sources), key="f_sources", format_func=lambda v: sources.get(v, v))
        st.button("Clear filters", on_click=_clear, width="stretch")
    filters = Filters(
        date_from=st.session_state.get("f_from"),
        date_to=st.session_state.get("f_to"),
        languages=tuple(st.session_state.get("f_languages", [])),
        sources=tuple(st.session_state.get("f_sources", [])),
        search=(st.session_state.get("f_search") or "").strip(),
    )
    _save_to_url(filters)
    return filters
