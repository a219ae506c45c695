"""Untrusted text (titles, file names, entity names, filter values from a URL) inside Streamlit's
markdown (captions, labels, tooltips, button texts, alerts): every markdown, HTML and directive
character is backslash-escaped, so an article cannot add images, links, colours or icons to the page.
This is the one way pages put such text in markdown."""
from __future__ import annotations

import re

# CommonMark lets a backslash escape any ASCII punctuation; ":" and "$" also stop Streamlit's
# directives (":red[...]", ":material/x:"), emoji shortcodes (":smile:") and LaTeX.
_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")
# GitHub-flavoured markdown links every "http://", "www." and e-mail address it finds in the text
# after parsing, escaped or not: an invisible word joiner after ":" and "@", and inside "www.",
# keeps them text.
_LINK_TRIGGERS = re.compile(r"[:@]|(?<=www)(?=\.)", re.IGNORECASE)
_JOINER = "\u2060"


def md_escape(value: object) -> str:
    text = _LINK_TRIGGERS.sub(lambda match: match.group(0) + _JOINER, str(value))
    return _SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def md_unescape(value: str) -> str:
    """The text a reader sees for markdown made by `md_escape` (for tests and logs)."""
    return re.sub(r"\\(.)", r"\1", value).replace(_JOINER, "")
