"""The app's long-lived resources, created once per server process, and its cached frames."""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from lib.config import database_url
from lib.store import Store

T = TypeVar("T")


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return Store(url)


def get_store() -> Store:
    # Keyed by URL so that a changed ENTENTE_DB_URL (tests, a team database) gets its own engine.
    return _store(database_url())


def data_changed() -> None:
    """Forget cached frames after the database changed (an upload, a correction)."""
    st.cache_data.clear()


def data_version(store: Store) -> tuple[object, ...]:
    """Changes with every upload and every correction or undo (Store.version), and costs two index
    lookups, so cached frames also follow writes made outside this app (the CLI)."""
    return store.version()


@st.cache_data(show_spinner=False, max_entries=256)
def _cached_call(_function: Callable[..., T], name: str, url: str, version: tuple[object, ...],
                 args: tuple[object, ...], kwargs: tuple[tuple[str, object], ...]) -> T:
    # `_function` is not hashed (leading underscore): `name` stands for it in the cache key.
    return _function(_store(url), *args, **dict(kwargs))


def cached(function: Callable[..., T], *args: object, **kwargs: object) -> T:
    """`function(store, *args, **kwargs)` for the app's store, cached on the arguments (filters
    included) and the data version; every session of the server shares the result."""
    url = database_url()
    name = f"{function.__module__}.{function.__qualname__}"
    return _cached_call(function, name, url, data_version(_store(url)), args, tuple(sorted(kwargs.items())))
