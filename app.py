"""Entente: the dashboard's entry point. Each page draws the shared sidebar filters itself."""
import streamlit as st

from lib.ui.guard import guarded

st.set_page_config(page_title="Entente", page_icon="🤝", layout="wide")

navigation = st.navigation(
    [
        st.Page("pages/overview.py", title="Overview", default=True),
        st.Page("pages/timeline.py", title="Timeline"),
        st.Page("pages/cooccurrence.py", title="Co-occurrence"),
        st.Page("pages/entities.py", title="Entities"),
        st.Page("pages/reader.py", title="Article reader"),
        st.Page("pages/upload.py", title="Upload"),
        st.Page("pages/history.py", title="History"),
    ]
)
guarded(navigation.run)
