"""Upload: add articles in any supported format, with a progress bar and a status per file."""
import datetime as dt

import pandas as pd
import streamlit as st

from lib.ingest import Upload, ingest
from lib.readers import SUPPORTED_EXTENSIONS
from lib.ui.downloads import table_with_downloads
from lib.ui.sidebar import use_app_navigation, without_filters
from lib.ui.state import data_changed, get_store
from lib.ui.text import md_escape
from lib.wording import plural

use_app_navigation()  # a first visit straight to /upload runs under app.py's navigation and guard too
store = get_store()
without_filters()
st.title("Upload articles")
st.write(
    "Drop articles and press releases: " + ", ".join(SUPPORTED_EXTENSIONS)
    + ". CSV and JSONL files hold many articles (columns `title`, `text`, optional `published`, `source`, `url`)."
)

with st.form("upload", clear_on_submit=True):
    files = st.file_uploader("Files", type=[e.lstrip(".") for e in SUPPORTED_EXTENSIONS],
                             accept_multiple_files=True)
    left, right = st.columns(2)
    published = left.date_input("Publication date, for files that carry none", value=None,
                                min_value=dt.date(1900, 1, 1), format="YYYY-MM-DD")
    source = right.text_input("Source, for files that name none", placeholder="e.g. MAP, AFP, ministry site")
    submitted = st.form_submit_button("Process files", type="primary")

if submitted:
    if not files:
        st.warning("Choose at least one file first.")
    else:
        uploads = [Upload(f.name, f.getvalue()) for f in files]
        files_in_all = plural(len(uploads), "file")
        progress = st.progress(0.0, text=f"Reading 0 of {files_in_all}")
        rows = []
        with st.status(f"Processing {files_in_all}…", expanded=False) as status_box:
            def files_read(done: int) -> None:
                progress.progress(done / len(uploads), text=f"Read {done} of {files_in_all}")

            for result in ingest(uploads, store, published=published,
                                 source_name=source.strip() or None, on_file_done=files_read, batch_size=16):
                rows.append({"file": result.filename, "status": result.status, "title": result.title,
                             "detail": result.detail})
                status_box.write(f"{result.status}: {md_escape(result.filename)}")
            status_box.update(label=f"Processed {files_in_all}", state="complete")
        progress.progress(1.0, text=f"Done: {files_in_all}")
        st.session_state["upload_results"] = pd.DataFrame(rows, columns=["file", "status", "title", "detail"])
        data_changed()

results = st.session_state.get("upload_results")
if results is not None:
    counts = results["status"].value_counts()
    st.subheader("Result")
    st.write(f"**{counts.get('ingested', 0)}** ingested · **{counts.get('duplicate', 0)}** duplicate · "
             f"**{counts.get('rejected', 0)}** rejected")
    for row in results[results["status"] == "rejected"].itertuples():
        st.error(f"{md_escape(row.file)}: {md_escape(row.detail)}")
    table_with_downloads(results, name="upload-status", key="upload-status")

st.caption(f"Database: {md_escape(store.url)} · {plural(store.count(), 'article')} stored")
