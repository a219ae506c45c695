from lib.analytics import Filters
from lib.analytics.reader import article_choices
from tests.pages.conftest import HOSTILE_TITLE, new_app


def _id(store, title):  # type: ignore[no-untyped-def]
    choices = article_choices(store, Filters())
    return int(choices[choices["title"] == title]["article_id"].iloc[0])


def _html(at) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(e.proto.body for e in at.get("html"))


def test_empty_database_shows_guidance(db_url):
    at = new_app().run()
    at.switch_page("pages/reader.py").run()
    assert not at.exception
    assert any("No article matches" in i.value for i in at.info)


def test_url_preselects_the_article_and_hostile_text_stays_text(filled):
    hostile = _id(filled, HOSTILE_TITLE)
    at = new_app()
    at.query_params["article"] = str(hostile)
    at.run()
    at.switch_page("pages/reader.py").run()
    assert not at.exception
    assert at.selectbox(key="reader-article").value == hostile
    markup = _html(at)
    assert "<script" not in markup and "<img" not in markup
    assert "&lt;script&gt;alert(&#x27;title&#x27;)" in markup  # the title, escaped
    assert "&lt;img src=x onerror=alert(1)&gt;" in markup  # the text, escaped
    assert markup.count("<mark") >= 3  # DGSI, DGSN, Europol highlighted (+ the legend)
    # A javascript: URL is shown as plain text, never as a link.
    assert not at.get("link_button")
    assert "javascript:alert(3)" in [t.value for t in at.text]


def test_choice_is_written_back_to_the_url(filled):
    first, second = _id(filled, "One"), _id(filled, "Two")
    at = new_app().run()
    at.switch_page("pages/reader.py").run()
    assert at.selectbox(key="reader-article").value == first  # newest first
    assert at.query_params["article"] in (str(first), [str(first)])
    at.selectbox(key="reader-article").set_value(second).run()
    assert at.query_params["article"] in (str(second), [str(second)])
    assert [s.value for s in at.subheader][:1] == ["Text"]


def test_article_outside_the_filters_is_still_shown(filled):
    two = _id(filled, "Two")
    at = new_app().run()
    at.switch_page("pages/reader.py").run()
    at.text_input(key="f_search").input("Celine").run()
    at.query_params["article"] = str(two)
    at.run()
    assert at.selectbox(key="reader-article").value == two
    assert "(outside the filters)" in at.selectbox(key="reader-article").format_func(two)


def test_agency_button_narrows_filters_and_opens_the_timeline(filled):
    at = new_app().run()
    at.switch_page("pages/reader.py").run()
    next(b for b in at.button if b.key == "reader-agency-DGSN").click().run()
    assert not at.exception
    assert at.session_state["f_agencies"] == ["DGSN"]
    assert at.title[0].value == "Timeline"
    assert "agency DGSN" in at.caption[0].value


def test_the_text_marks_the_types_analysts_use_and_only_resolved_dates(db_url):
    import dataclasses
    import datetime as dt
    import re

    from lib.records import DateRef, Mention
    from lib.store import Store
    from tests.analytics.conftest import _article

    document, extraction = _article("Dated", dt.date(2024, 11, 8), "en",
                                    [["Two DGSI officers met the General Assembly on Nov 8 for two five-year terms."]])
    text = document.text
    at_ = text.index
    extra = (Mention("Two", 0, 3, "CARDINAL", sentence=0),
             Mention("General Assembly", at_("General"), at_("General") + 16, "ORG", sentence=0),
             Mention("Nov 8", at_("Nov"), at_("Nov") + 5, "DATE", sentence=0),
             Mention("two five-year", at_("two five"), at_("two five") + 13, "DATE", sentence=0))
    resolved = DateRef("Nov 8", dt.date(2024, 11, 8), dt.date(2024, 11, 8), "day", at_("Nov"), at_("Nov") + 5)
    Store(db_url).add_article(document, dataclasses.replace(
        extraction, mentions=extraction.mentions + extra, dates=(resolved,)))
    at = new_app().run()
    at.switch_page("pages/reader.py").run()
    assert not at.exception
    markup = _html(at)
    marked = dict(re.findall(r'title="([^"]*)">([^<]+)</mark>', markup))
    assert marked == {"Agency DGSI (FR)": "DGSI", "Organisation": "General Assembly", "Date 2024-11-08": "Nov 8"}
    legend = re.findall(r">([^<]+)</mark>", markup.split("white-space:pre-wrap")[0])
    assert legend == ["Agency", "Date", "Organisation"]
