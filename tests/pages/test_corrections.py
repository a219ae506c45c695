"""An analyst merges two agencies on the Entities page and sees the merge everywhere, then undoes it."""
import io

import pandas as pd

from lib.ui.text import md_unescape
from tests.pages.conftest import new_app


def _csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")


def merge_dgsn_into_dgsi(at):
    at.switch_page("pages/entities.py").run()
    at.selectbox(key="fix-agencies-target").set_value("DGSN").run()
    at.radio(key="fix-agencies-action").set_value("merge").run()
    at.selectbox(key="fix-agencies-into").set_value("DGSI")
    at.text_input(key="fix-agencies-note").input("one service in our reading")
    apply = next(b for b in at.button if b.label == "Apply" and "fix-agencies-form" in b.id)
    apply.click().run()
    return at


def test_merge_reaches_every_page_and_download_then_undo(filled, downloads):
    at = merge_dgsn_into_dgsi(new_app().run())
    assert not at.exception
    assert any("merge AGENCY 'DGSN' into 'DGSI'" in md_unescape(s.value) for s in at.success)
    assert "DGSN" not in set(_csv(downloads["agencies.csv"])["id"])
    assert "DGSI" in set(_csv(downloads["agencies.csv"])["id"])

    at.switch_page("pages/cooccurrence.py").run()
    pairs = _csv(downloads["agency-pairs-sentence.csv"])
    assert "DGSN" not in set(pairs["a"]) | set(pairs["b"])
    assert ("CNP", "DGSI") in set(zip(pairs["a"], pairs["b"]))

    at.switch_page("pages/history.py").run()
    log = _csv(downloads["corrections.csv"])
    assert list(log["change"]) == ["merge AGENCY 'DGSN' into 'DGSI'"]
    assert list(log["note"]) == ["one service in our reading"]
    next(b for b in at.button if b.label == "Undo").click().run()
    assert any(md_unescape(s.value).startswith("Undone:") for s in at.success)

    at.switch_page("pages/entities.py").run()
    assert {"DGSN", "DGSI"} <= set(_csv(downloads["agencies.csv"])["id"])


def test_delete_a_mention_in_the_reader(filled, downloads):
    from lib.analytics import Filters
    from lib.analytics.entities import entity_table

    before = entity_table(filled, Filters(), "AGENCY").set_index("id").loc["Europol", "mentions"]
    at = new_app().run()
    at.switch_page("pages/reader.py").run()
    which = at.selectbox(key="reader-delete-which")
    which.set_value(next(i for i, label in enumerate(which.options) if "Europol" in label))  # values are positions
    next(b for b in at.button if b.label == "Delete this mention").click().run()
    assert not at.exception
    assert any("delete one mention of AGENCY 'Europol'" in md_unescape(s.value) for s in at.success)
    assert entity_table(filled, Filters(), "AGENCY").set_index("id").loc["Europol", "mentions"] == before - 1
