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


def test_the_timeline_first_shows_every_event_its_date_axis_in_sight_none_hidden(seeded_page, seeded_server):
    from lib.analytics import Filters
    from lib.analytics.timeline import events
    from lib.store import Store

    page = seeded_page
    page.goto(seeded_server.url)
    wait_idle(page)
    open_page(page, "Timeline")
    chart = page.locator("[data-testid='stPlotlyChart']").first
    chart.locator(".main-svg").first.wait_for()
    plot = chart.locator(".js-plotly-plot")
    # The date axis is in sight as the page opens, without scrolling.
    ticks = chart.locator("g.xtick text")
    assert ticks.count() >= 3
    assert all(0 < ticks.nth(i).bounding_box()["y"] < page.viewport_size["height"] for i in range(ticks.count()))
    # The first view spans every dated event in view, the oldest included.
    dated = events(Store(seeded_server.db_url), Filters()).dropna(subset=["date_start"])
    low, high = plot.evaluate("g => g._fullLayout.xaxis.range.map(d => String(d).slice(0, 10))")
    assert low <= str(dated["date_start"].min().date()) and high >= str(dated["date_end"].fillna(dated["date_start"]).max().date())
    assert any(t.text_content().startswith(str(dated["date_start"].min().year)) for t in ticks.all())
    # No two events of a row sit on the same spot: every marker has a place of its own.
    spots = chart.locator("g.scatterlayer path.point").evaluate_all(
        "ps => ps.map(p => p.getAttribute('transform'))")
    assert len(spots) > 50 and len(set(spots)) == len(spots)
    # A range too short to see is drawn with a marker that shows its dates on hover.
    index = plot.evaluate("""g => g.data.filter(t => t.type === 'scatter')
        .findIndex(t => String(t.marker.symbol).startsWith('square') && t.hovertext && t.hovertext.length)""")
    assert index >= 0
    marker = chart.locator("g.scatterlayer g.trace").nth(index).locator("path.point").first
    marker.hover(force=True)
    hover = page.locator(".hoverlayer .hovertext").first
    hover.wait_for(timeout=10_000)
    assert re.search(r"\d{4}-\d\d-\d\d – \d{4}-\d\d-\d\d|[A-Z][a-z]+ \d{4}", hover.text_content())
    assert page.watch.errors == []
