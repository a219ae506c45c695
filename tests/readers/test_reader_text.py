"""Plain text and Markdown: encodings, the header block, Markdown clean-up, titles."""
from __future__ import annotations

import codecs
import datetime as dt

import pytest

from lib.readers import read_bytes
from lib.records import ReadError

FRENCH = "La gendarmerie a démantelé un réseau à Marseille après une enquête conjointe « très longue »."


def only(result):
    assert len(result.documents) == 1
    return result.documents[0]


@pytest.mark.parametrize(
    "data",
    [
        FRENCH.encode("utf-8"),
        codecs.BOM_UTF8 + FRENCH.encode("utf-8"),
        FRENCH.encode("utf-16"),  # with BOM
        FRENCH.encode("utf-16-le"),
        FRENCH.encode("utf-16-be"),
        FRENCH.encode("cp1252"),
        FRENCH.encode("latin-1").replace("« ".encode("latin-1"), b"").replace(" »".encode("latin-1"), b""),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le", "utf16be", "cp1252", "latin1"],
)
def test_encodings_are_detected(data):
    text = only(read_bytes("note.txt", data)).text
    assert "démantelé" in text and "à Marseille" in text
    assert "\ufeff" not in text


def test_short_windows_1252_text_is_not_read_as_central_european():
    doc = only(read_bytes("n.txt", "Café crème à Paris, été.".encode("cp1252")))
    assert doc.text == "Café crème à Paris, été."


def test_cyrillic_code_page_still_detected():
    phrase = "Полиция задержала подозреваемых в Москве после долгого расследования."
    assert only(read_bytes("n.txt", phrase.encode("cp1251"))).text == phrase


def test_line_endings_normalised():
    doc = only(read_bytes("n.txt", b"First line\r\nsecond line\rthird line.\r\n"))
    assert doc.text == "First line\nsecond line\nthird line."


@pytest.mark.parametrize("data", [b"\x00\x01\x02\x03binary\x00\xff\xfe\x00junk" * 20, bytes(range(256)) * 4])
def test_binary_content_is_refused(data):
    with pytest.raises(ReadError, match="not a text file \\(binary content\\)"):
        read_bytes("photo.txt", data)


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  "])
def test_empty_file(data):
    with pytest.raises(ReadError) as caught:
        read_bytes("blank.txt", data)
    assert str(caught.value) == "blank.txt: the file is empty"


def test_header_block_is_read_and_removed():
    data = (
        "TITLE: Joint patrols agreed\nDate: 3 June 2024\nsource: Example Wire\nURL: https://example.org/a\n\n"
        "Two interior ministers agreed on joint patrols.\n"
    ).encode()
    doc = only(read_bytes("a.txt", data, published=dt.date(2020, 1, 1), source="Upload source"))
    assert doc.text == "Two interior ministers agreed on joint patrols."
    assert doc.title == "Joint patrols agreed"
    assert doc.published == dt.date(2024, 6, 3) and doc.published_origin == "header"
    assert doc.source == "Example Wire"
    assert doc.url == "https://example.org/a"


def test_published_header_key_is_accepted():
    doc = only(read_bytes("a.txt", b"Published: 2024-02-10\n\nThe agencies met."))
    assert doc.published == dt.date(2024, 2, 10) and doc.published_origin == "header"


def test_header_lines_running_into_text_are_text():
    data = b"Source: a ministry statement said the teams met\nin Lyon on Monday."
    doc = only(read_bytes("a.txt", data))
    assert doc.text.startswith("Source: a ministry statement")
    assert doc.source is None


def test_header_only_file_has_no_text():
    with pytest.raises(ReadError, match="no text"):
        read_bytes("a.txt", b"Title: Nothing below\nDate: 2024-06-03\n\n   \n")


def test_unreadable_header_date_falls_back_to_upload_date():
    doc = only(read_bytes("a.txt", b"Date: sometime soon\n\nText here.", published=dt.date(2024, 5, 1)))
    assert (doc.published, doc.published_origin) == (dt.date(2024, 5, 1), "upload")


def test_title_is_a_short_first_line():
    doc = only(read_bytes("report.txt", b"Police chiefs meet in Madrid\n\nThey discussed drug routes."))
    assert doc.title == "Police chiefs meet in Madrid"
    assert doc.text.startswith("Police chiefs meet in Madrid")


@pytest.mark.parametrize(
    "first_line", ["The ministers met and agreed to share data.", "A" * 201],
    ids=["sentence", "too-long"],
)
def test_title_falls_back_to_file_stem(first_line):
    doc = only(read_bytes("dir/report-2024.txt", f"{first_line}\nMore text.".encode()))
    assert doc.title == "report-2024"


def test_markdown_title_and_markup_are_stripped():
    data = (
        "# Europol *and* Interpol sign a deal\n\n"
        "The **agreement** covers [data exchange](https://example.org/x) and _joint teams_.\n\n"
        "> Quoted `statement` from the ministry\n\n"
        "![logo](logo.png)\n\n---\n\n## Background\n\nThe file_name stays as_is.\n"
    ).encode()
    doc = only(read_bytes("deal.md", data))
    assert doc.title == "Europol and Interpol sign a deal"
    assert "The agreement covers data exchange and joint teams." in doc.text
    assert "Quoted statement from the ministry" in doc.text
    assert "file_name stays as_is" in doc.text
    for markup in ("#", "**", "](", "> ", "`", "---", "logo.png"):
        assert markup not in doc.text


def test_markdown_header_line_beats_heading():
    doc = only(read_bytes("x.md", b"Title: From the header\n\n# From the heading\n\nBody text."))
    assert doc.title == "From the header"
    assert doc.text.startswith("From the heading")


def test_markdown_front_matter():
    data = b'---\ntitle: "Border talks"\ndate: 2024-04-02\nlayout: post\n---\n\nThe talks began.'
    doc = only(read_bytes("x.md", data))
    assert doc.title == "Border talks"
    assert doc.published == dt.date(2024, 4, 2)
    assert doc.text == "The talks began."
