"""A document's own country, down to its site's country-code domain."""
from __future__ import annotations

import pytest

from lib.extraction.extract import extract_document
from lib.extraction.gazetteer import load_gazetteer
from lib.extraction.resolution import site_country
from lib.records import Document


@pytest.mark.parametrize("url, country", [
    ("https://www.interior.gov.bh/en/news/17", "BH"),
    ("http://news.example.co.ke/story?id=4", "KE"),
    ("www.example.co.uk/news", "GB"),
    ("https://example.ma:8443/article", "MA"),
    ("https://example.com/news", None),
    ("https://radio.example.fm/news", None),  # a domain sites of any country use
    ("https://example.eu/press", None),
    ("not a url at all", None),
    ("", None),
    (None, None),
    (float("nan"), None),  # a stored record's missing address, read back by pandas
    (42, None),
])
def test_the_country_of_a_sites_country_code_domain(url, country):
    assert site_country(load_gazetteer(), url) == country


_NO_COUNTRY = ("The Interior Minister, General Rashad Al Mansoori, received on Sunday the Secretary-General of the "
               "Council of Arab Interior Ministers at the ministry.")


def test_a_story_that_never_names_its_country_takes_its_sites():
    links = {p.name: p.agency for p in extract_document(
        Document(text=_NO_COUNTRY, filename="t.txt", url="https://www.interior.gov.bh/en/news/17")).persons}
    assert links["Rashad Al Mansoori"] == "Ministry of the Interior (BH)"


def test_the_country_a_story_names_comes_before_its_sites():
    text = _NO_COUNTRY.replace("at the ministry", "at the ministry in Rabat, Morocco")
    links = {p.name: p.agency for p in extract_document(
        Document(text=text, filename="t.txt", url="https://www.interior.gov.bh/en/news/17")).persons}
    assert links["Rashad Al Mansoori"] == "Ministry of the Interior (MA)"
