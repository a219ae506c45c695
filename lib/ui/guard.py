"""What a page shows when something goes wrong: never a traceback or SQL. The analyst reads a short
message with a reference; the details go to the server's log under that reference."""
from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

import streamlit as st

log = logging.getLogger("entente.pages")


def guarded(run: Callable[[], object]) -> None:
    """Run a page; an unexpected error becomes a short message (Streamlit's own control flow,
    reruns and page switches, passes through: it is not an Exception)."""
    try:
        run()
    except Exception:  # noqa: BLE001 - the boundary: whatever a page raises, the analyst sees no internals
        reference = uuid.uuid4().hex[:8]
        log.exception("page failed (reference %s)", reference)
        st.error(f"Something went wrong while drawing this page; it was logged (reference {reference}). "
                 "Try again, or clear the filters.")
