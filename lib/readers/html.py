"""Web pages: the article's main text and the page's own metadata, via trafilatura (no network)."""
from __future__ import annotations

import re

import trafilatura

from lib.extraction.dates import parse_date
from lib.readers.cleanup import one_line
from lib.readers.draft import Draft, Unreadable
from lib.readers.encoding import decode_bytes

NO_ARTICLE = "no article text found"
# Shorter than this, what is left is a menu or a cookie notice, not an article.
_MIN_ARTICLE_CHARS = 40
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_DOCUMENT_TAG = re.compile(r"<(?:html|body)\b", re.I)
# Only dates written in the page's markup count as its metadata; dates inside the article text
# are left to the dateline rule, after the analyst's upload date.
_DATE_PARAMS = {"original_date": True, "extensive_search": False}


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def _extract(page: str) -> trafilatura.settings.Document | None:
    """Precise extraction first; trafilatura's fallback extractors only when that finds nothing."""
    for fast in (True, False):
        try:
            found = trafilatura.bare_extraction(
                page,
                fast=fast,
                favor_precision=True,
                include_comments=False,
                include_tables=True,
                include_links=False,
                include_images=False,
                with_metadata=True,
                date_extraction_params=_DATE_PARAMS,
            )
        except Exception as error:  # lxml and trafilatura raise assorted errors on malformed markup
            raise Unreadable(f"could not parse the page ({type(error).__name__})") from error
        if found is not None and len((found.text or "").strip()) >= _MIN_ARTICLE_CHARS:
            return found
    return None


def read_html(data: bytes) -> Draft:
    if not data.strip():
        raise Unreadable("the file is empty")
    page = decode_bytes(data, declared=_declared_charset(data))
    if not page.strip():
        raise Unreadable("the file is empty")
    if not _DOCUMENT_TAG.search(page):
        # trafilatura ignores bare fragments ("<p>...</p>"); give them a body.
        page = f"<html><body>{page}</body></html>"
    found = _extract(page)
    if found is None:
        raise Unreadable(NO_ARTICLE)
    # trafilatura puts one block a line; a blank line between blocks marks paragraphs as in text files.
    text = "\n\n".join(line.strip() for line in found.text.split("\n") if line.strip())
    published = parse_date(found.date) if found.date else None
    return Draft(
        text=text,
        title=one_line(found.title),
        published=published,
        published_origin="metadata" if published else None,
        source=one_line(found.sitename),
        url=one_line(found.url),
    )
