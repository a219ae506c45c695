"""The dashboard while its PostgreSQL server is stopped and started again: every page says the
database is unavailable and comes back by itself; an upload in progress ends with each file's status."""
from __future__ import annotations

import threading
import time

import pytest

from lib.ingest import NOT_STORED
from lib.store import Store
from lib.ui.guard import UNAVAILABLE
from tests.pages.conftest import _articles, new_app
from tests.test_failures import article_text
from tests.test_outage import cluster  # noqa: F401  (fixture)

PAGES = ["pages/overview.py", "pages/timeline.py", "pages/cooccurrence.py", "pages/entities.py", "pages/reader.py",
         "pages/upload.py", "pages/history.py"]


@pytest.fixture
def dashboard(cluster, monkeypatch, served):  # noqa: F811
    monkeypatch.setenv("ENTENTE_DB_URL", cluster.url)
    monkeypatch.setenv("ENTENTE_DB_RETRY_SECONDS", "2")
    store = Store(cluster.url)
    for document, extraction in _articles():
        store.add_article(document, extraction)
    store.dispose()
    return cluster


def visit(page: str):  # type: ignore[no-untyped-def]
    at = new_app()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def test_every_page_says_the_database_is_unavailable_then_comes_back(dashboard):
    assert not [page for page in PAGES if visit(page).warning]
    dashboard.stop()
    for page in PAGES:
        assert [w.value for w in visit(page).warning] == [UNAVAILABLE], page
    dashboard.start()
    for page in PAGES:
        at = visit(page)
        assert not at.warning and at.title, page  # the page itself again


def test_an_upload_in_progress_ends_with_each_file_s_status(dashboard):
    at = visit("pages/upload.py")
    files = [(f"a{n:02}.txt", article_text(n).encode(), "text/plain") for n in range(48)]
    at.file_uploader[0].set_value(files)

    def stop_once_the_first_batch_is_stored() -> None:
        watcher = Store(dashboard.url)
        while watcher.count() < 4:  # the three articles already there, and one of the upload's
            time.sleep(0.1)
        watcher.dispose()
        dashboard.stop()

    stopper = threading.Thread(target=stop_once_the_first_batch_is_stored)
    stopper.start()
    next(b for b in at.button if b.label == "Process files").click().run(timeout=600)
    stopper.join()
    assert not at.exception, at.exception
    results = at.session_state["upload_results"]
    assert list(results["file"]) == [name for name, _, _ in files]  # every file has its status
    stored = results[results["status"] == "ingested"]
    lost = results[results["status"] != "ingested"]
    assert len(stored) >= 16 and len(lost) > 0  # a batch of 16 was stored before the server stopped
    assert all(detail.startswith(NOT_STORED) for detail in lost["detail"])
    assert UNAVAILABLE in [w.value for w in at.warning]  # the rest of the page waits for the database
    dashboard.start()
    assert Store(dashboard.url).count() == 3 + len(stored)
