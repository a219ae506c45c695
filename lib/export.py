"""Tables out of Entente: CSV safe to open in a spreadsheet, and XLSX.

Article text is untrusted: a cell that starts like a formula would run in Excel or LibreOffice,
so such cells are prefixed with an apostrophe, the usual neutralisation.
"""
from __future__ import annotations

import io

import networkx as nx
import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The same table with every text cell that could start a formula neutralised."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise, na_action="ignore")
    safe.columns = [str(neutralise(str(c))) for c in safe.columns]
    return safe


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    # UTF-8 with BOM so that Excel shows accents right; ISO dates stay sortable text.
    return safe_frame(frame).to_csv(index=False).encode("utf-8-sig")


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str = "data") -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        safe_frame(frame).to_excel(writer, index=False, sheet_name=sheet[:31] or "data")
    return buffer.getvalue()


def _xml_safe(value: object) -> object:
    """XML 1.0 forbids most control characters; names from untrusted text may carry them."""
    if isinstance(value, str):
        return "".join(ch for ch in value if ch in "\t\n\r" or ord(ch) >= 0x20)
    return value


def _clean_graph(graph: nx.Graph) -> nx.Graph:
    clean = nx.Graph()
    for node, data in graph.nodes(data=True):
        clean.add_node(_xml_safe(str(node)), **{k: _xml_safe(v) for k, v in data.items() if v is not None})
    for a, b, data in graph.edges(data=True):
        clean.add_edge(_xml_safe(str(a)), _xml_safe(str(b)), **{k: _xml_safe(v) for k, v in data.items()})
    return clean


def to_gexf_bytes(graph: nx.Graph) -> bytes:
    buffer = io.BytesIO()
    nx.write_gexf(_clean_graph(graph), buffer)
    return buffer.getvalue()


def to_graphml_bytes(graph: nx.Graph) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(_clean_graph(graph), buffer)
    return buffer.getvalue()
