"""Countries (names, aliases, demonyms, near-miss spellings) and cities in a Doc.

`PlaceMatcher` (a pipeline component) marks exact names; `find_places` turns them into resolved
mentions after the pipeline, adds near-miss spellings of a country ("Frane") and leaves out words
that belong to an agency or a person.
"""
from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from lib.extraction.gazetteer import Gazetteer, fold, written_variants

PLACE_SPAN_KEY = "entente_places"
COUNTRY = "COUNTRY"
LOCATION = "LOCATION"
_DEMONYM_EN = "DEMONYM_EN"
_DEMONYM_FR = "DEMONYM_FR"
# Words after which a capitalised word is a place ("a trip to Frane", "en Frnace").
_PLACE_CUES = {"to", "in", "from", "with", "and", "of", "for", "at", "into", "between", "visit", "visited",
               "à", "en", "au", "aux", "vers", "de", "avec", "et", "entre", "du", "d'", "d’"}


_NEW = {"New", "Nouveau", "Nouvelle", "Nueva", "Nuevo"}

_CUE_THEN_WORD = re.compile(
    r"(?<!\w)(?:" + "|".join(sorted(map(re.escape, _PLACE_CUES), key=len, reverse=True)) + r")\s+([^\W\d_][^\W\d_]{4,})",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class PlaceMention:
    text: str
    start: int  # character offsets
    end: int
    label: str  # COUNTRY or LOCATION
    key: str  # ISO code or city name
    country: str | None
    token_start: int
    token_end: int


class PlaceMatcher:
    """Exact country names, demonyms and city names; case is checked afterwards."""

    def __init__(self, vocab: Vocab, make_doc, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self.matcher = PhraseMatcher(vocab, attr="LOWER")
        groups: dict[str, set[str]] = {COUNTRY: set(), _DEMONYM_EN: set(), _DEMONYM_FR: set(), LOCATION: set()}
        for country in gazetteer.countries.values():
            groups[COUNTRY].update(country.names)
            groups[_DEMONYM_EN].update(country.demonyms_en)
            groups[_DEMONYM_FR].update(country.demonyms_fr)
        for city in gazetteer.cities:
            groups[LOCATION].update((city.name, *city.aliases))
        for label, names in groups.items():
            patterns = [make_doc(v) for name in names for v in written_variants(name)]
            if patterns:
                self.matcher.add(label, patterns)

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for match_id, start, end in self.matcher(doc):
            label = doc.vocab.strings[match_id]
            first = doc[start].text
            # Names and English demonyms are capitalised; French demonyms are not ("la police espagnole").
            if label != _DEMONYM_FR and not first[:1].isupper():
                continue
            if start > 0 and doc[start - 1].text in _NEW:
                continue  # "New Mexico", "New Jersey", "New England" name no country of that name
            if label == COUNTRY and _after_a_given_name(self.gazetteer, doc, start):
                continue  # "Tee Maurice", "Ana Jordan": a surname that spells a country
            spans.append(Span(doc, start, end, label=label))
        doc.spans[PLACE_SPAN_KEY] = filter_spans(spans)
        return doc


def _after_a_given_name(gazetteer: Gazetteer, doc: Doc, start: int) -> bool:
    """A capitalised proper noun just before, not opening the sentence nor itself a place."""
    if start == 0:
        return False
    before = doc[start - 1]
    return (before.pos_ == "PROPN" and before.is_alpha and before.text[:1].isupper() and not before.is_upper
            and not before.is_sent_start and not gazetteer.country_by_name(before.text)
            and not gazetteer.country_by_demonym(before.text) and gazetteer.city(before.text) is None
            and before.ent_type_ in ("", "PERSON", "PER"))


def _resolve(gazetteer: Gazetteer, span: Span) -> tuple[str, str, str | None] | None:
    """(label, key, country) for a matched span."""
    if span.label_ == COUNTRY:
        code = gazetteer.country_by_name(span.text)
        return (COUNTRY, code, code) if code else None
    if span.label_ in (_DEMONYM_EN, _DEMONYM_FR):
        code = gazetteer.country_by_demonym(span.text)
        return (COUNTRY, code, code) if code else None
    city = gazetteer.city(span.text)
    return (LOCATION, city.name, city.country) if city else None


def _max_distance(word: str) -> int:
    # One slip (a transposition counts as one) in a 5-8 letter name, two in a long one;
    # shorter words are too easily other words.
    return 0 if len(word) < 5 else 1 if len(word) < 9 else 2


def near_miss_country(gazetteer: Gazetteer, word: str) -> str | None:
    """The country a misspelt word stands for ("Frane" -> FR), or None."""
    folded = fold(word)
    limit = _max_distance(folded)
    if limit == 0:
        return None
    found = process.extractOne(folded, gazetteer.country_names(), scorer=OSA.distance, score_cutoff=limit)
    if found is None:
        return None
    name = found[0]
    if name[:1] != folded[:1] or abs(len(name) - len(folded)) > limit:
        return None
    return gazetteer.country_by_name(name)


def find_places(doc: Doc, gazetteer: Gazetteer, taken: Container[int], text: str | None = None) -> list[PlaceMention]:
    """Country and city mentions outside the tokens in `taken` (agencies, people, titles)."""
    found: list[PlaceMention] = []
    covered: set[int] = set()
    for span in doc.spans[PLACE_SPAN_KEY] if PLACE_SPAN_KEY in doc.spans else ():
        if any(i in taken for i in range(span.start, span.end)):
            continue
        resolved = _resolve(gazetteer, span)
        if resolved is None:
            continue
        label, key, country = resolved
        found.append(PlaceMention(span.text, span.start_char, span.end_char, label, key, country, span.start, span.end))
        covered.update(range(span.start, span.end))
    for token in _capitalised_after_cue(doc, doc.text if text is None else text):
        if token.i in taken or token.i in covered or not _near_miss_candidate(doc, token.i):
            continue
        code = near_miss_country(gazetteer, token.text)
        if code:
            found.append(PlaceMention(token.text, token.idx, token.idx + len(token), COUNTRY, code, code, token.i, token.i + 1))
    found.sort(key=lambda m: m.start)
    return found


def _capitalised_after_cue(doc: Doc, text: str) -> list:
    """Capitalised words of 5+ letters right after a place cue, found by one regex pass."""
    tokens = []
    for match in _CUE_THEN_WORD.finditer(text):
        span = doc.char_span(match.start(1), match.end(1))
        if span is not None and len(span) == 1:
            tokens.append(span[0])
    return tokens


def _near_miss_candidate(doc: Doc, i: int) -> bool:
    """A lone capitalised word after a place cue, not starting a sentence or a longer name."""
    token = doc[i]
    if i == 0 or len(token) < 5 or not token.is_alpha or not token.is_title or token.is_sent_start:
        return False
    if doc[i - 1].lower_ not in _PLACE_CUES:
        return False
    if i + 1 < len(doc) and doc[i + 1].is_title and doc[i + 1].is_alpha:
        return False
    if i + 1 < len(doc) and doc[i + 1].lower_ in _FACILITIES:
        return False  # "landed at Palam airport": a place in a country, not a country's misspelling
    return True


_FACILITIES = {"airport", "aéroport", "aeropuerto", "station", "gare", "port", "base", "camp", "prison", "hotel",
               "hôtel", "road", "street", "avenue", "rue", "bridge", "pont", "district", "quarter", "province",
               "region", "région", "state", "city", "town", "village", "island", "île", "border", "frontière"}
