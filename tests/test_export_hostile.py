"""Downloads built from untrusted text: no formula runs in a spreadsheet, every XML file parses."""
from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import networkx as nx
import openpyxl
import pandas as pd
import pytest

from lib.export import to_csv_bytes, to_gexf_bytes, to_graphml_bytes, to_xlsx_bytes

FORMULAS = ["=HYPERLINK(\"http://127.0.0.1:9/?\"&A1,\"open\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
            "\t=1+1", "\r=1+1"]
HOSTILE_NAMES = ["<script>alert(1)</script>", "a & b \"quoted\" 'single'", "]]><!-- -->", "ctl\x01\x0b\x1fname",
                 "lone\ud800surrogate", "non\ufffechar", "<img src=x onerror=alert(2)>"]


def test_xlsx_cells_that_look_like_formulas_are_text():
    frame = pd.DataFrame({"=title": FORMULAS, "n": range(len(FORMULAS))})
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(frame, sheet="a[b]:c")))
    cells = list(sheet.worksheets[0].iter_rows(values_only=False))
    assert cells[0][0].value == "'=title"  # a header is a cell too
    for row, payload in zip(cells[1:], FORMULAS, strict=True):
        assert row[0].data_type == "s" and row[0].value == "'" + payload
        assert row[1].data_type == "n"


def test_xlsx_survives_characters_xml_forbids():
    # Lone surrogates are left out: pandas' Arrow-backed strings cannot hold one, so no table does.
    names = [name for name in HOSTILE_NAMES if "\ud800" not in name]
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(pd.DataFrame({"name": names})))).worksheets[0]
    values = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert values == [name.replace("\x01\x0b\x1f", "").replace("\ufffe", "") for name in names]


def test_csv_neutralises_every_formula_start():
    frame = pd.DataFrame({"name": FORMULAS})
    back = pd.read_csv(io.BytesIO(to_csv_bytes(frame)), encoding="utf-8-sig", keep_default_na=False)
    assert list(back["name"]) == ["'" + payload for payload in FORMULAS]  # a bare \r does not split a row


@pytest.mark.parametrize("write", [to_gexf_bytes, to_graphml_bytes], ids=["gexf", "graphml"])
def test_graph_files_are_well_formed_whatever_the_names(write):
    graph = nx.Graph()
    for i, name in enumerate(HOSTILE_NAMES):
        graph.add_node(name, name=name, country="F\x00R", articles=i + 1)
    for a, b in zip(HOSTILE_NAMES, HOSTILE_NAMES[1:]):
        graph.add_edge(a, b, weight=2)
    root = ET.fromstring(write(graph))  # raises on malformed XML
    text = " ".join([*(v for element in root.iter() for v in element.attrib.values()),
                     *(element.text or "" for element in root.iter())])
    assert "<script>alert(1)</script>" in text and "]]><!-- -->" in text and "ctlname" in text
    assert "\ud800" not in text and "\x01" not in text
