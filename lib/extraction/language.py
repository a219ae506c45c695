"""Which language an article is written in, as an ISO 639-1 code.

Most articles are plainly English or French, so a cheap profile of function words decides first;
langdetect (a few milliseconds per call) only runs when that profile leaves doubt.
"""
from __future__ import annotations

import re

from langdetect import DetectorFactory, LangDetectException, detect_langs

# langdetect samples at random; a fixed seed makes the same text always get the same answer.
DetectorFactory.seed = 0

UNDETERMINED = "und"
_PREFIX_CHARS = 5_000  # enough text to decide; keeps detection fast on long documents
_PROFILE_CHARS = 1_500  # the function-word count needs far less than langdetect
_MIN_LETTERS = 3
_MIN_PROBABILITY = 0.5
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")

# Function words that belong to one language only among those Entente must tell apart (a word shared
# by two of them, such as "de", "la", "que" or "in", is left out so that every hit is evidence).
_PROFILES: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the of and to is was were that with for on by from at has have had which his their this it are "
        "be been after who said its an as or but not they he she will would than also".split()
    ),
    "fr": frozenset(
        "le les des du et est une dans sur pour par au aux qui ce cette ces pas avec été ont sont son sa ses "
        "leur ne plus selon lors était après où d'un d'une l'on".split()
    ),
    "es": frozenset(
        "el los las del y con por una está fue sus su al como pero más muy sobre han ha ser también "
        "hasta desde".split()
    ),
    "de": frozenset(
        "der die das und ist nicht mit von zu den dem ein eine einen auf für sich auch im wurde sind bei "
        "nach aus seine über hat werden".split()
    ),
    "it": frozenset(
        "di che è della delle dei degli nel nella gli sono per anche dal alla alle stato questo questa più "
        "lo ed hanno".split()
    ),
    "pt": frozenset("o os da do dos em não com ao é foi seu sua pelo pela também nas num uma ele".split()),
    "nl": frozenset(
        "het een van niet op te dat met voor zijn werd wordt ook naar bij door heeft hij zij deze dit om uit "
        "worden maar".split()
    ),
}
# A profile decides alone with at least this many hits and this lead over the runner-up.
_MIN_HITS = 3
_MIN_RATIO = 2.5


_LANGUAGE_OF = {word: code for code, words in _PROFILES.items() for word in words}


def _by_profile(sample: str) -> str | None:
    """The language whose function words clearly dominate, or None when in doubt."""
    if _ARABIC_LETTER.search(sample) and len(_ARABIC_LETTER.findall(sample)) > len(_LETTER.findall(sample)) / 2:
        return "ar"
    hits = dict.fromkeys(_PROFILES, 0)
    for word in _WORD.findall(sample.lower().replace("’", "'")):
        code = _LANGUAGE_OF.get(word)
        if code is not None:
            hits[code] += 1
    ranked = sorted(hits.items(), key=lambda item: -item[1])
    (best, top), (_, second) = ranked[0], ranked[1]
    if top >= _MIN_HITS and top >= _MIN_RATIO * second:
        return best
    return None


def _has_letters(sample: str) -> bool:
    for count, _match in enumerate(_LETTER.finditer(sample), start=1):
        if count >= _MIN_LETTERS:
            return True
    return False


def detect_language(text: str) -> str:
    """ISO 639-1 code of `text` ("en", "fr", "ar"...), or "und" when empty or undecidable. Never raises."""
    if not isinstance(text, str):
        return UNDETERMINED
    sample = text[:_PREFIX_CHARS]
    if not _has_letters(sample):
        return UNDETERMINED
    quick = _by_profile(sample[:_PROFILE_CHARS])
    if quick is not None:
        return quick
    try:
        guesses = detect_langs(sample)
    except LangDetectException:
        return UNDETERMINED
    if not guesses or guesses[0].prob < _MIN_PROBABILITY:
        return UNDETERMINED
    # langdetect names a few languages with regional codes (zh-cn, zh-tw); keep the ISO 639-1 part.
    return guesses[0].lang.split("-")[0]
