"""Turning what callers pass into ``str``, with a typed error for anything else."""

from __future__ import annotations

import codecs
from typing import Final

from embedarchive.errors import InputError

_BOMS: Final = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def ensure_text(value: object) -> str:
    """Return ``value`` as ``str``: text as is, bytes decoded (BOM, else UTF-8 with replacement).

    Raises InputError for any other type.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bytes | bytearray | memoryview):
        data = bytes(value)
        for bom, encoding in _BOMS:
            if data.startswith(bom):
                return data.decode(encoding, errors="replace")
        return data.decode("utf-8", errors="replace")
    raise InputError(f"expected str or bytes, got {type(value).__name__}; pass the article's text")
