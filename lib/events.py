"""Typed events from trigger words (lib/data/event_triggers.csv, English and French).

`TriggerMatcher` (a pipeline component) marks trigger words by lemma or by surface form;
`build_events` turns each sentence's triggers into events with a date, participants, a place,
the evidence sentence and a confidence.
"""
from __future__ import annotations

import csv
import functools
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from lib.gazetteer import DATA_DIR
from lib.records import DateRef, Event

TRIGGER_SPAN_KEY = "entente_triggers"
# A statement ("said", "announced") is an event only when nothing more specific happens in the sentence.
_WEAK_TYPES = {"statement"}
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "quarter": 3, "year": 4}


@dataclass(frozen=True)
class TriggerRow:
    type: str
    code: str | None
    language: str
    words: tuple[str, ...]
    weight: float
    pos: str | None  # for one-word triggers that are other words in another part of speech


    @property
    def key(self) -> str:
        return f"{self.type}|{self.code or ''}|{self.weight}"


@functools.lru_cache(maxsize=1)
def trigger_rows() -> tuple[TriggerRow, ...]:
    with (DATA_DIR / "event_triggers.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(
            TriggerRow(
                r["type"], r["code"] or None, r["language"], tuple(r["trigger"].split()), float(r["weight"]),
                (r.get("pos") or "").strip() or None,
            )
            for r in csv.DictReader(handle)
        )


class TriggerMatcher:
    """Trigger words by lemma ("held talks" -> "hold talk") or by written form, with PhraseMatchers.

    The lexicon writes triggers as lemmas; pattern docs carry those words as their own lemmas, so
    no tagger runs at build time and matching stays a hash look-up per token.
    """

    def __init__(self, vocab: Vocab, make_doc, language: str):
        self.by_lemma = PhraseMatcher(vocab, attr="LEMMA")
        self.by_form = PhraseMatcher(vocab, attr="LOWER")
        self._pos: dict[int, str] = {}
        for row in trigger_rows():
            if row.language != language:
                continue
            words = [t.lower_ for t in make_doc(" ".join(row.words))]
            pattern = Doc(vocab, words=words, lemmas=words)
            self.by_lemma.add(row.key, [pattern])
            self.by_form.add(row.key, [make_doc(" ".join(row.words))])
            if row.pos and len(words) == 1:
                self._pos[vocab.strings[row.key]] = row.pos

    def __call__(self, doc: Doc) -> Doc:
        found = {(m, s, e) for m, s, e in self.by_lemma(doc)} | {(m, s, e) for m, s, e in self.by_form(doc)}
        spans = []
        for match_id, start, end in sorted(found, key=lambda m: (m[1], m[2])):
            pos = self._pos.get(match_id)
            if pos is not None and doc[start].pos_ != pos:
                continue  # "the state of the roads" is no statement
            spans.append(Span(doc, start, end, label=match_id))
        doc.spans[TRIGGER_SPAN_KEY] = spans
        return doc


@dataclass(frozen=True)
class Trigger:
    type: str
    code: str | None
    weight: float
    sentence: int

    @classmethod
    def from_span(cls, span: Span, sentence: int) -> Trigger:
        event_type, code, weight = span.label_.split("|")
        return cls(event_type, code or None, float(weight), sentence)


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


def _date_for(sentence: SentenceFacts, dates: Sequence[DateRef]) -> tuple[DateRef | None, bool]:
    inside = [d for d in dates if d.char_start is not None and sentence.start <= d.char_start < sentence.end]
    if inside:
        return min(inside, key=lambda d: (_PRECISION_RANK.get(d.precision, 9), d.char_start or 0)), False
    located = [d for d in dates if d.char_start is not None]
    if not located:
        return None, False
    nearest = min(located, key=lambda d: (abs((d.char_start or 0) - sentence.start), _PRECISION_RANK.get(d.precision, 9)))
    return nearest, True


def _confidence(weight: float, participants: int, borrowed: bool) -> float:
    evidence = min(participants, 3) / 3
    score = 0.55 * weight + 0.45 * evidence - (0.1 if borrowed else 0.0)
    return max(0.0, min(1.0, round(score, 3)))


def build_events(
    sentences: Sequence[SentenceFacts], triggers: Sequence[Trigger], dates: Sequence[DateRef]
) -> list[Event]:
    """One event per sentence and event type; a sentence without any participant yields none."""
    by_sentence: dict[int, dict[str, Trigger]] = {}
    for trigger in triggers:
        best = by_sentence.setdefault(trigger.sentence, {})
        if trigger.type not in best or best[trigger.type].weight < trigger.weight:
            best[trigger.type] = trigger
    events: list[Event] = []
    for index, found in sorted(by_sentence.items()):
        if index >= len(sentences):
            continue
        sentence = sentences[index]
        kinds = [t for t in found.values() if t.type not in _WEAK_TYPES] or list(found.values())
        participants = list(sentence.participants)
        borrowed = False
        if sentence.anaphoric and index > 0:
            previous = next((s.actor for s in reversed(sentences[:index]) if s.actor), None)
            if previous and previous not in participants:
                participants.insert(0, previous)
                borrowed = True
        if not participants:
            continue
        date, inferred = _date_for(sentence, dates)
        for trigger in sorted(kinds, key=lambda t: -t.weight):
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
