import datetime as dt

import pandas as pd

from lib.labels import agency_kind_label, code_label, country_label, country_name, readable


def test_codes_read_as_words():
    assert agency_kind_label("domestic_intelligence") == "domestic intelligence"
    assert agency_kind_label("counter_terrorism") == "counter-terrorism"
    assert code_label("joint_operation") == "joint operation"


def test_countries_are_named_by_their_short_english_name():
    assert country_name("FR") == "France"
    assert country_name("kr") == "South Korea"
    assert country_name("INT") == "International"
    assert country_name("ZZ") == "ZZ"  # no such country: the code itself
    assert country_label("PL") == "Poland (PL)"
    assert country_label("ZZ") == "ZZ"


def test_a_table_reads_with_words_and_dates_and_keeps_its_rows():
    frame = pd.DataFrame({"id": ["DGSI", "X"], "kind": ["domestic_intelligence", None],
                          "type": ["joint_operation", "arrest"],
                          "date_start": pd.to_datetime(["2014-01-01", None]),
                          "ingested_at": pd.to_datetime(["2024-06-29 10:11:12.345678", "2024-06-30 08:00:00.000000"])})
    shown = readable(frame)
    assert list(shown["kind"].fillna("")) == ["domestic intelligence", ""]
    assert list(shown["type"]) == ["joint operation", "arrest"]
    assert list(shown["date_start"]) == [dt.date(2014, 1, 1), None]
    assert str(shown["ingested_at"][0]) == "2024-06-29 10:11:12"
    assert list(frame["kind"].fillna("")) == ["domestic_intelligence", ""]  # the downloaded frame is untouched
