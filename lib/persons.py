"""People, their titles and agencies, in a processed Doc.

Names come from the statistical NER and from title patterns ("Name, Title of Agency (ACR)",
"Title of Agency (ACR), Name", "Interior Minister Name", "le directeur général de la DGSN, Name").
All forms of one person merge into the longest; a later bare surname is that person.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Container
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from lib.gazetteer import fold, fold_same_length
from lib.roles import ROLE_SPAN_KEY

_PARTICLES = {"de", "del", "della", "da", "dos", "van", "von", "der", "el", "al", "ben", "bin", "ibn", "ould", "du", "le", "la", "abu", "bou"}
_HONORIFICS = {"mr", "mrs", "ms", "dr", "m.", "mr.", "mrs.", "ms.", "dr.", "mme", "mlle", "sir", "dame", "m"}
_TITLE_CONNECTORS = {"of", "the", "for", "and", "de", "la", "le", "du", "des", "l'", "d'", "d’", "l’", "et", "-", "(", ")"}
_TITLE_FILLER_POS = {"NOUN", "ADJ", "PROPN"}
_BEFORE_TITLE = {"the", "le", "la", "l'", "l’"}
_MAX_NAME_TOKENS = 6


@dataclass
class PersonFound:
    name: str
    role: str | None = None
    agency: str | None = None
    mentions: list[tuple[int, int]] = field(default_factory=list)  # token ranges

    @property
    def words(self) -> list[str]:
        return fold(self.name.replace("-", " - ")).split()


def _name_word(token) -> bool:
    return token.is_alpha and token.text[:1].isupper() and not token.is_upper or (token.is_title and token.is_alpha)


def _name_right(doc: Doc, i: int, blocked: Container[int], limit: int) -> tuple[int, int] | None:
    """A capitalised name starting at token i: "Abdellatif Hammouchi", "Fernando Grande-Marlaska"."""
    while i < limit and doc[i].lower_ in _HONORIFICS:
        i += 1
    start = i
    end = i
    while end < limit and end - start < _MAX_NAME_TOKENS and end not in blocked:
        token = doc[end]
        if _name_word(token):
            end += 1
        elif token.text == "-" and end > start and end + 1 < limit and _name_word(doc[end + 1]) and not token.whitespace_:
            end += 1
        elif token.lower_ in _PARTICLES and end > start and end + 1 < limit and _name_word(doc[end + 1]):
            end += 1
        else:
            break
    return (start, end) if end > start and _name_word(doc[end - 1]) else None


def _name_left(doc: Doc, end: int, blocked: Container[int], floor: int) -> tuple[int, int] | None:
    """A capitalised name ending just before token `end`."""
    start = end
    while start > floor and end - start < _MAX_NAME_TOKENS and start - 1 not in blocked:
        token = doc[start - 1]
        if _name_word(token):
            start -= 1
        elif token.text == "-" and start < end and start - 2 >= floor and _name_word(doc[start - 2]):
            start -= 1
        elif token.lower_ in _PARTICLES and start < end and start - 2 >= floor and _name_word(doc[start - 2]):
            start -= 1
        else:
            break
    while start < end and (doc[start].lower_ in _HONORIFICS or doc[start].lower_ in _PARTICLES or doc[start].is_stop):
        start += 1
    return (start, end) if end > start else None


def _title_end(doc: Doc, role: Span, agency_at: dict[int, str], limit: int) -> int:
    """Where a title that starts with `role` ends: "Director General of National Police (DGSN)"."""
    i = role.end
    last_good = role.end
    closed = False  # just after an agency name or "(ACR)"
    while i < limit:
        token = doc[i]
        if i in agency_at:
            while i < limit and i in agency_at:
                i += 1
            last_good = i
            closed = True
            continue
        if token.lower_ in _TITLE_CONNECTORS:
            i += 1
            if token.text == ")":
                last_good = i
                closed = True
            else:
                closed = False
            continue
        # After "of"/"de" the agency may be written out in words the gazetteer lacks; right after
        # an agency or "(ACR)" a capitalised word starts the name instead.
        prev = doc[i - 1].lower_
        if token.pos_ in _TITLE_FILLER_POS and (prev in _TITLE_CONNECTORS or i == last_good) and i > role.end:
            if closed and token.text[:1].isupper():
                break
            i += 1
            last_good = i
            continue
        break
    return last_good


def find_persons(
    doc: Doc,
    agency_spans: list[tuple[int, int, str]],
    blocked: Container[int],
    tail_agency: Callable[[str], str | None],
    role_agency: Callable[[Span], str | None] = lambda role: None,
) -> list[PersonFound]:
    """People in `doc`. `agency_spans` are resolved (token start, end, id); `blocked` tokens are never names."""
    agency_at = {i: agency_id for start, end, agency_id in agency_spans for i in range(start, end)}
    roles = list(doc.spans[ROLE_SPAN_KEY]) if ROLE_SPAN_KEY in doc.spans else []
    role_tokens = {i for r in roles for i in range(r.start, r.end)}

    def free(i: int) -> bool:
        return i not in blocked and i not in agency_at and i not in role_tokens

    not_free = _NotFree(free)
    person_ents = [e for e in doc.ents if e.label_ in ("PERSON", "PER")]
    person_starts = {e.start: e.end for e in person_ents}
    candidates: list[tuple[int, int, str | None, str | None]] = []
    for role in roles:
        sent = role.sent
        end = _title_end(doc, role, agency_at, sent.end)
        title_agencies = [agency_at[i] for i in range(role.start, end) if i in agency_at]
        agency = title_agencies[0] if title_agencies else None
        if agency is None and role.start > sent.start and role.start - 1 in agency_at:
            agency = agency_at[role.start - 1]  # "DGSN Director General ..."
        if agency is None and end > role.end:
            agency = tail_agency(doc[role.end : end].text)
        if agency is None:
            agency = role_agency(role)  # "Spanish Interior Minister" -> Spain's interior ministry
        after = end + 1 if end < sent.end and doc[end].text == "," else end
        name = _name_right(doc, after, not_free, sent.end) if after < sent.end else None
        name = _trim_to_person(name, person_starts)
        if name is None:
            j = role.start
            if j > sent.start and doc[j - 1].lower_ in _BEFORE_TITLE and doc[j - 1].text != ",":
                j -= 1  # "Name, the Director of ..."
            if j > sent.start and doc[j - 1].text == ",":
                name = _name_left(doc, j - 1, not_free, sent.start)
        if name is None and after == end:
            name = _person_after(doc, end, sent.end, person_starts, agency_at)
        if name is not None:
            candidates.append((name[0], name[1], role.label_, agency))
    for ent in person_ents:
        run = _longest_free_run(doc, ent.start, ent.end, free)
        if run is not None:
            candidates.append((run[0], run[1], None, None))
    return _merge(doc, candidates, free)


def _trim_to_person(name: tuple[int, int] | None, person_starts: dict[int, int]) -> tuple[int, int] | None:
    """"Internal Security Celine Berthon": where the NER sees a person start inside a run, the name starts there."""
    if name is None:
        return None
    for i in range(name[0] + 1, name[1]):
        if i in person_starts:
            return (i, min(name[1], person_starts[i]) if person_starts[i] > i else name[1])
    return name


def _person_after(doc: Doc, i: int, limit: int, person_starts: dict[int, int], agency_at: dict[int, str]):
    """A person the NER found a few words on, past more of the title ("... and Federal Police Yusuf Okonjo")."""
    for j in range(i, min(limit, i + 8)):
        if j in person_starts:
            return (j, min(person_starts[j], limit))
        token = doc[j]
        if not (j in agency_at or token.lower_ in _TITLE_CONNECTORS or token.text[:1].isupper()):
            return None
    return None


class _NotFree:
    """Container view of the tokens that cannot be part of a name."""

    def __init__(self, free: Callable[[int], bool]):
        self._free = free

    def __contains__(self, i: object) -> bool:
        return isinstance(i, int) and not self._free(i)


def _longest_free_run(doc: Doc, start: int, end: int, free: Callable[[int], bool]) -> tuple[int, int] | None:
    best: tuple[int, int] | None = None
    i = start
    while i < end:
        if not free(i) or not (doc[i].is_alpha or doc[i].text == "-"):
            i += 1
            continue
        j = i
        while j < end and free(j) and (doc[j].is_alpha or doc[j].text == "-"):
            j += 1
        while i < j and (doc[i].lower_ in _HONORIFICS or not doc[i].text[:1].isupper()):
            i += 1
        if i < j and (best is None or j - i > best[1] - best[0]):
            best = (i, j)
        i = j
    return best


def _merge(doc: Doc, candidates: list[tuple[int, int, str | None, str | None]], free) -> list[PersonFound]:
    """One person per name, the longest form winning; bare surnames join their person."""
    people: list[PersonFound] = []
    # Longer names first so that "Hammouchi" meets "Abdellatif Hammouchi".
    for start, end, role, agency in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[0])):
        text = doc[start:end].text
        words = fold(text.replace("-", " - ")).split()
        owner = next((p for p in people if _same_person(words, p.words)), None)
        if owner is None:
            owner = PersonFound(text)
            people.append(owner)
        if (start, end) not in owner.mentions:
            owner.mentions.append((start, end))
        owner.role = owner.role or role
        owner.agency = owner.agency or agency
    surnames = {p.words[-1]: p for p in people if len(p.words) > 1 and p.words[-1].isalpha()}
    covered = {i for p in people for s, e in p.mentions for i in range(s, e)}
    for token in _surname_tokens(doc, surnames):
        if token.i in covered or not free(token.i) or not token.text[:1].isupper():
            continue
        person = surnames.get(fold(token.text))
        if person is not None:
            start = token.i
            # A compound surname ("Grande-Marlaska") is matched on its last part, then grown leftwards.
            while start > 0 and start - 1 not in covered and fold(doc[start - 1].text) in person.words and free(start - 1):
                start -= 1
            person.mentions.append((start, token.i + 1))
            covered.update(range(start, token.i + 1))
    for person in people:
        person.mentions.sort()
    people.sort(key=lambda p: p.mentions[0])
    return people


def _surname_tokens(doc: Doc, surnames: dict[str, PersonFound]) -> list:
    """Tokens spelling a known surname, found by one regular-expression pass over the text."""
    if not surnames:
        return []
    folded = fold_same_length(doc.text)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(s) for s in sorted(surnames, key=len, reverse=True)) + r")(?!\w)")
    tokens = []
    for match in pattern.finditer(folded):
        span = doc.char_span(match.start(), match.end())
        if span is not None and len(span) == 1:
            tokens.append(span[0])
    return tokens


def _same_person(words: list[str], known: list[str]) -> bool:
    """A shorter form whose words all belong to the known name and share its surname."""
    if not words or len(words) > len(known):
        return False
    return words[-1] == known[-1] and set(words) <= set(known)
