"""The shipped gazetteer CSVs (lib/data) follow the shared format and stay internally consistent.

These read the files with the csv module only, so a broken row fails here with its line, before
any extraction test trips over it.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import pycountry
import pytest

DATA = Path(__file__).resolve().parent.parent / "lib" / "data"

HEADERS = {
    "agencies.csv": ["id", "name", "country", "kind", "generic", "acronyms", "aliases", "native_names", "wikidata"],
    "countries.csv": ["code", "name", "name_fr", "aliases", "demonyms_en", "demonyms_fr"],
    "cities.csv": ["name", "country", "aliases"],
    "regions.csv": ["name", "country", "aliases"],
    "event_topic_heads.csv": ["word", "language", "why"],
}
KINDS = {
    "police", "gendarmerie", "domestic_intelligence", "foreign_intelligence", "intelligence", "border_customs",
    "judicial", "interior_ministry", "counter_terrorism", "international",
}
GENERICS = {
    "national_police", "federal_police", "gendarmerie", "interior_ministry", "justice_ministry", "customs",
    "border_police", "coast_guard", "domestic_intelligence", "foreign_intelligence", "military_intelligence",
    "judicial_police", "counter_terrorism_prosecutor", "immigration", "anti_narcotics", "anti_corruption",
    "financial_intelligence", "public_prosecutor", "national_guard", "criminal_investigation", "security_ministry",
}
# Words that alone would match far too much text to stand for one body.
TOO_VAGUE = {
    "police", "policia", "polizei", "interior", "intelligence", "renseignement", "justice", "justicia",
    "customs", "douane", "douanes", "aduanas", "gendarmerie", "security", "securite", "ministry", "ministere",
    "ministerio", "secret service", "border patrol", "coast guard", "national police", "federal police",
    "interior ministry", "ministry of the interior", "justice department", "zoll", "met",
}
# Demonyms two states genuinely share.
SHARED_DEMONYMS = {"congolese", "congolais", "congolaise", "congolaises"}
MULTI = {"agencies.csv": ("generic", "acronyms", "aliases", "native_names"),
         "countries.csv": ("aliases", "demonyms_en", "demonyms_fr"), "cities.csv": ("aliases",),
         "regions.csv": ("aliases",), "event_topic_heads.csv": ()}


def fold(text: str) -> str:
    """Accent- and case-insensitive key, the way long names are compared at look-up time."""
    decomposed = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


def split(value: str) -> list[str]:
    return value.split("|") if value else []


@lru_cache(maxsize=None)
def raw(name: str) -> tuple[list[str], tuple[dict[str, str], ...]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = tuple(dict(zip(header, row, strict=True)) for row in reader)
    return header, rows


def rows(name: str) -> tuple[dict[str, str], ...]:
    return raw(name)[1]


def valid_code(code: str) -> bool:
    return pycountry.countries.get(alpha_2=code) is not None


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_header_and_plain_csv(name):
    header, body = raw(name)
    assert header == HEADERS[name]
    text = (DATA / name).read_text(encoding="utf-8")
    assert not any(line.startswith("#") for line in text.splitlines())
    for row in body:
        for column, value in row.items():
            assert value == value.strip(), (name, row)
            assert "\n" not in value and ";" not in value, (name, column, value)
        for column in MULTI[name]:
            items = split(row[column])
            assert all(item and item == item.strip() for item in items), (name, column, row[column])
            assert len(items) == len(set(items)), (name, column, row[column])


def test_agency_rows_are_well_formed():
    ids = [r["id"] for r in rows("agencies.csv")]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    for r in rows("agencies.csv"):
        assert r["id"] and r["name"], r
        assert r["country"] == "INT" or valid_code(r["country"]), r["id"]
        assert r["kind"] in KINDS, r["id"]
        # International bodies and only they carry the "international" kind.
        assert (r["country"] == "INT") == (r["kind"] == "international"), r["id"]
        assert set(split(r["generic"])) <= GENERICS, r["id"]
        for acronym in split(r["acronyms"]):
            # One token, optionally followed by a unit number ("GSG 9").
            assert re.fullmatch(r"\S+( \d+)?", acronym), (r["id"], acronym)
        assert re.fullmatch(r"(Q\d+)?", r["wikidata"]), r["id"]


def test_agency_ids_follow_the_naming_rules():
    for r in rows("agencies.csv"):
        agency_id, country = r["id"], r["country"]
        qualified = re.fullmatch(r"(.+) \(([A-Z]{2})\)", agency_id)
        if qualified:
            assert qualified.group(2) == country, agency_id
        suffixed = re.fullmatch(r"(.+)-([A-Z]{2})", agency_id)
        if suffixed and agency_id not in split(r["acronyms"]):  # "ASCE-LC" is an acronym, "DGSN-DZ" a suffix
            assert suffixed.group(2) == country, agency_id
            # The bare acronym belongs to another body; this one still answers to it.
            assert suffixed.group(1) in split(r["acronyms"]), agency_id
            others = {a["country"] for a in rows("agencies.csv") if suffixed.group(1) in split(a["acronyms"])}
            assert others - {country}, agency_id
        elif re.fullmatch(r"[A-Z][A-Z0-9]+", agency_id):
            assert agency_id in split(r["acronyms"]), agency_id


def test_no_name_or_acronym_is_claimed_twice_within_a_country():
    long_forms: dict[tuple[str, str], set[str]] = defaultdict(set)
    acronyms: dict[tuple[str, str], set[str]] = defaultdict(set)
    generics: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in rows("agencies.csv"):
        for form in [r["name"], *split(r["aliases"]), *split(r["native_names"])]:
            long_forms[(r["country"], fold(form))].add(r["id"])
        for acronym in split(r["acronyms"]):
            acronyms[(r["country"], acronym)].add(r["id"])
        for generic in split(r["generic"]):
            generics[(r["country"], generic)].add(r["id"])
    for table in (long_forms, acronyms, generics):
        clashes = {key: ids for key, ids in table.items() if len(ids) > 1}
        assert not clashes, clashes


def test_aliases_are_never_a_vague_word_alone():
    for r in rows("agencies.csv"):
        for alias in split(r["aliases"]):
            assert fold(alias) not in TOO_VAGUE, (r["id"], alias)
            assert len(alias) > 3, (r["id"], alias)


def test_gazetteer_size():
    agencies = rows("agencies.csv")
    countries = {r["country"] for r in agencies} - {"INT"}
    assert len(agencies) >= 1500
    assert len(countries) >= 190
    assert sum(r["country"] == "INT" for r in agencies) >= 60
    # Every UN member state has its main bodies: at least its police and its interior (or security) ministry.
    roles = defaultdict(set)
    for r in agencies:
        roles[r["country"]].update(split(r["generic"]))
    police = {"national_police", "federal_police", "gendarmerie"}
    without = sorted(c for c in countries if not roles[c] & police)
    assert len(without) <= 10, without


def test_every_referenced_country_has_a_row():
    known = {r["code"] for r in rows("countries.csv")}
    used = {r["country"] for r in rows("agencies.csv")} - {"INT"}
    used |= {r["country"] for r in rows("cities.csv")}
    assert used <= known, sorted(used - known)


def test_country_rows():
    codes = [r["code"] for r in rows("countries.csv")]
    assert len(codes) == len(set(codes))
    assert all(valid_code(code) for code in codes), [c for c in codes if not valid_code(c)]
    assert len(codes) >= 193
    with_demonyms = [r for r in rows("countries.csv") if r["demonyms_en"] and r["demonyms_fr"]]
    assert len(with_demonyms) >= 150
    for r in rows("countries.csv"):
        assert r["name"] and r["name_fr"], r["code"]
        assert r["name"] not in split(r["aliases"]), r["code"]
        assert all(d[0].isupper() for d in split(r["demonyms_en"])), r["code"]
        assert all(d == d.lower() for d in split(r["demonyms_fr"])), r["code"]


def test_country_names_and_demonyms_point_to_one_country():
    names: dict[str, set[str]] = defaultdict(set)
    demonyms: dict[str, set[str]] = defaultdict(set)
    for r in rows("countries.csv"):
        for name in [r["name"], r["name_fr"], *split(r["aliases"])]:
            names[fold(name)].add(r["code"])
        for demonym in split(r["demonyms_en"]) + split(r["demonyms_fr"]):
            demonyms[fold(demonym)].add(r["code"])
    assert not {n: c for n, c in names.items() if len(c) > 1}
    assert {d for d, c in demonyms.items() if len(c) > 1} <= SHARED_DEMONYMS
    # A demonym must not read as another country's name ("Philippine(s)" is fine, it is the same state).
    assert not {d: (c, names[d]) for d, c in demonyms.items() if d in names and names[d] - c}


def test_french_demonyms_carry_every_form():
    forms = {r["code"]: set(split(r["demonyms_fr"])) for r in rows("countries.csv")}
    assert {"marocain", "marocaine", "marocains", "marocaines"} <= forms["MA"]
    assert {"français", "française", "françaises"} <= forms["FR"]
    assert {"algérien", "algérienne", "algériens", "algériennes"} <= forms["DZ"]
    assert {"belge", "belges"} <= forms["BE"]
    assert {"grec", "grecque", "grecs", "grecques"} <= forms["GR"]


def test_cities():
    keys = [(r["name"], r["country"]) for r in rows("cities.csv")]
    assert len(keys) == len(set(keys))
    assert len(keys) >= 345
    codes = {r["code"] for r in rows("countries.csv")}
    # Every listed state has at least one city, its capital.
    assert codes <= {country for _, country in keys}, sorted(codes - {c for _, c in keys})
    for r in rows("cities.csv"):
        assert r["name"] not in split(r["aliases"]), r["name"]
    # A city alias is never a state's name ("Mexico" is not Mexico City), unless the city is the state.
    country_of = {fold(n): c["code"] for c in rows("countries.csv") for n in (c["name"], c["name_fr"])}
    for r in rows("cities.csv"):
        city_state = country_of.get(fold(r["name"])) == r["country"]
        for alias in split(r["aliases"]):
            named = country_of.get(fold(alias))
            assert named is None or (city_state and named == r["country"]), (r["name"], alias)


def _agency(agency_id: str) -> dict[str, str]:
    return next(r for r in rows("agencies.csv") if r["id"] == agency_id)


def test_key_bodies_the_extraction_relies_on():
    def generic_of(country: str, generic: str) -> str:
        found = [r["id"] for r in rows("agencies.csv") if r["country"] == country and generic in split(r["generic"])]
        assert len(found) == 1, (country, generic, found)
        return found[0]

    assert generic_of("FR", "national_police") == "DGPN"
    assert generic_of("MA", "national_police") == "DGSN"
    assert generic_of("ES", "gendarmerie") == "Guardia Civil"
    assert generic_of("MA", "interior_ministry") == "Ministry of the Interior (MA)"
    assert generic_of("FR", "counter_terrorism_prosecutor") == "PNAT"
    assert _agency("DGSN-DZ")["country"] == "DZ" and "DGSN" in split(_agency("DGSN-DZ")["acronyms"])
    assert {"DGST", "DST"} <= set(split(_agency("DGST")["acronyms"]))
    assert {"SIS", "MI6"} <= set(split(_agency("SIS")["acronyms"]))
    assert {"CUTA", "OCAM", "OCAD"} <= set(split(_agency("CUTA")["acronyms"]))
    assert "DCPJ" in split(_agency("DNPJ")["acronyms"])
    assert "French National Police" in split(_agency("DGPN")["aliases"])
    assert _agency("Europol")["country"] == "INT"


def test_regions():
    """Names of states, provinces and regions that ISO 3166-2 lacks: each one country, never a
    country's or a city's name (those already say where they are)."""
    seen: dict[str, str] = {}
    countries = {fold(n) for c in rows("countries.csv") for n in (c["name"], c["name_fr"], *split(c["aliases"]))}
    for r in rows("regions.csv"):
        assert valid_code(r["country"]), r
        for name in (r["name"], *split(r["aliases"])):
            assert seen.setdefault(fold(name), r["country"]) == r["country"], name
            assert fold(name) not in countries, name


def test_event_topic_heads():
    keys = [(r["word"], r["language"]) for r in rows("event_topic_heads.csv")]
    assert len(keys) == len(set(keys))
    assert {language for _w, language in keys} == {"en", "fr"}
    assert all(word == word.lower() and " " not in word and r["why"] for (word, _l), r in zip(keys, rows("event_topic_heads.csv")))
