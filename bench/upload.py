"""Figure 5: many articles uploaded at once through the Upload page, against the command line.

Each side runs in its own fresh process with the pipelines loaded first, and is timed from the
moment work starts: the Upload page from the click on "Process files" (AppTest) to the result,
the command line from `main(["ingest", ...])` to its return.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from lib.config import PROJECT_ROOT

_UPLOAD = """
import json, os, sys, time
from pathlib import Path
from streamlit.testing.v1 import AppTest
from lib.extraction.nlp import load_pipeline
folder, url = Path(sys.argv[1]), sys.argv[2]
os.environ["ENTENTE_DB_URL"] = url
for lang in ("en", "fr"):
    load_pipeline(lang)
files = [(p.name, p.read_bytes(), "text/plain") for p in sorted(folder.glob("*.txt"))]
at = AppTest.from_file(sys.argv[3], default_timeout=3600)
at.switch_page("pages/upload.py").run()
at.file_uploader[0].set_value(files)
next(b for b in at.button if b.label == "Process files").click()
started = time.perf_counter()
at.run()
elapsed = time.perf_counter() - started
results = at.session_state["upload_results"]
print(json.dumps({"seconds": elapsed, "ingested": int((results["status"] == "ingested").sum())}))
"""

_CLI = """
import json, sys, time
from lib.cli import main
from lib.extraction.nlp import load_pipeline
from lib.store import Store
for lang in ("en", "fr"):
    load_pipeline(lang)
started = time.perf_counter()
main(["ingest", sys.argv[1], "--db", sys.argv[2], "--quiet"])
elapsed = time.perf_counter() - started
print(json.dumps({"seconds": elapsed, "ingested": Store(sys.argv[2]).count()}))
"""


def _run(script: str, *args: str) -> dict[str, float]:
    output = subprocess.run([sys.executable, "-c", script, *args], cwd=PROJECT_ROOT, check=True,
                            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)})
    return json.loads(output.stdout.strip().splitlines()[-1])


def upload_vs_cli(folder: Path, workdir: Path) -> tuple[dict[str, float], dict[str, float]]:
    """(upload, cli) results, each {"seconds", "ingested"}, for the articles in `folder`."""
    from bench.ingest import fresh_sqlite_url

    upload = _run(_UPLOAD, str(folder), fresh_sqlite_url(workdir / "upload.db"), str(PROJECT_ROOT / "app.py"))
    cli = _run(_CLI, str(folder), fresh_sqlite_url(workdir / "cli.db"))
    return upload, cli
