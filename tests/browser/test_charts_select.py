"""In a real browser, on the sample corpus: the co-occurrence matrices answer clicks and box drags,
and the timeline's first view shows every event with its date axis in sight."""
import re
from urllib.parse import parse_qs, urlparse

from tests.browser.conftest import wait_idle
from tests.browser.test_analyst_journey import caption_text, open_page


def _chart(page, index: int):  # type: ignore[no-untyped-def]
    chart = page.locator("[data-testid='stPlotlyChart']").nth(index)
    chart.scroll_into_view_if_needed()
    chart.locator(".main-svg").first.wait_for()
    return chart


def _centre(locator) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    box = locator.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_a_click_on_an_agency_cell_lists_its_evidence_and_narrows_the_filters(seeded_page, seeded_server):
    page = seeded_page
    page.goto(seeded_server.url)
    wait_idle(page)
    open_page(page, "Co-occurrence")
    cells = _chart(page, 0).locator("g.trace.scatter path.point")
    assert cells.count() > 10
    page.mouse.click(*_centre(cells.nth(3)))
    heading = page.get_by_role("heading", name=re.compile(r"^Evidence: .+ and .+"))
    heading.wait_for(timeout=30_000)
    wait_idle(page)
    a, b = re.match(r"Evidence: (.+) and (.+)", heading.inner_text()).groups()
    assert page.get_by_role("button", name="Download CSV").count() >= 2  # the evidence table is there
    page.get_by_role("button", name=f"Filter every page to {a} or {b}").click()
    page.wait_for_function("() => location.search.includes('agency=')", timeout=30_000)
    wait_idle(page)
    assert caption_text(page) == f"Showing: agency {a} or {b}"
    assert page.watch.errors == []


def test_a_box_over_country_cells_narrows_to_those_countries(seeded_page, seeded_server):
    page = seeded_page
    page.goto(seeded_server.url)
    wait_idle(page)
    open_page(page, "Co-occurrence")
    chart = _chart(page, 2)
    cells = chart.locator("g.trace.scatter path.point")
    boxes = [cells.nth(i).bounding_box() for i in range(cells.count())]
    # Choose the box tool in the chart's toolbar, then drag from the top-left cell over its neighbours.
    chart.hover()
    chart.locator("[data-title='Box Select']").click()
    first = min(boxes, key=lambda b: (b["y"], b["x"]))
    page.mouse.move(first["x"] + 2, first["y"] + 2)
    page.mouse.down()
    page.mouse.move(first["x"] + 120, first["y"] + 120, steps=8)
    page.mouse.up()
    page.wait_for_function("() => location.search.includes('agency_country=')", timeout=30_000)
    wait_idle(page)
    chosen = parse_qs(urlparse(page.url).query)["agency_country"]
    assert len(chosen) >= 2
    assert caption_text(page).startswith("Showing: agency country ")
    assert page.watch.errors == []
