"""Safe HTML building blocks for cards: cleaned text, allow-listed URLs, escaped attributes.

Every piece of a card that comes from outside (names, handles, post text, URLs) passes through
here: :func:`clean` drops characters that carry no meaning in a card, :func:`safe_url` lets
only ``http``/``https`` links with a host and ``mailto`` through, :func:`attrs` and :func:`link`
escape what they write.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from urllib.parse import urlsplit

__all__ = ["DROP", "MAX_TEXT", "MAX_URL", "attrs", "clean", "link", "safe_url"]

MAX_TEXT = 50_000
MAX_URL = 4096

# C0/C1 controls except tab and newline, DEL, lone surrogates and the two non-characters that
# break XML-ish consumers: none of them carries meaning in a card.
DROP = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# What browsers strip from a URL before reading its scheme (whitespace anywhere, controls).
_URL_JUNK = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def clean(text: str | None, limit: int = MAX_TEXT) -> str:
    """``text`` without characters that mean nothing in a card, cut at ``limit``."""
    if not text:
        return ""
    return DROP.sub("", text[:limit])


def safe_url(url: str | None) -> str | None:
    """``url`` if it is a link a card may carry (http/https with a host, mailto), else ``None``.

    Browsers ignore whitespace and control characters inside a scheme (``java\\tscript:``), so
    those are removed before the scheme is read; the returned URL is the cleaned one.
    """
    if not url or len(url) > MAX_URL:
        return None
    cleaned = _URL_JUNK.sub("", url)
    if DROP.search(cleaned):
        return None
    try:
        parts = urlsplit(cleaned)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        return cleaned if parts.netloc and parts.hostname else None
    if scheme == "mailto":
        return cleaned if len(cleaned) > len("mailto:") else None
    return None


def attrs(pairs: Mapping[str, str | None]) -> str:
    """`` name="value"`` pairs, escaped; ``None`` values are left out."""
    return "".join(
        f' {name}="{html.escape(value, quote=True)}"'
        for name, value in pairs.items()
        if value is not None
    )


def link(url: str | None, label_html: str, **extra_attrs: str | None) -> str:
    """An ``<a>`` when ``url`` is safe, else just the (already escaped) label.

    Keyword names become attribute names: a trailing ``_`` is dropped (``class_``) and other
    underscores become hyphens (``aria_label``).
    """
    href = safe_url(url)
    if href is None:
        return label_html
    extra = {k.rstrip("_").replace("_", "-"): v for k, v in extra_attrs.items()}
    return (
        f"<a{attrs({'href': href, 'rel': 'noopener noreferrer nofollow', **extra})}>"
        f"{label_html}</a>"
    )
