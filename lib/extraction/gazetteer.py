"""The agency, country and city registry read from lib/data/*.csv, with O(1) look-ups.

Everything is keyed on `fold()`ed text so that "Sûreté", "surete" and "SURETE" meet; acronyms
are the exception and stay case-sensitive because "CNI" is an agency and "cni" is not.

A written-out name is only as good as the evidence it carries. `form_kind` sorts them: a generic
phrase ("the interior ministry", "la police nationale") names a kind of body, whose country the text
must give; a name that bodies of several countries share ("Federal Police", "Direction générale de la
sûreté nationale") is one of those, by the text's countries; a name made only of the trade's common
words ("General Directorate for Internal Security") is its body's only where that body's country is in
play; any other name ("Guardia di Finanza", "Mossos d'Esquadra") is its body's outright.
"""
from __future__ import annotations

import csv
import functools
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# Bodies that sit in a city rather than a country ("procureur de la République de Paris"): the words
# that make a long form naming a city that kind of body.
SEAT_WORDS: dict[str, frozenset[str]] = {
    "prosecutor_office": frozenset({"prosecutor", "prosecutor's", "prosecutors", "prosecution", "parquet", "procura",
                                    "fiscalia", "procureur"}),
}
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u2010": "-", "\u2011": "-"})


def strip_accents(text: str) -> str:
    if text.isascii():  # most names and words: nothing to decompose (the pipelines' start fold thousands)
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Comparison key: no accents, case-folded, one kind of apostrophe, single spaces."""
    return " ".join(strip_accents(text.translate(_APOSTROPHES)).casefold().split())


class _BareLetters(dict):
    """str.translate table that maps each accented letter to its bare letter, built as letters are met."""

    def __missing__(self, code: int) -> str:
        bare = strip_accents(chr(code))
        self[code] = value = bare if len(bare) == 1 else chr(code)
        return value


_BARE = _BareLetters()


def strip_accents_same_length(text: str) -> str:
    """Accent-free text with the same length, so that character offsets stay valid."""
    return text if text.isascii() else text.translate(_BARE)


def written_variants(form: str) -> set[str]:
    """The ways a name is typed: as in the data, without accents ("Surete"), and with either apostrophe
    ("ministère de l’Intérieur", "Côte d'Ivoire"), for matchers that compare tokens as written."""
    variants = {form, strip_accents(form)}
    for variant in list(variants):
        variants |= {variant.replace("'", "\u2019"), variant.replace("\u2019", "'")}
    return variants


def fold_same_length(text: str) -> str:
    bare = strip_accents_same_length(text)
    lower = bare.lower()
    return lower if len(lower) == len(bare) else bare


# How a written-out name identifies its body (see the module docstring).
GENERIC_PHRASE, SHARED_NAME, COMMON_WORDS, SPECIFIC_NAME = "generic phrase", "shared name", "common words", "specific name"


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split("|") if part.strip())


@dataclass(frozen=True)
class AgencyEntry:
    id: str
    name: str
    country: str | None
    kind: str | None
    generic: tuple[str, ...]
    acronyms: tuple[str, ...]
    aliases: tuple[str, ...]
    native_names: tuple[str, ...]

    @property
    def long_forms(self) -> tuple[str, ...]:
        """Every written-out name, matched case-insensitively."""
        return (self.name, *self.aliases, *self.native_names)


@dataclass(frozen=True)
class CountryEntry:
    code: str
    name: str
    name_fr: str
    aliases: tuple[str, ...]
    demonyms_en: tuple[str, ...]
    demonyms_fr: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(n for n in (self.name, self.name_fr, *self.aliases) if n)


@dataclass(frozen=True)
class CityEntry:
    name: str
    country: str | None
    aliases: tuple[str, ...]


def _read_rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if any((v or "").strip() for v in row.values())]


@dataclass(frozen=True)
class GenericBody:
    """A kind of body every country may have ("national_police"), with the name and agency kind that a
    country's body of that kind takes when the gazetteer has no entry for it ("National Police (GA)")."""

    generic: str
    name: str
    kind: str


