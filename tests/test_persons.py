"""People with their title and agency, in English and French, and their later bare surnames."""
from __future__ import annotations

from lib.extract import extract_document
from lib.records import Document


def _people(text: str) -> dict[str, tuple[str | None, str | None, list[str]]]:
    extraction = extract_document(Document(text=text, filename="t.txt"))
    return {p.name: (p.role, p.agency, [m.text for m in p.mentions]) for p in extraction.persons}


def test_name_comma_title_of_agency_with_acronym():
    people = _people("Laura Mendes, Director General of External Security (DGSE), received the delegation.")
    assert people == {"Laura Mendes": ("Director General", "DGSE", ["Laura Mendes"])}


def test_title_of_agency_comma_name():
    people = _people("The Director General of the French National Police (DGPN), Marc Olivier, opened the meeting.")
    assert people["Marc Olivier"][:2] == ("Director General", "DGPN")


def test_long_title_with_two_agencies_then_name_and_later_surname():
    text = (
        "Director General of the Federal Criminal Police Office (BKA) and Federal Police Yusuf Okonjo "
        "opened the conference in Wiesbaden. Okonjo later met the press."
    )
    people = _people(text)
    assert set(people) == {"Yusuf Okonjo"}
    role, agency, mentions = people["Yusuf Okonjo"]
    assert (role, agency) == ("Director General", "BKA")
    assert mentions == ["Yusuf Okonjo", "Okonjo"]


def test_title_before_name_with_a_national_minister():
    people = _people("Italian Interior Minister Paolo Benedetti welcomed the agreement.")
    assert people["Paolo Benedetti"][:2] == ("Minister of the Interior", "Ministry of the Interior (IT)")


def test_title_from_the_agency_tail_without_acronym():
    people = _people("Anna Weiss, director general of internal security, spoke first.")
    assert people["Anna Weiss"][:2] == ("Director General", "DGSI")


def test_titles_are_never_people():
    people = _people("The Director General of Internal Security said the threat was high.")
    assert people == {}


def test_accented_and_plain_spellings_are_one_person_keeping_the_text_spelling():
    people = _people("Héloïse Marchand, head of the DGSI, spoke in Paris. Later, Heloise Marchand left. Marchand smiled.")
    assert list(people) == ["Héloïse Marchand"]
    assert people["Héloïse Marchand"][2] == ["Héloïse Marchand", "Heloise Marchand", "Marchand"]


def test_french_title_then_name_and_name_then_title():
    text = (
        "Le directeur général de la DGSN, Karim Bennani, a reçu à Rabat Sophie Laurent, directrice générale "
        "de la sécurité intérieure. Bennani a salué la coopération."
    )
    people = _people(text)
    assert people["Karim Bennani"][:2] == ("Director General", "DGSN")
    assert people["Karim Bennani"][2] == ["Karim Bennani", "Bennani"]
    assert people["Sophie Laurent"][:2] == ("Director General", "DGSI")
