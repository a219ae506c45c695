"""Agency spans: gazetteer names, definitions in the text, generic forms, ambiguous acronyms."""
from __future__ import annotations

import pytest

from lib.extraction.extract import extract_document
from lib.records import Document


def _agencies(text: str) -> dict[str, tuple[str | None, list[str]]]:
    extraction = extract_document(Document(text=text, filename="t.txt"))
    return {a.id: (a.country, [m.text for m in a.mentions]) for a in extraction.agencies}


def test_acronyms_are_case_sensitive():
    found = _agencies("Officers of the DGSI questioned the suspect. The word dgsi in lower case means nothing.")
    assert found["DGSI"] == ("FR", ["DGSI"])


def test_long_forms_match_whatever_the_case():
    found = _agencies("The general directorate for internal security opened an inquiry into the network.")
    assert "DGSI" in found


def test_french_long_form_without_accents():
    found = _agencies("La Direction generale de la securite interieure a ouvert une enquete sur ce reseau a Paris.")
    assert "DGSI" in found


def test_definition_teaches_an_unknown_acronym_with_its_country():
    found = _agencies(
        "Officers of the Coastal Narcotics Brigade (CNBX) and the Guardia Civil seized two tonnes of hashish. "
        "The CNBX said the boat came from Morocco."
    )
    country, mentions = found["CNBX"]
    assert country == "ES"
    assert mentions.count("CNBX") == 2 and "Coastal Narcotics Brigade" in mentions


def test_definition_names_a_known_agency_and_its_long_form_later():
    found = _agencies(
        "The head of Territory Surveillance (DGST) visited Madrid. Territory Surveillance officers joined him."
    )
    assert found["DGST"][1].count("Territory Surveillance") == 2


def test_an_ordinary_defined_term_is_not_an_agency():
    found = _agencies("The World Health Organization (WHO) published a report on Monday.")
    assert "WHO" not in found


@pytest.mark.parametrize(
    ("text", "agency_id"),
    [
        ("Spanish police arrested three men in Algeciras.", "CNP"),
        ("Morocco's Interior Ministry announced the measure on Friday.", "Ministry of the Interior (MA)"),
        ("La police espagnole a interpellé trois hommes à Algésiras.", "CNP"),
    ],
)
def test_generic_forms_resolve_through_their_country(text, agency_id):
    assert agency_id in _agencies(text)


def test_a_bare_generic_word_is_not_an_agency():
    assert _agencies("The police said the road was closed.") == {}


def test_ambiguous_acronym_follows_the_document_countries():
    algeria = _agencies("In Algiers, the DGSN dismantled a cell. Algerian officers seized weapons.")
    morocco = _agencies("In Rabat, the DGSN dismantled a cell. Moroccan officers seized weapons.")
    assert "DGSN-DZ" in algeria and "DGSN" not in algeria
    assert "DGSN" in morocco


def test_a_defined_acronym_of_a_known_body_is_that_body_for_the_whole_text():
    found = _agencies(
        "The Australian Federal Police (AFP) arrested two men in Sydney. The AFP said more arrests would follow."
    )
    assert found == {"Australian Federal Police": ("AU", ["Australian Federal Police", "AFP", "AFP"])}


def test_an_undefined_acronym_that_is_also_a_news_agency_is_not_an_agency():
    assert _agencies("The summit ended on Friday, AFP reported, after two days of talks.") == {}


def test_a_common_noun_with_an_acronym_is_no_agency():
    found = _agencies("Prosecutors set up a joint investigation team (JIT) with the support of Eurojust.")
    assert set(found) == {"Eurojust"}


def test_a_country_before_an_acronym_is_not_its_long_form():
    found = _agencies("Lead: authorities of FRANCE (DGSI), SPAIN (CNP).")
    assert found["DGSI"] == ("FR", ["DGSI"]) and found["CNP"] == ("ES", ["CNP"])


def test_coordinated_generic_bodies_share_their_country():
    found = _agencies("Le chef de la police et de la gendarmerie espagnoles était à Rabat.")
    assert {"CNP", "Guardia Civil"} <= set(found)


def test_metropolitan_police_by_its_usual_name():
    assert "Metropolitan Police" in _agencies("Officers of the Metropolitan Police searched two flats in Croydon.")


