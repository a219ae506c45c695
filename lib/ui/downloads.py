"""Download buttons for every table: exactly the rows shown, formula-injection safe."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from lib.export import to_csv_bytes, to_xlsx_bytes

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download_buttons(frame: pd.DataFrame, *, name: str, key: str) -> None:
    """CSV and XLSX buttons for exactly the rows of `frame`, saved as `name`.csv / .xlsx."""
    row = st.container(horizontal=True)
    row.download_button("Download CSV", data=to_csv_bytes(frame), file_name=f"{name}.csv", mime="text/csv",
                        key=f"{key}-csv", disabled=frame.empty)
    row.download_button("Download XLSX", data=to_xlsx_bytes(frame, sheet=name), file_name=f"{name}.xlsx",
                        mime=XLSX_MIME, key=f"{key}-xlsx", disabled=frame.empty)


def table_with_downloads(frame: pd.DataFrame, *, name: str, key: str, hide_index: bool = True) -> None:
    """Show a table and offer it as CSV and XLSX under the file name `name`."""
    st.dataframe(frame, hide_index=hide_index, width="stretch")
    download_buttons(frame, name=name, key=key)
