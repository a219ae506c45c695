"""The layers of lib/ as packages: readers -> extraction -> store -> analytics -> ui -> pages, with
imports from a layer only to layers before it (and to the shared value types), and no circles."""
from __future__ import annotations

import ast
from graphlib import TopologicalSorter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LIB = ROOT / "lib"
# Modules every layer may use: value types and settings.
SHARED = {"lib", "lib.records", "lib.config"}
# Each layer, with the layers (module prefixes) it must not import.
FORBIDDEN = {
    "lib.readers": ("lib.extraction.nlp", "lib.extraction.extract", "lib.store", "lib.schema", "lib.analytics",
                    "lib.ui", "lib.ingest", "lib.cli", "lib.correct"),
    "lib.extraction": ("lib.readers", "lib.store", "lib.schema", "lib.summaries", "lib.analytics", "lib.ui",
                       "lib.ingest", "lib.cli", "lib.correct", "lib.corrections"),
    "lib.store": ("lib.analytics", "lib.ui", "lib.cli"),
    "lib.schema": ("lib.analytics", "lib.ui", "lib.cli", "lib.store"),
    "lib.search": ("lib.analytics", "lib.ui", "lib.cli", "lib.store"),
    "lib.analytics": ("lib.ui", "lib.cli", "lib.ingest"),
    # Extraction and storing as Dask tasks: below ingest, which hands it the documents.
    "lib.cluster": ("lib.analytics", "lib.ui", "lib.cli", "lib.ingest", "lib.readers"),
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every lib module the file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            # "from lib.extraction import dates": a module, not a name.
            found |= {f"{node.module}.{alias.name}" for alias in node.names
                      if (LIB.parent / f"{node.module}.{alias.name}".replace(".", "/")).with_suffix(".py").exists()}
    return {name for name in found if name == "lib" or name.startswith("lib.")}


def _graph() -> dict[str, set[str]]:
    return {_module_name(p): imports_of(p) for p in LIB.rglob("*.py")}


def _in(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_imports_no_later_layer(layer):
    wrong = {(module, target) for module, targets in _graph().items() if _in(module, layer)
             for target in targets for banned in FORBIDDEN[layer] if _in(target, banned)}
    assert not wrong


def test_no_import_circles():
    graph = _graph()
    # A package's own __init__ is where its modules live, not a dependency of theirs.
    edges = {m: {t for t in targets if t in graph and t not in SHARED and not _in(m, t)} for m, targets in graph.items()}
    TopologicalSorter(edges).prepare()  # raises CycleError naming the circle


def test_only_the_ui_layer_imports_streamlit():
    users = {_module_name(p) for p in LIB.rglob("*.py")
             if any(isinstance(n, (ast.Import, ast.ImportFrom)) and "streamlit" in
                    ([a.name.split(".")[0] for a in n.names] if isinstance(n, ast.Import) else [(n.module or "").split(".")[0]])
                    for n in ast.walk(ast.parse(p.read_text(encoding="utf-8"))))}
    assert users and all(_in(m, "lib.ui") for m in users)


def test_the_checker_sees_imports_inside_functions(tmp_path):
    source = tmp_path / "x.py"
    source.write_text("def f():\n    from lib.extraction.nlp import load_pipeline\nimport lib.store\n", encoding="utf-8")
    assert imports_of(source) == {"lib.extraction.nlp", "lib.store"}
