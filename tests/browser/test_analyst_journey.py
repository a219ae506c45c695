"""An analyst's session on the sample corpus, in a real browser: filter, follow the filters
across pages, click a chart, read an article, download a table, reopen a copied URL."""
import io
import re

import pandas as pd
import pytest

from lib.analytics import Filters
from lib.analytics.timeline import events
from lib.store import Store
from tests.browser.conftest import screenshot, wait_idle

PAGES = {"Overview": "overview", "Timeline": "timeline", "Co-occurrence": "cooccurrence", "Entities": "entities",
         "Article reader": "reader", "Upload": "upload"}


def open_page(page, name: str) -> None:
    page.get_by_role("link", name=name, exact=True).click()
    path = "/" if name == "Overview" else "/" + PAGES[name]
    page.wait_for_function(f"() => location.pathname === '{path}'")
    wait_idle(page)
    # Streamlit may still show the previous page's elements for a moment: wait for this page's title.
    page.wait_for_function("name => [...document.querySelectorAll('h1')].some(h => h.innerText.startsWith(name))",
                           arg=name)
    wait_idle(page)


def choose(page, label: str, value: str) -> None:
    """Pick a value in a sidebar multiselect as a user does: open it, type, click the option.

    (Enter would take the first option, which is "Select all N matches" of the fuzzy search.)
    """
    box = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").filter(has_text=label)
    box.locator("input").click()
    box.locator("input").fill(value)
    page.get_by_role("option", name=re.compile(rf"^{re.escape(value)}( —| \()")).click()
    page.keyboard.press("Escape")
    wait_idle(page)


def caption_text(page) -> str:
    return page.locator("[data-testid='stCaptionContainer']").filter(has_text="Showing:").first.inner_text()


def test_filters_follow_the_analyst_across_pages_and_urls(seeded_page, seeded_server, browser):
    page = seeded_page
    page.goto(seeded_server.url)
    wait_idle(page)
    choose(page, "Agencies", "DGSN")
    assert caption_text(page) == "Showing: agency DGSN"
    assert page.url.endswith("?agency=DGSN")

    open_page(page, "Timeline")
    assert caption_text(page) == "Showing: agency DGSN"
    expected = events(Store(seeded_server.db_url), Filters(agencies=("DGSN",)))
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").first.click()
    frame = pd.read_csv(io.BytesIO(download.value.path().read_bytes()), encoding="utf-8-sig")
    assert len(frame) == len(expected) > 0
    assert list(frame.columns) == list(expected.columns)
    assert sorted(frame["event_id"]) == sorted(expected["event_id"])

    open_page(page, "Co-occurrence")
    assert caption_text(page) == "Showing: agency DGSN"
    # Charts are drawn by the browser after the script run ends: wait for the second one.
    page.locator("[data-testid='stPlotlyChart']").nth(1).wait_for(timeout=30_000)
    assert page.locator("[data-testid='stPlotlyChart']").count() >= 2

    # A copied URL reopens the same filtered view in a fresh browser context.
    copied = page.url
    other = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        fresh = other.new_page()
        fresh.goto(copied)
        wait_idle(fresh)
        fresh.get_by_role("heading", level=1).first.wait_for()
        assert caption_text(fresh) == "Showing: agency DGSN"
        assert fresh.get_by_role("heading", name="Co-occurrence").count() == 1
    finally:
        other.close()
    assert page.watch.errors == [] and page.watch.foreign == []


def test_clicking_a_bar_filters_to_that_agency(seeded_page, seeded_server):
    page = seeded_page
    page.goto(seeded_server.url)
    wait_idle(page)
    chart = page.locator("[data-testid='stPlotlyChart']").nth(1)  # the agencies' bars
    chart.scroll_into_view_if_needed()
    chart.locator(".main-svg").first.wait_for()
    # Click where the user would: on the bar (plotly's drag layer above it takes the mouse).
    box = chart.locator("g.point path").last.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function("() => location.search.includes('agency=')", timeout=30_000)
    wait_idle(page)
    text = caption_text(page)
    assert text.startswith("Showing: agency "), text
    assert page.watch.errors == []


def test_reader_highlights_entities_and_escapes_text(seeded_page, seeded_server):
    page = seeded_page
    page.goto(seeded_server.url)
    wait_idle(page)
    open_page(page, "Article reader")
    marks = page.locator("mark[title]")
    marks.first.wait_for()
    assert marks.count() > 5
    assert any("Agency" in (marks.nth(i).get_attribute("title") or "") for i in range(marks.count()))
    assert "article=" in page.url
    assert page.watch.errors == [] and page.watch.foreign == []


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_renders_without_errors_and_is_screenshotted(seeded_page, seeded_server, name):
    page = seeded_page
    page.goto(seeded_server.url)
    wait_idle(page)
    open_page(page, name)
    assert page.locator("[data-testid='stException']").count() == 0
    screenshot(page, PAGES[name])
    assert page.watch.errors == [] and page.watch.foreign == []
