"""In a real browser: the PostgreSQL server stops while the analyst has the dashboard open; the page
says the database is unavailable, and comes back by itself, without a reload, once the server is up."""
from lib.store import Store
from lib.ui.guard import UNAVAILABLE
from tests.browser.conftest import PageWatch, _serve, wait_idle
from tests.pages.conftest import _articles
from tests.test_outage import cluster  # noqa: F401  (fixture)


def test_a_page_waits_for_the_database_and_comes_back_by_itself(browser, cluster, monkeypatch):  # noqa: F811
    store = Store(cluster.url)
    for document, extraction in _articles():
        store.add_article(document, extraction)
    store.dispose()
    monkeypatch.setenv("ENTENTE_DB_RETRY_SECONDS", "2")  # the server inherits the environment
    with _serve(cluster.url) as server:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        watch = PageWatch(page, server.url)
        try:
            page.goto(server.url)
            wait_idle(page)
            page.get_by_role("heading", name="Overview").wait_for()
            cluster.stop()
            page.get_by_role("link", name="Timeline", exact=True).click()
            page.get_by_text(UNAVAILABLE).wait_for(timeout=60_000)
            assert page.locator("[data-testid='stException']").count() == 0
            cluster.start()
            page.get_by_role("heading", name="Timeline").wait_for(timeout=60_000)  # no reload
            wait_idle(page)
            assert page.get_by_text(UNAVAILABLE).count() == 0
            assert watch.foreign == []
        finally:
            context.close()
