"""Figures 1 and 2 and the ingest memory check: Entente's ingest against the plain model.

Figure 1 runs in this process with every pipeline loaded beforehand, so both sides measure the
work per article, not the model loading: Entente's `python -m lib ingest` (its `main`, reading,
extracting and storing) against the plain packaged model's `nlp.pipe` over the same texts.
Figure 2 and the memory check start real `python -m lib ingest` processes, as a user would.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from lib.config import PROJECT_ROOT

PYTHON = sys.executable


@dataclass(frozen=True)
class Rate:
    articles: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


def _texts_by_language(folder: Path) -> dict[str, list[str]]:
    """The generated articles' bodies grouped by the language they were written in."""
    from lib.readers import read_path
    from lib.extraction.language import detect_language

    groups: dict[str, list[str]] = {}
    for path in sorted(folder.glob("*.txt")):
        for document in read_path(path).documents:
            groups.setdefault(detect_language(document.text), []).append(document.text)
    return groups


def plain_pipe_rate(folder: Path, batch_size: int = 64) -> Rate:
    """The packaged models alone (no Entente component) over the same texts, with nlp.pipe."""
    import spacy

    from lib.extraction.nlp import model_name

    groups = _texts_by_language(folder)
    models = {lang: spacy.load(model_name(lang) or "") for lang in groups}
    for lang, texts in groups.items():  # warm-up: the first call allocates
        list(models[lang].pipe(texts[:4]))
    started = time.perf_counter()
    for lang, texts in groups.items():
        for _ in models[lang].pipe(texts, batch_size=batch_size):
            pass
    return Rate(sum(len(t) for t in groups.values()), time.perf_counter() - started)


def entente_ingest_rate(folder: Path, db_url: str) -> Rate:
    """`python -m lib ingest FOLDER --db URL --quiet`, in this process with the pipelines loaded."""
    from lib.cli import main
    from lib.extraction.nlp import load_pipeline

    for lang in ("en", "fr"):
        load_pipeline(lang)
    count = len(list(folder.glob("*.txt")))
    started = time.perf_counter()
    code = main(["ingest", str(folder), "--db", db_url, "--quiet"])
    elapsed = time.perf_counter() - started
    if code != 0:
        raise RuntimeError(f"ingest exited with {code}")
    return Rate(count, elapsed)


def workers_supported() -> bool:
    """Whether `python -m lib ingest` has a --workers option (added separately from this suite)."""
    from lib.cli import build_parser

    parser = build_parser()
    try:
        parser.parse_args(["ingest", "x", "--workers", "2"])
    except SystemExit:
        return False
    return True


def cli_ingest(folder: Path, db_url: str, *extra: str) -> float:
    """Wall seconds of a fresh `python -m lib ingest` process (model loading included)."""
    started = time.perf_counter()
    subprocess.run([PYTHON, "-m", "lib", "ingest", str(folder), "--db", db_url, "--quiet", *extra],
                   cwd=PROJECT_ROOT, check=True, stdout=subprocess.DEVNULL, env=_env())
    return time.perf_counter() - started


def stored_digest(db_url: str) -> str:
    """A digest of everything stored per article text, ids and ingest times aside (ids replaced by
    what they point to), to compare runs: articles, raw extractions, entities, sentences, mentions,
    roles, dates, events and their participants, topics, and the summaries kept with them."""
    from sqlalchemy import text

    from lib.store import Store

    store = Store(db_url)
    article = "JOIN articles a ON a.id = {0}.article_id"
    queries = {
        "articles": "SELECT content_hash, title, source, url, published, published_origin, language, filename, "
                    "model, note FROM articles",
        "raw": f"SELECT a.content_hash, r.data FROM raw_extractions r {article.format('r')}",
        "entities": "SELECT kind, key, name, country, agency_kind FROM entities",
        "sentences": f"SELECT a.content_hash, s.idx, s.start, s.\"end\", s.paragraph FROM sentences s {article.format('s')}",
        "mentions": "SELECT a.content_hash, m.label, m.text, m.start, m.\"end\", m.sentence, e.kind, e.key FROM mentions m "
                    f"{article.format('m')} LEFT JOIN entities e ON e.id = m.entity_id",
        "roles": f"SELECT a.content_hash, p.key, r.title, g.key FROM roles r {article.format('r')} "
                 "JOIN entities p ON p.id = r.person_id LEFT JOIN entities g ON g.id = r.agency_id",
        "dates": "SELECT a.content_hash, d.text, d.date_start, d.date_end, d.precision, d.char_start, d.char_end "
                 f"FROM dates d {article.format('d')}",
        "events": "SELECT a.content_hash, v.type, v.code, v.date_start, v.date_end, v.precision, v.date_inferred, "
                  f"v.location, v.sentence, v.start, v.\"end\", v.confidence FROM events v {article.format('v')}",
        "participants": "SELECT a.content_hash, v.start, v.type, p.label, e.kind, e.key FROM event_participants p "
                        f"JOIN events v ON v.id = p.event_id {article.format('v')} "
                        "LEFT JOIN entities e ON e.id = p.entity_id",
        "topics": f"SELECT a.content_hash, t.topic FROM topics t {article.format('t')}",
        "article_entities": "SELECT a.content_hash, e.kind, e.key, s.published, s.mentions, s.sentences, s.paragraphs "
                            f"FROM article_entities s {article.format('s')} JOIN entities e ON e.id = s.entity_id",
        "facet_counts": "SELECT field, value, articles FROM facet_counts",
    }
    digest = hashlib.sha256()
    with store.engine.connect() as connection:
        for name, sql in queries.items():
            found = [[str(v) for v in row] for row in connection.execute(text(sql))]
            if name == "article_entities":  # the database may aggregate a list in any order
                found = [[*row[:5], *(_sorted_list(v) for v in row[5:])] for row in found]
            rows = sorted(json.dumps(row) for row in found)
            digest.update(name.encode() + "\n".join(rows).encode())
    store.dispose()
    return digest.hexdigest()


