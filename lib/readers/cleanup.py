"""One text shape for every format: \\n line ends, NFC, no invisible characters, tidy blank lines."""
from __future__ import annotations

import re
import unicodedata

# Spaces that regexes and tokenisers downstream should see as plain spaces (French typography
# puts narrow no-break spaces before ; : ! ?).
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " "})
# Invisible characters that only split words: soft hyphen (PDFs), zero-width space, stray BOMs.
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")
# Control characters other than tab and newline (C0, DEL and C1); lone surrogates (JSON's "\ud800"
# decodes to one, and no database or UTF-8 encoder accepts it); the non-characters U+FFFE/U+FFFF.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_BLANK_RUNS = re.compile(r"\n{3,}")


def normalise_newlines(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\u2028", "\n").replace("\u2029", "\n\n").replace("\x0c", "\n\n")


def clean_text(text: str) -> str:
    """The text an extractor sees; character offsets later refer to this exact string."""
    text = unicodedata.normalize("NFC", normalise_newlines(text))
    text = _CONTROLS.sub("", _INVISIBLE.sub("", text.translate(_SPACES)))
    text = _TRAILING_SPACE.sub("\n", text + "\n")
    return _BLANK_RUNS.sub("\n\n", text).strip()


def one_line(value: object) -> str | None:
    """A metadata value as one trimmed line, or None when blank."""
    if value is None:
        return None
    text = " ".join(clean_text(str(value)).split())
    return text or None
