"""Readers: bytes + file name -> Documents, or a ReadError whose message the analyst can act on.

Each format module turns bytes into Drafts (text plus what the file says about itself); this
module picks the reader, then settles title, publication date and source the same way for all.
"""
from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lib.readers.cleanup import clean_text
from lib.readers.draft import Draft, Unreadable
from lib.readers.files import MAX_FILE_BYTES, display_name, extension, size_problem, stem
from lib.readers.published import choose_published
from lib.readers.titles import first_line_title
from lib.records import Document, ReadError

if TYPE_CHECKING:
    from lib.readers.bulk import BulkRead

__all__ = ["MAX_FILE_BYTES", "SUPPORTED_EXTENSIONS", "ReadResult", "read_bytes", "read_path"]

SUPPORTED_EXTENSIONS: tuple[str, ...] = (".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".csv", ".jsonl")



@dataclass(frozen=True)
class _Reader:
    """A format's reader, imported when a file of that format first comes: a library that is
    missing or broken (trafilatura without lxml_html_clean) then fails only its own format."""

    kind: str  # the format as the analyst names it
    module: str  # lib.readers.<module>
    function: str
    library: str  # what the module needs installed
    options: Mapping[str, Any] = field(default_factory=dict)
    bulk: bool = False  # many articles per file

    def __call__(self, data: bytes) -> Any:
        try:
            read = getattr(importlib.import_module(f"lib.readers.{self.module}"), self.function)
        except Exception as error:  # noqa: BLE001 - ImportError, or whatever a broken library raises on import
            raise Unreadable(f"{self.kind} files cannot be read here: the {self.library} library failed to load "
                             f"({error}); reinstall the requirements (pip install -r requirements.txt)") from error
        return read(data, **self.options)


_READERS: dict[str, _Reader] = {
    ".txt": _Reader("text", "text", "read_text", "charset-normalizer", {"markdown_file": False}),
    ".md": _Reader("Markdown", "text", "read_text", "charset-normalizer", {"markdown_file": True}),
    ".html": _Reader("HTML", "html", "read_html", "trafilatura"),
    ".htm": _Reader("HTML", "html", "read_html", "trafilatura"),
    ".pdf": _Reader("PDF", "pdf", "read_pdf", "pypdf"),
    ".docx": _Reader("Word", "docx", "read_docx", "python-docx"),
    ".csv": _Reader("CSV", "bulk", "read_csv", "charset-normalizer", bulk=True),
    ".jsonl": _Reader("JSON Lines", "bulk", "read_jsonl", "charset-normalizer", bulk=True),
}
# A header line or a bulk column can hold anything; beyond this it is not a title or an outlet's
# name, and the database keeps `source` in a 300-character column.
MAX_LABEL_CHARS = 300


@dataclass(frozen=True)
class ReadResult:
    documents: tuple[Document, ...]
    # Per-row problems in bulk files ("articles.csv: line 7: missing text"); the good rows still load.
    errors: tuple[ReadError, ...] = ()


def _document(
    draft: Draft, name: str, *, title: str | None, published: dt.date | None, source: str | None
) -> Document:
    day, origin = choose_published(draft.published, draft.published_origin, published, draft.text)
    return Document(
        text=draft.text,
        filename=name,
        title=_bounded(title),
        published=day,
        published_origin=origin,
        source=_bounded(draft.source or source),
        url=draft.url,
    )


def _bounded(label: str | None) -> str | None:
    if label is None or len(label) <= MAX_LABEL_CHARS:
        return label
    return label[: MAX_LABEL_CHARS - 1].rstrip() + "\u2026"


def _unsupported(suffix: str) -> str:
    supported = ", ".join(SUPPORTED_EXTENSIONS)
    if not suffix:
        return f"no file extension; supported: {supported}"
    return f"unsupported file type '{suffix}'; supported: {supported}"


def read_bytes(
    filename: str, data: bytes, *, published: dt.date | None = None, source: str | None = None
) -> ReadResult:
    """Read one uploaded file. Raises ReadError when it yields nothing usable.

    `published` is the date the analyst gives at upload and `source` the outlet; the file's own
    metadata wins over both.
    """
    name = display_name(filename)
    suffix = extension(name)
    if suffix not in SUPPORTED_EXTENSIONS:
        raise ReadError(name, _unsupported(suffix))
    too_big = size_problem(len(data))
    if too_big:
        raise ReadError(name, too_big)
    if not data:
        raise ReadError(name, "the file is empty")
    reader = _READERS[suffix]
    try:
        if reader.bulk:
            return _read_bulk(reader(data), name, published=published, source=source)
        draft = reader(data)
    except Unreadable as problem:
        raise ReadError(name, problem.reason) from problem
    draft = replace(draft, text=clean_text(draft.text))
    if not draft.text:
        raise ReadError(name, "no text")
    title = draft.title or first_line_title(draft.text) or stem(name)
    return ReadResult((_document(draft, name, title=title, published=published, source=source),))


def _read_bulk(
    found: BulkRead, name: str, *, published: dt.date | None, source: str | None
) -> ReadResult:
    documents = tuple(
        _document(
            draft,
            name,
            title=draft.title or first_line_title(draft.text) or f"{stem(name)}, line {line}",
            published=published,
            source=source,
        )
        for line, draft in found.drafts
    )
    return ReadResult(documents, tuple(ReadError(name, problem) for problem in found.problems))


def read_path(path: Path, *, published: dt.date | None = None, source: str | None = None) -> ReadResult:
    """Read a file from disk, refusing an oversized one before reading it."""
    path = Path(path)
    name = display_name(path.name)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ReadError(name, f"cannot open the file ({error.strerror or error})") from error
    if not path.is_file():
        raise ReadError(name, "not a regular file")
    too_big = size_problem(size)
    if too_big:
        raise ReadError(name, too_big)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ReadError(name, f"cannot open the file ({error.strerror or error})") from error
    return read_bytes(path.name, data, published=published, source=source)
