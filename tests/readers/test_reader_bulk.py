"""CSV and JSON Lines: many articles per file, per-row problems reported, good rows kept."""
from __future__ import annotations

import codecs
import datetime as dt
import json

import pytest

from lib.readers import read_bytes
from lib.records import ReadError


def csv_bytes(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


def test_csv_rows_become_documents():
    data = csv_bytes(
        "Title,TEXT,Published,Source,URL\n"
        'Raid in Porto,"Police raided a warehouse.\n\nSecond paragraph, with a comma.",2024-01-05,Wire A,https://a.example/1\n'
        "Border talks,Ministers discussed border checks.,,,\n"
    )
    result = read_bytes("batch/articles.csv", data, source="Analyst upload", published=dt.date(2024, 2, 1))
    assert result.errors == ()
    first, second = result.documents
    assert first.filename == second.filename == "articles.csv"
    assert first.title == "Raid in Porto"
    assert first.text == "Police raided a warehouse.\n\nSecond paragraph, with a comma."
    assert (first.published, first.published_origin) == (dt.date(2024, 1, 5), "column")
    assert (first.source, first.url) == ("Wire A", "https://a.example/1")
    assert (second.published, second.published_origin) == (dt.date(2024, 2, 1), "upload")
    assert second.source == "Analyst upload"


def test_csv_with_bom_and_semicolons():
    data = codecs.BOM_UTF8 + "title;text\nSaisie;La douane a saisi des armes à Calais.\n".encode()
    doc = read_bytes("a.csv", data).documents[0]
    assert (doc.title, doc.text) == ("Saisie", "La douane a saisi des armes à Calais.")


def test_csv_missing_required_column():
    with pytest.raises(ReadError) as caught:
        read_bytes("articles.csv", b"title,body\nA,B\n")
    assert str(caught.value) == "articles.csv: missing required column 'text' (found: title, body)"


def test_bad_rows_are_reported_and_good_rows_load():
    data = csv_bytes(
        "title,text,published\n"
        "One,First article text.,2024-03-01\n"
        "Two,,2024-03-02\n"
        'Three,"Third article,\nspanning lines.",not a date\n'
        "Four,   ,\n"
    )
    result = read_bytes("articles.csv", data)
    assert [d.title for d in result.documents] == ["One", "Three"]
    assert result.documents[1].published is None
    assert [str(e) for e in result.errors] == [
        "articles.csv: line 3: missing text",
        "articles.csv: line 4: date 'not a date' not understood; row loaded without it",
        "articles.csv: line 6: missing text",
    ]


def test_csv_where_every_row_is_bad():
    with pytest.raises(ReadError, match=r"^a\.csv: no usable rows \(line 2: missing text; line 3: missing text\)$"):
        read_bytes("a.csv", b"title,text\nA,\nB,  \n")


def test_csv_with_header_only():
    with pytest.raises(ReadError, match="no rows"):
        read_bytes("a.csv", b"title,text\n")


def test_row_without_title_gets_one():
    result = read_bytes("feed.csv", b"text\nShort headline line\nA long sentence that ends with a period.\n")
    assert [d.title for d in result.documents] == ["Short headline line", "feed, line 3"]


def test_jsonl_lines_and_errors():
    lines = [
        json.dumps({"Title": "Arrest", "Text": "Suspect arrested in Antwerp.", "published": "12 mars 2024"}),
        "",
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"title": "Empty", "text": ""}),
        json.dumps({"text": "Untitled item body that is a sentence.", "source": "Feed B", "url": "https://b.example"}),
    ]
    result = read_bytes("feed.jsonl", "\n".join(lines).encode(), source="Upload")
    first, second = result.documents
    assert (first.title, first.published, first.published_origin) == ("Arrest", dt.date(2024, 3, 12), "column")
    assert first.source == "Upload"
    assert (second.source, second.url, second.title) == ("Feed B", "https://b.example", "feed, line 6")
    reasons = [e.reason for e in result.errors]
    assert reasons[0].startswith("line 3: not valid JSON (")
    assert reasons[1:] == ["line 4: not a JSON object", "line 5: missing text"]


def test_jsonl_without_text_key():
    with pytest.raises(ReadError) as caught:
        read_bytes("f.jsonl", b'{"title": "a", "body": "b"}\n{"title": "c"}\n')
    assert str(caught.value) == "f.jsonl: missing required key 'text' (found: title, body)"


def test_jsonl_where_every_line_is_bad():
    with pytest.raises(ReadError, match="no usable rows"):
        read_bytes("f.jsonl", b"{oops\n[1]\n")


def test_jsonl_dateline_applies_per_row():
    row = {"title": "t", "text": "MADRID, 8 May 2024 - The Guardia Civil arrested four people."}
    doc = read_bytes("f.jsonl", json.dumps(row).encode()).documents[0]
    assert (doc.published, doc.published_origin) == (dt.date(2024, 5, 8), "dateline")


def test_jsonl_line_separator_inside_a_string_is_not_a_new_line():
    row = {"title": "Sep", "text": "First part\u2028second part of the same article."}
    result = read_bytes("f.jsonl", json.dumps(row, ensure_ascii=False).encode())
    assert result.errors == ()
    assert result.documents[0].text == "First part\nsecond part of the same article."
