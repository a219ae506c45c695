"""Stories: the events of different articles about one happening grouped, on SQLite and PostgreSQL."""
import datetime as dt

from lib.records import Agency, Country, Document, Event, Extraction, Sentence
from lib.stories import score, Features
from lib.store import EventRow, Story, StoryKey

AGENCIES = {"DGSN": ("MA", "police"), "DGSI": ("FR", "domestic_intelligence"), "CNP": ("ES", "police"),
            "NCA": ("GB", "police"), "FBI": ("US", "police")}


def report(text, kind, date, agencies, *, published=None, location=None, precision="day", end=None):
    extraction = Extraction(
        language="en", model="test", sentences=(Sentence(0, len(text), 0),),
        agencies=tuple(Agency(a, a, *AGENCIES[a]) for a in agencies),
        countries=tuple(Country(AGENCIES[a][0], AGENCIES[a][0]) for a in agencies),
        events=(Event(kind, None, date, end or date, precision, False, tuple(agencies), location, text, 0, len(text),
                      0.7),))
    document = Document(text=text, filename=f"{abs(hash(text))}.txt", title=text[:30],
                        published=published or date, source="Desk")
    return document, extraction


def stories_of(store):
    rows = store.query(EventRow.__table__.select().order_by(EventRow.id))
    return list(rows["story_id"])


def test_reports_of_one_happening_form_one_story(store):
    day = dt.date(2024, 6, 26)
    store.add_article(*report("DGSN chief visits DGSI in Paris.", "visit", day, ["DGSN", "DGSI"],
                              published=dt.date(2024, 6, 27)))
    store.add_article(*report("Le chef de la DGSN a rencontré la DGSI.", "meeting", day + dt.timedelta(days=1),
                              ["DGSI", "DGSN"], published=dt.date(2024, 6, 28)))
    store.add_article(*report("Spanish police arrest a man.", "arrest", day, ["CNP"]))
    first, second, third = stories_of(store)
    assert first == second != third
    story = store.query(Story.__table__.select().where(Story.id == first)).iloc[0]
    assert story["type"] == "visit" and story["sources"] == 2
    assert str(story["first_reported"])[:10] == "2024-06-27"
    assert story["confidence"] > 0.7  # two independent reports: surer than either


def test_look_alikes_stay_apart(store):
    store.add_article(*report("DGSI and CNP meet in Madrid.", "meeting", dt.date(2025, 3, 4), ["DGSI", "CNP"]))
    store.add_article(*report("DGSI and CNP meet again in Madrid.", "meeting", dt.date(2025, 3, 25), ["DGSI", "CNP"]))
    store.add_article(*report("CNP arrests a suspect in Barcelona.", "arrest", dt.date(2025, 5, 14), ["CNP"],
                              location="Barcelona"))
    store.add_article(*report("CNP arrests a suspect in Melilla.", "arrest", dt.date(2025, 5, 14), ["CNP"],
                              location="Melilla"))
    assert len(set(stories_of(store))) == 4


def test_a_rewritten_article_is_regrouped_and_empty_stories_go(store):
    day = dt.date(2024, 2, 19)
    store.add_article(*report("NCA and FBI take down LockBit.", "joint_operation", day, ["NCA", "FBI"]))
    second = store.add_article(*report("La NCA et le FBI démantèlent LockBit.", "joint_operation", day, ["NCA", "FBI"]))
    assert len(set(stories_of(store))) == 1
    _, other = report("Spanish police arrest a man.", "arrest", dt.date(2023, 1, 1), ["CNP"])
    store.replace_extractions({second.article_id: other})
    assert len(set(stories_of(store))) == 2
    assert store.count("stories") == 2
    assert store.query(Story.__table__.select())["sources"].tolist() == [1, 1]
    # the blocking index holds only what the stories still cover
    keys = store.query(StoryKey.__table__.select())
    assert set(keys["key"]) == {"A:NCA", "A:FBI", "C:GB", "C:US", "A:CNP", "C:ES"}


def test_an_undated_event_or_one_known_only_to_the_year_keeps_a_story_of_its_own():
    base = Features("meeting", dt.date(2024, 1, 1), dt.date(2024, 12, 31), "year", False, None, {"DGSI"}, {"FR"})
    assert base.weeks() == []
    undated = Features("meeting", None, None, None, False, None, {"DGSI"}, {"FR"})
    assert score(undated, Features("meeting", dt.date(2024, 1, 1), None, "day", False, None, {"DGSI"})) is None


def test_countries_stand_in_when_agencies_are_named_differently():
    story = Features("visit", dt.date(2024, 10, 28), dt.date(2024, 10, 30), "day", False, "MA", {"DGSN"}, {"MA", "FR"})
    event = Features("visit", dt.date(2024, 10, 28), None, "day", False, "MA", {"DGST"}, {"MA", "FR"})
    assert score(event, story) is not None and score(event, story) >= 0.45


def _two_stories(store):
    day = dt.date(2024, 2, 19)
    first = store.add_article(*report("NCA and FBI take down LockBit.", "joint_operation", day, ["NCA", "FBI"]))
    second = store.add_article(*report("La NCA et le FBI démantèlent LockBit.", "joint_operation", day, ["NCA", "FBI"]))
    third = store.add_article(*report("Spanish police arrest a man.", "arrest", day, ["CNP"]))
    return first, second, third


