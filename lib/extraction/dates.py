"""Dates: one publication-date value, and date expressions in article text resolved to ranges.

dateparser does the parsing of each piece; this module finds the expressions (English and French),
decides ranges and precision, and anchors year-less or relative expressions on the reference date
(the article's publication date).
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import dateparser

from lib.records import DateRef

# A metadata value must carry its year: a 4-digit year, or a numeric d/m/yy form.
_HAS_YEAR = re.compile(r"(?<!\d)(?:1[89]\d\d|2[01]\d\d)(?!\d)|(?<!\d)\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2}(?!\d)")
_ISO_LIKE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+\-]\d{2}:?\d{2})?)?")
_MIN_YEAR, _MAX_YEAR = 1900, 2100
_MAX_VALUE_CHARS = 200
_OTHER_METADATA_LANGUAGES = ["es", "de", "it", "pt", "nl", "ar"]


def _plausible(day: dt.date | None) -> dt.date | None:
    return day if day is not None and _MIN_YEAR <= day.year <= _MAX_YEAR else None


@lru_cache(maxsize=4096)
def _dateparser_full(value: str) -> dt.date | None:
    """A complete day-month-year value; European day-first order for numeric forms."""
    settings = {
        "DATE_ORDER": "DMY",
        "REQUIRE_PARTS": ["day", "month", "year"],
        "RETURN_AS_TIMEZONE_AWARE": False,
        "PREFER_DATES_FROM": "past",
    }
    try:
        parsed = dateparser.parse(value, languages=["en", "fr"], settings=settings)
        if parsed is None:
            # Metadata in a few other languages analysts receive; a fixed list, since letting dateparser
            # try every language it knows costs seconds per odd value.
            parsed = dateparser.parse(value, languages=_OTHER_METADATA_LANGUAGES, settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input; a value is just not a date then
        return None
    return _plausible(parsed.date()) if parsed else None


def parse_date(value: str) -> dt.date | None:
    """A single publication-date value (metadata, header line, CSV column) -> date, or None.

    Never raises, never invents a year: a value without an explicit year is None.
    """
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    if not value or len(value) > _MAX_VALUE_CHARS or not _HAS_YEAR.search(value):
        return None
    if _ISO_LIKE.fullmatch(value):
        try:
            # The calendar day as written, whatever the offset: that is the day the source printed.
            return _plausible(dt.datetime.fromisoformat(value).date())
        except ValueError:
            return None
    found = _dateparser_full(value)
    if found is not None:
        return found
    # "Published on 29 June 2024 at 10:00": fall back on the one full date written inside the value.
    days = {
        ref.start
        for ref in resolve_dates(value, None)
        if ref.precision == "day" and ref.start == ref.end and _HAS_YEAR.search(ref.text)
    }
    return days.pop() if len(days) == 1 else None


# ---------------------------------------------------------------------------------------------
# Finding expressions in text
# ---------------------------------------------------------------------------------------------

_MONTHS: dict[str, int] = {
    # English
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    # French
    "janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "fév": 2, "fev": 2,
    "mars": 3, "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "août": 8,
    "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12, "déc": 12,
}
_SHORT_FULL_NAMES = {"may", "june", "july", "mars", "mai", "juin", "aout", "août"}
_FULL_MONTHS = [m for m in _MONTHS if len(m) > 4 or m in _SHORT_FULL_NAMES]
_ABBR_MONTHS = [m for m in _MONTHS if m not in _FULL_MONTHS]


def _alternation(words: list[str]) -> str:
    # Longest first so that "sept" wins over "sep" and "juillet" over "juil".
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_MONTH = rf"(?:(?:{_alternation(_FULL_MONTHS)})(?!\w)|(?:{_alternation(_ABBR_MONTHS)})(?!\w)\.?)"
_EN_WORDS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
             "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
             "sept", "oct", "nov", "dec"}


def _month_words(words: list[str], keep: set[str]) -> str:
    full = [w for w in words if w in keep and w in _FULL_MONTHS]
    abbr = [w for w in words if w in keep and w in _ABBR_MONTHS]
    return rf"(?:(?:{_alternation(full)})(?!\w)|(?:{_alternation(abbr)})(?!\w)\.?)"


_EN_MONTH = _month_words(list(_MONTHS), _EN_WORDS)
_FR_MONTH = _month_words(list(_MONTHS), set(_MONTHS) - _EN_WORDS | {"sept", "oct", "nov"})
_WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
}
_WEEKDAY = rf"(?:{_alternation(list(_WEEKDAYS))})(?!\w)"


def is_calendar_word(word: str) -> bool:
    """A month or weekday name, English or French ("Thursday", "mai")."""
    folded = word.lower().rstrip(".")
    return folded in _MONTHS or folded in _WEEKDAYS
_WEEKDAY_ABBR = r"(?:mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.?"
_WD_PREFIX = rf"(?:(?P<wd0>{_WEEKDAY}|{_WEEKDAY_ABBR}),?\s+)?"
_WD_IN_RANGE = rf"(?:{_WEEKDAY},?\s+)?"  # "du lundi 8 au jeudi 11 mai"
# A day of the month, not part of a larger number, a time ("26:30") or a decimal.
_DAY = r"[0-3]?\d(?:st|nd|rd|th|er)?(?!\w|[:.,]\d)"
_YEAR = r"(?:1[89]\d\d|20\d\d)(?!\w|[.,]\d)"
_START = r"(?<![\w.,/:\-–])"  # an expression that opens with a number must not continue one
_SEP = r"(?:\s*[-–—]\s*|\s+(?P<sep>to|through|till|until|and|au|et|à)\s+)"
_MOD = r"(?:(?:early|late|mid)[\s-]+|mi-|(?:d[ée]but|fin)\s+(?:d['’]|de\s+)?)"


def _g(name: str, body: str) -> str:
    return f"(?P<{name}>{body})"


_PATTERNS: list[tuple[str, str]] = [
    # June 26-28 · between June 26 and 28 · June 30 to July 2, 2024
    ("day_range_mdy",
     rf"(?<!\w)(?P<x>(?:(?P<pre>from|between)\s+)?{_g('m1', _MONTH)}\s+(?:the\s+)?{_g('d1', _DAY)}"
     rf"(?:,?\s+{_g('y1', _YEAR)})?{_SEP}(?:{_g('m2', _MONTH)}\s+)?(?:the\s+)?{_g('d2', _DAY)}"
     rf"(?:,?\s+{_g('y2', _YEAR)})?)"),
    # 26-28 June · from 26 to 28 June · du 26 au 28 juin · entre le 26 et le 28 juin · 28 juin au 2 juillet
    ("day_range_dmy",
     rf"{_START}(?P<x>(?:(?P<pre>from|between|du|les|entre(?:\s+le)?)\s+)?(?:the\s+)?{_WD_IN_RANGE}{_g('d1', _DAY)}"
     rf"(?:(?:\s+of)?\s+{_g('m1', _MONTH)}(?:,?\s+{_g('y1', _YEAR)})?)?{_SEP}(?:le\s+|the\s+)?"
     rf"{_WD_IN_RANGE}{_g('d2', _DAY)}(?:\s+of)?\s+{_g('m2', _MONTH)}(?:,?\s+{_g('y2', _YEAR)})?)"),
    # June 26, 2024 · Tuesday, June 25
    ("day_mdy",
     rf"(?<!\w)(?P<x>{_WD_PREFIX}{_g('m1', _MONTH)}\s+(?:the\s+)?{_g('d1', _DAY)}(?:,?\s+{_g('y1', _YEAR)})?)"),
    # 26 June 2024 · the 26th of June · mardi 25 juin
    ("day_dmy",
     rf"(?<![\w.,/:\-–])(?P<x>{_WD_PREFIX}(?:the\s+)?{_g('d1', _DAY)}(?:\s+of)?\s+{_g('m1', _MONTH)}"
     rf"(?:,?\s+{_g('y1', _YEAR)})?)"),
    # 29/06/2024 · 29.06.2024 · 2024-06-29 (a four-digit year is required: "24/7" is not a date)
    ("day_numeric",
     r"(?<![\d/.\-])(?P<x>\d{1,2}(?P<s1>[/.\-])\d{1,2}(?P=s1)(?:19|20)\d\d"
     r"|(?:19|20)\d\d(?P<s2>[/.\-])\d{1,2}(?P=s2)\d{1,2})(?!\d|[/.\-]\d)"),
    # from March to May 2024 · de mars à mai · March 2023 to June 2024
    ("month_range",
     rf"(?<!\w)(?P<x>(?:(?P<pre>from|between|de|entre)\s+|(?P<pre2>d['’]))?{_g('m1', _MONTH)}"
     rf"(?:,?\s+{_g('y1', _YEAR)})?{_SEP}{_g('m2', _MONTH)}(?:,?\s+{_g('y2', _YEAR)})?)"),
    # March 2023 · mid-March 2023 · fin mars 2024
    ("month_year", rf"(?<!\w)(?P<x>(?:{_MOD})?{_g('m1', _MONTH)},?\s+(?:of\s+)?{_g('y1', _YEAR)})"),
    # in March · since May · early June (English words with English months only: "in Mars" is a planet)
    ("month_alone",
     rf"(?:\b(?:in|since|during|until|till|by|throughout|from|before|after|around"
     rf"|(?:the\s+)?(?:end|beginning|start|middle)\s+of)\s+)?"
     rf"(?<!\w)(?P<x>(?P<mod>(?:early|late|mid)[\s-]+)?{_g('m1', _EN_MONTH)})"),
    # en mars · début juin · mi-juillet · au mois de mai
    ("month_alone",
     rf"(?:\b(?:en|depuis|dès|pendant|courant|avant|après|vers|jusqu['’]en|à\s+partir\s+de"
     rf"|au\s+mois\s+d['e]\s*)\s*)?"
     rf"(?<!\w)(?P<x>(?P<mod>mi-|(?:d[ée]but|fin)\s+(?:d['’]|de\s+)?)?{_g('m1', _FR_MONTH)})"),
    # from 2019 to 2022 · entre 2019 et 2022 · in 2022-2023
    ("year_range",
     rf"(?P<x>(?P<pre>from|between|de|entre)\s+{_g('y1', _YEAR)}{_SEP}{_g('y2', _YEAR)})"),
    ("year_range",
     rf"\b(?:in|during|en|pendant|over)\s+(?P<x>{_g('y1', _YEAR)}\s*[-–/]\s*{_g('y2', _YEAR)})"),
    # in 2022 · since 2019 · en 2022 · fin 2023 · early 2024
    ("year",
     rf"(?:\b(?:in|since|during|until|by|throughout|en|depuis|dès|pendant|jusqu['’]en|courant)\s+)"
     rf"(?P<x>(?:{_MOD})?{_g('y1', _YEAR)})(?![\-–/]\d|\s*%)"),
    ("year", rf"(?<!\w)(?P<x>{_MOD}{_g('y1', _YEAR)})(?![\-–/]\d|\s*%)"),
    # today · yesterday · aujourd'hui · hier · avant-hier
    ("day_word",
     r"\b(?P<x>the\s+day\s+before\s+yesterday|yesterday|today|avant-hier|hier|aujourd['’]hui)(?!\w)"),
    # (on|last|next) Tuesday · mardi (dernier|prochain) · ce mardi
    ("weekday",
     rf"\b(?P<x>(?:(?P<rel>last|past|this|next|ce)\s+)?{_g('wd', _WEEKDAY)}"
     rf"(?:\s+(?P<rel2>dernier|passé|prochain))?)"),
    # last week · la semaine dernière · earlier this month · l'an dernier · next year
    ("period",
     r"\b(?P<x>(?P<en_rel>last|this|next|earlier\s+this|later\s+this)\s+(?P<en_unit>week|month|year)"
     r"|(?:(?P<fr_early>plus\s+tôt|en\s+début\s+de|au\s+début\s+de)\s+)?"
     r"(?:(?:la|le|cette|ce)\s+|l['’])?(?P<fr_unit>semaine|mois|année|an)"
     r"(?:-ci|\s+(?P<fr_rel>dernière|dernier|passée|passé|prochaine|prochain))"
     r"|(?:(?P<fr_early2>plus\s+tôt|en\s+début\s+d['’])\s*)?"
     r"(?P<fr_this>cette\s+(?:semaine|année)|ce\s+mois))(?!\w)"),
    # three weeks ago · il y a deux mois
    ("ago",
     r"\b(?P<x>(?:\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
     r"(?P<en_unit>days?|weeks?|months?|years?)\s+ago"
     r"|il\s+y\s+a\s+(?:\d{1,3}|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze)\s+"
     r"(?P<fr_unit>jours?|semaines?|mois|ans|an|années?))(?!\w)"),
]
_COMPILED = [(kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in _PATTERNS]

_MAX_TEXT_CHARS = 200_000  # bounds the work on pathological uploads
# Year-less dates may run up to about three months past the publication date (schedules announced
# ahead: "the Paralympics follow, from August 28"); later than that they are last year's.
_FUTURE_SLACK = dt.timedelta(days=92)


# ---------------------------------------------------------------------------------------------
# Resolving one found expression
# ---------------------------------------------------------------------------------------------


def _month_number(token: str) -> int | None:
    return _MONTHS.get(token.lower().rstrip("."))


def _month_token_ok(token: str | None) -> bool:
    """Month words that are also common words count only in their date spelling."""
    if token is None:
        return True
    if token.lower() in {"may", "march"}:  # the modal verb, the verb
        return token[0] == "M"
    if token.lower() == "sept":  # the French number seven
        return token[0] == "S"
    if token.lower() == "mar":  # too short to trust in lower case
        return token[0] == "M"
    return True


def _strip_ordinal(day: str) -> str:
    return re.sub(r"(?i)(st|nd|rd|th|er)$", "", day)


def _dp_day(day: str, month: str, year: int) -> dt.date | None:
    """dateparser reads "26 juin 2024" / "3 Sept. 2024"; it also rejects impossible days (31 June)."""
    found = _dp_day_month(day, month)
    if found is None:
        return None
    try:
        return _plausible(dt.date(year, *found))
    except ValueError:  # 29 February of a common year
        return None


@lru_cache(maxsize=4096)
def _dp_day_month(day: str, month: str) -> tuple[int, int] | None:
    """(month, day) as dateparser reads them, asked once per spelling rather than once per year: the
    reading does not depend on the year (checked over every day and month token the patterns
    accept, for several years), so the year is set after. A leap year lets 29 February through."""
    try:
        parsed = dateparser.parse(
            f"{_strip_ordinal(day)} {month} 2000",
            languages=["en", "fr"],
            settings={"DATE_ORDER": "DMY", "REQUIRE_PARTS": ["day", "month", "year"]},
        )
    except Exception:  # dateparser's own errors on odd input mean "not a date"
        return None
    return (parsed.month, parsed.day) if parsed else None


@lru_cache(maxsize=4096)
def _dp_relative(expression: str, reference: dt.date) -> dt.date | None:
    """dateparser resolves "yesterday", "hier", "Tuesday", "two weeks ago" against the reference."""
    base = dt.datetime(reference.year, reference.month, reference.day, 12)
    try:
        parsed = dateparser.parse(
            expression,
            languages=["en", "fr"],
            settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False},
        )
    except Exception:
        return None
    return parsed.date() if parsed else None


def _month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, month, 1)
    following = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    return first, following - dt.timedelta(days=1)


def _week_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


Resolved = tuple[dt.date, dt.date, str]
# What a resolver returns for an expression that contradicts itself: it dates nothing, and no shorter
# expression inside it may date anything either.
VOID: Resolved = (dt.date.min, dt.date.min, "void")


class _Context:
    """What every resolver may need: the reference, or without one the month the text was filed in
    (from its address, "/2018/07/"), which dates year-less days but no "yesterday"."""

    def __init__(self, text: str, reference: dt.date | None, filed: tuple[int, int | None] | None = None):
        self.text = text
        self.reference = reference
        self.filed = filed


def _year_without_year(month: int, day: int, ctx: _Context) -> int | None:
    """Articles mostly report the past: a year-less date well after the reference is last year's.

    Without a reference, the year the text was filed in when its address says; else none: a year the
    text mentions is as often a past one ("created in 2015") as the story's, and a guess is a wrong date.
    """
    reference = ctx.reference
    if reference is None:
        if ctx.filed is None:
            return None
        year, filed_month = ctx.filed
        return year - 1 if filed_month is not None and month > filed_month + 3 else year
    year = reference.year
    if dt.date(year, month, min(day, 28)) > reference + _FUTURE_SLACK:
        year -= 1
    return year


def _day_range(m: re.Match[str], ctx: _Context) -> Resolved | None:
    sep, pre = (m.group("sep") or "").lower(), (m.group("pre") or "").lower()
    consecutive = int(_strip_ordinal(m.group("d2"))) == int(_strip_ordinal(m.group("d1"))) + 1
    if sep in {"and", "et"} and not (pre.startswith("between") or pre.startswith("entre") or consecutive):
        return None  # "June 26 and 28" lists two days; "les 15 et 16 octobre" is a span of two
    m1_tok = m.group("m1") or m.group("m2")
    m2_tok = m.group("m2") or m.group("m1")
    month1, month2 = _month_number(m1_tok), _month_number(m2_tok)
    if month1 is None or month2 is None:
        return None
    d1, d2 = int(_strip_ordinal(m.group("d1"))), int(_strip_ordinal(m.group("d2")))
    y1 = int(m.group("y1")) if m.group("y1") else None
    y2 = int(m.group("y2")) if m.group("y2") else None
    if y2 is None and y1 is not None and (month2, d2) >= (month1, d1):
        y2 = y1
    if y1 is None and y2 is not None:
        y1 = y2 if (month1, d1) <= (month2, d2) else y2 - 1
    if y1 is None:
        y1 = _year_without_year(month1, d1, ctx)
        if y1 is None:
            return None
    if y2 is None:
        y2 = y1 if (month2, d2) >= (month1, d1) else y1 + 1
    start, end = _dp_day(m.group("d1"), m1_tok, y1), _dp_day(m.group("d2"), m2_tok, y2)
    if start is None or end is None or end < start or (end - start).days > 366:
        return None
    return start, end, "day"


def _day(m: re.Match[str], ctx: _Context) -> Resolved | None:
    month = _month_number(m.group("m1"))
    if month is None:
        return None
    day = int(_strip_ordinal(m.group("d1")))
    year = int(m.group("y1")) if m.group("y1") else _year_without_year(month, day, ctx)
    if year is None:
        return None
    found = _dp_day(m.group("d1"), m.group("m1"), year)
    if found is not None and not m.group("y1") and not _weekday_agrees(m.groupdict().get("wd0"), found):
        return VOID  # "mardi 10 mars" in a year when 10 March is a Wednesday: no date, not even "mardi"
    return (found, found, "day") if found else None


def _weekday_agrees(written: str | None, day: dt.date) -> bool:
    if not written:
        return True
    word = written.lower().rstrip(".")
    weekday = _WEEKDAYS.get(word)
    if weekday is None:
        weekday = next((n for name, n in _WEEKDAYS.items() if name.startswith(word[:3])), None)
    return weekday is None or weekday == day.weekday()


def _day_numeric(m: re.Match[str], ctx: _Context) -> Resolved | None:
    found = _dateparser_full(m.group("x"))
    return (found, found, "day") if found else None


def _month_range(m: re.Match[str], ctx: _Context) -> Resolved | None:
    sep, pre = (m.group("sep") or "").lower(), (m.group("pre") or "").lower()
    if sep in {"and", "et"} and pre not in {"between", "entre"}:
        return None
    if sep in {"au", "à"} and not (pre == "de" or m.group("pre2")):
        return None  # French month spans read "de mars à mai"
    month1, month2 = _month_number(m.group("m1")), _month_number(m.group("m2"))
    if month1 is None or month2 is None:
        return None
    y1 = int(m.group("y1")) if m.group("y1") else None
    y2 = int(m.group("y2")) if m.group("y2") else None
    if y2 is None:
        if y1 is not None:
            y2 = y1 if month2 >= month1 else y1 + 1
        else:
            y2 = _year_without_year(month2, 1, ctx)
            if y2 is None:
                return None
    if y1 is None:
        y1 = y2 if month1 <= month2 else y2 - 1
    start, end = _month_bounds(y1, month1)[0], _month_bounds(y2, month2)[1]
    if end < start or y2 - y1 > 10:
        return None
    return start, end, "month"


def _month(m: re.Match[str], ctx: _Context) -> Resolved | None:
    month = _month_number(m.group("m1"))
    if month is None:
        return None
    if m.groupdict().get("y1"):
        year: int | None = int(m.group("y1"))
    else:
        if m.group(0) == m.group("x") and not m.groupdict().get("mod"):
            return None  # a bare month name ("March", "Mai") needs "in"/"en"... to be a date
        year = _year_without_year(month, 1, ctx)
    if year is None:
        return None
    start, end = _month_bounds(year, month)
    return start, end, "month"


def _year(m: re.Match[str], ctx: _Context) -> Resolved | None:
    y1 = int(m.group("y1"))
    y2 = int(m.groupdict().get("y2") or y1)
    if y2 < y1 or y2 - y1 > 50:
        return None
    return dt.date(y1, 1, 1), dt.date(y2, 12, 31), "year"


def _day_word(m: re.Match[str], ctx: _Context) -> Resolved | None:
    if ctx.reference is None:
        return None
    found = _dp_relative(" ".join(m.group("x").lower().split()), ctx.reference)
    return (found, found, "day") if found else None


def _weekday(m: re.Match[str], ctx: _Context) -> Resolved | None:
    if ctx.reference is None:
        return None
    weekday = _WEEKDAYS[m.group("wd").lower()]
    relation = (m.group("rel") or m.group("rel2") or "").lower()
    if relation in {"next", "prochain"}:
        ahead = (weekday - ctx.reference.weekday()) % 7 or 7
        found: dt.date | None = ctx.reference + dt.timedelta(days=ahead)
    elif relation in {"last", "past", "dernier", "passé"}:
        # "last Tuesday" / "mardi dernier": the most recent one strictly before the reference.
        found = _dp_relative(m.group("wd").lower(), ctx.reference)
    else:
        # News names the publication day by its weekday too ("said on Thursday" in a Thursday
        # story), so a plain weekday is the most recent one on or before the reference.
        found = ctx.reference - dt.timedelta(days=(ctx.reference.weekday() - weekday) % 7)
    return (found, found, "day") if found else None


_UNIT = {
    "day": "day", "days": "day", "jour": "day", "jours": "day",
    "week": "week", "weeks": "week", "semaine": "week", "semaines": "week",
    "month": "month", "months": "month", "mois": "month",
    "year": "year", "years": "year", "an": "year", "ans": "year", "année": "year", "années": "year",
}


def _period_bounds(unit: str, anchor: dt.date) -> tuple[dt.date, dt.date]:
    if unit == "week":
        return _week_bounds(anchor)
    if unit == "month":
        return _month_bounds(anchor.year, anchor.month)
    return dt.date(anchor.year, 1, 1), dt.date(anchor.year, 12, 31)


def _shift(unit: str, reference: dt.date, step: int) -> dt.date:
    if unit == "week":
        return reference + dt.timedelta(weeks=step)
    if unit == "month":
        index = reference.year * 12 + reference.month - 1 + step
        return dt.date(index // 12, index % 12 + 1, 1)
    return dt.date(reference.year + step, 1, 1)


def _period(m: re.Match[str], ctx: _Context) -> Resolved | None:
    ref = ctx.reference
    if ref is None:
        return None
    if m.group("en_unit"):
        unit, relation = _UNIT[m.group("en_unit").lower()], " ".join(m.group("en_rel").lower().split())
        step = {"last": -1, "next": 1}.get(relation, 0)
        earlier = relation == "earlier this"
    elif m.group("fr_unit"):
        unit = _UNIT[m.group("fr_unit").lower()]
        relation = (m.group("fr_rel") or "").lower()
        step = -1 if relation.startswith(("dern", "pass")) else 1 if relation.startswith("proch") else 0
        earlier = bool(m.group("fr_early")) and step == 0
    else:
        unit = _UNIT[m.group("fr_this").lower().split()[-1]]
        step, earlier = 0, bool(m.group("fr_early2"))
    start, end = _period_bounds(unit, _shift(unit, ref, step))
    if earlier:
        end = min(end, ref)  # "earlier this month": from the start of the month up to the article
    return start, end, unit


def _ago(m: re.Match[str], ctx: _Context) -> Resolved | None:
    if ctx.reference is None:
        return None
    found = _dp_relative(" ".join(m.group("x").lower().split()), ctx.reference)
    if found is None:
        return None
    unit = _UNIT[(m.group("en_unit") or m.group("fr_unit")).lower()]
    if unit == "day":
        return found, found, "day"
    start, end = _period_bounds(unit, found)
    return start, end, unit


_RESOLVERS = {
    "day_range_mdy": _day_range, "day_range_dmy": _day_range, "day_mdy": _day, "day_dmy": _day,
    "day_numeric": _day_numeric, "month_range": _month_range, "month_year": _month,
    "month_alone": _month, "year_range": _year, "year": _year, "day_word": _day_word,
    "weekday": _weekday, "period": _period, "ago": _ago,
}


def _month_tokens_ok(m: re.Match[str]) -> bool:
    groups = m.groupdict()
    return all(_month_token_ok(groups.get(name)) for name in ("m1", "m2"))


def _candidates(text: str, reference: dt.date | None, filed: tuple[int, int | None] | None = None) -> list[DateRef]:
    ctx = _Context(text, reference, filed)
    found: list[DateRef] = []
    void: list[tuple[int, int]] = []
    for kind, pattern in _COMPILED:
        for match in pattern.finditer(text):
            if not _month_tokens_ok(match):
                continue
            try:
                resolved = _RESOLVERS[kind](match, ctx)
            except (ValueError, OverflowError):  # dates beyond the calendar's range near year 1 or 9999
                resolved = None
            if resolved is None:
                continue
            cs, ce = match.span("x")
            if resolved is VOID:
                void.append((cs, ce))
                continue
            start, end, precision = resolved
            found.append(DateRef(text[cs:ce], start, end, precision, cs, ce))
    return [d for d in found if not any(cs <= d.char_start and d.char_end <= ce for cs, ce in void)]


def _non_overlapping(candidates: list[DateRef]) -> list[DateRef]:
    """Longest expression first ("June 26-28" beats "June 26"), then leftmost."""
    kept: list[DateRef] = []
    for cand in sorted(candidates, key=lambda c: (-(c.char_end - c.char_start), c.char_start)):
        if all(cand.char_end <= k.char_start or cand.char_start >= k.char_end for k in kept):
            kept.append(cand)
    return sorted(kept, key=lambda c: c.char_start)


def resolve_dates(text: str, reference: dt.date | None, language: str = "en", *,
                  filed: tuple[int, int | None] | None = None) -> list[DateRef]:
    """Every English or French date expression in `text`, resolved against `reference` (the publication
    date), else year-less days against `filed` (the year and month the text's address gives, see
    `filed_from_url`).

    `language` is accepted for symmetry with the other extractors; both languages' patterns always
    run, so that a mixed or misdetected article still has its dates found.
    """
    if not isinstance(text, str) or not text:
        return []
    return _non_overlapping(_candidates(text[:_MAX_TEXT_CHARS], reference, filed))


_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/\-](0[1-9]|1[0-2])(?:[/\-]|$)|/((?:19|20)\d\d)/")


def filed_from_url(url: str | None) -> tuple[int, int | None] | None:
    """The year and month an address files its page under ("/news/2018/07/..." -> (2018, 7)), if any."""
    if not url:
        return None
    match = _URL_DATE.search(url)
    if match is None:
        return None
    if match.group(1):
        return int(match.group(1)), int(match.group(2))
    return int(match.group(3)), None


_LEADING_WORDS = re.compile(r"^(?:on|in|at|le|la|en|the)\s+", re.IGNORECASE)


def resolve_expression(expr: str, reference: dt.date | None, language: str = "en") -> DateRef | None:
    """One expression already isolated (e.g. a spaCy DATE entity), resolved; char offsets are None."""
    if not isinstance(expr, str):
        return None
    expr = " ".join(expr.split())
    if not expr or len(expr) > 200:
        return None
    # An isolated bare year or month is a date on its own; in running text it needs "in"/"en".
    bare = _LEADING_WORDS.sub("", expr)
    if re.fullmatch(_YEAR, bare):
        return DateRef(expr, dt.date(int(bare), 1, 1), dt.date(int(bare), 12, 31), "year")
    if _month_number(bare) is not None:
        probe = f"{'in' if bare.lower().rstrip('.') in _EN_WORDS else 'en'} {bare}"
    else:
        probe = expr
    found = _non_overlapping(_candidates(probe, reference))
    if not found:
        return None
    best = max(found, key=lambda c: c.char_end - c.char_start)
    return DateRef(expr, best.start, best.end, best.precision)
