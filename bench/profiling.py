"""Where ingest time goes (pyinstrument), and what the model's numerical backend reaches.

Each sample's time is charged to the innermost Entente module on its stack, so dateparser's
time counts as "dates" and SQLAlchemy's under lib/store.py as "DB writes"; time under
lib/extraction/extract.py that is inside spaCy or thinc is the model itself.
"""
from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# Innermost lib/ file -> category. Files not listed are "other Entente code".
CATEGORIES = {
    "readers": "readers",
    "language.py": "language detection",
    "dates.py": "dates",
    "topics.py": "topics",
    "store.py": "DB writes",
    "agencies.py": "Entente components",
    "roles.py": "Entente components",
    "places.py": "Entente components",
    "events.py": "Entente components",
    "nlp.py": "Entente components",
    "gazetteer.py": "Entente components",
    "persons.py": "extraction (Doc to records)",
    "extract.py": "extraction (Doc to records)",
}
MODEL_PACKAGES = ("/spacy/", "/thinc/", "/blis/", "/numpy/", "/cymem/", "/preshed/")


def categorise(stack: list[str]) -> str:
    """The category of a sample from its stack of file paths, outermost first."""
    lib_at = None
    for i in range(len(stack) - 1, -1, -1):
        path = stack[i].replace("\\", "/")
        if "/lib/" in path and "/site-packages/" not in path and "/lib/python" not in path:
            lib_at = i
            break
    if lib_at is None:
        # Cython code (spaCy, thinc) often reaches the sampler without its Python callers.
        native = [p for p in stack if p.endswith((".pyx", ".pxd"))]
        if any("numpy_ops" in p for p in native):
            return "spaCy model (thinc layers)"
        if native:
            return "spaCy model (tokenizer, other)"
        if stack and not stack[-1]:
            return "native code, no Python caller (model maths)"
        return "other (startup, imports)"
    path = stack[lib_at].replace("\\", "/")
    below = [p.replace("\\", "/") for p in stack[lib_at + 1:]]
    if path.endswith(("/extract.py", "/ingest.py", "/cli.py")) and any(
            any(pkg in p for pkg in MODEL_PACKAGES) for p in below):
        if "/thinc/" in " ".join(below):
            return "spaCy model (thinc layers)"
        return "spaCy model (tokenizer, other)"
    if "/readers/" in path:
        return "readers"
    name = path.rsplit("/", 1)[-1]
    return CATEGORIES.get(name, "other Entente code")


def _walk(frame, stack: list[str], totals: Counter[str]) -> None:  # type: ignore[no-untyped-def]
    here = stack + [frame.file_path or ""]
    own = frame.time - sum(child.time for child in frame.children)
    if own > 0:
        totals[categorise(here)] += own
    for child in frame.children:
        _walk(child, here, totals)


def profile_ingest(folder: Path, db_url: str, html_out: Path | None = None) -> dict[str, float]:
    """Seconds per category of `python -m lib ingest` over `folder` (pipelines loaded beforehand)."""
    from pyinstrument import Profiler

    from lib.cli import main
    from lib.extraction.nlp import load_pipeline

    for lang in ("en", "fr"):
        load_pipeline(lang)
    if db_url.startswith("sqlite:///"):
        Path(db_url.removeprefix("sqlite:///")).unlink(missing_ok=True)  # a rerun must not find duplicates
    profiler = Profiler(interval=0.002)
    profiler.start()
    main(["ingest", str(folder), "--db", db_url, "--quiet"])
    session = profiler.stop()
    if html_out is not None:
        html_out.write_text(profiler.output_html(), encoding="utf-8")
    totals: Counter[str] = Counter()
    root = session.root_frame()
    if root is not None:
        _walk(root, [], totals)
    return dict(totals.most_common())


@dataclass(frozen=True)
class Backend:
    ops: str
    numpy_gflops_large: float
    numpy_gflops_model: float
    ops_gflops_model: float


def _gflops(function, a: np.ndarray, b: np.ndarray, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    function(a, b)
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        function(a, b)
        best = min(best, time.perf_counter() - started)
    return 2 * a.shape[0] * a.shape[1] * b.shape[1] / best / 1e9


def matmul_backend() -> Backend:
    """thinc's current ops and GFLOP/s: numpy on a large square product and on a model-sized one
    (a batch of 4,096 token vectors of width 288 into 288 outputs, the small models' scale),
    and thinc's `ops.gemm` on that same product."""
    from thinc.api import get_current_ops

    ops = get_current_ops()
    rng = np.random.default_rng(0)
    large = rng.random((1024, 1024), dtype=np.float32)
    tokens = rng.random((4096, 288), dtype=np.float32)
    weights = rng.random((288, 288), dtype=np.float32)
    return Backend(
        ops=type(ops).__name__,
        numpy_gflops_large=_gflops(np.matmul, large, large),
        numpy_gflops_model=_gflops(np.matmul, tokens, weights),
        ops_gflops_model=_gflops(lambda x, y: ops.gemm(x, y), tokens, weights),
    )
