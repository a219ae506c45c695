"""Tables out of Entente: CSV safe to open in a spreadsheet, and XLSX.

Article text is untrusted: a cell that starts like a formula would run in Excel or LibreOffice,
so such cells are prefixed with an apostrophe, the usual neutralisation.
"""
from __future__ import annotations

import io
import re

import networkx as nx
import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def whole_days_as_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """Date-and-time columns that hold only whole days, as dates: an event's date reads 2014-01-01,
    in a spreadsheet too, not 2014-01-01 00:00:00."""
    days = {column: frame[column].dt.date.astype(object).where(frame[column].notna(), None)
            for column in frame.columns
            if pd.api.types.is_datetime64_any_dtype(frame[column])
            and (frame[column].dropna() == frame[column].dropna().dt.normalize()).all()}
    return frame.assign(**days) if days else frame


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The same table with dates as dates and every text cell that could start a formula neutralised."""
    safe = whole_days_as_dates(frame).copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise, na_action="ignore")
    safe.columns = [str(neutralise(str(c))) for c in safe.columns]
    return safe


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    # UTF-8 with BOM so that Excel shows accents right; ISO dates stay sortable text. CRLF line
    # ends make the writer quote any cell holding a bare \r, which would otherwise split the row.
    return safe_frame(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str = "data") -> bytes:
    safe = safe_frame(frame)
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(_xml_safe, na_action="ignore")
    safe.columns = [str(_xml_safe(c)) for c in safe.columns]
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        # openpyxl refuses a whole workbook over one control character; XLSX is XML inside.
        safe.to_excel(writer, index=False, sheet_name=str(_xml_safe(_SHEET_FORBIDDEN.sub(" ", sheet)))[:31] or "data")
    return buffer.getvalue()


# Characters XML 1.0 forbids: C0 controls except tab, newline and return; lone surrogates; U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _xml_safe(value: object) -> object:
    """Untrusted names and text may carry characters no XML document (GEXF, GraphML, XLSX) can hold."""
    if isinstance(value, str):
        return _NOT_XML.sub("", value)
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
