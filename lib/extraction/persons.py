"""People, their titles and agencies, in a processed Doc.

Names come from the statistical NER and from title patterns ("Name, Title of Agency (ACR)",
"Title of Agency (ACR), Name", "Interior Minister Name", "le directeur général de la DGSN, Name").
All forms of one person merge into the longest; a later bare surname is that person.
Who leads what also comes from clauses around a name: "Name, who heads the AGENCY",
"the AGENCY, led by (the chief prosecutor) Name", "the AGENCY's director, Name", "Name ... as the
organisation's Secretary General" ("the organisation" being the agency named last).
A name the NER found needs a person's shape: product, operation and malware names ("Operation
Trojan Shield", "SystemBC", "Sky ECC"), names that open with an article ("La Maddalena") and lone
words that are nobody's surname are dropped.
"""
from __future__ import annotations

import bisect
import csv
import functools
import re
from collections import Counter
from collections.abc import Callable, Container
from dataclasses import dataclass, field
from typing import NamedTuple

from spacy.tokens import Doc, Span

from lib.extraction.gazetteer import DATA_DIR, fold, fold_same_length, load_gazetteer
from lib.extraction.roles import ROLE_SPAN_KEY, rank_lexicon, title_info, title_words

_PARTICLES = {"de", "del", "della", "da", "dos", "van", "von", "der", "el", "al", "ben", "bin", "ibn", "ould", "du", "le", "la", "abu", "bou"}
_HONORIFICS = {"mr", "mrs", "ms", "dr", "m.", "mr.", "mrs.", "ms.", "dr.", "mme", "mlle", "sir", "dame", "m",
               # Malay, Bruneian and Indonesian styles ("Dato' Seri", "Datuk", "Pehin", "Haji", "Drs")
               "dato", "dato'", "dato’", "datuk", "datin", "pehin", "haji", "hj", "hj.", "hjh", "drs", "drs.", "tun"}
# Words of a style after its first word ("Dato' Seri Paduka", "Tan Sri"): never a name's first word there.
_STYLE_PARTS = {"sri", "seri", "paduka", "setia", "utama", "datu", "dr", "dr."}
_STYLE_OPENERS = {"tan"}  # "Tan Sri" is a style, "Tan Chuan-Jin" a surname


def skip_honorifics(doc: Doc, i: int, limit: int) -> int:
    """The first token after the honorifics and styles that open at token i ("Mr", "Dato' Seri", "Tan Sri")."""
    back = i - 1
    while back >= 0 and (doc[back].text in ("'", "’") or doc[back].lower_ in _STYLE_PARTS):
        back -= 1
    # Inside a style already ("Dato' | Seri Name"): its later words go too.
    styled = back >= 0 and (doc[back].lower_ in _HONORIFICS or doc[back].lower_ in _STYLE_OPENERS)
    while i < limit:
        lower = doc[i].lower_
        if lower in _HONORIFICS:
            styled = True
        elif lower in _STYLE_OPENERS and i + 1 < limit and doc[i + 1].lower_ in ("sri", "seri"):
            styled = True
        elif not (styled and lower in _STYLE_PARTS) and not (doc[i].text in ("'", "’") and styled):
            break
        i += 1
    return i
_TITLE_CONNECTORS = {"of", "the", "for", "and", "de", "la", "le", "du", "des", "l'", "d'", "d’", "l’", "et", "-", "(", ")"}
_TITLE_FILLER_POS = {"NOUN", "ADJ", "PROPN"}
_BEFORE_TITLE = {"the", "le", "la", "l'", "l’"}
_LINEAGE = {"bin", "ibn", "bint", "ould"}  # "son of", "daughter of" inside a name
_MAX_NAME_TOKENS = 6  # words of a name, not counting its particles ("Abdulaziz bin Saud bin Nayef bin Abdulaziz")
_POSSESSIVE = {"'s", "’s", "'", "’"}
_POSSESSIVE_WORDS = {"its", "his", "her", "their", "son", "sa", "ses", "leur"}
_ORIGIN = {"of", "from", "de", "du", "d'", "d’"}
# Posts a body has ("The presidency, held since 2021 by Name").
_POSTS = {"presidency", "chairmanship", "leadership", "directorship", "présidence", "direction"}
# "Name, who heads ...", "Name, qui dirige ...": verbs of leading a body, by lemma.
_LEAD_VERBS = {"head", "lead", "run", "direct", "chair", "command", "manage", "diriger", "présider", "piloter",
               "commander"}
_LEAD_FORMS = {"heads", "headed", "leads", "led", "runs", "ran", "run", "directs", "directed", "chairs", "chaired",
               "commands", "commanded", "manages", "managed", "dirige", "dirigé", "dirigée", "dirigés", "dirigées",
               "préside", "présidé", "présidée", "pilote", "piloté", "pilotée", "commandé", "commandée"}
_RELATIVE = {"who", "qui"}
_BY = {"by", "par"}
# Words that may sit between a lead verb and its body or name ("has long led both the ...").
_SKIPPABLE = {"has", "had", "have", "is", "was", "a", "avait", "also", "aussi", "already", "déjà", "both", "since",
              "still", "toujours", "now", "désormais", "jointly", "the", "le", "la", "les", "l'", "l’", "its",
              "his", "her", "their", "son", "sa", "ses", "leur", "à", "au"}
# Nouns by which a text refers back to the body it named last ("the Lyon-based organisation").
_BODY_ANAPHORS = {"organisation", "organization", "agency", "body", "service", "office", "bureau", "force",
                  "organisme", "agence", "institution"}
# Adjectives between a possessive and a title ("the agency's next Secretary General").
_TITLE_MODIFIERS = {"next", "new", "current", "incoming", "outgoing", "acting", "interim", "former", "first", "deputy", "vice",
                    "top", "own"}
# Words that introduce a name that is not a person's ("known as Trojan Shield", "Operation Ironside").
_NAMING_CUES = {"operation", "opération", "op", "codenamed", "code-named", "dubbed", "baptisée", "baptisé",
                "surnommée", "nom de code"}
_NAMING_PAIRS = {("known", "as"), ("called", "the"), ("connue", "sous"), ("connu", "sous"), ("code", "named")}
# Nouns whose complement is a group, not a person ("boss of Cosa Nostra").
_GROUP_HEADS = {"boss", "bosses", "leader", "leaders", "member", "members", "founder", "founders", "affiliate",
                "affiliates", "cell", "wing", "faction", "chef", "chefs", "membre", "membres", "dirigeant",
                "dirigeants", "fondateur", "cellule", "branche", "parrain"}
