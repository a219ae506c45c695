"""Documents -> Extractions: language detection, batched spaCy, then Doc -> Extraction.

`extract_documents` streams: it reads `batch_size` documents, runs each language's pipeline over
its share with `nlp.pipe`, and yields the batch in input order before reading more.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc

from lib.extraction import dates, language as language_mod, topics
from lib.extraction.agencies import (
    ACRONYM,
    FOUND_BY,
    NEW_AGENCIES,
    SPAN_KEY,
    FoundBy,
    NewAgency,
    agency_countries,
    context_country,
    countries_attached,
)
from lib.extraction.events import TRIGGER_SPAN_KEY, SentenceFacts, Trigger, build_events
from lib.extraction.gazetteer import SEAT_WORDS, SPECIFIC_NAME, AgencyEntry, Gazetteer, fold, load_gazetteer
from lib.extraction.layout import unwrap_lines
from lib.extraction.nlp import SUPPORTED_LANGUAGES, NoPipelineError, load_pipeline, model_label
from lib.extraction.persons import (
    ATTACHED,
    CLAUSE,
    DOCUMENT,
    EXPLICIT,
    SENTENCE,
    PersonFound,
    counterpart_owner,
    find_persons,
    rank_tokens,
)
from lib.extraction.places import COUNTRY, LOCATION, PlaceMention, find_places
from lib.extraction.appositions import link_by_apposition
from lib.extraction.organisations import organisation_bodies
from lib.extraction.resolution import (Countries, Resolved, home_country, resolve, settle_new_bodies, site_country,
                                       title_country)
from lib.extraction.roles import ROLE_SPAN_KEY, TitleInfo, role_generic, title_info
from lib.records import Agency, Country, Document, Extraction, Location, Mention, Person, Sentence, Span

TITLE_WITH_COUNTRY = "title + country"

_PARAGRAPH_BREAK = re.compile(r"\s*\n\s*")
_ANAPHORA = {"he", "she", "they", "it", "this", "these", "those", "his", "her", "their", "its", "both",
             "il", "elle", "ils", "elles", "ce", "cet", "cette", "ces", "celui-ci", "celle-ci", "lui", "leur"}
# "The agency said ...", "La direction a indiqué ...": a sentence opening on a body's common noun
# speaks of the body last named.
_DEFINITE = {"the", "le", "la", "l'", "l’"}
_BODY_NOUNS = {"agency", "directorate", "ministry", "force", "police", "service", "bureau", "department", "unit",
               "commission", "office", "authority", "authorities", "agence", "direction", "ministère", "brigade",
               "unité", "autorités", "gendarmerie"}
_LOCATIVE = {"to", "in", "at", "into", "à", "en", "au", "aux", "dans", "vers"}
_TAIL_CONNECTORS = {"of", "the", "for", "and", "de", "la", "le", "du", "des", "l'", "d'", "et", "-"}
_OWN_LABELS = {"AGENCY", "PERSON", "PER", "COUNTRY", "LOCATION"}
_NAME_LABELS = {"ORG", "MISC", "NORP", "GPE", "LOC"}
# Which pipeline reads a document whose language is undecided (very short texts, lists of names).
_FALLBACK_LANGUAGE = "en"


# spaCy's own limit (nlp.max_length): its parser and NER need about 1 GB of memory per 100,000
# characters, so longer texts are stored without entities rather than risk the machine.
MAX_TEXT_CHARS = 1_000_000


def too_long_note(length: int) -> str:
    return (f"text too long for entity extraction ({length:,} characters; the limit is {MAX_TEXT_CHARS:,}): "
            "stored without entities")


def no_pipeline_note(language: str) -> str:
    return f"no pipeline for language {language!r}: entities not extracted"


def extract_documents(documents: Iterable[Document], *, batch_size: int = 64) -> Iterator[tuple[Document, Extraction]]:
    """(document, extraction) pairs in input order; memory bounded by one batch."""
    for batch in extract_batches(documents, batch_size=batch_size):
        yield from batch


def extract_batches(documents: Iterable[Document], *, batch_size: int = 64
                    ) -> Iterator[list[tuple[Document, Extraction]]]:
    """The same pairs, one list per batch of `batch_size` documents (for callers that store a batch at once)."""
    iterator = iter(documents)
    while batch := list(islice(iterator, max(1, batch_size))):
        yield list(zip(batch, _extract_batch(batch, batch_size)))


def extract_document(document: Document) -> Extraction:
    return next(extract_documents([document]))[1]


def _extract_batch(batch: list[Document], batch_size: int) -> list[Extraction]:
    results: list[Extraction | None] = [None] * len(batch)
    groups: dict[str, list[int]] = defaultdict(list)
    detected: list[str] = []
    for i, document in enumerate(batch):
        text = document.text or ""
        code = language_mod.detect_language(text) if text.strip() else "und"
        detected.append(code)
        if not text.strip():
            results[i] = Extraction(language=code, model="")
            continue
        if len(text) > MAX_TEXT_CHARS:
            results[i] = Extraction(language=code, model="", note=too_long_note(len(text)))
            continue
        run_as = _FALLBACK_LANGUAGE if code == "und" else code
        if run_as not in SUPPORTED_LANGUAGES:
            results[i] = Extraction(language=code, model="", note=no_pipeline_note(code))
            continue
        groups[run_as].append(i)
    for run_as, indexes in groups.items():
        try:
            nlp = load_pipeline(run_as)
        except NoPipelineError:
            for i in indexes:
                results[i] = Extraction(language=detected[i], model="", note=no_pipeline_note(run_as))
            continue
        texts = (unwrap_lines(batch[i].text) for i in indexes)  # same offsets as the stored text
        label = model_label(nlp)  # nlp.meta is costly: read it once per batch
        for i, doc in zip(indexes, nlp.pipe(texts, batch_size=batch_size)):
            results[i] = doc_to_extraction(doc, batch[i], language=detected[i], nlp=nlp, model=label)
    return [r if r is not None else Extraction(language="und", model="") for r in results]


# ---------------------------------------------------------------------------------------------
# One Doc -> one Extraction
# ---------------------------------------------------------------------------------------------


class _SentenceOf:
    """Token index -> sentence index (-1 for blank stretches), by bisection instead of a per-token table."""

    def __init__(self, bounds: list[tuple[int, int]], length: int):
        self._starts = [start for start, _ in bounds]
        self._ends = [end for _, end in bounds]
        self._length = length

    def __getitem__(self, i: int) -> int:
        k = bisect.bisect_right(self._starts, i) - 1
        return k if k >= 0 and i < self._ends[k] else -1

    def __len__(self) -> int:
        return self._length


def _sentences(doc: Doc, text: str) -> tuple[list[Sentence], _SentenceOf]:
    """Sentences without surrounding blank space, and the sentence of each token."""
    breaks = [m.end() for m in _PARAGRAPH_BREAK.finditer(text) if "\n" in m.group() and m.start() > 0]
    sentences: list[Sentence] = []
    bounds: list[tuple[int, int]] = []
    for sent in doc.sents:
        text = sent.text
        if not text.strip():
            continue
        start = sent.start_char + (len(text) - len(text.lstrip()))
        end = sent.end_char - (len(text) - len(text.rstrip()))
        bounds.append((sent.start, sent.end))
        sentences.append(Sentence(start, end, bisect.bisect_right(breaks, start)))
    return sentences, _SentenceOf(bounds, len(doc))


def doc_to_extraction(doc: Doc, document: Document, *, language: str, nlp: Language, model: str | None = None) -> Extraction:
    gazetteer = load_gazetteer()
    text = doc.text  # Doc.text joins every token on each call: read once, passed down
    sentences, token_sentence = _sentences(doc, text)
    roles = list(doc.spans[ROLE_SPAN_KEY]) if ROLE_SPAN_KEY in doc.spans else []
    raw_agencies = list(doc.spans[SPAN_KEY]) if SPAN_KEY in doc.spans else []
    agency_tokens = {i for s in raw_agencies for i in range(s.start, s.end)}
    role_tokens = {i for r in roles for i in range(r.start, r.end)}

    places = find_places(doc, gazetteer, agency_tokens | role_tokens, text)
    mentioned = Counter(p.key for p in places if p.label == COUNTRY)
    found_by: dict[tuple[int, int], FoundBy] = doc.user_data.get(FOUND_BY, {})
    # Bodies named outright, whose countries are evidence for the others.
    outright = [s for s in raw_agencies if s.kb_id_ and _outright(found_by.get((s.start, s.end)), s.text)]
    context = mentioned + agency_countries(gazetteer, [s.kb_id_ for s in outright])
    known = [(s.start, a.country) for s in outright if (a := gazetteer.agency(s.kb_id_)) and a.country]
    home = home_country(doc, places, [c for _t, c in known], title_country(gazetteer, document.title),
                        site_country(gazetteer, document.url))
    countries = Countries(doc, places, home, token_sentence, known)
    new_agencies: dict[str, NewAgency] = doc.user_data.get(NEW_AGENCIES, {})
    resolved, unresolved = _resolve_agencies(doc, gazetteer, raw_agencies, found_by, countries, new_agencies)
    resolved = settle_new_bodies(resolved, token_sentence)
    # Bodies the gazetteer lacks that the model found as organisations ("Randburg Regional Court").
    settled = {i for r in resolved for i in range(r.start, r.end)}
    organisations = organisation_bodies(doc, gazetteer, settled | role_tokens, countries)
    if organisations:
        resolved += organisations
        inside = {i for r in organisations for i in range(r.start, r.end)}
        agency_tokens |= inside
        places = [p for p in places if not any(i in inside for i in range(p.token_start, p.token_end))]
    agency_spans = [(r.start, r.end, r.agency.id) for r in resolved]
    bodies: dict[str, Resolved] = {}
    for r in resolved:  # each body with its surest finding
        if r.agency.id not in bodies or r.confidence > bodies[r.agency.id].confidence:
            bodies[r.agency.id] = r

    place_tokens = {i for p in places for i in range(p.token_start, p.token_end)}
    persons = find_persons(
        doc,
        [(s, e, i) for s, e, i in agency_spans],
        agency_tokens,
        lambda words: _tail_agency(gazetteer, words, context),
        lambda role, end, name, country: _role_agency(
            gazetteer, doc, role, end, name, country, places, agency_spans, home, mentioned
        ),
        places=place_tokens,
        text=text,
        attached_countries=lambda start, end: countries_attached(gazetteer, doc, start, end),
    )
    _resolve_counterparts(gazetteer, doc, persons, places, mentioned)
    link_by_apposition(doc, persons, {i: a for s, e, a in agency_spans for i in range(s, e)},
                       rank_tokens(doc, text, role_tokens))
    _link_police_ranks(persons, bodies, home, lambda i: _sentence_place(gazetteer, doc, places, i))
    person_tokens = {i for p in persons for s, e in p.mentions for i in range(s, e)}
    places = [p for p in places if not any(i in person_tokens for i in range(p.token_start, p.token_end))]
    # A title that names a body by itself ("Interior Minister", "procureur de la République de Paris")
    # is a mention of that body.
    taken = {i for s, e, _i in agency_spans for i in range(s, e)}
    for person in persons:
        if person.title and person.agency and not any(i in taken for i in range(*person.title)):
            agency_spans.append((person.title[0], person.title[1], person.agency))
            taken.update(range(*person.title))
            if person.agency not in bodies and (entry := gazetteer.agency(person.agency)) is not None:
                bodies[person.agency] = Resolved(*person.title, entry, TITLE_WITH_COUNTRY, _title_confidence(person.strength))
    # "Qatar's Minister of Interior received ...": a titled post with its country and no name acts for its body.
    for role in doc.spans[ROLE_SPAN_KEY] if ROLE_SPAN_KEY in doc.spans else ():
        if any(i in taken or i in person_tokens for i in range(role.start, role.end)):
            continue
        info = title_info(role.kb_id_)
        attached = countries_attached(gazetteer, doc, role.start, role.end) if info and info.generic else []
        if attached and (body := _body(gazetteer, attached[0], info.generic, info)) is not None \
                and (entry := gazetteer.agency(body)) is not None:
            agency_spans.append((role.start, role.end, body))
            taken.update(range(role.start, role.end))
            bodies.setdefault(body, Resolved(role.start, role.end, entry, TITLE_WITH_COUNTRY, _title_confidence(ATTACHED)))
    agency_spans.sort()

    model_people = {i for ent in doc.ents if ent.label_ in ("PERSON", "PER") for i in range(ent.start, ent.end)}
    mentions = _mentions(doc, agency_spans, persons, places, unresolved, token_sentence, roles)
    agencies = _agencies(doc, agency_spans, bodies)
    found_dates = dates.resolve_dates(text, document.published, language if language in SUPPORTED_LANGUAGES else "en",
                                      filed=None if document.published else dates.filed_from_url(document.url))
    facts = _sentence_facts(doc, sentences, mentions, text)
    triggers = [
        Trigger.from_span(span, token_sentence[span.start])
        for span in (doc.spans[TRIGGER_SPAN_KEY] if TRIGGER_SPAN_KEY in doc.spans else ())
        if token_sentence[span.start] >= 0
    ]
    return Extraction(
        language=language,
        model=model or model_label(nlp),
        sentences=tuple(sentences),
        mentions=tuple(mentions),
        agencies=agencies,
        persons=tuple(
            Person(p.name, p.role, p.agency, tuple(_span(doc, s, e) for s, e in p.mentions), *_person_finding(p, model_people))
            for p in persons
        ),
        countries=_countries(gazetteer, places, agencies),
        locations=_locations(places),
        dates=tuple(found_dates),
        events=tuple(build_events(facts, triggers, found_dates, document.published)),
        topics=tuple(topics.detect_topics(text, language)),
    )


def _span(doc: Doc, start: int, end: int) -> Span:
    piece = doc[start:end]
    return Span(piece.text, piece.start_char, piece.end_char)


def _outright(found: FoundBy | None, text: str) -> bool:
    """A span that names its body whatever the context: a specific name, or a longer acronym of one body
    (a short one is as often something else: its country is no evidence)."""
    return found is not None and (found.how == SPECIFIC_NAME or found.how == ACRONYM and len(found.candidates) == 1
                                  and len(text) > 3)


def _resolve_agencies(doc, gazetteer, raw, found_by, countries, new_agencies):
    """Resolved bodies for the agency spans; the spans the text does not settle stay organisations."""
    resolved: list[Resolved] = []
    unresolved: list[tuple[int, int]] = []
    for span in raw:
        found = found_by.get((span.start, span.end)) or FoundBy(SPECIFIC_NAME, (span.kb_id_,) if span.kb_id_ else ())
        result = resolve(gazetteer, doc, span.start, span.end, found, countries, new_agencies=new_agencies)
        if result is None:
            unresolved.append((span.start, span.end))
        else:
            resolved.append(result)
    return resolved, unresolved


# Ranks and titles only a police force gives.
_POLICE_ROLES = {"Inspector", "Superintendent", "Constable", "Sergeant", "Detective", "Commissioner", "Chief Constable",
                 "Police Chief", "Inspector General", "Police Officer"}


def _link_police_ranks(persons: list[PersonFound], bodies: dict[str, Resolved], home: str | None,
                       sentence_places: Callable[[int], tuple[str | None, str | None]]) -> None:
    """"Chief Inspector Name" with no body written near: the police force of the town or region the
    person's sentence names ("the provincial commissioner ... in Limpopo"), else the one police force of
    the document's own country (its national police before a local command), else, in a story of two
    countries, that of the country the sentence names."""
    police = [r.agency for r in bodies.values() if r.agency.kind == "police"]

    def force_of(forces: list[AgencyEntry]) -> AgencyEntry | None:
        national = [a for a in forces if "national_police" in a.generic]
        return national[0] if len(national) == 1 else forces[0] if len(forces) == 1 else None

    mixed = home is None and len({a.country for a in police}) > 1  # whose police, the sentence must say
    everywhere = None if mixed else force_of([a for a in police if a.country == home] or police)
    for person in persons:
        if person.agency is not None or person.role not in _POLICE_ROLES:
            continue
        local, named = sentence_places(person.mentions[0][0])
        force, strength = (force_of([a for a in police if a.country == local]), SENTENCE) if local else (None, 0)
        if force is None:
            force, strength = everywhere, DOCUMENT
        if force is None and named:
            force, strength = force_of([a for a in police if a.country == named]), SENTENCE
        if force is not None:
            person.agency, person.strength = force.id, strength


def _sentence_place(gazetteer: Gazetteer, doc: Doc, places: list[PlaceMention], token: int) -> tuple[str | None, str | None]:
    """The one country a token's sentence places things in by its towns and regions ("in Limpopo
    Province"), and the one it names by countries and demonyms (a counterpart's left out), each if one."""
    sentence = doc[token].sent
    here = [p for p in places if sentence.start <= p.token_start < sentence.end and p.country
            and not (p.token_end < len(doc) and doc[p.token_end].lower_ in _COUNTERPART_WORDS)]
    local = {p.country for p in here if p.label == LOCATION}
    local |= {c for t in sentence if t.text[:1].isupper() and (c := gazetteer.region(t.text))}
    named = {p.country for p in here}
    return (next(iter(local)) if len(local) == 1 else None), (next(iter(named)) if len(named) == 1 else None)


