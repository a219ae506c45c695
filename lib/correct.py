"""Corrections as the analyst makes them: recorded in the store, shared as files, and the work
that needs the extractor (re-extraction, agencies the analyst adds to the gazetteer).
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable

from sqlalchemy import or_, select

from lib.correction_schema import InvalidRecord, check_record, value_of
from lib.corrections import Correction, CorrectionError, validate
from lib.readers.bulk import delimiter_of
from lib.readers.cleanup import normalise_newlines
from lib.readers.draft import Unreadable
from lib.readers.encoding import decode_bytes
from lib.readers.files import size_problem
from lib.records import Document
from lib.store import Article, Store

LOG_COLUMNS = ["op", "kind", "target", "value", "note", "created_at", "undone"]
GAZETTEER_COLUMNS = ["id", "name", "country", "kind", "aliases"]


# --- the analyst's gazetteer ----------------------------------------------------------------------

def analyst_agencies(store: Store) -> list[Correction]:
    return [c for c, undone in store.corrections(include_undone=False) if c.op == "add_agency" and c.problem is None]


def check_new_agencies(store: Store, corrections: list[Correction], numbers: list[int] | None = None) -> None:
    """Refuse an added agency whose name or alias already names another agency, built in or the
    analyst's own: the matcher could not tell them apart. `numbers`: the records' numbers in their
    file, for the message."""
    from lib.extraction.gazetteer import fold, read_gazetteer

    def names(agency: Correction) -> list[str]:
        return [n for n in (agency.value.get("name"), *agency.value.get("aliases", [])) if n]

    taken: dict[str, tuple[str, str]] = {}  # folded name -> (agency id, whose)
    for entry in read_gazetteer().agencies.values():
        for name in (*entry.acronyms, *entry.long_forms):
            taken.setdefault(fold(name), (entry.id, f"the built-in agency {entry.id}"))
    for agency in analyst_agencies(store):
        for name in names(agency):
            taken.setdefault(fold(name), (agency.target, f"your agency {agency.target!r}"))
    for position, correction in enumerate(corrections):
        if correction.op != "add_agency":
            continue
        for name in names(correction):
            owner = taken.setdefault(fold(name), (correction.target, f"your agency {correction.target!r}"))
            if owner[0] != correction.target:
                where = f"record {numbers[position]}: " if numbers else ""
                raise CorrectionError(f"{where}{name!r} is already a name of {owner[1]}; an agency needs names "
                                      "of its own")


def sync_analyst_agencies(store: Store) -> bool:
    """Make the extractor know the agencies the analyst added in this database; True if it changed."""
    from lib.extraction.gazetteer import AgencyEntry, set_analyst_agencies

    entries = [
        AgencyEntry(id=c.target, name=str(c.value.get("name") or c.target), country=c.value.get("country"),
                    kind=c.value.get("agency_kind"), generic=(),
                    acronyms=tuple(a for a in c.value.get("aliases", []) if a.isupper() and " " not in a),
                    aliases=tuple(a for a in c.value.get("aliases", []) if not (a.isupper() and " " not in a)),
                    native_names=())
        for c in analyst_agencies(store)
    ]
    return set_analyst_agencies(entries)


def add_agency(store: Store, correction: Correction) -> int:
    """Record a new agency, then re-extract the stored articles that name it."""
    correction = validate(correction)
    check_new_agencies(store, [correction])
    number = store.add_correction(correction)
    _reread_articles_naming(store, [correction])
    return number


# Names per query: SQLite refuses an expression tree deeper than 1,000 (a long OR chain is one).
_NAMES_PER_QUERY = 100


def _reread_articles_naming(store: Store, agencies: list[Correction]) -> int:
    """Teach the extractor the added agencies, then re-extract the stored articles that name them."""
    sync_analyst_agencies(store)
    names = list(dict.fromkeys(str(n) for c in agencies
                               for n in (c.value.get("name"), *c.value.get("aliases", [])) if n))
    ids: set[int] = set()
    with store.engine.connect() as connection:
        for at in range(0, len(names), _NAMES_PER_QUERY):
            chunk = names[at:at + _NAMES_PER_QUERY]
            ids.update(connection.scalars(
                select(Article.id).where(or_(*(Article.text.contains(n, autoescape=True) for n in chunk)))))
    return reextract(store, ids)


def undo(store: Store, correction_id: int) -> Correction:
    correction = store.undo_correction(correction_id)
    if correction.op == "add_agency":
        sync_analyst_agencies(store)
        reextract(store, [int(i) for i in store.frame("articles")["id"]])
    return correction


# --- re-extraction --------------------------------------------------------------------------------

def reextract(store: Store, article_ids: Iterable[int] | None = None, batch_size: int = 64) -> int:
    """Run the extractor again over stored articles (a new model, new gazetteer entries); the
    analyst's corrections are replayed on the new results. Returns the number of articles."""
    from lib.extraction.extract import extract_documents

    sync_analyst_agencies(store)
    statement = select(Article.id, Article.text, Article.title, Article.published, Article.filename,
                       Article.source, Article.url).order_by(Article.id)
    if article_ids is not None:
        wanted = sorted(set(article_ids))
        if not wanted:
            return 0
        statement = statement.where(Article.id.in_(wanted))
    rows = store.query(statement)
    documents = [Document(text=r.text, filename=r.filename or "", title=r.title, source=r.source, url=r.url,
                          published=r.published if not _missing(r.published) else None)
                 for r in rows.itertuples()]
    done = 0
    batch: dict[int, object] = {}
    for article_id, (_, extraction) in zip(rows["id"], extract_documents(documents, batch_size=batch_size)):
        batch[int(article_id)] = extraction
        if len(batch) >= batch_size:
            store.replace_extractions(batch)  # type: ignore[arg-type]
            done += len(batch)
            batch = {}
    if batch:
        store.replace_extractions(batch)  # type: ignore[arg-type]
        done += len(batch)
    return done


