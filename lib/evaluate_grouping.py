"""Grouping scored on gold: do the reports of one happening end in one story, and look-alikes apart?

The gold (eval/grouping/gold.json) puts each sample report in a group, one group per happening;
look-alikes (the same two agencies meeting twice in one month, two arrests on one day) are groups of
one. The reports are stored in a throwaway database, as an ingest stores them, and each report's
story is the story of its event whose type combines with the group's type (the surest such event);
a report without one is a story of its own. Scores: pairwise precision and recall (pairs of reports
put together that belong together) and B-cubed precision, recall and F1.
"""
from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from lib.config import PROJECT_ROOT
from lib.extraction.extract import extract_documents
from lib.extraction.happenings import combined_type
from lib.readers import read_path
from lib.records import Document, Extraction
from lib.store import Article, EventRow, Store

GROUPING_DIR = PROJECT_ROOT / "eval" / "grouping"


@dataclass(frozen=True)
class GroupingScores:
    reports: int
    groups: int
    stories: int  # the reports' predicted stories
    pair_precision: float
    pair_recall: float
    bcubed_precision: float
    bcubed_recall: float

    @property
    def bcubed_f1(self) -> float:
        p, r = self.bcubed_precision, self.bcubed_recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_clusters(gold: dict[str, str], predicted: dict[str, object]) -> GroupingScores:
    """Pairwise and B-cubed scores of `predicted` (report -> cluster) against `gold` (report -> group)."""
    reports = sorted(gold)
    together_gold = {(a, b) for i, a in enumerate(reports) for b in reports[i + 1:] if gold[a] == gold[b]}
    together_predicted = {(a, b) for i, a in enumerate(reports) for b in reports[i + 1:]
                          if predicted[a] == predicted[b]}
    shared = len(together_gold & together_predicted)
    precision = shared / len(together_predicted) if together_predicted else 1.0
    recall = shared / len(together_gold) if together_gold else 1.0
    b_precision = b_recall = 0.0
    for report in reports:
        same_predicted = {r for r in reports if predicted[r] == predicted[report]}
        same_gold = {r for r in reports if gold[r] == gold[report]}
        both = len(same_predicted & same_gold)
        b_precision += both / len(same_predicted)
        b_recall += both / len(same_gold)
    return GroupingScores(len(reports), len(set(gold.values())), len(set(predicted.values())), precision, recall,
                          b_precision / len(reports), b_recall / len(reports))


def _stored(pairs: Iterable[tuple[Document, Extraction]], folder: Path) -> Store:
    store = Store(f"sqlite:///{folder / 'grouping.db'}")
    store.add_articles(pairs)
    return store


def evaluate_grouping(gold_file: Path | None = None, articles_dir: Path | None = None) -> GroupingScores:
    gold_file = gold_file or GROUPING_DIR / "gold.json"
    articles_dir = articles_dir or gold_file.parent / "articles"
    groups = json.loads(gold_file.read_text(encoding="utf-8"))["groups"]
    gold = {report: name for name, group in groups.items() for report in group["reports"]}
    kinds = {report: groups[name]["type"] for report, name in gold.items()}
    documents = [read_path(articles_dir / report).documents[0] for report in sorted(gold)]
    with tempfile.TemporaryDirectory() as folder:
        store = _stored(extract_documents(documents), Path(folder))
        try:
            rows = store.query(select(Article.filename, EventRow.type, EventRow.confidence, EventRow.story_id)
                               .join(EventRow, EventRow.article_id == Article.id))
        finally:
            store.dispose()
    predicted: dict[str, object] = {}
    for report in gold:
        mine = rows[(rows["filename"] == report)]
        fitting = mine[[combined_type(str(t), kinds[report]) is not None for t in mine["type"]]]
        predicted[report] = (int(fitting.sort_values("confidence").iloc[-1]["story_id"]) if len(fitting)
                             else f"alone:{report}")
    return score_clusters(gold, predicted)


def count_stories(pairs: Iterable[tuple[Document, Extraction]]) -> tuple[int, int, int]:
    """(articles, events, stories) when these articles are stored together: how many happenings
    their events form."""
    with tempfile.TemporaryDirectory() as folder:
        store = _stored(pairs, Path(folder))
        try:
            return store.count("articles"), store.count("events"), store.count("stories")
        finally:
            store.dispose()


def format_grouping(scores: GroupingScores) -> str:
    return "\n".join([
        f"Grouping of reports into stories ({scores.reports} reports of {scores.groups} happenings; "
        f"{scores.stories} stories found):",
        f"  pairwise precision {scores.pair_precision:.3f}  recall {scores.pair_recall:.3f}",
        f"  B-cubed precision {scores.bcubed_precision:.3f}  recall {scores.bcubed_recall:.3f}  "
        f"F1 {scores.bcubed_f1:.3f}",
    ])
