"""Builders for the files the reader tests feed in; every file is made here, none is committed."""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable

import docx
import pytest


def _pdf_string(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def build_pdf(pages: list[list[str] | None], info: dict[str, str] | None = None) -> bytes:
    """A small valid PDF: each page is a list of text lines, or None for a page with only a drawing."""
    objects: list[str] = []

    def add(body: str) -> int:
        objects.append(body)
        return len(objects)

    catalog = add("")  # filled in once the page tree exists
    tree = add("")
    font = add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    for lines in pages:
        if lines is None:
            stream = "0 0 1 rg 72 72 300 300 re f"
        else:
            shown = " T* ".join(f"{_pdf_string(line)} Tj" for line in lines)
            stream = f"BT /F1 12 Tf 14 TL 72 720 Td {shown} ET"
        content = add(f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream")
        kids.append(add(
            f"<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 {font} 0 R >> >> /Contents {content} 0 R >>"
        ))
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {tree} 0 R >>"
    objects[tree - 1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>"
    info_ref = add("<< " + " ".join(f"/{k} {_pdf_string(v)}" for k, v in info.items()) + " >>") if info else None

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    trailer = f"/Size {len(objects) + 1} /Root {catalog} 0 R" + (f" /Info {info_ref} 0 R" if info_ref else "")
    out += f"trailer\n<< {trailer} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def build_docx(
    paragraphs: list[str],
    *,
    table: list[list[str]] | None = None,
    title: str | None = None,
    created: dt.datetime | None = None,
) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table):
            for cell, value in zip(row.cells, values):
                cell.text = value
    if title is not None:
        document.core_properties.title = title
    if created is not None:
        document.core_properties.created = created
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def rewrite_zip(
    data: bytes, changes: dict[str, bytes | Callable[[bytes], bytes]], *, add: dict[str, bytes] | None = None
) -> bytes:
    """The archive with members replaced (a callable gets the old bytes) or added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item.filename)
            change = changes.get(item.filename)
            target.writestr(item.filename, change(body) if callable(change) else change or body)
        for name, body in (add or {}).items():
            target.writestr(name, body)
    return out.getvalue()


def lying_sizes(data: bytes, member: str, declared: int) -> bytes:
    """The archive with `member`'s uncompressed size understated in both headers."""
    archive = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        info = source.getinfo(member)
    name = member.encode()
    archive[info.header_offset + 22:info.header_offset + 26] = declared.to_bytes(4, "little")
    central = 0
    while True:
        central = archive.index(b"PK\x01\x02", central + 1)
        length = int.from_bytes(archive[central + 28:central + 30], "little")
        if archive[central + 46:central + 46 + length] == name:
            archive[central + 24:central + 28] = declared.to_bytes(4, "little")
            return bytes(archive)


@pytest.fixture
def make_pdf():
    return build_pdf


@pytest.fixture
def make_docx():
    return build_docx


@pytest.fixture(autouse=True)
def _default_upload_limit(monkeypatch):
    monkeypatch.delenv("ENTENTE_MAX_UPLOAD_MB", raising=False)
