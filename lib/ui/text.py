"""Untrusted text (titles, file names, entity names, filter values from a URL) inside Streamlit's
markdown: every markdown, HTML and directive character is backslash-escaped, so an article
cannot add images, links, colours or icons to the page."""
from __future__ import annotations

import re

# CommonMark lets a backslash escape any ASCII punctuation; ":" and "$" also stop Streamlit's
# directives (":red[...]", ":material/x:") and LaTeX.
_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")


def md_escape(value: object) -> str:
    return _SPECIAL.sub(r"\\\1", str(value)).replace("\n", " ")


def md_unescape(value: str) -> str:
    """The text a reader sees for markdown made by `md_escape` (for tests and logs)."""
    return re.sub(r"\\(.)", r"\1", value)
