"""YouTube: watch, short-link, shorts and embed URLs (specs §5)."""

from __future__ import annotations

import re
from typing import Final

from embedarchive.models import Platform
from embedarchive.platforms._ref import PostRef

__all__ = ["VIDEO_URL_RE", "canonical_video_url", "identify"]

VIDEO_URL_RE: Final = re.compile(
    r"(?:https?:)?//(?:(?:www\.|m\.)?youtube(?:-nocookie)?\.com/"
    r"(?:embed/|shorts/|live/|v/|watch\?(?:[^#\s&]{0,100}&){0,10}v=)|youtu\.be/)"
    r"(?P<id>[A-Za-z0-9_\-]{11})(?![A-Za-z0-9_\-])",
    re.IGNORECASE,
)


# Eleven-letter path words of the embed player that name a playlist or a channel's live
# stream, not a video ("/embed/videoseries?list=…", "/embed/live_stream?channel=…").
_NOT_VIDEOS: Final = frozenset({"videoseries", "live_stream"})


def canonical_video_url(video_id: str) -> str:
    """``https://www.youtube.com/watch?v=<id>``."""
    return f"https://www.youtube.com/watch?v={video_id}"


def identify(url: str) -> PostRef | None:
    """Parse a YouTube video URL; ``None`` for channels, playlists and the like."""
    m = VIDEO_URL_RE.match(url.strip())
    if m is None or m["id"] in _NOT_VIDEOS:
        return None
    return PostRef(Platform.YOUTUBE, m["id"], None, canonical_video_url(m["id"]))
