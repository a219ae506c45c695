"""The grouping's gold and its scores."""
import json

import pytest

from lib.evaluate_grouping import GROUPING_DIR, evaluate_grouping, score_clusters


def test_pairwise_and_bcubed_scores():
    gold = {"a": 1, "b": 1, "c": 2, "d": 3}
    assert score_clusters(gold, {"a": "x", "b": "x", "c": "y", "d": "z"}).bcubed_f1 == 1.0
    lumped = score_clusters(gold, {"a": "x", "b": "x", "c": "x", "d": "z"})
    assert lumped.pair_recall == 1.0 and lumped.pair_precision == pytest.approx(1 / 3)
    split = score_clusters(gold, {"a": "x", "b": "y", "c": "z", "d": "w"})
    assert split.pair_recall == 0.0 and split.bcubed_precision == 1.0 and split.bcubed_recall == pytest.approx(0.75)


def test_the_gold_has_groups_in_both_languages_and_look_alikes():
    groups = json.loads((GROUPING_DIR / "gold.json").read_text(encoding="utf-8"))["groups"]
    real = [g for g in groups.values() if not g.get("constructed")]
    assert len(real) >= 8 and all(2 <= len(g["reports"]) <= 4 for g in real)
    assert sum(any(r.endswith("-fr.txt") for r in g["reports"]) for g in real) >= 8
    assert len([g for g in groups.values() if g.get("constructed")]) >= 4
    for group in groups.values():
        for name in group["reports"]:
            assert (GROUPING_DIR / "articles" / name).is_file()


def test_grouping_meets_its_targets():
    scores = evaluate_grouping()
    assert scores.pair_precision >= 0.9 and scores.pair_recall >= 0.9 and scores.bcubed_f1 >= 0.9