_ARTICLES = {"the", "la", "le", "les", "il", "lo", "el", "los", "las", "die", "der", "das", "het", "l'", "l’"}
_ROMAN = {"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"}
# Head words of organisations, products and events: a run holding one is not a person's name.
_NOT_PERSON_WORDS = {
    "agency", "police", "office", "service", "services", "group", "bureau", "ministry", "department", "court",
    "council", "company", "corporation", "corp", "inc", "ltd", "bank", "university", "party", "union",
    "organisation", "organization", "association", "foundation", "network", "force", "forces", "guard",
    "directorate", "unit", "brigade", "centre", "center", "institute", "commission", "authority", "assembly",
    "games", "cup", "case", "trial", "operation", "airport", "port", "street", "square", "hospital", "clinic",
    "prison", "palace", "summit", "conference", "agreement", "treaty", "shield", "cartel", "mafia", "gang",
    "market", "marketplace", "botnet", "ransomware", "forum", "platform", "report", "staff", "secretariat",
    # Places, media and activities that small models tag as people ("Kwara State", "Ahram Online").
    "state", "province", "region", "district", "county", "island", "islands", "online", "news", "times", "post",
    "tribune", "gazette", "radio", "television", "tv", "training", "enforcement", "programme", "program",
    "project", "initiative", "strategy", "plan", "act", "law", "academy", "college", "school", "embassy",
    "consulate", "mission", "delegation", "parquet", "tribunal", "cour", "ministère", "direction", "gendarmerie",
    # Documents and sub-units ("Red Corner Notice", "Detective Branch").
    "notice", "notices", "warrant", "branch", "division", "wing", "cell", "squad", "headquarters",
    "police", "douane", "douanes", "préfecture", "sûreté", "surete", "conseil", "comité", "committee",
}
# A name's first word that makes it a place ("Saint Ghislain", "Sainte-Maxime", "Port Louis").
_PLACE_OPENERS = {"saint", "sainte", "san", "santa", "são", "sao", "st", "st.", "ste", "fort", "mount", "lake",
                  "cape", "gulf", "north", "south", "east", "west", "central", "upper", "lower", "greater"}
_APOSTROPHE_NAME = re.compile(r"^(?:[A-Z][a-z]?|Mac|Mc)['’][A-Z][a-z]+$")  # O'Flaherty, D’Souza, N'Diaye


# How surely a title names a person's agency: the body written in the title beats a country adjective
# on it, which beats a country in its clause, then in its sentence, then the document's own country.
# Among a person's mentions the surest link wins.
EXPLICIT, ATTACHED, CLAUSE, SENTENCE, DOCUMENT = 5, 4, 3, 2, 1
# "his Moroccan counterpart", "son homologue espagnol": a person with the role of another, in another country.
_COUNTERPARTS = {"counterpart", "counterparts", "homologue", "homologues", "opposite number"}
# Words that hand a nickname or a name given to a person ('Name, alias "Otoniel"').
_ALIAS_CUES = {"alias", "aka", "a.k.a.", "dubbed", "nicknamed", "called", "known", "as", "dit", "surnommé",
               "surnommée", "ou", "or", "also", "sous", "le", "nom", "de", "connu", "connue"}
_QUOTED = re.compile(r"[\"“«„]\s*([^\"“”«»„\n]{1,60}?)\s*[\"”»“]")
_RANK_PREFIXES = {"the", "le", "la", "l'", "l’"}


class Candidate(NamedTuple):
    start: int
    end: int
    role: str | None
    agency: str | None
    title: tuple[int, int] | None  # the title span that named the agency by itself
    strength: int = EXPLICIT
    counterpart: tuple[int, str | None] | None = None  # ("counterpart" token, its country adjective)


@dataclass
class PersonFound:
    name: str
    role: str | None = None
    agency: str | None = None
    mentions: list[tuple[int, int]] = field(default_factory=list)  # token ranges
    # The title span that named the agency by itself ("Interior Minister" -> Spain's interior ministry):
    # it is a mention of that agency.
    title: tuple[int, int] | None = None
    strength: int = 0  # how surely `agency` is known (EXPLICIT ... DOCUMENT)
    # A title naming a kind of body ("Interior Minister") before which body was known: it becomes a
    # mention of the body when the person's counterpart settles it.
    named_by: tuple[int, int] | None = None
    # "his Moroccan counterpart Name": the token of "counterpart" and the country written on it; the
    # person whose counterpart this is stands nearest before it in the sentence (see `counterpart_owner`).
    counterpart: tuple[int, str | None] | None = None

    @property
    def words(self) -> list[str]:
        return fold(self.name.replace("-", " - ")).split()


def _name_word(token) -> bool:
    if _hyphenated_name(token.text) or _APOSTROPHE_NAME.match(token.text):
        return True  # the French model keeps "Grande-Marlaska" whole; "O’Flaherty"
    return token.is_alpha and token.text[:1].isupper() and not token.is_upper or (token.is_title and token.is_alpha)


def _hyphenated_name(text: str) -> bool:
    """"Grande-Marlaska", "Jean-Luc": capitalised alphabetic parts joined by hyphens."""
    parts = text.split("-")
    return len(parts) > 1 and all(p.isalpha() and p[:1].isupper() and not p.isupper() for p in parts)


def _name_right(doc: Doc, i: int, blocked: Container[int], limit: int) -> tuple[int, int] | None:
    """A capitalised name starting at token i: "Abdellatif Hammouchi", "Fernando Grande-Marlaska"."""
    i = skip_honorifics(doc, i, limit)
    start = i
    end = i
    while end < limit and _name_words(doc, start, end) < _MAX_NAME_TOKENS and end not in blocked:
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


def _name_words(doc: Doc, start: int, end: int) -> int:
    return sum(doc[i].lower_ not in _PARTICLES and doc[i].text != "-" for i in range(start, end))


