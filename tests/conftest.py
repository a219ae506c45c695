"""Shared fixtures: a fresh database per test and hand-made extraction values."""
from __future__ import annotations

import datetime as dt
import logging
import os
import re

import pytest

from lib.records import Agency, Country, Document, Event, Extraction, Mention, Person, Sentence, Span
from lib.store import Store


def _unavailable(reason: str) -> None:
    """Locally a missing service skips with how to get it; in CI it is a failure, never a skip."""
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def page_errors():
    """Errors a page caught and logged (lib/ui/guard.py shows the analyst a short message instead):
    any left here when the test ends fails it. A test that provokes one reads and clears the list."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.ERROR)
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("entente.pages")
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)
    if records:
        pytest.fail("a page failed: " + "; ".join(f"{r.getMessage()}: {r.exc_info[1]!r}" for r in records
                                                  if r.exc_info))


@pytest.fixture(scope="session")
def postgres_server_url():
    from tests.postgres import PostgresUnavailable, postgres_server

    try:
        with postgres_server() as url:
            yield url
    except PostgresUnavailable as error:
        _unavailable(str(error))


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path) -> Store:
    """A fresh, empty database: the tests that take it run on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        store = Store(f"sqlite:///{tmp_path / 'entente.db'}")
    else:
        from tests.postgres import fresh_database

        server = request.getfixturevalue("postgres_server_url")
        name = "t_" + re.sub(r"[^a-z0-9]+", "_", request.node.name.lower())[:50]
        store = Store(fresh_database(server, name))
    yield store
    store.dispose()


@pytest.fixture
def db_url(tmp_path, monkeypatch) -> str:
    """A fresh SQLite URL, also set as ENTENTE_DB_URL for code that reads the environment."""
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("ENTENTE_DB_URL", url)
    return url


def make_extraction(text: str) -> Extraction:
    """A small but complete extraction of `text`, whose first sentence names DGSI and France."""
    agency_at = text.index("DGSI")
    return Extraction(
        language="en",
        model="test-model-1.0",
        sentences=(Sentence(0, len(text), 0),),
        mentions=(
            Mention("DGSI", agency_at, agency_at + 4, "AGENCY", key="DGSI", sentence=0),
            Mention("Celine Berthon", 0, 14, "PERSON", key="Celine Berthon", sentence=0),
        ),
        agencies=(Agency("DGSI", "General Directorate for Internal Security", "FR", "domestic_intelligence",
                         (Span("DGSI", agency_at, agency_at + 4),)),),
        persons=(Person("Celine Berthon", "Director General", "DGSI", (Span("Celine Berthon", 0, 14),)),),
        countries=(Country("FR", "France"),),
        events=(Event("meeting", "040", dt.date(2024, 6, 27), None, "day", False, ("DGSI", "FR"), "Paris",
                      text, 0, len(text), 0.8),),
        topics=("terrorism",),
    )


@pytest.fixture
def sample_pair() -> tuple[Document, Extraction]:
    text = "Celine Berthon of the DGSI met partners in Paris on June 27, 2024."
    document = Document(text=text, filename="a.txt", title="DGSI meets partners", published=dt.date(2024, 6, 28),
                        published_origin="header", source="Test desk")
    return document, make_extraction(text)
