"""What the sidebar offers: only values present in the data, each with its article count.

The counts are kept up to date by the store with every write (lib/summaries.py): the sidebar reads
a few thousand rows instead of counting the corpus on a page view.
"""
from __future__ import annotations

import pandas as pd
from sqlalchemy import select

from lib.store import Entity, FacetCount, Store
from lib.summaries import ENTITY_FACETS, FACETS


def filter_options(store: Store) -> dict[str, pd.DataFrame]:
    """Per filter field: a frame of value, label and the number of articles that have it, the
    most frequent first."""
    counts = store.query(select(FacetCount.field, FacetCount.value, FacetCount.articles))
    names = store.query(select(Entity.kind, Entity.key, Entity.name).where(Entity.kind.in_(ENTITY_FACETS.values())))
    options = {}
    for field in FACETS:
        frame = counts[counts["field"] == field][["value", "articles"]].astype({"value": "str", "articles": "int64"})
        label = frame["value"]
        if field in ENTITY_FACETS:  # an entity's display name; its key when it has none
            named = names[names["kind"] == ENTITY_FACETS[field]].set_index("key")["name"]
            label = frame["value"].map(named).fillna(frame["value"])
        options[field] = (frame.assign(label=label.astype("str"))[["value", "label", "articles"]]
                          .sort_values(["articles", "value"], ascending=[False, True], kind="stable")
                          .reset_index(drop=True))
    return options
