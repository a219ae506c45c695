"""Plain text and Markdown, with an optional header block (Title:, Date:, Source:, URL:) on top."""
from __future__ import annotations

import re

from lib.extraction.dates import parse_date
from lib.readers import markdown
from lib.readers.cleanup import clean_text, normalise_newlines, one_line
from lib.readers.draft import Draft, Unreadable
from lib.readers.encoding import decode_bytes

_HEADER_LINE = re.compile(r"^[ \t]*(title|date|published|source|url)[ \t]*:[ \t]*(.*?)[ \t]*$", re.I)
_FRONT_MATTER_LINE = re.compile(r"^\s*([A-Za-z_]+)\s*:\s*(.*?)\s*$")
_FRONT_MATTER_MAX_LINES = 60


def _front_matter(lines: list[str]) -> tuple[dict[str, str], int]:
    """Markdown front matter between `---` lines: the keys the header block knows, and its length."""
    if not lines or lines[0].strip() != "---":
        return {}, 0
    for end in range(1, min(len(lines), _FRONT_MATTER_MAX_LINES)):
        if lines[end].strip() in {"---", "..."}:
            fields: dict[str, str] = {}
            for line in lines[1:end]:
                match = _FRONT_MATTER_LINE.match(line)
                if match:
                    fields.setdefault(match.group(1).lower(), match.group(2).strip("'\""))
            return fields, end + 1
    return {}, 0


def _header_block(lines: list[str]) -> tuple[dict[str, str], int]:
    """`Key: value` lines from the top, ended by a blank line (or the end of the file).

    Lines that look like a header but run straight into the text are text, not a header.
    """
    fields: dict[str, str] = {}
    for index, line in enumerate(lines):
        if not line.strip():
            return (fields, index + 1) if fields else ({}, 0)
        match = _HEADER_LINE.match(line)
        if not match:
            return {}, 0
        fields.setdefault(match.group(1).lower(), match.group(2))
    return fields, len(lines)


def split_header(text: str, *, markdown_file: bool) -> tuple[dict[str, str], str]:
    lines = text.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    fields: dict[str, str] = {}
    if markdown_file:
        fields, used = _front_matter(lines)
        lines = lines[used:]
        while lines and not lines[0].strip():
            lines.pop(0)
    header, used = _header_block(lines)
    for key, value in header.items():
        fields.setdefault(key, value)
    return fields, "\n".join(lines[used:])


def read_text(data: bytes, *, markdown_file: bool) -> Draft:
    if not data.strip():
        raise Unreadable("the file is empty")
    raw = normalise_newlines(decode_bytes(data))
    if not raw.strip():
        raise Unreadable("the file is empty")
    fields, body = split_header(raw, markdown_file=markdown_file)
    title = one_line(fields.get("title"))
    if markdown_file:
        title = title or markdown.leading_heading(body)
        body = markdown.to_plain_text(body)
    body = clean_text(body)
    if not body:
        raise Unreadable("no text")
    candidates = (parse_date(fields[key]) for key in ("date", "published") if fields.get(key))
    published = next((day for day in candidates if day), None)
    return Draft(
        text=body,
        title=title,
        published=published,
        published_origin="header" if published else None,
        source=one_line(fields.get("source")),
        url=one_line(fields.get("url")),
    )
