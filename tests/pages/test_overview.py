import io

import pandas as pd

from lib.analytics import Filters, articles_table
from lib.ui import downloads as download_module
from lib.ui.text import md_unescape
from tests.pages.conftest import new_app


def _csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")


def test_a_long_article_table_shows_its_first_rows_and_downloads_them_all(filled, downloads, monkeypatch):
    monkeypatch.setattr(download_module, "SHOWN_ROWS", 1)
    at = new_app()
    at.query_params["from"] = "2023-01-01"
    at.run()
    assert not at.exception
    expected = articles_table(filled, Filters(date_from=pd.Timestamp("2023-01-01").date()))
    assert len(expected) == 2
    tables = [t.value for t in at.dataframe]
    assert any(list(t.columns)[:2] == ["article_id", "title"] and len(t) == 1 for t in tables)
    assert any("Showing the first 1 of 2 rows" in c.value and "downloads carry all 2" in c.value for c in at.caption)
    assert list(_csv(downloads["articles.csv"])["article_id"]) == list(expected["article_id"])
    assert len(pd.read_excel(io.BytesIO(downloads["articles.xlsx"]))) == 2


def test_a_short_table_says_nothing_about_a_cap(filled, downloads):
    at = new_app().run()
    assert not at.exception
    assert not any("Showing the first" in c.value for c in at.caption)
    assert len(_csv(downloads["articles.csv"])) == 3


def _shown(at, first_columns: list[str]) -> pd.DataFrame:
    return next(t.value for t in at.dataframe if list(t.value.columns)[:len(first_columns)] == first_columns)


def test_each_table_has_only_the_columns_that_mean_something_for_its_kind(filled, downloads):
    at = new_app().run()
    assert not at.exception
    assert list(_csv(downloads["top-people.csv"]).columns) == ["name", "mentions", "articles"]
    assert list(_csv(downloads["top-countries.csv"]).columns) == ["id", "name", "mentions", "articles"]
    assert list(_csv(downloads["top-agencies.csv"]).columns) == ["id", "name", "country", "kind", "mentions",
                                                                 "articles"]
    people = _shown(at, ["name", "mentions"])
    assert list(people["name"]) == ["Celine Berthon"]
    countries = _shown(at, ["id", "name", "mentions"])
    assert set(countries["name"]) == {"France", "Morocco", "Spain"}


def test_agency_kinds_read_in_words_and_download_as_codes(filled, downloads):
    at = new_app().run()
    agencies = _shown(at, ["id", "name", "country", "kind"]).set_index("id")
    assert agencies.loc["DGSI", "kind"] == "domestic intelligence"
    assert _csv(downloads["top-agencies.csv"]).set_index("id").loc["DGSI", "kind"] == "domestic_intelligence"
    kinds = at.multiselect(key="f_agency_kinds")
    assert "domestic intelligence (2)" in kinds.options
    kinds.set_value(["domestic_intelligence"]).run()
    assert at.caption[0].value == "Showing: agency kind domestic intelligence"
    assert at.query_params["agency_kind"] in ("domestic_intelligence", ["domestic_intelligence"])


def test_a_search_orders_the_article_list_by_relevance(filled):
    from tests.pages.conftest import new_app as app

    at = app()
    at.query_params["q"] = "Europol"
    at.switch_page("pages/overview.py").run()
    assert not at.exception
    assert at.radio(key="articles-order").value == "relevance"
    articles = at.dataframe[-1].value
    assert set(articles["title"]) == {"One", "Two", "<script>alert('title')</script> DGSI report"}
    at.radio(key="articles-order").set_value("newest").run()
    assert list(at.dataframe[-1].value["title"]) == ["One", "Two", "<script>alert('title')</script> DGSI report"]


def test_the_models_unsure_entities_are_hidden_by_a_toggle_mirrored_in_the_url(filled):
    at = new_app().run()
    toggle = at.sidebar.toggle(key="f_sure_only")
    assert toggle.value is True and "unsure" not in at.query_params
    toggle.set_value(False).run()
    assert not at.exception
    assert at.query_params["unsure"] in ("1", ["1"])
    assert "with the model's unsure entities" in md_unescape(at.caption[0].value)
