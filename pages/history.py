"""History: the analyst's corrections in order, each with undo; the log and gazetteer shared as files."""
import pandas as pd
import streamlit as st

from lib import correct
from lib.corrections import CorrectionError
from lib.ui.corrections import show_last_change
from lib.ui.sidebar import without_filters
from lib.ui.state import data_changed, get_store
from lib.ui.downloads import download_buttons
from lib.ui.grid import show_table
from lib.ui.text import md_escape
from lib.wording import plural

store = get_store()
without_filters()

st.title("Corrections history")
st.caption("Every merge, rename, type change, deletion and added agency, in the order made. They apply to every "
           "stored article and to every article ingested or re-extracted later. Undo restores the state without "
           "that correction.")
show_last_change()

log = store.corrections()
if not log:
    st.info("No correction yet. Correct entities on the Entities page, or mentions in the Article reader.")
else:
    frame = pd.DataFrame([{"number": c.id, "made": c.created_at, "change": c.describe(), "note": c.note or "",
                           "state": ("invalid, " if c.problem else "")
                                    + (f"undone {undone:%Y-%m-%d %H:%M}" if undone else "active")}
                          for c, undone in log])
    show_table(frame, hide_index=True, width="stretch")
    download_buttons(frame, name="corrections", key="history-table")
    active = [c for c, undone in log if undone is None]
    if active:
        with st.form("undo", border=False):
            labels = {c.id: f"{c.id}: {c.describe()}" for c in active}
            number = st.selectbox("Correction to undo", list(labels)[::-1], format_func=labels.get, key="undo-which")
            if st.form_submit_button("Undo"):
                try:
                    undone = correct.undo(store, int(number))
                except CorrectionError as error:
                    st.error(md_escape(error))
                else:
                    data_changed()
                    st.session_state["correction_done"] = md_escape(f"Undone: {undone.describe()}.")
                    st.rerun()
    invalid = [c for c, _ in log if c.problem]
    if invalid:
        st.warning(f"{len(invalid)} stored records do not fit the shape of a correction (written by an older "
                   "version, or by hand): they are never applied. Undo or delete them.")
        with st.form("delete-invalid", border=False):
            labels = {c.id: f"{c.id}: {c.describe()}" for c in invalid}
            number = st.selectbox("Invalid record to delete", list(labels), format_func=labels.get,
                                  key="delete-which")
            if st.form_submit_button("Delete this record"):
                try:
                    deleted = store.delete_correction(int(number))
                except CorrectionError as error:
                    st.error(md_escape(error))
                else:
                    data_changed()
                    st.session_state["correction_done"] = md_escape(f"Deleted: {deleted.describe()}.")
                    st.rerun()

st.subheader("Share with your team")
left, middle, right = st.columns(3)
left.download_button("Correction log (JSON)", correct.export_log(store, "json"), file_name="entente-corrections.json",
                     mime="application/json", key="log-json")
middle.download_button("Correction log (CSV)", correct.export_log(store, "csv"), file_name="entente-corrections.csv",
                       mime="text/csv", key="log-csv")
right.download_button("Your gazetteer (CSV)", correct.export_gazetteer(store), file_name="entente-gazetteer.csv",
                      mime="text/csv", key="gazetteer-csv")
with st.form("import", clear_on_submit=True):
    shared = st.file_uploader("Import a correction log (.json, .csv) or a gazetteer (.csv)", type=["json", "csv"],
                              key="import-file")
    if st.form_submit_button("Import") and shared is not None:
        progress = st.progress(0.0, text="Checking every record…")

        def written(done: int, total: int) -> None:
            progress.progress(done / total, text=f"Recorded {done:,} of {total:,} corrections")

        try:
            added, present = correct.import_log(store, shared.getvalue(),
                                                "json" if shared.name.lower().endswith(".json") else "csv",
                                                on_progress=written)
        except CorrectionError as error:
            st.error(f"{md_escape(shared.name)}: {md_escape(error)}")
        else:
            data_changed()
            st.session_state["correction_done"] = md_escape(
                f"{shared.name}: {plural(added, 'correction')} added, {present:,} already present.")
            st.rerun()
