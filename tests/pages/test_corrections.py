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
    at.radio(key="fix-agencies-DGSN-action").set_value("merge").run()
    at.selectbox(key="fix-agencies-DGSN-into").set_value("DGSI").run()
    at.text_input(key="fix-agencies-DGSN-note").input("one service in our reading").run()
    at.button(key="fix-agencies-DGSN-apply").click().run()
    return at


def _select_agency_row(at, filled, agency: str, key: str = "who-agencies"):  # type: ignore[no-untyped-def]
    from lib.analytics import Filters
    from lib.analytics.entities import entity_table

    row = list(entity_table(filled, Filters(), "AGENCY")["id"]).index(agency)
    at.session_state[key] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    return at.run()


def _said(at) -> list[str]:  # type: ignore[no-untyped-def]
    return [md_unescape(m.value) for m in at.markdown] + [md_unescape(c.value) for c in at.caption]


def test_the_form_acts_on_the_selected_row_and_says_what_apply_will_do(filled):
    at = new_app().run()
    at.switch_page("pages/entities.py").run()  # the form is drawn once before any row is selected
    _select_agency_row(at, filled, "DGSN")
    assert not at.exception
    assert "Agency: DGSN (the row selected above)" in _said(at)
    at.radio(key="fix-agencies-DGSN-action").set_value("merge").run()
    assert "To apply: choose the agency to merge it into." in _said(at)  # nothing chosen for the analyst
    at.selectbox(key="fix-agencies-DGSN-into").set_value("DGSI").run()
    assert ("Apply will merge the agency “DGSN” into “DGSI”: its mentions in every article become mentions of "
            "“DGSI”. You can undo it on History.") in _said(at)

    _select_agency_row(at, filled, "CNP")  # another row: the form follows it, with fields of its own
    assert "Agency: CNP (the row selected above)" in _said(at)
    assert at.radio(key="fix-agencies-CNP-action").value == "merge"
    assert at.selectbox(key="fix-agencies-CNP-into").value is None


def test_after_a_correction_the_form_starts_empty_and_no_row_stays_selected(filled, downloads):
    at = new_app().run()
    at.switch_page("pages/entities.py").run()
    _select_agency_row(at, filled, "DGSN")
    at.selectbox(key="fix-agencies-DGSN-into").set_value("DGSI").run()
    at.text_input(key="fix-agencies-DGSN-note").input("same service").run()
    at.button(key="fix-agencies-DGSN-apply").click().run()
    assert not at.exception
    assert any("merge AGENCY 'DGSN' into 'DGSI'" in md_unescape(s.value) for s in at.success)
    # The row that was DGSN is not selected any more (the rows moved), and no form holds the last values.
    assert not [s for s in at.subheader if s.value.startswith("Mentions of")]
    assert at.selectbox(key="fix-agencies-1-target").value is None
    assert not [b for b in at.button if b.label == "Apply"]
    assert not [t for t in at.text_input if t.value == "same service"]
    at.run()
    assert len(filled.corrections()) == 1


def test_a_rename_says_what_it_does_and_asks_for_the_name_first(filled):
    at = new_app().run()
    at.switch_page("pages/entities.py").run()
    at.selectbox(key="fix-agencies-target").set_value("CNP").run()
    at.radio(key="fix-agencies-CNP-action").set_value("rename").run()
    at.button(key="fix-agencies-CNP-apply").click().run()
    assert any("Nothing changed: type the new name first." in md_unescape(w.value) for w in at.warning)
    assert filled.corrections() == []
    at.text_input(key="fix-agencies-CNP-name").input("Policía Nacional").run()
    assert "Apply will rename the agency “CNP” to “Policía Nacional” in every article. You can undo it on " \
           "History." in _said(at)


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


def test_after_deleting_a_mention_the_choice_starts_empty_not_on_the_next_mention(filled):
    at = new_app().run()
    at.switch_page("pages/reader.py").run()
    which = at.selectbox(key="reader-delete-which")
    assert which.value is None  # nothing is chosen for the analyst
    which.set_value(next(i for i, label in enumerate(which.options) if "Europol" in label))
    next(b for b in at.button if b.label == "Delete this mention").click().run()
    assert len(filled.corrections()) == 1
    assert at.selectbox(key="reader-delete-1-which").value is None
    next(b for b in at.button if b.label == "Delete this mention").click().run()
    assert len(filled.corrections()) == 1
    assert any("choose the wrong mention first" in w.value for w in at.warning)
