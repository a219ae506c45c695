"""The sample corpus and its gold annotations follow gold/README.md.

Gold that drifts from its article silently corrupts every evaluation score, so each claim
in a gold file is checked against the article text: agencies, persons, countries, dates
and evidence must all be findable there.
"""
from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from functools import lru_cache
from pathlib import Path

import pycountry
import pytest
from langdetect import DetectorFactory, detect
from rapidfuzz import fuzz

from lib.config import GOLD_DIR, SAMPLE_DIR

EVENT_TYPES = {
    "visit", "meeting", "agreement", "intelligence_sharing", "judicial_cooperation",
    "joint_operation", "arrest", "training", "award", "statement",
}

# Canonical ids shared with the gazetteer (lib/data/agencies.csv); "INT" = international body.
CANONICAL_AGENCIES: dict[str, str] = {
    **dict.fromkeys(
        ["DGSI", "DGSE", "DGPN", "DGGN", "DNPJ", "OFAST", "RAID", "GIGN", "PNAT",
         "Ministry of the Interior (FR)"], "FR"),
    **dict.fromkeys(
        ["DGSN", "DGST", "DGED", "BCIJ", "Royal Gendarmerie", "Ministry of the Interior (MA)"], "MA"),
    **dict.fromkeys(
        ["CNP", "Guardia Civil", "CNI", "Audiencia Nacional", "Ministry of the Interior (ES)"], "ES"),
    **dict.fromkeys(["Belgian Federal Police", "VSSE", "Federal Prosecutor's Office (BE)"], "BE"),
    **dict.fromkeys(["Dutch National Police", "AIVD", "Public Prosecution Service (NL)"], "NL"),
    **dict.fromkeys(["BKA", "BfV", "BND"], "DE"),
    **dict.fromkeys(["Polizia di Stato", "Carabinieri", "Guardia di Finanza", "DIA"], "IT"),
    **dict.fromkeys(["NCA", "MI5", "SIS", "Metropolitan Police"], "GB"),
    **dict.fromkeys(["FBI", "CIA", "DEA", "HSI", "DOJ"], "US"),
    "Australian Federal Police": "AU",
    **dict.fromkeys(
        ["Europol", "Eurojust", "Interpol", "Frontex", "UNODC", "AFRIPOL", "NATO", "EPPO"], "INT"),
}
# Ids the gold uses beyond the canonical list (documented in gold/README.md).
EXTRA_AGENCIES: dict[str, str] = {
    "C3N": "FR",
    "ROS": "IT",
    "Paris Prosecutor's Office": "FR",
    "Palermo Prosecutor's Office": "IT",
    "PP": "FR",
    "Dubai Police": "AE",
    "Ministry of Justice and Security (NL)": "NL",
}
KNOWN_AGENCIES = {**CANONICAL_AGENCIES, **EXTRA_AGENCIES}

# Names and demonym stems (English and French) beyond pycountry's names; matched as word
# starts so that inflections count ("marocain" -> "marocaines").
COUNTRY_FORMS: dict[str, tuple[str, ...]] = {
    "AE": ("United Arab Emirates", "Emirati", "Émirats arabes unis"),
    "AM": ("Armenia", "Arménie", "arménien"),
    "AU": ("Australi",),
    "BE": ("Belgi", "Belge"),
    "BR": ("Brazil", "Brésil", "brésilien"),
    "CA": ("Canad",),
    "DE": ("German", "Allemagne", "allemand"),
    "DK": ("Denmark", "Danish", "Danemark", "danois"),
    "EH": ("Western Sahara", "Sahara occidental"),
    "ES": ("Spain", "Spanish", "Espagne", "espagnol"),
    "FR": ("France", "French", "français", "franco-"),
    "GB": ("United Kingdom", "Britain", "British", "UK", "Royaume-Uni", "britannique"),
    "IT": ("Ital",),
    "LT": ("Lithuania", "Lituanie", "lituanien"),
    "MA": ("Morocc", "Maroc"),
    "MX": ("Mexic",),
    "NL": ("Netherlands", "Dutch", "Pays-Bas", "néerlandais"),
    "PL": ("Poland", "Polish", "Pologne", "polonais"),
    "RU": ("Russia", "russe"),
    "UA": ("Ukrain",),
    "US": ("United States", "US", "American", "États-Unis", "américain"),
}

