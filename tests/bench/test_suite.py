"""The suite's plumbing: the table, the profile's categories, the CLI's figure selection."""
import pytest

from bench.__main__ import main
from bench.dashboard import query_params
from bench.ingest import peak_rss_kib, workers_supported
from bench.profiling import categorise
from bench.table import Row, render
from lib.analytics import Filters

import datetime as dt
import sys


def test_table_renders_aligned_markdown_with_verdicts():
    table = render([Row("1", "ratio", "0.80", ">= 0.75", True), Row("2", "speed-up", "1.20x", ">= 1.5x", False),
                    Row("backend", "ops", "NumpyOps")])
    lines = table.splitlines()
    assert lines[0].startswith("| figure") and set(lines[1]) <= {"|", "-"}
    assert len({len(line) for line in lines}) == 1
    assert "met" in lines[2] and "MISSED" in lines[3]


@pytest.mark.parametrize(("stack", "expected"), [
    (["/x/lib/cli.py", "/x/lib/ingest.py", "/x/lib/store.py", "/v/site-packages/sqlalchemy/orm/session.py"],
     "DB writes"),
    (["/x/lib/ingest.py", "/x/lib/extraction/extract.py", "/v/site-packages/spacy/language.py",
      "/v/site-packages/thinc/layers/maxout.py"], "spaCy model (thinc layers)"),
    (["/x/lib/extraction/extract.py", "/v/site-packages/spacy/language.py", "/x/lib/extraction/agencies.py",
      "/v/site-packages/spacy/matcher.py"], "Entente components"),
    (["/x/lib/extraction/extract.py", "/x/lib/extraction/dates.py", "/v/site-packages/dateparser/search.py"], "dates"),
    (["/x/lib/ingest.py", "/x/lib/readers/files.py"], "readers"),
    (["/v/lib/python3.11/importlib/__init__.py"], "other (startup, imports)"),
    (["", "thinc/backends/numpy_ops.pyx"], "spaCy model (thinc layers)"),
    (["", "spacy/tokens/doc.pyx"], "spaCy model (tokenizer, other)"),
    (["", ""], "native code, no Python caller (model maths)"),
])
def test_profile_samples_go_to_the_innermost_entente_module(stack, expected):
    assert categorise(stack) == expected


def test_filters_become_the_sidebar_url_parameters():
    filters = Filters(agencies=("Europol",), date_from=dt.date(2023, 1, 1), date_to=dt.date(2024, 12, 31))
    assert query_params(filters) == {"agency": ["Europol"], "from": "2023-01-01", "to": "2024-12-31"}
    assert query_params(Filters()) == {}


def test_workers_option_is_detected_from_the_cli_parser():
    from lib.cli import build_parser

    help_text = build_parser()._subparsers._group_actions[0].choices["ingest"].format_help()  # type: ignore[union-attr]
    assert workers_supported() == ("--workers" in help_text)


def test_peak_rss_of_a_child_grows_with_what_it_allocates():
    small = peak_rss_kib([sys.executable, "-c", "pass"])
    large = peak_rss_kib([sys.executable, "-c", "x = bytearray(200 * 1024 * 1024); x[::4096] = b'1' * len(x[::4096])"])
    assert large - small > 150 * 1024


def test_unknown_figure_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--only", "nine"])
    assert exit_.value.code == 2
    assert "unknown figures" in capsys.readouterr().err


def test_profile_walk_charges_own_time_only():
    from collections import Counter

    from bench.profiling import _walk

    class Frame:
        def __init__(self, path, time, children=()):
            self.file_path, self.time, self.children = path, time, list(children)

    tree = Frame("/x/lib/cli.py", 10.0, [Frame("/x/lib/store.py", 4.0, [Frame("/v/site-packages/sqlalchemy/a.py", 3.0)]),
                                          Frame("/x/lib/extraction/dates.py", 5.0)])
    totals: Counter[str] = Counter()
    _walk(tree, [], totals)
    assert totals == {"DB writes": 4.0, "dates": 5.0, "other Entente code": 1.0}


def test_the_grouping_figure_stores_the_same_articles_with_and_without_grouping(tmp_path):
    import sqlite3

    from bench.generate_articles import write_articles
    from bench.ingest import grouping_overhead

    folder = tmp_path / "articles"
    write_articles(folder, 6)
    result = grouping_overhead(folder, tmp_path, batch_size=4)
    assert result.articles == 6 and result.ratio > 0
    counts = {}
    for name in ("grouping-without.db", "grouping-with.db"):  # read as stored (opening a Store would group)
        with sqlite3.connect(tmp_path / name) as connection:
            counts[name] = [connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "stories")]
    assert counts["grouping-without.db"][0] == counts["grouping-with.db"][0] == 6
    assert counts["grouping-without.db"][1] == 0 < counts["grouping-with.db"][1]
