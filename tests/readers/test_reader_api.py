"""The package's public surface: dispatch, size limits, file names, and what never escapes."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lib.readers as readers
from lib.readers import MAX_FILE_BYTES, SUPPORTED_EXTENSIONS, ReadResult, read_bytes, read_path
from lib.readers.cleanup import clean_text
from lib.readers.files import display_name
from lib.records import ReadError


def test_constants():
    assert SUPPORTED_EXTENSIONS == (".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".csv", ".jsonl")
    assert MAX_FILE_BYTES == 50 * 1024 * 1024


def test_unsupported_type():
    with pytest.raises(ReadError) as caught:
        read_bytes("dump.BIN", b"\x00\x01")
    assert str(caught.value) == (
        "dump.BIN: unsupported file type '.bin'; supported: .txt, .md, .html, .htm, .pdf, .docx, .csv, .jsonl"
    )
    with pytest.raises(ReadError, match="no file extension"):
        read_bytes("README", b"text")


def test_extension_is_case_insensitive():
    assert read_bytes("NOTE.TXT", b"Short note about a meeting.").documents[0].filename == "NOTE.TXT"


def test_read_path_refuses_oversized_file_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "x.pdf"
    with path.open("wb") as handle:
        handle.truncate(int(61.2 * 1024 * 1024))  # sparse: no 61 MB written
    monkeypatch.setattr(type(path), "read_bytes", lambda self: pytest.fail("file was read"))
    with pytest.raises(ReadError) as caught:
        read_path(path)
    assert str(caught.value) == "x.pdf: file is 61.2 MB, over the 50 MB limit"


def test_limit_from_environment(monkeypatch):
    monkeypatch.setenv("ENTENTE_MAX_UPLOAD_MB", "0.5")
    with pytest.raises(ReadError, match=r"file is 0\.6 MB, over the 0\.5 MB limit"):
        read_bytes("big.txt", b"a" * 600_000)
    monkeypatch.setenv("ENTENTE_MAX_UPLOAD_MB", "not a number")
    assert read_bytes("big.txt", b"a" * 600_000).documents


def test_read_path_reads_and_passes_arguments(tmp_path):
    path = tmp_path / "brief.txt"
    path.write_text("Two agencies met.\n", encoding="utf-8")
    result = read_path(path, published=dt.date(2024, 7, 1), source="Desk")
    assert isinstance(result, ReadResult)
    doc = result.documents[0]
    assert (doc.filename, doc.published, doc.published_origin, doc.source) == ("brief.txt", dt.date(2024, 7, 1), "upload", "Desk")


def test_read_path_missing_file(tmp_path):
    with pytest.raises(ReadError, match=r"^gone\.txt: cannot open the file"):
        read_path(tmp_path / "gone.txt")


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\analyst\\report.md", "report.md"),
        ("evil\x00name\r\n.txt", "evilname.txt"),
        ("photo\u202etxt.exe", "phototxt.exe"),
        ("/", "unnamed file"),
    ],
)
def test_display_names(raw, shown):
    assert display_name(raw) == shown


def test_path_in_upload_name_is_only_shown():
    doc = read_bytes("../secret/../../a.txt", b"Text of the note.").documents[0]
    assert doc.filename == "a.txt"


def test_no_date_means_none_never_today():
    doc = read_bytes("a.txt", b"Officials met and talked.").documents[0]
    assert doc.published is None and doc.published_origin is None


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=300), suffix=st.sampled_from(SUPPORTED_EXTENSIONS))
def test_any_bytes_give_documents_or_a_read_error(data, suffix):
    try:
        result = read_bytes(f"f{suffix}", data)
    except ReadError as error:
        assert error.filename == f"f{suffix}" and error.reason
        return
    assert result.documents
    assert all(doc.text.strip() for doc in result.documents)


def test_module_exports():
    assert set(readers.__all__) >= {"SUPPORTED_EXTENSIONS", "MAX_FILE_BYTES", "ReadResult", "read_bytes", "read_path"}


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_clean_text_is_stable(value):
    once = clean_text(value)
    assert clean_text(once) == once
    assert "\r" not in once and "\x00" not in once and "\n\n\n" not in once


BROKEN_HTML_LIBRARY = """
import sys
sys.modules["trafilatura"] = None  # as when lxml comes without lxml_html_clean: `import trafilatura` fails
import lib.ingest  # what the command line and the Upload page import
from lib.readers import read_bytes
from lib.records import ReadError
print(read_bytes("note.txt", b"A short note about a meeting of the DGSI.").documents[0].text)
try:
    read_bytes("page.html", b"<html><body><p>A page about the DGSI and its partners in Paris.</p></body></html>")
except ReadError as error:
    print(error)
"""


def test_a_broken_reader_library_fails_only_its_own_file_type():
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    run = subprocess.run([sys.executable, "-c", BROKEN_HTML_LIBRARY], cwd=root, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [
        "A short note about a meeting of the DGSI.",
        "page.html: HTML files cannot be read here: the trafilatura library failed to load "
        "(import of trafilatura halted; None in sys.modules); reinstall the requirements "
        "(pip install -r requirements.txt)",
    ]