@dataclass(frozen=True)
class Vocabulary:
    """The trade's generic phrases (phrase -> kinds of body), its common words, and its generic bodies."""

    phrases: dict[str, tuple[str, ...]]  # folded phrase -> kinds of body
    written: dict[str, tuple[str, ...]]  # folded phrase -> the phrase as written in the data
    common_by_language: dict[str, frozenset[str]]  # language -> the trade's common words in it
    bodies: dict[str, GenericBody]

    @property
    def common_words(self) -> frozenset[str]:
        """The common words of every language."""
        return frozenset().union(*self.common_by_language.values())

    @classmethod
    def read(cls, data_dir: Path) -> Vocabulary:
        phrases: dict[str, list[str]] = defaultdict(list)
        written: dict[str, list[str]] = defaultdict(list)
        for row in _read_rows(data_dir / "generic_agencies.csv"):
            key = fold(row["phrase"])
            if row["generic"] not in phrases[key]:
                phrases[key].append(row["generic"])
            written[key].append(row["phrase"])
        words: dict[str, set[str]] = defaultdict(set)
        for row in _read_rows(data_dir / "generic_words.csv"):
            words[row["language"]].add(fold(row["word"]))
        bodies = {r["generic"]: GenericBody(r["generic"], r["name"], r["kind"])
                  for r in _read_rows(data_dir / "generic_bodies.csv")}
        return cls({k: tuple(v) for k, v in phrases.items()}, {k: tuple(v) for k, v in written.items()},
                   {k: frozenset(v) for k, v in words.items()}, bodies)


_EMPTY_VOCABULARY = Vocabulary({}, {}, {}, {})
# A country without a body of one kind has one of another that does its work: a federation's federal
# police is its national police, a security ministry runs the police where no interior ministry does.
_STANDS_IN = {"national_police": ("federal_police",), "federal_police": ("national_police",),
              "interior_ministry": ("security_ministry",), "security_ministry": ("interior_ministry",)}
_LEADING = ("the ", "le ", "la ", "les ", "l'", "el ", "los ", "las ")


