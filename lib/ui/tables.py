"""Tables the analyst can pick a row from, with the same CSV/XLSX downloads as every table."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from lib.export import to_csv_bytes, to_xlsx_bytes

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download_buttons(frame: pd.DataFrame, *, name: str, key: str) -> None:
    """CSV and XLSX buttons for exactly the rows of `frame`."""
    row = st.container(horizontal=True)
    row.download_button("Download CSV", data=to_csv_bytes(frame), file_name=f"{name}.csv", mime="text/csv",
                         key=f"{key}-csv", disabled=frame.empty)
    row.download_button("Download XLSX", data=to_xlsx_bytes(frame, sheet=name), file_name=f"{name}.xlsx",
                          mime=XLSX_MIME, key=f"{key}-xlsx", disabled=frame.empty)


def selectable_table(frame: pd.DataFrame, *, name: str, key: str) -> int | None:
    """Show `frame` with single-row selection and downloads; the selected row's position, or None."""
    event = st.dataframe(frame, hide_index=True, width="stretch", key=key, on_select="rerun",
                         selection_mode="single-row")
    download_buttons(frame, name=name, key=key)
    rows = list(event.selection.rows) if event is not None else []
    if rows and 0 <= rows[0] < len(frame):
        return int(rows[0])
    return None
