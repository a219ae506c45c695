"""Untrusted titles, text and entity names on every page: shown as text, never as markup.

Pages emit HTML through st.html (escaped by Entente), markdown (Streamlit renders no raw HTML in
it unless told to), plotly specs (escaped by lib.charts) and data tables (plain text cells).
"""
from __future__ import annotations

import datetime as dt
import json

import pytest

from lib.corrections import Correction
from lib.ingest import Upload
from lib.records import Agency, Country, Document, Event, Extraction, Location, Mention, Person, Sentence
from lib.store import Store
from tests.pages.conftest import new_app

SCRIPT, IMAGE, JS = "<script>alert('s')</script>", "<img src=x onerror=alert('i')>", "javascript:alert('j')"
TITLE = f"{SCRIPT} {IMAGE} {JS}"
PERSON = f"{IMAGE} Smith"
AGENCY_ID, AGENCY_NAME = f"{SCRIPT}Unit", f"{IMAGE} Directorate"
PLACE = f"{JS} <b>town</b>"
RAW = ("<script", "<img", "<b>town")
PAGES = ["pages/overview.py", "pages/entities.py", "pages/timeline.py", "pages/cooccurrence.py", "pages/reader.py"]


def _hostile_article() -> tuple[Document, Extraction]:
    sentence = f"{PERSON} of {AGENCY_ID} met the DGSI in {PLACE} on 3 June 2024. {SCRIPT} {IMAGE} {JS}"
    spans = [(PERSON, "PERSON", PERSON), (AGENCY_ID, "AGENCY", AGENCY_ID), ("DGSI", "AGENCY", "DGSI"),
             (PLACE, "LOCATION", PLACE)]
    mentions = tuple(Mention(text, sentence.index(text), sentence.index(text) + len(text), label, key=key,
                             sentence=0) for text, label, key in spans)
    extraction = Extraction(
        language="en", model="hand-1", sentences=(Sentence(0, len(sentence), 0),), mentions=mentions,
        agencies=(Agency(AGENCY_ID, AGENCY_NAME, "FR", "police"),
                  Agency("DGSI", "General Directorate for Internal Security", "FR", "domestic_intelligence")),
        persons=(Person(PERSON, f"Chief {SCRIPT}", AGENCY_ID),), countries=(Country("FR", "France"),),
        locations=(Location(PLACE, "FR"),),
        events=(Event("meeting", "040", dt.date(2024, 6, 3), None, "day", False, (AGENCY_ID, "DGSI", PERSON), PLACE,
                      sentence, 0, len(sentence), 0.9),),
        topics=("terrorism",),
    )
    document = Document(text=sentence, filename=f"{IMAGE}.txt", title=TITLE, published=dt.date(2024, 6, 4),
                        published_origin="header", source=f"{SCRIPT} desk", url=JS)
    return document, extraction


@pytest.fixture
def hostile(db_url) -> Store:  # type: ignore[no-untyped-def]
    store = Store(db_url)
    store.add_article(*_hostile_article())
    return store


def _elements(node):  # type: ignore[no-untyped-def]
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _elements(child)


def _strings(value: object) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


_DATA_KEYS = {"x", "y", "customdata", "tickvals", "categoryarray", "legendgroup", "ids"}


def _drawn(value: object) -> list[str]:
    """Strings of a plotly spec that plotly renders (not the raw data it carries)."""
    if isinstance(value, dict):
        return [s for k, v in value.items() if k not in _DATA_KEYS for s in _drawn(v)]
    if isinstance(value, list):
        return [s for v in value for s in _drawn(v)]
    return [value] if isinstance(value, str) else []


# Elements whose strings Streamlit renders as plain text, or as markdown without raw HTML.
_TEXT_ELEMENTS = {"multiselect", "selectbox", "radio", "text", "text_input", "text_area", "button", "dataframe",
                  "caption", "subheader", "markdown", "title", "header", "info", "error", "warning", "success",
                  "metric", "download_button", "link_button", "tab", "expander"}