EN_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
EN_MONTHS |= {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
FR_MONTHS = {
    m: i + 1 for i, m in enumerate(
        ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
         "octobre", "novembre", "décembre"])
}
MONTHS = EN_MONTHS | FR_MONTHS
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)} | {
    d: i for i, d in enumerate(["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"])
}
TODAY_WORDS = ("today", "aujourd'hui")


# ---------------------------------------------------------------- helpers (tested below)

def split_article(raw: str) -> tuple[dict[str, str], str]:
    """Header fields and body of a sample article; ValueError when the header is malformed."""
    head, sep, body = raw.partition("\n\n")
    if not sep:
        raise ValueError("no blank line after the header")
    fields: dict[str, str] = {}
    for line in head.splitlines():
        key, colon, value = line.partition(": ")
        if not colon or not value.strip():
            raise ValueError(f"not a header line: {line!r}")
        fields[key] = value.strip()
    if list(fields) != ["Title", "Date", "Source"]:
        raise ValueError(f"header fields must be Title, Date, Source; got {list(fields)}")
    return fields, body


def _words(pattern: str, text: str) -> list[str]:
    return re.findall(pattern, text.lower())


def date_text_problem(date_text: str, start: dt.date, end: dt.date | None, published: dt.date) -> str | None:
    """Why `date_text` cannot resolve to start..end against `published`, or None when it can."""
    tokens = _words(r"[^\W\d_]+(?:'[^\W\d_]+)?", date_text)
    months = [MONTHS[t] for t in tokens if t in MONTHS]
    weekdays = [WEEKDAYS[t] for t in tokens if t in WEEKDAYS]
    days = [int(n) for n in re.findall(r"(?<!\d)\d{1,2}(?!\d)", date_text)]
    years = [int(n) for n in re.findall(r"(?<!\d)\d{4}(?!\d)", date_text)]
    is_today = any(word in date_text.lower() for word in TODAY_WORDS)
    if not (months or weekdays or days or years or is_today):
        return "no day, month, weekday, year or 'today' in the date text"
    if is_today and start != published:
        return "'today' must be the publication date"
    if weekdays and start.weekday() not in weekdays:
        return f"{start} is not a {calendar.day_name[weekdays[0]]}"
    if weekdays and not days and not 0 <= (published - start).days <= 6:
        return "a bare weekday must fall in the six days up to the publication date"
    if years and start.year not in years:
        return f"year of {start} not in the date text"
    if months and start.month not in months:
        return f"month of {start} not in the date text"
    if days and start.day not in days:
        return f"day of {start} not in the date text"
    if end is not None:
        if days and end.day not in days:
            return f"day of {end} not in the date text"
        if months and not days and (start.day != 1 or end != _month_end(start)):
            return "a month alone must span that whole month"
    elif months and not days and not weekdays:
        return "a month alone needs date_end at the month's last day"
    return None


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _form_pattern(form: str) -> re.Pattern[str]:
    # Short forms (US, UK) are matched exactly so that "us" the pronoun never counts.
    flags = 0 if len(form) <= 3 else re.IGNORECASE
    return re.compile(rf"(?<!\w){re.escape(form)}\w*", flags)


def country_forms(code: str) -> tuple[str, ...]:
    country = pycountry.countries.get(alpha_2=code)
    names = {getattr(country, attr) for attr in ("name", "common_name") if hasattr(country, attr)}
    return tuple(sorted(names)) + COUNTRY_FORMS.get(code, ())


def country_named(code: str, body: str) -> bool:
    """Whether the body names the country, allowing a misspelling of a long name."""
    forms = country_forms(code)
    if any(_form_pattern(form).search(body) for form in forms):
        return True
    lowered = body.lower()
    return any(len(form) >= 8 and fuzz.partial_ratio(form.lower(), lowered) >= 90 for form in forms)


