import json
import subprocess
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = (
    "Title: Europol supports raid\nDate: 2023-03-03\n\n"
    "Europol and the Spanish Guardia Civil dismantled a drug trafficking network in Malaga on 1 March 2023.\n"
)


def run(*args: str, db: str | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "lib", *args]
    if db:
        command += ["--db", db]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ingest_exit_codes_and_summary(tmp_path):
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    ok = run("ingest", str(folder), db=db)
    assert ok.returncode == 0, ok.stderr
    assert "1 ingested, 0 duplicate, 0 rejected" in ok.stdout

    (tmp_path / "bad.docx").write_bytes(b"not a zip")
    mixed = run("ingest", str(folder / "a.txt"), str(tmp_path / "bad.docx"), db=db)
    assert mixed.returncode == 1
    assert "duplicate" in mixed.stdout and "bad.docx: not a valid Word file" in mixed.stdout
    assert "0 ingested, 1 duplicate, 1 rejected" in mixed.stdout


def test_ingest_names_the_files_it_skips_for_their_type(tmp_path):
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    for name in ("scan.jpg", "notes.odt", "sub/x.bin"):
        (folder / name).write_bytes(b"\x00\x01")
    only_unsupported = run("ingest", str(folder), db=db)
    assert only_unsupported.returncode == 0, only_unsupported.stderr
    assert "(0 files)" in only_unsupported.stdout
    assert "skipped 3 files of unsupported types: notes.odt, scan.jpg, x.bin" in only_unsupported.stdout

    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    quiet = run("ingest", str(folder), "--quiet", db=db)
    assert "1 ingested, 0 duplicate, 0 rejected (1 file)" in quiet.stdout
    assert "skipped 3 files of unsupported types" in quiet.stdout


def test_usage_errors_exit_2(tmp_path):
    assert run("ingest").returncode == 2
    assert run("ingest", "x.txt", "--published", "29/06/2024").returncode == 2
    assert run("export", "--table", "nope", db=f"sqlite:///{tmp_path / 'e.db'}").returncode == 2


def test_export_csv_to_file(tmp_path):
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    assert run("ingest", str(tmp_path / "a.txt"), db=db).returncode == 0
    out = tmp_path / "articles.csv"
    assert run("export", "--table", "articles", "--format", "csv", "--out", str(out), db=db).returncode == 0
    frame = pd.read_csv(out, encoding="utf-8-sig")
    assert list(frame["title"]) == ["Europol supports raid"]
    mentions = run("export", "--table", "mentions", db=db)
    assert mentions.returncode == 0 and "Europol" in mentions.stdout


def test_extract_json_contract(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.bin").write_bytes(b"\x00")
    result = run("extract", str(tmp_path / "a.txt"), str(tmp_path / "b.bin"), "--json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert [Path(d["file"]).name for d in data] == ["a.txt", "b.bin"]
    first, second = data
    assert first["error"] is None and first["language"] == "en" and first["published"] == "2023-03-03"
    assert {"agencies", "persons", "countries", "locations", "dates", "events", "topics"} <= set(first)
    assert "Europol" in {a["id"] for a in first["agencies"]}
    # Every agency and person says how it was found and how surely.
    assert all(a["method"] and 0 < a["confidence"] <= 1 for a in first["agencies"] + first["persons"])
    assert second["error"].startswith("unsupported file type")


def test_export_tables_formats_and_filters(tmp_path):
    import io
    import xml.etree.ElementTree as ET

    import openpyxl

    db = f"sqlite:///{tmp_path / 'cli.db'}"
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(
        "Title: Paris talks\nDate: 2024-06-29\n\nThe French DGSI and Morocco's DGSN met in Paris on June 27, 2024.\n",
        encoding="utf-8")
    assert run("ingest", str(tmp_path), db=db).returncode == 0

    everything = pd.read_csv(io.StringIO(run("export", "--table", "agencies", db=db).stdout.lstrip("\ufeff")))
    assert {"DGSI", "DGSN", "Europol", "Guardia Civil"} <= set(everything["id"])
    only_fr = run("export", "--table", "agencies", "--agency-country", "FR", db=db).stdout.lstrip("\ufeff")
    assert set(pd.read_csv(io.StringIO(only_fr))["id"]) == {"DGSI", "DGSN"}  # the article with a French agency

    out = tmp_path / "pairs.xlsx"
    assert run("export", "--table", "cooccurrence", "--format", "xlsx", "--out", str(out), db=db).returncode == 0
    rows = list(openpyxl.load_workbook(out)["cooccurrence"].values)
    assert rows[0][:3] == ("a", "b", "count") and len(rows) >= 3

    gexf = run("export", "--table", "cooccurrence", "--format", "gexf", db=db)
    nodes = {n.get("id") for n in ET.fromstring(gexf.stdout).iter() if n.tag.endswith("node")}
    assert {"DGSI", "DGSN", "Europol"} <= nodes
    assert run("export", "--table", "agencies", "--format", "gexf", db=db).returncode == 2
