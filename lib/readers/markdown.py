"""Markdown made readable as plain text: markup removed lightly, words and line structure kept."""
from __future__ import annotations

import re

_FENCE = re.compile(r"^\s*(```|~~~)")
_ATX_HEADING = re.compile(r"^\s{0,3}#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$")
_SETEXT_RULE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_THEMATIC_BREAK = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_REFERENCE_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+.*$")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)

_INLINE = (
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # image -> alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # [text](url) -> text
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # [text][ref] -> text
    (re.compile(r"<((?:https?|mailto):[^>\s]+)>"), r"\1"),  # <https://...> -> the address
    (re.compile(r"`([^`\n]+)`"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*\\])\*(?=[^\s*])(.+?)(?<=[^\s*\\])\*(?![\w*])"), r"\1"),
    # Underscores only at word edges, so snake_case and file_names stay intact.
    (re.compile(r"(?<![\w\\])_(?=[^\s_])(.+?)(?<=[^\s_\\])_(?!\w)"), r"\1"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|~])"), r"\1"),  # escaped punctuation -> the character
)


def strip_inline(text: str) -> str:
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return text


def leading_heading(text: str) -> str | None:
    """The text of a first-line `# Heading` (or a setext `Heading` over `===`), if any."""
    lines = text.split("\n")
    index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if index is None:
        return None
    match = _ATX_HEADING.match(lines[index])
    if match and lines[index].lstrip().startswith("# "):
        return strip_inline(match.group(1)).strip() or None
    if index + 1 < len(lines) and re.match(r"^\s{0,3}=+\s*$", lines[index + 1]):
        return strip_inline(lines[index].strip()) or None
    return None


def to_plain_text(text: str) -> str:
    text = _HTML_COMMENT.sub("", text)
    out: list[str] = []
    for line in text.split("\n"):
        if _FENCE.match(line):
            continue  # the fence markers go, the code lines stay as text
        if _THEMATIC_BREAK.match(line) or _TABLE_RULE.match(line) or _REFERENCE_DEFINITION.match(line):
            out.append("")
            continue
        if _SETEXT_RULE.match(line) and out and out[-1].strip():
            continue
        heading = _ATX_HEADING.match(line)
        if heading:
            line = heading.group(1)
        line = _QUOTE.sub("", line)
        out.append(strip_inline(line))
    return "\n".join(out)
