"""Which body each agency span names, with its country, how it was found and how surely.

The matcher (agencies.py) records how every span was found; here that evidence meets the document's
countries, surest first: a country written onto the phrase ("Spanish police", "police de Dubaï"), a
country named in its sentence, then the document's own country and the others it names. A specific
name needs none of it; a generic phrase or a name that several countries' bodies share takes the
first country that has such a body; a name made of the trade's common words is its body's only where
that body's country is in play. When nothing settles it, the span stays an organisation: an agency of
unknown country is better than a wrong one, and a wrong country adds a false timeline row and false
links to every chart.
"""
from __future__ import annotations

import re

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc

from lib.extraction.agencies import ACRONYM, DEFINED, LOCAL, FoundBy, NewAgency
from lib.extraction.gazetteer import COMMON_WORDS, GENERIC_PHRASE, SHARED_NAME, SPECIFIC_NAME, AgencyEntry, Gazetteer
from lib.extraction.places import COUNTRY, LOCATION, PlaceMention

PHRASE, SENTENCE, DOCUMENT = 3, 2, 1
# How surely a body is known, by how its country was settled.
_CONFIDENCE = {PHRASE: 0.9, SENTENCE: 0.75, DOCUMENT: 0.6}
# Methods, as they are shown to the analyst.
GAZETTEER_NAME = "gazetteer name"
GENERIC_WITH_COUNTRY = "generic phrase + country"
# A country after these is where someone goes or whom they work with, not whose body it is.
_NOT_IDENTITY = {"to", "into", "towards", "vers", "with", "avec", "against", "contre", "visit", "visited",
                 "visiting", "visite", "visiter", "between", "entre"}
# "working with their counterparts in Tanzania", "leurs homologues du Mali": the other side's country.
_COUNTERPARTS = {"counterpart", "counterparts", "homologue", "homologues", "partners", "partenaires"}
_FROM_OR_IN = {"in", "from", "of", "en", "au", "aux", "du", "de", "d'", "d’"}


@dataclass(frozen=True)
class Resolved:
    start: int
    end: int
    agency: AgencyEntry
    method: str
    confidence: float
    new: bool = False  # a body the gazetteer lacks, whose country came from the context

class Countries:
    """The countries a span may belong to, surest first (PHRASE, SENTENCE, DOCUMENT)."""

    def __init__(self, doc: Doc, places: list[PlaceMention], home: str | None, token_sentence,
                 known: Iterable[tuple[int, str]] = ()):
        """`known`: (token, country) of the bodies named outright, whose countries are evidence too."""
        known = list(known)
        self.home = home
        self._token_sentence = token_sentence
        self._bodies_by_sentence: dict[int, Counter[str]] = defaultdict(Counter)
        for token, country in known:
            if country != "INT":
                self._bodies_by_sentence[token_sentence[token]][country] += 1
        self._by_sentence: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for place in places:
            before = doc[place.token_start - 1].lower_ if place.token_start > 0 else ""
            if _nationality(doc, place.token_start):
                continue  # "des suspects de nationalités marocaine et sénégalaise": people's, not a body's
            # A city in the sentence is more often where things happen than whose body it is, and a
            # country a verb acts on ("asked Colombia to extradite") is a partner.
            head = doc[place.token_end - 1]
            counterparts = before in _FROM_OR_IN and place.token_start > 1 and doc[place.token_start - 2].lower_ in _COUNTERPARTS
            if place.label == COUNTRY and before not in _NOT_IDENTITY and head.dep_ not in ("dobj", "obj", "iobj") \
                    and not counterparts:
                self._by_sentence[token_sentence[place.token_start]].append((place.token_start, place.country))
        self.dateline_end = _dateline_end(doc, places)
        self.credits = {t.text for t in doc[: self.dateline_end] if t.is_upper and len(t) > 1} | _signed_off(doc)
        counts = Counter(p.country for p in places if p.country)
        counts.update(c for _t, c in known if c and c != "INT")
        # International bodies named outright make an international reading of an acronym likelier.
        self.international = any(c == "INT" for _t, c in known)
        self.named = counts  # every country the document gives evidence of, with how often

    def around(self, start: int, cue: str | None = None, skip: Iterable[int] = ()) -> list[tuple[str, int]]:
        """(country, strength) for a span starting at token `start`, surest first, each country once;
        `skip` are tokens of other spans' own country words ("the Saudi ministry" is not this one's)."""
        skipped = set(skip)
        found: list[tuple[str, int]] = []
        if cue:
            found.append((cue, PHRASE))
        here = [(i, c) for i, c in self._by_sentence.get(self._token_sentence[start], []) if i not in skipped]
        # Nearest before the span first ("In Madrid, the interior ministry ..."), then after it.
        for _i, country in sorted(here, key=lambda x: (x[0] > start, abs(x[0] - start))):
            found.append((country, SENTENCE))
        if self.home:
            found.append((self.home, DOCUMENT))
        found.extend((country, DOCUMENT) for country, _n in self.named.most_common())
        seen: set[str] = set()
        return [(c, s) for c, s in found if not (c in seen or seen.add(c))]

    def of_bodies_near(self, start: int) -> str | None:
        """The country most of the bodies named outright in the span's sentence belong to."""
        counts = self._bodies_by_sentence.get(self._token_sentence[start])
        return counts.most_common(1)[0][0] if counts else None