def _person_finding(person: PersonFound, model_people: set[int]) -> tuple[str, float]:
    """How a person was found and how surely: a title or rank with the name beats a body named beside it,
    which beats the model's word alone; a lone word is the least sure."""
    if person.role:
        return "title + name", 0.9
    if person.agency:
        return "name + body", 0.85
    if person.counterpart:
        return "counterpart + name", 0.8
    by_model = any(i in model_people for s, e in person.mentions for i in range(s, e))
    if len(person.words) > 1:
        return ("model person", 0.8) if by_model else ("name shape", 0.65)
    return "model person", 0.55


def _title_confidence(strength: int) -> float:
    """A body named by a person's title ("Interior Minister"), by how its country was settled."""
    return {EXPLICIT: 0.9, ATTACHED: 0.85, CLAUSE: 0.75, SENTENCE: 0.7}.get(strength, 0.6)


def _tail_agency(gazetteer: Gazetteer, words: str, context: Counter[str]) -> str | None:
    """The agency a title's complement names: "... of Internal Security" -> DGSI."""
    parts = words.split()
    for size in (4, 3, 2):
        if len(parts) >= size:
            tail = parts[-size:]
            # "de Paris" is no body's name: a tail needs two words of its own beyond "of", "de", "the".
            if sum(fold(w) not in _TAIL_CONNECTORS for w in tail) < 2:
                continue
            found = gazetteer.by_tail(" ".join(tail))
            if found:
                return max(found, key=lambda a: context.get(a.country or "", 0)).id
    return None


