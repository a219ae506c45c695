import re

from lib.colors import label_color
from lib.ui.highlight import highlight_html, legend_html


def _visible_text(markup: str) -> str:
    """The text a browser would show: tags removed, entities decoded."""
    import html
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def test_mentions_are_marked_with_their_type_colour_and_entity():
    text = "Celine Berthon of the DGSI met DGSN."
    mentions = [{"start": 22, "end": 26, "label": "AGENCY", "entity": "DGSI", "country": "FR"},
                {"start": 0, "end": 14, "label": "PERSON", "entity": "Celine Berthon"}]
    markup = highlight_html(text, mentions)
    assert markup.count("<mark") == 2
    assert f'background:{label_color("AGENCY")}' in markup
    assert 'title="Agency DGSI (FR)"' in markup
    assert ">DGSI</mark>" in markup and ">Celine Berthon</mark>" in markup
    assert _visible_text(markup) == text


def test_hostile_text_is_escaped_everywhere():
    text = ("<script>alert(1)</script> DGSI <img src=x onerror=alert(2)> "
            '<a href="javascript:alert(3)">click</a> "quoted" & done')
    start = text.index("DGSI")
    img = text.index("<img")
    mentions = [{"start": start, "end": start + 4, "label": "AGENCY", "entity": '"><script>alert(4)</script>'},
                {"start": img, "end": img + 10, "label": "<b>", "entity": None}]
    markup = highlight_html(text, mentions)
    assert "<script" not in markup
    assert "<img" not in markup
    assert "<a " not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert "onerror=alert(2)" in markup and "&lt;img" in markup  # shown as text, never as a tag
    assert '&quot;&gt;&lt;script&gt;alert(4)' in markup  # the entity cannot break out of the title attribute
    # The only tags left are the ones highlight_html writes itself.
    assert set(re.findall(r"</?([a-zA-Z]+)", markup)) <= {"div", "mark"}
    assert _visible_text(markup) == text


def test_overlapping_and_out_of_range_spans_do_not_duplicate_text():
    text = "General Directorate for Internal Security (DGSI)"
    mentions = [{"start": 0, "end": 41, "label": "AGENCY"}, {"start": 8, "end": 19, "label": "ORG"},
                {"start": 43, "end": 47, "label": "AGENCY"}, {"start": 40, "end": 500, "label": "ORG"},
                {"start": 30, "end": 30, "label": "ORG"}, {"start": None, "end": 3, "label": "ORG"}]
    markup = highlight_html(text, mentions)
    assert _visible_text(markup) == text
    assert markup.count("<mark") == 2  # the long form and the acronym; the others overlap or are empty


def test_text_without_mentions_is_just_escaped():
    assert highlight_html("a < b", []) .endswith("a &lt; b</div>")


def test_legend_names_each_type_analysts_use_once_in_its_own_colour():
    legend = legend_html(["ORG", "AGENCY", "PERSON", "AGENCY", "GPE", "LOCATION", "CARDINAL", "DATE", "COUNTRY",
                          "<x>"])
    names = re.findall(r">([^<]+)</mark>", legend)
    assert names == ["Agency", "Person", "Country", "Place", "Date", "Organisation"]
    colours = re.findall(r"background:([^;]+);", legend)
    assert len(set(colours)) == len(colours) == 6
    assert "Cardinal" not in legend and "<x>" not in legend and "&lt;" not in legend


def test_numbers_and_other_model_labels_are_not_marked():
    text = "Two officers of the Europol agency, in Paris."
    mentions = [{"start": 0, "end": 3, "label": "CARDINAL"}, {"start": 20, "end": 34, "label": "ORG"},
                {"start": 39, "end": 44, "label": "GPE"}]
    markup = highlight_html(text, mentions)
    assert markup.count("<mark") == 2
    assert 'title="Organisation"' in markup and 'title="Place"' in markup
    assert _visible_text(markup) == text
