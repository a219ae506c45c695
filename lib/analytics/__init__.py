"""Filters in, pandas frames out: everything the pages show, computed in the database.

Pure functions of a Store and a Filters value; no Streamlit here, so each is unit-tested.
"""
from lib.analytics.filters import Filters, article_ids
from lib.analytics.options import filter_options
from lib.analytics.overview import (
    articles_over_time,
    articles_table,
    date_span,
    entity_counts,
    key_figures,
    latest_events,
    top_entities,
    top_of,
    top_table,
)

__all__ = [
    "Filters", "article_ids", "filter_options", "articles_over_time", "articles_table", "date_span",
    "entity_counts", "key_figures", "latest_events", "top_entities", "top_of", "top_table",
]