def _proto_strings(message, path: str = ""):  # type: ignore[no-untyped-def]
    from google.protobuf.message import Message

    for field, value in message.ListFields():
        for item in (value if type(value).__name__.startswith("Repeated") else [value]):
            if isinstance(item, Message):
                yield from _proto_strings(item, f"{path}.{field.name}")
            elif isinstance(item, str):
                yield f"{path}.{field.name}", item


def check_page(at) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Fail on any payload rendered as markup; count where the payloads were shown, escaped."""
    assert not at.exception, at.exception
    seen = {"html": 0, "text": 0, "plotly": 0}
    for element in _elements(at._tree):
        kind, proto = getattr(element, "type", ""), getattr(element, "proto", None)
        if proto is None:
            continue
        if kind == "plotly_chart":
            drawn = _drawn(json.loads(proto.spec))
            assert not [s for s in drawn if any(raw in s for raw in RAW)]
            seen["plotly"] += any("&lt;img" in s or "&lt;script&gt;" in s for s in drawn)
            continue
        for path, value in _proto_strings(proto):
            if path == ".id" or not any(raw in value for raw in RAW):
                continue
            assert kind != "html", f"raw markup in st.html: {value}"
            assert kind in _TEXT_ELEMENTS, f"payload in a {kind} element ({path}): {value}"
            assert not getattr(proto, "allow_html", False), f"markdown with HTML allowed: {value}"
            seen["text"] += 1
        if kind == "html":
            seen["html"] += "&lt;script&gt;" in proto.body or "&lt;img" in proto.body
    return seen


@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_hostile_values_as_text(hostile, page):
    at = new_app()
    at.run()
    at.switch_page(page).run()
    seen = check_page(at)
    if page == "pages/reader.py":
        assert seen["html"] >= 1  # the title and the highlighted text
        markup = "\n".join(e.proto.body for e in at.get("html"))
        assert "&lt;script&gt;alert(&#x27;s&#x27;)&lt;/script&gt;" in markup
        assert 'title="Person &lt;img src=x onerror=alert(&#x27;i&#x27;)&gt; Smith"' in markup  # the tooltip
        assert not at.get("link_button") and JS in [t.value for t in at.text]  # javascript: is no link
    if page in ("pages/overview.py", "pages/timeline.py", "pages/cooccurrence.py"):
        assert seen["plotly"] >= 1


def test_upload_page_reports_unsupported_languages(db_url):
    from tests.test_ingest_hostile import ARABIC, SPANISH, english

    at = new_app().run()
    at.switch_page("pages/upload.py").run()
    at.file_uploader[0].set_value([("arabic.txt", ARABIC.encode(), "text/plain"),
                                   ("spanish.txt", SPANISH.encode(), "text/plain"),
                                   ("english.txt", english(1).encode(), "text/plain"),
                                   (f"{IMAGE}.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "text/plain")])
    next(b for b in at.button if b.label == "Process files").click()
    at.run()
    check_page(at)
    results = at.session_state["upload_results"]
    details = dict(zip(results["file"], results["detail"], strict=True))
    assert details["arabic.txt"] == "ingested (no pipeline for language 'ar': entities not extracted)"
    assert details["spanish.txt"] == "ingested (no pipeline for language 'es': entities not extracted)"
    assert details["english.txt"] == "ingested"
    assert details[f"{IMAGE}.txt"] == "not a text file (binary content)"
    assert [s for s in results["status"]] == ["ingested", "ingested", "ingested", "rejected"]


# --- markdown, directives and emoji shortcodes in names --------------------------------------------

MARKDOWN = "![p](http://tracker.invalid/pix.png)**B**[l](http://tracker.invalid/l) :red[R] :material/warning: :smile:"
# What markdown makes of the payload unless it is escaped: an image, bold, a link, a colour, icons.
LIVE = ("![", "](", "**", ":red[", ":material/", ":smile:")
# Proto fields Streamlit renders as markdown: widget labels and tooltips, and the body of markdown
# elements (title, header, caption, write) and alerts. Options, text and st.html are not markdown.
_MARKDOWN_BODIES = {"markdown", "caption", "title", "header", "subheader", "info", "warning", "error", "success"}


def _markdown_article() -> tuple[Document, Extraction]:
    sentence = f"{MARKDOWN} met the DGSI in Paris on 3 June 2024."
    at = sentence.index("DGSI")
    mentions = (Mention(MARKDOWN, 0, len(MARKDOWN), "AGENCY", key=MARKDOWN, sentence=0),
                Mention("DGSI", at, at + 4, "AGENCY", key="DGSI", sentence=0))
    extraction = Extraction(
        language="en", model="hand-1", sentences=(Sentence(0, len(sentence), 0),), mentions=mentions,
        agencies=(Agency(MARKDOWN, MARKDOWN, "FR", "police"),
                  Agency("DGSI", "General Directorate for Internal Security", "FR", "domestic_intelligence")),
        persons=(Person(MARKDOWN, MARKDOWN, MARKDOWN),), countries=(Country("FR", "France"),),
        locations=(Location(MARKDOWN, "FR"),),
        events=(Event("meeting", "040", dt.date(2024, 6, 3), None, "day", False, (MARKDOWN, "DGSI"), MARKDOWN,
                      sentence, 0, len(sentence), 0.9),),
        topics=("terrorism",), note=MARKDOWN,
    )
    document = Document(text=sentence, filename=f"{MARKDOWN}.txt", title=MARKDOWN, published=dt.date(2024, 6, 4),
                        published_origin="header", source=MARKDOWN)
    return document, extraction


def check_markdown(at) -> int:  # type: ignore[no-untyped-def]
    """Fail on any payload that markdown would render live; count where it was shown, escaped."""
    assert not at.exception, at.exception
    shown = 0
    for element in _elements(at._tree):
        kind, proto = getattr(element, "type", ""), getattr(element, "proto", None)
        if proto is None or kind == "plotly_chart":
            continue
        for path, value in _proto_strings(proto):
            field = path.rsplit(".", 1)[-1]
            if "tracker" not in value or not (field in ("label", "help") or (field == "body" and kind in
                                                                               _MARKDOWN_BODIES)):
                continue
            assert not [live for live in LIVE if live in value], f"live markdown in a {kind}'s {field}: {value}"
            shown += 1
    return shown


@pytest.mark.parametrize("page", [*PAGES, "pages/history.py"])
def test_markdown_in_names_and_in_the_search_is_shown_as_text(db_url, page):
    store = Store(db_url)
    store.add_article(*_markdown_article())
    store.add_correction(Correction("set_agency", "AGENCY", MARKDOWN, {"agency_kind": "police"}, note=MARKDOWN))
    at = new_app()
    at.query_params["q"] = MARKDOWN  # a search typed, or a crafted link
    at.switch_page(page).run()
    shown = check_markdown(at)
    assert shown >= 1 or page == "pages/history.py"  # the "Showing:" caption, which History has not
    # The elements that only show on a selection: the entity's row, the pair's evidence, the merge form.
    at.session_state["who-agencies"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.session_state["cooc-focus"] = (MARKDOWN, "DGSI")
    at.run()
    if page == "pages/entities.py":
        # The correction form of the selected row's entity, set to merge: its label names the entity.
        action = next(r for r in at.radio if str(r.key).startswith("fix-agencies-") and str(r.key).endswith("-action"))
        action.set_value("merge").run()
    check_markdown(at)
    if page in ("pages/entities.py", "pages/cooccurrence.py", "pages/reader.py"):
        assert any("tracker" in b.label for b in at.button)  # the filter and timeline buttons name it
