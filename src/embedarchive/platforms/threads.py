"""Threads: post URLs on threads.net / threads.com (specs §5)."""

from __future__ import annotations

import re
from typing import Final

from embedarchive.models import Platform
from embedarchive.platforms._ref import PostRef

__all__ = ["POST_URL_RE", "canonical_post_url", "identify"]

POST_URL_RE: Final = re.compile(
    r"https?://(?:www\.)?threads\.(?:net|com)/(?:@(?P<user>[A-Za-z0-9._]{1,30})/post|t)"
    r"/(?P<code>[A-Za-z0-9_\-]{5,40})(?![A-Za-z0-9_\-])",
    re.IGNORECASE,
)


def canonical_post_url(code: str, user: str | None = None) -> str:
    """``https://www.threads.com/@<user>/post/<code>`` (``/t/<code>`` without a user)."""
    if user:
        return f"https://www.threads.com/@{user}/post/{code}"
    return f"https://www.threads.com/t/{code}"


def identify(url: str) -> PostRef | None:
    """Parse a Threads post URL; the post id is the shortcode."""
    m = POST_URL_RE.match(url.strip())
    if m is None:
        return None
    return PostRef(Platform.THREADS, m["code"], m["user"], canonical_post_url(m["code"], m["user"]))
