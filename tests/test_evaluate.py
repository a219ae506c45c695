"""The evaluation itself, and the accuracy floors on the sample corpus (issue 3's targets)."""
import pytest

from lib.config import GOLD_DIR, SAMPLE_DIR
from lib.evaluate import Report, Score, _score_file, evaluate, format_report, format_sets, summary


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


def test_an_agency_found_by_a_gold_mention_counts_whatever_its_id():
    gold = {"file": "y.txt", "agencies": [{"id": "SPAL", "country": "CA", "mentions": ["Longueuil police service"]}],
            "persons": [{"name": "Ana Roy", "agency": "SPAL"}], "countries": [], "events": []}
    predicted = {"agencies": [{"id": "Longueuil police service", "country": "CA",
                               "mentions": [{"text": "Longueuil Police Service", "start": 0, "end": 24}]},
                              {"id": "Palau", "country": "PW", "mentions": [{"text": "Palam", "start": 30, "end": 35}]}],
                 "persons": [{"name": "Ana Roy", "agency": "Longueuil police service"}], "countries": [], "events": []}
    report = Report(files=1)
    _score_file(report, "entente", gold, predicted)
    scores = report.scores["entente"]
    assert (scores["agencies"].tp, scores["agencies"].fp, scores["agencies"].fn) == (1, 1, 0)
    assert scores["person->agency"].recall == 1.0
    assert scores["agency country"].recall == 1.0


def test_event_dates_count_wrong_dates_against_precision():
    gold = {"file": "z.txt", "agencies": [], "persons": [], "countries": [],
            "events": [{"type": "visit", "date": "2024-03-02", "date_end": None}]}
    predicted = {"agencies": [], "persons": [], "countries": [],
                 "events": [{"type": "visit", "date": "2024-03-02"}, {"type": "meeting", "date": "2026-03-02"}]}
    report = Report(files=1)
    _score_file(report, "entente", gold, predicted)
    dates = report.scores["entente"]["event dates"]
    assert (dates.recall, dates.precision) == (1.0, 0.5)


def test_sets_are_printed_side_by_side():
    one, two = Report(files=3), Report(files=5)
    one.scores["entente"]["agencies"].add({"a", "b"}, {"a"})
    text = format_sets({"devset": one, "samples": two})
    assert text.splitlines()[0].split()[:3] == ["metric", "devset", "plain"]
    assert "0.667" in text and "articles" in text


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