def _name_left(doc: Doc, end: int, blocked: Container[int], floor: int) -> tuple[int, int] | None:
    """A capitalised name ending just before token `end`."""
    start = end
    while start > floor and _name_words(doc, start, end) < _MAX_NAME_TOKENS and start - 1 not in blocked:
        token = doc[start - 1]
        if _name_word(token):
            start -= 1
        elif token.text == "-" and start < end and start - 2 >= floor and _name_word(doc[start - 2]):
            start -= 1
        elif token.lower_ in _PARTICLES and start < end and start - 2 >= floor and _name_word(doc[start - 2]):
            start -= 1
        else:
            break
    while start < end and (doc[start].lower_ in _HONORIFICS or doc[start].lower_ in _PARTICLES or doc[start].is_stop
                           or skip_honorifics(doc, start, end) > start):
        start = max(start + 1, skip_honorifics(doc, start, end))
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
        if token.text in _POSSESSIVE and closed and i + 1 < limit and doc[i + 1].is_lower:
            i += 1  # "head of Interpol's cybercrime directorate": the title goes on after the body
            closed = False
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
        if token.pos_ in _TITLE_FILLER_POS and (prev in _TITLE_CONNECTORS or prev in _POSSESSIVE or i == last_good) \
                and i > role.end:
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
    role_agency: Callable[[Span, int, tuple[int, int] | None, str | None], tuple[str | None, int]] = (
        lambda role, end, name, country: (None, 0)
    ),
    places: Container[int] = (),
    text: str | None = None,
    attached_countries: Callable[[int, int], list[str]] = lambda start, end: [],
) -> list[PersonFound]:
    """People in `doc`. `agency_spans` are resolved (token start, end, id); `blocked` tokens are never
    names; `places` tokens (countries, cities) are names only inside a longer name next to a title
    ("Nikki Holland, the NCA's director"). `role_agency(role, title end, name, country)` is the body a
    title stands for and how surely (see EXPLICIT ...), in `country` when given; `attached_countries(start,
    end)` the countries written onto tokens [start, end) ("the French and Moroccan justice ministers")."""
    full_text = doc.text if text is None else text
    agency_at = {i: agency_id for start, end, agency_id in agency_spans for i in range(start, end)}
    agency_starts = sorted((start, agency_id) for start, _end, agency_id in agency_spans)
    roles = list(doc.spans[ROLE_SPAN_KEY]) if ROLE_SPAN_KEY in doc.spans else []
    role_tokens = {i for r in roles for i in range(r.start, r.end)}

    quoted, aliases = _quoted_names(doc, full_text, role_tokens)
    ranked, rank_tokens = _ranked_names(doc, full_text, role_tokens, _NotFree(
        lambda i: i not in blocked and i not in agency_at and i not in role_tokens and i not in quoted))
    # "General Naranjo", "Lt Gen Name": the rank is no part of the name.
    quoted |= rank_tokens

    def free(i: int) -> bool:
        return i not in blocked and i not in agency_at and i not in role_tokens and i not in places and i not in quoted

    def free_near_title(i: int) -> bool:
        return i not in blocked and i not in agency_at and i not in role_tokens and i not in quoted

    def body_before(i: int) -> str | None:
        """The agency a text refers back to with "the organisation": the last one named before token i."""
        k = bisect.bisect_left(agency_starts, (i, "")) - 1
        return agency_starts[k][1] if k >= 0 else None

    def placed_name(name: tuple[int, int] | None) -> tuple[int, int] | None:
        # A place may end a name ("Nikki Holland") but not open it ("à Rabat Sophie Laurent").
        if name is None:
            return None
        start, end = name
        while start < end and start in places:
            start += 1
        return (start, end) if start < end else None

    not_free = _NotFree(free_near_title)
    ents = doc.ents  # built anew on each access: read once
    person_ents = [e for e in ents if e.label_ in ("PERSON", "PER")]
    person_starts = {e.start: e.end for e in person_ents}
    candidates: list[Candidate] = []
    role_starts = {r.start: r.end for r in roles}
    for role in roles:
        sent = role.sent
        end = _title_end(doc, role, agency_at, sent.end)
        title_agencies = [agency_at[i] for i in range(role.start, end) if i in agency_at]
        agency = title_agencies[0] if title_agencies else None
        title: tuple[int, int] | None = None
        if agency is None:
            agency = _agency_before_title(doc, role.start, sent.start, agency_at, body_before)
        if agency is None and end > role.end:
            agency = tail_agency(doc[role.end : end].text)
            if agency is not None:
                title = (role.start, end)  # "director general of internal security" names the DGSI
        strength = EXPLICIT if agency is not None else 0
        end = _past_portfolios(doc, end, sent.end)
        end = _past_body_served(doc, end, sent.end, agency_at)
        if agency is None:
            title_agencies = [agency_at[i] for i in range(role.start, end) if i in agency_at]
            agency = title_agencies[0] if title_agencies else None
            strength = EXPLICIT if agency is not None else 0
        title_end = end
        end, seat = _past_country(doc, end, sent.end)
        after = _past_adjectives(doc, end, sent.end)
        after = after + 1 if after < sent.end and doc[after].text == "," else end
        while after < sent.end and (after in role_tokens and after > end or after in rank_tokens):
            after += 1  # "... in Uganda, Ambassador Name", "National Police chief Gen. Name"
        if agency is None and after < sent.end:
            # "the French and Moroccan justice ministers, Name and Name": each name takes its country in turn.
            names = _coordinated_names(doc, after, sent.end, not_free)
            countries = attached_countries(role.start, end) if len(names) > 1 else []
            if len(countries) == len(names) > 1:
                for (start, stop), country in zip(names, countries):
                    linked, strength = role_agency(role, end, (start, stop), country)
                    candidates.append(Candidate(start, stop, role.label_, linked, (role.start, end) if linked else None,
                                                strength))
                continue
        name = _name_right(doc, after, not_free, sent.end) if after < sent.end else None
        name = placed_name(_trim_to_person(name, person_starts))
        if name is not None and after > end and _titled_after(doc, name[1], role_starts):
            # "A, director of X, B, head of Y": in a list of names each with its post, the post follows.
            name = placed_name(_name_before_title(doc, role.start, sent.start, agency_at, not_free, places,
                                                  role_starts)) or name
        if name is None:
            name = placed_name(_name_before_title(doc, role.start, sent.start, agency_at, not_free, places,
                                                  role_starts))
        if name is None and after == end:
            name = _person_after(doc, end, sent.end, person_starts, agency_at)
        if name is not None and agency is None:
            # "Spanish Interior Minister" -> Spain's interior ministry
            agency, strength = role_agency(role, title_end, name, seat)
            named = title_info(role.kb_id_)
            title = (role.start, title_end) if agency or (named is not None and named.generic) else None
        if name is not None and _name_not_a_thing(doc, *name):
            candidates.append(Candidate(name[0], name[1], role.label_, agency, title, strength))
    candidates.extend(_clause_links(doc, agency_at, body_before, not_free, places, placed_name))
    candidates.extend(ranked)
    candidates.extend(_counterparts(doc, not_free, placed_name, attached_countries, role_tokens))
    for ent in person_ents:
        run = _longest_free_run(doc, ent.start, ent.end, free)
        if run is not None and _person_shaped(doc, *run) and not _named_thing(doc, run[0]):
            candidates.append(Candidate(_given_names_before(doc, run[0], free), run[1], None, None, None))
    candidates.extend(_names_tagged_as_organisations(doc, ents, free, set(aliases.values()), agency_at, role_starts))
    candidates.extend(_untagged_delegates(doc, ents, free, agency_at, role_starts))
    return _merge(doc, candidates, free, full_text, aliases)


