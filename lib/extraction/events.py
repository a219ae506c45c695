"""Typed events from trigger words (lib/data/event_triggers.csv, English and French).

`TriggerMatcher` (a pipeline component) marks trigger words by lemma or by surface form;
`build_events` turns each sentence's triggers into events with a date, participants, a place,
the evidence sentence and a confidence.
"""
from __future__ import annotations

import csv
import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from lib.extraction.gazetteer import DATA_DIR
from lib.records import DateRef, Event

TRIGGER_SPAN_KEY = "entente_triggers"
# A reporting verb ("said", "indiqué") is an event only when nothing more specific happens in the
# sentence; an announcement, a press conference or a communiqué is one in its own right.
_WEAK_TYPES = {"statement"}
_WEAK_BELOW = 0.55
# A "joint" operation needs two parties in its sentence unless its trigger says so ("joint operation").
_JOINT = "joint_operation"
_JOINT_EXPLICIT = 0.85
# A sentence naming no party still reports an event when its trigger is this strong and a place is named.
_PLACE_ONLY = 0.75
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "quarter": 3, "year": 4}
# CAMEO 043 "host a visit": only with a person or a delegation as its object ("hosted a press
# conference", "welcomed the arrest" are no visits).
_HOST_CODE = "043"
_GUESTS = {"delegation", "counterpart", "counterparts", "minister", "director", "chief", "president", "king",
           "prince", "visitor", "guest", "commissioner", "délégation", "homologue", "homologues", "ministre",
           "directeur", "directrice", "président", "présidente", "roi", "hôte", "chef", "ambassador", "envoy",
           "secretary-general", "undersecretary", "ambassadeur", "ambassadrice", "envoyé", "secrétaire"}
_ATTRIBUTION = re.compile(r"(?:according\s+to|selon|d['’]après|citing|per)(?:\s+\w+){0,2}\s*$", re.IGNORECASE)
# "since 2019", "depuis 2017": when a state began, not when the event happened.
_SINCE = re.compile(r"(?:since|depuis|dès)\s+(?:(?:the|le|l'|l’)\s+)?$", re.IGNORECASE)
# "a warrant issued by the court of Marseille in 2019": when the ground of an arrest was issued.
_ISSUED = re.compile(r"\b(?:warrants?|notices?|mandats?)\b[^.;:]{0,60}?\b(?:issued|émise?s?|délivrée?s?|lancée?s?)\b"
                     r"[^.;:]{0,60}$", re.IGNORECASE)
# "an increase of around 55 percent in the exchange of information": a trend.
_TREND = re.compile(r"\b(?:increase[sd]?|rise|rose|risen|grew|grown|fell|fallen|decrease[sd]?|drop(?:ped)?|"
                    r"declined?|growth|hausse|augment\w*|baisse|diminu\w*)\b"
                    r"[^.;]{0,40}?\b(?:percent|per\s+cent|pour\s+cent)\b|\d\s?%", re.IGNORECASE)
# "led to 191 arrests in Spain during 2022": a tally over a period is no happening.
_TALLY = re.compile(
    r"\b\d[\d,.\s]*\s+(?:arrests|arrestations|interpellations|seizures|saisies|operations|opérations|raids|"
    r"extraditions|deportations|expulsions)\b", re.IGNORECASE)
