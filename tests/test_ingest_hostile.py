"""Hostile files through the whole ingest, on SQLite and PostgreSQL: every file ends ingested or
rejected with a clear reason, the batch goes on, and the database holds exactly the good articles.
"""
from __future__ import annotations

import io
import json
from pathlib import Path

import pypdf
import pytest
from sqlalchemy import func, select

from lib.ingest import FileStatus, Upload, ingest
from lib.store import Article, MentionRow
from tests.readers.conftest import build_docx, build_pdf, rewrite_zip

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
ARABIC = ("عقد وزير الداخلية المغربي اجتماعا مع نظيره الفرنسي في باريس "
          "لبحث التعاون الأمني وتبادل المعلومات قبل الألعاب الأولمبية، "
          "وأكد الجانبان أهمية العمل المشترك.")
SPANISH = ("La Guardia Civil y la Policía Nacional detuvieron ayer en Algeciras a doce personas "
           "acusadas de introducir hachís desde Marruecos, en una operación coordinada con las "
           "autoridades marroquíes.")
FRENCH = "Le ministre de l'Intérieur a reçu à Paris le directeur général de la Sûreté nationale marocaine."


def english(n: int) -> str:
    """A distinct short English article (distinct texts, so none is a duplicate of another)."""
    return (f"Report {n}. The French DGSI and the Moroccan DGSN agreed to exchange liaison officers, "
            f"the ministry said after meeting number {n} in Paris.")


def _encrypted_pdf() -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(build_pdf([[english(90)]]))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _hostile_page() -> bytes:
    return (
        "<html><head><base href='http://127.0.0.1:9/'><title>Liaison page</title>"
        "<script>var leak='SCRIPT-TEXT'</script></head><body onload=\"alert('ONLOAD')\">"
        "<iframe src='http://127.0.0.1:9/x'>IFRAME-TEXT</iframe><article>"
        f"<p>{english(30)}</p><p onclick=\"alert('ONCLICK')\">{english(31)}</p>"
        "<img src=x onerror=alert(1)></article></body></html>"
    ).encode()


def _bulk_csv() -> bytes:
    return (f'title,text,extra\nBulk one,"{english(40)}\nA second line.",x\n'
            'Bulk bad,"a quote opened and never closed\n'
            f"Bulk two,{english(41)},y\n").encode()


def _bulk_jsonl() -> bytes:
    return "\n".join([json.dumps({"title": "Lines one", "text": english(50)}), "{broken",
                      json.dumps({"title": "Lines two", "text": english(51), "colour": "red"})]).encode()


# (upload name, bytes, expected statuses (one per article or bad row), a fragment of one detail)
CASES: list[tuple[str, bytes, list[str], str]] = [
    ("empty.txt", b"", ["rejected"], "the file is empty"),
    ("blank.md", b" \n\t\r\n", ["rejected"], "the file is empty"),
    ("picture.txt", PNG, ["rejected"], "not a text file (binary content)"),
    ("damaged.txt", " ".join([english(1)] * 6).replace("DGSI", "DG\x00SI", 1).encode(), ["ingested"], "ingested"),
    ("nul.txt", b"\x00".join(english(2).encode().split(b" ")), ["rejected"], "binary content"),
    ("broken-bytes.txt", english(3).encode() + b" \xff\xfe\xc3( end.", ["ingested"], "ingested"),
    ("utf16-bom.txt", english(4).encode("utf-16"), ["ingested"], "ingested"),
    ("utf16-no-bom.txt", english(5).encode("utf-16-le"), ["ingested"], "ingested"),
    ("latin1.txt", FRENCH.encode("latin-1"), ["ingested"], "ingested"),
    ("cp1252.txt", (english(6) + " \u201cquoted\u201d \u2013 \u20ac5m.").encode("cp1252"), ["ingested"], "ingested"),
    ("endings.txt", f"Line endings\r\n\r\n{english(7)}\rMore.\n".encode(), ["ingested"], "ingested"),
    ("truncated.pdf", build_pdf([[english(8)]])[:60], ["rejected"], "not a valid PDF"),
    ("locked.pdf", _encrypted_pdf(), ["rejected"], "the PDF is encrypted"),
    ("scan.pdf", build_pdf([None]), ["rejected"], "no extractable text"),
    ("fake.docx", b"PK\x03\x04 this is no archive", ["rejected"], "not a valid Word file"),
    ("bomb.docx", rewrite_zip(build_docx([english(9)]), {"word/document.xml": b"\x00" * (32 << 20)}),
     ["rejected"], "possible zip bomb"),
    ("macro.docx", rewrite_zip(build_docx([english(10)]), {}, add={"word/vbaProject.bin": b"Sub AutoOpen()"}),
     ["ingested"], "ingested"),
    ("page.html", _hostile_page(), ["ingested"], "ingested"),
    ("menu.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>", ["rejected"], "no article text"),
    ("rows.csv", _bulk_csv(), ["ingested", "rejected", "ingested"], "line 4: a quoted field is never closed"),
    ("rows.jsonl", _bulk_jsonl(), ["ingested", "rejected", "ingested"], "line 2: not valid JSON"),
    ("escapes.jsonl", ('{"title": "Esc\\ud800aped", "text": "' + english(52) + ' \\udc80\\u0000"}').encode(),
     ["ingested"], "ingested"),
    ("../../etc/passwd.txt", english(11).encode(), ["ingested"], "ingested"),
    ("/var/secret/absolute.md", english(12).encode(), ["ingested"], "ingested"),
    ("con\x1b[2Jtrol\r\n.txt", english(13).encode(), ["ingested"], "ingested"),
    ("n" * 300 + ".txt", english(14).encode(), ["ingested"], "ingested"),
    ("again.txt", english(11).encode(), ["duplicate"], "duplicate of 'passwd'"),  # same text as passwd.txt
    ("program.exe", b"MZ\x90\x00", ["rejected"], "unsupported file type '.exe'"),
    ("arabic.txt", ARABIC.encode(), ["ingested"], "no pipeline for language 'ar': entities not extracted"),
    ("spanish.txt", SPANISH.encode(), ["ingested"], "no pipeline for language 'es': entities not extracted"),
]
SHOWN_NAMES = {"../../etc/passwd.txt": "passwd.txt", "/var/secret/absolute.md": "absolute.md",
               "con\x1b[2Jtrol\r\n.txt": "con[2Jtrol.txt"}


