"""`python -m lib ingest | extract | export | evaluate`: Entente for batch users and scripts.

Exit codes: 0 all went well, 1 some file was rejected (the others are still stored), 2 usage error.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path

from lib.config import GOLD_DIR, HELDOUT_DIR, SAMPLE_DIR
from lib.wording import plural


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {value!r}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m lib", description="Entente from the command line.")
    commands = parser.add_subparsers(dest="command", required=True)

    ingest = commands.add_parser("ingest", help="read, extract and store articles (files and folders)")
    ingest.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    ingest.add_argument("--db", help="SQLAlchemy URL (default: ENTENTE_DB_URL or ./data/entente.db)")
    ingest.add_argument("--published", type=_date, help="publication date for files that carry none")
    ingest.add_argument("--source", help="source name for files that carry none")
    ingest.add_argument("--if-empty", action="store_true", help="do nothing when the database has articles")
    ingest.add_argument("--workers", type=int, default=1, help="extraction processes (default 1)")
    ingest.add_argument("--cluster", metavar="ADDRESS",
                        help="extract on a Dask cluster: a scheduler's tcp://HOST:8786, or local:N for N worker "
                             "processes here")
    ingest.add_argument("--chunk-kb", type=int, default=None, metavar="KB",
                        help="text per cluster task, in thousands of characters (default 256)")
    ingest.add_argument("--quiet", action="store_true", help="only the closing summary")

    extract = commands.add_parser("extract", help="extract from files without a database, as JSON")
    extract.add_argument("paths", nargs="+", type=Path, metavar="FILE")
    extract.add_argument("--published", type=_date, help="publication date for files that carry none")
    extract.add_argument("--json", action="store_true", help="print the JSON array (the default output)")

    export = commands.add_parser("export", help="write a table (filters applied) as CSV, XLSX, GEXF or GraphML")
    export.add_argument("--table", required=True,
                        help="agencies, persons, countries, locations, topics, events, mentions, cooccurrence, "
                             "country_pairs, articles; or a raw stored table: entities, roles, sentences, ...")
    export.add_argument("--format", default="csv", choices=["csv", "xlsx", "gexf", "graphml"])
    export.add_argument("--window", default="sentence", choices=["sentence", "paragraph", "article", "happening"],
                        help="co-occurrence window (cooccurrence table and graphs; happening: the parties of one "
                             "story, once per story, also for country_pairs)")
    export.add_argument("--db", help="SQLAlchemy URL")
    export.add_argument("--out", type=Path, help="file to write (default: standard output)")
    _add_filter_options(export)

    reextract = commands.add_parser("reextract", help="run the extractor again over stored articles, "
                                                      "keeping the analyst's corrections")
    reextract.add_argument("--db", help="SQLAlchemy URL")

    correct = commands.add_parser("correct", help="the analyst's corrections: make, list, undo, share")
    correct.add_argument("--db", help="SQLAlchemy URL")
    actions = correct.add_subparsers(dest="action", required=True)
    merge = actions.add_parser("merge", help="merge entity FROM into INTO (same type)")
    merge.add_argument("source", metavar="FROM")
    merge.add_argument("into", metavar="INTO")
    rename = actions.add_parser("rename", help="give an entity another name")
    rename.add_argument("source", metavar="ENTITY")
    rename.add_argument("name", metavar="NEW_NAME")
    relabel = actions.add_parser("relabel", help="change an entity's type, or say it is not an entity")
    relabel.add_argument("source", metavar="ENTITY")
    relabel.add_argument("--to", default="", choices=["", "AGENCY", "PERSON", "COUNTRY", "LOCATION"],
                         help="the new type; leave out for 'not an entity'")
    relabel.add_argument("--country", help="ISO code, when it becomes an agency or a place")
    set_agency = actions.add_parser("set-agency", help="set an agency's country and/or kind")
    set_agency.add_argument("source", metavar="AGENCY")
    set_agency.add_argument("--country")
    delete = actions.add_parser("delete-mention", help="delete one mention in one article")
    delete.add_argument("source", metavar="ENTITY")
    delete.add_argument("--article", type=int, required=True, help="the article's id")
    delete.add_argument("--start", type=int, required=True)
    delete.add_argument("--end", type=int, required=True)
    add = actions.add_parser("add-agency", help="add an agency to your gazetteer")
    add.add_argument("source", metavar="ID")
    add.add_argument("--name", required=True)
    add.add_argument("--country")
    add.add_argument("--alias", action="append", default=[], help="another name or acronym (repeatable)")
    merge_stories = actions.add_parser("merge-stories", help="the stories N, M... (ids from `export --table "
                                       "stories`) are one happening")
    merge_stories.add_argument("--story", type=int, action="append", required=True, help="a story id (repeatable)")
    split_story = actions.add_parser("split-story", help="the events N... (ids from `export --table events`) "
                                     "are a happening of their own, apart from the rest of their story")
    split_story.add_argument("--event", type=int, action="append", required=True, help="an event id (repeatable)")
    for sub in (merge, rename, relabel, set_agency, delete):
        sub.add_argument("--kind", default="AGENCY", choices=["AGENCY", "PERSON", "COUNTRY", "LOCATION", "ORG"],
                         help="the entity's type (default AGENCY)")
    for sub in (set_agency, add):
        sub.add_argument("--agency-kind", help="police, gendarmerie, domestic_intelligence, ...")
    for sub in (merge, rename, relabel, set_agency, delete, add, merge_stories, split_story):
        sub.add_argument("--note", help="why (kept in the log)")
    actions.add_parser("list", help="the correction log")
    undo = actions.add_parser("undo", help="undo correction N")
    undo.add_argument("number", type=int)
    forget = actions.add_parser("delete", help="delete record N, one that `list` shows as invalid")
    forget.add_argument("number", type=int)
    export_log = actions.add_parser("export", help="write the log (or your gazetteer) to share it")
    export_log.add_argument("--format", default="json", choices=["json", "csv", "gazetteer"])
    export_log.add_argument("--out", type=Path)
    import_log = actions.add_parser("import", help="add a shared log's corrections (twice changes nothing)")
    import_log.add_argument("file", type=Path)

    evaluate = commands.add_parser("evaluate", help="score extraction against gold annotations")
    evaluate.add_argument("--gold", type=Path, help="folder of gold JSON files (e.g. a development set's); "
                          "scored first, beside the samples and the held-out set")
    evaluate.add_argument("--articles", type=Path, help="folder of the articles that --gold annotates")
    evaluate.add_argument("--alone", action="store_true", help="only the --gold set, not the samples and held-out")
    evaluate.add_argument("--brief", action="store_true", help="the tables only, without the list of misses")
    return parser


def _add_filter_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("filters (as in the dashboard's sidebar; repeat an option for alternatives)")
    group.add_argument("--from", dest="date_from", type=_date, help="first date (YYYY-MM-DD)")
    group.add_argument("--to", dest="date_to", type=_date, help="last date (YYYY-MM-DD)")
    group.add_argument("--date-basis", choices=["published", "event"], default="published",
                       help="whether --from/--to apply to publication or event dates")
    for option, field in (("--agency", "agencies"), ("--agency-country", "agency_countries"),
                          ("--agency-kind", "agency_kinds"), ("--person", "people"), ("--country", "countries"),
                          ("--event-type", "event_types"), ("--topic", "topics"), ("--language", "languages"),
                          ("--source", "sources")):
        group.add_argument(option, dest=field, action="append", default=[], metavar="VALUE")
    group.add_argument("--search", default="", help="text that titles or texts contain")
    group.add_argument("--with-unsure", dest="sure_only", action="store_false",
                       help="keep the agencies and people only the statistical model found (left out by default)")


def _filters(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from lib.analytics import Filters

    return Filters(**{name: (tuple(v) if isinstance(v, list) else v) for name, v in vars(args).items()
                      if name in Filters.field_names()})


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    handlers = {"ingest": _ingest, "extract": _extract, "export": _export, "evaluate": _evaluate,
                "reextract": _reextract, "correct": _correct}
    from sqlalchemy.exc import SQLAlchemyError

    from lib.outage import DatabaseUnavailable, reason_of

    try:
        return handlers[args.command](args)
    except DatabaseUnavailable as error:
        print(f"error: {error}; run the same command again when it answers", file=sys.stderr)
    except SQLAlchemyError as error:
        # A full disk, a read-only file, a refused statement: each write is one transaction, so
        # nothing of this one stays.
        print(f"error: the database refused the change ({reason_of(error)}); nothing of it was stored",
              file=sys.stderr)
    return 1


def _ingest(args: argparse.Namespace) -> int:
    from lib.outage import patiently
    from lib.store import Store

    cluster = None
    if args.cluster is not None:
        from lib.cluster import ClusterError, parse_cluster

        if args.workers > 1:
            print("error: --workers and --cluster are alternatives: use --cluster local:N for N processes here",
                  file=sys.stderr)
            return 2
        try:
            cluster = parse_cluster(args.cluster)
        except ClusterError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
    elif args.workers > 1:
        from lib.cluster import ClusterAddress

        cluster = ClusterAddress(None, args.workers)  # one path: a local cluster of N processes
    if args.chunk_kb is not None and args.chunk_kb < 1:
        print("error: --chunk-kb takes a number of at least 1", file=sys.stderr)
        return 2
    store = patiently(lambda: Store(args.db))
    if args.if_empty and patiently(store.count) > 0:
        print(f"{store.count()} articles already in {store.url}: nothing to do")
        return 0
    if cluster is None:
        return _ingest_with(args, store, None)
    from lib.cluster import ClusterError, connect
    from lib.correct import sync_analyst_agencies

    patiently(lambda: sync_analyst_agencies(store))  # before a local cluster's workers fork from this process
    try:
        with connect(cluster) as client:
            return _ingest_with(args, store, client)
    except ClusterError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def _ingest_with(args: argparse.Namespace, store, client) -> int:  # type: ignore[no-untyped-def]
    from tqdm import tqdm

    from lib.ingest import NOT_STORED, find_files, ingest

    found = find_files(args.paths)
    paths = found.files
    counts: Counter[str] = Counter()
    lost: list[str] = []  # the files the database was not there to store
    with tqdm(total=len(paths), unit="file", disable=args.quiet or not sys.stderr.isatty()) as bar:
        statuses = ingest(paths, store, published=args.published, source_name=args.source,
                          on_file_done=lambda done: bar.update(done - bar.n), cluster=client,
                          chunk_chars=_chunk_chars(args, paths, client))
        for status in statuses:
            counts[status.status] += 1
            if status.detail.startswith(NOT_STORED):
                lost.append(status.detail)
            if not args.quiet:
                line = f"{status.status:9} {status.filename}"
                if status.status != "ingested" or status.detail != "ingested":
                    line += f": {status.detail}"
                bar.write(line)
    print(f"{counts['ingested']} ingested, {counts['duplicate']} duplicate, {counts['rejected']} rejected "
          f"({plural(len(paths), 'file')}) into {store.url}")
    if found.unsupported:
        print(_skipped(found.unsupported))
    if lost:
        print(f"The database stopped answering {lost[0].removeprefix(NOT_STORED).split(';')[0].strip()} and did not "
              f"come back in time: {len(lost)} were not stored. Run the same command again when it answers; "
              "what was stored is kept and reported as duplicate.", file=sys.stderr)
    return 1 if counts["rejected"] else 0


def _chunk_chars(args: argparse.Namespace, paths: list[Path], client) -> int | None:  # type: ignore[no-untyped-def]
    """--chunk-kb, or a size that gives each of the cluster's workers several chunks of this input
    (the files' sizes in bytes: at least their text's length)."""
    if client is None:
        return None
    if args.chunk_kb:
        return args.chunk_kb * 1000
    from lib.cluster import chunk_chars_for

    total = sum(path.stat().st_size for path in paths if path.is_file())
    return chunk_chars_for(total, len(client.scheduler_info().get("workers", {})))


def _skipped(files: list[Path], most: int = 20) -> str:
    """The summary line of the files a folder held that no reader reads, named (the first `most`)."""
    names = ", ".join(path.name for path in files[:most])
    more = f" and {len(files) - most} more" if len(files) > most else ""
    types = "an unsupported type" if len(files) == 1 else "unsupported types"
    return f"skipped {plural(len(files), 'file')} of {types}: {names}{more}"


def _extract(args: argparse.Namespace) -> int:
    from lib.contract import extraction_json
    from lib.extraction.extract import extract_documents
    from lib.readers import read_path
    from lib.records import ReadError

    results: list[dict | None] = []
    documents = []
    rejected = False
    for path in args.paths:
        try:
            if not path.is_file():
                raise ReadError(path.name, "no such file")
            read = read_path(path, published=args.published)
        except ReadError as error:
            results.append(extraction_json(str(path), None, None, error=error.reason))
            rejected = True
            continue
        for document in read.documents:
            documents.append((len(results), str(path), document))
            results.append(None)
    extracted = extract_documents(d for _, _, d in documents)
    for (slot, file, _), (document, extraction) in zip(documents, extracted, strict=True):
        results[slot] = extraction_json(file, document, extraction)
    json.dump(results, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 1 if rejected else 0


def _export(args: argparse.Namespace) -> int:
    from lib.analytics.cooccurrence import graph
    from lib.analytics.tables import GRAPH_TABLES, TABLE_BUILDERS, build_table
    from lib.export import to_csv_bytes, to_gexf_bytes, to_graphml_bytes, to_xlsx_bytes
    from lib.store import TABLES, Store

    if args.table not in TABLE_BUILDERS and args.table not in TABLES:
        print(f"unknown table {args.table!r}; choose from: {', '.join([*TABLE_BUILDERS, *TABLES])}", file=sys.stderr)
        return 2
    if args.format in ("gexf", "graphml") and args.table not in GRAPH_TABLES:
        print(f"--format {args.format} is for the network: use --table cooccurrence", file=sys.stderr)
        return 2
    store, filters = Store(args.db), _filters(args)
    if args.format in ("gexf", "graphml"):
        network = graph(store, filters, window=args.window)
        data = (to_gexf_bytes if args.format == "gexf" else to_graphml_bytes)(network)
    else:
        # Analytic tables take the filters; the raw stored tables are exported whole.
        frame = (build_table(store, filters, args.table, window=args.window) if args.table in TABLE_BUILDERS
                 else store.frame(args.table))
        data = to_csv_bytes(frame) if args.format == "csv" else to_xlsx_bytes(frame, sheet=args.table)
    if args.out:
        args.out.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    from lib.evaluate import evaluate, format_report, format_sets

    sets: dict[str, tuple[Path, Path]] = {}
    if args.gold is not None:
        if not args.gold.is_dir():
            print(f"no gold folder at {args.gold}", file=sys.stderr)
            return 2
        articles = args.articles or SAMPLE_DIR
        if not articles.is_dir():
            print(f"no articles folder at {articles}", file=sys.stderr)
            return 2
        sets[args.gold.parent.name if args.gold.name == "gold" else args.gold.name] = (args.gold, articles)
    if args.gold is None or not args.alone:
        sets["samples"] = (GOLD_DIR, SAMPLE_DIR)
        sets["held-out"] = (HELDOUT_DIR / "gold", HELDOUT_DIR / "articles")
    try:
        reports = {name: evaluate(gold, articles) for name, (gold, articles) in sets.items()}
    except FileNotFoundError as error:
        print(f"an annotated article is missing: {error.filename}", file=sys.stderr)
        return 2
    if len(reports) > 1:
        print(format_sets(reports), end="\n\n")
    from lib.evaluate_grouping import count_stories, evaluate_grouping, format_grouping

    main_set = next(iter(reports))
    if not (args.gold is not None and args.alone):
        print(format_grouping(evaluate_grouping()), end="\n\n")
    for name, report in reports.items():
        articles, events, stories = count_stories(report.extracted)
        print(f"{name}: {articles} articles, {events} events, {stories} stories (happenings across articles)")
    print()
    print(f"== {main_set} ==")
    print(format_report(reports[main_set], details=not args.brief))
    return 0


def _reextract(args: argparse.Namespace) -> int:
    from lib.correct import reextract
    from lib.store import Store

    store = Store(args.db)
    print(f"re-extracted {reextract(store)} articles in {store.url}; corrections re-applied")
    return 0


def _read_shared_file(path: Path) -> bytes:
    """A log or gazetteer file, refused before it is read when it is over the upload limit."""
    from lib.corrections import CorrectionError
    from lib.readers.files import size_problem

    too_big = size_problem(path.stat().st_size)
    if too_big:
        raise CorrectionError(f"{path.name}: {too_big}")
    return path.read_bytes()


def _correction(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from lib.corrections import Correction
    from lib.store import Article, Store

    value: dict[str, object] = {}
    op = {"set-agency": "set_agency", "delete-mention": "delete_mention", "add-agency": "add_agency",
          "merge-stories": "merge_stories", "split-story": "split_story"}.get(args.action, args.action)
    if op in ("merge_stories", "split_story"):
        from lib.store import report_of, story_label

        store = Store(args.db)
        reports = ([report_of(store, story_id=n) for n in args.story] if op == "merge_stories"
                   else [report_of(store, event_id=n) for n in args.event])
        return Correction(op, "STORY", story_label(store, reports[0]), {"reports": reports}, note=args.note)
    if op == "merge":
        value = {"into": args.into}
    elif op == "rename":
        value = {"name": args.name}
    elif op == "relabel":
        value = {"to": args.to, "country": args.country}
    elif op == "set_agency":
        value = {"country": args.country, "agency_kind": args.agency_kind}
    elif op == "delete_mention":
        with Store(args.db).sessions() as session:
            article = session.get(Article, args.article)
        if article is None:
            raise ValueError(f"no article number {args.article}")
        value = {"article": article.content_hash, "start": args.start, "end": args.end}
    elif op == "add_agency":
        value = {"name": args.name, "country": args.country, "agency_kind": args.agency_kind,
                 "aliases": args.alias}
    value = {k: v for k, v in value.items() if v not in (None, [])} if op != "relabel" else value
    return Correction(op, getattr(args, "kind", "AGENCY"), args.source, value, note=args.note)


def _correct(args: argparse.Namespace) -> int:
    from lib import correct
    from lib.corrections import CorrectionError
    from lib.store import Store

    store = Store(args.db)
    try:
        if args.action == "list":
            for c, undone in store.corrections():
                state = f"undone {undone:%Y-%m-%d %H:%M}" if undone else "active"
                print(f"{c.id:4}  {c.created_at:%Y-%m-%d %H:%M}  {state:22} {c.describe()}"
                      + (f"  — {c.note}" if c.note else ""))
        elif args.action == "undo":
            print(f"undone: {correct.undo(store, args.number).describe()}")
        elif args.action == "delete":
            print(f"deleted: {store.delete_correction(args.number).describe()}")
        elif args.action == "export":
            data = (correct.export_gazetteer(store) if args.format == "gazetteer"
                    else correct.export_log(store, args.format))
            args.out.write_bytes(data) if args.out else sys.stdout.buffer.write(data)
        elif args.action == "import":
            from tqdm import tqdm

            fmt = "json" if args.file.suffix.lower() == ".json" else "csv"
            data = _read_shared_file(args.file)
            with tqdm(unit="record", disable=not sys.stderr.isatty()) as bar:
                def written(done: int, total: int) -> None:
                    bar.total = total
                    bar.update(done - bar.n)

                added, skipped = correct.import_log(store, data, fmt, on_progress=written)
            print(f"{plural(added, 'correction')} added, {skipped} already present")
        else:
            correction = _correction(args)
            number = (correct.add_agency(store, correction) if correction.op == "add_agency"
                      else store.add_correction(correction))
            print(f"correction {number}: {correction.describe()}")
    except (CorrectionError, ValueError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0
