"""The evaluation itself, and the accuracy floors on the sample corpus (issue 3's targets)."""
import pytest

from lib.config import GOLD_DIR, SAMPLE_DIR
from lib.evaluate import Report, Score, _score_file, evaluate, format_report, summary


def test_score_arithmetic():
    score = Score()
    score.add({"a", "b", "c"}, {"b", "c", "d"})
    assert (score.tp, score.fp, score.fn) == (2, 1, 1)
    assert score.precision == pytest.approx(2 / 3) and score.recall == pytest.approx(2 / 3)
    assert score.f1 == pytest.approx(2 / 3)
    assert Score().f1 == 0.0


def test_scoring_one_file_counts_links_and_dates():
    gold = {"file": "x.txt", "agencies": [{"id": "DGSI"}, {"id": "DGSE"}], "countries": ["FR"],
            "persons": [{"name": "Céline Berthon", "agency": "DGSI"}, {"name": "Nicolas Lerner", "agency": "DGSE"}],
            "events": [{"type": "meeting", "date": "2024-06-27", "date_end": None}]}
    predicted = {"agencies": [{"id": "DGSI"}], "countries": [{"code": "FR"}, {"code": "MA"}],
                 "persons": [{"name": "Celine Berthon", "agency": "DGSI"}, {"name": "Nicolas Lerner", "agency": None}],
                 "events": [{"type": "meeting", "date": "2024-06-27", "date_end": "2024-06-27"}]}
    report = Report(files=1)
    _score_file(report, "entente", gold, predicted)
    scores = report.scores["entente"]
    assert (scores["agencies"].tp, scores["agencies"].fn) == (1, 1)
    assert scores["persons"].f1 == 1.0  # accents folded
    assert (scores["countries"].tp, scores["countries"].fp) == (1, 1)
    assert scores["person->agency"].recall == 0.5
    assert scores["event dates"].recall == 1.0
    assert "x.txt agencies: missed ['DGSE']" in "\n".join(report.misses)


@pytest.fixture(scope="module")
def sample_report():
    return evaluate(GOLD_DIR, SAMPLE_DIR)


def test_targets_on_the_sample_corpus(sample_report):
    figures = summary(sample_report)
    ours, plain = figures["entente"], figures["plain spaCy"]
    assert ours["agencies"] >= 0.92 and ours["persons"] >= 0.92 and ours["countries"] >= 0.92
    assert ours["person->agency"] >= 0.85
    assert ours["event dates"] >= 0.80
    assert ours["agencies"] - plain["agencies"] >= 0.25
    assert "plain spaCy" in format_report(sample_report)
