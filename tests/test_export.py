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


def test_whole_days_are_written_as_dates_and_moments_keep_their_time():
    frame = pd.DataFrame({"date_start": pd.to_datetime(["2014-01-01", None]),
                          "ingested_at": pd.to_datetime(["2024-06-29 10:11:12", "2024-06-30 00:00:00"])})
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(frame))).active
    assert sheet["A2"].number_format == "YYYY-MM-DD"
    assert sheet["B2"].number_format == "YYYY-MM-DD HH:MM:SS"
    assert to_csv_bytes(frame).decode("utf-8-sig").splitlines()[1] == "2014-01-01,2024-06-29 10:11:12"


def test_graph_formats_are_well_formed_xml_whatever_the_names():
    import xml.etree.ElementTree as ET

    import networkx as nx

    from lib.export import to_gexf_bytes, to_graphml_bytes

    graph = nx.Graph()
    graph.add_node("<script>&\x01DGSI", country="FR", articles=3)
    graph.add_node("DGSN", country="MA", articles=2)
    graph.add_edge("<script>&\x01DGSI", "DGSN", weight=2)
    for data in (to_gexf_bytes(graph), to_graphml_bytes(graph)):
        root = ET.fromstring(data)  # raises on malformed XML
        values = {v for element in root.iter() for v in element.attrib.values()}
        assert "<script>&DGSI" in values  # the control character is gone, the rest kept as text
    back = nx.read_graphml(io.BytesIO(to_graphml_bytes(graph)))
    assert back.edges["<script>&DGSI", "DGSN"]["weight"] == 2
