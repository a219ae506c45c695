import io

import openpyxl
import pandas as pd

from lib.export import neutralise, to_csv_bytes, to_xlsx_bytes


def test_formula_cells_are_neutralised():
    for payload in ("=1+1", "+SUM(A1)", "-2", "@cmd", "\tx", "\rx"):
        assert neutralise(payload) == "'" + payload
    assert neutralise("DGSI") == "DGSI"
    assert neutralise(3) == 3


def test_csv_round_trip_keeps_rows_and_accents():
    frame = pd.DataFrame({"name": ["Fréderic Veaux", "=HYPERLINK(\"x\")"], "articles": [2, 1]})
    data = to_csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(back["name"]) == ["Fréderic Veaux", "'=HYPERLINK(\"x\")"]
    assert list(back["articles"]) == [2, 1]


def test_xlsx_holds_the_same_cells():
    frame = pd.DataFrame({"name": ["DGSE", "-1"], "n": [1, 2]})
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(frame, sheet="agencies")))["agencies"]
    assert [c.value for c in sheet[1]] == ["name", "n"]
    assert [c.value for c in sheet[3]] == ["'-1", 2]
