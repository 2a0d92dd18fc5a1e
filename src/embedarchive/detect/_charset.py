"""Decoding HTML bytes with the charset the page declares, falling back safely."""

from __future__ import annotations

import codecs
import re
from typing import Final

from embedarchive.detect._input import ensure_text

_META_CHARSET: Final = re.compile(
    rb"""<meta[^>]{0,500}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]{1,40})""", re.IGNORECASE
)


def decode_html(value: object) -> str:
    """``str`` as is; bytes by BOM, else ``<meta charset>`` in the first 4 KB, else UTF-8.

    Undecodable bytes become U+FFFD; an unknown declared charset falls back to UTF-8 (and then
    windows-1252 if UTF-8 fails badly). Other types raise InputError.
    """
    if not isinstance(value, bytes | bytearray | memoryview):
        return ensure_text(value)
    data = bytes(value)
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return ensure_text(data)
    name = declared_charset(data)
    if name is not None:
        return data.decode(name, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
        if text.count("\ufffd") > len(data) // 100:
            return data.decode("cp1252", errors="replace")
        return text


def declared_charset(data: bytes) -> str | None:
    """The codec the page's ``<meta charset>`` names in its first 4 KB, if Python knows it."""
    declared = _META_CHARSET.search(data[:4096])
    if declared is None:
        return None
    try:
        return codecs.lookup(declared.group(1).decode("ascii", "replace")).name
    except LookupError:
        return None
