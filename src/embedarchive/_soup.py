"""BeautifulSoup for markup from strangers: a parse that does not raise.

Python's ``html.parser`` gives up on some malformed declarations (``<![-- …``, ``<!x``) with
an error that BeautifulSoup re-raises as ``ParserRejectedMarkup``. Pages and servers send
such markup, and one bad declaration must not cost the caller the page.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from bs4.exceptions import ParserRejectedMarkup

__all__ = ["parse_markup"]

# "<!" that opens no comment: a declaration, a marked section, or junk
_DECLARATION = re.compile(r"<!(?!--)")
_DECLARATION_BYTES = re.compile(rb"<!(?!--)")


def parse_markup(markup: str | bytes, parser: str = "html.parser") -> BeautifulSoup | None:
    """``BeautifulSoup(markup, parser)``; if the parser rejects the markup, the same with its
    ``<!`` declarations escaped as text; ``None`` if it still rejects it."""
    try:
        return BeautifulSoup(markup, parser)
    except ParserRejectedMarkup:
        pass
    if isinstance(markup, bytes):
        escaped: str | bytes = _DECLARATION_BYTES.sub(b"&lt;!", markup)
    else:
        escaped = _DECLARATION.sub("&lt;!", markup)
    try:
        return BeautifulSoup(escaped, parser)
    except ParserRejectedMarkup:
        return None