def _past_portfolios(doc: Doc, end: int, limit: int) -> int:
    """"le ministre de l'Intérieur, de la Sécurité publique, Name": a French title lists its portfolios, each
    a complement after a comma; the title ends after the last of them."""
    i = end
    while i + 2 < limit and doc[i].text == "," and doc[i + 1].lower_ in ("de", "du", "des", "et"):
        j = i + 2
        while j < limit and doc[j].lower_ in ("la", "le", "l'", "l’", "des", "de"):
            j += 1
        if j >= limit or not doc[j].text[:1].isupper():
            break
        while j < limit and doc[j].text != "," and (doc[j].text[:1].isupper() or doc[j].lower_ in _TITLE_CONNECTORS
                                                     or doc[j].is_lower and doc[j].pos_ in ("ADJ", "NOUN")):
            j += 1
        i = j
    return i


_SERVING = {"auprès", "at", "within", "au", "with"}
_SERVING_JOINERS = {"de", "du", "des", "d'", "d’", "the", "la", "le", "l'", "l’", "sein"}


def _past_body_served(doc: Doc, end: int, limit: int, agency_at: dict[int, str]) -> int:
    """"le directeur exécutif auprès d'Interpol, Name", "Head of Cybercrime at the NCA, Name": the body a
    title is held at belongs to the title."""
    if end >= limit or doc[end].lower_ not in _SERVING:
        return end
    i = end + 1
    while i < limit and i - end <= 3 and (doc[i].lower_ in _SERVING_JOINERS or doc[i].lower_.startswith(("d'", "d’"))):
        i += 1
    if i < limit and i in agency_at:
        while i < limit and i in agency_at:
            i += 1
        return i
    return end


def _past_country(doc: Doc, end: int, limit: int) -> tuple[int, str | None]:
    """"Minister of State for Internal Affairs in Uganda, Name": the country the title is held in."""
    if end + 1 < limit and doc[end].lower_ in ("in", "of", "du", "de", "au", "en", "d'", "d’"):
        gazetteer = load_gazetteer()
        first = end + 1 + (doc[end + 1].lower_ in ("the", "la", "le", "l'", "l’"))
        for size in (3, 2, 1):
            if first + size <= limit:
                code = gazetteer.country_by_name(doc[first : first + size].text)
                if code and (first + size == limit or doc[first + size].text == ","):
                    return first + size, code
    return end, None


def _past_adjectives(doc: Doc, end: int, limit: int) -> int:
    """"les ministres de la Justice français et marocain, Name": where the comma after a title's trailing
    adjectives stands (else `end`)."""
    i = end
    while i < limit and i - end < 4 and doc[i].is_lower and (doc[i].pos_ == "ADJ" or doc[i].lower_ in ("et", "and")):
        i += 1
    return i if i < limit and doc[i].text == "," else end


def _coordinated_names(doc: Doc, i: int, limit: int, blocked: Container[int]) -> list[tuple[int, int]]:
    """"Name, Name and Name" starting at token i."""
    names: list[tuple[int, int]] = []
    while i < limit:
        name = _name_right(doc, i, blocked, limit)
        if name is None:
            break
        names.append(name)
        i = name[1]
        if i < limit and doc[i].text == ",":
            i += 1
        if i < limit and doc[i].lower_ in ("and", "et"):
            i += 1
        elif not (i > name[1] and i < limit):
            break
    return names


def _name_not_a_thing(doc: Doc, start: int, end: int) -> bool:
    """A name after a title holds no organisation, product or event word ("General Assembly")."""
    return not any(doc[i].lower_ in _NOT_PERSON_WORDS for i in range(start, end))


def rank_tokens(doc: Doc, text: str, role_tokens: Container[int]) -> set[int]:
    """The tokens of the ranks written before names ("Lt Gen", "le Colonel")."""
    return _ranked_names(doc, text, role_tokens, ())[1]


def _ranked_names(doc: Doc, text: str, role_tokens: Container[int], blocked: Container[int]
                  ) -> tuple[list[Candidate], set[int]]:
    """"General Naranjo", "le colonel Dupuis", "Lt Gen Name": a rank then a capitalised name, found by one
    regex pass; with the tokens of the ranks, which are never part of a name."""
    ranks = rank_lexicon()
    if not ranks:
        return [], set()
    pattern = _rank_pattern(tuple(sorted(ranks, key=len, reverse=True)))
    found: list[Candidate] = []
    rank_tokens: set[int] = set()
    spans = _rank_spans(doc, pattern, fold_same_length(text), role_tokens)
    # "Lt. Gen. Sheikh Name": ranks one after the other make one rank before the name.
    following = {span.start: span.end for span in spans}
    after_rank = {span.end for span in spans}
    for span in spans:
        # A title inside the rank ("Chief" of "Chief Inspector") gives way; one reaching past it does not.
        if (span.start - 1 in role_tokens and span.start in role_tokens) or (
                span.end in role_tokens and span.end - 1 in role_tokens):
            continue
        if span.start in after_rank:
            rank_tokens.update(range(span.start, span.end))
            continue  # read with the rank before it
        end = span.end
        while end in following:
            end = following[end]
        before = doc[span.start - 1] if span.start > span.sent.start else None
        # "General Naranjo" is written with a capital, "le général Rodier" after an article; "Consul General"
        # or "Directorate-General" are other titles.
        if not (span.text[:1].isupper() or (before is not None and before.lower_ in _RANK_PREFIXES)):
            continue
        if span.start in role_tokens:
            continue  # "Attorney General", "Director General": part of a title
        # "Consul General" is another title; after a whole title ("Interior Minister General Name") a rank.
        if before is not None and (before.text == "-" or (before.text[:1].isupper() and before.lower_ not in _RANK_PREFIXES
                                                          and before.i not in role_tokens)):
            continue
        name = _name_right(doc, end, blocked, span.sent.end) if end < span.sent.end else None
        if name is None or not _person_shaped(doc, *name) or not _name_not_a_thing(doc, *name):
            continue
        found.append(Candidate(name[0], name[1], ranks[fold(span.text)], None, None, 0))
        rank_tokens.update(range(span.start, end))
    return found, rank_tokens


