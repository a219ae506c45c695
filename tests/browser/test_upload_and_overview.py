"""A user uploads files in every format, plus a broken one, in the browser and sees them on the Overview."""
import json

from tests.browser.conftest import screenshot, wait_idle
from tests.readers.conftest import build_docx, build_pdf

GOOD = (
    "Title: Rabat and Paris review Olympic security\nDate: 2024-06-29\nSource: Browser desk\n\n"
    "The director general of Morocco's DGSN met the head of the French DGSI in Paris on June 27, 2024.\n"
    "Both services agreed to share intelligence before the Olympic Games.\n"
)
MARKDOWN = ("# Guardia Civil and DGST arrest suspects\n\nDate: 2023-02-10\n\n"
            "The Spanish *Guardia Civil* and Morocco's DGST arrested four suspects in Ceuta on 8 February 2023.\n")
HTML = ("<html><head><title>Frontex support</title><meta name='date' content='2023-05-04'></head><body>"
        "<article><h1>Frontex support</h1><p>Frontex deployed officers to support the Italian Guardia di "
        "Finanza in Lampedusa on 3 May 2023, the agency said in a statement issued in Warsaw.</p>"
        "<p>The operation will continue through the summer with Italian and Greek partners.</p></article>"
        "</body></html>")
JSONL = json.dumps({"title": "BKA and Europol", "text": "The German BKA and Europol shut down a darknet market "
                    "on 5 April 2022 after an investigation with American partners.", "published": "2022-04-06"})
BULK = (
    "title,text,published\n"
    "Europol raid,\"Europol and the Spanish Guardia Civil arrested ten suspects in Malaga on 2 March 2023.\",2023-03-05\n"
)


def test_upload_files_then_see_them_on_the_overview(page, app_server):
    page.goto(app_server.url)
    wait_idle(page)
    page.get_by_role("link", name="Upload").click()
    wait_idle(page)
    pdf = build_pdf([["Interpol and AFRIPOL met in Algiers on 12 October 2023 to plan joint operations",
                      "against terrorist financing across the Sahel."]], info={"/Title": "Interpol and AFRIPOL"})
    docx = build_docx(["The Belgian Federal Police and the French DGSI exchanged intelligence in Brussels on "
                       "2 March 2024."], title="Brussels exchange")
    page.locator("input[type=file]").set_input_files([
        {"name": "good.txt", "mimeType": "text/plain", "buffer": GOOD.encode()},
        {"name": "note.md", "mimeType": "text/markdown", "buffer": MARKDOWN.encode()},
        {"name": "page.html", "mimeType": "text/html", "buffer": HTML.encode()},
        {"name": "meeting.pdf", "mimeType": "application/pdf", "buffer": pdf},
        {"name": "exchange.docx", "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "buffer": docx},
        {"name": "bulk.csv", "mimeType": "text/csv", "buffer": BULK.encode()},
        {"name": "feed.jsonl", "mimeType": "application/json", "buffer": JSONL.encode()},
        {"name": "broken.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7 cut"},
    ])
    page.get_by_role("button", name="Process files").click()
    page.locator("[data-testid='stProgress']").first.wait_for(timeout=60_000)  # the progress bar shows
    page.get_by_text("Processed 8 files").wait_for(timeout=180_000)
    wait_idle(page)
    # The run goes on after the status box closes (results, then the table): wait for the error, on a
    # busy machine it can come more than half a second after the box.
    page.get_by_text("broken.pdf: not a valid PDF").first.wait_for(timeout=60_000)
    result = page.locator("[data-testid='stMarkdown']").filter(has_text="ingested ·").first.inner_text()
    assert result.startswith("7 ingested · 0 duplicate · 1 rejected"), result
    screenshot(page, "upload")

    page.get_by_role("link", name="Overview").click()
    wait_idle(page)
    articles = page.locator("[data-testid='stMetric']").filter(has_text="Articles")
    assert articles.locator("[data-testid='stMetricValue']").inner_text() == "7"
    screenshot(page, "overview")
    assert page.watch.foreign == []
    assert page.watch.errors == []
