"""Dates: publication-date values, expressions in text, resolution against the reference."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib.extraction.dates import filed_from_url, parse_date, resolve_dates, resolve_expression

D = dt.date
REF = D(2024, 6, 30)  # a Sunday


# --- parse_date --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "2024-06-29",
        "2024-06-29T10:00:00Z",
        "2024-06-29T23:30:00-05:00",
        "29 June 2024",
        "June 29, 2024",
        "29/06/2024",
        "29.06.2024",
        "29 juin 2024",
        "le 29 juin 2024",
        "Samedi 29 juin 2024",
        "2024/06/29",
        "Sat, 29 Jun 2024 10:00:00 +0200",
        "  29 June 2024\n",
        "Published on 29 June 2024 at 10:00",
        "29 de junio de 2024",
        "29. Juni 2024",
    ],
)
def test_parse_date_reads_common_publication_formats(value):
    assert parse_date(value) == D(2024, 6, 29)


def test_parse_date_reads_numeric_dates_day_first():
    assert parse_date("05/06/2024") == D(2024, 6, 5)
    assert parse_date("1er juillet 2024") == D(2024, 7, 1)


@pytest.mark.parametrize(
    "value",
    ["", "   ", "hello", "June 29", "29 juin", "yesterday", "Tuesday", "24/7", "12", "2024", "June 2024",
     "31 June 2024", "2024-13-45", "not a date 1234", "x" * 500],
)
def test_parse_date_refuses_non_dates_and_dates_without_year(value):
    assert parse_date(value) is None


def test_parse_date_refuses_non_strings():
    assert parse_date(None) is None  # type: ignore[arg-type]
    assert parse_date(20240629) is None  # type: ignore[arg-type]


def test_parse_date_refuses_two_different_dates_in_one_value():
    assert parse_date("from 3 June 2024 to 5 June 2024, updated") is None


# --- resolve_dates: absolute expressions -------------------------------------------------------


def one(text: str, reference: dt.date | None = REF):
    found = resolve_dates(text, reference)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("He visited France on June 26-28 for talks.", "June 26-28"),
        ("He visited France on 26-28 June for talks.", "26-28 June"),
        ("He stayed from 26 to 28 June in Paris.", "from 26 to 28 June"),
        ("Il s'est rendu en France du 26 au 28 juin.", "du 26 au 28 juin"),
        ("Talks took place between June 26 and 28.", "between June 26 and 28"),
        ("Les réunions ont eu lieu entre le 26 et le 28 juin.", "entre le 26 et le 28 juin"),
        ("He was there June 26 to 28, 2024.", "June 26 to 28, 2024"),
        ("He visited on June 26–28.", "June 26–28"),
    ],
)
def test_day_ranges(text, expected):
    ref = one(text)
    assert (ref.text, ref.start, ref.end, ref.precision) == (expected, D(2024, 6, 26), D(2024, 6, 28), "day")
    assert text[ref.char_start : ref.char_end] == expected


def test_day_range_across_months_and_across_years():
    ref = one("The mission ran from June 28 to July 2.")
    assert (ref.start, ref.end) == (D(2024, 6, 28), D(2024, 7, 2))
    ref = one("Du 28 juin au 2 juillet 2024, la mission s'est poursuivie.")
    assert (ref.start, ref.end) == (D(2024, 6, 28), D(2024, 7, 2))
    ref = one("The operation ran from December 28 to January 3.", D(2024, 1, 20))
    assert (ref.start, ref.end) == (D(2023, 12, 28), D(2024, 1, 3))


def test_two_listed_days_are_not_a_range():
    found = resolve_dates("Meetings were held on June 26 and 28.", REF)
    assert [(r.text, r.start, r.end) for r in found] == [("June 26", D(2024, 6, 26), D(2024, 6, 26))]


@pytest.mark.parametrize(
    "text, day",
    [
        ("The agreement was signed on June 26, 2024.", D(2024, 6, 26)),
        ("L'accord a été signé le 26 juin 2024.", D(2024, 6, 26)),
        ("It was signed on 3 March 2023 in Rabat.", D(2023, 3, 3)),
        ("Signé le 1er juillet 2023.", D(2023, 7, 1)),
        ("On the 5th of May 2022 the unit was created.", D(2022, 5, 5)),
        ("Dated 29/06/2024 in the register.", D(2024, 6, 29)),
        ("Report 2024-06-29T10:00:00Z filed.", D(2024, 6, 29)),
        ("Le 3 sept. 2023, la brigade a saisi des armes.", D(2023, 9, 3)),
        ("Tuesday, June 25, 2024 was chosen.", D(2024, 6, 25)),
    ],
)
def test_single_days_with_year(text, day):
    ref = one(text)
    assert (ref.start, ref.end, ref.precision) == (day, day, "day")


def test_year_less_day_takes_the_reference_year_or_the_previous_one():
    assert one("The chiefs met on June 12.").start == D(2024, 6, 12)
    # A little after the reference: still this year (announced events).
    assert one("The summit opens on July 15.").start == D(2024, 7, 15)
    # Well after the reference: last year's, since articles mostly report the past.
    assert one("The cell was dismantled on November 4.").start == D(2023, 11, 4)


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("The unit was created in March.", D(2024, 3, 1), D(2024, 3, 31)),
        ("L'unité a été créée en mars.", D(2024, 3, 1), D(2024, 3, 31)),
        ("The unit was created in October.", D(2023, 10, 1), D(2023, 10, 31)),
        ("The unit was created in March 2023.", D(2023, 3, 1), D(2023, 3, 31)),
        ("L'unité a été créée en mars 2023.", D(2023, 3, 1), D(2023, 3, 31)),
        ("Raids continued until mid-May.", D(2024, 5, 1), D(2024, 5, 31)),
        ("Les arrestations ont eu lieu fin mai.", D(2024, 5, 1), D(2024, 5, 31)),
        ("Patrols ran from March to May 2023.", D(2023, 3, 1), D(2023, 5, 31)),
        ("Les patrouilles ont duré de mars à mai.", D(2024, 3, 1), D(2024, 5, 31)),
        ("The plan runs to the end of June.", D(2024, 6, 1), D(2024, 6, 30)),
        ("Le dispositif est en place depuis début avril.", D(2024, 4, 1), D(2024, 4, 30)),
    ],
)
def test_month_precision(text, start, end):
    ref = one(text)
    assert (ref.start, ref.end, ref.precision) == (start, end, "month")


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("The network was dismantled in 2022.", D(2022, 1, 1), D(2022, 12, 31)),
        ("Le réseau a été démantelé en 2022.", D(2022, 1, 1), D(2022, 12, 31)),
        ("Cooperation has grown since 2019.", D(2019, 1, 1), D(2019, 12, 31)),
        ("Cooperation grew from 2019 to 2022.", D(2019, 1, 1), D(2022, 12, 31)),
        ("La coopération s'est renforcée entre 2019 et 2022.", D(2019, 1, 1), D(2022, 12, 31)),
    ],
)
def test_year_precision(text, start, end):
    ref = one(text)
    assert (ref.start, ref.end, ref.precision) == (start, end, "year")


def test_year_text_excludes_the_preposition():
    ref = one("The network was dismantled in 2022.")
    assert ref.text == "2022"


# --- resolve_dates: relative expressions --------------------------------------------------------


@pytest.mark.parametrize(
    "text, start, end, precision",
    [
        ("Officials met last week in Rabat.", D(2024, 6, 17), D(2024, 6, 23), "week"),
        ("Les responsables se sont réunis la semaine dernière.", D(2024, 6, 17), D(2024, 6, 23), "week"),
        ("The minister spoke yesterday.", D(2024, 6, 29), D(2024, 6, 29), "day"),
        ("Le ministre s'est exprimé hier.", D(2024, 6, 29), D(2024, 6, 29), "day"),
        ("The minister spoke on Tuesday.", D(2024, 6, 25), D(2024, 6, 25), "day"),
        ("Le ministre s'est exprimé mardi dernier.", D(2024, 6, 25), D(2024, 6, 25), "day"),
        ("The raid happened earlier this month.", D(2024, 6, 1), D(2024, 6, 30), "month"),
        ("The raid happened last month.", D(2024, 5, 1), D(2024, 5, 31), "month"),
        ("Le raid a eu lieu le mois dernier.", D(2024, 5, 1), D(2024, 5, 31), "month"),
        ("The law passed last year.", D(2023, 1, 1), D(2023, 12, 31), "year"),
        ("La loi a été votée l'an dernier.", D(2023, 1, 1), D(2023, 12, 31), "year"),
        ("The cell was found three weeks ago.", D(2024, 6, 3), D(2024, 6, 9), "week"),
        ("La cellule a été découverte il y a deux mois.", D(2024, 4, 1), D(2024, 4, 30), "month"),
        ("They will meet next Monday.", D(2024, 7, 1), D(2024, 7, 1), "day"),
    ],
)
def test_relative_expressions(text, start, end, precision):
    ref = one(text)
    assert (ref.start, ref.end, ref.precision) == (start, end, precision)


def test_plain_weekday_may_be_the_publication_day_but_last_weekday_is_strictly_before():
    # The reference is a Sunday: a Sunday story's "on Sunday" is that day, "last Sunday" the week before.
    assert one("The ceremony was held on Sunday.").start == D(2024, 6, 30)
    assert one("The ceremony was held last Sunday.").start == D(2024, 6, 23)
    assert one("La cérémonie a eu lieu dimanche dernier.").start == D(2024, 6, 23)


def test_today_is_the_reference_day():
    assert one("Europol announced today that the network was dismantled.").start == REF
    assert one("Europol a annoncé aujourd’hui le démantèlement.").start == REF


def test_earlier_this_month_stops_at_the_reference():
    ref = one("The raid happened earlier this month.", D(2024, 6, 12))
    assert (ref.start, ref.end) == (D(2024, 6, 1), D(2024, 6, 12))


# --- what is not a date ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The centre is open 24/7.",
        "A 24-year-old man aged 24 was arrested at 10:00.",
        "Security for Paris-2024 was discussed.",
        "Before the 2024 Paris Olympics, talks were held.",
        "They may 3 times refuse.",
        "Thousands march in the streets; 20 march downtown.",
        "Ils étaient sept suspects.",
        "Life on Mars is a song.",
        "Seized 1,500 kg and 12 vehicles; case 12/3.",
        "Only 2 of the 30 officers.",
        "A yearly 2024 budget and a March through the city.",
        "May the talks succeed; officers may act.",
    ],
)
def test_non_dates_are_not_reported(text):
    assert resolve_dates(text, REF) == []


def test_relative_expressions_need_a_reference():
    assert resolve_dates("They met yesterday and last week, on Tuesday.", None) == []


def test_without_reference_year_less_dates_take_the_filing_year_not_a_year_of_the_text():
    text = "Ahead of the 2024 Paris Olympics, chiefs met on June 26-28."
    assert [r.text for r in resolve_dates(text, None)] == []
    found = resolve_dates(text, None, filed=(2024, 7))
    assert [(r.text, r.start, r.end) for r in found] == [("June 26-28", D(2024, 6, 26), D(2024, 6, 28))]


def test_without_reference_or_year_hint_year_less_dates_are_skipped():
    assert resolve_dates("Chiefs met on June 26-28 and in March.", None) == []
    found = resolve_dates("Chiefs met on 26 June 2023.", None)
    assert [r.start for r in found] == [D(2023, 6, 26)]


def test_several_expressions_are_sorted_and_do_not_overlap():
    text = "After talks on June 26-28, a deal was signed on 3 July 2024; the unit was created in 2019."
    found = resolve_dates(text, REF)
    assert [r.text for r in found] == ["June 26-28", "3 July 2024", "2019"]
    for ref in found:
        assert text[ref.char_start : ref.char_end] == ref.text


def test_impossible_days_are_not_days():
    found = resolve_dates("It was dated 31 June 2024 and February 30, 2023.", REF)
    # At most the month that is written survives; never a day that does not exist.
    assert all(ref.precision == "month" for ref in found)
    assert [ref.text for ref in found] == ["June 2024"]


# --- resolve_expression ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "expr, start, end, precision",
    [
        ("June 26-28", D(2024, 6, 26), D(2024, 6, 28), "day"),
        ("2023", D(2023, 1, 1), D(2023, 12, 31), "year"),
        ("March", D(2024, 3, 1), D(2024, 3, 31), "month"),
        ("mars", D(2024, 3, 1), D(2024, 3, 31), "month"),
        ("last week", D(2024, 6, 17), D(2024, 6, 23), "week"),
        ("the 26th of June", D(2024, 6, 26), D(2024, 6, 26), "day"),
    ],
)
def test_resolve_expression(expr, start, end, precision):
    ref = resolve_expression(expr, REF)
    assert ref is not None
    assert (ref.text, ref.start, ref.end, ref.precision, ref.char_start, ref.char_end) == (
        expr, start, end, precision, None, None)


def test_resolve_expression_returns_none_for_non_dates():
    assert resolve_expression("the summer", REF) is None
    assert resolve_expression("", REF) is None
    assert resolve_expression("last week", None) is None


# --- without a publication date ----------------------------------------------------------------


def test_without_a_publication_date_a_yearless_day_takes_the_year_of_the_address_or_none():
    assert not resolve_dates("The talks opened on 5 July in Vienna.", None)
    found = resolve_dates("The talks opened on 5 July in Vienna.", None, filed=(2018, 7))
    assert [(d.start, d.precision) for d in found] == [(dt.date(2018, 7, 5), "day")]
    # A year the text mentions is no guide: "created in 2015" is not this story's year.
    assert [d.text for d in resolve_dates("Created in 2015, the office met from 28 to 30 March.", None)] == ["2015"]


def test_a_month_long_after_the_filing_month_is_last_years():
    found = resolve_dates("The suspect was arrested in November.", None, filed=(2019, 2))
    assert found[0].start == dt.date(2018, 11, 1)


def test_filing_dates_from_addresses():
    assert filed_from_url("https://example.org/news/2018/07/visit") == (2018, 7)
    assert filed_from_url("https://example.org/2016/04/transfer.html") == (2016, 4)
    assert filed_from_url("https://example.org/2012/item") == (2012, None)
    assert filed_from_url("https://example.org/item-2012345") is None and filed_from_url(None) is None


def test_a_weekday_that_disagrees_with_the_day_drops_the_date():
    # 10 March 2021 was a Wednesday, 9 March a Tuesday.
    assert not resolve_dates("Il a été arrêté mardi 10 mars.", dt.date(2021, 3, 11))
    assert resolve_dates("Il a été arrêté mardi 9 mars.", dt.date(2021, 3, 11))[0].start == dt.date(2021, 3, 9)


def test_ranges_with_weekdays_and_two_consecutive_days():
    found = resolve_dates("L'opération s'est déroulée du lundi 8 au jeudi 11 mai.", dt.date(2017, 5, 13))
    assert [(d.start, d.end) for d in found] == [(dt.date(2017, 5, 8), dt.date(2017, 5, 11))]
    found = resolve_dates("L'assemblée se tient les 15 et 16 octobre 2018 à Alger.", None)
    assert [(d.start, d.end) for d in found] == [(dt.date(2018, 10, 15), dt.date(2018, 10, 16))]
    assert [d.text for d in resolve_dates("Flights left on June 12 and 19.", dt.date(2024, 6, 30))] == ["June 12"]


# --- properties -------------------------------------------------------------------------------

_DATE_WORDS = st.sampled_from(
    ["June", "26", "-", "28", "juin", "du", "au", "2024", "in", "March", "last", "week", "hier", "mardi",
     "dernier", "yesterday", "Tuesday", "/", "24/7", "between", "and", "1er", "il y a", "deux", "mois",
     "ago", "three", "weeks", ",", ".", "from", "to", "en", "fin", "mid-", "0", "31", "9999", "1800"]
)
_TEXTS = st.one_of(st.text(max_size=200), st.lists(_DATE_WORDS, max_size=25).map(" ".join))
_REFERENCES = st.one_of(st.none(), st.dates(min_value=D(1, 1, 1), max_value=D(9999, 12, 31)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXTS, reference=_REFERENCES)
def test_any_text_resolves_without_raising_to_consistent_refs(text, reference):
    found = resolve_dates(text, reference)
    previous_end = 0
    for ref in found:
        assert ref.start <= ref.end
        assert ref.precision in {"day", "week", "month", "year"}
        assert 0 <= ref.char_start < ref.char_end <= len(text)
        assert text[ref.char_start : ref.char_end] == ref.text
        assert ref.char_start >= previous_end
        previous_end = ref.char_end


@settings(max_examples=150, deadline=None)
@given(value=_TEXTS)
def test_parse_date_never_raises(value):
    result = parse_date(value)
    assert result is None or isinstance(result, dt.date)


@settings(max_examples=100, deadline=None)
@given(expr=_TEXTS, reference=_REFERENCES)
def test_resolve_expression_never_raises(expr, reference):
    ref = resolve_expression(expr, reference)
    assert ref is None or ref.start <= ref.end


@settings(max_examples=100, deadline=None)
@given(day=st.dates(min_value=D(1990, 1, 1), max_value=D(2039, 12, 31)))
def test_written_dates_round_trip(day):
    assert parse_date(day.isoformat()) == day
    assert parse_date(day.strftime("%d/%m/%Y")) == day
    found = resolve_dates(f"It happened on {day.day} {day.strftime('%B')} {day.year}.", None)
    assert [(r.start, r.end, r.precision) for r in found] == [(day, day, "day")]


def test_a_schedule_a_few_weeks_ahead_keeps_the_publication_year():
    # Written in late July about a late-August fixture: the same year, not the previous one.
    ref = one("Les épreuves suivront, du 29 août au 9 septembre.", D(2024, 7, 20))
    assert (ref.start, ref.end) == (D(2024, 8, 29), D(2024, 9, 9))


@pytest.mark.parametrize("year", [2023, 2024, 1900, 2000])
def test_day_reading_cached_without_year_equals_dateparser_with_the_year(year):
    import dateparser

    from lib.extraction.dates import _dp_day

    for day in ("1er", "1st", "09", "28", "29", "30", "31", "32", "0"):
        for month in ("février", "Feb.", "FEBRUARY", "juin", "June", "Sept.", "sept", "déc", "Juil."):
            parsed = dateparser.parse(f"{day.rstrip('erstndh')} {month} {year}", languages=["en", "fr"],
                                      settings={"DATE_ORDER": "DMY", "REQUIRE_PARTS": ["day", "month", "year"]})
            expected = parsed.date() if parsed and 1900 <= parsed.year <= 2100 else None
            assert _dp_day(day, month, year) == expected, (day, month, year)
