"""All SQL goes through SQLAlchemy with bound parameters: no statement in lib/ is built from strings."""
from __future__ import annotations

import ast
from pathlib import Path

LIB = Path(__file__).resolve().parent.parent / "lib"
# Calls whose first argument is SQL text.
_SQL_CALLS = {"text", "execute", "exec_driver_sql", "executemany", "executescript", "read_sql", "read_sql_query"}


def _built(node: ast.expr) -> bool:
    """An f-string, % or + formatting, or .format(): SQL assembled from values."""
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mod, ast.Add)):
        return True
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in {"format", "join"}


def string_built_sql(source: str) -> list[int]:
    """Line numbers of SQL calls whose statement is built from strings."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name in _SQL_CALLS and _built(node.args[0]):
            lines.append(node.lineno)
    return lines


def test_the_checker_finds_string_built_sql():
    bad = ('text(f"SELECT * FROM articles WHERE title = \'{title}\'")\n'
           'session.execute("DELETE FROM t WHERE id = %s" % ident)\n'
           'cursor.execute("SELECT " + column)\n'
           'connection.exec_driver_sql("PRAGMA {}".format(name))\n')
    assert string_built_sql(bad) == [1, 2, 3, 4]
    good = ('session.execute(select(Article).where(Article.title == title))\n'
            'text("SELECT * FROM articles WHERE id = :id")\n'
            'cursor.execute("PRAGMA foreign_keys=ON")\n')
    assert string_built_sql(good) == []


def test_no_string_built_sql_in_lib():
    found = {str(path.relative_to(LIB.parent)): lines for path in sorted(LIB.rglob("*.py"))
             if (lines := string_built_sql(path.read_text(encoding="utf-8")))}
    assert found == {}, f"SQL built from strings (use SQLAlchemy expressions or bound parameters): {found}"