# "la structure créée officiellement en 2015, à la suite du Sommet de juin 2014": what follows a body's
# creation in its sentence is its history; those dates date no event and those triggers are none.
_HISTORY = re.compile(
    r"\b(?:created|founded|established|set\s+up|créée?s?|créés|fondée?s?|fondés|instituée?s?|institués|"
    r"mise?s?\s+en\s+place)\b",
    re.IGNORECASE,
)
# A takedown of infrastructure (servers, a botnet, a darknet market) is an operation, not an arrest:
# in a sentence about such things a seizure ("seized the servers") is the operation itself, and only
# an arrest word or a named suspect makes an arrest.
_INFRASTRUCTURE = re.compile(
    r"\b(?:servers?|serveurs?|botnets?|infrastructures?|dark\s?web|darknet|marketplaces?|market\s?place|"
    r"place\s+de\s+marché|websites?|sites?\s+web|sites?\s+internet|domains?|domaines?|platforms?|plateformes?|"
    r"ransomware|rançongiciels?|malware|logiciels?\s+malveillants?)\b",
    re.IGNORECASE,
)
_SURE_ARREST = 0.6
# "police from nine countries", "plusieurs pays": several parties without naming them.
_MULTI_PARTY = re.compile(
    r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|multiple|numerous|"
    r"deux|trois|quatre|cinq|sept|huit|neuf|dix|onze|douze|plusieurs|nombreux)\s+(?:other\s+|autres\s+)?"
    r"(?:countries|pays|nations|jurisdictions|states|états|etats)\b",
    re.IGNORECASE,
)
# "last week", "earlier this month", "l'an dernier", "il y a deux semaines": a period, not the event's
# date; they stay among the text's dates, but no event takes one.
_VAGUE = re.compile(
    r"\b(?:last|this|next|past|earlier\s+this|later\s+this)\s+(?:week|month|year)\b|\bago\b|\bil\s+y\s+a\b"
    r"|\b(?:semaine|mois|année|an)\s+(?:dernière|dernier|passée|passé|prochaine|prochain)\b|\bcette\s+(?:semaine|année)\b"
    r"|\bce\s+mois\b",
    re.IGNORECASE,
)
# "PARIS, June 29 (Wire) -": a dateline is the day of publication, not of the events reported.
_DATELINE_PREFIX = re.compile(r"^[A-Z][A-Z .'’/\-]{1,40},\s*$")
# A warrant or a notice someone "had", was arrested "under" or "sur la base de" is the ground of an
# arrest told in the same sentence, not a judicial event of its own.
_GROUND_WORDS = {"warrant", "notice", "mandat"}
_GROUND_HEADS = {"have", "under", "basis", "pursuant", "avoir", "sous", "base", "vertu", "objet"}
# "with a view to signing", "pour faciliter l'échange": what a step is for has not happened.
_PURPOSE = re.compile(r"(?:with\s+a\s+view\s+to|in\s+order\s+to|aimed\s+at|so\s+as\s+to|to\s+facilitate|"
                      r"en\s+vue\s+d[e'’]|afin\s+d[e'’]|visant\s+à|pour\s+faciliter|pour\s+permettre)\s+(?:\w+\s+){0,2}$",
                      re.IGNORECASE)
# "information that could lead to his arrest", "une récompense pour toute information menant à
# l'arrestation": what a plea or a reward asks for has not happened.
_SOUGHT = re.compile(r"(?:(?:could|would|might|may|can|pourrait|pourraient|pourra)\s+(?:lead|result|help|contribute)"
                     r"\s+(?:to|in)|informations?\s+(?:that\s+|qui\s+)?(?:leads?|leading|menant|conduisant)\s+(?:to|à))"
                     r"\s+(?:\S+\s+){0,3}$", re.IGNORECASE)
# A delegation is a visit when it goes, comes, is led, sent, received or accompanies someone
# ("the delegation accompanying him", "a delegation led by"), not when it is only "completed".
_DELEGATION_VERBS = {"lead", "send", "dispatch", "arrive", "receive", "welcome", "host", "meet", "accompany", "head",
                     "travel", "visit", "conduire", "envoyer", "dépêcher", "arriver", "recevoir", "accueillir",
                     "rencontrer", "accompagner", "diriger", "mener", "présence"}
# "s'entretenir avec" is a meeting; "entretenir" alone is keeping something up ("des trafics entretenus").
_REFLEXIVE_ONLY = {"entretenir"}
_REFLEXIVE = {"se", "s'", "s’"}


@dataclass(frozen=True)
class TriggerRow:
    type: str
    code: str | None
    language: str
    words: tuple[str, ...]
    weight: float
    pos: str | None  # for one-word triggers that are other words in another part of speech
    needs: str | None = None  # a party the trigger must have: "traveller" (a delegation), "party" (alerted)


    @property
    def key(self) -> str:
        return f"{self.type}|{self.code or ''}|{self.weight}"


@functools.lru_cache(maxsize=1)
def trigger_rows() -> tuple[TriggerRow, ...]:
    with (DATA_DIR / "event_triggers.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(
            TriggerRow(
                r["type"], r["code"] or None, r["language"], tuple(r["trigger"].split()), float(r["weight"]),
                (r.get("pos") or "").strip() or None, (r.get("needs") or "").strip() or None,
            )
            for r in csv.DictReader(handle)
        )


