"""Instagram: post, reel and IGTV URLs (specs §5)."""

from __future__ import annotations

import re
from typing import Final

from embedarchive.models import Platform
from embedarchive.platforms._ref import PostRef

__all__ = ["POST_URL_RE", "canonical_post_url", "identify"]

POST_URL_RE: Final = re.compile(
    r"(?:https?:)?//(?:www\.)?instagr(?:am\.com|\.am)/(?:(?P<user>[A-Za-z0-9._]{1,30})/)?"
    r"(?P<kind>p|reels?|tv)/(?P<code>[A-Za-z0-9_\-]{5,40})(?![A-Za-z0-9_\-])",
    re.IGNORECASE,
)


def canonical_post_url(code: str, kind: str = "p") -> str:
    """``https://www.instagram.com/<p|reel|tv>/<code>/``."""
    return f"https://www.instagram.com/{kind}/{code}/"


def identify(url: str) -> PostRef | None:
    """Parse an Instagram post URL; the post id is the shortcode."""
    m = POST_URL_RE.match(url.strip())
    if m is None:
        return None
    kind = m["kind"].lower()
    kind = "reel" if kind == "reels" else kind
    user = (
        m["user"] if m["user"] and m["user"].lower() not in ("p", "reel", "reels", "tv") else None
    )
    return PostRef(Platform.INSTAGRAM, m["code"], user, canonical_post_url(m["code"], kind))
