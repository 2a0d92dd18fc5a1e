"""Text of a page decoded with the wrong code page: UTF-8 read as cp1252, cp1250 or Latin-1.

Scrapers that guess a page's charset wrongly turn "—" into "â€”" and "Ó" into "Ã“" or "Ă“".
Names and posts are repaired when the whole string goes back to valid UTF-8; genuine text
almost never does.
"""

from __future__ import annotations

__all__ = ["unmangled"]


def unmangled(value: str) -> str:
    """``value`` repaired when it is UTF-8 read as a one-byte code page (``SUOEM CĂ“RDOBA``,
    a page decoded wrongly): only a whole string that decodes as UTF-8 after encoding back is
    taken, which genuine text ("JOÃO") does not."""
    # (six one-character searches cost a sixth of a regex's pass over a post)
    if value.isascii() or not (
        "Ã" in value or "Â" in value or "Ă" in value or "â" in value or "Ä" in value or "Å" in value
    ):
        return value
    for codec in ("cp1252", "cp1250", "latin-1"):
        try:
            fixed = value.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
        if fixed != value:
            return fixed
    return value
