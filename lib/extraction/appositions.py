"""People tied to the body named in the phrase set beside their name by commas.

News writes a person's post as an apposition, before or after the name, in a phrase the title
lexicon need not know: "the FBI's Assistant Director in Charge of the Los Angeles Field Office, Name",
"Acting Undersecretary of the Ministry of Interior, Major General Name", "Name, inspector-general of
the National Police of Colombia", "Name, du Bureau antiterroriste de l'ONU". The phrase is the
comma-delimited noun phrase next to the name (past a rank: "le Colonel Name"), holding no finite verb
(after the name, the phrase ends where the predicate starts); its first body is the person's.
"""
from __future__ import annotations

from collections.abc import Container

from spacy.tokens import Doc

from lib.extraction.persons import EXPLICIT, PersonFound

_BREAKS = {",", ";", ":", "—", "–", '"', "«", "»", "“", "”", "."}
_OPENERS = {"with", "by", "from", "to", "for", "and", "avec", "par", "de", "du", "au", "à", "aux", "et", "said",
            "the", "le", "la", "les", "l'", "l’", "an", "a", "un", "une", "of"}
_MAX_PHRASE = 16


def link_by_apposition(doc: Doc, persons: list[PersonFound], agency_at: dict[int, str], rank_tokens: Container[int]) -> None:
    """Give each person without a body written onto their title the body of a phrase in apposition."""
    names = {s: e for p in persons for s, e in p.mentions}
    ends = set(names.values())
    for person in persons:
        if person.strength >= EXPLICIT:
            continue
        for start, end in person.mentions:
            own = _after(doc, end, agency_at)
            if own is not None and _phrase_before(doc, start, rank_tokens)[0] - 1 in ends:
                # "A, director of X, B, head of Y": in a list each name's post follows it.
                agency: str | None = own
            else:
                agency = (_before(doc, start, agency_at, rank_tokens) or _after(doc, end, agency_at, names)
                          or _of_body(doc, end, agency_at))
            if agency is not None:
                person.agency, person.strength = agency, EXPLICIT
                break


def _before(doc: Doc, start: int, agency_at: dict[int, str], rank_tokens: Container[int]) -> str | None:
    """", Name" after a phrase naming a body: the phrase back to the previous break, a verb or the sentence start."""
    i, comma = _phrase_before(doc, start, rank_tokens, agency_at)
    return _first_body(doc, i, comma, agency_at) if comma >= 0 else None


def _phrase_before(doc: Doc, start: int, rank_tokens: Container[int],
                   agency_at: Container[int] = ()) -> tuple[int, int]:
    """[start, comma) of the phrase set before ", Name" (back to the previous break, a verb or the
    sentence start); (-1, -1) when no comma comes before the name."""
    sent = doc[start].sent
    k = start
    while k > sent.start and (k - 1 in rank_tokens or doc[k - 1].lower_ in ("le", "la", "the")):
        k -= 1  # "le Colonel Name", "Major General Name"
    if k <= sent.start or doc[k - 1].text != ",":
        return -1, -1
    comma = k - 1
    i = comma
    while i > sent.start and comma - i < _MAX_PHRASE:
        token = doc[i - 1]
        if token.text in _BREAKS or token.pos_ in ("VERB", "AUX") and i - 1 not in agency_at:
            break
        i -= 1
    return i, comma


def _after(doc: Doc, end: int, agency_at: dict[int, str], names: dict[int, int] | None = None) -> str | None:
    """"Name, phrase naming a body" up to the next break or the verb the sentence goes on with; given the
    `names` found (start -> end), not when another name follows the phrase ("Name, le directeur
    d'Interpol, Other Name": the title is Other's) unless that name has its own phrase after it."""
    sent = doc[end - 1].sent
    if end >= sent.end or doc[end].text != ",":
        return None
    j = end + 1
    while j < sent.end and j - end <= _MAX_PHRASE:
        token = doc[j]
        # The predicate: a finite verb, the sentence's main verb however tagged, or a verb opening the
        # phrase with an object or a time after it ("Name, received on Sunday the ...", not "Name,
        # appointed head of ...").
        predicate = token.pos_ in ("VERB", "AUX") and (
            "Fin" in token.morph.get("VerbForm") or token.dep_ == "ROOT"
            or j == end + 1 and j + 1 < sent.end and doc[j + 1].pos_ in ("ADP", "DET"))
        if token.text in _BREAKS or predicate and j not in agency_at or token.lower_ in ("who", "qui", "which", "que"):
            break
        j += 1
    if names is not None and j < sent.end and doc[j].text == ",":
        other = j + 1 if j + 1 in names else j + 2 if j + 2 in names else None
        if other is not None and _after(doc, names[other], agency_at) is None:
            return None
    return _first_body(doc, end + 1, j, agency_at)


_OF = {"of", "from", "de", "du", "d'", "d’"}
_THE = {"the", "la", "le", "l'", "l’"}


def _of_body(doc: Doc, end: int, agency_at: dict[int, str]) -> str | None:
    """"Name of the Singapore Police Force", "Name from the FBI", "Name de la DGSN": the body right after."""
    j = end
    if j >= len(doc) or doc[j].lower_ not in _OF:
        return None
    j += 1
    if j < len(doc) and doc[j].lower_ in _THE:
        j += 1
    if j < len(doc) and j in agency_at and (j - 1 not in agency_at or agency_at[j - 1] != agency_at[j]):
        return agency_at[j]
    return None


def _first_body(doc: Doc, start: int, end: int, agency_at: dict[int, str]) -> str | None:
    """The first body named in [start, end) when the stretch is a noun phrase (a title or the body itself)."""
    while start < end and doc[start].lower_ in _OPENERS and start not in agency_at:
        start += 1
    if start >= end or not any(doc[i].pos_ in ("NOUN", "PROPN") or i in agency_at for i in range(start, end)):
        return None
    return next((agency_at[i] for i in range(start, end) if i in agency_at), None)
