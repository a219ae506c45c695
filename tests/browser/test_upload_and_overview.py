"""A user uploads files in the browser and sees them on the Overview."""
from tests.browser.conftest import screenshot, wait_idle

GOOD = (
    "Title: Rabat and Paris review Olympic security\nDate: 2024-06-29\nSource: Browser desk\n\n"
    "The director general of Morocco's DGSN met the head of the French DGSI in Paris on June 27, 2024.\n"
    "Both services agreed to share intelligence before the Olympic Games.\n"
)
BULK = (
    "title,text,published\n"
    "Europol raid,\"Europol and the Spanish Guardia Civil arrested ten suspects in Malaga on 2 March 2023.\",2023-03-05\n"
)


def test_upload_files_then_see_them_on_the_overview(page, app_server):
    page.goto(app_server.url)
    wait_idle(page)
    page.get_by_role("link", name="Upload").click()
    wait_idle(page)
    page.locator("input[type=file]").set_input_files([
        {"name": "good.txt", "mimeType": "text/plain", "buffer": GOOD.encode()},
        {"name": "bulk.csv", "mimeType": "text/csv", "buffer": BULK.encode()},
        {"name": "broken.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7 cut"},
    ])
    page.get_by_role("button", name="Process files").click()
    page.get_by_text("Processed 3 files").wait_for(timeout=120_000)
    wait_idle(page)
    assert page.get_by_text("broken.pdf: not a valid PDF").count() >= 1
    assert page.get_by_text("2", exact=True).count() >= 1  # "2 ingested"
    screenshot(page, "upload")

    page.get_by_role("link", name="Overview").click()
    wait_idle(page)
    articles = page.locator("[data-testid='stMetric']").filter(has_text="Articles")
    assert articles.locator("[data-testid='stMetricValue']").inner_text() == "2"
    assert page.get_by_text("DGSN").count() >= 1
    screenshot(page, "overview")
    assert page.watch.foreign == []
    assert page.watch.errors == []