def _rank_spans(doc: Doc, pattern: re.Pattern[str], folded: str, role_tokens: Container[int]) -> list[Span]:
    """The ranks written in the text. One that starts inside a title and runs past it ("General Major" of
    "Director General Major General Name") is looked for again after the title: "Major General"."""
    spans: list[Span] = []
    position = 0
    while (match := pattern.search(folded, position)) is not None:
        position = match.end()
        span = doc.char_span(match.start(), match.end())
        if span is None:
            continue
        past = next((i for i in range(span.start, span.end) if i not in role_tokens), None)
        if span.start - 1 in role_tokens and span.start in role_tokens and past is not None:
            position = doc[past].idx
            continue
        spans.append(span)
    return spans


@functools.lru_cache(maxsize=4)
def _rank_pattern(ranks: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(r) for r in ranks) + r")(?![\w-])")


def _counterparts(doc: Doc, blocked: Container[int], placed_name, attached_countries,
                  role_tokens: Container[int]) -> list[Candidate]:
    """"his Moroccan counterpart, (Interior Minister) Name", "son homologue espagnol Name", "Name, his
    Spanish counterpart"."""
    found: list[Candidate] = []
    for token in doc:
        if token.lower_ not in _COUNTERPARTS:
            continue
        i, sent = token.i, token.sent
        countries = attached_countries(i, i + 1)
        country = countries[0] if len(countries) == 1 else None
        j = i + 1
        # Past the adjectives ("marocain", which a small model may tag otherwise), a comma or a title.
        while j < sent.end and j - i <= 6 and (
            doc[j].is_lower and j - i <= 2 and (doc[j].pos_ == "ADJ" or load_gazetteer().country_by_demonym(doc[j].text))
            or doc[j].text == "," or j in role_tokens
        ):
            j += 1
        name = placed_name(_name_right(doc, j, blocked, sent.end)) if j < sent.end else None
        if name is None:
            k = i
            while k > sent.start and (doc[k - 1].lower_ in _POSSESSIVE_WORDS | _BEFORE_TITLE or doc[k - 1].pos_ == "ADJ"):
                k -= 1
            if k > sent.start and doc[k - 1].text == ",":
                name = placed_name(_name_left(doc, k - 1, blocked, sent.start))
        if name is not None and _name_not_a_thing(doc, *name):
            found.append(Candidate(name[0], name[1], None, None, None, 0, (i, country)))
    return found


def counterpart_owner(people: list[PersonFound], person: PersonFound, doc: Doc) -> PersonFound | None:
    """Whose counterpart `person` is: the person named nearest before the "counterpart" word in its sentence,
    else nearest after it."""
    if person.counterpart is None:
        return None
    at = person.counterpart[0]
    sent = doc[at].sent
    best: tuple[int, PersonFound] | None = None
    for other in people:
        if other is person:
            continue
        for start, end in other.mentions:
            if sent.start <= start < sent.end:
                distance = at - end if end <= at else 1000 + start - at
                if best is None or distance < best[0]:
                    best = (distance, other)
    return best[1] if best else None


def _quoted_names(doc: Doc, text: str, role_tokens: Container[int]) -> tuple[set[int], dict[str, tuple[int, int]]]:
    """Tokens of a short capitalised phrase in quotes, which is a nickname ('Name, alias "Otoniel"') or
    the title of a book or a film, never a person's name as such; and the nicknames, folded, with the
    name they belong to."""
    quoted: set[int] = set()
    aliases: dict[str, tuple[int, int]] = {}
    for match in _QUOTED.finditer(text):
        span = doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
        # Only a name-shaped phrase: a quoted remark ("Marc Dupont is innocent") keeps its names.
        if span is None or len(span) > 5 or not span.text[:1].isupper() or not all(
            t.text[:1].isupper() or t.lower_ in _PARTICLES or t.lower_ in _ARTICLES or not t.is_alpha for t in span
        ):
            continue
        quoted.update(range(span.start, span.end))
        opening = doc.char_span(match.start(), match.start() + 1, alignment_mode="expand")
        k = opening.start if opening is not None else span.start
        while k > span.sent.start and (doc[k - 1].lower_ in _ALIAS_CUES or doc[k - 1].text in (",", "(")):
            k -= 1
        if k < (opening.start if opening is not None else span.start):
            owner = _name_left(doc, k, role_tokens, span.sent.start)
            if owner is not None:
                aliases[fold(span.text)] = owner
    return quoted, aliases


def _given_names_before(doc: Doc, start: int, free) -> int:
    """"Dairo Antonio Úsuga" where the NER saw only "Antonio Úsuga": proper nouns compounded onto the name."""
    k = start
    while k > 0 and start - k < 2 and free(k - 1) and _name_word(doc[k - 1]) and doc[k - 1].pos_ == "PROPN" \
            and doc[k - 1].dep_ == "compound" and start <= doc[k - 1].head.i \
            and not (k > 1 and (doc[k - 2].lower_ in _TITLE_CONNECTORS or doc[k - 2].pos_ in ("ADP", "DET"))):
        k -= 1
    return k


def _agency_before_title(doc: Doc, start: int, floor: int, agency_at: dict[int, str], body_before) -> str | None:
    """"DGSN Director General", "the NCA's director", "Europol's Executive Director", "the organisation's
    next Secretary General" (the body named last)."""
    i = start - 1
    while i > floor and doc[i].lower_ in _TITLE_MODIFIERS:
        i -= 1
    if i < floor:
        return None
    if i in agency_at:
        return agency_at[i]
    if doc[i].text in _POSSESSIVE and i - 1 >= floor:
        if i - 1 in agency_at:
            return agency_at[i - 1]
        if doc[i - 1].lower_ in _BODY_ANAPHORS:
            return body_before(i - 1)
    return None


