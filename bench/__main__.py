"""Entente's benchmark suite: `.venv/bin/python -m bench` prints every figure as a table.

    .venv/bin/python -m bench --quick            # small sizes, about three minutes
    .venv/bin/python -m bench                    # the sizes of docs/benchmarks.md (about forty minutes)
    .venv/bin/python -m bench --only 1,profile   # some figures: 1 2 6 3 4 5 memory profile backend

Generated articles and stores go to a temporary folder (or --workdir, where synthetic stores are
kept between runs). Ratios are measured in one run, side by side: the machines are shared and
noisy, so read the ratios rather than the absolute seconds.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import platform
import sys
from dataclasses import dataclass
from pathlib import Path

from bench.table import Row, render

ALL = ("1", "2", "6", "grouping", "profile", "backend", "memory", "3", "4", "5")


@dataclass(frozen=True)
class Sizes:
    articles: int  # figures 1, 2 and the profile
    grouping: int  # the grouping figure
    memory: tuple[int, int]
    stores: tuple[int, ...]
    uploads: int
    serve_store: int


QUICK = Sizes(articles=200, grouping=500, memory=(100, 1000), stores=(2000,), uploads=50, serve_store=2000)
FULL = Sizes(articles=1000, grouping=10_000, memory=(1000, 10_000), stores=(10_000, 100_000), uploads=200, serve_store=100_000)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        total = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {total / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{cpu}, {os.cpu_count()} cores{memory}; Python {platform.python_version()}; {platform.platform()}"


def _articles(workdir: Path, count: int, name: str) -> Path:
    from bench.generate_articles import write_articles

    folder = workdir / name
    if not folder.is_dir() or len(list(folder.glob("*.txt"))) != count:
        write_articles(folder, count)
    return folder


def figure_1(workdir: Path, sizes: Sizes) -> list[Row]:
    from bench.ingest import entente_ingest_rate, fresh_sqlite_url, plain_pipe_rate

    folder = _articles(workdir, sizes.articles, f"articles-{sizes.articles}")
    plain = plain_pipe_rate(folder)
    ours = entente_ingest_rate(folder, fresh_sqlite_url(workdir / "figure1.db"))
    ratio = ours.per_second / plain.per_second
    return [
        Row("1", f"plain model nlp.pipe, {plain.articles} articles", f"{plain.per_second:.1f} art/s"),
        Row("1", "python -m lib ingest (read, extract, store)", f"{ours.per_second:.1f} art/s"),
        Row("1", "ingest / plain pipe", f"{ratio:.2f}", ">= 0.75", ratio >= 0.75),
    ]


def figure_grouping(workdir: Path, sizes: Sizes) -> list[Row]:
    from bench.ingest import grouping_overhead

    folder = _articles(workdir, sizes.grouping, f"articles-{sizes.grouping}")
    result = grouping_overhead(folder, workdir)
    per_article = lambda seconds: 1000 * seconds / max(1, result.articles // 10)  # noqa: E731
    return [
        Row("grouping", f"read + extract {result.articles:,} articles", f"{result.extract:.1f} s"),
        Row("grouping", "store without / with grouping into stories",
            f"{result.without:.1f} s / {result.with_grouping:.1f} s"),
        Row("grouping", "storing per article, first / last tenth of the corpus",
            f"{per_article(result.first_tenth):.1f} ms / {per_article(result.last_tenth):.1f} ms"),
        Row("grouping", "ingest rate with grouping / without", f"{result.ratio:.3f}", ">= 0.90", result.ratio >= 0.9),
    ]


def figure_2(workdir: Path, sizes: Sizes) -> list[Row]:
    from bench.ingest import workers_speedup

    folder = _articles(workdir, sizes.articles, f"articles-{sizes.articles}")
    result = workers_speedup(folder, workdir, workers=2)
    if not result.available:
        return [Row("2", "--workers 2 vs 1", "not available (no --workers option)", ">= 1.5x", None)]
    speedup = result.one / result.many
    return [
        Row("2", f"--workers 1, {sizes.articles} articles (process wall)", f"{result.one:.1f} s"),
        Row("2", f"--workers {result.workers}", f"{result.many:.1f} s"),
        Row("2", "speed-up", f"{speedup:.2f}x", ">= 1.5x", speedup >= 1.5),
        Row("2", "same stored results", "yes" if result.same_results else "NO", "yes", result.same_results),
    ]


def figure_6(workdir: Path, sizes: Sizes) -> list[Row]:
    from bench.cluster import article_costs, cluster_speedup

    folder = _articles(workdir, sizes.articles, f"articles-{sizes.articles}")
    result = cluster_speedup(folder, workers=2)
    speedup = result.one / result.cluster
    costs = article_costs(folder, limit=min(300, sizes.articles))
    return [
        Row("6", f"one process, {result.articles} articles to PostgreSQL (process wall)", f"{result.one:.1f} s"),
        Row("6", f"--cluster local:{result.workers}, workers storing their chunks", f"{result.cluster:.1f} s"),
        Row("6", "speed-up", f"{speedup:.2f}x", ">= 1.5x", speedup >= 1.5),
        Row("6", "same stored results", "yes" if result.same_results else "NO", "yes", result.same_results),
        Row("6", f"per article ({costs.articles}): extraction CPU", f"{costs.extraction_cpu * 1000:.0f} ms"),
        Row("6", "per article: pickled document sent / result back (SQLite) / back (PostgreSQL)",
            f"{costs.document_bytes / 1024:.1f} KiB / {costs.result_bytes / 1024:.1f} KiB / "
            f"{costs.stored_result_bytes:.0f} B"),
        Row("6", "per article: PostgreSQL write (one transaction a chunk), of which the writer's CPU",
            f"{costs.write_seconds * 1000:.1f} ms, {costs.write_cpu * 1000:.1f} ms"),
        Row("6", "per article: the client (read, hash, look for a stored copy)", f"{costs.client_seconds * 1000:.2f} ms"),
    ]


def figure_profile(workdir: Path, sizes: Sizes) -> list[Row]:
    from bench.ingest import fresh_sqlite_url
    from bench.profiling import profile_ingest

    folder = _articles(workdir, sizes.articles, f"articles-{sizes.articles}")
    html = workdir / "ingest-profile.html"
    totals = profile_ingest(folder, fresh_sqlite_url(workdir / "profile.db"), html_out=html)
    whole = sum(totals.values()) or 1.0
    rows = [Row("profile", name, f"{seconds:.1f} s ({seconds / whole:.0%})") for name, seconds in totals.items()]
    return rows + [Row("profile", "full pyinstrument report", str(html))]


def figure_backend(workdir: Path, sizes: Sizes) -> list[Row]:
    from bench.profiling import matmul_backend

    backend = matmul_backend()
    return [
        Row("backend", "thinc get_current_ops()", backend.ops),
        Row("backend", "numpy matmul 1024x1024 float32", f"{backend.numpy_gflops_large:.1f} GFLOP/s"),
        Row("backend", "numpy matmul 4096x288 @ 288x288", f"{backend.numpy_gflops_model:.1f} GFLOP/s"),
        Row("backend", "thinc ops.gemm, same shapes", f"{backend.ops_gflops_model:.1f} GFLOP/s"),
    ]


def figure_memory(workdir: Path, sizes: Sizes) -> list[Row]:
    from bench.ingest import ingest_peak_rss

    small, large = sizes.memory
    peaks = [ingest_peak_rss(_articles(workdir, n, f"articles-{n}"), workdir) for n in (small, large)]
    ratio = peaks[1] / peaks[0]
    return [
        Row("memory", f"ingest peak RSS, {small:,} articles", f"{peaks[0] / 1024:.0f} MiB"),
        Row("memory", f"ingest peak RSS, {large:,} articles", f"{peaks[1] / 1024:.0f} MiB"),
        Row("memory", f"{large:,} / {small:,}", f"{ratio:.2f}", "<= 1.3", ratio <= 1.3),
    ]


def figure_3(workdir: Path, sizes: Sizes) -> list[Row]:
    from bench.dashboard import ensure_store, measure_store

    rows: list[Row] = []
    worst: dict[tuple[str, bool], list[float]] = {}
    for n in sizes.stores:
        limit = 1.0 if n <= 10_000 else 3.0
        url = ensure_store(workdir, n)
        rows.append(search_row(url, n))
        for t in measure_store(url):
            label = f"{t.page}, {n:,} articles, {'typical filter' if t.filtered else 'unfiltered'}"
            slowest = max(t.compute, t.apptest_cold)
            rows.append(Row("3", label, f"compute {t.compute:.2f} s · AppTest cold {t.apptest_cold:.2f} s · "
                                        f"warm {t.apptest_warm:.2f} s", f"< {limit:g} s", slowest < limit))
            worst.setdefault((t.page, t.filtered), []).append(slowest)
    if len(sizes.stores) >= 2:
        for (page, filtered), values in worst.items():
            growth = values[-1] / values[0] if values[0] else 0.0
            rows.append(Row("3", f"{page} growth {sizes.stores[0]:,} -> {sizes.stores[-1]:,}"
                                 f"{' (filtered)' if filtered else ''}", f"{growth:.1f}x", "<= 5x", growth <= 5))
    return rows


def search_row(url: str, articles: int) -> Row:
    from bench.dashboard import SEARCHES, time_search
    from lib.store import Store

    store = Store(url)
    for typed in SEARCHES:  # once untimed: the first query of a process reads the index from disk
        time_search(store, typed)
    timings = {typed: time_search(store, typed) for typed in SEARCHES}
    store.dispose()
    slowest = max(timings, key=timings.__getitem__)
    shown = " · ".join(f"{typed} {seconds:.3f} s" for typed, seconds in timings.items())
    return Row("3", f"search, {articles:,} articles (count + 1,000 best), slowest: {slowest}", shown, "< 0.3 s",
               timings[slowest] < 0.3)


def figure_4(workdir: Path, sizes: Sizes) -> list[Row]:
    from bench.dashboard import ensure_store
    from bench.serve import serve_peak

    result = serve_peak(ensure_store(workdir, sizes.serve_store))
    if not result.available:
        return [Row("4", "Streamlit peak memory", f"not measured: {result.reason}", "< 2 GiB", None)]
    pages = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in result.page_seconds)
    gib = result.peak_kib / 1024 / 1024
    return [Row("4", f"page loads in Chromium ({sizes.serve_store:,} articles)", pages),
            Row("4", "Streamlit server VmHWM", f"{gib:.2f} GiB", "< 2 GiB", gib < 2)]


def figure_5(workdir: Path, sizes: Sizes) -> list[Row]:
    from bench.upload import upload_vs_cli

    folder = _articles(workdir, sizes.uploads, f"articles-{sizes.uploads}")
    upload, cli = upload_vs_cli(folder, workdir)
    up_rate, cli_rate = upload["ingested"] / upload["seconds"], cli["ingested"] / cli["seconds"]
    ratio = up_rate / cli_rate
    return [
        Row("5", f"Upload page (AppTest), {int(upload['ingested'])} articles", f"{up_rate:.1f} art/s"),
        Row("5", f"command line, {int(cli['ingested'])} articles", f"{cli_rate:.1f} art/s"),
        Row("5", "upload / command line", f"{ratio:.2f}", ">= 0.7", ratio >= 0.7),
    ]


FIGURES = {"1": figure_1, "2": figure_2, "6": figure_6, "grouping": figure_grouping, "profile": figure_profile,
           "backend": figure_backend,
           "memory": figure_memory, "3": figure_3, "4": figure_4, "5": figure_5}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description="Entente's benchmark suite.")
    parser.add_argument("--quick", action="store_true", help="small sizes (about three minutes)")
    parser.add_argument("--only", default=",".join(ALL), help=f"comma-separated figures among {' '.join(ALL)}")
    parser.add_argument("--articles", type=int, help="articles for figures 1, 2, 6 and the profile")
    parser.add_argument("--stores", help="store sizes for figure 3, e.g. 10000,100000")
    parser.add_argument("--grouping-articles", type=int, help="articles for the grouping figure")
    parser.add_argument("--workdir", type=Path, help="folder for generated data (kept); default: a temporary one")
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    if args.articles:
        sizes = dataclasses.replace(sizes, articles=args.articles)
    if args.stores:
        sizes = dataclasses.replace(sizes, stores=tuple(int(n) for n in args.stores.split(",")))
    if args.grouping_articles:
        sizes = dataclasses.replace(sizes, grouping=args.grouping_articles)
    wanted = [f.strip() for f in args.only.split(",") if f.strip()]
    unknown = [f for f in wanted if f not in FIGURES]
    if unknown:
        parser.error(f"unknown figures {unknown}; choose from {' '.join(ALL)}")
    from bench.ingest import temp_folder

    workdir = args.workdir or temp_folder("run")
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"Entente benchmarks, {dt.date.today().isoformat()}; {machine()}\nwork folder: {workdir}\n", flush=True)
    rows: list[Row] = []
    for name in wanted:
        figure_rows = FIGURES[name](workdir, sizes)
        print(render(figure_rows), "\n", flush=True, file=sys.stderr)
        rows += figure_rows
    print(render(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
