"""Two analysts ingesting the same articles at the same moment end with one row per article:
the database's uniqueness decides, on SQLite (WAL, immediate write locks) and on PostgreSQL."""
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from lib.store import Article

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def shared_folder(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    for n in range(6):
        (folder / f"a{n}.txt").write_text(
            f"Title: Joint operation {n}\nDate: 2024-03-0{n + 1}\n\n"
            f"Europol and the Spanish Guardia Civil arrested {n + 3} suspects in Malaga on 1 March 2024. "
            f"The French DGSI and Morocco's DGST shared intelligence in case {n}.\n", encoding="utf-8")
    return folder


def test_two_concurrent_ingests_store_each_article_once(store, shared_folder):
    url = store.engine.url.render_as_string(hide_password=False)
    command = [sys.executable, "-m", "lib", "ingest", str(shared_folder), "--db", url, "--quiet"]
    runs = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    for run, (out, err) in zip(runs, outputs):
        assert run.returncode == 0, err
        assert "locked" not in out + err
    ingested = sum(int(out.split(" ingested")[0].split()[-1]) for out, _ in outputs)
    assert ingested == 6  # between them, each article was stored by exactly one process
    counts = store.query(select(func.count(), func.count(func.distinct(Article.content_hash))))
    assert tuple(counts.iloc[0]) == (6, 6)
    # Shared entities were created once, not once per process.
    entities = store.frame("entities")
    assert not entities.duplicated(["kind", "key"]).any()
    assert {"Europol", "Guardia Civil", "DGSI", "DGST"} <= set(entities["key"])


def test_two_concurrent_ingests_group_every_event_into_stories_that_agree_with_their_events(store, shared_folder):
    from lib.store import EventRow, Story

    url = store.engine.url.render_as_string(hide_password=False)
    folder = shared_folder
    halves = [folder / "one", folder / "two"]
    for n, half in enumerate(halves):
        half.mkdir()
        for path in sorted(folder.glob("*.txt"))[n::2]:
            path.rename(half / path.name)
    runs = [subprocess.Popen([sys.executable, "-m", "lib", "ingest", str(half), "--db", url, "--quiet"], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for half in halves]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
    events = store.frame("events")
    assert len(events) and events["story_id"].notna().all()
    stories = store.query(select(Story.id, Story.sources))
    sources = events.groupby("story_id")["article_id"].nunique()
    assert dict(zip(stories["id"], stories["sources"])) == sources.to_dict()
