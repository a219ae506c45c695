"""Bytes -> str for text formats: the encoding is detected, never assumed."""
from __future__ import annotations

import codecs
import re

import charset_normalizer

from lib.readers.draft import Unreadable

BINARY = "not a text file (binary content)"

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Single-byte Latin code pages that charset-normalizer often prefers to Windows-1252 on short
# Western European text (it reads "crème" in cp1252 bytes as cp1250 "crčme").
_LATIN_COUSINS = {
    "cp1250", "cp1257", "cp775", "cp852", "cp850", "cp437", "mac_latin2", "mac_roman", "hp_roman8",
    "latin_1", "iso8859_2", "iso8859_4", "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15",
    "iso8859_16", "cp1006",
}
# Letters and punctuation of English, French, Spanish, German, Italian, Portuguese, Dutch.
_WESTERN = set("ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝßàáâãäåæçèéêëìíîïñòóôõöøùúûüýÿŒœŸ€‘’‚“”„–—…«»•°©®ªº¡¿\u00a0")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_MAX_CONTROL_SHARE = 0.005
# A few stray control characters are a damaged copy of a text, however short the text: one in a
# 180-byte file is more than the share above, and still no sign of binary content.
_FEW_CONTROLS = 4


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text that is mostly ASCII has a NUL in every other byte."""
    if len(data) < 4 or len(data) % 2:
        return None
    even_nuls, odd_nuls = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    for nuls, encoding in ((odd_nuls, "utf-16-le"), (even_nuls, "utf-16-be")):
        if nuls >= 0.3 * half and nuls > 4 * ((even_nuls + odd_nuls) - nuls):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def _whatwg_alias(declared: str) -> str:
    """Browsers read a page labelled Latin-1 or ASCII as Windows-1252, and so do authors' tools."""
    name = codecs.lookup(declared).name
    return "cp1252" if name in {"iso8859-1", "ascii"} else name


def _prefer_cp1252(data: bytes, guess: str) -> bool:
    if guess not in _LATIN_COUSINS:
        return False
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return all(ch in _WESTERN for ch in western if ord(ch) > 127)


def _detect(data: bytes, declared: str | None) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding)
            except UnicodeDecodeError:
                return None
    try:
        utf8: str | None = data.decode("utf-8")
    except UnicodeDecodeError:
        utf8 = None
    if utf8 is not None and "\x00" not in utf8:
        return utf8
    text = _utf16_without_bom(data)
    if text is not None:
        return text
    if utf8 is not None:
        # Valid UTF-8 with a few stray NULs (a damaged copy) is still text; decode_bytes refuses
        # it as binary when control characters are more than a trace.
        return utf8
    if declared:
        try:
            return data.decode(_whatwg_alias(declared))
        except (LookupError, UnicodeDecodeError):
            pass
    if b"\x00" in data:
        return None
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        return None
    encoding = "cp1252" if _prefer_cp1252(data, best.encoding) else best.encoding
    return data.decode(encoding, errors="replace")


def decode_bytes(data: bytes, *, declared: str | None = None) -> str:
    """Strict UTF-8, then byte-order marks and UTF-16 sniffing, then charset-normalizer.

    `declared` is an encoding named inside the file (an HTML meta charset); it is tried only
    when the bytes are not valid UTF-8, because pages often declare a charset they do not use.
    Raises Unreadable for binary content: undecodable bytes, or more than a few control characters
    that are also more than a trace of the text (NUL included; the few that remain are dropped by
    `clean_text`).
    """
    text = _detect(data, declared)
    if text is None:
        raise Unreadable(BINARY)
    controls = len(_CONTROL.findall(text))
    if controls > _FEW_CONTROLS and controls > _MAX_CONTROL_SHARE * len(text):
        raise Unreadable(BINARY)
    return text
