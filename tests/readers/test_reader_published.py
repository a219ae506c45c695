"""Publication date: precedence of origins, and datelines at the start of the text."""
from __future__ import annotations

import datetime as dt

import pytest

from lib.readers.published import choose_published, dateline_date

TODAY = dt.date(2025, 3, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("RABAT, June 29 (Reuters) - The two services met.", dt.date(2024, 6, 29)),
        ("Paris, le 12 mars 2024 - Le ministre a reçu son homologue.", dt.date(2024, 3, 12)),
        ("29 June 2024 - Police officers from both countries trained together.", dt.date(2024, 6, 29)),
        ("Published: 3 June 2024 | Updated 4 June 2024\nBody.", dt.date(2024, 6, 3)),
        ("Publié le 12/03/2024 à 10h15\nCorps.", dt.date(2024, 3, 12)),
        ("Posted on June 3, 2024 by a staff writer\nBody.", dt.date(2024, 6, 3)),
        ("BRUSSELS, Belgium, 3 June 2024 – Ministers met.", dt.date(2024, 6, 3)),
        ("Customs seize cocaine\n\nANTWERP, 2024-06-29 - Officers found the load.", dt.date(2024, 6, 29)),
        # Year-less: the latest such day up to today.
        ("PARIS, Feb 27 (AFP) - Text.", dt.date(2025, 2, 27)),
        ("PARIS, March 27 (AFP) - Text.", dt.date(2024, 3, 27)),
        # Years named in the story are not the story's own year.
        ("NEW YORK, Jan 20 (Wire) - The 2016 request was granted.", dt.date(2025, 1, 20)),
        ("CANBERRA/THE HAGUE, June 8 (Wire) - Police forces acted.", dt.date(2024, 6, 8)),
    ],
)
def test_datelines(text, expected):
    assert dateline_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "In 2023, 45 officers were trained - the ministry said.",
        "WASHINGTON (AP) - Officials met on Tuesday.",
        "Yesterday - officials met.",
        "A title\nA second line\nA third line\nA fourth line\nLONDON, 3 June 2024 - too far down.",
        "Published: 3 June 2031\nA date in the future is a typo.",
    ],
)
def test_no_dateline(text):
    assert dateline_date(text, today=TODAY) is None


def test_precedence():
    own, upload = dt.date(2024, 1, 2), dt.date(2024, 1, 3)
    text = "LONDON, 4 January 2024 - Text."
    assert choose_published(own, "header", upload, text, today=TODAY) == (own, "header")
    assert choose_published(None, None, upload, text, today=TODAY) == (upload, "upload")
    assert choose_published(None, None, None, text, today=TODAY) == (dt.date(2024, 1, 4), "dateline")
    assert choose_published(None, None, None, "No date here.", today=TODAY) == (None, None)


def test_future_file_date_is_passed_over():
    future = dt.date(2030, 1, 1)
    assert choose_published(future, "metadata", None, "No date.", today=TODAY) == (None, None)
    assert choose_published(future, "metadata", dt.date(2024, 5, 5), "x", today=TODAY) == (dt.date(2024, 5, 5), "upload")