# -- generic forms with a country cue, and "U.S." --------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "agency"),
    [
        ("The Brazilian federal police seized a ton of cocaine at the port of Santos.", "PF"),
        ("La police fédérale brésilienne a saisi une tonne de cocaïne.", "PF"),
        ("Italy's Carabinieri arrested the fugitive near Trapani.", "Carabinieri"),
        ("The U.S. Justice Department unsealed the indictment.", "DOJ"),
        ("Officials at the Justice Department in Washington declined to comment.", "DOJ"),
        ("The US Department of Justice asked Colombia to extradite the suspect.", "DOJ"),
        ("Le département de la Justice américain a inculpé trois suspects.", "DOJ"),
        ("The U.S. federal police questioned the pilot.", "FBI"),
    ],
)
def test_generic_forms_resolve_through_their_country(text, agency):
    assert agency in _agencies(text)


def test_us_with_dots_is_the_united_states_as_a_country_and_an_adjective():
    extraction = extract_document(Document(text="U.S. Attorney General Pam Bondi thanked the U.S. Marshals.", filename="t.txt"))
    assert "US" in {c.code for c in extraction.countries}
    assert {p.name: p.agency for p in extraction.persons}["Pam Bondi"] == "DOJ"


def test_a_verb_is_not_the_start_of_an_agency_name():
    found = _agencies("Valdecy Urquiza met police chiefs from Africa in Kigali.")
    assert "Metropolitan Police" not in found


# -- generic phrases and shared names take their country from the text, never from the first entry -------

@pytest.mark.parametrize(("text", "wrong"), [
    ("Brandenburg state police arrested two men near the Polish border on Tuesday.", "Polizia di Stato"),
    ("Les droits de douane sur l'acier ont augmenté en mars.", "Dutch Customs"),
    ("La police judiciaire belge a perquisitionné trois maisons à Liège.", "DNPJ"),
    ("Investigators of Portugal's Polícia Judiciária searched a warehouse in Porto.", "DNPJ"),
    ("FRA Director Marta Silva met EU agencies in Vienna to discuss fundamental rights.", "FRA"),
])
def test_a_generic_phrase_never_becomes_another_countrys_body(text, wrong):
    assert wrong not in _agencies(text)


def test_an_acronym_defined_in_the_text_beats_a_look_alike_long_form():
    found = _agencies("Officers of Poland's Central Bureau of Investigation (CBŚP) raided a flat in Łódź.")
    assert "CBI" not in found
    assert found.get("CBŚP", ("", []))[0] == "PL"


def test_a_shared_name_without_any_country_in_the_text_stays_unresolved():
    assert _agencies("The Ministry of Interior said the roads would reopen on Monday.") == {}


def test_a_dateline_gives_the_document_its_country():
    found = _agencies("KUWAIT - The Ministry of Interior received a delegation from the Saudi Ministry of Interior.")
    assert {"Ministry of the Interior (KW)", "Ministry of the Interior (SA)"} <= set(found)


def test_a_country_without_such_body_in_the_gazetteer_gets_one_named_after_its_kind():
    found = _agencies("La gendarmerie nationale islandaise a reçu une délégation.")  # Iceland has none
    assert found.get("National Gendarmerie (IS)", ("", []))[0] == "IS"


def test_a_force_named_by_its_town_is_a_local_body_of_its_country():
    found = _agencies("Officers of the Mirabel Police Service and the Sûreté du Québec joined the Montreal operation "
                      "in Canada.")
    assert found.get("Mirabel Police Service", ("", []))[0] == "CA"


def test_an_acronym_name_written_in_title_case_is_found():
    assert "AMERIPOL" in _agencies("Ameripol gathered police chiefs from the Americas in Cancún, Mexico.")


def test_two_acronyms_joined_by_a_hyphen_are_both_found():
    assert {"DGSN", "DGST"} <= set(_agencies("The DGSN-DGST centre in Rabat shared the lead with Spain."))


# -- bodies the gazetteer lacks, typography, and what is not a body -----------------------------------

def test_the_models_organisations_with_a_trade_word_are_bodies_of_their_country():
    found = _agencies("The Durban Regional Court ordered the extradition requested by Ghana on Monday.")
    assert found.get("Durban Regional Court", ("", []))[0] == "ZA"


@pytest.mark.parametrize("text", [
    "The Ministry of Foreign Affairs of Ghana summoned the ambassador.",
    "The Ghana News Agency reported the arrests in Accra.",
    "Soldiers of the Nigerian Army patrolled the border.",
])
def test_foreign_ministries_media_and_armies_are_not_bodies_of_the_trade(text):
    assert not [a for a in _agencies(text) if a not in ("Ghana Police Service",)]