# Words before a place that make it where someone goes or stands, not whose official they are.
_DESTINATION = {"to", "into", "towards", "in", "at", "au", "aux", "en", "vers", "à", "dans", "visit", "visited",
                "visiting", "visite", "visiter"}
# A city after these is where someone goes; after "in", "à" it is where things happen, often at home.
_GOING_TO = {"to", "into", "towards", "vers", "visit", "visited", "visiting", "visiter"}
_CLAUSE_BREAKS = {",", ";", ":", "(", ")", "—", "–", '"', "«", "»", "“", "”"}


def _role_agency(gazetteer: Gazetteer, doc: Doc, role, end: int, name: tuple[int, int] | None, country: str | None,
                 places: list[PlaceMention], agency_spans: list[tuple[int, int, str]], home: str | None,
                 mentioned: Counter[str]) -> tuple[str | None, int]:
    """The body a title stands for and how surely: "Spanish Interior Minister" -> Spain's interior ministry,
    "procureur de la République de Paris" -> the Paris prosecutor's office.

    Its country is, in order: one written onto the title ("Spanish", "Spain's", "espagnol", "of Spain",
    "Name of Morocco"); a country named in the title's clause; one named elsewhere in its sentence, or
    the country of a city there; the country of the one body of that kind the document names; the
    document's own country. A place someone goes to ("s'est rendu au Maroc") is no cue. A title used
    in some countries only ("Home Secretary", "garde des Sceaux") names nothing elsewhere."""
    info = title_info(role.kb_id_) or _role_only(role.label_)
    if info is None or info.generic is None:
        return None, 0
    generic = info.generic
    if country is not None:
        return _body(gazetteer, country, generic, info), ATTACHED
    sentence = role.sent
    cities = [p for p in places if p.label == LOCATION and sentence.start <= p.token_start < sentence.end]
    if generic in SEAT_WORDS:
        named = [p for p in cities if role.start - 1 <= p.token_start < end or p.token_end == role.start]
        if named:
            entry = gazetteer.by_seat(named[0].key, generic)
            return (entry.id if entry else None), ATTACHED
        kinds = _bodies_of_kind(gazetteer, agency_spans, generic)
        if len(kinds) == 1:
            return kinds[0], DOCUMENT
        nearest = min(cities, key=lambda p: abs(p.token_start - role.start), default=None)
        entry = gazetteer.by_seat(nearest.key, generic) if nearest else None
        return (entry.id if entry else None), DOCUMENT
    attached = countries_attached(gazetteer, doc, role.start, end)
    if not attached and name is not None:
        attached = _origin_after(gazetteer, doc, name[1])
    if attached:
        return _body(gazetteer, attached[0], generic, info), ATTACHED
    last = name[1] if name is not None else end
    clause_start, clause_end = _clause(doc, role.start, last, sentence.start, sentence.end)
    # A body in another person's title ("chef du Département fédéral de justice et police") is theirs.
    others = [r for r in doc.spans[ROLE_SPAN_KEY] if r.start != role.start] if ROLE_SPAN_KEY in doc.spans else []
    theirs = {i for s, _e, i in agency_spans if any(r.end <= s <= r.end + 2 for r in others)}
    kinds = _bodies_of_kind(gazetteer, [(s, e, i) for s, e, i in agency_spans if i not in theirs], generic)
    cues = [
        (CLAUSE, [p.country for p in _identity_places(gazetteer, doc, places, clause_start, clause_end, role.start)]),
        (SENTENCE, [p.country for p in _sentence_places(doc, places, sentence.start, sentence.end, role.start)
                    if not _on_another_title(doc, p, role)]),
        (DOCUMENT, [gazetteer.agency(kinds[0]).country] if len(kinds) == 1 else []),
        # A title of some countries only takes the first of them the document names.
        (DOCUMENT, [c for c, _n in mentioned.most_common()] if info.countries else [home]),
    ]
    for strength, countries in cues:
        for code in countries:
            if code and (agency := _body(gazetteer, code, generic, info)) is not None:
                return agency, strength
    if info.countries and not any(countries for strength, countries in cues if strength != DOCUMENT):
        # The title's first country ("Attorney General": the US), unless its clause or sentence names
        # another country as the person's ("... said in Bogotá, Colombia"): that one's body stays open.
        return _body(gazetteer, info.countries[0], generic, info), DOCUMENT
    return None, 0


