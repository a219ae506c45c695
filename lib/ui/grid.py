"""How a table shows on screen: codes in words, dates as dates (`lib.labels.readable`), and the
columns that hold such words wide enough to read them whole."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from lib.labels import readable

# An agency's kind in words ("domestic intelligence") is cut off in a column sized for its code.
_WIDE = {"kind": "medium", "type": "medium"}


def show_table(frame: pd.DataFrame, **options: object):  # type: ignore[no-untyped-def]
    """`st.dataframe` of `frame` as the analyst reads it; `options` go to `st.dataframe`."""
    config = {column: st.column_config.TextColumn(width=width) for column, width in _WIDE.items()
              if column in frame.columns}
    return st.dataframe(readable(frame), column_config=config or None, **options)
