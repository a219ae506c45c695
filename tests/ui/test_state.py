"""Cached frames: shared across calls with the same filters, recomputed after any write."""
import streamlit as st

from lib.analytics import Filters
from lib.records import Document
from lib.store import Store
from lib.ui.state import cached, data_changed, data_version
from tests.conftest import make_extraction

CALLS: list[Filters] = []


def _count_articles(store: Store, filters: Filters, *, label: str = "") -> tuple[str, int]:
    CALLS.append(filters)
    return label, store.count()


def _add(url: str, n: int) -> None:
    text = f"Report {n}: DGSI officers met colleagues in France."
    Store(url).add_article(Document(text, f"{n}.txt", title=f"Report {n}"), make_extraction(text))


def test_cached_follows_filters_and_the_data_version(db_url):
    st.cache_data.clear()
    CALLS.clear()
    _add(db_url, 1)
    assert cached(_count_articles, Filters(), label="a") == ("a", 1)
    assert cached(_count_articles, Filters(), label="a") == ("a", 1)
    assert len(CALLS) == 1  # the second call was served from the cache
    cached(_count_articles, Filters(languages=("fr",)), label="a")
    assert len(CALLS) == 2  # other filters, other entry
    _add(db_url, 2)  # a write from outside the app (the CLI) changes the version
    assert cached(_count_articles, Filters(), label="a") == ("a", 2)
    assert len(CALLS) == 3
    data_changed()
    cached(_count_articles, Filters(), label="a")
    assert len(CALLS) == 4


def test_cached_frames_follow_corrections_made_elsewhere(db_url):
    from lib.corrections import Correction

    st.cache_data.clear()
    CALLS.clear()
    _add(db_url, 1)
    store = Store(db_url)
    before = data_version(store)
    cached(_count_articles, Filters())
    number = Store(db_url).add_correction(Correction("rename", "AGENCY", "DGSI", {"name": "Internal security"}))
    cached(_count_articles, Filters())
    assert len(CALLS) == 2  # the correction (made by another Store, as the CLI would) moved the version
    Store(db_url).undo_correction(number)
    assert len({before, data_version(store)}) == 2
