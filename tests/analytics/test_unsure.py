"""The model's unsure entities: kept with how they were found, hidden by default, shown on request."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy import select

from lib.analytics import Filters, entity_counts, filter_options, key_figures
from lib.analytics.cooccurrence import pairs
from lib.corrections import Correction
from lib.records import Agency, Document, Extraction, Mention, Sentence
from lib.store import Entity, EntityConfidence, Finding


def _article(text: str, guessed: float, title: str):  # type: ignore[no-untyped-def]
    """An article naming Europol (a gazetteer name) and the 'Harbour Watch Unit' (a model guess)."""
    europol, unit = text.index("Europol"), text.index("Harbour Watch Unit")
    extraction = Extraction(
        language="en", model="hand-1", sentences=(Sentence(0, len(text), 0),),
        mentions=(Mention("Europol", europol, europol + 7, "AGENCY", "Europol", 0),
                  Mention("Harbour Watch Unit", unit, unit + 18, "AGENCY", "Harbour Watch Unit", 0)),
        agencies=(Agency("Europol", "Europol", "INT", "international", (), "gazetteer name", 0.95),
                  Agency("Harbour Watch Unit", "Harbour Watch Unit", "NL", "police", (),
                         "model organisation + trade word", guessed)),
    )
    return Document(text=text, filename=f"{title}.txt", title=title, published=dt.date(2024, 5, 1)), extraction


def test_findings_keep_how_each_entity_was_found_and_the_surest_one_counts(store):
    store.add_article(*_article("Europol and the Harbour Watch Unit met.", 0.55, "a"))
    rows = store.query(select(Entity.key, Finding.method, Finding.confidence).join(Entity, Entity.id == Finding.entity_id))
    assert dict(zip(rows["key"], rows["method"], strict=True)) == {
        "Europol": "gazetteer name", "Harbour Watch Unit": "model organisation + trade word"}
    surest = lambda: store.query(select(Entity.key, EntityConfidence.confidence)  # noqa: E731
                                 .join(Entity, Entity.id == EntityConfidence.entity_id)).set_index("key")["confidence"]
    assert surest()["Harbour Watch Unit"] == 0.55
    # Another article finds the unit surely: the unit is sure from then on.
    store.add_article(*_article("Later, Europol thanked the Harbour Watch Unit again.", 0.9, "b"))
    assert surest()["Harbour Watch Unit"] == 0.9


def test_unsure_entities_are_hidden_by_default_and_shown_on_request(store):
    store.add_article(*_article("Europol and the Harbour Watch Unit met.", 0.55, "a"))
    hidden, every = Filters(), Filters(sure_only=False)
    assert set(entity_counts(store, hidden)["id"]) == {"Europol"}
    assert set(entity_counts(store, every)["id"]) == {"Europol", "Harbour Watch Unit"}
    assert key_figures(store, hidden)["agencies"] == 1 and key_figures(store, every)["agencies"] == 2
    assert list(filter_options(store)["agencies"]["value"]) == ["Europol"]
    assert set(filter_options(store, sure_only=False)["agencies"]["value"]) == {"Europol", "Harbour Watch Unit"}
    assert pairs(store, hidden).empty and len(pairs(store, every)) == 1
    assert "unsure" in every.describe() and "unsure" not in hidden.describe()


def test_an_entity_the_analyst_makes_is_sure(store):
    store.add_article(*_article("Europol and the Harbour Watch Unit met.", 0.55, "a"))
    store.add_correction(Correction("merge", "AGENCY", "Harbour Watch Unit", {"into": "Coastal Police (NL)"}))
    assert set(entity_counts(store, Filters())["id"]) == {"Europol", "Coastal Police (NL)"}
    methods = store.query(select(Entity.key, Finding.method).join(Entity, Entity.id == Finding.entity_id))
    assert dict(zip(methods["key"], methods["method"], strict=True))["Coastal Police (NL)"] == "analyst correction"
