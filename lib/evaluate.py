"""`python -m lib evaluate`: Entente's extraction and the plain spaCy model, scored on gold annotations.

Both systems see the same texts in the same run. The plain model's entities are mapped the
obvious way: ORG -> an agency when its text is a gazetteer acronym or alias (else the text
itself), PERSON -> a person, GPE/NORP -> a country by name or demonym, DATE -> a resolved date.
It has no events, roles or person->agency links, so those score zero for it.

Agencies are matched by what was found, not by how an id is spelt: a predicted agency is the gold
agency with the same id, or the one one of whose gold mentions it was found by (same text, folded).
So a body the gazetteer lacks counts when the extractor finds it under another id. Person->agency
links use the same matching. Agency country is the share of matched agencies given the gold country.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lib.config import SAMPLE_DIR
from lib.contract import extraction_json
from lib.extraction.dates import resolve_expression
from lib.extraction.extract import extract_documents
from lib.extraction.gazetteer import fold, load_gazetteer
from lib.extraction.nlp import load_pipeline
from lib.readers import read_path

SYSTEMS = ("entente", "plain spaCy")
SET_METRICS = ("agencies", "persons", "countries", "event types")
# Accuracies over the gold items (shown as recall): links, and the country of each matched agency.
ACCURACIES = ("person->agency", "agency country")
METRICS = SET_METRICS + ACCURACIES + ("event dates",)


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: set, predicted: set) -> None:  # type: ignore[type-arg]
        self.tp += len(gold & predicted)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    files: int = 0
    scores: dict[str, dict[str, Score]] = field(
        default_factory=lambda: {s: {m: Score() for m in METRICS} for s in SYSTEMS}
    )
    misses: list[str] = field(default_factory=list)  # what Entente got wrong, per file, for reading
    # The documents and Entente's extractions, for what is measured on them together (stories).
    extracted: list = field(default_factory=list, repr=False)  # type: ignore[type-arg]


def load_gold(gold_dir: Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(gold_dir.glob("*.json"))]


def _person_key(name: str) -> str:
    return fold(name)


def _agency_matcher(gold: dict[str, Any]) -> dict[str, str]:
    """Folded gold mention text -> gold agency id."""
    return {fold(m): a["id"] for a in gold.get("agencies", []) for m in a.get("mentions", [])}


def _matched_id(agency: dict[str, Any], gold_ids: set[str], by_mention: dict[str, str]) -> str:
    """The gold id a predicted agency stands for: its own id, else the gold agency of one of its mentions."""
    if agency["id"] in gold_ids:
        return agency["id"]
    for mention in agency.get("mentions", []):
        found = by_mention.get(fold(mention["text"] if isinstance(mention, dict) else mention))
        if found is not None:
            return found
    return agency["id"]


def _score_file(report: Report, system: str, gold: dict[str, Any], predicted: dict[str, Any]) -> None:
    scores = report.scores[system]
    gold_ids = {a["id"] for a in gold.get("agencies", [])}
    by_mention = _agency_matcher(gold)
    as_gold = {a["id"]: _matched_id(a, gold_ids, by_mention) for a in predicted["agencies"]}
    gold_sets = {
        "agencies": gold_ids,
        "persons": {_person_key(p["name"]) for p in gold.get("persons", [])},
        "countries": set(gold.get("countries", [])),
        "event types": {e["type"] for e in gold.get("events", [])},
    }
    predicted_sets = {
        "agencies": set(as_gold.values()),
        "persons": {_person_key(p["name"]) for p in predicted["persons"]},
        "countries": {c["code"] for c in predicted["countries"]},
        "event types": {e["type"] for e in predicted["events"]},
    }
    ours = system == SYSTEMS[0]
    for metric in SET_METRICS:
        scores[metric].add(gold_sets[metric], predicted_sets[metric])
        missed = gold_sets[metric] - predicted_sets[metric]
        extra = predicted_sets[metric] - gold_sets[metric]
        if ours and (missed or extra):
            report.misses.append(f"{gold['file']} {metric}: missed {sorted(missed)} extra {sorted(extra)}")

    # agency country: for each gold agency found, was it given the gold country?
    countries = {as_gold[a["id"]]: a.get("country") for a in predicted["agencies"]}
    for agency in gold.get("agencies", []):
        if agency["id"] in countries and "country" in agency:
            right = countries[agency["id"]] == agency["country"]
            scores["agency country"].add({1}, {1} if right else set())
            if ours and not right:
                report.misses.append(f"{gold['file']} agency country: {agency['id']} is {agency['country']}, "
                                     f"got {countries[agency['id']]}")

    # person->agency: each gold link counts once; right when the person is found with that agency.
    links = {_person_key(p["name"]): as_gold.get(p["agency"], p["agency"]) if p.get("agency") else None
             for p in predicted["persons"]}
    for person in gold.get("persons", []):
        if person.get("agency"):
            got = links.get(_person_key(person["name"]))
            right = got == person["agency"]
            scores["person->agency"].add({1}, {1} if right else set())
            if not right and ours:
                report.misses.append(f"{gold['file']} link: {person['name']} -> {person['agency']}, got {got}")

    # event dates: the distinct (start, end) pairs of dated events, gold against predicted.
    dated = {(e["date"], e.get("date_end") or e["date"]) for e in predicted["events"] if e.get("date")}
    wanted = {(e["date"], e.get("date_end") or e["date"]) for e in gold.get("events", []) if e.get("date")}
    scores["event dates"].add(wanted, dated)
    if ours and (wanted - dated or dated - wanted):
        report.misses.append(f"{gold['file']} event dates: missed {sorted(wanted - dated)} "
                             f"extra {sorted(dated - wanted)}")


def plain_prediction(text: str, language: str, reference) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The plain packaged model's entities, in the contract's shape."""
    gazetteer = load_gazetteer()
    nlp = _plain_model(language)
    doc = nlp(text)
    agencies, persons, countries, events = set(), set(), set(), []
    for ent in doc.ents:
        if ent.label_ in ("ORG", "ORGANIZATION"):
            found = gazetteer.by_acronym(ent.text) or gazetteer.by_alias(ent.text)
            agencies.add(found[0].id if found else ent.text)
        elif ent.label_ in ("PERSON", "PER"):
            persons.add(ent.text)
        elif ent.label_ in ("GPE", "NORP", "LOC"):
            code = gazetteer.country_by_name(ent.text) or gazetteer.country_by_demonym(ent.text)
            if code:
                countries.add(code)
        elif ent.label_ == "DATE":
            resolved = resolve_expression(ent.text, reference, language)
            if resolved:
                # Every date the plain model finds counts as a dated event of unknown type.
                events.append({"type": "", "date": resolved.start.isoformat(), "date_end": resolved.end.isoformat()})
    return {
        "agencies": [{"id": a, "mentions": [a]} for a in agencies],
        "persons": [{"name": p, "agency": None} for p in persons],
        "countries": [{"code": c} for c in countries],
        "events": events,
    }