def countries_written_exactly(body: str) -> set[str]:
    """Codes from COUNTRY_FORMS whose name or demonym appears verbatim: the gold must list them."""
    return {code for code in COUNTRY_FORMS if any(_form_pattern(f).search(body) for f in country_forms(code))}


# ---------------------------------------------------------------- corpus loading

@lru_cache(maxsize=None)
def _article(name: str) -> tuple[dict[str, str], str]:
    return split_article((SAMPLE_DIR / name).read_text(encoding="utf-8"))


def _gold_paths() -> list[Path]:
    return sorted(GOLD_DIR.glob("*.json"))


@lru_cache(maxsize=None)
def _gold(name: str) -> dict:
    return json.loads((GOLD_DIR / name).read_text(encoding="utf-8"))


GOLD_NAMES = [p.name for p in _gold_paths()]
ARTICLE_NAMES = sorted(p.name for p in SAMPLE_DIR.glob("*.txt"))


# ---------------------------------------------------------------- the helpers fail when they should

def test_split_article_rejects_a_missing_or_disordered_header():
    assert split_article("Title: T\nDate: 2024-01-02\nSource: S\n\nBody.")[1] == "Body."
    with pytest.raises(ValueError):
        split_article("Title: T\nDate: 2024-01-02\nSource: S\nBody without blank line.")
    with pytest.raises(ValueError):
        split_article("Date: 2024-01-02\nTitle: T\nSource: S\n\nBody.")


@pytest.mark.parametrize(
    ("text", "start", "end", "published", "ok"),
    [
        ("from June 26 to 28", "2024-06-26", "2024-06-28", "2024-06-29", True),
        ("from June 26 to 28", "2024-06-26", "2024-06-27", "2024-06-29", False),
        ("du 26 au 28 juin", "2024-07-26", "2024-07-28", "2024-06-29", False),
        ("on Tuesday", "2021-03-09", None, "2021-03-10", True),
        ("on Tuesday", "2021-03-10", None, "2021-03-10", False),
        ("on Tuesday", "2021-03-02", None, "2021-03-10", False),
        ("ce mercredi 27 avril", "2016-04-27", None, "2016-04-27", True),
        ("April 2020", "2020-04-01", "2020-04-30", "2020-07-02", True),
        ("April 2020", "2020-04-01", None, "2020-07-02", False),
        ("January 8, 2016", "2017-01-08", None, "2017-01-20", False),
        ("today", "2024-05-29", None, "2024-05-30", False),
        ("this week", "2024-11-05", None, "2024-11-08", False),
    ],
)
def test_date_text_check_accepts_right_and_rejects_wrong_resolutions(text, start, end, published, ok):
    problem = date_text_problem(
        text, dt.date.fromisoformat(start), dt.date.fromisoformat(end) if end else None,
        dt.date.fromisoformat(published),
    )
    assert (problem is None) == ok, problem


def test_country_check_finds_demonyms_and_typos_but_not_pronouns():
    assert country_named("MA", "les services marocains")
    assert country_named("AE", "the authorities of the Untied Arab Emirates")
    assert not country_named("US", "he told us about it")
    assert not country_named("FR", "talks in Paris")
    assert countries_written_exactly("Dutch and Belgian police") == {"NL", "BE"}


# ---------------------------------------------------------------- corpus-wide rules

def test_corpus_is_large_enough_and_bilingual():
    assert len(ARTICLE_NAMES) >= 18
    languages = [_gold(name)["language"] for name in GOLD_NAMES]
    assert languages.count("fr") >= 6
    assert languages.count("en") >= 6


def test_every_article_has_gold_and_every_gold_has_its_article():
    articles = {name.removesuffix(".txt") for name in ARTICLE_NAMES}
    golds = {name.removesuffix(".json") for name in GOLD_NAMES}
    assert articles == golds
    assert not [p.name for p in SAMPLE_DIR.iterdir() if p.suffix != ".txt"]


# ---------------------------------------------------------------- one gold file at a time

