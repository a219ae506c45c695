"""The title lexicon (lib/data/roles.csv): "Director General", "directrice générale", "Interior Minister"...

`RoleMatcher` marks titles in a Doc as spans labelled with the canonical English role, so that
French and English titles compare equal downstream.
"""
from __future__ import annotations

import csv
import functools

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from lib.gazetteer import DATA_DIR, fold, strip_accents

ROLE_SPAN_KEY = "entente_roles"


@functools.lru_cache(maxsize=1)
def role_lexicon() -> dict[str, str]:
    """Folded title -> canonical role."""
    with (DATA_DIR / "roles.csv").open(encoding="utf-8", newline="") as handle:
        return {fold(row["title"]): row["role"] for row in csv.DictReader(handle)}


def canonical_role(title: str) -> str | None:
    return role_lexicon().get(fold(title))


@functools.lru_cache(maxsize=1)
def _role_generics() -> dict[str, str]:
    with (DATA_DIR / "roles.csv").open(encoding="utf-8", newline="") as handle:
        return {row["role"]: row["generic"] for row in csv.DictReader(handle) if (row.get("generic") or "").strip()}


def role_generic(role: str) -> str | None:
    """The kind of body a title implies ("Minister of the Interior" -> interior_ministry)."""
    return _role_generics().get(role)


class RoleMatcher:
    def __init__(self, vocab: Vocab, make_doc):
        self.matcher = PhraseMatcher(vocab, attr="LOWER")
        with (DATA_DIR / "roles.csv").open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                title = row["title"]
                self.matcher.add(row["role"], [make_doc(v) for v in {title, strip_accents(title)}])

    def __call__(self, doc: Doc) -> Doc:
        spans = [Span(doc, start, end, label=match_id) for match_id, start, end in self.matcher(doc)]
        doc.spans[ROLE_SPAN_KEY] = filter_spans(spans)
        return doc
