"""URL parameters are parsed and bounded in one place: what does not fit is dropped, with a note."""
import datetime as dt

from lib.ui.params import MAX_SEARCH_CHARS, read_filters, read_id

LISTS = [("agencies", "agency"), ("languages", "lang")]


def url(**params: str | list[str]):  # type: ignore[no-untyped-def]
    return lambda name: [params[name]] if isinstance(params.get(name), str) else list(params.get(name, []))


def test_good_values_pass_through():
    found = read_filters(url(agency=["DGSI", "DGSN"], lang="fr", **{"from": "2024-01-01"}, to="2024-12-31",
                             basis="event", q="Olympics"), LISTS)
    assert found.notes == ()
    assert found.values == {"agencies": ["DGSI", "DGSN"], "languages": ["fr"], "date_from": dt.date(2024, 1, 1),
                            "date_to": dt.date(2024, 12, 31), "date_basis": "event", "search": "Olympics",
                            "sure_only": True}


def test_a_link_may_ask_for_the_models_unsure_entities():
    assert read_filters(url(unsure="1"), LISTS).values["sure_only"] is False
    assert read_filters(url(unsure="yes"), LISTS).values["sure_only"] is True


def test_dates_outside_the_inputs_range_or_malformed_are_dropped_with_a_note():
    found = read_filters(url(**{"from": "1800-01-01"}, to="0001-01-01"), LISTS)
    assert found.values["date_from"] is None and found.values["date_to"] is None
    assert found.notes == ("from=1800-01-01 is outside 1900-01-01 to 2100-12-31: ignored.",
                           "to=0001-01-01 is outside 1900-01-01 to 2100-12-31: ignored.")
    assert read_filters(url(**{"from": "yesterday"}), LISTS).notes == ("from=yesterday is not a date (YYYY-MM-DD): "
                                                                      "ignored.",)


def test_text_lengths_and_counts_are_capped():
    found = read_filters(url(q="x" * 100_000, agency=["A" * 301, *[f"A{n}" for n in range(60)]], basis="drop"),
                         LISTS)
    assert len(found.values["search"]) == MAX_SEARCH_CHARS
    assert len(found.values["agencies"]) == 50 and found.values["date_basis"] == "published"
    assert len(found.notes) == 4


def test_ids_are_within_64_bits():
    assert read_id(url(article="42"), "article") == (42, None)
    assert read_id(url(), "article") == (None, None)
    for bad in ("999999999999999999999999", "9" * 5000, "-1", "0", "1e3", "١٢"):
        number, note = read_id(url(article=bad), "article")
        assert number is None and note.startswith("article=") and note.endswith("is not a valid number: ignored.")