def _name_before_title(doc: Doc, start: int, floor: int, agency_at, not_free, places,
                       role_starts: dict[int, int] | None = None) -> tuple[int, int] | None:
    """"Name, the Director of ...", "Name, the NCA's director", "Name of Brazil as the organisation's
    next Secretary General", "Name, Deputy Prime Minister and Minister of Interior"."""
    k = start
    titles_ending = {end: begin for begin, end in (role_starts or {}).items()}
    if k - 1 > floor and doc[k - 1].lower_ in ("and", "et") and k - 1 in titles_ending:
        k = titles_ending[k - 1]  # a title coordinated before this one
    while k > floor and (
        doc[k - 1].lower_ in _TITLE_MODIFIERS
        or doc[k - 1].lower_ in _BEFORE_TITLE
        or doc[k - 1].lower_ in _POSSESSIVE_WORDS
        or doc[k - 1].text in _POSSESSIVE
        or doc[k - 1].lower_ in _BODY_ANAPHORS
        or k - 1 in agency_at  # "Name, the Interpol secretary general"
        or (k - 1 in places and k < start and doc[k].text in _POSSESSIVE)  # "Name, Morocco's interior minister"
    ):
        if doc[k - 1].lower_ in _BEFORE_TITLE and k - 1 > floor and doc[k - 2].text == ",":
            k -= 1
            break
        k -= 1
    if k <= floor:
        return None
    if doc[k - 1].text == ",":
        return _name_left(doc, k - 1, not_free, floor)
    if doc[k - 1].lower_ in ("as", "comme") and k < start:
        return _name_left(doc, _skip_origin(doc, k - 1, floor, places), not_free, floor)
    return None


def _titled_after(doc: Doc, end: int, role_starts: Container[int]) -> bool:
    """A name followed by a title of its own: ", director of ...", ", the head of ..."."""
    j = end
    if j >= len(doc) or doc[j].text != ",":
        return False
    j += 1
    if j < len(doc) and doc[j].lower_ in _BEFORE_TITLE:
        j += 1
    return j in role_starts


def _skip_origin(doc: Doc, end: int, floor: int, places: Container[int]) -> int:
    """"Valdecy Urquiza of Brazil": the name ends before "of Brazil"."""
    i = end
    while i - 1 > floor and i - 1 in places:
        i -= 1
    if i < end and i - 1 > floor and doc[i - 1].lower_ in _ORIGIN:
        if i - 2 > floor and doc[i - 2].lower_ in ("the", "la", "le", "l'"):
            return i - 2
        return i - 1
    if i < end and i - 2 > floor and doc[i - 1].lower_ in ("the", "la", "le", "l'") and doc[i - 2].lower_ in _ORIGIN:
        return i - 2
    return end


def _clause_links(doc: Doc, agency_at, body_before, not_free, places, placed_name) -> list[Candidate]:
    """People tied to a body by a verb of leading: "Name, who heads (both) the AGENCY ...",
    "Name, qui dirige la ...", "the AGENCY, led by (the chief prosecutor) Name", "la préfecture de
    police, dirigée par Name"."""
    found: list[Candidate] = []
    for token in doc:
        i = token.i
        if token.lower_ in _RELATIVE and i >= 2 and doc[i - 1].text == ",":
            verb = _lead_verb_after(doc, i + 1)
            if verb is None:
                continue
            sent_start = token.sent.start
            name = placed_name(_name_left(doc, _skip_origin(doc, i - 1, sent_start, places), not_free, sent_start))
            if name is None:
                continue
            agency = _body_after(doc, verb + 1, agency_at, lambda _j: body_before(name[0]))
            if agency is not None:
                found.append(Candidate(name[0], name[1], None, agency, None))
        elif token.lower_ in _BY and i >= 1:
            verb = _lead_verb_before(doc, i - 1)
            if verb is None:
                continue
            sent = token.sent
            agency = next((agency_at[j] for j in range(verb - 1, sent.start - 1, -1) if j in agency_at), None)
            if agency is None and doc[verb].lower_ == "held" and any(
                doc[j].lower_ in _POSTS for j in range(sent.start, verb)
            ):
                agency = body_before(sent.start)  # "The presidency, held by Name, ..." of the body named last
            if agency is None:
                continue
            j = i + 1
            while j < sent.end and j - i <= 6 and (
                doc[j].lower_ in _ARTICLES or j in places or doc[j].lower_ in _TITLE_MODIFIERS
                or (j in not_free and j not in agency_at) or (doc[j].is_lower and doc[j].pos_ in ("ADJ", "NOUN"))
            ):
                j += 1
            name = placed_name(_name_right(doc, j, not_free, sent.end)) if j < sent.end else None
            if name is not None:
                found.append(Candidate(name[0], name[1], None, agency, None))
    return found


def _lead_verb_after(doc: Doc, i: int) -> int | None:
    """The index of "heads"/"dirige" a few auxiliary or adverb words after token i."""
    for j in range(i, min(len(doc), i + 4)):
        token = doc[j]
        if token.lower_ in _LEAD_FORMS or (token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in _LEAD_VERBS):
            return j
        if not (token.lower_ in _SKIPPABLE or token.pos_ == "ADV"):
            return None
    return None


def _lead_verb_before(doc: Doc, i: int) -> int | None:
    """"led by", "dirigée par", "held since 2021 by": the verb at most four words before "by"."""
    for j in range(i, max(-1, i - 4), -1):
        token = doc[j]
        if token.lower_ in _LEAD_FORMS or token.lower_ == "held":
            return j
        if not (token.pos_ in ("ADV", "NUM", "ADP") or token.lower_ in _SKIPPABLE or token.like_num):
            return None
    return None


def _body_after(doc: Doc, i: int, agency_at, anaphor) -> str | None:
    """The first agency after a lead verb, before the clause ends; "the organisation" is the last body named."""
    for j in range(i, min(len(doc), i + 10)):
        if j in agency_at:
            return agency_at[j]
        token = doc[j]
        if token.lower_ in _BODY_ANAPHORS:
            return anaphor(j)
        if token.pos_ == "NOUN" and token.is_lower:
            return None  # "who led the raid with the FBI": the verb's object is no body
        if token.is_punct and token.text not in ("-", "'", "’") or token.is_sent_start and j > i:
            return None
    return None


def _person_shaped(doc: Doc, start: int, end: int) -> bool:
    """Capitalised words, particles and hyphens, a regnal number last; no digits, acronyms or CamelCase,
    and not opening with an article ("La Maddalena")."""
    if doc[start].lower_ in _ARTICLES or doc[start].lower_ in _PARTICLES or doc[start].lower_ in _PLACE_OPENERS:
        return False
    if end - start == 1 and doc[start].pos_ in ("ADV", "ADJ", "VERB", "ADP", "PRON", "DET"):
        return False  # "Locally", "Earlier": a capitalised word opening a sentence
    for i in range(start, end):
        text = doc[i].text
        if text in ("-", "'", "’") or text.lower() in _PARTICLES and i > start:
            continue
        if i > start and i == end - 1 and text.lower() in _ROMAN and text.isupper():
            continue
        if _hyphenated_name(text) or _APOSTROPHE_NAME.match(text):
            continue
        if not text.isalpha() or not text[:1].isupper():
            return False
        body = text[1:]
        if any(ch.isupper() for ch in body) and not re.match(r"(?:Mc|Mac|O')", text):
            return False  # "ECC", "SystemBC"
    return True


