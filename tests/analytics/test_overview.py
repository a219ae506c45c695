import datetime as dt

from lib.analytics import Filters, articles_over_time, articles_table, date_span, key_figures, latest_events, top_entities


def test_key_figures(corpus):
    figures = key_figures(corpus, Filters())
    assert figures == {"articles": 3, "agencies": 4, "people": 1, "countries": 3, "events": 3, "happenings": 3,
                       "first": dt.date(2022, 1, 10), "last": dt.date(2024, 6, 29)}
    assert key_figures(corpus, Filters(languages=("fr",)))["agencies"] == 1
    assert key_figures(corpus, Filters(search="no such words"))["articles"] == 0


def test_articles_over_time_by_month(corpus):
    frame = articles_over_time(corpus, Filters())
    assert [str(p) for p in frame["period"]] == ["2022-01", "2023-03", "2024-06"]
    assert list(frame["articles"]) == [1, 1, 1]
    assert articles_over_time(corpus, Filters(search="nothing matches")).empty


def test_articles_over_time_by_day_when_they_span_a_short_time(corpus):
    frame = articles_over_time(corpus, Filters(date_from=dt.date(2023, 1, 1), date_to=dt.date(2023, 3, 31)))
    assert [str(p) for p in frame["period"]] == ["2023-03-05"]
    assert str(frame["period"].dtype) == "period[D]"


def test_top_entities_and_tables(corpus):
    top = top_entities(corpus, Filters(), "AGENCY")
    assert list(top["id"]) == ["DGSI", "DGSN", "Europol", "CNP"]  # ties broken by mentions, then id
    assert list(top["articles"][:3]) == [2, 2, 2]
    assert list(articles_table(corpus, Filters())["title"]) == ["One", "Two", "Three"]
    assert list(latest_events(corpus, Filters())["type"])[0] == "meeting"
    assert date_span(corpus) == (dt.date(2022, 1, 10), dt.date(2024, 6, 29))
