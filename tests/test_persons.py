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


# -- who leads what, from the clause around a name (sentences written for these tests) ----------


def test_relative_clause_with_a_verb_of_leading():
    people = _people("Marta Kowalski, who heads the Federal Criminal Police Office (BKA), spoke in Wiesbaden.")
    assert people["Marta Kowalski"][1] == "BKA"


def test_relative_clause_naming_two_bodies_keeps_the_first():
    people = _people(
        "Omar Tazi, who has led both the General Directorate for Territorial Surveillance (DGST) and the "
        "DGSN for years, landed in Madrid."
    )
    assert people["Omar Tazi"][1] == "DGST"


def test_french_relative_clause():
    people = _people(
        "Pierre Dumas, qui dirige aussi la Direction générale de la sécurité extérieure (DGSE), était présent."
    )
    assert people["Pierre Dumas"][1] == "DGSE"


def test_agency_led_by_name_in_both_languages():
    english = _people("The Paris Police Prefecture, headed by Marc Vidal, deployed extra officers.")
    french = _people("Eurojust, dirigée par la Portugaise Ana Ribeiro, a soutenu les enquêteurs.")
    assert english["Marc Vidal"][1] == "PP"
    assert french["Ana Ribeiro"][1] == "Eurojust" and "Portugaise Ana Ribeiro" not in french


def test_possessive_agency_before_the_title():
    assert _people("Europol's Executive Director Anna Lindqvist presented the figures.")["Anna Lindqvist"][:2] == (
        "Executive Director", "Europol")
    assert _people("Tom Baker, the FBI's deputy director, declined to comment.")["Tom Baker"][1] == "FBI"


def test_the_organisation_refers_to_the_body_named_last():
    text = (
        "Interpol opened its annual conference in Vienna. Delegates elected Maria Santos of Chile as the "
        "organisation's next Secretary General. She replaces Hans Meier of Austria, who has led the "
        "Vienna-based organisation since 2019."
    )
    people = _people(text)
    assert people["Maria Santos"][:2] == ("Secretary General", "Interpol")
    assert people["Hans Meier"][1] == "Interpol"


def test_a_minister_takes_the_country_named_nearest_before_in_the_sentence():
    text = "Talks between the German delegation and Interior Minister Paolo Rossi of the Italian government began."
    extraction = extract_document(Document(text=text, filename="t.txt"))
    people = {p.name: p.agency for p in extraction.persons}
    assert people["Paolo Rossi"] == "Ministry of the Interior (DE)"
    # The title names that ministry, so the ministry is one of the article's agencies.
    assert "Ministry of the Interior (DE)" in {a.id for a in extraction.agencies}


def test_a_minister_without_a_country_in_the_sentence_takes_the_document_country():
    text = (
        "Italian police arrested six people in Naples on Monday. "
        "Interior Minister Lucia Ferri praised the officers."
    )
    assert _people(text)["Lucia Ferri"][1] == "Ministry of the Interior (IT)"


def test_city_prosecutor_from_the_title():
    extraction = extract_document(
        Document(text="Le procureur de Paris, Jean Martin, a ouvert une enquête pour escroquerie.", filename="t")
    )
    assert {p.name: p.agency for p in extraction.persons}["Jean Martin"] == "Paris Prosecutor's Office"
    assert "Paris Prosecutor's Office" in {a.id for a in extraction.agencies}


def test_a_place_may_end_a_name_next_to_a_title_but_not_open_it():
    people = _people("Kate Holland, the NCA's head of cybercrime, met Europol officials at Rabat Karim Lazrak's office.")
    assert people["Kate Holland"][1] == "NCA"
    assert not any(name.startswith("Rabat") for name in people)


# -- names that are not people ---------------------------------------------------------------


def test_operation_product_and_group_names_are_not_people():
    text = (
        "Operation Silver Harbour targeted the malware loaders QakLoader and NetWalkBot. The boss of Sacra "
        "Corona was arrested at the hotel La Perla in Bari. The scheme, known as Golden Gate, collapsed."
    )
    assert _people(text) == {}


def test_a_lone_word_stays_only_as_a_known_surname_or_with_a_title():
    people = _people("José Ramírez Ochoa was extradited on Monday. Ramirez had fled in 2019. Commissioner Brandt said so.")
    assert "José Ramírez Ochoa" in people and "Ramirez" not in people
    assert people["José Ramírez Ochoa"][2] == ["José Ramírez Ochoa", "Ramirez"]
    assert people["Brandt"][0] == "Commissioner"


def test_a_full_name_tagged_as_an_organisation_is_a_person_when_its_surname_recurs():
    people = _people(
        "Karel Novak, the alleged head of the smuggling ring, was detained in Prague. Novak denied the charges."
    )
    assert list(people) == ["Karel Novak"]
    assert people["Karel Novak"][2] == ["Karel Novak", "Novak"]


def test_a_lead_verb_with_another_object_links_no_body():
    people = _people("Jan de Wit, who led the raid with the FBI, was praised by his colleagues.")
    assert people.get("Jan de Wit", (None, None))[1] is None
