"""Web pages: main text via trafilatura, page metadata, no scripts, clear refusals."""
from __future__ import annotations

import datetime as dt

import pytest

from lib.readers import read_bytes
from lib.records import ReadError

ARTICLE = """<!doctype html><html><head><meta charset="utf-8">
<title>Customs and police team up | Example Wire</title>
<meta property="og:title" content="Customs and police team up">
<meta property="og:site_name" content="Example Wire">
<meta property="og:url" content="https://wire.example.org/2024/customs">
<meta property="article:published_time" content="2024-05-14T08:30:00+02:00">
<style>.menu {{ color: red }} STYLETEXT</style>
<script>var tracker = "SCRIPTTEXT";</script></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Customs and police team up</h1>
<p>Customs officers and the national police launched a joint unit against cigarette smuggling on the northern border.</p>
<p>{second}</p>
<script>document.write("INLINESCRIPT")</script>
</article><footer>Contact the newsroom</footer></body></html>"""


def page(second: str = "The unit will share intelligence with neighbouring countries, the ministry said.") -> bytes:
    return ARTICLE.format(second=second).encode("utf-8")


def test_main_text_and_metadata():
    result = read_bytes("customs.html", page(), published=dt.date(2020, 1, 1), source="Analyst feed")
    doc = result.documents[0]
    assert "launched a joint unit against cigarette smuggling" in doc.text
    assert "share intelligence with neighbouring countries" in doc.text
    assert doc.title == "Customs and police team up"
    assert (doc.published, doc.published_origin) == (dt.date(2024, 5, 14), "metadata")
    assert doc.source == "Example Wire"
    assert doc.url == "https://wire.example.org/2024/customs"
    for unwanted in ("SCRIPTTEXT", "STYLETEXT", "INLINESCRIPT", "tracker", "Contact the newsroom"):
        assert unwanted not in doc.text


def test_paragraphs_are_separated_by_blank_lines():
    doc = read_bytes("customs.htm", page()).documents[0]
    assert "northern border.\n\nThe unit will share" in doc.text


def test_page_without_date_uses_upload_then_dateline():
    body = (
        "<html><head><title>Raid</title></head><body><article>"
        "<p>LISBON, 4 March 2024 - Police searched twelve addresses in a coordinated operation.</p>"
        "</article></body></html>"
    ).encode()
    uploaded = read_bytes("raid.html", body, published=dt.date(2024, 3, 5)).documents[0]
    assert (uploaded.published, uploaded.published_origin) == (dt.date(2024, 3, 5), "upload")
    inferred = read_bytes("raid.html", body).documents[0]
    assert (inferred.published, inferred.published_origin) == (dt.date(2024, 3, 4), "dateline")


def test_source_argument_used_when_page_names_no_site():
    body = b"<html><body><p>Interpol opened a regional bureau to coordinate fugitive searches across the region.</p></body></html>"
    doc = read_bytes("x.html", body, source="Analyst notes").documents[0]
    assert doc.source == "Analyst notes"


def test_windows_1252_page_declared_in_meta():
    body = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head>'
        "<body><p>Le préfet a réuni la gendarmerie et la police à Nîmes pour une opération commune.</p></body></html>"
    ).encode("cp1252")
    assert "préfet" in read_bytes("x.html", body).documents[0].text


def test_bare_fragment_is_read():
    body = "<p>Les douanes françaises ont saisi deux tonnes de résine de cannabis au port du Havre.</p>"
    assert "deux tonnes" in read_bytes("x.html", body.encode("cp1252")).documents[0].text


@pytest.mark.parametrize(
    "body",
    [
        b"<html><head><title>Menu</title><script>var a = 'long script text that is not an article at all';</script>"
        b"</head><body><nav>Home</nav></body></html>",
        b"<html><body></body></html>",
    ],
)
def test_page_without_article_text(body):
    with pytest.raises(ReadError) as caught:
        read_bytes("menu.html", body)
    assert str(caught.value) == "menu.html: no article text found"


def test_empty_html_file():
    with pytest.raises(ReadError, match="the file is empty"):
        read_bytes("x.html", b"  \n")