class Gazetteer:
    """Indexes built once; every lookup is a dict access."""

    def __init__(self, agencies: list[AgencyEntry], countries: list[CountryEntry], cities: list[CityEntry],
                 vocabulary: Vocabulary = _EMPTY_VOCABULARY):
        self.vocabulary = vocabulary
        self._generic_made: dict[str, AgencyEntry] = {}
        self.agencies: dict[str, AgencyEntry] = {a.id: a for a in agencies}
        self.countries: dict[str, CountryEntry] = {c.code: c for c in countries}
        self.cities: list[CityEntry] = cities
        self._by_acronym: dict[str, list[str]] = defaultdict(list)
        self._by_alias: dict[str, list[str]] = defaultdict(list)
        self._by_generic: dict[tuple[str, str], str] = {}
        self._by_tail: dict[str, list[str]] = defaultdict(list)
        for agency in agencies:
            for acronym in dict.fromkeys(agency.acronyms):
                self._by_acronym[acronym].append(agency.id)
            for form in dict.fromkeys(fold(f) for f in agency.long_forms):
                if form:
                    self._by_alias[form].append(agency.id)
                    words = form.split()
                    # Titles name the body by its last words ("Director General of Internal Security").
                    for size in range(2, min(len(words), 4) + 1):
                        tail = " ".join(words[-size:])
                        if agency.id not in self._by_tail[tail]:
                            self._by_tail[tail].append(agency.id)
            if agency.country:
                for generic in agency.generic:
                    self._by_generic.setdefault((agency.country, generic), agency.id)
        self._country_by_name: dict[str, str] = {}
        self._country_by_demonym: dict[str, str] = {}
        for country in countries:
            for name in country.names:
                self._country_by_name.setdefault(fold(name), country.code)
            for demonym in (*country.demonyms_en, *country.demonyms_fr):
                self._country_by_demonym.setdefault(fold(demonym), country.code)
        self._city_by_name: dict[str, CityEntry] = {}
        for city in cities:
            for name in (city.name, *city.aliases):
                self._city_by_name.setdefault(fold(name), city)
        self._by_seat: dict[tuple[str, str], str] = {}
        for agency in agencies:
            for form in agency.long_forms:
                words = fold(form).split()
                for seat, seat_words in SEAT_WORDS.items():
                    if not seat_words & set(words):
                        continue
                    for size in (1, 2, 3):
                        for i in range(len(words) - size + 1):
                            city = self._city_by_name.get(" ".join(words[i : i + size]))
                            if city is not None and city.country == agency.country:
                                self._by_seat.setdefault((fold(city.name), seat), agency.id)

    # -- agencies -------------------------------------------------------------------------
    def agency(self, agency_id: str) -> AgencyEntry | None:
        return self.agencies.get(agency_id) or self._generic_made.get(agency_id)

    def generic_body(self, country: str, generic: str) -> AgencyEntry | None:
        """That country's body of that kind: the gazetteer's, else one named after the kind
        ("Ministry of the Interior (GA)"), so that a country named in the text is never lost."""
        found = self.by_generic(country, generic)
        for stand_in in _STANDS_IN.get(generic, ()):
            found = found or self.by_generic(country, stand_in)
        if found is not None:
            return found
        body = self.vocabulary.bodies.get(generic)
        if body is None or country not in self.countries:
            return None
        agency_id = f"{body.name} ({country})"
        made = self._generic_made.get(agency_id)
        if made is None:
            made = AgencyEntry(agency_id, body.name, country, body.kind, (generic,), (), (), ())
            self._generic_made[agency_id] = made
        return made

    def generic_roles(self, text: str) -> tuple[str, ...]:
        """The kinds of body a generic phrase names ("the interior ministry" -> interior_ministry)."""
        folded = fold(text)
        for lead in _LEADING:
            if folded.startswith(lead):
                folded = folded[len(lead):]
                break
        return self.vocabulary.phrases.get(folded, ())

    def form_kind(self, text: str, language: str | None = None) -> str:
        """GENERIC_PHRASE, SHARED_NAME, COMMON_WORDS or SPECIFIC_NAME (see the module docstring), for a
        text in `language`: "state police" is common words in English, "Guardia Civil" is not."""
        found = self.by_alias(text)
        if not found:
            return GENERIC_PHRASE if self.generic_roles(text) else SPECIFIC_NAME
        if len({a.country for a in found}) > 1:
            return SHARED_NAME
        words = fold(text).replace("'", "' ").split()
        vocabulary = self.vocabulary
        common = vocabulary.common_by_language.get(language or "", vocabulary.common_words)
        if self.generic_roles(text) or common and all(w in common or w.removesuffix("'s") in common for w in words):
            return COMMON_WORDS
        return SPECIFIC_NAME

    def by_acronym(self, acronym: str) -> tuple[AgencyEntry, ...]:
        """Case-sensitive; the better-known body (bare-acronym id) comes first."""
        ids = sorted(self._by_acronym.get(acronym, ()), key=lambda i: i != acronym)
        return tuple(self.agencies[i] for i in ids)

    def by_alias(self, text: str) -> tuple[AgencyEntry, ...]:
        return tuple(self.agencies[i] for i in self._by_alias.get(fold(text), ()))

    def by_tail(self, text: str) -> tuple[AgencyEntry, ...]:
        """Agencies whose name ends with these (2-4) words."""
        return tuple(self.agencies[i] for i in self._by_tail.get(fold(text), ()))

    def by_generic(self, country: str, generic: str) -> AgencyEntry | None:
        agency_id = self._by_generic.get((country, generic))
        return self.agencies[agency_id] if agency_id else None

    def by_seat(self, city: str, seat: str) -> AgencyEntry | None:
        """The body of that kind sitting in that city: ("Paris", "prosecutor_office") -> Paris Prosecutor's Office."""
        entry = self.city(city)
        agency_id = self._by_seat.get((fold(entry.name), seat)) if entry else None
        return self.agencies[agency_id] if agency_id else None

    @property
    def acronyms(self) -> tuple[str, ...]:
        return tuple(self._by_acronym)

    # -- countries and cities -------------------------------------------------------------
    def country(self, code: str) -> CountryEntry | None:
        return self.countries.get(code)

    def country_by_name(self, text: str) -> str | None:
        return self._country_by_name.get(fold(text))

    def country_by_demonym(self, text: str) -> str | None:
        return self._country_by_demonym.get(fold(text))

    def country_names(self) -> tuple[str, ...]:
        """Folded names and aliases, the candidates for near-miss spellings."""
        return tuple(self._country_by_name)

    def city(self, text: str) -> CityEntry | None:
        return self._city_by_name.get(fold(text))

    def region(self, text: str) -> str | None:
        """The country of a state, province or region of that name ("Limpopo", "Brandenburg", "Kwara"),
        when one country alone has it and it names no country or city here."""
        folded = fold(text)
        if folded in self._country_by_name or folded in self._city_by_name:
            return None
        return _regions().get(folded)


# First-level divisions that police forces and courts are named after (ISO 3166-2, through pycountry).
_REGION_TYPES = {"State", "Province", "Region", "Autonomous community", "Autonomous region", "Emirate", "Canton",
                 "Land", "Governorate", "Territory", "Federal district", "Autonomous province", "Regional state",
                 "Union territory", "Capital territory", "Autonomous republic", "Republic", "Prefecture"}


