"""Which language an article is written in, as an ISO 639-1 code."""
from __future__ import annotations

import re

from langdetect import DetectorFactory, LangDetectException, detect_langs

# langdetect samples at random; a fixed seed makes the same text always get the same answer.
DetectorFactory.seed = 0

UNDETERMINED = "und"
_PREFIX_CHARS = 5_000  # enough text to decide; keeps detection fast on long documents
_MIN_LETTERS = 3
_MIN_PROBABILITY = 0.5
_LETTER = re.compile(r"[^\W\d_]")


def detect_language(text: str) -> str:
    """ISO 639-1 code of `text` ("en", "fr", "ar"...), or "und" when empty or undecidable. Never raises."""
    if not isinstance(text, str):
        return UNDETERMINED
    sample = text[:_PREFIX_CHARS]
    if len(_LETTER.findall(sample)) < _MIN_LETTERS:
        return UNDETERMINED
    try:
        guesses = detect_langs(sample)
    except LangDetectException:
        return UNDETERMINED
    if not guesses or guesses[0].prob < _MIN_PROBABILITY:
        return UNDETERMINED
    # langdetect names a few languages with regional codes (zh-cn, zh-tw); keep the ISO 639-1 part.
    return guesses[0].lang.split("-")[0]
