"""The Upload page's words: counts of files read the way an analyst would write them."""
from tests.pages.conftest import new_app

ONE = b"Title: Europol and DGSI\nDate: 2024-06-29\n\nEuropol and the French DGSI met in Paris on 27 June 2024.\n"


def _upload(files):  # type: ignore[no-untyped-def]
    at = new_app().run()
    at.switch_page("pages/upload.py").run()
    at.file_uploader[0].set_value(files)
    next(b for b in at.button if b.label == "Process files").click()
    return at.run()


def test_one_file_is_one_file_not_one_files(db_url):
    at = _upload([("one.txt", ONE, "text/plain")])
    assert not at.exception
    assert [s.label for s in at.status] == ["Processed 1 file"]
    assert [p.proto.text for p in at.get("progress")] == ["Done: 1 file"]


def test_several_files_are_files(db_url):
    at = _upload([("one.txt", ONE, "text/plain"), ("two.txt", ONE.replace(b"27", b"28"), "text/plain")])
    assert [s.label for s in at.status] == ["Processed 2 files"]
    assert [p.proto.text for p in at.get("progress")] == ["Done: 2 files"]
