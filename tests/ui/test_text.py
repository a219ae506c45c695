from streamlit.testing.v1 import AppTest

from lib.ui.text import md_escape, md_unescape


def test_markdown_and_directives_are_neutralised():
    hostile = "![x](https://evil.example/p.png) [a](javascript:alert(1)) <b>b</b> :red[c] $x$ *d*"
    at = AppTest.from_string(
        "import streamlit as st\nfrom lib.ui.text import md_escape\n"
        f"st.markdown(md_escape({hostile!r}))\n").run()
    body = at.markdown[0].value
    assert "](" not in body.replace("\\](", "") and "\\!" in body
    assert md_escape("DGSI — General Directorate") == "DGSI — General Directorate"
    assert md_escape("a\nb") == "a b"
    assert md_unescape(md_escape(hostile)) == hostile


def test_addresses_do_not_become_links():
    # GFM links "http://", "www." and e-mail addresses in the text markdown decodes, escaped or not.
    import re

    hostile = "see http://tracker.invalid/q.png, HTTPS://x.invalid, www.tracker.invalid and spy@tracker.invalid"
    decoded = re.sub(r"\\(.)", r"\1", md_escape(hostile))  # the text after markdown's escapes
    assert not re.search(r"(?i)https?://|www\.|@t", decoded)
    assert md_unescape(md_escape(hostile)) == hostile
