"""Crafted links: every page draws, says what it dropped, and never shows a traceback or SQL."""
import pytest

import lib.analytics.overview
from lib.ui.text import md_unescape
from tests.pages.conftest import new_app

PAGES = ["pages/overview.py", "pages/timeline.py", "pages/cooccurrence.py", "pages/entities.py", "pages/reader.py",
         "pages/upload.py", "pages/history.py"]


def visit(page: str, **params: str):  # type: ignore[no-untyped-def]
    at = new_app()
    for name, value in params.items():
        at.query_params[name] = value
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def notes(at) -> str:  # type: ignore[no-untyped-def]
    return " ".join(md_unescape(w.value) for w in at.warning)


@pytest.mark.parametrize("day", ["1800-01-01", "0001-01-01", "9999-12-31"])
def test_a_date_outside_the_inputs_range_is_dropped_and_the_sidebar_still_draws(filled, day):
    at = visit("pages/overview.py", **{"from": day})
    assert f"from={day} is outside 1900-01-01 to 2100-12-31: ignored." in notes(at)
    assert any(b.label == "Clear filters" for b in at.button)
    assert at.date_input[0].value is None
    assert at.metric[0].value == "3"  # every article: the bad date filters nothing


def test_an_article_number_beyond_64_bits_is_dropped(filled):
    at = visit("pages/reader.py", article="999999999999999999999999")
    assert "article=999999999999999999999999 is not a valid number: ignored." in notes(at)
    assert at.selectbox(key="reader-article").value is not None  # the newest article instead


def test_a_100000_character_search_is_cut_and_answers(filled):
    at = visit("pages/overview.py", q="DGSI " * 20_000)
    assert "was cut to 500" in notes(at)
    assert len(at.text_input[0].value) <= 500
    assert at.metric[0].value == "2"  # the articles that name the DGSI


@pytest.mark.parametrize("page", PAGES)
def test_an_unexpected_error_shows_a_short_message_and_is_logged(filled, page, monkeypatch, page_errors):
    from sqlalchemy.exc import ProgrammingError

    def broken(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise ProgrammingError("SELECT secret FROM articles WHERE x = ?", {}, Exception("boom"))

    import streamlit as st
    monkeypatch.setattr(st, "title", broken)  # the first thing every page draws after the sidebar
    at = visit(page)
    shown = " ".join(e.value for e in at.error)
    assert shown.startswith("Something went wrong while drawing this page; it was logged (reference ")
    assert "SELECT" not in shown and "Traceback" not in shown
    assert len(page_errors) == 1 and "SELECT secret" in str(page_errors[0].exc_info[1])
    page_errors.clear()


def test_the_search_follows_the_analyst_from_page_to_page(filled):
    at = visit("pages/entities.py", q="Europol")
    for page in ("pages/overview.py", "pages/timeline.py", "pages/cooccurrence.py", "pages/reader.py"):
        at.switch_page(page).run()
        assert not at.exception
        assert "search “Europol”" in md_unescape(at.caption[0].value), page