def _role_only(role: str) -> TitleInfo | None:
    generic = role_generic(role)
    return TitleInfo(role, generic, (), False) if generic else None


def _body(gazetteer: Gazetteer, country: str, generic: str, info: TitleInfo) -> str | None:
    if info.countries and country not in info.countries:
        return None  # "Colombian Attorney General": not the US Justice Department
    agency = gazetteer.generic_body(country, generic)
    return agency.id if agency else None


def _bodies_of_kind(gazetteer: Gazetteer, agency_spans: list[tuple[int, int, str]], generic: str) -> list[str]:
    return list(dict.fromkeys(i for _s, _e, i in agency_spans if (a := gazetteer.agency(i)) and generic in a.generic))


def _origin_after(gazetteer: Gazetteer, doc: Doc, i: int) -> list[str]:
    """"Justice Minister Name of Morocco", "Name, du Maroc": the country after a name."""
    if i < len(doc) and doc[i].text == ",":
        i += 1
    if i + 1 < len(doc) and doc[i].lower_ in ("of", "from", "du", "de"):
        first = i + 1 + (doc[i + 1].lower_ in ("the", "la", "le", "l'"))
        for size in (3, 2, 1):
            code = gazetteer.country_by_name(doc[first : first + size].text) if first + size <= len(doc) else None
            if code:
                return [code]
    return []


