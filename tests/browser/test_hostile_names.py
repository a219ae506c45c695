"""An agency and a search built to inject markdown, HTML and emoji shortcodes, in a real browser:
every page shows them as text, no element loads or links anything from them, and no request
leaves 127.0.0.1."""
import subprocess
import sys

import pytest

from tests.browser.conftest import ROOT, _serve, wait_idle
from tests.browser.test_analyst_journey import open_page

TRACKER = "tracker.invalid"
AGENCY = f"![p](http://{TRACKER}/pix.png)**B**[l](http://{TRACKER}/l) :red[R] :material/warning: :smile:"
NAME = f"<img src=http://{TRACKER}/n.png onerror=alert(1)> Kestrel <a href=http://{TRACKER}/a>unit</a>"
SEARCH = f"![q](http://{TRACKER}/q.png) <img src=http://{TRACKER}/s.png> :smile: [x](http://{TRACKER}/x)"
ARTICLE = ("Title: Harbour raid\nDate: 2024-05-02\n\n"
           "The Kestrel Task Force and the French DGSI arrested two men in Marseille on 30 April 2024.\n\n"
           "The Kestrel Task Force thanked the DGSE for its help.\n")
PAGES = ["Overview", "Timeline", "Co-occurrence", "Entities", "Article reader", "Upload", "History"]
# Where a page could load or link something: every element with an address.
ADDRESSES = """() => [...document.querySelectorAll('img, a, image, iframe, source, video, audio, link, use')]
    .map(e => [e.tagName, e.getAttribute('src') || e.getAttribute('href') || e.getAttribute('xlink:href') || ''])"""


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "raid.txt").write_text(ARTICLE, encoding="utf-8")
    db_url = f"sqlite:///{folder / 'entente.db'}"
    subprocess.run([sys.executable, "-m", "lib", "ingest", str(folder / "raid.txt"), "--db", db_url, "--quiet"],
                   cwd=ROOT, check=True, capture_output=True, timeout=600)
    with _serve(db_url) as server:
        yield server


def visit(page, name: str) -> str:  # type: ignore[no-untyped-def]
    """Open a page through the navigation; fail on anything from the payloads with an address."""
    if name == "History":
        page.get_by_role("link", name="History", exact=True).click()
        page.wait_for_function("() => location.pathname === '/history'")
        wait_idle(page)
    else:
        open_page(page, name)
    assert page.locator("[data-testid='stException']").count() == 0
    loaded = [(tag, address) for tag, address in page.evaluate(ADDRESSES) if TRACKER in address]
    assert loaded == [], f"{name}: {loaded}"
    # What the analyst reads (md_escape keeps links from forming with invisible word joiners).
    return page.locator("[data-testid='stMain']").inner_text().replace("\u2060", "")


def test_markdown_html_and_shortcodes_in_an_agency_and_a_search_stay_text(browser, hostile_server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    from tests.browser.conftest import PageWatch

    watch = PageWatch(page, hostile_server.url)
    try:
        page.goto(hostile_server.url)
        wait_idle(page)
        open_page(page, "Entities")
        form = page.locator("[data-testid='stExpander']").filter(has_text="Add an agency to your gazetteer")
        form.get_by_text("Add an agency to your gazetteer").click()
        form.get_by_label("Id (its usual acronym, or its name)").fill(AGENCY)
        form.get_by_label("Full name").fill(NAME)
        form.get_by_label("Country (ISO code, INT for international)").fill("FR")
        form.get_by_label("Other names and acronyms, one a line").fill("Kestrel Task Force")
        form.get_by_role("button", name="Add agency").click()
        page.get_by_text("Correction 1 made").wait_for(timeout=180_000)
        wait_idle(page)

        search = page.locator("[data-testid='stSidebar'] input[type='text']").first
        search.fill(SEARCH)
        search.press("Enter")
        page.wait_for_function("() => location.search.includes('q=')")  # the run that applies it
        wait_idle(page)
        seen = {name: visit(page, name) for name in PAGES}
        assert SEARCH in seen["Overview"]  # the "Showing:" caption, as typed

        open_page(page, "Overview")  # History, visited last, has no filters to clear
        page.get_by_role("button", name="Clear filters").click()
        wait_idle(page)
        seen = {name: visit(page, name) for name in PAGES}
        assert AGENCY in seen["Article reader"]  # the agency's button, as typed
        assert watch.foreign == []
        assert [e for e in watch.errors if TRACKER in e] == []
    finally:
        context.close()
