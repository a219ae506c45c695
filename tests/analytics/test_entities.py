from lib.analytics import Filters
from lib.analytics.entities import entity_table, mentions_of, people_table, topic_table
from lib.analytics.reader import article, article_choices, article_events, article_mentions, article_topics


def test_agency_table(corpus):
    table = entity_table(corpus, Filters(), "AGENCY").set_index("id")
    assert table.loc["DGSN", "articles"] == 2 and table.loc["DGSN", "country"] == "MA"
    assert str(table.loc["DGSI", "first_seen"])[:10] == "2022-01-10"
    assert str(table.loc["DGSI", "last_seen"])[:10] == "2024-06-29"
    assert list(table.columns) == ["name", "country", "kind", "mentions", "articles", "first_seen", "last_seen"]


def test_people_with_roles_over_time(corpus):
    table = people_table(corpus, Filters()).set_index("name")
    assert table.loc["Celine Berthon", "roles"] == "directrice générale; Director General"
    assert table.loc["Celine Berthon", "agencies"] == "DGSI"
    assert table.loc["Celine Berthon", "articles"] == 2


def test_topics_and_drill_down(corpus):
    assert dict(zip(*topic_table(corpus, Filters())[["topic", "articles"]].T.values)) == {
        "terrorism": 2, "major_event_security": 1, "cybercrime": 1}
    rows = mentions_of(corpus, Filters(), "AGENCY", "CNP")
    assert list(rows["sentence"]) == ["DGSN and CNP arrested suspects in Spain."]
    assert list(rows["as_written"]) == ["CNP"]


def test_reader_parts(corpus):
    choices = article_choices(corpus, Filters())
    assert list(choices["title"]) == ["One", "Two", "Three"]
    first = int(choices.iloc[0]["article_id"])
    assert article(corpus, first)["title"] == "One"
    assert article(corpus, 10_000) is None
    mentions = article_mentions(corpus, first)
    assert list(mentions["text"][:2]) == ["Celine Berthon", "DGSI"]
    assert list(article_events(corpus, first)["type"]) == ["meeting", "statement"]
    assert article_topics(corpus, first) == ["terrorism", "major_event_security"]
