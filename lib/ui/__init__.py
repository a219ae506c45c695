"""Streamlit widgets shared by the pages; the only part of lib/ that imports streamlit."""