class TriggerMatcher:
    """Trigger words by lemma ("held talks" -> "hold talk") or by written form, with PhraseMatchers.

    The lexicon writes triggers as lemmas; pattern docs carry those words as their own lemmas, so
    no tagger runs at build time and matching stays a hash look-up per token.
    """

    def __init__(self, vocab: Vocab, make_doc, language: str):
        self.topic_heads = topic_heads(language)
        self.by_lemma = PhraseMatcher(vocab, attr="LEMMA")
        self.by_form = PhraseMatcher(vocab, attr="LOWER")
        # (label, word) -> part of speech: rows of one type and weight share a label, not a POS.
        self._pos: dict[tuple[int, str], str] = {}
        self._needs: dict[tuple[int, str], str] = {}
        for row in trigger_rows():
            if row.language != language:
                continue
            words = [t.lower_ for t in make_doc(" ".join(row.words))]
            pattern = Doc(vocab, words=words, lemmas=words)
            self.by_lemma.add(row.key, [pattern])
            self.by_form.add(row.key, [make_doc(" ".join(row.words))])
            if row.pos and len(words) == 1:
                self._pos[(vocab.strings[row.key], words[0])] = row.pos
            if row.needs and len(words) == 1:
                self._needs[(vocab.strings[row.key], words[0])] = row.needs

    def __call__(self, doc: Doc) -> Doc:
        found = {(m, s, e) for m, s, e in self.by_lemma(doc)} | {(m, s, e) for m, s, e in self.by_form(doc)}
        spans = []
        for match_id, start, end in sorted(found, key=lambda m: (m[1], m[2])):
            token = doc[start]
            pos = self._pos.get((match_id, token.lemma_.lower())) or self._pos.get((match_id, token.lower_))
            if end - start == 1 and pos is not None and token.pos_ != pos:
                continue  # "the state of the roads" is no statement
            kind, code, _weight = doc.vocab.strings[match_id].split("|")
            if code == _HOST_CODE and not _hosts_someone(token):
                continue
            if kind == "visit" and token.pos_ in ("VERB", "AUX") and _travels_unofficially(token):
                continue  # "the fugitive travelled to Bangkok" is no official visit
            needs = self._needs.get((match_id, token.lemma_.lower())) or self._needs.get((match_id, token.lower_))
            if needs is not None and not _NEEDS[needs](token):
                continue
            if _PURPOSE.search(doc[max(0, start - 6) : start].text + " "):
                continue  # "with a view to signing a working arrangement": not signed yet
            if _SOUGHT.search(doc[max(0, start - 8) : start].text + " "):
                continue  # "information that could lead to his arrest": not arrested yet
            if kind in _WEAK_TYPES and _ATTRIBUTION.search(doc[max(0, start - 4) : start].text):
                continue  # "according to a statement": the source of a report, not an event
            spans.append(Span(doc, start, end, label=match_id))
        # "press conference" is a statement, not also a "conference": the longest trigger wins, and
        # what it says of itself ("had an arrest warrant") goes for the words inside it.
        kept = [span for span in filter_spans(spans) if not _not_a_happening(span, self.topic_heads)]
        doc.spans[TRIGGER_SPAN_KEY] = sorted(kept, key=lambda span: (span.start, span.end))
        return doc


@functools.lru_cache(maxsize=4)
def topic_heads(language: str) -> frozenset[str]:
    """Nouns whose complement is a field or a trade, not a happening (lib/data/event_topic_heads.csv)."""
    with (DATA_DIR / "event_topic_heads.csv").open(encoding="utf-8", newline="") as handle:
        return frozenset(r["word"].casefold() for r in csv.DictReader(handle) if r["language"] == language)


def _governor(token):  # type: ignore[no-untyped-def]
    """The first word above `token` that is not a preposition ("in the field of" -> "field")."""
    head = token.head
    while head is not head.head and head.pos_ == "ADP":
        head = head.head
    return head


def _not_a_happening(span: Span, heads: frozenset[str]) -> bool:
    """A trigger that names a field, a trade or a ground rather than something that happened."""
    root = span.root
    doc = span.doc
    words = {t.lower_ for t in span}
    if span.start >= 2 and doc[span.start - 1].text in "-‑" and doc[span.start - 2].lower_ == "co":
        return True  # "co-operation" split by the tokenizer is no "operation"
    if root.lemma_.lower() in _REFLEXIVE_ONLY and not any(c.lower_ in _REFLEXIVE for c in root.children):
        return True
    if words & _GROUND_WORDS and {root.head.lemma_.lower(), _governor(root).lemma_.lower()} & _GROUND_HEADS:
        return True
    if root.pos_ not in ("NOUN", "PROPN"):
        return False
    # "in the field of training", "la coopération en matière de rapatriement", "a training academy":
    # up the chain of nouns and prepositions (lists included) to a field or a trade.
    token = root
    for _ in range(5):
        head = _governor(token)
        if head is token or head.pos_ not in ("NOUN", "PROPN"):
            return False
        if head.lower_ in heads or head.lemma_.lower() in heads:
            return True
        token = head
    return False


