"""Countries from names, demonyms and near-miss spellings; cities with their country."""
from __future__ import annotations

import pytest

from lib.extraction.extract import extract_document
from lib.extraction.gazetteer import load_gazetteer
from lib.extraction.places import near_miss_country
from lib.records import Document


def _countries(text: str) -> dict[str, list[str]]:
    extraction = extract_document(Document(text=text, filename="t.txt"))
    return {c.code: [m.text for m in c.mentions] for c in extraction.countries}


@pytest.mark.parametrize(("word", "code"), [("Frane", "FR"), ("Marocco", "MA"), ("Spian", "ES"), ("Germnay", "DE")])
def test_near_miss_spellings(word, code):
    assert near_miss_country(load_gazetteer(), word) == code


@pytest.mark.parametrize("word", ["Frame", "Ivan", "Monday", "Police", "Trance", "Spin", "Grease"])
def test_ordinary_words_are_not_near_misses(word):
    assert near_miss_country(load_gazetteer(), word) is None


def test_typo_after_a_place_word_counts_but_a_name_does_not():
    found = _countries("The delegation flew to Itlay last week. Mr Frank Itlay was not with them.")
    assert found == {"IT": ["Itlay"]}


def test_names_and_demonyms_in_english_and_french():
    assert set(_countries("Belgian and Dutch police met in the Netherlands.")) == {"BE", "NL"}
    found = _countries("Les services marocains et la France ont renforcé leur coopération.")
    assert found["MA"] == ["marocains"] and found["FR"] == ["France"]


def test_country_inside_an_agency_name_is_not_a_mention():
    extraction = extract_document(Document(text="The French National Police opened an inquiry.", filename="t"))
    assert {c.code: c.mentions for c in extraction.countries} == {"FR": ()}


def test_cities_carry_their_country():
    if load_gazetteer().city("Lyon") is None:
        pytest.skip("cities.csv not written yet")
    extraction = extract_document(Document(text="Interpol officers gathered in Lyon on Monday.", filename="t"))
    assert [(loc.name, loc.country) for loc in extraction.locations] == [("Lyon", "FR")]


def test_territories_with_their_own_iso_code_are_countries():
    found = _countries("The course brought officers from Anguilla, Bermuda, the Cayman Islands, Martinique and "
                       "St. Maarten to Barbados.")
    assert {"AI", "BM", "KY", "MQ", "SX", "BB"} <= set(found)


def test_a_state_named_new_something_is_not_that_country():
    found = _countries("Agents in New Mexico and New Jersey seized the shipment before it crossed into Mexico.")
    assert found == {"MX": ["Mexico"]}


def test_a_surname_that_spells_a_country_is_no_country():
    assert "MU" not in _countries("Le directeur exécutif d'Interpol, Tee Maurice, a reçu la médaille à Alger.")


def test_a_place_name_before_a_facility_is_no_misspelt_country():
    assert "PW" not in _countries("The suspects were held when they landed at Palam airport on Monday.")
