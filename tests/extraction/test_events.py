"""Event building from triggers: type, date, participants, place, confidence."""
from __future__ import annotations

import datetime as dt

from lib.extraction.events import SentenceFacts, Trigger, build_events, trigger_rows
from lib.extraction.nlp import load_pipeline
from lib.extraction.events import TRIGGER_SPAN_KEY
from lib.extraction.extract import extract_document
from lib.records import DateRef, Document


def _facts(index, start, end, participants, actor=None, place=None, anaphoric=False):
    return SentenceFacts(index, start, end, f"s{index}", tuple(participants), actor, place, anaphoric)


def _day(start, end, char_start, precision="day"):
    return DateRef("d", start, end, precision, char_start, char_start + 5)


def test_trigger_lexicon_is_well_formed():
    rows = trigger_rows()
    assert {r.language for r in rows} == {"en", "fr"}
    assert all(0 < r.weight <= 1 for r in rows)
    assert {"visit", "meeting", "agreement", "intelligence_sharing", "judicial_cooperation", "arrest"} <= {r.type for r in rows}


def test_triggers_match_by_lemma_and_respect_part_of_speech():
    doc = load_pipeline("en")("The ministers held talks and visited the port. The state of the roads was poor.")
    found = {(s.text, s.label_.split("|")[0]) for s in doc.spans[TRIGGER_SPAN_KEY]}
    assert ("held talks", "meeting") in found and ("visited", "visit") in found
    assert not any(text == "state" for text, _ in found)


def test_event_takes_its_sentence_date_and_location():
    sentences = [_facts(0, 0, 100, ["DGSN", "FR"], actor="DGSN", place="FR")]
    dates = [_day(dt.date(2024, 6, 26), dt.date(2024, 6, 28), 40), _day(dt.date(2024, 1, 1), dt.date(2024, 12, 31), 60, "year")]
    (event,) = build_events(sentences, [Trigger("visit", "042", 0.9, 0)], dates)
    assert (event.type, event.code, event.location) == ("visit", "042", "FR")
    assert (event.date, event.date_end, event.precision, event.date_inferred) == (
        dt.date(2024, 6, 26), dt.date(2024, 6, 28), "day", False
    )
    assert event.participants == ("DGSN", "FR") and 0 < event.confidence <= 1


def test_pronoun_sentence_borrows_the_previous_actor_and_the_nearest_date():
    sentences = [
        _facts(0, 0, 50, ["Ana Ruiz"], actor="Ana Ruiz"),
        _facts(1, 51, 120, ["DGSI"], actor="DGSI", anaphoric=True),
    ]
    dates = [_day(dt.date(2023, 5, 2), dt.date(2023, 5, 2), 10)]
    (event,) = build_events(sentences, [Trigger("meeting", "040", 0.8, 1)], dates)
    assert event.participants == ("Ana Ruiz", "DGSI")
    assert event.date == dt.date(2023, 5, 2) and event.date_inferred is True


def test_statements_give_way_and_no_participant_means_no_event():
    sentences = [_facts(0, 0, 50, ["CNP"], actor="CNP"), _facts(1, 51, 90, [])]
    triggers = [Trigger("statement", "010", 0.4, 0), Trigger("arrest", "173", 0.85, 0), Trigger("visit", "042", 0.9, 1)]
    events = build_events(sentences, triggers, [])
    assert [(e.type, e.date) for e in events] == [("arrest", None)]


def test_confidence_grows_with_trigger_strength_and_participants():
    weak = build_events([_facts(0, 0, 10, ["A"])], [Trigger("training", None, 0.5, 0)], [])[0]
    strong = build_events([_facts(0, 0, 10, ["A", "B", "C"])], [Trigger("training", None, 0.8, 0)], [])[0]
    assert weak.confidence < strong.confidence and weak.code is None


# -- trigger words (sentences written for these tests) -------------------------------------------


def _triggers(text: str, language: str = "en") -> set[tuple[str, str]]:
    doc = load_pipeline(language)(text)
    return {(s.text, s.label_.split("|")[0]) for s in doc.spans[TRIGGER_SPAN_KEY]}