def test_split_and_merge_stories_are_corrections_that_hold_and_undo(store):
    from lib.corrections import Correction
    from lib.store import report_of

    _two_stories(store)
    events = store.query(EventRow.__table__.select().order_by(EventRow.id))
    assert len(set(events["story_id"])) == 2
    split = store.add_correction(Correction("split_story", "STORY", "LockBit takedown",
                                            {"reports": [report_of(store, event_id=int(events["id"][1]))]}))
    assert len(set(stories_of(store))) == 3
    # a re-extraction regroups the article, and the split still holds
    store.replace_extractions({2: report("La NCA et le FBI démantèlent LockBit.", "joint_operation",
                                         dt.date(2024, 2, 19), ["NCA", "FBI"])[1]})
    assert len(set(stories_of(store))) == 3
    store.undo_correction(split)
    assert len(set(stories_of(store))) == 2
    one, other = sorted(set(stories_of(store)))
    merged = store.add_correction(Correction("merge_stories", "STORY", "same happening", {"reports": [
        report_of(store, story_id=int(one)), report_of(store, story_id=int(other))]}))
    assert len(set(stories_of(store))) == 1 and store.count("stories") == 1
    store.undo_correction(merged)
    assert len(set(stories_of(store))) == 2


def test_a_story_correction_is_checked_whole():
    import pytest

    from lib.corrections import Correction, CorrectionError, validate

    with pytest.raises(CorrectionError, match="start"):
        validate(Correction("split_story", "STORY", "x", {"reports": [{"article": "a" * 64, "start": -1}]}))
    with pytest.raises(CorrectionError, match="two stories"):
        validate(Correction("merge_stories", "STORY", "x", {"reports": [{"article": "a" * 64, "start": 0}]}))
    with pytest.raises(CorrectionError):
        validate(Correction("split_story", "AGENCY", "x", {"reports": [{"article": "a" * 64, "start": 0}]}))


def test_story_corrections_travel_with_the_log_and_apply_to_articles_ingested_later(tmp_path):
    from lib import correct
    from lib.corrections import Correction
    from lib.store import Store, report_of

    mine = Store(f"sqlite:///{tmp_path / 'mine.db'}")
    pairs = [report("NCA and FBI take down LockBit.", "joint_operation", dt.date(2024, 2, 19), ["NCA", "FBI"]),
             report("La NCA et le FBI démantèlent LockBit.", "joint_operation", dt.date(2024, 2, 19), ["NCA", "FBI"])]
    for pair in pairs:
        mine.add_article(*pair)
    second = int(mine.query(EventRow.__table__.select().order_by(EventRow.id))["id"].iloc[1])
    mine.add_correction(Correction("split_story", "STORY", "LockBit", {"reports": [report_of(mine, event_id=second)]}))
    shared = correct.export_log(mine, "csv")
    theirs = Store(f"sqlite:///{tmp_path / 'theirs.db'}")
    assert correct.import_log(theirs, shared, "csv") == (1, 0)
    assert correct.import_log(theirs, shared, "csv") == (0, 1)
    for pair in pairs:  # ingested after the import: the split holds for them
        theirs.add_article(*pair)
    assert len(set(stories_of(theirs))) == 2
    mine.dispose()
    theirs.dispose()


def test_story_corrections_from_the_command_line(tmp_path):
    from lib.store import Store
    from tests.test_cli import run

    db = f"sqlite:///{tmp_path / 'cli.db'}"
    store = Store(db)
    _two_stories(store)
    store.dispose()
    split = run("correct", "--db", db, "split-story", "--event", "2")
    assert split.returncode == 0 and "split 1 report" in split.stdout
    merged = run("correct", "--db", db, "merge-stories", "--story", "1", "--story", "2")
    assert merged.returncode == 0, merged.stderr
    missing = run("correct", "--db", db, "split-story", "--event", "999")
    assert missing.returncode == 2 and "no event number 999" in missing.stderr and "Traceback" not in missing.stderr


def test_a_database_made_before_stories_gets_them_when_opened(tmp_path):
    import sqlite3

    from lib.store import Store

    url = f"sqlite:///{tmp_path / 'old.db'}"
    store = Store(url)
    for text in ("NCA and FBI take down LockBit.", "La NCA et le FBI démantèlent LockBit."):
        store.add_article(*report(text, "joint_operation", dt.date(2024, 2, 19), ["NCA", "FBI"]))
    store.dispose()
    with sqlite3.connect(tmp_path / "old.db") as connection:  # its events as an older version left them
        connection.execute("UPDATE events SET story_id = NULL")
        connection.execute("DELETE FROM story_keys")
        connection.execute("DELETE FROM stories")
    reopened = Store(url)
    assert len(set(stories_of(reopened))) == 1 and reopened.count("stories") == 1
    reopened.dispose()


def test_an_older_events_table_gets_its_story_column(tmp_path):
    import sqlite3

    from lib.store import Store

    with sqlite3.connect(tmp_path / "older.db") as connection:
        connection.execute(
            'CREATE TABLE events (id INTEGER PRIMARY KEY, article_id INTEGER, type VARCHAR(40), code VARCHAR(8), '
            'date_start DATE, date_end DATE, precision VARCHAR(10), date_inferred BOOLEAN, location VARCHAR(300), '
            'sentence TEXT, start INTEGER, "end" INTEGER, confidence FLOAT)')
    store = Store(f"sqlite:///{tmp_path / 'older.db'}")
    store.add_article(*report("NCA and FBI take down LockBit.", "joint_operation", dt.date(2024, 2, 19), ["NCA"]))
    assert stories_of(store) == [1]
    store.dispose()
