"""The History page lists corrections; the article filters do not apply to it, so it shows none."""
from tests.pages.conftest import new_app


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
