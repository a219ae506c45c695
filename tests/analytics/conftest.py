"""A small hand-made corpus with known co-occurrences, stored without any NLP."""
from __future__ import annotations

import datetime as dt

import pytest

from lib.records import Agency, Country, Document, Event, Extraction, Mention, Person, Sentence

AGENCIES = {
    "DGSI": ("General Directorate for Internal Security", "FR", "domestic_intelligence"),
    "DGSN": ("General Directorate for National Security", "MA", "police"),
    "Europol": ("European Union Agency for Law Enforcement Cooperation", "INT", "international"),
    "CNP": ("Spanish National Police", "ES", "police"),
}


def _article(title: str, published: dt.date, language: str, paragraphs: list[list[str]],
             events: list[tuple[str, dt.date | None, tuple[str, ...]]] = (), topics=(), persons=()):
    """Build text from paragraphs of sentences; agencies/countries/persons found by exact substrings."""
    text, sentences, mentions = "", [], []
    for p_index, paragraph in enumerate(paragraphs):
        for sentence in paragraph:
            start = len(text)
            text += sentence + " "
            sentences.append(Sentence(start, start + len(sentence), p_index))
            s_index = len(sentences) - 1
            for key in AGENCIES:
                at = sentence.find(key)
                if at >= 0:
                    mentions.append(Mention(key, start + at, start + at + len(key), "AGENCY", key=key, sentence=s_index))
            for name, code in (("France", "FR"), ("Morocco", "MA"), ("Spain", "ES")):
                at = sentence.find(name)
                if at >= 0:
                    mentions.append(Mention(name, start + at, start + at + len(name), "COUNTRY", key=code,
                                            sentence=s_index))
            for person in persons:
                at = sentence.find(person.name)
                if at >= 0:
                    mentions.append(Mention(person.name, start + at, start + at + len(person.name), "PERSON",
                                            key=person.name, sentence=s_index))
        text = text.rstrip() + "\n\n"
    keys = {m.key for m in mentions}
    extraction = Extraction(
        language=language, model="hand-1",
        sentences=tuple(sentences), mentions=tuple(mentions),
        agencies=tuple(Agency(k, *AGENCIES[k]) for k in AGENCIES if k in keys),
        countries=tuple(Country(c, n) for c, n in (("FR", "France"), ("MA", "Morocco"), ("ES", "Spain")) if c in keys),
        persons=tuple(persons),
        events=tuple(Event(t, None, d, None, "day" if d else None, False, parts, None, "evidence of " + t, 0, 5, 0.9)
                     for t, d, parts in events),
        topics=tuple(topics),
    )
    return Document(text=text, filename=title + ".txt", title=title, published=published,
                    source="Desk A" if language == "en" else "Desk B"), extraction


@pytest.fixture
def corpus(store):
    """Three articles:
    1 (en, 2024-06-29): DGSI+DGSN in one sentence; Europol in the next sentence, same paragraph.
    2 (en, 2023-03-05): DGSN+CNP in one sentence; Europol in another paragraph.
    3 (fr, 2022-01-10): DGSI alone.
    """
    berthon = Person("Celine Berthon", "Director General", "DGSI")
    one = _article("One", dt.date(2024, 6, 29), "en",
                   [["Celine Berthon of DGSI met DGSN in France.", "Europol was told."], ["Morocco thanked them."]],
                   events=[("meeting", dt.date(2024, 6, 27), ("DGSI", "DGSN", "FR")),
                           ("statement", None, ("MA",))],
                   topics=("terrorism", "major_event_security"), persons=(berthon,))
    two = _article("Two", dt.date(2023, 3, 5), "en",
                   [["DGSN and CNP arrested suspects in Spain."], ["Europol coordinated."]],
                   events=[("arrest", dt.date(2023, 3, 2), ("DGSN", "CNP", "ES"))], topics=("terrorism",))
    three = _article("Three", dt.date(2022, 1, 10), "fr", [["La DGSI et Celine Berthon."]],
                     topics=("cybercrime",), persons=(Person("Celine Berthon", "directrice générale", "DGSI"),))
    for document, extraction in (one, two, three):
        store.add_article(document, extraction)
    return store
