"""Entente: the dashboard's entry point. Each page draws the shared sidebar filters itself."""
# Icons are emoji, not ":material/..." names: those are fetched from a font CDN, and the app
# must make no request to any host but its own.
import streamlit as st

st.set_page_config(page_title="Entente", page_icon="🤝", layout="wide")

navigation = st.navigation(
    [
        st.Page("pages/overview.py", title="Overview", icon="📊", default=True),
        st.Page("pages/timeline.py", title="Timeline", icon="🗓️"),
        st.Page("pages/cooccurrence.py", title="Co-occurrence", icon="🕸️"),
        st.Page("pages/entities.py", title="Entities", icon="🗂️"),
        st.Page("pages/reader.py", title="Article reader", icon="📰"),
        st.Page("pages/upload.py", title="Upload", icon="📤"),
    ]
)
navigation.run()
