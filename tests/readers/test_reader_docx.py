"""Word files: paragraphs and tables, core properties, refusals, zip bombs, external entities."""
from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from lib.readers import docx as docx_reader
from lib.readers import read_bytes
from lib.records import ReadError


def rewrite(data: bytes, member: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, content if item.filename == member else source.read(item.filename))
    return out.getvalue()


def test_paragraphs_and_table_cells_in_order(make_docx):
    data = make_docx(
        ["Ministers sign a police cooperation treaty", "", "The treaty covers extradition and joint teams."],
        table=[["Agency", "Country"], ["Guardia Civil", "Spain"]],
    )
    doc = read_bytes("treaty.docx", data).documents[0]
    assert doc.text == (
        "Ministers sign a police cooperation treaty\n\nThe treaty covers extradition and joint teams.\n\n"
        "Agency | Country\n\nGuardia Civil | Spain"
    )
    assert doc.title == "Ministers sign a police cooperation treaty"


def test_core_properties(make_docx):
    created = dt.datetime(2024, 3, 8, 9, 0, tzinfo=dt.timezone.utc)
    data = make_docx(["Body text of the note."], title="Coordination note", created=created)
    doc = read_bytes("note.docx", data, published=dt.date(2023, 1, 1)).documents[0]
    assert doc.title == "Coordination note"
    assert (doc.published, doc.published_origin) == (dt.date(2024, 3, 8), "metadata")


def test_template_creation_stamp_is_not_a_date(make_docx):
    doc = read_bytes("note.docx", make_docx(["Body text of the note."])).documents[0]
    assert doc.published is None


@pytest.mark.parametrize(
    "data",
    [b"just some text, not a zip archive", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600],
    ids=["not-zip", "old-doc"],
)
def test_not_a_word_file(data):
    with pytest.raises(ReadError, match=r"^x\.docx: not a valid Word file"):
        read_bytes("x.docx", data)


def test_zip_that_is_not_word():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(ReadError) as caught:
        read_bytes("x.docx", out.getvalue())
    assert str(caught.value) == "x.docx: not a valid Word file"


def test_highly_compressed_member_is_refused(make_docx):
    bomb = rewrite(make_docx(["Text."]), "word/document.xml", b" " * (20 * 1024 * 1024))
    with pytest.raises(ReadError, match=r"suspicious archive \(possible zip bomb\)"):
        read_bytes("bomb.docx", bomb)


def test_total_size_limit(make_docx, monkeypatch):
    monkeypatch.setattr(docx_reader, "_MAX_TOTAL_BYTES", 1000)
    with pytest.raises(ReadError, match="possible zip bomb"):
        read_bytes("big.docx", make_docx(["Text."]))


def test_external_entities_are_not_resolved(make_docx, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("CONFIDENTIAL-VALUE")
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>Visible text &x; end</w:t></w:r></w:p></w:body></w:document>"
    ).encode()
    data = rewrite(make_docx(["placeholder"]), "word/document.xml", xml)
    doc = read_bytes("xxe.docx", data).documents[0]
    assert doc.text.startswith("Visible text")
    assert "CONFIDENTIAL-VALUE" not in doc.text


def test_word_file_without_text(make_docx):
    with pytest.raises(ReadError, match="no text"):
        read_bytes("blank.docx", make_docx(["", "   "]))