_NATIONALITY = {"nationality", "nationalities", "nationals", "citizen", "citizens", "nationalité", "nationalités",
                "ressortissant", "ressortissants", "ressortissante", "ressortissantes", "citoyen", "citoyens", "origine"}


def _nationality(doc: Doc, i: int) -> bool:
    """A country word that tells people's nationality ("of Moroccan nationality", "nationalités marocaine et ...")."""
    for j in range(i - 1, max(-1, i - 5), -1):
        token = doc[j]
        if token.lower_ in _NATIONALITY:
            return True
        if not (token.pos_ in ("ADJ", "CCONJ", "DET", "ADP") or token.is_punct):
            return False
    return False


def _signed_off(doc: Doc) -> set[str]:
    """Acronyms in parentheses that close a paragraph or follow a full stop: the wire's sign-off ("(APS)")."""
    credits = set()
    for token in doc:
        if token.text == ")" and token.i >= 2 and doc[token.i - 2].text == "(" and doc[token.i - 1].is_upper:
            after = doc[token.i + 1] if token.i + 1 < len(doc) else None
            before = doc[token.i - 3] if token.i >= 3 else None
            if after is None or after.is_space or "\n" in token.whitespace_ or before is not None and before.text in (".", "»", '"', "”"):
                credits.add(doc[token.i - 1].text)
    return credits


def resolve(gazetteer: Gazetteer, doc: Doc, start: int, end: int, found: FoundBy, countries: Countries,
            skip: Iterable[int] = (), new_agencies: dict[str, NewAgency] | None = None) -> Resolved | None:
    """The body span [start, end) names, or None when the text does not settle it."""
    candidates = [a for i in found.candidates if (a := gazetteer.agency(i)) is not None]
    evidence = countries.around(start, found.cue, skip)
    text = doc[start:end].text
    generic = bool(gazetteer.generic_roles(text))  # also a generic phrase ("police nationale")

    def made(agency: AgencyEntry | None, method: str, confidence: float) -> Resolved | None:
        return Resolved(start, end, agency, method, confidence) if agency is not None else None

    if found.how == SPECIFIC_NAME and candidates:
        return made(candidates[0], GAZETTEER_NAME, 0.95)
    if found.how in (ACRONYM, DEFINED):
        if not candidates:  # a body the gazetteer lacks, defined in the text ("... Brigade (BRS)")
            new = (new_agencies or {}).get(found.candidates[0]) if found.candidates else None
            # A body the gazetteer lacks belongs with the known bodies named beside it.
            near = found.cue or _named_place(gazetteer, new.long_form) or countries.of_bodies_near(start)
            if new is None:
                return None
            body = _new_body(new, [(near, SENTENCE)] if near else evidence)
            return Resolved(start, end, body, DEFINED, 0.8, new=found.cue is None)
        if end <= countries.dateline_end or text in countries.credits:
            return None  # "Accra, July 11, GNA -": the wire that filed the story, here and further on
        if len(candidates) == 1:
            agency = candidates[0]
            in_play = agency.country in ("INT", None) or agency.country in countries.named
            return made(agency, found.how, 0.9 if in_play else 0.7)
        for country, strength in evidence:
            match = next((a for a in candidates if a.country == country), None)
            if match is not None:
                return made(match, found.how, _CONFIDENCE[strength])
        international = next((a for a in candidates if a.country == "INT"), None)
        if international is not None and countries.international:
            return made(international, found.how, _CONFIDENCE[DOCUMENT])  # "FRA" beside Europol and Eurojust
        return made(candidates[0], found.how, 0.5)
    if found.how == LOCAL:
        return _local(gazetteer, doc, start, end, found, evidence, countries.home)
    if found.how == COMMON_WORDS and candidates:
        agency = candidates[0]
        if agency.country in ("INT", None) or agency.country in countries.named:
            return made(agency, GAZETTEER_NAME, 0.85)
        if not countries.named and end - start > 1:  # a text that names no country cannot contradict it
            return made(agency, GAZETTEER_NAME, 0.5)
    if found.cue:
        evidence = [(found.cue, PHRASE)]  # "the Mexican Federal Police": Mexico's, whatever else is named
    # The body of the surest country among those that bear this name, or that country's body of the kind
    # the phrase names; a name borne by other countries' bodies takes a body of its kind only from a
    # country written onto it or the document's own.
    for country, strength in evidence:
        match = next((a for a in candidates if a.country == country), None)
        if match is not None:
            return made(match, GAZETTEER_NAME, _CONFIDENCE[strength])
        if found.how == GENERIC_PHRASE or strength == PHRASE or (country == countries.home and generic):
            for role in found.roles:
                body = gazetteer.generic_body(country, role)
                if body is not None:
                    return made(body, GENERIC_WITH_COUNTRY, _CONFIDENCE[strength])
    if found.how == GENERIC_PHRASE and found.cue and doc[end - 1].text[:1].isupper():
        # "Spain's High Court": a capitalised phrase of a kind without a national body is a name.
        named = AgencyEntry(text, text, found.cue, "judicial" if "court" in found.roles else None, (), (), (), ())
        return made(named, GENERIC_WITH_COUNTRY, _CONFIDENCE[PHRASE] - 0.1)
    return None


