"""Corrections that need the extractor (analyst agencies, re-extraction) and shared log files."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from lib import correct
from lib.analytics import Filters
from lib.analytics.entities import entity_table
from lib.corrections import Correction, CorrectionError
from lib.extraction.gazetteer import set_analyst_agencies
from lib.ingest import Upload, ingest

ROOT = Path(__file__).resolve().parent.parent
FIRST = ("Title: Harbour raid\nDate: 2024-05-02\n\n"
         "The Kestrel Task Force and the French DGSI arrested two men in Marseille on 30 April 2024.\n")
LATER = ("Title: Second raid\nDate: 2024-06-02\n\n"
         "Officers of the Kestrel Task Force searched a warehouse in Lyon on 1 June 2024.\n")
KESTREL = Correction("add_agency", "AGENCY", "Kestrel Task Force",
                     {"name": "Kestrel Task Force", "country": "FR", "agency_kind": "police",
                      "aliases": ["Kestrel Task Force", "KTF"]}, note="local unit")


@pytest.fixture(autouse=True)
def forget_analyst_agencies():
    yield
    set_analyst_agencies([])  # other tests must not see this test's gazetteer


def agencies(store):
    return set(entity_table(store, Filters(), "AGENCY")["id"])


def test_an_added_agency_is_found_in_stored_and_later_articles_and_undone(store):
    list(ingest([Upload("a.txt", FIRST.encode())], store))
    assert "Kestrel Task Force" not in agencies(store)
    number = correct.add_agency(store, KESTREL)
    table = entity_table(store, Filters(), "AGENCY").set_index("id")
    assert table.loc["Kestrel Task Force", "country"] == "FR"
    list(ingest([Upload("b.txt", LATER.encode())], store))
    assert entity_table(store, Filters(search="warehouse"), "AGENCY")["id"].tolist() == ["Kestrel Task Force"]
    correct.undo(store, number)
    assert "Kestrel Task Force" not in agencies(store)
    assert "DGSI" in agencies(store)


def test_reextraction_keeps_corrections(store):
    list(ingest([Upload("a.txt", FIRST.encode())], store))
    store.add_correction(Correction("rename", "AGENCY", "DGSI", {"name": "French domestic intelligence"}))
    assert correct.reextract(store) == 1
    table = entity_table(store, Filters(), "AGENCY").set_index("id")
    assert table.loc["DGSI", "name"] == "French domestic intelligence"


def test_log_export_import_is_idempotent(store, tmp_path):
    from lib.store import Store

    list(ingest([Upload("a.txt", FIRST.encode())], store))
    store.add_correction(Correction("set_agency", "AGENCY", "DGSI", {"agency_kind": "intelligence"}))
    undone = store.add_correction(Correction("rename", "AGENCY", "DGSI", {"name": "Temp"}))
    store.undo_correction(undone)
    for fmt in ("json", "csv"):
        other = Store(f"sqlite:///{tmp_path / f'other-{fmt}.db'}")
        list(ingest([Upload("a.txt", FIRST.encode())], other))
        data = correct.export_log(store, fmt)
        assert correct.import_log(other, data, fmt) == (1, 0)  # the undone rename is not shared
        assert correct.import_log(other, data, fmt) == (0, 1)
        assert entity_table(other, Filters(), "AGENCY").set_index("id").loc["DGSI", "kind"] == "intelligence"
        assert len(other.corrections()) == 1
        other.dispose()


def test_gazetteer_file_round_trip(store, tmp_path):
    from lib.store import Store

    correct.add_agency(store, KESTREL)
    data = correct.export_gazetteer(store)
    assert data.decode().splitlines()[1] == "Kestrel Task Force,Kestrel Task Force,FR,police,Kestrel Task Force|KTF"
    other = Store(f"sqlite:///{tmp_path / 'g.db'}")
    assert correct.import_log(other, data, "csv") == (1, 0)
    assert correct.import_log(other, data, "csv") == (0, 1)
    other.dispose()


def test_bad_log_files_get_a_clear_error(store):
    with pytest.raises(CorrectionError, match="not a JSON correction log"):
        correct.import_log(store, b"{oops", "json")
    with pytest.raises(CorrectionError, match="^record 1: kind is missing$"):
        correct.import_log(store, b'[{"op": "merge"}]', "json")


def test_command_line_corrections(tmp_path):
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    (tmp_path / "a.txt").write_text(FIRST, encoding="utf-8")
    run = lambda *a: subprocess.run([sys.executable, "-m", "lib", *a], cwd=ROOT, capture_output=True,  # noqa: E731
                                    text=True, timeout=300)
    assert run("ingest", str(tmp_path / "a.txt"), "--db", db).returncode == 0
    made = run("correct", "--db", db, "set-agency", "DGSI", "--agency-kind", "intelligence", "--note", "check")
    assert made.returncode == 0 and made.stdout.startswith("correction 1:")
    assert "active" in run("correct", "--db", db, "list").stdout
    assert run("correct", "--db", db, "merge", "DGSI", "DGSI").returncode == 2
    assert run("correct", "--db", db, "undo", "1").returncode == 0
    assert "undone" in run("correct", "--db", db, "list").stdout
    assert run("correct", "--db", db, "undo", "1").returncode == 2


# --- imported files are checked whole before anything is written ---------------------------------

def _log(*records: dict) -> bytes:
    return json.dumps(list(records)).encode()


GOOD = {"op": "set_agency", "kind": "AGENCY", "target": "DGSI", "value": {"agency_kind": "intelligence"}}


def _agency(target: str = "Kestrel Task Force", **value: object) -> dict:
    return {"op": "add_agency", "kind": "AGENCY", "target": target,
            "value": {"name": "Kestrel Task Force", "aliases": ["KTF"], **value}}


@pytest.mark.parametrize("bad, message", [
    (_agency(aliases=[1, 2]), "aliases must be a list of strings"),
    (_agency(aliases=None), "aliases must be a list of strings"),
    (_agency(aliases="DGSE"), "aliases must be a list of strings"),
    ({"op": "rename", "kind": "AGENCY", "target": None, "value": {"name": "Other"}}, "target is missing"),
    ({"op": "rename", "kind": "AGENCY", "target": "None", "value": {"name": "Other"}}, "target is missing"),
    ({"op": "rename", "kind": "AGENCY", "target": "DGSI", "value": {"name": float("nan")}}, "name must be a string"),
    (_agency(aliases=["KTF", "a"]), "alias 'a' is too short to look for: it would match everywhere"),
    (_agency(aliases=["I"]), "alias 'I' is too short to look for: it would match everywhere"),
    (_agency(aliases=["the"]), "alias 'the' is a common word: it would match everywhere"),
    (_agency(aliases=["KTF", "DGSI"]), "'DGSI' is already a name of the built-in agency DGSI; an agency needs names "
                                       "of its own"),
    (_agency(country="France"), "country must be an ISO country code (two or three letters, INT for international)"),
    ({"op": "explode", "kind": "AGENCY", "target": "DGSI", "value": {}}, "op must be one of merge, rename, relabel, "
                                                                         "set_agency, delete_mention, add_agency, "
                                                                         "merge_stories, split_story (not 'explode')"),
    ({**GOOD, "value": {"agency_kind": "intelligence", "colour": "red"}}, "colour is not a field of this correction"),
], ids=["int-aliases", "null-aliases", "string-aliases", "null-target", "None-target", "NaN-name", "one-letter",
        "pronoun", "stop-word", "built-in-clash", "country-name", "unknown-op", "unknown-field"])
def test_a_bad_record_refuses_the_whole_file_naming_the_record_and_the_field(store, bad, message):
    list(ingest([Upload("a.txt", FIRST.encode())], store))
    data = _log(GOOD, _agency("Harbour Unit", name="Harbour Unit", aliases=["HU"]), bad)
    with pytest.raises(CorrectionError) as refused:
        correct.import_log(store, data, "json")
    assert str(refused.value) == f"record 3: {message}"
    assert store.corrections() == []  # not even the two good records before it
    assert [s.status for s in ingest([Upload("b.txt", LATER.encode())], store)] == ["ingested"]
    assert correct.reextract(store) == 2


def test_csv_from_a_french_excel_and_from_windows_1252_are_read_as_uploads_are(store):
    # French Excel: a byte-order mark, semicolons, CRLF and quoted JSON in the value column.
    log = ('\ufeffop;kind;target;value;note;created_at;undone\r\n'
           'set_agency;AGENCY;DGSI;"{""agency_kind"": ""intelligence""}";vu à Paris;;False\r\n').encode("utf-8")
    assert correct.import_log(store, log, "csv") == (1, 0)
    gazetteer = ("id;name;country;kind;aliases\r\n"
                 "BRI Nîmes;Brigade de recherche et d'intervention de Nîmes;FR;police;BRI Nîmes|brigade nîmoise\r\n"
                 ).encode("cp1252")
    assert correct.import_log(store, gazetteer, "csv") == (1, 0)
    made = [c for c, _ in store.corrections()]
    assert made[0].note == "vu à Paris" and made[0].value == {"agency_kind": "intelligence"}
    assert made[1].target == "BRI Nîmes"
    assert made[1].value == {"name": "Brigade de recherche et d'intervention de Nîmes", "country": "FR",
                             "agency_kind": "police", "aliases": ["BRI Nîmes", "brigade nîmoise"]}


def test_a_gazetteer_file_s_message_names_its_own_columns(store):
    data = b"id,name,country,kind,aliases\nKTF,Kestrel Task Force,FR,spies,KTF\n"
    with pytest.raises(CorrectionError, match=r"^record 1: kind must be one of 'police', "):
        correct.import_log(store, data, "csv")


def test_a_large_import_is_one_transaction_written_in_batches_with_progress(store, monkeypatch, capsys):
    import time

    from sqlalchemy import event

    import lib.store

    list(ingest([Upload("a.txt", FIRST.encode())], store))
    renames = [{"op": "rename", "kind": "AGENCY", "target": f"Unit {n}", "value": {"name": f"Renamed {n}"}}
               for n in range(4999)] + [{"op": "rename", "kind": "AGENCY", "target": "DGSI", "value": {"name": "Sécu"}}]
    data = _log(*renames)
    # A failure while the fourth batch is written: nothing of the file stays.
    original, batches = lib.store._correction_values, {"n": 0}

    def failing(correction):  # type: ignore[no-untyped-def]
        if correction.target == "Unit 3500":
            raise OSError("disk full")
        return original(correction)

    monkeypatch.setattr(lib.store, "_correction_values", failing)
    with pytest.raises(OSError):
        correct.import_log(store, data, "json")
    assert store.corrections() == []
    monkeypatch.setattr(lib.store, "_correction_values", original)

    progress: list[tuple[int, int]] = []
    statements = {"n": 0}
    event.listen(store.writer, "before_cursor_execute", lambda *a: statements.__setitem__("n", statements["n"] + 1))
    started = time.perf_counter()
    assert correct.import_log(store, data, "json", on_progress=lambda done, total: progress.append((done, total))) \
        == (5000, 0)
    seconds = time.perf_counter() - started
    assert progress == [(1000, 5000), (2000, 5000), (3000, 5000), (4000, 5000), (5000, 5000)]
    assert statements["n"] < 100  # a few statements a batch, not a few a record
    assert entity_table(store, Filters(), "AGENCY").set_index("id").loc["DGSI", "name"] == "Sécu"
    with capsys.disabled():
        print(f"\nimported 5,000 renames in {seconds:.2f} s = {5000 / seconds:,.0f} records/s")


def _store_as_an_older_version_did(store, value: str, op: str = "add_agency", target: str = "Poisoned") -> None:
    """A record written without the checks (an older version, a hand-made SQL insert)."""
    import datetime as dt

    from sqlalchemy import insert

    from lib.store import CorrectionRow

    with store.sessions.begin() as session:
        session.execute(insert(CorrectionRow).values(created_at=dt.datetime(2024, 1, 1), op=op, kind="AGENCY",
                                                     target=target, value=value, note=None))


def test_a_stored_record_that_no_longer_validates_is_shown_invalid_never_applied_and_can_go(store):
    list(ingest([Upload("a.txt", FIRST.encode())], store))
    _store_as_an_older_version_did(store, '{"name": "Poisoned", "aliases": [1, 2]}')
    _store_as_an_older_version_did(store, "not JSON at all", op="rename", target="DGSI")
    (first, _), (second, _) = store.corrections()
    assert first.problem == "aliases must be a list of strings"
    assert first.describe() == "invalid add_agency record for 'Poisoned': aliases must be a list of strings"
    assert second.describe() == "invalid rename record for 'DGSI': its value is not a JSON object"
    # Nothing that reads the log breaks: ingest, re-extraction, corrections, the shared files.
    assert [s.status for s in ingest([Upload("b.txt", LATER.encode())], store)] == ["ingested"]
    assert correct.reextract(store) == 2
    store.add_correction(Correction("set_agency", "AGENCY", "DGSI", {"agency_kind": "intelligence"}))
    assert json.loads(correct.export_log(store, "json"))[0]["op"] == "set_agency"  # invalid records are not shared
    assert correct.undo(store, first.id).problem
    assert store.delete_correction(second.id).target == "DGSI"
    with pytest.raises(CorrectionError, match="is valid: undo it instead"):
        store.delete_correction(3)
    assert [c.id for c, _ in store.corrections()] == [1, 3]


def test_the_command_line_lists_undoes_and_deletes_invalid_records(tmp_path):
    from lib.store import Store

    db = f"sqlite:///{tmp_path / 'cli.db'}"
    (tmp_path / "a.txt").write_text(FIRST, encoding="utf-8")
    store = Store(db)
    _store_as_an_older_version_did(store, '{"name": "Poisoned", "aliases": [1, 2]}')
    store.dispose()
    run = lambda *a: subprocess.run([sys.executable, "-m", "lib", *a], cwd=ROOT, capture_output=True,  # noqa: E731
                                    text=True, timeout=300)
    assert run("ingest", str(tmp_path / "a.txt"), "--db", db).returncode == 0
    listed = run("correct", "--db", db, "list")
    assert listed.returncode == 0 and listed.stderr == ""
    assert "invalid add_agency record for 'Poisoned': aliases must be a list of strings" in listed.stdout
    assert run("correct", "--db", db, "undo", "1").returncode == 0
    deleted = run("correct", "--db", db, "delete", "1")
    assert deleted.returncode == 0 and deleted.stdout.startswith("deleted: invalid add_agency record")
    assert run("correct", "--db", db, "list").stdout == ""


def test_correct_on_a_full_disk_says_so_and_changes_nothing(tmp_path, monkeypatch, capsys):
    import lib.store
    from lib.cli import main
    from lib.store import Store

    db = f"sqlite:///{tmp_path / 'full.db'}"
    store = Store(db)
    list(ingest([Upload("a.txt", FIRST.encode())], store))
    store.dispose()
    shared = tmp_path / "shared.json"
    shared.write_bytes(_log(*[{"op": "rename", "kind": "AGENCY", "target": f"Unit {n}",
                               "value": {"name": f"Renamed unit {n}"}, "note": "x" * 200} for n in range(5000)]))
    original = lib.store._sqlite_pragmas

    def full_disk(dbapi_connection, record):  # type: ignore[no-untyped-def]
        original(dbapi_connection, record)
        cursor = dbapi_connection.cursor()
        pages = cursor.execute("PRAGMA page_count").fetchone()[0]
        cursor.execute(f"PRAGMA max_page_count = {pages}")  # not one page more: SQLite's "disk is full"
        cursor.close()

    monkeypatch.setattr(lib.store, "_sqlite_pragmas", full_disk)
    assert main(["correct", "--db", db, "import", str(shared)]) == 1
    out, err = capsys.readouterr()
    assert err == "error: the database refused the change (database or disk is full); nothing of it was stored\n"
    monkeypatch.setattr(lib.store, "_sqlite_pragmas", original)
    assert Store(db).corrections() == []