def _on_another_title(doc: Doc, place: PlaceMention, role) -> bool:
    """"le conseiller fédéral suisse": a country adjective on another person's title is theirs."""
    titles = [r for r in doc.spans[ROLE_SPAN_KEY] if r.start != role.start] if ROLE_SPAN_KEY in doc.spans else []
    return any(r.start - 1 <= place.token_start <= r.end for r in titles)


def _clause(doc: Doc, start: int, last: int, floor: int, ceiling: int) -> tuple[int, int]:
    """The clause around a title and its name: back to the punctuation before the title, on to the
    punctuation after the name (past the commas of "Title, Name, ...")."""
    i = start
    while i > floor and doc[i - 1].text not in _CLAUSE_BREAKS:
        i -= 1
    j = last
    if j < ceiling and doc[j].text == "," and start > floor and any(doc[k].text == "," for k in range(start, last)):
        j += 1
    while j < ceiling and doc[j].text not in _CLAUSE_BREAKS:
        j += 1
    return i, j


def _identity_places(gazetteer: Gazetteer, doc: Doc, places: list[PlaceMention], start: int, end: int, at: int):
    """Countries named (not by an adjective, which belongs to its own noun) in [start, end), nearest to
    token `at` first, leaving out places someone goes to or stands in."""
    found = [
        p for p in places
        if p.label == COUNTRY and p.country and start <= p.token_start < end
        and p.text[:1].isupper() and gazetteer.country_by_name(p.text) is not None  # "suisse" is an adjective
        and not (p.token_start > 0 and doc[p.token_start - 1].lower_ in _DESTINATION)
        and not (p.token_start > 1 and doc[p.token_start - 1].lower_ in ("the", "le", "la", "l'")
                 and doc[p.token_start - 2].lower_ in _DESTINATION)
    ]
    return sorted(found, key=lambda p: (p.token_start > at, abs(p.token_start - at)))


