"""What the sidebar offers: only values present in the data, each with its article count.

The counts are kept up to date by the store with every write (lib/summaries.py): the sidebar reads
a few thousand rows instead of counting the corpus on a page view.
"""
from __future__ import annotations

import pandas as pd
from sqlalchemy import select

from lib.analytics.filters import Filters, shown
from lib.labels import agency_kind_label, code_label, country_name
from lib.store import Entity, FacetCount, Store
from lib.summaries import ENTITY_FACETS, FACETS


# How a coded value reads in the sidebar; the code itself for the other fields.
_LABELS = {"agency_kinds": agency_kind_label, "event_types": code_label, "topics": code_label,
           "agency_countries": lambda code: _with_name(code, country_name(code))}


def _with_name(value: str, name: str) -> str:
    return value if name == value else f"{value} — {name}"


def filter_options(store: Store, sure_only: bool = True) -> dict[str, pd.DataFrame]:
    """Per filter field: a frame of value, the label the sidebar shows for it, and the number of
    articles that have it, the most frequent first; with `sure_only`, no entity the model alone found."""
    counts = store.query(select(FacetCount.field, FacetCount.value, FacetCount.articles))
    names = store.query(select(Entity.kind, Entity.key, Entity.name)
                        .where(Entity.kind.in_(ENTITY_FACETS.values()), shown(Entity.id, Filters(sure_only=sure_only))))
    options = {}
    for field in FACETS:
        frame = counts[counts["field"] == field][["value", "articles"]].astype({"value": "str", "articles": "int64"})
        label = frame["value"].map(_LABELS.get(field, str))
        if field in ENTITY_FACETS:  # an entity's key and display name; its key alone when they are one
            named = names[names["kind"] == ENTITY_FACETS[field]].set_index("key")["name"]
            frame = frame[frame["value"].isin(named.index)]
            name = frame["value"].map(named).fillna(frame["value"])
            label = frame["value"].where(name == frame["value"], frame["value"] + " — " + name)
        options[field] = (frame.assign(label=label.astype("str"))[["value", "label", "articles"]]
                          .sort_values(["articles", "value"], ascending=[False, True], kind="stable")
                          .reset_index(drop=True))
    return options
