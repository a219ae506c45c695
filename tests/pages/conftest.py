"""Page tests: a small hand-built database (no NLP) and a recorder for download-button bytes."""
from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from lib.records import Event, Person
from lib.store import Store
from tests.analytics.conftest import _article

APP = str(Path(__file__).resolve().parents[2] / "app.py")
HOSTILE_TITLE = "<script>alert('title')</script> DGSI report"


def new_app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60)


def _articles():  # type: ignore[no-untyped-def]
    berthon = Person("Celine Berthon", "Director General", "DGSI")
    one = _article("One", dt.date(2024, 6, 29), "en",
                   [["Celine Berthon of DGSI met DGSN in France.", "Europol was told."], ["Morocco thanked them."]],
                   events=[("meeting", dt.date(2024, 6, 27), ("DGSI", "DGSN", "FR"))],
                   topics=("terrorism",), persons=(berthon,))
    two = _article("Two", dt.date(2023, 3, 5), "en",
                   [["DGSN and CNP arrested suspects in Spain."], ["Europol coordinated."]],
                   events=[("arrest", dt.date(2023, 3, 2), ("DGSN", "CNP", "ES"))], topics=("drug_trafficking",))
    # A month-precision, inferred event, to be drawn as a faded span.
    document, extraction = two
    vague = Event("joint_operation", None, dt.date(2023, 2, 1), dt.date(2023, 2, 28), "month", True,
                  ("CNP",), None, "DGSN and CNP arrested suspects in Spain.", 0, 10, 0.5)
    two = (document, dataclasses.replace(extraction, events=extraction.events + (vague,)))
    hostile = _article("Hostile", dt.date(2022, 1, 10), "en",
                       [["<img src=x onerror=alert(1)> DGSI and DGSN met.", "<script>alert(2)</script> Europol."]])
    document, extraction = hostile
    hostile = (dataclasses.replace(document, title=HOSTILE_TITLE, url="javascript:alert(3)"), extraction)
    return [one, two, hostile]


@pytest.fixture
def filled(db_url) -> Store:  # type: ignore[no-untyped-def]
    store = Store(db_url)
    for document, extraction in _articles():
        store.add_article(document, extraction)
    return store


class Downloads(dict):
    """File name -> bytes of every download button drawn: static bytes as recorded, deferred ones
    (a callable Streamlit runs when the button is clicked) built on access, as a click would."""

    def __getitem__(self, name: str) -> bytes:
        value = super().__getitem__(name)
        data = value() if callable(value) else value
        return data.encode("utf-8") if isinstance(data, str) else data


@pytest.fixture
def downloads(monkeypatch) -> Downloads:  # type: ignore[no-untyped-def]
    """The downloads of the latest runs (AppTest's media storage is per run)."""
    captured = Downloads()
    original = MemoryMediaFileStorage.load_and_get_id
    original_deferred = MediaFileManager.add_deferred

    def recording(self, path_or_data, mimetype, kind, filename=None):  # type: ignore[no-untyped-def]
        if filename and isinstance(path_or_data, bytes):
            captured[filename] = path_or_data
        return original(self, path_or_data, mimetype, kind, filename)

    def recording_deferred(self, data_callable, mimetype, coordinates, file_name=None,  # type: ignore[no-untyped-def]
                           **options):
        if file_name:
            captured[file_name] = data_callable
        return original_deferred(self, data_callable, mimetype, coordinates, file_name, **options)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", recording)
    monkeypatch.setattr(MediaFileManager, "add_deferred", recording_deferred)
    return captured


@pytest.fixture
def served(monkeypatch):  # type: ignore[no-untyped-def]
    """Every AppTest run goes through app.py's navigation (and its guard), as on a server after its
    first page view; AppTest otherwise runs a page file alone on every run after a session's first
    (it resets Streamlit's pages-directory flag each run)."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import app_test

    class AsServed(PagesManager):
        def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            PagesManager.uses_pages_directory = False
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(app_test, "PagesManager", AsServed)
