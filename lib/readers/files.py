"""File names as shown to the analyst, and the upload size limit."""
from __future__ import annotations

import os
import re
import unicodedata
from pathlib import PurePosixPath

MAX_FILE_BYTES: int = 50 * 1024 * 1024
_MB = 1024 * 1024
_MAX_NAME_CHARS = 255
_MAX_SUFFIX_CHARS = 10


def display_name(filename: str) -> str:
    """The base name only, without control or format characters.

    Browsers and zip tools send names with either separator; a name is only ever shown, never
    used as a path. Format characters (Cf) include the right-to-left override used to disguise
    an extension, so they go too.
    """
    base = re.split(r"[\\/]", filename or "")[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    if len(base) > _MAX_NAME_CHARS:
        # Shorten the stem, never the extension: the extension picks the reader.
        suffix = PurePosixPath(base).suffix
        suffix = suffix if len(suffix) <= _MAX_SUFFIX_CHARS else ""
        base = base[: _MAX_NAME_CHARS - len(suffix) - 1].rstrip() + "\u2026" + suffix
    return base or "unnamed file"


def extension(name: str) -> str:
    return PurePosixPath(name).suffix.lower()


def stem(name: str) -> str:
    return PurePosixPath(name).stem or name


def max_file_bytes() -> int:
    """ENTENTE_MAX_UPLOAD_MB when set to a positive number, else MAX_FILE_BYTES."""
    raw = os.environ.get("ENTENTE_MAX_UPLOAD_MB", "").strip()
    try:
        megabytes = float(raw)
    except ValueError:
        return MAX_FILE_BYTES
    return int(megabytes * _MB) if megabytes > 0 else MAX_FILE_BYTES


def size_problem(size: int) -> str | None:
    """The reason a file of `size` bytes is refused, or None when it fits."""
    limit = max_file_bytes()
    if size <= limit:
        return None
    return f"file is {_megabytes(size)} MB, over the {round(limit / _MB, 3):g} MB limit"


def _megabytes(size: int) -> str:
    shown = f"{size / _MB:.1f}"
    return shown if float(shown) > 0 else f"{size / _MB:.2g}"