# People whose journeys are no official visits.
_UNOFFICIAL = {"fugitive", "suspect", "offender", "criminal", "smuggler", "trafficker", "national", "migrant",
               "victim", "tourist", "man", "woman", "accused", "gang", "fugitif", "malfaiteur", "trafiquant",
               "passeur", "ressortissant", "victime", "touriste", "homme", "femme", "accusé"}


def _travels_unofficially(token) -> bool:
    """"the fugitive travelled to Bangkok", "nationals travelling to Syria": a suspect's or a victim's journey."""
    subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubj:pass", "nsubjpass")]
    if token.dep_ in ("acl", "relcl", "acl:relcl"):
        subjects.append(token.head)
    return any(t.lemma_.lower() in _UNOFFICIAL or t.lower_ in _UNOFFICIAL for t in subjects)


def _alerts_a_body(token) -> bool:
    """"alerted their Spanish counterparts", "were alerted by the French authorities": one service warns
    another; "alerted the public" or a verb with no such party is no intelligence sharing."""
    parties = []
    for child in token.children:
        if child.dep_ in ("dobj", "obj", "nsubjpass", "nsubj:pass"):
            parties.append(child)
        elif child.dep_ in ("agent", "obl:agent", "obl"):
            parties.extend(t for t in child.subtree if t.dep_ in ("pobj", "obl:agent", "obl"))
            parties.append(child)
    return any(t.ent_type_ in ("AGENCY", "ORG", "PERSON", "PER") or t.lemma_.lower() in _PARTY_NOUNS
               or t.lower_ in _PARTY_NOUNS for t in parties)


_PARTY_NOUNS = {"counterpart", "counterparts", "authority", "authorities", "police", "agency", "service", "services",
                "homologue", "homologues", "autorité", "autorités", "agence", "gendarmerie", "interpol", "europol"}


def _travelling(token) -> bool:
    """"a delegation led by", "la délégation l'accompagnant", "met with a delegation": one that travels."""
    near = [token.head, *token.children]
    return any(t.lemma_.lower() in _DELEGATION_VERBS or t.lower_ in _DELEGATION_VERBS for t in near if t is not token)


_NEEDS = {"traveller": _travelling, "party": _alerts_a_body}


def _hosts_someone(token) -> bool:
    """"received his counterpart", "welcomed the delegation": a person or a delegation is received."""
    for child in token.children:
        if child.dep_ in ("dobj", "obj", "nsubjpass", "nsubj:pass"):
            if child.ent_type_ in ("PERSON", "PER") or child.lower_ in _GUESTS or child.lemma_.lower() in _GUESTS:
                return True
    return False


@dataclass(frozen=True)
class Trigger:
    type: str
    code: str | None
    weight: float
    sentence: int
    start: int | None = None  # character offset of the trigger word

    @classmethod
    def from_span(cls, span: Span, sentence: int) -> Trigger:
        event_type, code, weight = span.label_.split("|")
        return cls(event_type, code or None, float(weight), sentence, span.start_char)


@dataclass(frozen=True)
class SentenceFacts:
    """What extraction found in one sentence, as events need it."""

    index: int
    start: int
    end: int
    text: str
    participants: tuple[str, ...]  # agency ids, person names, country codes, in text order
    actor: str | None  # the first person or agency: who a following "He ..." refers to
    place: str | None  # city name, else country code
    anaphoric: bool  # starts with a pronoun or a demonstrative ("He ...", "These talks ...")
    people: tuple[str, ...] = ()  # the persons among the participants


