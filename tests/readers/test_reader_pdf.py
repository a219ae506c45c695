"""PDF: text of all pages, metadata, and the three ways a PDF can fail."""
from __future__ import annotations

import datetime as dt
import io

import pypdf
import pytest

from lib.readers import read_bytes
from lib.records import ReadError

PAGES = [
    ["Bilateral security meeting", "The two police services agreed to exchange liaison officers."],
    ["A second meeting is planned", "in the autumn, officials said."],
]


def encrypted(data: bytes, user_password: str) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_text_of_every_page(make_pdf):
    doc = read_bytes("meeting.pdf", make_pdf(PAGES)).documents[0]
    assert "exchange liaison officers" in doc.text
    # Page two's hard-wrapped sentence is joined; pages stay apart.
    assert "A second meeting is planned in the autumn, officials said." in doc.text
    assert "officers.\n\nA second" in doc.text
    assert doc.title == "Bilateral security meeting"  # first line; no metadata title
    assert doc.published is None and doc.published_origin is None


def test_metadata_title_and_date(make_pdf):
    data = make_pdf(PAGES, {"Title": "Joint communique", "CreationDate": "D:20240629120000+02'00'"})
    doc = read_bytes("m.pdf", data, published=dt.date(2024, 1, 1)).documents[0]
    assert doc.title == "Joint communique"
    assert (doc.published, doc.published_origin) == (dt.date(2024, 6, 29), "metadata")


def test_file_name_like_metadata_title_is_ignored(make_pdf):
    data = make_pdf([["The prosecutors met in The Hague to discuss extraditions."]],
                    {"Title": "Microsoft Word - draft3.docx"})
    assert read_bytes("notes.pdf", data).documents[0].title == "notes"


def test_upload_date_when_metadata_has_none(make_pdf):
    doc = read_bytes("m.pdf", make_pdf(PAGES), published=dt.date(2024, 2, 2)).documents[0]
    assert (doc.published, doc.published_origin) == (dt.date(2024, 2, 2), "upload")


def test_encrypted_pdf(make_pdf):
    with pytest.raises(ReadError) as caught:
        read_bytes("locked.pdf", encrypted(make_pdf(PAGES), "secret"))
    assert str(caught.value) == "locked.pdf: the PDF is encrypted"


def test_pdf_locked_only_against_editing_is_read(make_pdf):
    doc = read_bytes("owner.pdf", encrypted(make_pdf(PAGES), "")).documents[0]
    assert "exchange liaison officers" in doc.text


@pytest.mark.parametrize("cut", [40, None], ids=["truncated", "not-a-pdf"])
def test_invalid_pdf(make_pdf, cut):
    data = make_pdf(PAGES)[:cut] if cut else b"GIF89a this is an image renamed to pdf"
    with pytest.raises(ReadError, match=r"^bad\.pdf: not a valid PDF \(.+\)$"):
        read_bytes("bad.pdf", data)


def test_image_only_pdf(make_pdf):
    with pytest.raises(ReadError) as caught:
        read_bytes("scan.pdf", make_pdf([None, None]))
    assert str(caught.value) == "scan.pdf: the PDF has no extractable text (scanned images?)"
