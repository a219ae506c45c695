"""Entente: the dashboard's entry point — navigation and the global sidebar."""
import streamlit as st

from lib.ui.sidebar import render_filters
from lib.ui.state import get_store

st.set_page_config(page_title="Entente", page_icon=":material/handshake:", layout="wide")

navigation = st.navigation(
    [
        st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
        st.Page("pages/upload.py", title="Upload", icon=":material/upload_file:"),
    ]
)
st.session_state["filters"] = render_filters(get_store())
navigation.run()