def _missing(value: object) -> bool:
    import pandas as pd

    return value is None or bool(pd.isna(value))  # type: ignore[arg-type]


# --- sharing the log ------------------------------------------------------------------------------

def export_log(store: Store, fmt: str = "json") -> bytes:
    """The whole log, undone corrections included (marked), as JSON or CSV; records that do not fit
    the shape of a correction are left out (they were never applied, and would refuse the file)."""
    rows = [{"op": c.op, "kind": c.kind, "target": c.target, "value": dict(c.value), "note": c.note,
             "created_at": c.created_at.isoformat() if c.created_at else None, "undone": undone is not None}
            for c, undone in store.corrections() if c.problem is None]
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2).encode("utf-8")
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=LOG_COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "value": json.dumps(row["value"], ensure_ascii=False)})
        return buffer.getvalue().encode("utf-8")
    raise CorrectionError(f"unknown format {fmt!r}; choose json or csv")


def export_gazetteer(store: Store) -> bytes:
    """The agencies the analyst added, one row each, as CSV (aliases separated by |)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=GAZETTEER_COLUMNS)
    writer.writeheader()
    for c in analyst_agencies(store):
        writer.writerow({"id": c.target, "name": c.value.get("name") or "", "country": c.value.get("country") or "",
                         "kind": c.value.get("agency_kind") or "", "aliases": "|".join(c.value.get("aliases", []))})
    return buffer.getvalue().encode("utf-8")


def _text(data: bytes) -> str:
    """The file's text, its encoding detected as the Upload page's readers detect it."""
    too_big = size_problem(len(data))
    if too_big:
        raise CorrectionError(too_big)
    try:
        return normalise_newlines(decode_bytes(data)).lstrip("\ufeff")
    except Unreadable as problem:
        raise CorrectionError(problem.reason) from None


def _json_records(text: str) -> list[object]:
    try:
        rows = json.loads(text)
    except json.JSONDecodeError as error:
        raise CorrectionError(f"not a JSON correction log ({error.msg}, line {error.lineno})") from None
    if not isinstance(rows, list):
        raise CorrectionError("a JSON correction log is a list of corrections")
    return rows


# A gazetteer file's columns, as the log's record fields (and back, for messages).
_GAZETTEER_FIELDS = {"target": "id", "agency_kind": "kind"}


def _csv_records(text: str) -> tuple[list[object], dict[str, str]]:
    """The rows of a CSV log or gazetteer as records, with the file's names for their fields.
    The delimiter is found as the Upload page finds it (French Excel writes semicolons)."""
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    reader = csv.reader(io.StringIO(text), delimiter=delimiter_of(text.split("\n", 1)[0]))
    header = [name.strip().lower() for name in next(reader, [])]
    rows = [dict(zip(header, row)) for row in reader if any(field.strip() for field in row)]
    if {"id", "aliases"} <= set(header):  # the analyst's gazetteer
        return [{"op": "add_agency", "kind": "AGENCY", "target": row.get("id"),
                 "value": {"name": row.get("name") or None, "country": row.get("country") or None,
                           "agency_kind": row.get("kind") or None,
                           "aliases": [a for a in (row.get("aliases") or "").split("|") if a.strip()]}}
                for row in rows], _GAZETTEER_FIELDS
    if not {"op", "kind", "target"} <= set(header):
        shown = ", ".join(name for name in header if name)[:200] or "none"
        raise CorrectionError(f"not a correction log (columns op, kind, target, value) or a gazetteer "
                              f"(columns id, name, country, kind, aliases); columns found: {shown}")
    records: list[object] = []
    for number, row in enumerate(rows, start=1):
        try:
            value = json.loads(row.get("value") or "{}")
        except json.JSONDecodeError:
            raise CorrectionError(f"record {number}: value is not valid JSON") from None
        records.append({**{k: v for k, v in row.items() if v != ""}, "value": value,
                        "undone": (row.get("undone") or "false").strip() or "false"})
    return records, {}


def _parse(data: bytes, fmt: str) -> list[tuple[int, Correction]]:
    """Every record of the file with its number, checked against its declared shape before anything
    is written: one bad record refuses the whole file, naming the record and the field. Undone
    records are left out."""
    if fmt not in ("json", "csv"):
        raise CorrectionError(f"unknown format {fmt!r}; choose json or csv")
    text = _text(data)
    records, field_names = (_json_records(text), {}) if fmt == "json" else _csv_records(text)
    out = []
    for number, record in enumerate(records, start=1):
        try:
            checked = check_record(record, field_names=field_names)
        except InvalidRecord as error:
            raise CorrectionError(f"record {number}: {error}") from None
        if not checked.undone:  # an undone correction has no effect to share
            out.append((number, Correction(checked.op, checked.kind, checked.target, value_of(checked),
                                           note=checked.note)))
    return out


def import_log(store: Store, data: bytes, fmt: str,
               on_progress: Callable[[int, int], None] | None = None) -> tuple[int, int]:
    """Add the file's corrections that the log does not hold yet, all in one transaction (the file
    is imported whole or not at all); importing twice changes nothing. Then the stored articles
    that name an added agency are re-read. `on_progress(done, total)` as records are written.
    Returns (added, already present)."""
    records = _parse(data, fmt)
    present = {c.identity() for c, undone in store.corrections() if undone is None and c.problem is None}
    new, numbers = [], []
    for number, correction in records:
        if correction.identity() not in present:
            present.add(correction.identity())
            new.append(correction)
            numbers.append(number)
    check_new_agencies(store, new, numbers)
    store.add_corrections(new, on_progress=on_progress)
    agencies = [c for c in new if c.op == "add_agency"]
    if agencies:
        _reread_articles_naming(store, agencies)
    return len(new), len(records) - len(new)