def _run(store, uploads: list[Upload]) -> list[FileStatus]:  # type: ignore[no-untyped-def]
    return list(ingest(uploads, store, batch_size=4))


def test_hostile_batch(store):
    uploads = [Upload(name, data) for name, data, _, _ in CASES]
    statuses = _run(store, uploads)
    by_file: dict[str, list[FileStatus]] = {}
    for status in statuses:
        by_file.setdefault(status.filename, []).append(status)
    assert len(by_file) == len(CASES)
    for name, _, expected, fragment in CASES:
        shown = SHOWN_NAMES.get(name, name if len(name) < 255 else "n" * 250 + "\u2026.txt")
        got = by_file[shown]
        assert sorted(s.status for s in got) == sorted(expected), (name, got)
        assert any(fragment in s.detail for s in got), (name, got)
    ingested = [s for s in statuses if s.status == "ingested"]
    # The database holds exactly the good articles, clean.
    with store.sessions() as session:
        rows = session.execute(select(Article.id, Article.filename, Article.text, Article.note)).all()
    assert sorted(r.id for r in rows) == sorted(s.article_id for s in ingested)
    assert sorted(r.filename for r in rows) == sorted(s.filename for s in ingested)
    assert all("\x00" not in r.text and "\r" not in r.text for r in rows)
    page = next(r.text for r in rows if r.filename == "page.html")
    assert all(bad not in page for bad in ("SCRIPT-TEXT", "ONLOAD", "IFRAME-TEXT", "ONCLICK", "<"))


def test_unsupported_languages_are_stored_with_a_note_and_no_entities(store):
    statuses = _run(store, [Upload("arabic.txt", ARABIC.encode()), Upload("spanish.txt", SPANISH.encode())])
    assert [s.status for s in statuses] == ["ingested", "ingested"]
    with store.sessions() as session:
        rows = session.execute(select(Article.id, Article.language, Article.note, Article.model)
                               .order_by(Article.id)).all()
        mentions = session.scalar(select(func.count()).select_from(MentionRow))
    assert [(r.language, r.note) for r in rows] == [
        ("ar", "no pipeline for language 'ar': entities not extracted"),
        ("es", "no pipeline for language 'es': entities not extracted"),
    ]
    assert mentions == 0  # no other language's pipeline was run over them


def test_same_file_twice_in_one_upload(store):
    data = english(60).encode()
    statuses = _run(store, [Upload("copy.txt", data), Upload("copy.txt", data), Upload("other.txt", data)])
    assert [s.status for s in statuses] == ["ingested", "duplicate", "duplicate"]
    assert statuses[1].detail == "duplicate of 'copy'"
    assert store.count() == 1


def test_oversized_files_are_rejected_before_reading(store, tmp_path, monkeypatch):
    monkeypatch.setenv("ENTENTE_MAX_UPLOAD_MB", "0.01")
    big = tmp_path / "big.txt"
    big.write_bytes(english(70).encode() * 200)
    small = tmp_path / "small.txt"
    small.write_bytes(english(71).encode())
    read = Path.read_bytes

    def guarded(self: Path) -> bytes:
        assert self.name != "big.txt", "the oversized file was read into memory"
        return read(self)

    monkeypatch.setattr(Path, "read_bytes", guarded)
    statuses = list(ingest([big, Upload("big-upload.txt", english(72).encode() * 200), small], store))
    assert [(s.filename, s.status) for s in statuses] == [
        ("big.txt", "rejected"), ("big-upload.txt", "rejected"), ("small.txt", "ingested")]
    assert statuses[0].detail == "file is 0.026 MB, over the 0.01 MB limit"
    assert statuses[1].detail.endswith("MB, over the 0.01 MB limit")
    assert store.count() == 1


def test_a_single_5_mb_line_does_not_stop_the_batch(store):
    line = " ".join([english(80)] * (5 * 1024 * 1024 // len(english(80))))
    statuses = _run(store, [Upload("before.txt", english(81).encode()), Upload("one-line.txt", line.encode()),
                            Upload("after.txt", english(82).encode())])
    assert [s.filename for s in statuses] == ["before.txt", "one-line.txt", "after.txt"]
    assert statuses[0].status == statuses[2].status == "ingested"
    # Stored, searchable, and said plainly to be without entities (spaCy's limit is 1,000,000 characters).
    assert statuses[1].status == "ingested"
    assert "text too long for entity extraction" in statuses[1].detail
