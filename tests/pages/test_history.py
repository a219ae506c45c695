"""The History page: the log with undo, invalid stored records shown and removable, shared files imported;
the article filters do not apply to it, so it shows none."""
import json

from lib.store import Store
from lib.ui.text import md_unescape
from tests.pages.conftest import new_app
from tests.test_correct import _store_as_an_older_version_did


def history(at):  # type: ignore[no-untyped-def]
    at.switch_page("pages/history.py").run()
    assert not at.exception
    return at


def test_an_invalid_stored_record_is_shown_and_can_be_undone_then_deleted(filled: Store, downloads):
    _store_as_an_older_version_did(filled, '{"name": "Poisoned", "aliases": [1, 2]}')
    at = history(new_app().run())
    frame = at.dataframe[0].value
    assert list(frame["change"]) == ["invalid add_agency record for 'Poisoned': aliases must be a list of strings"]
    assert list(frame["state"]) == ["invalid, active"]
    assert any("do not fit the shape of a correction" in w.value for w in at.warning)
    next(b for b in at.button if b.label == "Undo").click().run()
    assert not at.exception
    assert history(at).dataframe[0].value["state"][0].startswith("invalid, undone")
    next(b for b in at.button if b.label == "Delete this record").click().run()
    assert not at.exception
    assert any(md_unescape(s.value).startswith("Deleted: invalid add_agency record") for s in at.success)
    assert filled.corrections() == []


def test_importing_a_file_with_a_bad_record_names_it_and_stores_nothing(filled: Store):
    records = [{"op": "set_agency", "kind": "AGENCY", "target": "DGSI", "value": {"agency_kind": "intelligence"}},
               {"op": "add_agency", "kind": "AGENCY", "target": "X", "value": {"name": "X unit", "aliases": [1, 2]}}]
    at = history(new_app().run())
    at.file_uploader(key="import-file").set_value([("shared.json", json.dumps(records).encode(), "application/json")])
    next(b for b in at.button if b.label == "Import").click().run()
    assert not at.exception
    assert [md_unescape(e.value) for e in at.error] == ["shared.json: record 2: aliases must be a list of strings"]
    assert filled.corrections() == []


def test_history_shows_no_filters_and_keeps_them_for_the_other_pages(filled):
    at = new_app().run()
    at.multiselect(key="f_agencies").set_value(["DGSI"]).run()
    assert at.caption[0].value == "Showing: agency DGSI"

    at.switch_page("pages/history.py").run()
    assert not at.exception
    assert at.title[0].value == "Corrections history"
    assert [h.value for h in at.sidebar.header] == []
    assert len(at.sidebar.multiselect) == 0 and len(at.sidebar.text_input) == 0

    at.switch_page("pages/overview.py").run()
    assert at.caption[0].value == "Showing: agency DGSI"