def _sorted_list(listed: str) -> str:
    """A summary's "12,3,7" list as "3,7,12"."""
    return ",".join(sorted(listed.split(","), key=lambda part: (len(part), part)))


@dataclass(frozen=True)
class WorkersResult:
    available: bool
    one: float = 0.0
    many: float = 0.0
    workers: int = 2
    same_results: bool = False


def fresh_sqlite_url(path: Path) -> str:
    """The URL of an empty SQLite database at `path`: an earlier run's file (and its WAL, which
    SQLite would otherwise replay into the new one) is removed, so nothing counts as a duplicate."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def workers_speedup(folder: Path, workdir: Path, workers: int = 2) -> WorkersResult:
    if not workers_supported():
        return WorkersResult(False, workers=workers)
    urls = [fresh_sqlite_url(workdir / f"workers-{n}.db") for n in (1, workers)]
    one = cli_ingest(folder, urls[0], "--workers", "1")
    many = cli_ingest(folder, urls[1], "--workers", str(workers))
    return WorkersResult(True, one, many, workers, stored_digest(urls[0]) == stored_digest(urls[1]))


_PEAK_WRAPPER = ("import resource, subprocess, sys\n"
                 "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
                 "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")


def peak_rss_kib(command: list[str], env: dict[str, str] | None = None) -> int:
    """Peak resident memory (KiB) of `command`, read by a wrapper process that waits for it alone."""
    output = subprocess.run([PYTHON, "-c", _PEAK_WRAPPER, *command], cwd=PROJECT_ROOT, check=True,
                            capture_output=True, text=True, env=env or _env())
    return int(output.stdout.strip().splitlines()[-1])


def ingest_peak_rss(folder: Path, workdir: Path) -> int:
    url = fresh_sqlite_url(workdir / f"memory-{folder.name}.db")
    return peak_rss_kib([PYTHON, "-m", "lib", "ingest", str(folder), "--db", url, "--quiet"])


def _env() -> dict[str, str]:
    # Keep the child on the project's code and out of the user's database.
    return {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "ENTENTE_DB_URL": "sqlite:///:memory:"}


def temp_folder(prefix: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=f"entente-bench-{prefix}-"))


@dataclass(frozen=True)
class GroupingResult:
    articles: int
    extract: float  # seconds reading and extracting, once for both stores
    without: float  # seconds storing without grouping into stories
    with_grouping: float  # seconds storing with it
    first_tenth: float  # seconds of grouping's storing for the first and the last tenth of the articles
    last_tenth: float

    @property
    def ratio(self) -> float:
        """Ingest rate with grouping over the rate without it (1.0: no cost)."""
        return (self.extract + self.without) / (self.extract + self.with_grouping)


def grouping_overhead(folder: Path, workdir: Path, batch_size: int = 64) -> GroupingResult:
    """The articles read and extracted once, then stored twice in batches as ingest does, into two
    fresh databases: without the grouping into stories (its step replaced by nothing) and with it.
    The ingest rates compare (extract + store) each way; the tenths show whether grouping an article
    costs more as the corpus grows."""
    from unittest import mock

    import lib.store
    from lib.extraction.extract import extract_documents
    from lib.readers import read_path
    from lib.store import Store

    started = time.perf_counter()
    documents = [d for path in sorted(folder.glob("*.txt")) for d in read_path(path).documents]
    pairs = list(extract_documents(documents))
    extract = time.perf_counter() - started

    def store_all(url: str) -> list[float]:
        store = Store(url)
        times = []
        for at in range(0, len(pairs), batch_size):
            began = time.perf_counter()
            store.add_articles(pairs[at:at + batch_size])
            times.append(time.perf_counter() - began)
        store.dispose()
        return times

    with mock.patch.object(lib.store, "group_events", lambda *_args, **_kwargs: set()):
        without = store_all(fresh_sqlite_url(workdir / "grouping-without.db"))
    with_grouping = store_all(fresh_sqlite_url(workdir / "grouping-with.db"))
    tenth = max(1, len(with_grouping) // 10)
    return GroupingResult(len(pairs), extract, sum(without), sum(with_grouping),
                          sum(with_grouping[:tenth]), sum(with_grouping[-tenth:]))