_COUNTERPART_WORDS = {"counterpart", "counterparts", "homologue", "homologues", "colleagues", "collègues", "delegation",
                      "delegations", "délégation", "délégations", "guests", "visitors", "hôtes"}


def _sentence_places(doc: Doc, places: list[PlaceMention], start: int, end: int, at: int):
    """Countries named or written as adjectives in [start, end) ("Spanish officials, including Interior
    Minister Name"), and cities before token `at` ("In Madrid, ..."; one after is more often where a
    meeting took place), nearest before `at` first, then after it; places someone goes to left out."""
    found = [
        p for p in places
        if p.country and start <= p.token_start < end and (p.label == COUNTRY or p.token_start < at)
        and (p.token_start == 0 or doc[p.token_start - 1].lower_ not in (_DESTINATION if p.label == COUNTRY else _GOING_TO))
        # "with their Zimbabwean counterparts", "met the Kenyan delegation": the other side's country.
        and not (p.token_end < len(doc) and doc[p.token_end].lower_ in _COUNTERPART_WORDS)
    ]
    return sorted(found, key=lambda p: (p.token_start > at, abs(p.token_start - at)))


def _resolve_counterparts(gazetteer: Gazetteer, doc: Doc, persons: list[PersonFound], places: list[PlaceMention],
                          mentioned: Counter[str]) -> None:
    """"his Moroccan counterpart Name": Name holds the same kind of post as the person whose counterpart
    they are, in the country written on "counterpart", else in the other country of the sentence. Two
    counterparts never share a country: a weak guess for the first gives way."""
    for person in persons:
        owner = counterpart_owner(persons, person, doc)
        if owner is None or person.counterpart is None:
            continue
        owner_body = gazetteer.agency(owner.agency) if owner.agency else None
        generics = owner_body.generic if owner_body else ((g,) if owner.role and (g := role_generic(owner.role)) else ())
        if not generics:
            continue
        at, country = person.counterpart
        owner_country = owner_body.country if owner_body else None
        if country is None:
            sent = doc[at].sent
            near = [p.country for p in sorted(places, key=lambda p: abs(p.token_start - at))
                    if p.country and sent.start <= p.token_start < sent.end]
            # The owner's country excludes another only when it was written down ("Spanish ...").
            taken = owner_country if owner.strength >= ATTACHED else None
            others = [c for c in near + [c for c, _n in mentioned.most_common()] if c != taken]
            country = others[0] if others else None
        if country is None:
            continue
        person.role = person.role or owner.role
        if person.strength < ATTACHED:
            body = next((b for g in generics if (b := gazetteer.generic_body(country, g))), None)
            if body is not None:
                person.agency, person.strength, person.title = body.id, ATTACHED, person.named_by
        if owner_country == country and owner.strength < ATTACHED:
            # "Le ministre de l'Intérieur X s'est rendu au Maroc pour rencontrer son homologue": X is not Moroccan.
            home = next((c for c, _n in mentioned.most_common() if c != country), None)
            body = next((b for g in generics if home and (b := gazetteer.generic_body(home, g))), None)
            owner.agency, owner.title = (body.id, owner.named_by) if body else (None, None)


