"""Many articles in one file: CSV (one row each) or JSON Lines (one object a line).

A bad row is reported with its line number and skipped; the good rows still load.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from lib.extraction.dates import parse_date
from lib.readers.cleanup import clean_text, normalise_newlines, one_line
from lib.readers.draft import Draft, Unreadable
from lib.readers.encoding import decode_bytes

REQUIRED = "text"
KNOWN = ("title", "text", "published", "source", "url")
_DELIMITERS = (",", ";", "\t")
_ERRORS_IN_MESSAGE = 3
_NAMES_IN_MESSAGE = 12
# Each unclosed quote makes the parser re-read the rest of the file; past this many the file is
# too damaged to be worth it, and the cost stays linear.
_MAX_RESTARTS = 20


@dataclass(frozen=True)
class BulkRead:
    drafts: tuple[tuple[int, Draft], ...]  # (line number, draft)
    problems: tuple[str, ...]  # "line 7: missing text"


def _row_draft(line: int, row: Mapping[str, object], problems: list[str]) -> Draft | None:
    value = row.get("text")
    text = clean_text(value) if isinstance(value, str) else ""
    if not text:
        problems.append(f"line {line}: missing text")
        return None
    published = None
    raw_date = one_line(row.get("published"))
    if raw_date:
        published = parse_date(raw_date)
        if published is None:
            problems.append(f"line {line}: date '{raw_date[:40]}' not understood; row loaded without it")
    return Draft(
        text=text,
        title=one_line(row.get("title")),
        published=published,
        published_origin="column" if published else None,
        source=one_line(row.get("source")),
        url=one_line(row.get("url")),
    )


def _finish(drafts: list[tuple[int, Draft]], problems: list[str]) -> BulkRead:
    if not drafts:
        shown = "; ".join(problems[:_ERRORS_IN_MESSAGE])
        more = len(problems) - _ERRORS_IN_MESSAGE
        raise Unreadable(f"no usable rows ({shown}{f'; and {more} more' if more > 0 else ''})")
    return BulkRead(tuple(drafts), tuple(problems))


def _missing_column(kind: str, found: list[str]) -> Unreadable:
    names = [name for name in found if name]
    shown = ", ".join(names[:_NAMES_IN_MESSAGE]) or "none"
    if len(names) > _NAMES_IN_MESSAGE:
        shown += f", and {len(names) - _NAMES_IN_MESSAGE} more"
    return Unreadable(f"missing required {kind} '{REQUIRED}' (found: {shown})")


def delimiter_of(header_line: str) -> str:
    """The separator the header line uses most: Excel writes ';' in locales with a decimal comma."""
    return max(_DELIMITERS, key=header_line.count)


def _csv_records(text: str, delimiter: str) -> Iterator[tuple[int, list[str] | None, str | None]]:
    """(first line number, fields or None, parse problem or None) for each record.

    Strict parsing, so that a quote opened and never closed is an error instead of silently
    swallowing every row below it into one field. When that happens the record's first line is
    reported and parsing resumes on the line after it, so the rows below still load.
    """
    lines = text.split("\n")
    # A field may be as long as the file; the csv module's default cap (128 KB) would reject
    # long articles. The limit is process-wide, so it only ever grows.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    start, restarts = 0, 0
    while start < len(lines):
        reader = csv.reader((line + "\n" for line in lines[start:]), delimiter=delimiter, strict=True)
        consumed = 0  # lines of this pass read so far
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                first = start + consumed + 1
                yield first, None, _csv_problem(error)
                if start + reader.line_num >= len(lines) and reader.line_num > consumed + 1:
                    # The quoted field ran to the end of the file: resume after its first line.
                    restarts += 1
                    if restarts > _MAX_RESTARTS:
                        yield first + 1, None, "too many unclosed quotes; the rest of the file was not read"
                        return
                    start = first
                    break
                consumed = reader.line_num
                continue
            yield start + consumed + 1, fields, None
            consumed = reader.line_num


def _csv_problem(error: csv.Error) -> str:
    message = str(error)
    if message.startswith("unexpected end of data"):
        return "a quoted field is never closed; the row was skipped"
    return message


def read_csv(data: bytes) -> BulkRead:
    if not data.strip():
        raise Unreadable("the file is empty")
    text = normalise_newlines(decode_bytes(data)).lstrip("\ufeff")
    if not text.strip():
        raise Unreadable("the file is empty")
    records = _csv_records(text, delimiter_of(text.split("\n", 1)[0]))
    header: list[str] | None = None
    drafts: list[tuple[int, Draft]] = []
    problems: list[str] = []
    for line, fields, problem in records:
        if header is None:
            if fields is None:
                raise Unreadable(f"not a valid CSV file (line {line}: {problem})")
            if not any(f.strip() for f in fields):
                continue
            header = [f.strip().lstrip("\ufeff").lower() for f in fields]
            if REQUIRED not in header:
                raise _missing_column("column", header)
            continue
        if fields is None:
            problems.append(f"line {line}: {problem}")
            continue
        if not any(f.strip() for f in fields):
            continue
        row: dict[str, str] = {}
        for name, value in zip(header, fields):
            row.setdefault(name, value)
        draft = _row_draft(line, row, problems)
        if draft is not None:
            drafts.append((line, draft))
    if header is None:
        raise Unreadable("the file is empty")
    if not drafts and not problems:
        raise Unreadable("no rows after the header")
    return _finish(drafts, problems)


def read_jsonl(data: bytes) -> BulkRead:
    if not data.strip():
        raise Unreadable("the file is empty")
    # Only CR and CRLF: JSON strings may hold a raw U+2028, which is no line break here.
    text = decode_bytes(data).replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    drafts: list[tuple[int, Draft]] = []
    problems: list[str] = []
    keys_seen: dict[str, None] = {}  # insertion-ordered set: a list would make this quadratic
    saw_text_key = False
    for line, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        try:
            value = json.loads(raw)
        except ValueError as error:
            problems.append(f"line {line}: not valid JSON ({error.args[0] if error.args else error})")
            continue
        if not isinstance(value, dict):
            problems.append(f"line {line}: not a JSON object")
            continue
        row: dict[str, object] = {}
        for key, item in value.items():
            name = str(key).strip().lower()
            row.setdefault(name, item)
            keys_seen.setdefault(name)
        saw_text_key = saw_text_key or REQUIRED in row
        draft = _row_draft(line, row, problems)
        if draft is not None:
            drafts.append((line, draft))
    if not drafts and not problems:
        raise Unreadable("the file is empty")
    if keys_seen and not saw_text_key:
        raise _missing_column("key", list(keys_seen))
    return _finish(drafts, problems)
