"""Corrections as the analyst makes them: recorded in the store, shared as files, and the work
that needs the extractor (re-extraction, agencies the analyst adds to the gazetteer).
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from sqlalchemy import or_, select

from lib.corrections import Correction, CorrectionError, validate
from lib.records import Document
from lib.store import Article, Store

LOG_COLUMNS = ["op", "kind", "target", "value", "note", "created_at", "undone"]
GAZETTEER_COLUMNS = ["id", "name", "country", "kind", "aliases"]


# --- the analyst's gazetteer ----------------------------------------------------------------------

def analyst_agencies(store: Store) -> list[Correction]:
    return [c for c, undone in store.corrections(include_undone=False) if c.op == "add_agency"]


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
    validate(correction)
    number = store.add_correction(correction)
    sync_analyst_agencies(store)
    names = [str(n) for n in (correction.value.get("name"), *correction.value.get("aliases", [])) if n]
    with store.engine.connect() as connection:
        ids = list(connection.scalars(
            select(Article.id).where(or_(*(Article.text.contains(n, autoescape=True) for n in names)))))
    reextract(store, ids)
    return number


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
    """The whole log, undone corrections included (marked), as JSON or CSV."""
    rows = [{"op": c.op, "kind": c.kind, "target": c.target, "value": dict(c.value), "note": c.note,
             "created_at": c.created_at.isoformat() if c.created_at else None, "undone": undone is not None}
            for c, undone in store.corrections()]
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


def _parse(data: bytes, fmt: str) -> list[Correction]:
    text = data.decode("utf-8-sig")
    if fmt == "json":
        try:
            rows = json.loads(text)
        except json.JSONDecodeError as error:
            raise CorrectionError(f"not a JSON correction log ({error.msg}, line {error.lineno})") from None
        if not isinstance(rows, list):
            raise CorrectionError("a JSON correction log is a list of corrections")
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        header = set(rows[0]) if rows else set()
        if rows and {"id", "aliases"} <= header:  # an analyst gazetteer file
            return [Correction("add_agency", "AGENCY", r["id"].strip(), {
                "name": r.get("name") or r["id"], "country": r.get("country") or None,
                "agency_kind": r.get("kind") or None,
                "aliases": [a.strip() for a in (r.get("aliases") or "").split("|") if a.strip()]})
                for r in rows if (r.get("id") or "").strip()]
        for row in rows:
            row["value"] = json.loads(row.get("value") or "{}")
            row["undone"] = str(row.get("undone")).lower() == "true"
    else:
        raise CorrectionError(f"unknown format {fmt!r}; choose json or csv")
    out = []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict) or not {"op", "kind", "target"} <= set(row):
            raise CorrectionError(f"correction {number}: needs op, kind and target")
        if row.get("undone"):
            continue  # an undone correction has no effect to share
        out.append(validate(Correction(row["op"], row["kind"], str(row["target"]), dict(row.get("value") or {}),
                                       note=row.get("note") or None)))
    return out


def import_log(store: Store, data: bytes, fmt: str) -> tuple[int, int]:
    """Add the file's corrections that the log does not hold yet: importing twice changes nothing.
    Returns (added, already present)."""
    present = {c.identity() for c, undone in store.corrections() if undone is None}
    added = skipped = 0
    for correction in _parse(data, fmt):
        if correction.identity() in present:
            skipped += 1
            continue
        if correction.op == "add_agency":
            add_agency(store, correction)
        else:
            store.add_correction(correction)
        present.add(correction.identity())
        added += 1
    return added, skipped
