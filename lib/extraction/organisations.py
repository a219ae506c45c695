"""Security bodies the gazetteer lacks, among the organisations the statistical model found.

An organisation is a body of the trade when it holds one of the trade's words (police, intelligence,
prosecutor, court, customs, narcotics...: lib/data/agency_keywords.csv) and is headed by a noun of an
institution (ministry, bureau, service, court, command...: lib/data/institution_heads.csv): "Randburg
Regional Court", "Canadian Police Command", "Conseil des ministres arabes de l'Intérieur". Foreign,
defence and civil ministries, armies, media and parliaments are not (lib/data/not_security_words.csv).
Its country is the one written on it ("Mexican Federal Police", "Court of Marseille"), else that of
the known bodies named beside it, else of its sentence, else the document's.
"""
from __future__ import annotations

import csv
import functools
from collections import Counter
from collections.abc import Container

from spacy.tokens import Doc, Span

from lib.extraction.agencies import agency_keywords, country_around, institution_heads
from lib.extraction.gazetteer import DATA_DIR, AgencyEntry, Gazetteer, fold
from lib.extraction.resolution import DOCUMENT, PHRASE, Countries, Resolved

MODEL_ORGANISATION = "model organisation + trade word"
# Labels under which small models put the bodies' names ("Parquet de Bruxelles" as a person, even).
_LABELS = {"ORG", "MISC", "PER", "PERSON", "FAC", "GPE", "LOC", "NORP"}
_LEADING = {"the", "le", "la", "les", "l'", "l’", "el", "its", "their", "his", "her", "son", "sa", "ses", "a", "an",
            "un", "une"}
# Words that keep a body of the trade even among the words of other fields ("Military Intelligence").
_ALWAYS = {"intelligence", "renseignement", "renseignements", "inteligencia", "police", "gendarmerie"}
_CONFIDENCE = 0.55


@functools.lru_cache(maxsize=1)
def _not_security_words() -> frozenset[str]:
    with (DATA_DIR / "not_security_words.csv").open(encoding="utf-8", newline="") as handle:
        return frozenset(fold(row["word"]) for row in csv.DictReader(handle))


def security_kind(span: Span) -> str | None:
    """The agency kind of an organisation's name if it is a body of the trade, else None."""
    words = [fold(t.text) for t in span]
    heads, excluded, keywords = institution_heads(), _not_security_words(), agency_keywords()
    trade = [keywords[w] for w in words if w in keywords]
    if not trade or not any(w in heads for w in words):
        return None
    if any(w in excluded for w in words) and not any(w in _ALWAYS for w in words):
        return None
    if not span[0].text[:1].isupper():
        return None  # "the police command": a common noun phrase, not a name
    return Counter(trade).most_common(1)[0][0]


def organisation_bodies(doc: Doc, gazetteer: Gazetteer, taken: Container[int], countries: Countries) -> list[Resolved]:
    """Bodies of the trade among the model's organisations that no agency span covers."""
    found: list[Resolved] = []
    for ent in doc.ents:
        if ent.label_ not in _LABELS or any(i in taken for i in range(ent.start, ent.end)):
            continue
        span = _completed(gazetteer, _trimmed(ent))
        if span is None or len(span) < 2:
            continue
        kind = security_kind(span)
        if kind is None:
            continue
        if ent.label_ in ("PER", "PERSON") and fold(span[0].text) not in institution_heads():
            continue  # "Général de brigade Aline Mbeng" is a person; "Parquet de Bruxelles" is not
        country, strength = _country(gazetteer, doc, span, countries)
        cue, start, end = country_around(gazetteer, doc, span.start, span.end)
        if cue and not any(i in taken for i in range(start, end)):
            span = doc[start:end]  # "Spain's High Court": the country goes with the name
        text = span.text
        named = gazetteer.by_alias(text)
        if len({a.country for a in named}) == 1:
            agency = named[0]
        else:
            agency = AgencyEntry(text, text, country, "international" if country == "INT" else kind, (), (), (), ())
        confidence = _CONFIDENCE + (0.15 if strength == PHRASE else 0.0)
        found.append(Resolved(span.start, span.end, agency, MODEL_ORGANISATION, confidence))
    return found


_OF = {"de", "du", "des", "d'", "d’", "of", "of the"}
_JOIN = _OF | {"and", "et", "for", "pour", "la", "le", "l'", "l’"}


def _completed(gazetteer: Gazetteer, span: Span | None) -> Span | None:
    """The model's span, carried on over "du Royaume-Uni", "of Marseille" when it stops at them; None when
    it is cut inside a longer name ("Roi du Parquet" of "Procureur du Roi du Parquet de ...", "Département
    fédéral de justice" of "... de justice et police"), whose own agency span stands elsewhere."""
    if span is None:
        return None
    doc = span.doc
    start, end = span.start, span.end
    if doc[end - 1].lower_ in _OF or end < len(doc) and doc[end].lower_ in _OF:
        at = end if doc[end - 1].lower_ in _OF else end + 1
        for size in (3, 2, 1):
            place = doc[at : at + size].text if at + size <= len(doc) else ""
            if place and (gazetteer.country_by_name(place) or gazetteer.city(place)):
                return doc[start : at + size]
    if doc[end - 1].lower_ in _JOIN or end < len(doc) and doc[end].lower_ in _JOIN and end + 1 < len(doc) \
            and doc[end + 1].is_alpha:
        return None
    if start > 0 and doc[start - 1].lower_ in _OF and start > 1 and doc[start - 2].text[:1].isupper():
        return None
    return span


def _trimmed(ent: Span) -> Span | None:
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and (doc[start].lower_ in _LEADING or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in ("'s", "’s")):
        end -= 1
    return doc[start:end] if end > start else None


# Words that make a body international ("Bureau antiterroriste de l'ONU", "the EU's border agency").
_SUPRANATIONAL = {"un", "onu", "united nations", "nations unies", "eu", "ue", "european union", "union européenne",
                  "african union", "union africaine", "interpol", "europol", "arab league", "ligue arabe", "asean",
                  "ecowas", "cedeao"}


def _country(gazetteer: Gazetteer, doc: Doc, span: Span, countries: Countries) -> tuple[str | None, int]:
    """The country written onto or into the name, else of the bodies near it, else the surest one; an
    international body has none ("INT")."""
    words = [fold(t.text) for t in span]
    pairs = {" ".join(words[i : i + 2]) for i in range(len(words) - 1)}
    if set(words) & _SUPRANATIONAL or pairs & _SUPRANATIONAL:
        return "INT", PHRASE
    cue = country_around(gazetteer, doc, span.start, span.end)[0]
    if cue:
        return cue, PHRASE
    for token in span:
        code = gazetteer.country_by_demonym(token.text) or gazetteer.country_by_name(token.text)
        city = gazetteer.city(token.text)
        code = code or (city.country if city else None) or (gazetteer.region(token.text) if token.text[:1].isupper() else None)
        if code:
            return code, PHRASE
    near = countries.of_bodies_near(span.start)
    if near:
        return near, DOCUMENT
    evidence = countries.around(span.start)
    return (evidence[0][0], evidence[0][1]) if evidence else (None, 0)