def _named_thing(doc: Doc, start: int) -> bool:
    """"Operation Trojan Shield", "known as Marengo", "code-named Venetic": a name given to a thing;
    "the boss of Cosa Nostra", "membres de Daech": a group's name."""
    before = [doc[j].lower_ for j in range(max(0, start - 2), start)]
    if before and before[-1] in _NAMING_CUES:
        return True
    if len(before) == 2 and before[1] in _ORIGIN and before[0] in _GROUP_HEADS:
        return True
    return len(before) == 2 and (before[0], before[1]) in _NAMING_PAIRS


# Labels a small model gives people's names by mistake ("Hugo Carvajal" as a WORK_OF_ART).
_MISTAGGED_LABELS = {"ORG", "MISC", "WORK_OF_ART", "PRODUCT", "EVENT", "FAC", "LAW"}


def _names_tagged_as_organisations(doc: Doc, ents, free, nicknamed: Container[tuple[int, int]] = (),
                                   agency_at: Container[int] = (), role_starts: Container[int] = ()) -> list[Candidate]:
    """Small models often tag "Ridouan Taghi" as ORG: a two-to-four-word capitalised name without any
    organisation word is a person when its last word comes back alone, a ", who" follows it or a
    nickname does (', alias "El Zorro"'), or when it is set beside a body or a title as in a list of
    delegates ("Name of the National Police; ...", "Name, director of ...", "Name du ...")."""
    found: list[Candidate] = []
    counts: Counter[str] | None = None
    for ent in ents:
        if ent.label_ not in _MISTAGGED_LABELS or not 2 <= len(ent) <= 4:
            continue
        if not all(free(i) for i in range(ent.start, ent.end)) or not _person_shaped(doc, ent.start, ent.end):
            continue
        if any(t.lower_ in _NOT_PERSON_WORDS for t in ent) or _named_thing(doc, ent.start):
            continue
        if _expanded_acronym(doc, ent.start, ent.end):
            continue
        if counts is None:
            # A surname comes back capitalised; "crisis management" in a headline is no surname.
            counts = Counter(t.lower_ for t in doc if t.text[:1].isupper())
        last = ent[-1].lower_
        recurs = counts[last] > sum(t.lower_ == last for t in ent)
        relative = ent.end + 1 < len(doc) and doc[ent.end].text == "," and doc[ent.end + 1].lower_ in _RELATIVE
        if recurs or relative or (ent.start, ent.end) in nicknamed or _delegate(doc, ent.start, ent.end, agency_at, role_starts):
            found.append(Candidate(ent.start, ent.end, None, None, None))
    return found


def _expanded_acronym(doc: Doc, start: int, end: int) -> bool:
    """"... Protocol for Crisis Management (ACCPCM)": the words before an acronym in brackets that
    spell it out name a thing, not a person."""
    if end + 2 >= len(doc) or doc[end].text != "(" or doc[end + 2].text != ")":
        return False
    acronym = doc[end + 1].text
    if not (acronym.isupper() and acronym.isalpha() and len(acronym) >= 2):
        return False
    initials = [t.text[0].upper() for t in doc[max(0, end - 12) : end] if t.text[:1].isupper()]
    return "".join(initials).endswith(acronym)


_LIST_SEPARATORS = {",", ";", ":", "and", "et"}


def _untagged_delegates(doc: Doc, ents, free, agency_at: Container[int], role_starts: Container[int]) -> list[Candidate]:
    """A list of delegates where the model tagged some names and left others out ("..., Name, head of X,
    and Name from the French gendarmerie"): a run of two to four capitalised proper nouns, set in the
    list (after a comma, a semicolon, "and") beside its body or title, in a sentence with a person the
    model did find."""
    tagged = {i for e in ents for i in range(e.start, e.end)}
    sentences_with_people = {e.sent.start for e in ents if e.label_ in ("PERSON", "PER")}
    found: list[Candidate] = []
    i = 1
    while i < len(doc):
        j = i
        while j < len(doc) and j - i < 4 and doc[j].pos_ == "PROPN" and j not in tagged and free(j):
            j += 1
        if 2 <= j - i and doc[i - 1].lower_ in _LIST_SEPARATORS and doc[i].sent.start in sentences_with_people \
                and _person_shaped(doc, i, j) and not any(doc[k].lower_ in _NOT_PERSON_WORDS for k in range(i, j)) \
                and not _named_thing(doc, i) and _delegate(doc, i, j, agency_at, role_starts):
            found.append(Candidate(i, j, None, None, None))
        i = max(j, i + 1)
    return found




def _delegate(doc: Doc, start: int, end: int, agency_at: Container[int], role_starts: Container[int]) -> bool:
    """A name followed by the body its bearer comes from ("of the Royal Thai Police", "de la DGSN")
    or by a title in apposition (", director of ...", ", the head of ..."); a post's words ("Senior
    Officer of the AFP") are no name."""
    if any(fold(doc[i].text) in title_words() for i in range(start, end)):
        return False
    j = end
    if j < len(doc) and doc[j].lower_ in _ORIGIN:
        j += 1
        if j < len(doc) and doc[j].lower_ in _BEFORE_TITLE:
            j += 1
        return j in agency_at
    return _titled_after(doc, end, role_starts)


def _trim_to_person(name: tuple[int, int] | None, person_starts: dict[int, int]) -> tuple[int, int] | None:
    """"Internal Security Celine Berthon": where the NER sees a person start inside a run, the name starts there."""
    if name is None or name[0] in person_starts:  # the model's own name starts there ("Mahamat" + "Moussa Faki")
        return name
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
        if not free(i) or not (doc[i].is_alpha or doc[i].text == "-" or _hyphenated_name(doc[i].text)):
            i += 1
            continue
        j = i
        while j < end and free(j) and (doc[j].is_alpha or doc[j].text == "-" or _hyphenated_name(doc[j].text)):
            j += 1
        while i < j and (doc[i].lower_ in _HONORIFICS or not doc[i].text[:1].isupper()):
            i += 1
        if i < j and (best is None or j - i > best[1] - best[0]):
            best = (i, j)
        i = j
    return best


