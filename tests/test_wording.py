from lib.wording import plural


def test_one_is_singular_and_every_other_count_plural():
    assert plural(1, "file") == "1 file"
    assert plural(0, "file") == "0 files"
    assert plural(2, "file") == "2 files"
    assert plural(1204, "article") == "1,204 articles"
    assert plural(3, "entry", "entries") == "3 entries"