def test_a_typographic_apostrophe_is_an_apostrophe():
    found = _agencies("Le ministère de l’Intérieur marocain a salué l’opération.")
    assert "Ministry of the Interior (MA)" in found


def test_an_acronym_name_in_title_case_defines_its_long_form():
    found = _agencies("The African police cooperation mechanism (Afripol) met in Algiers.")
    assert found["AFRIPOL"][1] == ["African police cooperation mechanism", "Afripol"]


def test_a_generic_phrase_before_a_plural_or_a_member_names_people_not_a_body():
    assert _agencies("Spanish police officers and French customs agents searched the lorry.") == {}
    assert _agencies("Ana Costa, a senior Brazilian police official, spoke in Lyon.") == {}


def test_a_generic_phrase_that_goes_on_as_a_name_is_a_body_of_its_own():
    found = _agencies("The Canadian Police Command said officers would travel to Paris for the Games.")
    assert found.get("Canadian Police Command", ("", []))[0] == "CA"


def test_the_wire_credited_in_a_dateline_is_not_a_body_even_later():
    found = _agencies("Accra, June 3, GNA - The Ghana Police Service signed a pact with Argentina's police. "
                      "A statement to the GNA gave the details.")
    assert "GNA" not in found and "Ghana Police Service" in found


def test_a_body_named_in_parentheses_defines_the_description_before_it():
    found = _agencies("Officers of the International Criminal Police Department (UAE Interpol) flew to Kuwait.")
    assert found["Interpol"][1][0] == "International Criminal Police Department"


def test_an_acronym_signing_off_a_paragraph_is_the_wire_not_a_body():
    found = _agencies("The Algerian DGSN hosted the meeting in Algiers. (APS)\n\nThe talks ended on Monday.")
    assert "Administration Police Service (KE)" not in found and "DGSN-DZ" in found


def test_the_nationality_of_suspects_is_no_country_for_a_body():
    found = _agencies("Rabat - Les suspects sont de nationalités marocaine et sénégalaise, indique le ministère de "
                      "l’Intérieur dans un communiqué.")
    assert "Ministry of the Interior (MA)" in found and not any(a.endswith("(SN)") for a in found)


def test_a_body_of_the_un_or_the_eu_is_international():
    found = _agencies("Le ministre égyptien a reçu le Bureau antiterroriste de l'ONU au Caire.")
    assert [c for a, (c, _m) in found.items() if "ONU" in a] == ["INT"]


def test_a_plural_generic_phrase_names_no_one_body():
    assert _agencies("Les polices aux frontières des pays du Sahel se sont réunies à Nouakchott.") == {}


def test_a_federation_s_federal_police_is_its_national_police():
    assert "Belgian Federal Police" in _agencies("The Belgian police searched the port of Antwerp on Monday.")


def test_a_force_named_after_a_province_is_of_that_provinces_country():
    found = _agencies("Limpopo police spokesperson Brig Sipho Dlamini said the suspects crossed from Zimbabwe.")
    assert found.get("Limpopo police", ("", []))[0] == "ZA"


def test_prosecutors_and_courts_named_after_their_town_are_bodies():
    found = _agencies("Le substitut du procureur du Parquet de Charleroi-Thuin a confirmé le transfert vers la Belgique.")
    assert [a for a in found if "Charleroi" in a] == ["Parquet de Charleroi-Thuin"]


def test_a_capitalised_court_with_its_country_is_a_body_but_an_unnamed_court_is_not():
    assert "Portugal's Supreme Court" in _agencies("Portugal's Supreme Court approved the extradition request.")
    assert _agencies("The court approved the extradition request on Monday.") == {}


def test_a_list_of_bodies_shares_the_country_written_after_the_last():
    found = _agencies("La cellule réunira des délégués des gardes-côtes et du bureau du procureur général tunisiens.")
    assert {found[a][0] for a in found} == {"TN"} and len(found) == 2


def test_a_shared_force_name_with_its_town_is_that_towns_force():
    found = _agencies("An officer of the Laval Metropolitan Police Service joined ten members of the Sûreté du Québec in Montreal.")
    assert found["Laval Metropolitan Police Service"][0] == "CA"
    assert "Metropolitan Police" not in found  # not London's Met


def test_french_local_forces_with_adjectives_before_their_place():
    found = _agencies("L’Agence des services frontaliers du Canada a travaillé avec le Service de police mohawk de Kahnawake "
                      "et la police tribale mohawk de Saint-Régis.")
    assert "Service de police mohawk de Kahnawake" in found and "police tribale mohawk de Saint-Régis" in found


