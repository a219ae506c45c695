import io
import json

import pandas as pd

from lib.analytics import Filters, timeline
from tests.pages.conftest import new_app


def test_empty_database_shows_guidance(db_url):
    at = new_app().run()
    at.switch_page("pages/timeline.py").run()
    assert not at.exception
    assert any("No event matches" in i.value for i in at.info)


def test_chart_and_download_match_the_analytics(filled, downloads):
    at = new_app().run()
    at.switch_page("pages/timeline.py").run()
    assert not at.exception
    assert at.caption[0].value == "Showing: all articles"
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    drawn = {int(c[0]) for trace in spec["data"] for c in (trace.get("customdata") or [])}
    expected = timeline.events(filled, Filters())
    assert drawn == set(expected["event_id"].astype(int))
    csv = pd.read_csv(io.BytesIO(downloads["events.csv"]), encoding="utf-8-sig")
    assert list(csv["event_id"]) == list(expected["event_id"])
    assert list(csv["type"]) == list(expected["type"])


def test_country_rows_and_filters(filled, downloads):
    at = new_app().run()
    at.switch_page("pages/timeline.py").run()
    at.radio(key="timeline-lane").set_value("country").run()
    assert not at.exception
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["yaxis"]["title"]["text"] == "Country"
    assert {"FR", "MA", "ES"} <= set(spec["layout"]["yaxis"]["ticktext"])
    at.multiselect(key="f_event_types").set_value(["arrest"]).run()
    assert "event type arrest" in at.caption[0].value
    csv = pd.read_csv(io.BytesIO(downloads["events.csv"]), encoding="utf-8-sig")
    assert list(csv["type"]) == ["arrest"]
    assert len(csv) == len(timeline.events(filled, Filters(event_types=("arrest",))))


def test_above_the_cap_the_chart_counts_events_per_month_and_the_table_is_capped(filled, downloads, monkeypatch):
    from lib.ui import downloads as download_module

    monkeypatch.setattr(timeline, "MOST_DRAWN", 1)
    monkeypatch.setattr(download_module, "SHOWN_ROWS", 1)
    at = new_app().run()
    at.switch_page("pages/timeline.py").run()
    assert not at.exception
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["title"]["text"] == "Events by agency and month"
    sizes = timeline.sizes_of(timeline.lane_index(filled, Filters(), "agency"))
    cells = [c for trace in spec["data"] for c in (trace.get("customdata") or [])]
    # Fewer lanes than the rows shown: every lane with a dated event has its cells, and no other.
    assert len(sizes) < 25
    assert {lane for lane, _ in cells} == set(sizes[sizes["dated"] > 0]["lane"])
    counted = [int(h.split("<br>")[1].split()[0]) for t in spec["data"] for h in t["hovertext"]]
    assert sum(counted) == int(sizes["dated"].sum())
    assert any("drawn one by one" in c.value for c in at.caption)
    expected = timeline.events(filled, Filters())
    assert len(at.dataframe[0].value) == 1
    assert any(f"Showing the first 1 of {len(expected)} rows" in c.value for c in at.caption)
    csv = pd.read_csv(io.BytesIO(downloads["events.csv"]), encoding="utf-8-sig")
    assert list(csv["event_id"]) == list(expected["event_id"])



def test_dates_read_as_dates_in_the_table_and_the_downloads(filled, downloads):
    import openpyxl

    at = new_app().run()
    at.switch_page("pages/timeline.py").run()
    shown = at.dataframe[0].value
    assert {str(d) for d in shown["date_start"]} >= {"2023-03-02", "2024-06-27"}
    assert not any("00:00:00" in str(d) for d in shown["date_start"])
    assert set(shown["type"]) == {"meeting", "arrest", "joint operation"}
    csv = pd.read_csv(io.BytesIO(downloads["events.csv"]), encoding="utf-8-sig", dtype=str)
    assert set(csv["date_start"]) >= {"2023-03-02", "2024-06-27"} and "joint_operation" in set(csv["type"])
    sheet = openpyxl.load_workbook(io.BytesIO(downloads["events.xlsx"])).active
    header = [c.value for c in sheet[1]]
    cells = [row[header.index("date_start")] for row in sheet.iter_rows(min_row=2)]
    assert cells and all(c.number_format == "YYYY-MM-DD" for c in cells if c.value is not None)


def test_one_marker_per_story_a_toggle_for_each_report_and_story_corrections(db_url):
    import datetime as dt

    from lib.store import EventRow, Store
    from tests.test_stories import report

    store = Store(db_url)
    day = dt.date(2024, 6, 26)
    store.add_article(*report("DGSN chief visits DGSI in Paris.", "visit", day, ["DGSN", "DGSI"]))
    store.add_article(*report("Le chef de la <b>DGSN</b> rencontre la DGSI.", "meeting", day, ["DGSI", "DGSN"]))
    at = new_app().run()
    at.switch_page("pages/timeline.py").run()
    assert not at.exception

    def drawn() -> set[int]:
        spec = json.loads(at.get("plotly_chart")[0].proto.spec)
        return {int(c[0]) for trace in spec["data"] for c in (trace.get("customdata") or [])}

    assert len(drawn()) == 1  # two reports, one happening
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    hovers = " ".join(str(h) for t in spec["data"] for h in (t.get("hovertext") or []))
    assert "Reported by 2 sources" in hovers and "<b>DGSN</b>" not in hovers
    at.toggle(key="timeline-reports").set_value(True).run()
    assert len(drawn()) == 2
    second = int(store.query(EventRow.__table__.select().order_by(EventRow.id))["id"].iloc[1])
    at.number_input(key="timeline-stories-event").set_value(second)
    at.button[[b.label for b in at.button].index("Split it into a story of its own")].click().run()
    assert not at.exception
    assert any("Correction 1 made" in s.value for s in at.success), (at.warning, at.error, [s.value for s in at.success])
    assert store.count("stories") == 2


def test_the_stories_download_matches_the_export(filled, downloads):
    from lib.analytics.stories import stories

    at = new_app().run()
    at.switch_page("pages/timeline.py").run()
    assert not at.exception
    csv = pd.read_csv(io.BytesIO(downloads["stories.csv"]), encoding="utf-8-sig")
    expected = stories(filled, Filters())
    assert list(csv.columns) == list(expected.columns) and list(csv["story_id"]) == list(expected["story_id"])