def test_the_longest_trigger_wins():
    found = _triggers("The commissioner spoke at a press conference in Canberra.")
    assert ("press conference", "statement") in found and not any(kind == "meeting" for _, kind in found)


def test_hosting_is_a_visit_only_with_a_guest():
    assert not any(kind == "visit" for _, kind in _triggers("Europol hosted a press conference in The Hague."))
    assert not any(kind == "visit" for _, kind in _triggers("The minister welcomed the verdict."))
    assert ("received", "visit") in _triggers("The minister received his Moroccan counterpart in Rabat.")


def test_attribution_is_no_statement():
    assert not any(kind == "statement" for _, kind in _triggers("According to a statement by the agency, talks went well."))
    assert not any(kind == "statement" for _, kind in _triggers("Selon un communiqué du ministère, la réunion a eu lieu.", "fr"))


def test_part_of_speech_is_checked_per_word_not_per_weight():
    # "raid" (no part of speech) shares its type and weight with "coordinate" (verbs only).
    assert ("raids", "joint_operation") in _triggers("Officers carried out raids in Antwerp and Ghent.")


def test_extraditions_and_joint_teams_are_judicial_cooperation():
    assert ("extradited", "judicial_cooperation") in _triggers("Colombia extradited the suspect to Spain.")
    found = _triggers("Les deux pays ont créé une équipe commune d'enquête.", "fr")
    assert ("équipe commune d'enquête", "judicial_cooperation") in found


# -- dates of events -----------------------------------------------------------------------------


def _text_facts(text: str) -> list[SentenceFacts]:
    """One SentenceFacts a line, every sentence naming the participant "X" and "Y"."""
    facts, at = [], 0
    for index, line in enumerate(text.split("\n")):
        facts.append(SentenceFacts(index, at, at + len(line), line, ("X", "Y"), "X", None, False))
        at += len(line) + 1
    return facts


def _dated(text: str, expression: str, start, end=None, precision="day") -> DateRef:
    at = text.index(expression)
    return DateRef(expression, start, end or start, precision, at, at + len(expression))


def test_the_dateline_gives_way_to_a_date_in_the_sentence():
    text = "MADRID, May 9 (Wire) - Police raided ten homes on Tuesday, officials said."
    dates = [_dated(text, "May 9", dt.date(2024, 5, 9)), _dated(text, "Tuesday", dt.date(2024, 5, 7))]
    (event,) = build_events(_text_facts(text), [Trigger("arrest", "173", 0.85, 0, text.index("raided"))], dates)
    assert (event.date, event.date_inferred) == (dt.date(2024, 5, 7), False)


def test_the_dateline_dates_only_its_own_sentence():
    text = "ROME, March 4 (Wire) - The ministers held talks.\nThe operation ended with arrests.\nOn Monday, more news came."
    dates = [_dated(text, "March 4", dt.date(2024, 3, 4)), _dated(text, "On Monday", dt.date(2024, 3, 4 - 1))]
    triggers = [Trigger("meeting", "040", 0.9, 0, 30), Trigger("arrest", "173", 0.85, 1, 70)]
    first, second = build_events(_text_facts(text), triggers, dates)
    assert (first.date, first.date_inferred) == (dt.date(2024, 3, 4), True)
    assert second.date == dt.date(2024, 3, 3)  # the following date: no narrative time before it


def test_an_undated_event_takes_the_last_event_date_not_an_aside_nor_a_coming_schedule():
    text = (
        "The chiefs met in Lisbon on 3 to 5 June.\n"
        "Their deputy, appointed in April, signed the plan.\n"
        "The games run from 20 July to 4 August.\n"
        "During the visit, the minister was decorated."
    )
    dates = [
        _dated(text, "3 to 5 June", dt.date(2024, 6, 3), dt.date(2024, 6, 5)),
        _dated(text, "April", dt.date(2024, 4, 1), dt.date(2024, 4, 30), "month"),
        _dated(text, "20 July to 4 August", dt.date(2024, 7, 20), dt.date(2024, 8, 4)),
    ]
    triggers = [Trigger("meeting", "040", 0.8, 0, 15), Trigger("award", None, 0.85, 3, 150)]
    events = build_events(_text_facts(text), triggers, dates, dt.date(2024, 6, 10))
    award = next(e for e in events if e.type == "award")
    assert (award.date, award.date_end, award.date_inferred) == (dt.date(2024, 6, 3), dt.date(2024, 6, 5), True)


