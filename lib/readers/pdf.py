"""PDF files: the text of every page and the document's own title and creation date, via pypdf."""
from __future__ import annotations

import datetime as dt
import io
import re

from pypdf import PdfReader

from lib.readers.cleanup import one_line
from lib.readers.draft import Draft, Unreadable
from lib.readers.titles import usable_metadata_title

ENCRYPTED = "the PDF is encrypted"
NO_TEXT = "the PDF has no extractable text (scanned images?)"
_MAX_DETAIL_CHARS = 120
# A hard-wrapped line whose sentence goes on below: the break is layout, not structure.
_WRAPPED = re.compile(r"(?<=[\w,;])\n(?=[a-zà-ÿ])")


def _invalid(detail: object) -> Unreadable:
    text = " ".join(str(detail).split())[:_MAX_DETAIL_CHARS] or type(detail).__name__
    return Unreadable(f"not a valid PDF ({text})")


def _open(data: bytes) -> PdfReader:
    if b"%PDF-" not in data[:1024]:
        raise _invalid("no PDF header")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
    except Exception as error:  # pypdf raises many types (PdfReadError, ValueError, KeyError...) on damage
        raise _invalid(error) from error
    if encrypted:
        try:
            # Files locked only against editing open with the empty user password.
            opened = reader.decrypt("")
        except Exception:  # unknown handler, missing AES support: the text stays locked either way
            opened = 0
        if not opened:
            raise Unreadable(ENCRYPTED)
    return reader


def _page_texts(reader: PdfReader) -> list[str]:
    try:
        pages = list(reader.pages)
    except Exception as error:  # a broken page tree
        raise _invalid(error) from error
    if not pages:
        raise _invalid("no pages")
    texts = []
    for page in pages:
        try:
            texts.append(page.extract_text() or "")
        except Exception:  # one damaged page should not lose the others
            texts.append("")
    return texts


def _metadata(reader: PdfReader) -> tuple[str | None, dt.date | None]:
    try:
        info = reader.metadata
    except Exception:  # a damaged Info dictionary: the text is still worth having
        return None, None
    if info is None:
        return None, None
    title = usable_metadata_title(one_line(info.title))
    try:
        created = info.creation_date
    except Exception:  # malformed "D:..." string
        created = None
    return title, created.date() if created else None


def read_pdf(data: bytes) -> Draft:
    if not data.strip():
        raise Unreadable("the file is empty")
    reader = _open(data)
    texts = [_WRAPPED.sub(" ", text.replace("\r\n", "\n")).strip() for text in _page_texts(reader)]
    text = "\n\n".join(t for t in texts if t)
    if not text.strip():
        raise Unreadable(NO_TEXT)
    title, created = _metadata(reader)
    return Draft(
        text=text,
        title=title,
        published=created,
        published_origin="metadata" if created else None,
    )
