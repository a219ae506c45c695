"""Line breaks that are layout, not structure: a sentence hard-wrapped across lines.

Pages copied from a site or a wire feed often break lines inside a sentence, even inside a body's
name ("... a indiqué la\\nDirection générale de la sûreté nationale"). Every line break starts a
sentence for the pipeline (lib.extraction.nlp's sentence guard) and no name matches across one, so
such breaks are read as spaces. The text keeps its length, so every offset found in it still points
into the stored text.
"""
from __future__ import annotations

import re

# Words that cannot end a line of running text: articles, prepositions and conjunctions (English
# and French). A line ending with one goes on below, whatever the next line starts with.
_ENDLESS = (
    "a an the of and or for to in at on by with from into as than that "
    "de du des la le les un une et ou à au aux en pour par sur avec dans sous entre que"
).split()
# A single line break between two pieces of text (never a blank line): the line before ends with a
# word, a comma or a semicolon, and the next starts with a lower-case letter; or the line before ends
# with one of the words above, in lower case (a heading's "Plan A" or "Article The" stays a line), or
# with an elided "l'" or "d'".
_WRAP = re.compile(
    r"(?:(?<=[\w,;])\n(?=[a-zà-ÿ])|(?<![\w'’])((?:" + "|".join(_ENDLESS) + r")|[ldLD]['’])\n(?=[\w«\"“(]))"
)


# A block of lines that plain-text layout wrapped at a fixed width (e-mail, wire copy, archives): every
# line but the last is near that width, which is under a typical paragraph's length. Such a line
# goes on below even when the next word is capitalised ("the Singapore\nPolice Force").
_WIDTH_FLOOR, _WIDTH_CEILING = 55, 100
# A line that starts a field ("Date: ...", "Source: ...") or a list item ("- ...", "2. ...") is its own line.
_FIELD_OR_ITEM = re.compile(r"\s*(?:[^\W\d][\w ]{0,24}:(?:\s|$)|[-–—•*·]\s|\d{1,2}[.)]\s)")
_BLOCK = re.compile(r"[^\n]+(?:\n[^\n]+){2,}")


def unwrap_lines(text: str) -> str:
    """The text with each hard-wrapping line break read as a space (same length, same offsets)."""
    if "\n" not in text:
        return text
    text = _BLOCK.sub(_unwrap_block, text)
    return _WRAP.sub(lambda m: (m.group(1) or "") + " ", text)


def _unwrap_block(match: re.Match[str]) -> str:
    lines = match.group().split("\n")
    body = lines[:-1]
    if max(map(len, lines)) > _WIDTH_CEILING or sum(len(line) >= _WIDTH_FLOOR for line in body) * 3 < len(body) * 2:
        return match.group()
    return "".join(line + (" " if len(line) >= _WIDTH_FLOOR and not _FIELD_OR_ITEM.match(after) else "\n")
                   for line, after in zip(body, lines[1:])) + lines[-1]


__all__ = ["unwrap_lines"]
