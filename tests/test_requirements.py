"""requirements.txt installs everything lib/ imports, each within a tested range."""
from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_NAME = re.compile(r"^([A-Za-z0-9_.-]+)(\[[^\]]*\])?\s*(.*)$")


def requirements() -> dict[str, str]:
    """Distribution name (normalised) -> its version specifier."""
    found = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            name, _, spec = _NAME.match(line).groups()  # type: ignore[union-attr]
            found[re.sub(r"[-_.]+", "-", name).lower()] = spec
    return found


def test_every_requirement_is_bounded():
    for name, spec in requirements().items():
        assert spec.startswith("==") or (">=" in spec and "<" in spec.replace("<=", "")), f"{name}: {spec!r}"


def test_every_library_lib_imports_is_a_requirement():
    imported = set()
    for path in (ROOT / "lib").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                imported.add(node.module.split(".")[0])
    third_party = {name for name in imported - set(sys.stdlib_module_names) if name != "lib"}
    distributions = packages_distributions()
    listed = requirements()
    missing = {name for name in third_party
               if not any(re.sub(r"[-_.]+", "-", d).lower() in listed for d in distributions.get(name, [name]))}
    assert not missing


def test_the_html_reader_s_lxml_cleaner_is_listed():
    # lxml 5.2+ moved lxml.html.clean out; trafilatura needs it, and the pip a fresh venv ships (23.x)
    # does not install it along: `import trafilatura` then fails.
    assert "lxml-html-clean" in requirements()
