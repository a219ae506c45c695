"""The global sidebar: filters shared by every page, kept in session state and in the URL.

Options list only the values present in the data, with their article counts. The URL mirrors
the filters (`?agency=DGSI&lang=fr&from=2024-01-01`), so a copied link reopens the same view.
Pages narrow the filters too (click-to-filter) through `narrow()`.
"""
from __future__ import annotations


import streamlit as st

from lib.analytics import Filters, date_span, filter_options
from lib.store import Store
from lib.ui.params import DATE_MAX, DATE_MIN, MAX_SEARCH_CHARS, read_filters
from lib.ui.state import cached
from lib.ui.text import md_escape

# Multi-valued filter fields: (Filters field, sidebar label, URL parameter).
CHOICES = (
    ("agencies", "Agencies", "agency"),
    ("agency_countries", "Agency countries", "agency_country"),
    ("agency_kinds", "Agency kinds", "agency_kind"),
    ("people", "People", "person"),
    ("countries", "Countries mentioned", "country"),
    ("event_types", "Event types", "event"),
    ("topics", "Topics", "topic"),
    ("languages", "Language", "lang"),
    ("sources", "Source", "source"),
)
BASES = {"published": "Publication date", "event": "Event date"}


def _key(field: str) -> str:
    return f"f_{field}"


_KEPT = "_kept_filters"
_URL_NOTES = "_url_notes"


def _restore_kept() -> None:
    """Streamlit forgets a widget's value when a run does not draw it (another page, a test
    running one page alone), and a page's first run of a widget starts from an empty box: the
    filters are kept apart and set again before the widgets (the search was lost on the second
    page change)."""
    for key, value in st.session_state.get(_KEPT, {}).items():
        st.session_state[key] = st.session_state.get(key, value)


def _keep() -> None:
    keys = [_key(f) for f, _, _ in CHOICES] + [_key(f) for f in ("date_from", "date_to", "date_basis", "search",
                                                                  "sure_only")]
    st.session_state[_KEPT] = {k: st.session_state.get(k) for k in keys}


def _load_from_url() -> None:
    """On a session's first run, take the filters from the URL."""
    if st.session_state.get("_filters_loaded"):
        _restore_kept()
        return
    from_url = read_filters(st.query_params.get_all, [(field, param) for field, _, param in CHOICES])
    for field, value in from_url.values.items():
        st.session_state[_key(field)] = value
    st.session_state[_URL_NOTES] = from_url.notes
    st.session_state["_filters_loaded"] = True


def show_url_notes(*more: str | None) -> None:
    """Say once what the link asked for that could not be used (it was dropped)."""
    notes = [*st.session_state.pop(_URL_NOTES, ()), *(note for note in more if note)]
    if notes:
        st.warning("This link asked for something Entente cannot show: " + " ".join(md_escape(n) for n in notes))


def _url_params(filters: Filters) -> dict[str, list[str]]:
    wanted: dict[str, list[str]] = {param: list(getattr(filters, field)) for field, _, param in CHOICES
                                    if getattr(filters, field)}
    if filters.date_from:
        wanted["from"] = [filters.date_from.isoformat()]
    if filters.date_to:
        wanted["to"] = [filters.date_to.isoformat()]
    if filters.date_basis != "published":
        wanted["basis"] = [filters.date_basis]
    if filters.search:
        wanted["q"] = [filters.search]
    if not filters.sure_only:
        wanted["unsure"] = ["1"]
    return wanted


def _save_to_url(filters: Filters) -> None:
    wanted = _url_params(filters)
    ours = {param for _, _, param in CHOICES} | {"from", "to", "basis", "q", "unsure"}
    current = {k: st.query_params.get_all(k) for k in ours if k in st.query_params}
    if current != wanted:
        for name in ours & set(st.query_params.keys()):
            del st.query_params[name]
        st.query_params.update(wanted)


def clear_filters() -> None:
    for field, _, _ in CHOICES:
        st.session_state[_key(field)] = []
    st.session_state[_key("date_from")] = None
    st.session_state[_key("date_to")] = None
    st.session_state[_key("search")] = ""
    st.session_state[_key("sure_only")] = True


def narrow(field: str, values: list[str]) -> None:
    """Add values to a multi-valued filter (used by click-to-filter on charts)."""
    current = list(st.session_state.get(_key(field), []))
    st.session_state[_key(field)] = current + [v for v in values if v not in current]


def use_app_navigation() -> None:
    """Until a run goes through app.py, Streamlit treats the pages/ folder the old way (each file
    its own page, listed by file name, without app.py's layout): the first visit of a fresh server
    to a page's URL would run that file alone. Switch to app.py's navigation and run again."""
    from streamlit.runtime.pages_manager import PagesManager

    # Only on a session's first run: a rerun later would drop the click that caused that run.
    if PagesManager.uses_pages_directory and not st.session_state.get("_app_navigation"):
        st.session_state["_app_navigation"] = True
        PagesManager.uses_pages_directory = False
        st.rerun()


def without_filters() -> None:
    """For a page the filters do not apply to (History): no filters in its sidebar; the other pages
    still find them as the analyst left them."""
    use_app_navigation()


def render_filters(store: Store) -> Filters:
    """Draw the sidebar filters and return the analyst's current Filters; every page calls it first."""
    use_app_navigation()
    _load_from_url()
    show_url_notes()
    sure_only = bool(st.session_state.get(_key("sure_only"), True))
    options = cached(filter_options, sure_only)
    lo, hi = cached(date_span)
    with st.sidebar:
        st.header("Filters")
        st.text_input("Search titles and text", key=_key("search"), placeholder="e.g. Olympics",
                      max_chars=MAX_SEARCH_CHARS)
        st.radio("Date range applies to", options=list(BASES), format_func=BASES.get, key=_key("date_basis"),
                 horizontal=True)
        left, right = st.columns(2)
        left.date_input("From", key=_key("date_from"), min_value=DATE_MIN, max_value=DATE_MAX, format="YYYY-MM-DD",
                        help=f"earliest publication in data: {lo}" if lo else None)
        right.date_input("To", key=_key("date_to"), min_value=DATE_MIN, max_value=DATE_MAX, format="YYYY-MM-DD",
                         help=f"latest publication in data: {hi}" if hi else None)
        for field, label, _ in CHOICES:
            frame = options[field]
            labels = {str(v): f"{n} ({c})"
                      for v, n, c in zip(frame["value"], frame["label"], frame["articles"], strict=True)}
            # Values from an old URL that the data no longer has would break the widget: drop them.
            st.session_state[_key(field)] = [v for v in st.session_state.get(_key(field), []) if v in labels]
            if labels or st.session_state[_key(field)]:
                st.multiselect(label, options=list(labels), key=_key(field),
                               format_func=lambda v, labels=labels: labels.get(v, v))
        st.toggle("Hide the model's unsure entities", key=_key("sure_only"),
                  help="Agencies and people that only the statistical model found, with no gazetteer name, title "
                       "or other evidence in any article, are left out of the charts, tables and options.")
        st.button("Clear filters", on_click=clear_filters, width="stretch")
    filters = Filters(
        date_from=st.session_state.get(_key("date_from")),
        date_to=st.session_state.get(_key("date_to")),
        date_basis=st.session_state.get(_key("date_basis")) or "published",
        search=(st.session_state.get(_key("search")) or "").strip(),
        sure_only=bool(st.session_state.get(_key("sure_only"), True)),
        **{field: tuple(st.session_state.get(_key(field), [])) for field, _, _ in CHOICES},
    )
    _save_to_url(filters)
    _keep()
    return filters