def test_a_specific_name_beats_a_generic_phrase_with_its_country():
    found = _agencies("La Gendarmerie royale du Canada a arrêté deux hommes à Montréal.")
    assert found["RCMP"][0] == "CA" and not any(key.startswith("National Gendarmerie") for key in found)


def test_a_town_the_text_places_in_its_province_gives_its_force_a_country():
    text = ("Federal agents from the United States and the United States Border Patrol searched homes in Hogansburg. "
            "In Cornwall, Ontario, officers of the Cornwall Police Service arrested a man.")
    assert _agencies(text)["Cornwall Police Service"][0] == "CA"


def test_a_new_body_named_after_a_region_takes_its_country():
    found = _agencies("Italian investigators thanked the Organised Crime Unit of Andalusia (UDCO) for the arrest in Rome.")
    assert found["UDCO"][0] == "ES"


def test_interpol_national_central_bureaus_are_interpol():
    found = _agencies("The National Central Bureau (NCB) in Islamabad asked NCB Manila and NCB-Wiesbaden for help.")
    assert "Interpol" in found and "Narcotics Control Bureau (IN)" not in found
    assert {"NCB Manila", "NCB-Wiesbaden"} <= set(found["Interpol"][1])
    assert "Narcotics Control Bureau (IN)" in _agencies("India's NCB seized heroin in Delhi.")


def test_island_is_no_iceland():
    extraction = extract_document(Document(text="Pacific Island police chiefs met the Fiji Police Force in Suva.",
                                           filename="t.txt"))
    assert "IS" not in {c.code for c in extraction.countries}


def test_prefectural_forces_take_their_prefectures_country():
    found = _agencies("Officers of the Kanagawa Prefectural Police arrested two men with help from the Cambodian National Police.")
    assert found["Kanagawa Prefectural Police"][0] == "JP"


def test_english_renderings_of_east_european_bodies():
    # A name of common words stands for its body where its country is in play (here Poland and Romania).
    found = _agencies("Polish officers of the Central Bureau of Investigation of the National Police Headquarters "
                      "and the General Inspectorate of Border Police worked with Romania's DIICOT.")
    assert {"CBŚP", "Romanian Border Police", "DIICOT"} <= set(found)


def test_a_titled_post_with_its_country_and_no_name_acts_for_its_body():
    extraction = extract_document(Document(text="Oman's Minister of Interior received the French Ambassador in Muscat.",
                                           filename="t.txt"))
    assert {a.id: a.country for a in extraction.agencies} == {"Ministry of the Interior (OM)": "OM"}
    assert [e.type for e in extraction.events] == ["visit"]
    # A post without its country names no body.
    assert _agencies("The minister of interior received the ambassador.") == {}


def test_polands_interior_and_administration_minister():
    extraction = extract_document(Document(
        text="Minister of the Interior and Administration Tomasz Nowak thanked Europol.", filename="t.txt"))
    assert {p.name: p.agency for p in extraction.persons} == {"Tomasz Nowak": "MSWiA"}


@pytest.mark.parametrize("text, body", [
    ("A fugitive was held in Kenya on Monday. Officers of the Directorate of Criminal Investigations working with "
     "their counterparts in Tanzania arrested him in Mombasa.", "DCI"),
    ("Un fugitif a été arrêté au Sénégal lundi. Les enquêteurs de la police judiciaire, avec leurs homologues du "
     "Mali, l'ont interpellé à Dakar.", "Judicial Police (SN)"),
])
def test_the_country_of_a_bodys_counterparts_is_not_the_bodys(text, body):
    assert body in _agencies(text)


def test_a_word_of_a_post_before_police_is_no_town_with_its_force():
    text = "Colombia's Deputy Police Director Gen. Jose Robert Leon said on Monday that the man had surrendered."
    agencies = _agencies(text)
    assert "Deputy Police" not in agencies
    people = {p.name: p.agency for p in extract_document(Document(text=text, filename="t.txt")).persons}
    assert people == {"Jose Robert Leon": "Colombian National Police"}


@pytest.mark.parametrize("text", [
    "Colombian police said the Prosecutor General's Office took part in the operation in Cali.",
    "Colombian police said the Attorney General's Office took part in the operation in Cali.",
])
def test_the_office_of_a_title_is_a_body(text):
    assert "FGN" in _agencies(text)
