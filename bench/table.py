"""The benchmark table: one row per measure, printed as Markdown so it pastes into the docs."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    figure: str
    measure: str
    value: str
    target: str = ""
    ok: bool | None = None  # None: no target, or not measured

    @property
    def verdict(self) -> str:
        return {True: "met", False: "MISSED", None: ""}[self.ok]


HEADERS = ("figure", "measure", "value", "target", "")


def render(rows: list[Row]) -> str:
    """A Markdown table with aligned columns."""
    cells = [HEADERS] + [(r.figure, r.measure, r.value, r.target, r.verdict) for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(HEADERS))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |" for row in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)
