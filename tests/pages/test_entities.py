import io

import pandas as pd

from lib.analytics import Filters, entities
from tests.pages.conftest import new_app


def _csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")


def test_empty_database_shows_guidance(db_url):
    at = new_app().run()
    at.switch_page("pages/entities.py").run()
    assert not at.exception
    assert any("Nothing was found" in i.value for i in at.info)


def test_every_tab_is_downloadable_and_matches_the_analytics(filled, downloads):
    at = new_app().run()
    at.switch_page("pages/entities.py").run()
    assert not at.exception
    assert [t.label for t in at.tabs][:2] == ["Agencies (4)", "People (1)"]
    agencies = entities.entity_table(filled, Filters(), "AGENCY")
    assert list(_csv(downloads["agencies.csv"])["id"]) == list(agencies["id"])
    assert list(_csv(downloads["people.csv"])["name"]) == ["Celine Berthon"]
    assert set(_csv(downloads["countries.csv"])["id"]) == {"FR", "MA", "ES"}
    assert set(_csv(downloads["topics.csv"])["topic"]) == {"terrorism", "drug_trafficking"}
    assert any("No places" in i.value for i in at.info)


def test_selecting_a_row_drills_down_to_mentions(filled, downloads):
    at = new_app().run()
    at.switch_page("pages/entities.py").run()
    agencies = entities.entity_table(filled, Filters(), "AGENCY")
    row = list(agencies["id"]).index("DGSI")
    at.session_state["who-agencies"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()
    assert not at.exception
    assert "Mentions of DGSI" in [s.value for s in at.subheader]
    expected = entities.mentions_of(filled, Filters(), "AGENCY", "DGSI")
    assert list(_csv(downloads["agencies-DGSI.csv"])["sentence"]) == list(expected["sentence"])
    next(b for b in at.button if b.key == "who-agencies-narrow").click().run()
    assert at.session_state["f_agencies"] == ["DGSI"]


def test_topic_drill_down_lists_articles(filled, downloads):
    at = new_app().run()
    at.switch_page("pages/entities.py").run()
    topics = entities.topic_table(filled, Filters())
    at.session_state["who-topics"] = {"selection": {"rows": [list(topics["topic"]).index("terrorism")],
                                                    "columns": [], "cells": []}}
    at.run()
    assert "Articles on terrorism" in [s.value for s in at.subheader]
    assert list(_csv(downloads["topics-terrorism.csv"])["title"]) == ["One"]


def test_agency_kinds_read_in_words_and_download_as_codes(filled, downloads):
    at = new_app().run()
    at.switch_page("pages/entities.py").run()
    shown = at.dataframe[0].value.set_index("id")
    assert shown.loc["DGSI", "kind"] == "domestic intelligence"
    assert _csv(downloads["agencies.csv"]).set_index("id").loc["DGSI", "kind"] == "domestic_intelligence"
    at.selectbox(key="fix-agencies-target").set_value("DGSI").run()
    at.radio(key="fix-agencies-DGSI-action").set_value("set_agency").run()
    kinds = at.selectbox(key="fix-agencies-DGSI-akind")
    assert "domestic intelligence" in kinds.options and "domestic_intelligence" not in kinds.options
