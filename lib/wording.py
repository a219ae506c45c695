"""Counts in words: "1 file", "2 files", "1,204 articles"."""
from __future__ import annotations


def plural(count: int, noun: str, many: str | None = None) -> str:
    """`count` and `noun`, the noun in the plural (`many`, or noun + "s") unless count is one."""
    return f"{count:,} {noun if count == 1 else (many or noun + 's')}"
