"""What a page shows when something goes wrong: never a traceback or SQL. A database that stopped
answering gets a notice and a retry every few seconds, and the page comes back by itself; any other
error a short message with a reference, the details in the server's log under that reference."""
from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

import streamlit as st

from lib.outage import lost_connection, reason_of
from lib.ui.state import get_store

log = logging.getLogger("entente.pages")
UNAVAILABLE = "The database is unavailable; retrying. This page comes back by itself once it answers."
RETRY_EVERY = "3s"


def guarded(run: Callable[[], object]) -> None:
    """Run a page; errors become messages (Streamlit's own control flow, reruns and page switches,
    passes through: it is not an Exception)."""
    try:
        run()
    except Exception as error:  # noqa: BLE001 - the boundary: whatever a page raises, the analyst sees no internals
        if lost_connection(error):
            log.warning("database unavailable: %s", reason_of(error))
            st.warning(UNAVAILABLE, icon=":material/cloud_off:")
            _rerun_when_the_database_answers()
            return
        reference = uuid.uuid4().hex[:8]
        log.exception("page failed (reference %s)", reference)
        st.error(f"Something went wrong while drawing this page; it was logged (reference {reference}). "
                 "Try again, or clear the filters.")


def _answers() -> bool:
    try:
        get_store().version()
    except Exception as error:  # noqa: BLE001 - still away, or failing otherwise: the page says so when it reruns
        return not lost_connection(error)
    return True


@st.fragment(run_every=RETRY_EVERY)
def _rerun_when_the_database_answers() -> None:
    if _answers():
        st.rerun(scope="app")
