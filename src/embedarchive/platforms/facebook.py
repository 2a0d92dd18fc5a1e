"""Facebook: post, video, photo, watch and permalink URLs (specs §5)."""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import parse_qs, urlsplit

from embedarchive.models import Platform
from embedarchive.platforms._ref import PostRef

__all__ = ["identify"]

_HOST_RE: Final = re.compile(r"https?://(?:www\.|m\.|web\.|mbasic\.)?facebook\.com/", re.IGNORECASE)
_PAGE_RE: Final = re.compile(r"[A-Za-z0-9.\-_]{1,100}")
_ID_RE: Final = re.compile(r"(?:\d{1,25}|pfbid[A-Za-z0-9]{10,80})")
_QUERY_PAGES: Final = {
    "permalink.php": "story_fbid",
    "story.php": "story_fbid",
    "photo.php": "fbid",
}
_PLUGINS: Final = ("post.php", "video.php")
_SDK_VERSION: Final = re.compile(r"v\d{1,2}(?:\.\d{1,2})?")
_STORY_INDEX: Final = re.compile(r":\d{1,3}$")


def identify(url: str) -> PostRef | None:
    """Parse a Facebook post/video URL; canonical URLs keep the page and the kind of post."""
    return _identify(url, plugin=True)


def _identify(url: str, *, plugin: bool) -> PostRef | None:
    url = url.strip()
    host = _HOST_RE.match(url)
    if host is None or len(url) > 2048:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    segments = [s for s in parts.path.split("/") if s]
    query = parse_qs(parts.query)
    if not segments:
        return None
    if len(segments) == 3 and segments[1] == "plugins" and _SDK_VERSION.fullmatch(segments[0]):
        segments = segments[1:]  # the SDK's versioned frame: /v18.0/plugins/post.php
    first = segments[0]
    if first == "plugins" and len(segments) == 2 and segments[1] in _PLUGINS:
        # the SDK's iframe: plugins/post.php?href=<the post's URL> (one level, not nested)
        href = (query.get("href") or [""])[0]
        return _identify(href, plugin=False) if plugin else None
    if first in _QUERY_PAGES:
        story = (query.get(_QUERY_PAGES[first]) or [""])[0]
        owner = (query.get("id") or [""])[0]
        if not _ID_RE.fullmatch(story):
            return None
        key = _QUERY_PAGES[first]
        suffix = f"&id={owner}" if owner.isdigit() else ""
        return PostRef(
            Platform.FACEBOOK,
            story,
            None,
            f"https://www.facebook.com/{first}?{key}={story}{suffix}",
        )
    if first == "watch":
        video = (query.get("v") or [""])[0]
        if not video.isdigit():
            return None
        return PostRef(Platform.FACEBOOK, video, None, f"https://www.facebook.com/watch/?v={video}")
    if (
        len(segments) >= 3
        and segments[1] in ("posts", "videos", "photos")
        and _PAGE_RE.fullmatch(first)
    ):
        # (an embed code's cite may add the story's index: "posts/10154890471522020:0")
        post_id = _STORY_INDEX.sub("", segments[-1])
        if not _ID_RE.fullmatch(post_id):
            return None
        kind = segments[1]
        middle = "/".join(segments[2:-1])
        path = f"{first}/{kind}/{middle + '/' if middle else ''}{post_id}/"
        return PostRef(Platform.FACEBOOK, post_id, first, f"https://www.facebook.com/{path}")
    return None
