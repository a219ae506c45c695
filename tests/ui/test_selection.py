"""Click-to-filter callbacks, run against a plain dict standing in for st.session_state."""
import pytest
import streamlit

from lib.ui import links
from lib.ui.selection import custom_values, narrow_from_chart, open_or_narrow, selected_pair, selected_points


def _selection(*customdata):  # type: ignore[no-untyped-def]
    points = [{"curve_number": 0, "point_index": i, "customdata": c} for i, c in enumerate(customdata)]
    return {"selection": {"points": points, "point_indices": list(range(len(points))), "box": [], "lasso": []}}


@pytest.fixture
def state(monkeypatch):  # type: ignore[no-untyped-def]
    fake: dict = {}
    monkeypatch.setattr(streamlit, "session_state", fake)
    return fake


def test_points_and_values_from_a_selection():
    selection = _selection(["DGSI", 3], ["DGSN", 1], ["DGSI", 2], "Europol", ["(none)"])
    assert len(selected_points(selection)) == 5
    assert custom_values(selection, 0) == ["DGSI", "DGSN", "Europol"]
    assert custom_values(selection, 1) == ["3", "1", "2"]
    assert selected_points(None) == [] and selected_points({"selection": None}) == []


def test_selected_pair_for_cells_nodes_and_nothing():
    assert selected_pair(_selection(["DGSI", "DGSN"])) == ("DGSI", "DGSN")
    assert selected_pair(_selection(["Europol", ""])) == ("Europol", None)
    assert selected_pair(_selection()) is None


def test_narrow_callback_adds_to_the_filter_without_duplicates(state):
    state["f_agencies"] = ["DGSI"]
    state["bars"] = _selection(["DGSN"], ["DGSI"])
    narrow_from_chart("bars", "agencies")()
    assert state["f_agencies"] == ["DGSI", "DGSN"]


def test_empty_selection_changes_nothing(state):
    state["bars"] = _selection()
    narrow_from_chart("bars", "agencies")()
    assert "f_agencies" not in state


def test_one_event_opens_its_article_several_narrow_the_types(state):
    state["chart"] = _selection([11, 42, "meeting"])
    open_or_narrow("chart", article_index=1, field="event_types", field_index=2)()
    assert links.pending_request() == (links.READER, {"article": "42"})
    assert "f_event_types" not in state

    state.clear()
    state["chart"] = _selection([11, 42, "meeting"], [12, 43, "arrest"], [13, 44, "meeting"])
    open_or_narrow("chart", article_index=1, field="event_types", field_index=2)()
    assert state["f_event_types"] == ["meeting", "arrest"]
    assert links.pending_request() is None


def test_narrow_and_open_records_the_page(state):
    links.narrow_and_open("topics", ["terrorism"], links.OVERVIEW)
    assert state["f_topics"] == ["terrorism"]
    assert links.pending_request() == (links.OVERVIEW, {})
