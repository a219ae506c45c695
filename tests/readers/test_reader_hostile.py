"""Hostile and damaged files at the reader: each gives a correct Document or a clear ReadError.

The same cases go through the whole ingest in tests/test_ingest_hostile.py; docs/reliability.md
lists every case with the test that proves it.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import socket
import time
import tomllib
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib.readers import MAX_FILE_BYTES, SUPPORTED_EXTENSIONS, read_bytes, read_path
from lib.readers.bulk import read_csv, read_jsonl
from lib.readers.files import display_name
from lib.records import ReadError
from tests.readers.conftest import lying_sizes, rewrite_zip

ROOT = Path(__file__).resolve().parents[2]
SENTENCE = "The French DGSI and the Moroccan DGSN agreed on Tuesday to share intelligence before the Games."
FRENCH = "Le ministre de l'Intérieur a reçu à Paris le directeur général de la Sûreté nationale marocaine."
WINDOWS = "The minister\u2019s \u201cvisit\u201d \u2013 a \u20ac5m grant for the Gendarmerie\u2026 and more."
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4


def reason(filename: str, data: bytes) -> str:
    with pytest.raises(ReadError) as caught:
        read_bytes(filename, data)
    assert caught.value.filename == display_name(filename)
    return caught.value.reason


def only_text(filename: str, data: bytes) -> str:
    result = read_bytes(filename, data)
    assert len(result.documents) == 1 and not result.errors
    return result.documents[0].text


# --- Empty, binary, encodings ----------------------------------------------------------------

@pytest.mark.parametrize("suffix", SUPPORTED_EXTENSIONS)
@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n \x0c "], ids=["empty", "whitespace"])
def test_empty_and_whitespace_only_files(suffix, data):
    assert reason(f"blank{suffix}", data) == "the file is empty"


@pytest.mark.parametrize("suffix", [".txt", ".md", ".csv", ".jsonl", ".html"])
@pytest.mark.parametrize("data", [PNG, ELF, bytes(range(256)) * 16], ids=["png", "elf", "all-bytes"])
def test_binary_file_with_a_text_extension(suffix, data):
    assert reason(f"picture{suffix}", data) == "not a text file (binary content)"


def test_stray_nul_bytes_in_text_are_dropped():
    body = " ".join([SENTENCE] * 12)
    data = body.encode().replace(b"DGSI", b"DG\x00SI", 1).replace(b"Games.", b"Games.\x00", 1)
    text = only_text("damaged.txt", data)
    assert "\x00" not in text and text.startswith("The French DGSI and")


@pytest.mark.parametrize("suffix", [".csv", ".txt", ".md"])
def test_a_few_control_characters_in_a_short_text_file_are_dropped(suffix):
    text = "The French DGSI and the Moroccan DGSN agreed\x01 to share intelligence\x1b before the Games."
    data = (f"title,text\nHarbour raid,{text}\n" if suffix == ".csv" else f"{text}\n").encode()
    assert len(data) < 200  # one control character is more than 0.5 % of so short a file
    document = read_bytes(f"short{suffix}", data).documents[0]
    assert document.text == text.replace("\x01", "").replace("\x1b", "")


def test_text_full_of_nul_bytes_is_binary():
    data = b"\x00".join(SENTENCE.encode().split(b" "))
    assert reason("nul.txt", data) == "not a text file (binary content)"


def test_invalid_utf8_is_decoded_without_crashing():
    data = (SENTENCE + "\n").encode() + b"\xff\xfe\xc3( broken bytes \xe9t\xe9\n" + (SENTENCE + "\n").encode()
    text = only_text("mixed-bytes.txt", data)
    assert text.startswith(SENTENCE) and text.endswith(SENTENCE)
    assert "broken bytes" in text


@pytest.mark.parametrize(
    "encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "latin-1", "cp1252"],
    ids=["utf16-bom", "utf16le-no-bom", "utf16be-no-bom", "utf8-bom", "latin1", "windows1252"],
)
def test_encodings_are_read_exactly(encoding):
    body = FRENCH if encoding == "latin-1" else f"{FRENCH}\n\n{WINDOWS}" if encoding == "cp1252" else \
        f"{FRENCH}\n\n{WINDOWS} {SENTENCE}"
    assert only_text(f"{encoding}.txt", body.encode(encoding)) == body


def test_mixed_line_endings_become_one_kind():
    data = b"Liaison officers\r\n\r\nFirst paragraph.\rSame paragraph.\nStill.\r\n\n\n\nLast.\r"
    text = only_text("endings.txt", data)
    assert text == "Liaison officers\n\nFirst paragraph.\nSame paragraph.\nStill.\n\nLast."


def test_a_single_5_mb_line_is_read_in_linear_time():
    data = ((SENTENCE + " ") * (5 * 1024 * 1024 // (len(SENTENCE) + 1))).encode()
    started = time.perf_counter()
    text = only_text("one-line.txt", data)
    assert time.perf_counter() - started < 10
    assert "\n" not in text and len(text) == len(data) - 1


# --- PDF ------------------------------------------------------------------------------------
# Truncated, encrypted and image-only PDFs: tests/readers/test_reader_pdf.py
# (test_invalid_pdf[truncated], test_encrypted_pdf, test_image_only_pdf).

def test_pdf_with_a_reset_clock_has_no_date(make_pdf):
    data = make_pdf([[SENTENCE]], info={"CreationDate": "D:00010101000000Z"})
    assert read_bytes("old.pdf", data).documents[0].published is None


# --- Word -----------------------------------------------------------------------------------

@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test."""
    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError(f"network access attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.parametrize("data", [b"PK\x03\x04 but not really a zip", PNG, b"Plain words, renamed to docx."],
                         ids=["fake-zip", "png", "text"])