_PLAIN: dict[str, Any] = {}


def _plain_model(language: str):  # type: ignore[no-untyped-def]
    """The packaged model alone, without Entente's components."""
    import spacy

    if language not in _PLAIN:
        meta = load_pipeline(language).meta
        _PLAIN[language] = spacy.load(f"{meta['lang']}_{meta['name']}")
    return _PLAIN[language]


def evaluate(gold_dir: Path, articles_dir: Path | None = None) -> Report:
    articles_dir = articles_dir or SAMPLE_DIR
    golds = load_gold(gold_dir)
    report = Report(files=len(golds))
    documents = [read_path(articles_dir / g["file"]).documents[0] for g in golds]
    for gold, (document, extraction) in zip(golds, extract_documents(documents), strict=True):
        report.extracted.append((document, extraction))
        ours = extraction_json(gold["file"], document, extraction)
        _score_file(report, SYSTEMS[0], gold, ours)
        reference = document.published
        _score_file(report, SYSTEMS[1], gold, plain_prediction(document.text, extraction.language, reference))
    return report


def format_report(report: Report, *, details: bool = True) -> str:
    lines = [f"Evaluated on {report.files} gold-annotated articles.", ""]
    header = f"{'metric':16} " + " ".join(f"{s + ' P':>14} {'R':>6} {'F1':>6}" for s in SYSTEMS)
    lines += [header, "-" * len(header)]
    for metric in METRICS:
        cells = []
        for system in SYSTEMS:
            score = report.scores[system][metric]
            cells.append(f"{score.precision:14.3f} {score.recall:6.3f} {score.f1:6.3f}")
        lines.append(f"{metric:16} " + " ".join(cells))
    lines.append("")
    lines.append("person->agency and agency country are accuracies over the gold items (shown as recall); "
                 "agencies are matched by id or by a gold mention's text.")
    if details and report.misses:
        lines += ["", "Entente's misses and false hits, per article:"] + [f"  {m}" for m in report.misses]
    return "\n".join(lines)


def headline(report: Report, system: str) -> dict[str, float]:
    """The one figure per metric that the targets speak of: F1, or recall for the accuracies."""
    return {m: (report.scores[system][m].recall if m in ACCURACIES else report.scores[system][m].f1)
            for m in METRICS}


def summary(report: Report) -> dict[str, dict[str, float]]:
    """Headline figures per system, for tests and benchmarks."""
    return {system: headline(report, system) for system in SYSTEMS}


def format_sets(reports: dict[str, Report]) -> str:
    """The headline figures of several evaluation sets side by side, each beside the plain model."""
    names = list(reports)
    header = f"{'metric':16} " + " ".join(f"{name[:18]:>18} {'plain':>6}" for name in names)
    lines = [header, "-" * len(header)]
    for metric in METRICS:
        cells = [f"{headline(reports[n], SYSTEMS[0])[metric]:18.3f} {headline(reports[n], SYSTEMS[1])[metric]:6.3f}"
                 for n in names]
        lines.append(f"{metric:16} " + " ".join(cells))
    lines.append(f"{'articles':16} " + " ".join(f"{reports[n].files:18d} {'':6}" for n in names))
    lines.append("F1; recall for person->agency and agency country (accuracies over the gold items).")
    return "\n".join(lines)
