"""Figure 3: each page's cost on a synthetic store, unfiltered and with a typical filter.

Two measures per page: `compute` calls the same analytics and chart builders the page calls
(sidebar options included), with nothing cached; `apptest` runs the page through Streamlit's
AppTest, cold (caches cleared) and warm (a second session, as when an analyst comes back).
"""
from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sqlalchemy import func, select

from lib import charts
from lib.analytics import (Filters, article_ids, cooccurrence, date_span, entities, filter_options, overview, reader,
                           timeline)
from lib.colors import country_colors
from lib.labels import country_label, country_name
from lib.config import PROJECT_ROOT
from lib.store import Store
from lib.ui.downloads import SHOWN_ROWS

APP = str(PROJECT_ROOT / "app.py")
PAGES = ("overview", "timeline", "cooccurrence", "cooccurrence-happening", "entities", "reader")
# Pages timed with a widget set otherwise than by default: (page file, {widget key: value}).
_VARIANTS = {"cooccurrence-happening": ("cooccurrence", {"cooc-window": "happening"})}


def _sidebar(store: Store) -> dict:  # type: ignore[type-arg]
    """The sidebar's options, which the pages also read (from Streamlit's cache) for country colours."""
    options = filter_options(store)
    date_span(store)
    return options


def _overview(store: Store, filters: Filters, options: dict) -> None:  # type: ignore[type-arg]
    overview.key_figures(store, filters)
    charts.articles_over_time(overview.articles_over_time(store, filters))
    named = overview.entity_counts(store, filters)
    colors = country_colors(options["agency_countries"]["value"])
    for kind, label in (("AGENCY", "Agency"), ("PERSON", "Person")):
        top = overview.top_of(named, kind)
        if not top.empty:
            charts.top_bar(top, label=label, title=label, colors=colors)
        overview.top_table(top, kind)
    overview.top_table(overview.top_of(named, "COUNTRY", limit=30), "COUNTRY")
    cooccurrence.country_pairs(store, filters).head(15)
    overview.latest_events(store, filters)
    overview.articles_table(store, filters, limit=SHOWN_ROWS)


def _timeline(store: Store, filters: Filters, options: dict) -> None:  # type: ignore[type-arg]
    # As pages/timeline.py: counts, lane sizes, then events one by one or per month, and the table's rows.
    if timeline.event_counts(store, filters)["events"] == 0:
        return
    index = timeline.lane_index(store, filters, "agency")
    shown = timeline.sizes_of(index).head(25)
    lanes = tuple(shown["lane"])
    if int(shown["dated"].sum()) <= timeline.MOST_DRAWN:  # one marker per story, as the page first shows
        charts.timeline(timeline.by_story(store, timeline.lanes(store, index[index["lane"].isin(lanes)])))
    else:
        charts.timeline_counts(timeline.months_of(index, lanes), lanes=list(lanes))
    timeline.events(store, filters, limit=SHOWN_ROWS)


def _cooccurrence(store: Store, filters: Filters, options: dict, window: str = "sentence") -> None:  # type: ignore[type-arg]
    pairs = cooccurrence.pairs(store, filters, window=window)
    if pairs.empty:
        return
    charts.pair_heatmap(cooccurrence.matrix(pairs, "count"), measure="count", axis_label="Agency",
                        value_label="Count", title="pairs")
    nodes = cooccurrence.nodes_of(overview.entity_counts(store, filters))
    colors = country_colors(options["agency_countries"]["value"])
    charts.network(cooccurrence.top_graph(nodes, pairs, 25), max_nodes=25, colors=colors)
    table = charts.square_table(cooccurrence.country_pairs(
        store, filters, window="happening" if window == "happening" else "article"), "articles")
    charts.pair_heatmap(table, measure="articles", axis_label="Country", value_label="Articles", title="countries",
                        names={c: country_name(c) for c in table.index},
                        hover_names={c: country_label(c) for c in table.index})


def _entities(store: Store, filters: Filters, options: dict) -> None:  # type: ignore[type-arg]
    entities.topic_table(store, filters)
    stats = entities.entity_stats(store, filters)
    entities.people_table(store, filters, stats)
    for kind in ("AGENCY", "COUNTRY", "LOCATION"):
        entities.table_of(stats, kind)
    # The corrections offer every entity of each kind, in view or not.
    if not filters.is_empty():
        overview.entity_counts(store, Filters())


def _reader(store: Store, filters: Filters, options: dict) -> None:  # type: ignore[type-arg]
    choices = reader.article_choices(store, filters)
    if choices.empty:
        return
    article_id = int(choices.iloc[0]["article_id"])
    reader.article(store, article_id)
    reader.article_highlights(store, article_id, reader.article_mentions(store, article_id))
    reader.article_events(store, article_id)
    reader.article_topics(store, article_id)