def _agencies(doc, spans, bodies: dict[str, Resolved]) -> tuple[Agency, ...]:
    by_id: dict[str, list[Span]] = {}
    for start, end, agency_id in spans:
        by_id.setdefault(agency_id, []).append(_span(doc, start, end))
    result = []
    for agency_id, found in by_id.items():
        body = bodies[agency_id]
        entry = body.agency
        result.append(Agency(entry.id, entry.name, entry.country, entry.kind, tuple(found), body.method,
                             round(body.confidence, 2)))
    return tuple(result)


def _mentions(doc, agency_spans, persons: list[PersonFound], places: list[PlaceMention], unresolved, token_sentence, roles):
    ours: list[Mention] = []
    for start, end, agency_id in agency_spans:
        ours.append(_mention(doc, start, end, "AGENCY", agency_id, token_sentence))
    for person in persons:
        for start, end in person.mentions:
            ours.append(_mention(doc, start, end, "PERSON", person.name, token_sentence))
    for place in places:
        ours.append(_mention(doc, place.token_start, place.token_end, place.label, place.key, token_sentence))
    for start, end in unresolved:
        ours.append(_mention(doc, start, end, "ORG", None, token_sentence))
    taken = {i for m in ours for i in range(m.start, m.end)}
    titles = {i for r in roles for i in range(r.start, r.end)}
    for ent in doc.ents:
        if ent.label_ in _OWN_LABELS or any(i in taken for i in range(ent.start_char, ent.end_char)):
            continue
        if ent.label_ in _NAME_LABELS and any(i in titles for i in range(ent.start, ent.end)):
            continue  # a title ("ministre de l'Intérieur") is neither a name nor an organisation
        ours.append(_mention(doc, ent.start, ent.end, ent.label_, None, token_sentence))
    ours.sort(key=lambda m: (m.start, m.end))
    return ours