def test_a_since_date_does_not_date_the_event():
    text = "He met his counterpart, minister since 2019."
    dates = [_dated(text, "2019", dt.date(2019, 1, 1), dt.date(2019, 12, 31), "year")]
    (event,) = build_events(_text_facts(text), [Trigger("meeting", "040", 0.8, 0, 3)], dates)
    assert event.date is None


def test_the_date_of_a_saying_is_not_the_date_of_what_is_reported():
    text = "Back on 2 May, raids took place.\nThe agency announced on Friday that 40 people were arrested."
    dates = [
        _dated(text, "2 May", dt.date(2024, 5, 2)),
        _dated(text, "on Friday", dt.date(2024, 5, 10)),
    ]
    triggers = [
        Trigger("joint_operation", None, 0.6, 0, text.index("raids")),
        Trigger("statement", "010", 0.6, 1, text.index("announced")),
        Trigger("arrest", "173", 0.85, 1, text.index("arrested")),
    ]
    events = {e.type: e for e in build_events(_text_facts(text), triggers, dates)}
    assert events["statement"].date == dt.date(2024, 5, 10) and not events["statement"].date_inferred
    assert events["arrest"].date == dt.date(2024, 5, 2) and events["arrest"].date_inferred


def test_a_joint_operation_needs_two_parties_unless_the_trigger_says_joint():
    one = [_facts(0, 0, 40, ["CNP"], actor="CNP")]
    assert build_events(one, [Trigger("joint_operation", None, 0.5, 0)], []) == []
    assert [e.type for e in build_events(one, [Trigger("joint_operation", None, 0.95, 0)], [])] == ["joint_operation"]


def test_a_strong_trigger_with_a_place_but_no_party_is_still_an_event():
    sentences = [_facts(0, 0, 40, [], place="Rabat"), _facts(1, 41, 80, [], place="Rabat")]
    events = build_events(sentences, [Trigger("agreement", "057", 0.8, 0), Trigger("visit", "042", 0.6, 1)], [])
    assert [(e.type, e.participants, e.location) for e in events] == [("agreement", (), "Rabat")]


def _event_types(text: str) -> set[str]:
    from lib.extraction.extract import extract_document
    from lib.records import Document

    return {e.type for e in extract_document(Document(text=text, filename="t.txt")).events}


def test_an_infrastructure_takedown_is_a_joint_operation_not_an_arrest():
    assert _event_types("Europol and the FBI took down the servers of the ransomware gang on Thursday.") == {
        "joint_operation"}
    assert _event_types("Europol et Eurojust ont coordonné la saisie des serveurs du botnet.") == {"joint_operation"}
    assert "arrest" not in _event_types(
        "Police from six countries seized the darknet marketplace and shut down its servers, Europol said.")


def test_an_arrest_of_named_suspects_stays_an_arrest_beside_a_takedown():
    kinds = _event_types("Dutch and German police took down the marketplace and arrested its administrator, Jan de Vries.")
    assert {"arrest", "joint_operation"} <= kinds
    assert _event_types("The Spanish police arrested Juan Pérez and Luis García in Málaga.") == {"arrest"}


def test_a_vague_period_dates_no_event():
    extraction = extract_document(Document(text="The NCA arrested two suspects last week in Leeds.", filename="t.txt",
                                           published=dt.date(2024, 3, 8)))
    assert extraction.dates and all(event.date is None for event in extraction.events)


def test_without_a_publication_date_the_address_dates_a_yearless_day():
    extraction = extract_document(Document(text="On 5 July the NCA arrested two suspects in Leeds.", filename="t.txt",
                                           url="https://example.org/news/2018/07/arrests"))
    assert [e.date for e in extraction.events if e.type == "arrest"] == [dt.date(2018, 7, 5)]