def _merge(doc: Doc, candidates: list[Candidate], free, full_text: str,
           aliases: dict[str, tuple[int, int]] | None = None) -> list[PersonFound]:
    """One person per name, the longest form winning; bare surnames join their person. A lone word
    that is nobody's surname and has no title is not kept: it is more often a product or a place.
    A nickname given in quotes ("El Chapo") is a mention of its person, never a person of its own."""
    people: list[PersonFound] = []
    backed: set[int] = set()  # ids of people with a title or agency, or a name of two words or more
    aliases = aliases or {}
    nicknamed: list[Candidate] = []
    # Longer names first so that "Hammouchi" meets "Abdellatif Hammouchi".
    for candidate in sorted(candidates, key=lambda c: (-(c.end - c.start), c.start)):
        start, end, role, agency, title, strength, counterpart = candidate
        start = min(skip_honorifics(doc, start, end), end - 1)  # "Mr Cato" is Cato, "Dato' Seri Name" Name
        if not _could_be_a_person(doc, start, end):
            continue
        text = doc[start:end].text
        if fold(text) in aliases:
            nicknamed.append(candidate)
            continue
        words = fold(text.replace("-", " - ")).split()
        # The same words as a longer name found at the same place ("Rosa Icela" in "Rosa Icela Rodríguez").
        owner = next((p for p in people if any(s <= start and end <= e for s, e in p.mentions)), None)
        owner = owner or next((p for p in people if _same_person(words, p.words)), None)
        if owner is None:
            owner = PersonFound(text)
            people.append(owner)
        if (start, end) not in owner.mentions:
            owner.mentions.append((start, end))
        if role or agency or len(words) > 1 or counterpart:
            backed.add(id(owner))
        owner.role = owner.role or role
        if agency is not None and (owner.agency is None or strength > owner.strength):
            owner.agency, owner.title, owner.strength = agency, title, strength
            owner.role = role or owner.role
        owner.named_by = owner.named_by or (title if strength < EXPLICIT else None)
        owner.counterpart = owner.counterpart or counterpart
    for nickname, name in aliases.items():
        owner = next((p for p in people if any(s <= name[0] < e for s, e in p.mentions)), None)
        if owner is None:
            continue
        # Every use of the nickname, quoted or not ("El Chapo was sentenced"), is a mention of its person.
        spans = [(c.start, c.end) for c in nicknamed if fold(doc[c.start : c.end].text) == nickname]
        spans += _phrase_spans(doc, full_text, nickname)
        for span in spans:
            if span not in owner.mentions:
                owner.mentions.append(span)
    people = [p for p in people if id(p) in backed]
    surnames: dict[str, PersonFound] = {}
    for person in people:
        if len(person.words) > 1 and person.words[-1].isalpha():
            surnames.setdefault(person.words[-1], person)
    for person in people:  # "Guzmán" for "Joaquín Guzmán Loera", "Denaro" for "Matteo Messina Denaro"
        for word in person.words[1:-1]:
            if word.isalpha() and len(word) > 2 and word not in _PARTICLES:
                surnames.setdefault(word, person)
    covered = {i for p in people for s, e in p.mentions for i in range(s, e)}
    for token in _surname_tokens(doc, surnames, full_text):
        if token.i in covered or not free(token.i) or not token.text[:1].isupper():
            continue
        person = surnames.get(fold(token.text))
        if person is not None:
            start, stop = token.i, token.i + 1
            # A compound surname ("Grande-Marlaska", "Messina Denaro") is grown leftwards from its last part.
            while start > 0 and start - 1 not in covered and fold(doc[start - 1].text) in person.words and free(start - 1):
                start -= 1
            person.mentions.append((start, stop))
            covered.update(range(start, stop))
    for person in people:
        person.mentions.sort()
    people.sort(key=lambda p: p.mentions[0])
    return people


def _could_be_a_person(doc: Doc, start: int, end: int) -> bool:
    """No organisation, place or media word ("Kwara State", "Ahram Online", "Enforcement Training"), no
    place opener ("Saint Ghislain"), no armed or criminal group ("Jemaah Islamiyah"), and a lone word
    only when it is a noun ("Locally" opening a sentence)."""
    if not _name_not_a_thing(doc, start, end) or doc[start].lower_ in _PLACE_OPENERS:
        return False
    if fold(doc[start:end].text) in _groups():
        return False
    if end - start > 1 and load_gazetteer().region(doc[start:end].text):
        return False  # "Tamil Nadu", "Quintana Roo": a state, not a person
    return not (end - start == 1 and doc[start].pos_ in ("ADV", "ADJ", "VERB", "ADP", "PRON", "DET", "SCONJ"))


@functools.lru_cache(maxsize=1)
def _groups() -> frozenset[str]:
    """Armed and criminal groups, which small models take for people (lib/data/groups.csv)."""
    with (DATA_DIR / "groups.csv").open(encoding="utf-8", newline="") as handle:
        return frozenset(fold(row["name"]) for row in csv.DictReader(handle))


def _phrase_spans(doc: Doc, text: str, folded: str) -> list[tuple[int, int]]:
    """Token ranges where a folded phrase is written, found by one regular-expression pass."""
    pattern = re.compile(r"(?<!\w)" + re.escape(folded) + r"(?!\w)")
    found = []
    for match in pattern.finditer(fold_same_length(text)):
        span = doc.char_span(match.start(), match.end())
        if span is not None:
            found.append((span.start, span.end))
    return found


def _surname_tokens(doc: Doc, surnames: dict[str, PersonFound], text: str) -> list:
    """Tokens spelling a known surname, found by one regular-expression pass over the text."""
    if not surnames:
        return []
    folded = fold_same_length(text)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(s) for s in sorted(surnames, key=len, reverse=True)) + r")(?!\w)")
    tokens = []
    for match in pattern.finditer(folded):
        span = doc.char_span(match.start(), match.end())
        if span is not None and len(span) == 1:
            tokens.append(span[0])
    return tokens


def _same_person(words: list[str], known: list[str]) -> bool:
    """A shorter form whose words all belong to the known name and share its surname."""
    if not words or len(words) > len(known) or not set(words) <= set(known):
        return False
    # The same surname, or surname words only ("Guzmán" in "Joaquín Guzmán Loera"), or the given name of
    # a name by lineage, the way Gulf and Maghreb papers write it again ("Sheikh Rashid", "Prince Abdulaziz").
    return words[-1] == known[-1] or set(words) <= set(known[1:]) or (
        words == known[:1] and bool(_LINEAGE & set(known[1:])))
