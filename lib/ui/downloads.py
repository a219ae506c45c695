"""Download buttons for every table: all the filtered rows, formula-injection safe.

The bytes are built only when the analyst clicks (Streamlit calls a `data` callable then):
building CSV and XLSX of every table on every rerun took seconds (XLSX of 16,000 events, 9.9 s).
A long table shows its first rows only; its downloads still carry every row, and say so.
"""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from lib.export import to_csv_bytes, to_xlsx_bytes
from lib.ui.grid import show_table

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Rows a table shows at most; a browser grid of 100,000 rows costs seconds to send and draw.
SHOWN_ROWS = 1000

Rows = pd.DataFrame | Callable[[], pd.DataFrame]


def _builder(rows: Rows) -> Callable[[], pd.DataFrame]:
    return rows if callable(rows) else (lambda: rows)


def download_buttons(rows: Rows, *, name: str, key: str, empty: bool | None = None) -> None:
    """CSV and XLSX buttons for `rows` (a frame, or a function returning every row, run on click),
    saved as `name`.csv / .xlsx; disabled when there is nothing to download."""
    build = _builder(rows)
    disabled = rows.empty if isinstance(rows, pd.DataFrame) else bool(empty)
    row = st.container(horizontal=True)
    row.download_button("Download CSV", data=lambda: to_csv_bytes(build()), file_name=f"{name}.csv",
                        mime="text/csv", key=f"{key}-csv", disabled=disabled)
    row.download_button("Download XLSX", data=lambda: to_xlsx_bytes(build(), sheet=name), file_name=f"{name}.xlsx",
                        mime=XLSX_MIME, key=f"{key}-xlsx", disabled=disabled)


def shown_caption(shown: int, total: int) -> str | None:
    """What a capped table says about the rows it leaves out; None when it shows them all."""
    if total <= shown:
        return None
    return (f"Showing the first {shown:,} of {total:,} rows; the CSV and XLSX downloads carry all {total:,} "
            "(with the current filters).")


def table_with_downloads(frame: pd.DataFrame, *, name: str, key: str, hide_index: bool = True,
                         total: int | None = None, everything: Callable[[], pd.DataFrame] | None = None) -> None:
    """Show a table (codes in words, dates as dates) and offer it as CSV and XLSX, codes kept, under the
    file name `name`.

    `frame` may be the first rows of a longer table of `total` rows that `everything` returns;
    the table then shows at most SHOWN_ROWS of them, and the downloads all of them.
    """
    total = len(frame) if total is None else total
    shown = frame.head(SHOWN_ROWS)
    show_table(shown, hide_index=hide_index, width="stretch")
    note = shown_caption(len(shown), total)
    if note:
        st.caption(note)
    download_buttons(everything or frame, name=name, key=key, empty=total == 0)
