"""bench.ingest.stored_digest: equal for the same stored results whatever the ids, different when
any stored value differs."""
import dataclasses

from bench.ingest import stored_digest
from lib.store import Store


def _store(url: str, pairs) -> str:  # type: ignore[no-untyped-def]
    store = Store(url)
    for document, extraction in pairs:
        store.add_article(document, extraction)
    store.dispose()
    return stored_digest(url)


def test_digest_ignores_ids_and_sees_any_changed_value(tmp_path, sample_pair):
    document, extraction = sample_pair
    other = (dataclasses.replace(document, text=document.text + " Again.", title="Again"), extraction)
    first = _store(f"sqlite:///{tmp_path / 'a.db'}", [sample_pair, other])
    assert _store(f"sqlite:///{tmp_path / 'b.db'}", [other, sample_pair]) == first  # other ids, same rows
    event = dataclasses.replace(extraction.events[0], participants=("DGSI",))
    changed = (document, dataclasses.replace(extraction, events=(event,)))
    assert _store(f"sqlite:///{tmp_path / 'c.db'}", [changed, other]) != first


def test_a_kept_work_folder_gives_each_run_an_empty_database(tmp_path, sample_pair):
    # Re-running the suite with --workdir must not count the last run's articles as duplicates.
    from bench.ingest import fresh_sqlite_url

    url = fresh_sqlite_url(tmp_path / "run.db")
    store = Store(url)
    store.add_article(*sample_pair)
    store.dispose()
    kept = Store(url)
    assert kept.count() == 1
    kept.dispose()
    again = Store(fresh_sqlite_url(tmp_path / "run.db"))
    try:
        assert again.count() == 0
    finally:
        again.dispose()
