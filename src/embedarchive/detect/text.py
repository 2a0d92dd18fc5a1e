"""Embedded posts in plain text: what scrapers leave of an embed.

The detector itself is ``_plain`` (with ``_attribution``, ``_body`` and the modules they use),
which a binary wheel ships compiled with mypyc: its functions check their argument types, so
the public entry point that turns whatever callers pass into ``str`` stays here, in Python.
"""

from __future__ import annotations

from embedarchive.detect._body import looks_truncated
from embedarchive.detect._input import ensure_text
from embedarchive.detect._plain import parse
from embedarchive.models import Embed

__all__ = ["looks_truncated", "parse_text"]


def parse_text(text: str) -> list[Embed]:
    """Find embedded posts in plain text (any scraper's rendering, any language).

    Returns the embeds in order of appearance, each with ``start``/``end`` offsets into
    ``text``. Never raises on any ``str``; other types give :class:`~embedarchive.InputError`.
    """
    return parse(ensure_text(text))
