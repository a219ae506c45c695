import datetime as dt

from lib.analytics import Filters, article_ids, filter_options


def titles(store, filters):
    from sqlalchemy import select

    from lib.store import Article

    return set(store.query(select(Article.title).where(Article.id.in_(article_ids(filters))))["title"])


def test_each_field_filters(corpus):
    assert titles(corpus, Filters()) == {"One", "Two", "Three"}
    assert titles(corpus, Filters(agencies=("CNP",))) == {"Two"}
    assert titles(corpus, Filters(agency_countries=("FR",))) == {"One", "Three"}
    assert titles(corpus, Filters(agency_kinds=("international",))) == {"One", "Two"}
    assert titles(corpus, Filters(people=("Celine Berthon",))) == {"One", "Three"}
    assert titles(corpus, Filters(countries=("ES",))) == {"Two"}
    assert titles(corpus, Filters(event_types=("arrest",))) == {"Two"}
    assert titles(corpus, Filters(topics=("cybercrime",))) == {"Three"}
    assert titles(corpus, Filters(languages=("fr",))) == {"Three"}
    assert titles(corpus, Filters(sources=("Desk A",))) == {"One", "Two"}
    assert titles(corpus, Filters(search="suspects")) == {"Two"}
    assert titles(corpus, Filters(search="SUSPECTS")) == {"Two"}


def test_values_within_a_field_are_alternatives_and_fields_combine(corpus):
    assert titles(corpus, Filters(agencies=("CNP", "DGSI"))) == {"One", "Two", "Three"}
    assert titles(corpus, Filters(agencies=("CNP", "DGSI"), languages=("fr",))) == {"Three"}


def test_date_ranges_on_publication_or_event(corpus):
    assert titles(corpus, Filters(date_from=dt.date(2023, 1, 1))) == {"One", "Two"}
    assert titles(corpus, Filters(date_to=dt.date(2023, 3, 4))) == {"Three"}
    by_event = Filters(date_from=dt.date(2023, 3, 1), date_to=dt.date(2023, 3, 3), date_basis="event")
    assert titles(corpus, by_event) == {"Two"}


def test_describe_states_the_active_filters():
    assert Filters().describe() == "all articles"
    text = Filters(agencies=("DGSI", "DGSE"), languages=("fr",), search="JO").describe()
    assert text == "agency DGSI or DGSE; language fr; search “JO”"


def test_options_list_present_values_with_counts(corpus):
    options = filter_options(corpus)
    agencies = dict(zip(options["agencies"]["value"], options["agencies"]["articles"]))
    assert agencies == {"DGSI": 2, "DGSN": 2, "Europol": 2, "CNP": 1}
    assert dict(zip(options["languages"]["value"], options["languages"]["articles"])) == {"en": 2, "fr": 1}
    assert set(options["event_types"]["value"]) == {"meeting", "statement", "arrest"}
    assert list(options["topics"]["value"])[0] == "terrorism"