def settle_new_bodies(resolved: list[Resolved], token_sentence) -> list[Resolved]:
    """A body the gazetteer lacks, defined in the text without a country of its own, takes the country of
    the bodies resolved beside it in its sentences ("the Coastal Brigade (CB) and the Guardia Civil")."""
    by_sentence: dict[int, Counter[str]] = defaultdict(Counter)
    for r in resolved:
        if r.method != DEFINED and r.agency.country not in (None, "INT"):
            by_sentence[token_sentence[r.start]][r.agency.country] += 1
    settled = []
    for r in resolved:
        if r.new:
            near = sum((by_sentence.get(token_sentence[x.start], Counter()) for x in resolved
                        if x.agency.id == r.agency.id), Counter())
            if near:
                country = near.most_common(1)[0][0]
                r = Resolved(r.start, r.end, _with_country(r.agency, country), r.method, r.confidence, True)
        settled.append(r)
    return settled


def _with_country(agency: AgencyEntry, country: str) -> AgencyEntry:
    return AgencyEntry(agency.id, agency.name, country, agency.kind, agency.generic, agency.acronyms,
                       agency.aliases, agency.native_names)


def _local(gazetteer: Gazetteer, doc: Doc, start: int, end: int, found: FoundBy,
           evidence: list[tuple[str, int]], home: str | None) -> Resolved | None:
    """"Mirabel Police Service", "police de Longueuil": the gazetteer's force of that name, else a body of
    that name in the country of its place (a known city's), else in the document's own country (a town's
    police is more often the article's own than that of a country met in the sentence)."""
    text = doc[start:end].text
    named = gazetteer.by_alias(text)
    if len({a.country for a in named}) == 1:
        return Resolved(start, end, named[0], GAZETTEER_NAME, 0.9)
    country = found.cue or next((c for t in doc[start:end] if (c := _place_country(gazetteer, t.text)
                                                             or _placed_by_text(gazetteer, doc, t.text))), None)
    strength = PHRASE if country else None
    if country is None and home:
        country, strength = home, DOCUMENT
    if country is None and evidence:
        country, strength = evidence[0]
    kind = "police" if "national_police" in found.roles else "judicial"
    agency = AgencyEntry(text, text, country, kind, (), (), (), ())
    return Resolved(start, end, agency, LOCAL, _CONFIDENCE.get(strength, 0.5) - 0.1)


def _place_country(gazetteer: Gazetteer, word: str) -> str | None:
    """The country of a city or of a state, province or region ("Limpopo police")."""
    city = gazetteer.city(word)
    return city.country if city and city.country else gazetteer.region(word)


_PLACED_BY = {"in", "en", "au", "dans", "à"}
_PLACED_BY_ARTICLES = {"the", "l'", "l’", "le", "la", "l", "state", "état", "province", "of", "de", "du"}


def _placed_by_text(gazetteer: Gazetteer, doc: Doc, word: str) -> str | None:
    """The country of a town the text itself places in a region or a country ("Cornwall, Ontario",
    "à Cornwall, en Ontario", "Hogansburg, dans l'État de New York")."""
    if not word[:1].isupper():
        return None
    for token in doc:
        if token.text != word or token.i + 2 >= len(doc) or doc[token.i + 1].text != ",":
            continue
        i = token.i + 2
        while i < len(doc) and i - token.i < 7 and (doc[i].lower_ in _PLACED_BY or doc[i].lower_ in _PLACED_BY_ARTICLES):
            i += 1
        for size in (1, 2, 3):
            if i + size <= len(doc):
                text = doc[i : i + size].text
                code = gazetteer.region(text) or gazetteer.country_by_name(text)
                if code:
                    return code
    return None


