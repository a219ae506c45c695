"""Titles: the file's own when it is a real one, else the first line when it reads like a title."""
from __future__ import annotations

import re

MAX_TITLE_CHARS = 200
# Metadata titles that name the file or the tool rather than the article.
_FILE_LIKE = re.compile(r"\.(?:docx?|pdf|odt|rtf|txt|html?|indd|pages|tmp)$", re.I)
_PLACEHOLDER = re.compile(r"^(?:untitled|sans titre|document\d*|title|titre|microsoft word)$", re.I)
_TOOL_PREFIX = re.compile(r"^microsoft (?:word|powerpoint) - ", re.I)


def usable_metadata_title(value: str | None) -> str | None:
    if not value:
        return None
    title = _TOOL_PREFIX.sub("", value.strip())
    if not title or _FILE_LIKE.search(title) or _PLACEHOLDER.match(title):
        return None
    return title[:MAX_TITLE_CHARS]


def first_line_title(text: str) -> str | None:
    """The first line when short and not a sentence (a sentence ends with a period)."""
    for line in text.split("\n"):
        line = line.strip()
        if line:
            if len(line) <= MAX_TITLE_CHARS and not line.endswith((".", "\u2026")):
                return line
            return None
    return None