def test_a_sentence_dated_vaguely_borrows_no_other_date():
    extraction = extract_document(Document(
        text="The FBI flew the suspect to Miami on Friday. He had been arrested in Bogotá more than a year ago.",
        filename="t.txt", published=dt.date(2008, 12, 12)))
    arrests = [e for e in extraction.events if e.type == "arrest"]
    assert arrests and all(e.date is None for e in arrests)


def test_a_bare_year_elsewhere_is_no_narrative_time():
    extraction = extract_document(Document(
        text="The office, created in 2015, opened in Libreville. The Gabonese police exchanged information with it.",
        filename="t.txt"))
    assert all(e.date is None for e in extraction.events if e.type == "intelligence_sharing")


def _trigger_types(text: str, language: str = "en") -> list[tuple[str, str]]:
    doc = load_pipeline(language)(text)
    return [(s.text, s.label_.split("|")[0]) for s in doc.spans[TRIGGER_SPAN_KEY]]


def test_a_field_of_cooperation_is_no_happening():
    found = _trigger_types("The two ministers praised their cooperation in the fields of security, equipment and training.")
    assert not any(kind == "training" for _text, kind in found)
    found = _trigger_types("Les deux parties ont évoqué les projets liés aux domaines de la sécurité et de la formation.", "fr")
    assert not any(kind == "training" for _text, kind in found)
    found = _trigger_types("Il a salué les progrès en matière de rapatriement des migrants.", "fr")
    assert not any(kind == "judicial_cooperation" for _text, kind in found)


def test_a_body_named_by_its_trade_is_no_happening():
    found = _trigger_types("Cadets of the national police training academy met the visiting director of the EU's judicial cooperation agency.")
    kinds = {kind for _text, kind in found}
    assert "training" not in kinds and "judicial_cooperation" not in kinds and "meeting" in kinds
    # A training session is training all the same.
    assert ("training", "training") in _trigger_types("Interpol opened a training session for border officers in Kampala.")


def test_co_operation_is_no_operation():
    found = _trigger_types("He said closer co-operation between the two police services would help both.")
    assert not any(kind == "joint_operation" for _text, kind in found)


def test_a_warrant_held_is_the_ground_of_an_arrest_not_a_judicial_event():
    found = _trigger_types("The fugitive, who had an international arrest warrant against him, was arrested under a European arrest warrant.")
    assert {kind for _text, kind in found} == {"arrest"}
    found = _trigger_types("The court issued an arrest warrant for the two suspects.")
    assert ("arrest warrant", "judicial_cooperation") in found


def test_french_entretenir_is_a_meeting_only_when_reflexive():
    assert not any(kind == "meeting" for _t, kind in _trigger_types("Ces réseaux sont entretenus par la corruption.", "fr"))
    assert any(kind == "meeting" for _t, kind in _trigger_types("Le ministre s'est entretenu avec son homologue.", "fr"))


def test_french_seizures_and_operations_led_jointly():
    events = extract_document(Document(
        text="L'opération Nordet, menée conjointement avec la Gendarmerie royale du Canada, a permis aux policiers "
             "de saisir 40 kilos de cocaïne à Montréal.", filename="t.txt")).events
    assert {"joint_operation", "arrest"} <= {e.type for e in events}


def _events_dated(text: str) -> list[tuple[str, dt.date | None]]:
    extraction = extract_document(Document(text=text, filename="t.txt", published=dt.date(2024, 6, 20)))
    return [(e.type, e.date) for e in extraction.events]


def test_a_bodys_history_dates_no_event():
    events = _events_dated("The delegation toured the headquarters of Afripol, the agency created in 2015 after the African "
                    "Union summit of June 2014. The Kenya Police Service signed an agreement with Afripol on Monday.")
    assert ("meeting", dt.date(2014, 6, 1)) not in events
    assert all(date != dt.date(2014, 6, 1) for _type, date in events)
    assert ("agreement", dt.date(2024, 6, 17)) in events