# Divisions named by a compass point or a wider area ("South" in Cameroon, "Sahel" in Burkina Faso, "Para"):
# in running text these words name no one country's region.
_NOT_REGION_NAMES = {
    "north", "south", "east", "west", "centre", "center", "central", "nord", "sud", "est", "ouest", "centre-sud",
    "centre-nord", "centre-est", "centre-ouest", "nord-est", "nord-ouest", "sud-est", "sud-ouest", "north-west",
    "south-west", "north-east", "south-east", "northern", "southern", "eastern", "western", "littoral", "coast",
    "sahel", "para", "acre", "zaire", "capital", "plateau", "lakes", "islands", "mountains", "highlands",
}


@functools.lru_cache(maxsize=1)
def _regions() -> dict[str, str]:
    import pycountry

    seen: dict[str, set[str]] = defaultdict(set)
    for division in pycountry.subdivisions:
        if division.type not in _REGION_TYPES:
            continue
        # "Catalunya [Cataluña]": the name and its other written forms.
        for name in division.name.replace("]", "").replace("[", "/").split("/"):
            name = name.strip()
            if len(name) >= 4 and fold(name) not in _NOT_REGION_NAMES:
                seen[fold(name)].add(division.country_code)
    regions = {name: next(iter(codes)) for name, codes in seen.items() if len(codes) == 1}
    # English and French names that ISO 3166-2 lacks ("Catalonia", "Bavière", "Colombie-Britannique").
    for row in _read_rows(DATA_DIR / "regions.csv"):
        for name in (row["name"], *_split(row.get("aliases"))):
            regions[fold(name)] = row["country"].strip()
    return regions


def _agency(row: dict[str, str]) -> AgencyEntry:
    return AgencyEntry(
        id=row["id"].strip(),
        name=(row.get("name") or "").strip(),
        country=(row.get("country") or "").strip() or None,
        kind=(row.get("kind") or "").strip() or None,
        generic=_split(row.get("generic")),
        acronyms=_split(row.get("acronyms")),
        aliases=_split(row.get("aliases")),
        native_names=_split(row.get("native_names")),
    )


def _country(row: dict[str, str]) -> CountryEntry:
    return CountryEntry(
        code=row["code"].strip(),
        name=(row.get("name") or "").strip(),
        name_fr=(row.get("name_fr") or "").strip(),
        aliases=_split(row.get("aliases")),
        demonyms_en=_split(row.get("demonyms_en")),
        demonyms_fr=_split(row.get("demonyms_fr")),
    )


def _city(row: dict[str, str]) -> CityEntry:
    return CityEntry(
        name=row["name"].strip(), country=(row.get("country") or "").strip() or None, aliases=_split(row.get("aliases"))
    )


def read_gazetteer(data_dir: Path = DATA_DIR) -> Gazetteer:
    """Missing files give empty sections, so a partial data set still works."""
    return Gazetteer(
        [_agency(r) for r in _read_rows(data_dir / "agencies.csv") if (r.get("id") or "").strip()],
        [_country(r) for r in _read_rows(data_dir / "countries.csv") if (r.get("code") or "").strip()],
        [_city(r) for r in _read_rows(data_dir / "cities.csv") if (r.get("name") or "").strip()],
        Vocabulary.read(data_dir),
    )


# Agencies the analyst added in the database in use (see lib/correct.py); they join the data files.
_analyst_agencies: tuple[AgencyEntry, ...] = ()
# Bumped whenever the analyst's agencies change: pipelines built from an older gazetteer are stale
# (lib/extraction/nlp.py keys its cache on it, so this module needs no import of the pipeline).
_generation = 0


def generation() -> int:
    return _generation


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    base = read_gazetteer(DATA_DIR)
    if not _analyst_agencies:
        return base
    own = {a.id for a in _analyst_agencies}
    agencies = [a for a in base.agencies.values() if a.id not in own] + list(_analyst_agencies)
    return Gazetteer(agencies, list(base.countries.values()), base.cities, base.vocabulary)


def analyst_agencies() -> tuple[AgencyEntry, ...]:
    """The analyst's agencies in use (set_analyst_agencies), e.g. to hand to a cluster's workers."""
    return _analyst_agencies


def set_analyst_agencies(entries: list[AgencyEntry]) -> bool:
    """Use these analyst agencies from now on; True when that changed the gazetteer (pipelines are
    then rebuilt on their next load, since their matchers were made from the old one)."""
    global _analyst_agencies, _generation
    wanted = tuple(sorted(entries, key=lambda a: a.id))
    if wanted == _analyst_agencies:
        return False
    _analyst_agencies = wanted
    _generation += 1
    load_gazetteer.cache_clear()
    return True