class _Dating:
    """Which date each sentence's events take.

    A date written in the sentence comes first (the most precise, then the nearest the trigger),
    except "since ..." dates and the dateline, which only dates the opening sentence when it holds no
    other date. A sentence without one takes the narrative time: the date the last earlier event took
    from its own sentence (an aside such as "appointed in September" is not narrative time), never one
    after publication (a schedule of coming events); else the nearest date before it, else after it."""

    def __init__(self, sentences: Sequence[SentenceFacts], dates: Sequence[DateRef], published: dt.date | None):
        self.sentences = sentences
        self.published = published
        located = sorted((d for d in dates if d.char_start is not None), key=lambda d: d.char_start or 0)
        self.vague = [d for d in located if _VAGUE.search(d.text)]
        usable = [d for d in located if not self._since(d) and not _VAGUE.search(d.text)]
        self.datelines = [d for d in usable if self._is_dateline(d)]
        self.dates = [d for d in usable if not any(d is line for line in self.datelines)]

    def _sentence_of(self, offset: int) -> SentenceFacts | None:
        return next((s for s in self.sentences if s.start <= offset < s.end), None)

    def _since(self, date: DateRef) -> bool:
        sentence = self._sentence_of(date.char_start or 0)
        if sentence is None:
            return False
        at = (date.char_start or 0) - sentence.start
        return (bool(_SINCE.search(sentence.text[max(0, at - 30) : at])) or bool(_ISSUED.search(sentence.text[:at]))
                or history_before(sentence, date.char_start or 0))

    def _is_dateline(self, date: DateRef) -> bool:
        sentence = self._sentence_of(date.char_start or 0)
        if sentence is None or sentence.index > 1:
            return False
        return bool(_DATELINE_PREFIX.match(sentence.text[: (date.char_start or 0) - sentence.start]))

    def _inside(self, date: DateRef, sentence: SentenceFacts) -> bool:
        return sentence.start <= (date.char_start or 0) < sentence.end

    def own(self, sentence: SentenceFacts) -> list[DateRef]:
        return [d for d in self.dates if self._inside(d, sentence)]

    def vague_nearer(self, sentence: SentenceFacts, own: list[DateRef], trigger: Trigger) -> bool:
        """"requested his extradition last year and ... in December": a vague date nearer the trigger
        than the sentence's other dates is the one this event has."""
        if trigger.start is None:
            return False
        vague = [d for d in self.vague if self._inside(d, sentence)]
        distance = lambda d: abs((d.char_start or 0) - (trigger.start or 0))  # noqa: E731
        return bool(vague) and min(map(distance, vague)) < min(map(distance, own))

    def vaguely_dated(self, sentence: SentenceFacts) -> bool:
        """"captured more than a year ago": the sentence dates its event itself, vaguely; it borrows none."""
        return any(self._inside(d, sentence) for d in self.vague)

    def context(self, sentence: SentenceFacts, chosen: dict[int, DateRef]) -> DateRef | None:
        """`chosen`: the dates earlier sentences' events took from their own text."""
        line = next((d for d in self.datelines if self._inside(d, sentence)), None)
        if line is not None:
            return line
        future = self.published
        narrative = [
            (index, d) for index, d in chosen.items()
            if index < sentence.index and (future is None or d.start <= future)
        ]
        if narrative:
            return max(narrative, key=lambda item: item[0])[1]
        # A bare year elsewhere ("created in 2015") is background, not the time of the story.
        dated = [d for d in self.dates if d.precision != "year"]
        before = [d for d in dated if (d.char_start or 0) < sentence.start and (future is None or d.start <= future)]
        if before:
            return max(before, key=lambda d: d.char_start or 0)
        after = [d for d in dated if (d.char_start or 0) >= sentence.end]
        return min(after, key=lambda d: d.char_start or 0) if after else None


def history_before(sentence: SentenceFacts, offset: int) -> bool:
    """Whether a body's creation is told before this offset of its sentence."""
    match = _HISTORY.search(sentence.text)
    return match is not None and sentence.start + match.start() < offset


def _best(own: list[DateRef], trigger: Trigger | None = None) -> DateRef:
    """The most precise date, and among those the one nearest the trigger word (else the first)."""
    at = trigger.start if trigger is not None and trigger.start is not None else None
    return min(
        own,
        key=lambda d: (
            _PRECISION_RANK.get(d.precision, 9),
            abs((d.char_start or 0) - at) if at is not None else (d.char_start or 0),
        ),
    )


def _nearest_trigger(date: DateRef, triggers: Sequence[Trigger]) -> Trigger | None:
    placed = [t for t in triggers if t.start is not None]
    return min(placed, key=lambda t: abs((t.start or 0) - (date.char_start or 0)), default=None)


def _confidence(weight: float, participants: int, borrowed: bool) -> float:
    evidence = min(participants, 3) / 3
    score = 0.55 * weight + 0.45 * evidence - (0.1 if borrowed else 0.0)
    return max(0.0, min(1.0, round(score, 3)))


