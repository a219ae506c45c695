"""Tables the analyst can pick a row from, with the same CSV/XLSX downloads as every table."""
from __future__ import annotations

import pandas as pd

from lib.ui.downloads import download_buttons
from lib.ui.grid import show_table


def selectable_table(frame: pd.DataFrame, *, name: str, key: str) -> int | None:
    """Show `frame` (codes in words, dates as dates) with single-row selection and downloads (codes
    kept); the selected row's position, or None."""
    event = show_table(frame, hide_index=True, width="stretch", key=key, on_select="rerun",
                       selection_mode="single-row")
    download_buttons(frame, name=name, key=key)
    rows = list(event.selection.rows) if event is not None else []
    if rows and 0 <= rows[0] < len(frame):
        return int(rows[0])
    return None