# Each page's analytics and charts, given the filters and the sidebar's options.
COMPUTE: dict[str, Callable[[Store, Filters, dict], None]] = {  # type: ignore[type-arg]
    "overview": _overview, "timeline": _timeline, "cooccurrence": _cooccurrence,
    "cooccurrence-happening": lambda store, filters, options: _cooccurrence(store, filters, options, "happening"),
    "entities": _entities, "reader": _reader,
}


def typical_filter(store: Store) -> Filters:
    """What an analyst typically narrows to: the most named agency over the last two years of data."""
    options = filter_options(store)["agencies"]
    _, hi = date_span(store)
    if options.empty or hi is None:
        return Filters()
    return Filters(agencies=(str(options.iloc[0]["value"]),), date_from=hi - dt.timedelta(days=730), date_to=hi)


def query_params(filters: Filters) -> dict[str, str | list[str]]:
    """The URL parameters that reopen `filters` (as the sidebar reads them)."""
    params: dict[str, str | list[str]] = {}
    if filters.agencies:
        params["agency"] = list(filters.agencies)
    if filters.date_from:
        params["from"] = filters.date_from.isoformat()
    if filters.date_to:
        params["to"] = filters.date_to.isoformat()
    return params


# Searches an analyst types: a word in every title, a phrase and a word, alternatives with an
# exclusion, a city typed without its accent (the texts write "Yaoundé").
SEARCHES = ("cooperation", '"organised crime" Europol', "arrested OR searched -spokesperson", "yaounde")


def time_search(store: Store, typed: str) -> float:
    """Seconds for what a search costs the Overview's article list: the matches counted and the
    first rows, best match first."""
    filters = Filters(search=typed)
    started = time.perf_counter()
    store.query(select(func.count()).select_from(article_ids(filters).subquery()))
    overview.articles_table(store, filters, limit=SHOWN_ROWS, order="relevance")
    return time.perf_counter() - started


def time_compute(store: Store, page: str, filters: Filters) -> float:
    started = time.perf_counter()
    COMPUTE[page](store, filters, _sidebar(store))
    return time.perf_counter() - started


@cache
def _scanned_components():  # type: ignore[no-untyped-def]
    from streamlit.components.v2.component_manager import BidiComponentManager

    manager = BidiComponentManager()
    manager.discover_and_register_components(start_file_watching=False)
    return manager


def _server_start(at) -> None:  # type: ignore[no-untyped-def]
    """A server scans the installed packages for Streamlit components once, when it starts; AppTest
    scans them in every instance's first run (0.2-0.25 s here). Hand it one scan made before the
    clock starts, so the figure times the page rather than the harness."""
    if hasattr(at, "_bidi_component_manager"):
        at._bidi_component_manager = _scanned_components()


def time_apptest(url: str, page: str, filters: Filters, *, cold: bool) -> float:
    """Seconds for one AppTest run of `page` (app.py's navigation switched to it) in this process."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["ENTENTE_DB_URL"] = url
    if cold:
        st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=600)
    _server_start(at)
    for name, value in query_params(filters).items():
        at.query_params[name] = value
    page, widgets = _VARIANTS.get(page, (page, {}))
    for key, value in widgets.items():
        at.session_state[key] = value
    at.switch_page(f"pages/{page}.py")
    started = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(f"page {page} failed: {at.exception[0].value}")
    return elapsed


@dataclass(frozen=True)
class PageTiming:
    articles: int
    page: str
    filtered: bool
    compute: float
    apptest_cold: float
    apptest_warm: float


def measure_store(url: str, pages: tuple[str, ...] = PAGES) -> list[PageTiming]:
    """Every page on the store at `url`, unfiltered and with the typical filter."""
    store = Store(url)
    n = store.count()
    typical = typical_filter(store)
    # One untimed run of each page first: a server imports the modules a page needs (Streamlit's
    # elements, plotly's trace classes) on its first view, not on every one.
    for page in pages:
        time_apptest(url, page, Filters(), cold=True)
    results = []
    for filtered, filters in ((False, Filters()), (True, typical)):
        for page in pages:
            compute = time_compute(store, page, filters)
            cold = time_apptest(url, page, filters, cold=True)
            warm = time_apptest(url, page, filters, cold=False)
            results.append(PageTiming(n, page, filtered, compute, cold, warm))
    store.engine.dispose()
    return results


def ensure_store(folder: Path, articles: int) -> str:
    """The URL of a synthetic store of `articles` in `folder`, built once and reused across runs."""
    from bench.generate_store import build_store

    path = folder / f"store-{articles}.db"
    url = f"sqlite:///{path}"
    if path.exists():
        store = Store(url)
        if store.count() == articles:
            store.engine.dispose()
            return url
        store.engine.dispose()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    build_store(url, articles).engine.dispose()
    return url
