from pathlib import Path

from lib.ingest import Upload, expand_paths, find_files, ingest

GOOD = (
    "Title: Rabat and Paris talk security\nDate: 2024-06-29\nSource: Test desk\n\n"
    "The head of Morocco's DGSN met the director of the French DGSI in Paris on June 27, 2024.\n"
    "Both services agreed to share intelligence before the Olympic Games.\n"
)
OTHER = "Europol and Eurojust announced a joint operation against a trafficking network on 3 March 2023.\n"


def test_batch_goes_on_past_a_bad_file(store):
    sources = [Upload("good.txt", GOOD.encode()), Upload("broken.pdf", b"%PDF-1.4 truncated"),
               Upload("x.bin", b"\x00\x01"), Upload("other.txt", OTHER.encode("utf-16"))]
    statuses = list(ingest(sources, store))
    by_file = {s.filename: s for s in statuses}
    assert by_file["good.txt"].status == "ingested"
    assert by_file["other.txt"].status == "ingested"
    assert by_file["broken.pdf"].status == "rejected" and "PDF" in by_file["broken.pdf"].detail
    assert by_file["x.bin"].status == "rejected" and "unsupported file type '.bin'" in by_file["x.bin"].detail
    assert store.count() == 2
    articles = store.frame("articles").set_index("filename")
    assert articles.loc["good.txt", "title"] == "Rabat and Paris talk security"
    assert str(articles.loc["good.txt", "published"])[:10] == "2024-06-29"
    assert articles.loc["good.txt", "model"]  # the model name and version are recorded


def test_duplicates_in_one_batch_and_across_batches(store):
    first = list(ingest([Upload("a.txt", GOOD.encode()), Upload("a-copy.txt", GOOD.encode())], store))
    assert [s.status for s in first] == ["ingested", "duplicate"]
    assert first[1].detail == "duplicate of 'Rabat and Paris talk security'"
    again = list(ingest([Upload("again.txt", GOOD.replace("\n", "\r\n").encode("utf-8-sig"))], store))
    assert again[0].status == "duplicate"
    assert store.count() == 1


def test_upload_date_fills_only_files_without_one(store):
    import datetime as dt

    day = dt.date(2023, 3, 4)
    list(ingest([Upload("g.txt", GOOD.encode()), Upload("o.txt", OTHER.encode())], store, published=day,
                source_name="Analyst"))
    articles = store.frame("articles").set_index("filename")
    assert str(articles.loc["g.txt", "published"])[:10] == "2024-06-29"
    assert str(articles.loc["o.txt", "published"])[:10] == "2023-03-04"
    assert articles.loc["o.txt", "published_origin"] == "upload"
    assert articles.loc["g.txt", "source"] == "Test desk" and articles.loc["o.txt", "source"] == "Analyst"


def test_spacy_results_are_stored_with_sentences(store):
    list(ingest([Upload("g.txt", GOOD.encode())], store))
    assert store.count("sentences") >= 2
    mentions = store.frame("mentions")
    assert {"DGSN", "DGSI"} <= set(mentions.loc[mentions["label"] == "AGENCY", "text"])


def test_folders_expand_to_supported_files(tmp_path: Path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("x")
    (tmp_path / "b.md").write_text("x")
    (tmp_path / "notes.bin").write_text("x")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "c.txt").write_text("x")
    assert [p.name for p in expand_paths([tmp_path])] == ["b.md", "a.txt"]
    assert expand_paths([tmp_path / "notes.bin"]) == [tmp_path / "notes.bin"]


def test_unsupported_files_in_folders_are_listed_apart(tmp_path: Path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "scan.JPG").write_text("x")
    (tmp_path / ".DS_Store").write_text("x")
    found = find_files([tmp_path])
    assert found.files == [tmp_path / "a.txt"]
    assert found.unsupported == [tmp_path / "scan.JPG"]


def test_workers_store_the_same_results(tmp_path):
    from lib.store import Store

    texts = [GOOD, OTHER] + [f"Title: Item {n}\n\nThe French DGSI and the Spanish CNP met in Madrid on {n} May 2024.\n"
                             for n in range(1, 9)]
    sources = [Upload(f"f{n}.txt", t.encode()) for n, t in enumerate(texts)]
    frames = []
    for workers in (1, 2):
        store = Store(f"sqlite:///{tmp_path / f'w{workers}.db'}")
        statuses = list(ingest(sources + [Upload("bad.bin", b"x")], store, workers=workers, batch_size=3))
        assert [s.filename for s in statuses] == [s.name for s in sources] + ["bad.bin"]
        mentions = store.frame("mentions").merge(store.frame("articles")[["id", "filename"]],
                                                 left_on="article_id", right_on="id")
        frames.append(sorted(zip(mentions["filename"], mentions["label"], mentions["text"], mentions["start"])))
        store.dispose()
    assert frames[0] == frames[1] and len(frames[0]) > 20


def test_a_copy_after_its_original_was_stored_is_a_duplicate(store):
    # batch_size=1: the original is stored (and forgotten by the run) before the copy is read.
    sources = [Upload("a.txt", GOOD.encode()), Upload("b.txt", OTHER.encode()), Upload("a-copy.txt", GOOD.encode())]
    statuses = list(ingest(sources, store, batch_size=1))
    assert [s.status for s in statuses] == ["ingested", "ingested", "duplicate"]
    assert statuses[2].detail == "duplicate of 'Rabat and Paris talk security'"
    assert store.count() == 2
