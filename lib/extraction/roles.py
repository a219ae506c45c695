"""The title lexicon (lib/data/roles.csv): "Director General", "directrice générale", "Interior Minister"...

`RoleMatcher` marks titles in a Doc as spans labelled with the canonical English role, so that
French and English titles compare equal downstream; each span's `kb_id_` is the lexicon title it
matched (folded), the key to `title_info`. A French title may carry country adjectives inside it
("le ministre espagnol de l'Intérieur", "les ministres français et marocain de la Justice").

Rows of kind "rank" (General, Colonel, le juge...) are not titles of a body: they only mark a person
when a name follows ("General Naranjo"), see `rank_lexicon`.
"""
from __future__ import annotations

import csv
import functools
from dataclasses import dataclass

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from lib.extraction.gazetteer import DATA_DIR, fold, load_gazetteer, written_variants

ROLE_SPAN_KEY = "entente_roles"
# A French title's complement, after which adjectives may sit between the head and it.
_COMPLEMENT_OPENERS = {"de", "du", "des", "d'", "à", "aux", "au"}
# Words that may sit inside a title: country adjectives and their coordination.
_INSERTABLE_JOINERS = {"et", ","}
_MAX_INSERTED = 4
_RANK = "entente_rank"


@dataclass(frozen=True)
class TitleInfo:
    """One lexicon title: its canonical role, the kind of body it names and where that body can be."""

    role: str
    generic: str | None
    # The only countries whose body the title can name, in order of preference ("Home Secretary" is
    # British, "garde des Sceaux" French); empty when any country has one.
    countries: tuple[str, ...]
    rank: bool


@functools.lru_cache(maxsize=1)
def _rows() -> tuple[tuple[str, str, TitleInfo], ...]:
    """(language, title, info) per row of lib/data/roles.csv."""
    with (DATA_DIR / "roles.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(
            (
                row["language"],
                row["title"],
                TitleInfo(
                    row["role"],
                    (row.get("generic") or "").strip() or None,
                    tuple(c for c in (row.get("countries") or "").split("|") if c),
                    (row.get("kind") or "").strip() == "rank",
                ),
            )
            for row in csv.DictReader(handle)
        )


@functools.lru_cache(maxsize=1)
def role_lexicon() -> dict[str, str]:
    """Folded title -> canonical role (titles of bodies, not ranks)."""
    return {fold(title): info.role for _l, title, info in _rows() if not info.rank}


@functools.lru_cache(maxsize=1)
def title_words() -> frozenset[str]:
    """Every folded word of the lexicon's titles and ranks ("senior", "officer", "director")."""
    return frozenset(word for _l, title, _info in _rows() for word in fold(title).split())


@functools.lru_cache(maxsize=1)
def rank_lexicon() -> dict[str, str]:
    """Folded rank ("general", "colonel") -> canonical rank."""
    return {fold(title): info.role for _l, title, info in _rows() if info.rank}


@functools.lru_cache(maxsize=1)
def _titles() -> dict[str, TitleInfo]:
    return {fold(title): info for _l, title, info in _rows()}


def title_info(title: str) -> TitleInfo | None:
    """What a lexicon title (as written, or a role span's `kb_id_`) stands for."""
    return _titles().get(fold(title))


def canonical_role(title: str) -> str | None:
    return role_lexicon().get(fold(title))


@functools.lru_cache(maxsize=1)
def _role_generics() -> dict[str, str]:
    """Canonical role -> kind of body, when every title of that role agrees on one."""
    seen: dict[str, set[str | None]] = {}
    for _l, _t, info in _rows():
        seen.setdefault(info.role, set()).add(info.generic)
    return {role: next(iter(kinds)) for role, kinds in seen.items() if len(kinds) == 1 and None not in kinds}


def role_generic(role: str) -> str | None:
    """The kind of body a role implies ("Minister of the Interior" -> interior_ministry)."""
    return _role_generics().get(role)


class RoleMatcher:
    def __init__(self, vocab: Vocab, make_doc):
        self.matcher = PhraseMatcher(vocab, attr="LOWER")
        self.complements = PhraseMatcher(vocab, attr="LOWER")
        self._heads: dict[str, set[str]] = {}  # complement -> the heads it follows ("de l'interieur" -> "ministre")
        self.ranks = PhraseMatcher(vocab, attr="LOWER")
        for _language, title, info in _rows():
            if info.rank:
                self.ranks.add(fold(title), [make_doc(v) for v in written_variants(title)])
                continue
            key = fold(title)
            self.matcher.add(key, [make_doc(v) for v in written_variants(title)])
            tokens = make_doc(title)
            if len(tokens) >= 3 and fold(tokens[1].text) in _COMPLEMENT_OPENERS:
                complement = tokens[1:].text
                self.complements.add(fold(complement), [make_doc(v) for v in written_variants(complement)])
                self._heads.setdefault(fold(complement), set()).add(fold(tokens[0].text))
        self._lexicon = role_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        strings = doc.vocab.strings
        spans = [
            Span(doc, start, end, label=self._lexicon[strings[match_id]], kb_id=strings[match_id])
            for match_id, start, end in self.matcher(doc)
        ]
        spans.extend(self._split_titles(doc))
        # A rank around a title ("Chief" in "Chief Inspector") is no title: ranks take part in the choice of
        # the longest span, then leave (persons.py reads ranks itself).
        ranks = [Span(doc, start, end, label=_RANK) for _m, start, end in self.ranks(doc)]
        # The longest title wins; a title with its adjectives inside beats its head alone.
        doc.spans[ROLE_SPAN_KEY] = [s for s in filter_spans(spans + ranks) if s.label_ != _RANK]
        return doc

    def _split_titles(self, doc: Doc) -> list[Span]:
        """"ministre espagnol de l'Intérieur": a head, adjectives, then a title's complement."""
        spans = []
        strings = doc.vocab.strings
        for match_id, start, end in self.complements(doc):
            complement = strings[match_id]
            j = start - 1
            while j >= 0 and start - j <= _MAX_INSERTED and _insertable(doc[j]):
                j -= 1
            if j < 0 or j == start - 1 or not _insertable(doc[start - 1]) or doc[start - 1].text == ",":
                continue
            head = fold(doc[j].text)
            key = f"{head} {complement}"
            if head in self._heads.get(complement, ()) and key in self._lexicon:
                spans.append(Span(doc, j, end, label=self._lexicon[key], kb_id=key))
        return spans


def _insertable(token) -> bool:
    """A lowercase adjective ("espagnol", "marocaine") or the "et" joining two of them."""
    if token.lower_ in _INSERTABLE_JOINERS:
        return True
    if not (token.is_lower and token.is_alpha):
        return False
    return token.pos_ == "ADJ" or load_gazetteer().country_by_demonym(token.text) is not None
