"""Entente: the dashboard's entry point. Each page draws the shared sidebar filters itself."""
import streamlit as st

st.set_page_config(page_title="Entente", page_icon=":material/handshake:", layout="wide")

navigation = st.navigation(
    [
        st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
        st.Page("pages/upload.py", title="Upload", icon=":material/upload_file:"),
    ]
)
navigation.run()
