"""TikTok: video URLs and embed-player URLs (``/embed/v2/<id>``, ``/player/v1/<id>``; specs §5)."""

from __future__ import annotations

import re
from typing import Final

from embedarchive.models import Platform
from embedarchive.platforms._ref import PostRef

__all__ = ["VIDEO_URL_RE", "canonical_video_url", "identify"]

VIDEO_URL_RE: Final = re.compile(
    r"https?://(?:www\.|m\.)?tiktok\.com/"
    r"(?:@(?P<user>[A-Za-z0-9._]{1,30})/video|embed(?:/v2)?|player/v1)"
    r"/(?P<id>\d{1,25})(?!\d)",
    re.IGNORECASE,
)


def canonical_video_url(video_id: str, handle: str | None = None) -> str:
    """``https://www.tiktok.com/@<handle>/video/<id>`` (the embed player URL without a handle)."""
    if handle:
        return f"https://www.tiktok.com/@{handle}/video/{video_id}"
    return f"https://www.tiktok.com/embed/v2/{video_id}"


def identify(url: str) -> PostRef | None:
    """Parse a TikTok video URL."""
    m = VIDEO_URL_RE.match(url.strip())
    if m is None:
        return None
    return PostRef(Platform.TIKTOK, m["id"], m["user"], canonical_video_url(m["id"], m["user"]))
