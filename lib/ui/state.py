"""The app's long-lived resources, created once per server process."""
from __future__ import annotations

import streamlit as st

from lib.config import database_url
from lib.store import Store


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return Store(url)


def get_store() -> Store:
    # Keyed by URL so that a changed ENTENTE_DB_URL (tests, a team database) gets its own engine.
    return _store(database_url())


def data_changed() -> None:
    """Forget cached frames after the database changed (an upload, a correction)."""
    st.cache_data.clear()
