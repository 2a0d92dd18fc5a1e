"""Bluesky: post URLs, at:// URIs, embed frames and TID record keys (specs §4.5, §5)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

from embedarchive.models import Platform
from embedarchive.platforms._ref import PostRef

__all__ = ["POST_URL_RE", "canonical_post_url", "identify", "rkey_time"]

_TID_ALPHABET: Final = "234567abcdefghijklmnopqrstuvwxyz"
_TID_VALUE: Final = {c: i for i, c in enumerate(_TID_ALPHABET)}

POST_URL_RE: Final = re.compile(
    r"(?:https?://(?:www\.)?bsky\.app/profile/(?P<who>[A-Za-z0-9.:\-]{1,253})/post/"
    r"|(?:at://|https?://embed\.bsky\.app/embed/)(?P<at>[A-Za-z0-9.:\-]{1,253})"
    r"/app\.bsky\.feed\.post/)(?P<rkey>[A-Za-z0-9]{1,20})(?![A-Za-z0-9])",
    re.IGNORECASE,
)


def canonical_post_url(actor: str, rkey: str) -> str:
    """``https://bsky.app/profile/<handle or did>/post/<rkey>``."""
    return f"https://bsky.app/profile/{actor}/post/{rkey}"


def identify(url: str) -> PostRef | None:
    """Parse a bsky.app post URL, an ``at://`` post URI or the frame URL embed.js writes
    (``https://embed.bsky.app/embed/<did>/app.bsky.feed.post/<rkey>``); ``None`` otherwise."""
    m = POST_URL_RE.match(url.strip())
    if m is None:
        return None
    who = m["who"] or m["at"]
    actor = who if who.lower().startswith("did:") else who.lower()
    handle = None if actor.startswith("did:") else actor
    return PostRef(Platform.BLUESKY, m["rkey"], handle, canonical_post_url(actor, m["rkey"]))


def rkey_time(rkey: str) -> dt.datetime | None:
    """Creation time (UTC) in a TID record key; ``None`` when ``rkey`` is not a TID."""
    if len(rkey) != 13 or rkey[0] not in _TID_ALPHABET[:16]:
        return None
    value = 0
    for char in rkey:
        digit = _TID_VALUE.get(char)
        if digit is None:
            return None
        value = value * 32 + digit
    micros = value >> 10
    try:
        return dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=micros)
    except OverflowError:
        return None
