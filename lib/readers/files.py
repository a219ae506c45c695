"""File names as shown to the analyst, and the upload size limit."""
from __future__ import annotations

import os
import re
import unicodedata
from pathlib import PurePosixPath

MAX_FILE_BYTES: int = 50 * 1024 * 1024
_MB = 1024 * 1024
_MAX_NAME_CHARS = 255


def display_name(filename: str) -> str:
    """The base name only, without control or format characters.

    Browsers and zip tools send names with either separator; a name is only ever shown, never
    used as a path. Format characters (Cf) include the right-to-left override used to disguise
    an extension, so they go too.
    """
    base = re.split(r"[\\/]", filename or "")[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    return base[:_MAX_NAME_CHARS] or "unnamed file"


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
    limit_mb = limit / _MB
    shown_limit = f"{limit_mb:.0f}" if limit_mb == int(limit_mb) else f"{limit_mb:.1f}"
    return f"file is {size / _MB:.1f} MB, over the {shown_limit} MB limit"
