"""Platform knowledge: URL grammars, ids, handles, canonical URLs.

One module per platform (``twitter``, ``bluesky``, ``mastodon``, ``threads``, ``instagram``,
``tiktok``, ``facebook``, ``youtube``, ``linkedin``), each with an ``identify(url)`` that returns a
:class:`PostRef`. ``identify_url`` asks them in turn. Canonical URLs are fixed points: identifying
a canonical URL returns it unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from embedarchive.platforms import (
    bluesky,
    facebook,
    instagram,
    linkedin,
    mastodon,
    threads,
    tiktok,
    twitter,
    youtube,
)
from embedarchive.platforms._ref import PostRef

__all__ = ["PostRef", "identify_url"]

_MAX_URL: Final = 4096

# Mastodon last: its grammar accepts any host, the others name theirs.
_IDENTIFIERS: Final[tuple[Callable[[str], PostRef | None], ...]] = (
    twitter.identify,
    bluesky.identify,
    threads.identify,
    instagram.identify,
    tiktok.identify,
    youtube.identify,
    linkedin.identify,
    facebook.identify,
    mastodon.identify,
)


def identify_url(url: str) -> PostRef | None:
    """The post a URL points at (any supported platform), or ``None`` when it is not a post URL."""
    url = url.strip()
    if not url or len(url) > _MAX_URL:
        return None
    for identify in _IDENTIFIERS:
        ref = identify(url)
        if ref is not None:
            return ref
    return None