def _named_place(gazetteer: Gazetteer, long_form: str) -> str | None:
    """The country of a place a body's own name holds ("Judicial Police Unit of Catalonia")."""
    words = [w.strip(",.()") for w in long_form.split()]
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            text = " ".join(words[i : i + size])
            if text[:1].isupper() and (code := _place_country(gazetteer, text) or gazetteer.country_by_name(text)):
                return code
    return None


def _new_body(new: NewAgency, evidence: list[tuple[str, int]]) -> AgencyEntry:
    country = evidence[0][0] if evidence else None
    return AgencyEntry(new.key, new.long_form, country, new.kind, (), (new.acronym,), (), ())


def home_country(doc: Doc, places: list[PlaceMention], known: Iterable[str], titled: str | None = None,
                 site: str | None = None) -> str | None:
    """The document's own country: its dateline's ("KUWAIT -", "RABAT, June 29 (Wire) –"), else the one its
    title opens with ("Tunisie : ..."), else the one it names most (if it leads alone), else the one of most
    of its bodies, else of most of its cities, else its site's (`site`: a country from the page's address,
    site_country)."""
    dateline = _dateline_country(doc, places)
    if dateline or titled:
        return dateline or titled
    named = Counter(p.key for p in places if p.label == COUNTRY)
    cities = Counter(p.country for p in places if p.label == LOCATION and p.country)
    for counts in (named, named + Counter(c for c in known if c and c != "INT"), cities):
        top = counts.most_common(2)
        if top and (len(top) == 1 or top[0][1] > top[1][1]):
            return top[0][0]
    return site


# Country-code domains that sites of any country use ("news.tv", "radio.fm", "app.io").
_GENERIC_DOMAINS = {"tv", "io", "co", "me", "fm", "ai", "cc", "ws", "to", "nu", "gg", "am", "eu", "su"}
_HOST = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?([^/?#:]+)", re.IGNORECASE)


def site_country(gazetteer: Gazetteer, url: object) -> str | None:
    """The country of a page's country-code domain ("www.policemc.gov.bh" -> BH, "x.co.uk" -> GB): a
    ministry's or a national paper's own site, for a story that never names its country. Any other
    value (a stored record's NaN, a number) names none."""
    if not isinstance(url, str):
        return None
    match = _HOST.match(url.strip())
    if match is None:
        return None
    suffix = match.group(1).rstrip(".").rsplit(".", 1)[-1].lower()
    if len(suffix) != 2 or not suffix.isalpha() or suffix in _GENERIC_DOMAINS:
        return None
    code = "GB" if suffix == "uk" else suffix.upper()
    return code if gazetteer.country(code) is not None else None


_TITLE_LEAD = re.compile(r"^\s*([^\W\d][\w'’ .-]{1,40}?)\s*(?::|\s[-–—]\s)")


def title_country(gazetteer: Gazetteer, title: str | None) -> str | None:
    """A headline that opens with a country and a colon or a dash ("Tunisie : ...", "Kenya - ...") files
    the story under that country, as a dateline does."""
    match = _TITLE_LEAD.match(title or "")
    return gazetteer.country_by_name(match.group(1)) if match else None


_DATELINE_MARKS = {"-", "—", "–", ":", ",", "(", "/"}  # "KUWAIT -", "Alger —", "RABAT, June 29"
_DATELINE_DASHES = {"-", "—", "–", "--"}


def _dateline_end(doc: Doc, places: list[PlaceMention]) -> int:
    """The token where a dateline ("NEW DELHI, April 10 (Reuters) -") ends, 0 when the text opens otherwise."""
    first = next((p for p in places if p.country), None)
    if first is None or first.token_start > 2:
        return 0
    for token in doc[first.token_end : min(len(doc), first.token_end + 12)]:
        if token.text in _DATELINE_DASHES:
            return token.i
        if token.is_sent_start and token.i > first.token_end:
            return 0
    return 0


def _dateline_country(doc: Doc, places: list[PlaceMention]) -> str | None:
    """A place opening the text and followed by a dateline mark, written in capitals or not."""
    first = next((p for p in places if p.country), None)
    if first is None or first.token_start > 2 or any(not t.is_space and t.is_punct for t in doc[: first.token_start]):
        return None
    after = doc[first.token_end].text if first.token_end < len(doc) else ""
    # "France, Belgium and Spain agreed": a comma after a country's name opens a list, not a dateline.
    if first.text.isupper() or after in _DATELINE_MARKS and (after != "," or first.label == LOCATION):
        return first.country
    return None
