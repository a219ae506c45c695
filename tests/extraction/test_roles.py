"""The title lexicon: per-title kinds of body, titles of some countries only, adjectives inside French
titles, and ranks that are no titles of a body."""
from __future__ import annotations

from lib.extraction.nlp import load_pipeline
from lib.extraction.roles import ROLE_SPAN_KEY, rank_lexicon, role_generic, title_info


def _roles(text: str, language: str) -> list[tuple[str, str, str]]:
    doc = load_pipeline(language)(text)
    return [(s.text, s.label_, s.kb_id_) for s in doc.spans[ROLE_SPAN_KEY]]


def test_a_kind_of_body_belongs_to_the_title_not_to_its_english_role():
    # "Attorney General" heads the US Justice Department; a French "procureur général" heads no ministry.
    english = title_info("Attorney General")
    assert english is not None and (english.generic, english.countries) == ("justice_ministry", ("US",))
    french = title_info("procureur général")
    assert french is not None and french.role == "Attorney General" and french.generic is None


def test_titles_of_one_country_say_so():
    assert title_info("Home Secretary").countries == ("GB",)
    assert title_info("garde des Sceaux").countries[:2] == ("FR", "DZ")  # France and the francophone states
    assert title_info("Interior Minister").countries == ()
    assert role_generic("Minister of the Interior") == "interior_ministry"


def test_french_title_keeps_its_country_adjectives_inside():
    found = _roles("Le ministre espagnol de l'Intérieur a reçu les ministres belge et néerlandais de la Justice.", "fr")
    assert ("ministre espagnol de l'Intérieur", "Minister of the Interior", "ministre de l'interieur") in found
    assert any(text == "ministres belge et néerlandais de la Justice" and role == "Minister of Justice"
               for text, role, _key in found)


def test_ranks_are_not_title_spans():
    assert rank_lexicon()["general"] == "General" and rank_lexicon()["colonel"] == "Colonel"
    found = _roles("General Ospina and the Secretary General met Colonel Reyes.", "en")
    assert [text for text, _role, _key in found] == ["Secretary General"]
