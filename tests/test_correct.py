"""Corrections that need the extractor (analyst agencies, re-extraction) and shared log files."""
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
    with pytest.raises(CorrectionError, match="needs op, kind and target"):
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
