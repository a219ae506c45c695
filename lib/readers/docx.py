"""Word files: paragraphs and table cells in document order, title and date from core properties."""
from __future__ import annotations

import datetime as dt
import io
import zipfile
import zlib

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from lib.readers.cleanup import one_line
from lib.readers.draft import Draft, Unreadable
from lib.readers.titles import usable_metadata_title

NOT_WORD = "not a valid Word file"
ZIP_BOMB = "suspicious archive (possible zip bomb)"
_MAX_TOTAL_BYTES = 200 * 1024 * 1024
_MAX_MEMBERS = 10_000
_MAX_RATIO = 100
# Tiny members compress by odd ratios without being dangerous; the ratio test starts above this.
_RATIO_FLOOR_BYTES = 1024 * 1024
MACRO_ENABLED = "a macro-enabled Word file (.docm renamed .docx); save it as .docx (macros are never run)"
_MACRO_MAIN = b"application/vnd.ms-word.document.macroEnabled.main+xml"
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# python-docx stamps every file made from its default template with this creation time; it says
# nothing about when the article was written.
_TEMPLATE_CREATED = dt.datetime(2013, 12, 23, 23, 15, tzinfo=dt.timezone.utc)


def check_archive(data: bytes) -> None:
    """Refuse archives that would inflate far beyond their size, before anything decompresses them,
    and macro-enabled documents renamed .docx.

    zipfile never yields more than a member's declared size (a member that lies about it fails
    its CRC check), so the declared sizes bound the work.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > _MAX_MEMBERS or sum(m.file_size for m in members) > _MAX_TOTAL_BYTES:
                raise Unreadable(ZIP_BOMB)
            for member in members:
                inflated, packed = member.file_size, max(member.compress_size, 1)
                if inflated > _RATIO_FLOOR_BYTES and inflated > _MAX_RATIO * packed:
                    raise Unreadable(ZIP_BOMB)
            if _MACRO_MAIN in _content_types(archive):
                raise Unreadable(MACRO_ENABLED)
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError) as error:
        raise Unreadable(NOT_WORD) from error


def _content_types(archive: zipfile.ZipFile) -> bytes:
    try:
        return archive.read("[Content_Types].xml")
    except KeyError:
        return b""


def _blocks(document: docx.document.Document) -> list[str]:
    blocks: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            blocks.append(item.text)
        elif isinstance(item, Table):
            for row in item.rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = " ".join(cell.text.split())
                    # A merged cell is returned once per grid column it spans.
                    if text and (not cells or cells[-1] != text):
                        cells.append(text)
                blocks.append(" | ".join(cells))
    return [block.strip() for block in blocks if block.strip()]


def _created(document: docx.document.Document) -> dt.date | None:
    created = document.core_properties.created
    if created is None:
        return None
    if created.tzinfo is None:
        created = created.replace(tzinfo=dt.timezone.utc)
    return None if created == _TEMPLATE_CREATED else created.date()


def read_docx(data: bytes) -> Draft:
    if not data.strip():
        raise Unreadable("the file is empty")
    if data.startswith(_OLE_SIGNATURE):
        raise Unreadable(f"{NOT_WORD} (old .doc format; save it as .docx)")
    check_archive(data)
    try:
        # python-docx parses XML without resolving entities and never fetches external targets.
        document = docx.Document(io.BytesIO(data))
        blocks = _blocks(document)
        title = usable_metadata_title(one_line(document.core_properties.title))
        created = _created(document)
    except Exception as error:  # python-docx raises KeyError, ValueError, lxml errors... on non-Word zips
        raise Unreadable(NOT_WORD) from error
    text = "\n\n".join(blocks)
    if not text:
        raise Unreadable("no text")
    return Draft(
        text=text,
        title=title,
        published=created,
        published_origin="metadata" if created else None,
    )