def _takedown(kinds: list[Trigger], sentence: SentenceFacts) -> list[Trigger]:
    """In a sentence about servers, botnets or darknet markets, a weak arrest word ("seized", "saisie")
    is the takedown itself unless a person is named; a sure one ("arrested") stays an arrest."""
    if not _INFRASTRUCTURE.search(sentence.text) or sentence.people:
        return kinds
    weak = [t for t in kinds if t.type == "arrest" and t.weight < _SURE_ARREST]
    if not weak:
        return kinds
    kept = [t for t in kinds if t not in weak]
    if not any(t.type == _JOINT for t in kept):
        best = max(weak, key=lambda t: t.weight)
        kept.append(Trigger(_JOINT, None, best.weight, best.sentence, best.start))
    return kept


def build_events(
    sentences: Sequence[SentenceFacts],
    triggers: Sequence[Trigger],
    dates: Sequence[DateRef],
    published: dt.date | None = None,
) -> list[Event]:
    """One event per sentence and event type; a sentence without any participant yields none, unless
    it names a place and its trigger is strong. `published` keeps coming events out of the narrative time."""
    by_sentence: dict[int, dict[str, Trigger]] = {}
    for trigger in triggers:
        if trigger.sentence < len(sentences) and trigger.start is not None \
                and history_before(sentences[trigger.sentence], trigger.start):
            continue
        best = by_sentence.setdefault(trigger.sentence, {})
        if trigger.type not in best or best[trigger.type].weight < trigger.weight:
            best[trigger.type] = trigger
    dating = _Dating(sentences, dates, published)
    chosen: dict[int, DateRef] = {}
    events: list[Event] = []
    for index, found in sorted(by_sentence.items()):
        if index >= len(sentences):
            continue
        sentence = sentences[index]
        kinds = [t for t in found.values() if t.type not in _WEAK_TYPES or t.weight >= _WEAK_BELOW]
        if not any(t.type not in _WEAK_TYPES for t in kinds):
            kinds = list(found.values())
        participants = list(sentence.participants)
        borrowed = False
        if sentence.anaphoric and index > 0:
            previous = next((s.actor for s in reversed(sentences[:index]) if s.actor), None)
            if previous and previous not in participants:
                participants.insert(0, previous)
                borrowed = True
        if not participants and not _MULTI_PARTY.search(sentence.text):
            # "Twenty agreements were signed at the royal palace in Rabat": a strong trigger with a place;
            # "delegates from 22 countries attended the meeting": parties counted, not named.
            kinds = [t for t in kinds if t.weight >= _PLACE_ONLY] if sentence.place else []
            if not kinds:
                continue
        kinds = _takedown(kinds, sentence)
        if _TREND.search(sentence.text):
            continue  # "an increase of 55 percent in the exchange of information": a trend, not a happening
        if _TALLY.search(sentence.text) and all(d.precision == "year" for d in dating.own(sentence) or [None]):
            continue  # "191 arrests during 2022": a tally, not a happening
        several = len(participants) >= 2 or bool(_MULTI_PARTY.search(sentence.text))
        kinds = [t for t in kinds if t.type != _JOINT or t.weight >= _JOINT_EXPLICIT or several]
        own = dating.own(sentence)
        # "Europol said on Wednesday that ... arrests": the date of the saying is not that of the arrests.
        said = bool(own) and len(kinds) > 1 and all(
            (t := _nearest_trigger(d, list(found.values()))) is not None and t.type in _WEAK_TYPES for d in own
        )
        for trigger in sorted(kinds, key=lambda t: -t.weight):
            if own and dating.vague_nearer(sentence, own, trigger):
                date, inferred = None, False
            elif own and not (said and trigger.type not in _WEAK_TYPES):
                date, inferred = _best(own, trigger), False
                chosen.setdefault(index, date)
            elif not own and dating.vaguely_dated(sentence):
                date, inferred = None, False
            else:
                date, inferred = dating.context(sentence, chosen), True
            events.append(
                Event(
                    type=trigger.type,
                    code=trigger.code,
                    date=date.start if date else None,
                    date_end=date.end if date else None,
                    precision=date.precision if date else None,
                    date_inferred=inferred,
                    participants=tuple(participants),
                    location=sentence.place,
                    sentence=sentence.text,
                    start=sentence.start,
                    end=sentence.end,
                    confidence=_confidence(trigger.weight, len(participants), borrowed),
                )
            )
    return events
