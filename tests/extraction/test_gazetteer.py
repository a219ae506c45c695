"""The registry: CSV loading and look-ups, on a small hand-made data set and on the shipped data."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from lib.extraction.gazetteer import fold, load_gazetteer, read_gazetteer

KINDS = {
    "police", "gendarmerie", "domestic_intelligence", "foreign_intelligence", "intelligence", "border_customs",
    "judicial", "interior_ministry", "counter_terrorism", "international",
}


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


@pytest.fixture
def small(tmp_path):
    _write(
        tmp_path / "agencies.csv",
        ["id", "name", "country", "kind", "generic", "acronyms", "aliases", "native_names"],
        [
            ["XSB", "Xanadu Security Bureau", "XA", "police", "national_police", "XSB|XSBU", "Xanadu Police", "Bureau de sûreté"],
            ["XSB-YB", "Yonder Security Bureau", "YB", "police", "", "XSB", "", ""],
            ["Ministry of the Interior (XA)", "Ministry of the Interior", "XA", "interior_ministry", "interior_ministry", "", "", ""],
        ],
    )
    _write(
        tmp_path / "countries.csv",
        ["code", "name", "name_fr", "aliases", "demonyms_en", "demonyms_fr"],
        [["XA", "Xanadu", "Xanadou", "Xanadu Republic", "Xanaduan", "xanadien|xanadienne"]],
    )
    _write(tmp_path / "cities.csv", ["name", "country", "aliases"], [["Xville", "XA", "Xvil"]])
    return read_gazetteer(tmp_path)


def test_fold_ignores_accents_case_and_spacing():
    assert fold("  Sûreté   NATIONALE ") == fold("surete nationale") == "surete nationale"
    assert fold("l’Intérieur") == "l'interieur"


def test_acronyms_are_case_sensitive_and_prefer_the_bare_id(small):
    assert [a.id for a in small.by_acronym("XSB")] == ["XSB", "XSB-YB"]
    assert small.by_acronym("xsb") == ()
    assert [a.id for a in small.by_acronym("XSBU")] == ["XSB"]


def test_long_forms_ignore_case_and_accents(small):
    assert [a.id for a in small.by_alias("xanadu police")] == ["XSB"]
    assert [a.id for a in small.by_alias("BUREAU DE SURETE")] == ["XSB"]
    assert small.by_alias("Police") == ()


def test_generic_and_tail_lookups(small):
    assert small.by_generic("XA", "interior_ministry").id == "Ministry of the Interior (XA)"
    assert small.by_generic("YB", "interior_ministry") is None
    assert [a.id for a in small.by_tail("Security Bureau")] == ["XSB", "XSB-YB"]


def test_countries_and_cities(small):
    assert small.country_by_name("Xanadou") == "XA"
    assert small.country_by_name("xanadu republic") == "XA"
    assert small.country_by_demonym("Xanadienne") == "XA"
    assert small.city("Xvil").name == "Xville"
    assert small.city("Xvil").country == "XA"


def test_missing_files_give_an_empty_registry(tmp_path):
    empty = read_gazetteer(tmp_path)
    assert empty.agencies == {} and empty.countries == {} and empty.by_acronym("DGSI") == ()


def test_shipped_data_is_consistent():
    g = load_gazetteer()
    assert g.agency("DGSI").country == "FR"
    assert g.agency("DGSN").country == "MA"
    for agency in g.agencies.values():
        assert agency.kind in KINDS, agency.id
        assert agency.country, agency.id
    assert g.country_by_demonym("French") == "FR"
    assert g.country_by_demonym("marocaine") == "MA"


def test_bodies_that_sit_in_a_city_are_found_by_city_and_kind():
    gazetteer = load_gazetteer()
    assert gazetteer.by_seat("Paris", "prosecutor_office").id == "Paris Prosecutor's Office"
    assert gazetteer.by_seat("Palerme", "prosecutor_office").id == "Palermo Prosecutor's Office"  # a city alias
    assert gazetteer.by_seat("Madrid", "prosecutor_office") is None
    assert gazetteer.by_seat("Atlantis", "prosecutor_office") is None


def test_regions_by_their_english_and_french_names_but_no_compass_points():
    gazetteer = load_gazetteer()
    assert gazetteer.region("Catalonia") == gazetteer.region("Catalogne") == "ES"
    assert gazetteer.region("Colombie-Britannique") == "CA"
    assert gazetteer.region("South") is None and gazetteer.region("Sahel") is None
