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
from embedarchive.platforms._archived import original_url
from embedarchive.platforms._ref import PostRef

__all__ = ["PostRef", "identify_url", "original_url"]

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
    """The post a URL points at (any supported platform), or ``None`` when it is not a post URL.

    A web archive's address for a post (the Wayback Machine's, archive.today's, as archived
    articles link them) points at the post of its original address.
    """
    url = url.strip()
    if not url or len(url) > _MAX_URL:
        return None
    url = original_url(url)
    for identify in _IDENTIFIERS:
        ref = identify(url)
        if ref is not None:
            return ref
    return None
