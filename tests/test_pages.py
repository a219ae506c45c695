"""The dashboard driven through Streamlit's AppTest: upload on the Upload page, see it on the Overview."""
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib.ui.text import md_unescape

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")

FIRST = (
    "Title: Moroccan and French police chiefs meet\nDate: 2024-06-29\nSource: Test desk\n\n"
    "The director general of Morocco's DGSN held talks with the head of the French DGPN in Paris on June 27, "
    "2024.\nThe two services agreed to exchange intelligence ahead of the Olympic Games.\n"
)
SECOND = (
    "Title: Europol coordinates arrests\nDate: 2023-03-05\nSource: Other desk\n\n"
    "Europol and the Spanish Guardia Civil arrested twelve suspects in Malaga on 2 March 2023.\n"
)


def new_app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=180)


def upload(at: AppTest, files: list[tuple[str, bytes, str]]) -> AppTest:
    at.switch_page("pages/upload.py").run()
    at.file_uploader[0].set_value(files)
    next(b for b in at.button if b.label == "Process files").click()
    return at.run()


def test_empty_database_shows_guidance_not_an_error(db_url):
    at = new_app().run()
    assert not at.exception
    assert any("No article matches" in i.value for i in at.info)


def test_upload_then_overview(db_url):
    at = upload(new_app().run(), [
        ("first.txt", FIRST.encode(), "text/plain"),
        ("second.txt", SECOND.encode("utf-16"), "text/plain"),
        ("broken.pdf", b"%PDF-1.7 cut short", "application/pdf"),
    ])
    assert not at.exception
    errors = [md_unescape(e.value) for e in at.error]
    assert any(e.startswith("broken.pdf:") for e in errors), errors
    statuses = {row.file: row.status for row in at.session_state["upload_results"].itertuples()}
    assert statuses == {"first.txt": "ingested", "second.txt": "ingested", "broken.pdf": "rejected"}
    labels = [b.label for b in at.get("download_button")]
    assert "Download CSV" in labels

    at.switch_page("pages/overview.py").run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Articles"] == "2"
    assert int(metrics["Agencies"]) >= 3
    assert "Published 2023-03-05 to 2024-06-29" in [c.value for c in at.caption]
    assert "Download CSV" in [b.label for b in at.get("download_button")]


def test_search_filter_narrows_the_overview_and_the_url(db_url):
    at = upload(new_app().run(), [("first.txt", FIRST.encode(), "text/plain")])
    at.switch_page("pages/overview.py").run()
    at.text_input(key="f_search").input("Guardia").run()
    assert any("No article matches" in i.value for i in at.info)
    at.text_input(key="f_search").input("Olympic").run()
    assert {m.label: m.value for m in at.metric}["Articles"] == "1"
    assert at.query_params["q"] in ("Olympic", ["Olympic"])