def test_docx_that_is_not_a_zip(data):
    assert reason("letter.docx", data).startswith("not a valid Word file")


def test_zip_bomb_disguised_as_docx_is_refused_before_inflating(make_docx):
    bomb = rewrite_zip(make_docx([SENTENCE]), {"word/document.xml": b"\x00" * (64 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024
    started = time.perf_counter()
    assert reason("bomb.docx", bomb) == "suspicious archive (possible zip bomb)"
    assert time.perf_counter() - started < 1  # refused from the headers, nothing inflated


def test_zip_bomb_with_understated_sizes_stops_at_the_declared_size(make_docx):
    padded = "<w:t>" + "A" * (32 * 1024 * 1024) + "</w:t>"
    inflated = rewrite_zip(make_docx(["PLACEHOLDER"]), {
        "word/document.xml": lambda body: body.replace(b"<w:t>PLACEHOLDER</w:t>", padded.encode())})
    bomb = lying_sizes(inflated, "word/document.xml", 4096)
    assert reason("liar.docx", bomb) == "not a valid Word file"


def test_docx_with_a_macro_project_is_read_and_the_macro_ignored(make_docx, no_network):
    content_types = lambda body: body.replace(  # noqa: E731
        b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>')
    relations = lambda body: body.replace(  # noqa: E731
        b"</Relationships>", b'<Relationship Id="rIdVba" Target="vbaProject.bin" '
        b'Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject"/></Relationships>')
    data = rewrite_zip(make_docx([SENTENCE]), {"[Content_Types].xml": content_types,
                                                "word/_rels/document.xml.rels": relations},
                       add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0Sub AutoOpen()\nShell \"MACRO-RAN\"\nEnd Sub"})
    text = only_text("macro.docx", data)
    assert text == SENTENCE and "MACRO" not in text


def test_macro_enabled_document_renamed_docx_is_refused_clearly(make_docx):
    docm = rewrite_zip(make_docx([SENTENCE]), {"[Content_Types].xml": lambda body: body.replace(
        b"wordprocessingml.document.main+xml", b"MARK").replace(
        b"application/vnd.openxmlformats-officedocument.MARK", b"application/vnd.ms-word.document.macroEnabled.main+xml")})
    assert "macro-enabled Word file" in reason("renamed.docx", docm)


def test_docx_external_references_are_never_followed(make_docx, tmp_path, no_network):
    secret = tmp_path / "secret.txt"
    secret.write_text("CONFIDENTIAL-VALUE")
    external = (
        '<Relationship Id="rIdE1" TargetMode="External" Target="http://127.0.0.1:9/pixel.png" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"/>'
        f'<Relationship Id="rIdE2" TargetMode="External" Target="file://{secret}" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/subDocument"/>'
        '<Relationship Id="rIdE3" TargetMode="External" Target="http://127.0.0.1:9/chunk.html" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk"/>'
    ).encode()
    template = (b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                b'<Relationship Id="rIdT" TargetMode="External" Target="http://127.0.0.1:9/evil.dotm" '
                b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"/>'
                b'</Relationships>')
    data = rewrite_zip(
        make_docx([SENTENCE]),
        {"word/_rels/document.xml.rels": lambda body: body.replace(b"</Relationships>", external + b"</Relationships>"),
         "word/settings.xml": lambda body: body.replace(b"</w:settings>", b'<w:attachedTemplate r:id="rIdT"/></w:settings>')
         if b'xmlns:r=' in body else body},
        add={"word/_rels/settings.xml.rels": template},
    )
    text = only_text("linked.docx", data)
    assert text == SENTENCE and "CONFIDENTIAL" not in text


# --- HTML -----------------------------------------------------------------------------------

ARTICLE = f"<p>{SENTENCE}</p><p>{FRENCH}</p>"


def test_html_scripts_iframes_handlers_and_base_never_reach_the_text(no_network):
    page = (
        "<html><head><base href='javascript:alert(1)//'><title>Liaison</title>"
        "<script>var leak = 'SCRIPT-TEXT';</script><style>p{color:red}/*STYLE-TEXT*/</style></head>"
        "<body onload=\"alert('ONLOAD')\"><iframe src='http://127.0.0.1:9/x'>IFRAME-TEXT</iframe>"
        f"<article><h1>Liaison</h1>{ARTICLE}"
        "<p onclick=\"alert('ONCLICK')\">A third paragraph with <a href='javascript:alert(2)'>a link</a> "
        "and <img src=x onerror=\"alert('ONERROR')\"> an image, long enough to count as text.</p>"
        "<script>document.write('INLINE-SCRIPT')</script><noscript>NOSCRIPT-TEXT</noscript></article></body></html>"
    ).encode()
    document = read_bytes("page.html", page).documents[0]
    assert SENTENCE in document.text and FRENCH in document.text and "a link and" in document.text
    for leaked in ("SCRIPT-TEXT", "STYLE-TEXT", "ONLOAD", "IFRAME-TEXT", "ONCLICK", "ONERROR", "INLINE-SCRIPT",
                   "javascript", "alert", "<", ">"):
        assert leaked not in document.text
    assert document.url is None  # a javascript: base is no address


@pytest.mark.parametrize("closed", [True, False], ids=["closed", "unclosed"])
def test_html_nested_10000_levels_deep_ends_in_an_article_or_a_clear_error(closed):
    page = "<html><body>" + "<div>" * 10_000 + ARTICLE * 3 + ("</div>" * 10_000 if closed else "") + "</body></html>"
    started = time.perf_counter()
    try:
        text = only_text("deep.html", page.encode())
    except ReadError as error:
        assert error.reason == "no article text found"
    else:
        assert SENTENCE in text
    assert time.perf_counter() - started < 10


@pytest.mark.parametrize("page", [
    b"<html><head><title>Home</title></head><body><nav><a href='/'>Home</a> <a href='/n'>News</a></nav></body></html>",
    b"<html><body><script>" + b"var x = 1;" * 500 + b"</script></body></html>",
    b"<html><body><img src='a.png'><img src='b.png'></body></html>",
], ids=["menu-only", "script-only", "images-only"])
def test_html_page_with_no_article_text(page):
    assert reason("menu.html", page) == "no article text found"


# --- CSV and JSON Lines ---------------------------------------------------------------------

def test_csv_missing_required_column():
    assert reason("rows.csv", b"title,body\nA,Some body\n") == "missing required column 'text' (found: title, body)"


def test_csv_missing_optional_columns_and_extra_columns():
    data = b"text,colour,title,weight\nFirst article text.,red,One,3\nSecond article text.,blue\n"
    result = read_bytes("rows.csv", data)
    assert [(d.title, d.text, d.source, d.published) for d in result.documents] == [
        ("One", "First article text.", None, None), ("rows, line 3", "Second article text.", None, None)]
    assert not result.errors


def test_csv_quoted_field_with_embedded_newlines_keeps_line_numbers():
    data = ('title,text\nA,"First line.\nSecond line, with a comma.\n\nNew paragraph."\n'
            'B,\n'  # line 6: no text
            'C,Third.\n').encode()
    result = read_bytes("rows.csv", data)
    assert [d.text for d in result.documents] == ["First line.\nSecond line, with a comma.\n\nNew paragraph.", "Third."]
    assert [e.reason for e in result.errors] == ["line 6: missing text"]


def test_csv_bad_line_in_the_middle_is_reported_and_the_rest_loads():
    lines = ["title,text"] + [f"T{i},Article number {i}." for i in range(1, 5)]
    lines.insert(3, 'Bad,"a quote opened and never closed')
    result = read_bytes("rows.csv", "\n".join(lines).encode())
    assert [d.title for d in result.documents] == ["T1", "T2", "T3", "T4"]
    assert [e.reason for e in result.errors] == ["line 4: a quoted field is never closed; the row was skipped"]


def test_csv_misquoted_field_is_one_bad_row():
    result = read_bytes("rows.csv", b'title,text\nA,One.\nB,"Two" and more\nC,Three.\n')
    assert [d.title for d in result.documents] == ["A", "C"]
    assert len(result.errors) == 1 and result.errors[0].reason.startswith("line 3: ")


def test_csv_field_longer_than_the_csv_module_default_limit():
    long_text = "Long report. " * 20_000  # 260 KB, over the csv module's 128 KB default
    result = read_bytes("rows.csv", f"title,text\nA,{long_text}\nB,Short.\n".encode())
    assert [len(d.text) for d in result.documents] == [len(long_text.strip()), len("Short.")]


def test_jsonl_bad_line_in_the_middle_and_odd_keys():
    rows = [json.dumps({"TEXT": "First.", "title": "A", "extra": [1, 2]}), "{not json", "[1, 2]",
            json.dumps({"title": "no text"}), json.dumps({"text": "Fifth.", "published": "2024-02-30"}),
            json.dumps({"text": 42}), json.dumps({"text": "Seventh\u2028line."})]
    result = read_bytes("rows.jsonl", "\n".join(rows).encode())
    assert [d.text for d in result.documents] == ["First.", "Fifth.", "Seventh\nline."]
    assert [e.reason.split(":")[0] for e in result.errors] == ["line 2", "line 3", "line 4", "line 5", "line 6"]


def test_jsonl_escapes_no_database_can_store_are_dropped():
    data = b'{"title": "T\\udc80itle", "text": "Police met \\ud800here\\uffff and\\u0000 left."}'
    document = read_bytes("escapes.jsonl", data).documents[0]
    assert (document.title, document.text) == ("Title", "Police met here and left.")
    document.text.encode("utf-8")  # raises on a lone surrogate


def test_jsonl_with_many_distinct_keys_and_no_text_is_linear_and_short():
    rows = "\n".join(json.dumps({f"key{i}": i}) for i in range(50_000)).encode()
    started = time.perf_counter()
    message = reason("keys.jsonl", rows)
    assert time.perf_counter() - started < 10
    assert message.startswith("missing required key 'text' (found: key0, key1,") and "and 49988 more" in message


ROWS = 100_000


def _bulk_file(kind: str) -> bytes:
    if kind == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["title", "text", "published", "source"])
        writer.writerows([f"Row {i}", f"Police services met, report number {i}.\nSecond line.", "2024-05-01", "Desk"]
                         for i in range(ROWS))
        return buffer.getvalue().encode()
    return "\n".join(json.dumps({"title": f"Row {i}", "text": f"Police services met, report number {i}.",
                                 "published": "2024-05-01"}) for i in range(ROWS)).encode()


@pytest.mark.parametrize("kind", ["csv", "jsonl"])
def test_100000_rows_are_read_in_linear_time(kind, capsys):
    data = _bulk_file(kind)
    reader = read_csv if kind == "csv" else read_jsonl
    small = data[: data.index(b"\n", len(data) // 10)]
    started = time.perf_counter()
    reader(small)
    tenth = time.perf_counter() - started
    started = time.perf_counter()
    found = reader(data)
    whole = time.perf_counter() - started
    assert len(found.drafts) == ROWS and not found.problems
    # Ten times the rows in well under a hundred times the time: no quadratic step.
    assert whole < 25 * max(tenth, 0.01)
    with capsys.disabled():
        print(f"\n{kind}: read {ROWS:,} rows in {whole:.2f} s = {ROWS / whole:,.0f} rows/s (reading only)")


# --- File names, sizes ----------------------------------------------------------------------

@pytest.mark.parametrize("raw, shown", [
    ("../../etc/passwd.txt", "passwd.txt"),
    ("/var/lib/secret/notes.md", "notes.md"),
    ("C:\\Users\\analyst\\..\\report.pdf", "report.pdf"),
    ("rep\x1b[31mort\r\n\x00.txt", "rep[31mort.txt"),
    ("invoice\u202etxt.exe.txt", "invoicetxt.exe.txt"),
    ("../", "unnamed file"),
], ids=["dot-dot", "absolute", "windows", "controls", "rtl-override", "only-path"])
def test_hostile_file_names_are_only_shown_cleaned(raw, shown):
    assert display_name(raw) == shown


def test_300_character_file_name_keeps_its_extension():
    name = "n" * 300 + ".txt"
    document = read_bytes(name, SENTENCE.encode()).documents[0]
    assert len(document.filename) == 255 and document.filename.endswith("\u2026.txt")


def test_long_header_values_are_bounded():
    data = f"Title: {'T' * 5000}\nSource: {'S' * 5000}\n\n{SENTENCE}".encode()
    document = read_bytes("long-header.txt", data).documents[0]
    assert len(document.title) == 300 and len(document.source) == 300 and document.text == SENTENCE


def test_upload_limit_agrees_with_streamlit_config(monkeypatch):
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == MAX_FILE_BYTES == 50 * 1024 * 1024


def test_oversized_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setenv("ENTENTE_MAX_UPLOAD_MB", "0.5")
    path = tmp_path / "huge.txt"
    path.write_bytes(SENTENCE.encode() * 10_000)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("an oversized file was read"))
    with pytest.raises(ReadError) as caught:
        read_path(path)
    assert str(caught.value) == "huge.txt: file is 0.9 MB, over the 0.5 MB limit"


# --- Any input ------------------------------------------------------------------------------

_PIECES = st.sampled_from([
    SENTENCE, FRENCH, "\n", "\r\n", "\r", "\x00", "\ufeff", "\u2028", '"', ",", ";", "\t", "{", "}", "[", "]",
    "<p>", "</p>", "<script>", "<html>", "<body>", "Title: x\n", "Date: 2024-13-45\n", "---\n", "#", "text",
    "title", ":", "\\", "é", "\u202e", "%PDF-", "PK\x03\x04",
])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(_PIECES, max_size=30), suffix=st.sampled_from(SUPPORTED_EXTENSIONS),
       encoding=st.sampled_from(["utf-8", "utf-16", "cp1252"]),
       published=st.one_of(st.none(), st.dates()))
def test_structured_junk_gives_documents_or_a_read_error(pieces, suffix, encoding, published):
    data = "".join(pieces).encode(encoding, errors="replace")
    try:
        result = read_bytes(f"junk{suffix}", data, published=published)
    except ReadError as error:
        assert error.filename == f"junk{suffix}" and error.reason
        return
    assert result.documents
    for document in result.documents:
        assert document.text.strip() and "\x00" not in document.text and "\r" not in document.text
        # A date read from the file is credible; the analyst's own upload date is taken as given.
        assert document.published is None or document.published == published or \
            dt.date(1900, 1, 1) <= document.published <= dt.date.today()