def test_the_issue_date_of_a_warrant_is_not_the_arrest_date():
    events = _events_dated("The Guardia Civil arrested a Belgian man wanted under a warrant issued by a court in Antwerp in "
                    "2021. He was arrested in Alicante on Tuesday.")
    assert all(date is None or date.year == 2024 for _type, date in events)


def test_a_tally_over_a_year_is_no_happening():
    events = _events_dated("Cooperation with Europol led to 212 arrests in Spain during 2023 alone.")
    assert events == []


def test_a_vague_date_nearer_the_trigger_is_the_events_own():
    events = _events_dated("The Justice Department requested his extradition last year and the court heard the case in "
                    "December, the South African Police Service said.")
    assert ("judicial_cooperation", None) in events


def test_patrols_and_searches_are_operations():
    events = _events_dated("Le 14 juin, des patrouilles de la police luxembourgeoise et de la gendarmerie française ont "
                    "contrôlé les trains entre Metz et Luxembourg.")
    assert ("joint_operation", dt.date(2024, 6, 14)) in events
    found = _trigger_types("Three search warrants were executed by the Cornwall Police Service and the RCMP.")
    assert ("search warrants", "joint_operation") in found


def test_a_delegation_is_a_visit_when_it_travels():
    assert ("delegation", "visit") in _trigger_types("A delegation led by the Omani police chief arrived in Kuwait.")
    assert ("délégation", "visit") in _trigger_types("Le ministre a reçu la délégation l'accompagnant à Rabat.", "fr")
    assert not any(kind == "visit" for _t, kind in _trigger_types("Two more forces will complete the national delegation."))


def test_an_alert_between_services_is_intelligence_sharing():
    found = _trigger_types("The Spanish police were alerted by their French counterparts that the fugitive was in Valencia.")
    assert any(kind == "intelligence_sharing" for _t, kind in found)
    assert not any(kind == "intelligence_sharing" for _t, kind in _trigger_types("Residents alerted nobody before dawn."))


def test_a_step_taken_with_a_view_to_another_is_not_that_other():
    found = _trigger_types("Talks began with a view to signing a working arrangement between Europol and the ministry.")
    kinds = {kind for _t, kind in found}
    assert "meeting" in kinds and "agreement" not in kinds


def test_an_arrest_a_plea_or_a_reward_asks_for_has_not_happened():
    for text, language in [
        ("The FBI and Kenyan police appealed for information that could lead to Mr Okafor's arrest.", "en"),
        ("The US embassy and Kenyan police offered a reward for information leading to the arrest of the two.", "en"),
        ("La police française et Europol offrent une récompense pour toute information menant à l'arrestation "
         "du fugitif.", "fr"),
    ]:
        assert not any(kind == "arrest" for _t, kind in _trigger_types(text, language)), text
    found = _trigger_types("The FBI and Kenyan police raid on 3 May led to the arrest of five men.")
    assert any(kind == "arrest" for _t, kind in found)


def test_parties_counted_rather_than_named_still_meet():
    events = _events_dated("Delegates from 22 countries attended the first meeting in Cancún on Monday.")
    assert ("meeting", dt.date(2024, 6, 17)) in events


def test_a_trend_is_no_happening():
    assert _events_dated("Europol said the exchange of information with Ameripol rose by 55 percent.") == []


def test_a_sentence_opening_on_the_body_speaks_of_the_body_last_named():
    extraction = extract_document(Document(
        text="The Directorate of Criminal Investigations arrested a fugitive in Nairobi. The agency said it had "
             "begun plans to extradite him.", filename="t.txt"))
    assert {"arrest", "judicial_cooperation"} <= {e.type for e in extraction.events}


def test_a_suspects_journey_is_no_visit():
    events = _events_dated("The Royal Thai Police said the fugitive travelled to Bangkok in May. The Indonesian "
                           "police chief visited Canberra on Monday.")
    visits = [e for e in events if e[0] == "visit"]
    assert visits == [("visit", dt.date(2024, 6, 17))]


def test_an_operation_launched_on_a_day_is_dated_that_day():
    events = _events_dated("La police belge et la police néerlandaise ont lancé le 9 juin 2024 un vaste coup de filet.")
    assert ("joint_operation", dt.date(2024, 6, 9)) in events