@pytest.mark.parametrize("gold_name", GOLD_NAMES)
def test_gold_schema(gold_name):
    gold = _gold(gold_name)
    assert set(gold) == {"file", "language", "agencies", "persons", "countries", "events"}
    assert gold["file"] == gold_name.removesuffix(".json") + ".txt"
    assert gold["language"] in {"en", "fr"}
    for agency in gold["agencies"]:
        assert set(agency) == {"id", "country", "mentions"}
        assert isinstance(agency["mentions"], list) and agency["mentions"]
    for person in gold["persons"]:
        assert set(person) == {"name", "agency"}
    assert all(isinstance(code, str) for code in gold["countries"])
    assert 1 <= len(gold["events"]) <= 4
    for event in gold["events"]:
        assert set(event) == {"type", "date", "date_end", "date_text", "evidence"}
        assert event["type"] in EVENT_TYPES


@pytest.mark.parametrize("gold_name", GOLD_NAMES)
def test_article_header_name_length_and_language(gold_name):
    gold = _gold(gold_name)
    header, body = _article(gold["file"])
    published = dt.date.fromisoformat(header["Date"])
    stem = gold["file"].removesuffix(".txt")
    assert stem.startswith(published.strftime("%Y-%m-")), "file name must start with the Date's month"
    assert stem.endswith("-" + gold["language"])
    assert 150 <= len(body.split()) <= 450
    DetectorFactory.seed = 0  # langdetect is random otherwise
    assert detect(body) == gold["language"]


@pytest.mark.parametrize("gold_name", GOLD_NAMES)
def test_agencies_are_known_with_their_country_and_occur(gold_name):
    gold = _gold(gold_name)
    _, body = _article(gold["file"])
    ids = [agency["id"] for agency in gold["agencies"]]
    assert len(ids) == len(set(ids)), "an agency is listed twice"
    for agency in gold["agencies"]:
        assert agency["id"] in KNOWN_AGENCIES, f"unknown agency id {agency['id']!r}"
        assert agency["country"] == KNOWN_AGENCIES[agency["id"]]
        for mention in agency["mentions"]:
            assert mention in body, f"{agency['id']}: {mention!r} not in the article"


@pytest.mark.parametrize("gold_name", GOLD_NAMES)
def test_persons_occur_in_full_and_belong_to_listed_agencies(gold_name):
    gold = _gold(gold_name)
    _, body = _article(gold["file"])
    names = [person["name"] for person in gold["persons"]]
    assert len(names) == len(set(names))
    agency_ids = {agency["id"] for agency in gold["agencies"]}
    for person in gold["persons"]:
        assert len(person["name"].split()) >= 2, "persons carry their full name"
        assert person["name"] in body
        assert person["agency"] is None or person["agency"] in agency_ids


@pytest.mark.parametrize("gold_name", GOLD_NAMES)
def test_countries_are_iso_named_in_text_and_complete(gold_name):
    gold = _gold(gold_name)
    _, body = _article(gold["file"])
    codes = gold["countries"]
    assert len(codes) == len(set(codes))
    for code in codes:
        assert pycountry.countries.get(alpha_2=code) is not None, code
        assert country_named(code, body), f"{code} is not named in the article"
    missing = countries_written_exactly(body) - set(codes)
    assert not missing, f"countries named in the article but not in the gold: {missing}"


@pytest.mark.parametrize("gold_name", GOLD_NAMES)
def test_events_have_verbatim_evidence_and_resolvable_dates(gold_name):
    gold = _gold(gold_name)
    header, body = _article(gold["file"])
    published = dt.date.fromisoformat(header["Date"])
    for event in gold["events"]:
        evidence = event["evidence"]
        assert evidence and "\n" not in evidence and len(evidence) <= 200
        assert evidence in body, f"evidence not verbatim: {evidence!r}"
        if event["date"] is None:
            assert event["date_end"] is None and event["date_text"] is None
            continue
        start = dt.date.fromisoformat(event["date"])
        end = dt.date.fromisoformat(event["date_end"]) if event["date_end"] else None
        assert end is None or end > start
        assert start <= published + dt.timedelta(days=366)
        assert event["date_text"] in body
        problem = date_text_problem(event["date_text"], start, end, published)
        assert problem is None, f"{event['date_text']!r} -> {start}..{end}: {problem}"