def _mention(doc, start, end, label, key, token_sentence) -> Mention:
    piece = doc[start:end]
    index = token_sentence[start] if start < len(token_sentence) else -1
    return Mention(piece.text, piece.start_char, piece.end_char, label, key, index if index >= 0 else None)


def _countries(gazetteer: Gazetteer, places: list[PlaceMention], agencies: tuple[Agency, ...]) -> tuple[Country, ...]:
    """Countries named in the text, then those only known through an agency (no mentions)."""
    spans: dict[str, list[Span]] = {}
    for place in places:
        if place.label == COUNTRY:
            spans.setdefault(place.key, []).append(Span(place.text, place.start, place.end))
    for agency in agencies:
        if agency.country and agency.country != "INT":
            spans.setdefault(agency.country, [])
    result = []
    for code, found in spans.items():
        entry = gazetteer.country(code)
        result.append(Country(code, entry.name if entry else code, tuple(found)))
    return tuple(result)


def _locations(places: list[PlaceMention]) -> tuple[Location, ...]:
    found: dict[str, tuple[str | None, list[Span]]] = {}
    for place in places:
        if place.label == LOCATION:
            found.setdefault(place.key, (place.country, []))[1].append(Span(place.text, place.start, place.end))
    return tuple(Location(name, country, tuple(spans)) for name, (country, spans) in found.items())


def _sentence_facts(doc: Doc, sentences: list[Sentence], mentions: list[Mention], text: str) -> list[SentenceFacts]:
    per_sentence: dict[int, list[Mention]] = defaultdict(list)
    for mention in mentions:
        if mention.sentence is not None and mention.key:
            per_sentence[mention.sentence].append(mention)
    facts = []
    for index, sentence in enumerate(sentences):
        found = per_sentence.get(index, [])
        participants = list(dict.fromkeys(m.key for m in found if m.label in ("AGENCY", "PERSON", COUNTRY)))
        people = [m.key for m in found if m.label == "PERSON"]
        bodies = [m.key for m in found if m.label == "AGENCY"]
        first = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
        opening = first[0].lower_ if first is not None and len(first) else ""
        second = first[1].lower_ if first is not None and len(first) > 1 else ""
        facts.append(
            SentenceFacts(
                index=index,
                start=sentence.start,
                end=sentence.end,
                text=text[sentence.start : sentence.end],
                participants=tuple(p for p in participants if p),
                actor=(people or bodies or [None])[0],
                place=_place(text, found),
                anaphoric=opening in _ANAPHORA or opening in _DEFINITE and second in _BODY_NOUNS,
                people=tuple(dict.fromkeys(people)),
            )
        )
    return facts


def _place(text: str, found: list[Mention]) -> str | None:
    """Where a sentence happens: a place after "to/in/à/en" first, then any city, then any country."""
    places = [m for m in found if m.label in (COUNTRY, LOCATION)]
    for mention in places:
        before = text[max(0, mention.start - 24) : mention.start].rstrip().rsplit(None, 1)
        if before and before[-1].lower() in _LOCATIVE:
            return mention.key
    cities = [m.key for m in places if m.label == LOCATION]
    countries = [m.key for m in places if m.label == COUNTRY]
    return (cities or countries or [None])[0]


__all__ = ["extract_documents", "extract_batches", "extract_document", "doc_to_extraction", "no_pipeline_note"]
