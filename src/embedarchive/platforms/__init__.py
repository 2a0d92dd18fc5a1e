"""Platform knowledge: URL grammars, ids, handles, canonical URLs.

``identify_url`` recognises a post URL of any supported platform and returns a ``PostRef`` with
the canonical URL; canonical URLs are fixed points (identifying one returns it unchanged).
"""

from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import parse_qs, urlsplit

from embedarchive.models import Platform
from embedarchive.platforms import twitter

__all__ = ["PostRef", "identify_url"]


class PostRef(NamedTuple):
    """The identity of a post as far as a URL tells it."""

    platform: Platform
    post_id: str | None
    handle: str | None
    url: str


_BSKY = re.compile(
    r"https?://(?:www\.)?bsky\.app/profile/(?P<who>[A-Za-z0-9.:\-]{1,253})/post/(?P<rkey>[a-z0-9]{1,20})"
)
_AT_URI = re.compile(
    r"at://(?P<who>[A-Za-z0-9.:\-]{1,253})/app\.bsky\.feed\.post/(?P<rkey>[a-z0-9]{1,20})"
)
_MASTODON = re.compile(
    r"https?://(?P<host>[A-Za-z0-9.\-]{1,253})/@(?P<user>[A-Za-z0-9_]{1,30})(?:@[A-Za-z0-9.\-]{1,253})?/(?P<id>\d{1,20})"
)
_THREADS = re.compile(
    r"https?://(?:www\.)?threads\.(?:net|com)/(?:@(?P<user>[A-Za-z0-9._]{1,30})/post|t)/(?P<code>[A-Za-z0-9_\-]{5,40})"
)
_INSTAGRAM = re.compile(
    r"https?://(?:www\.)?instagram\.com/(?:(?P<user>[A-Za-z0-9._]{1,30})/)?(?P<kind>p|reel|reels|tv)/(?P<code>[A-Za-z0-9_\-]{5,40})"
)
_TIKTOK = re.compile(
    r"https?://(?:www\.|m\.)?tiktok\.com/@(?P<user>[A-Za-z0-9._]{1,30})/video/(?P<id>\d{1,25})"
)
_FACEBOOK = re.compile(r"https?://(?:www\.|m\.|web\.)?facebook\.com/(?P<path>[^?#\s]{1,300})")
_YOUTUBE = re.compile(
    r"https?://(?:(?:www\.|m\.)?youtube(?:-nocookie)?\.com/(?:embed/|shorts/|watch\?(?:[^#\s]{0,200}&)?v=|v/)|youtu\.be/)"
    r"(?P<id>[A-Za-z0-9_\-]{11})"
)
_LINKEDIN = re.compile(
    r"https?://(?:www\.)?linkedin\.com/(?:embed/)?feed/update/(?P<urn>urn:li:(?:activity|share|ugcPost):\d{1,25})"
)


def identify_url(url: str) -> PostRef | None:
    """The post a URL points at, or None when it is not a post URL we know."""
    url = url.strip()
    if len(url) > 2048:
        return None
    m = twitter.STATUS_URL_RE.match(url)
    if m:
        handle = m.group("user")
        if handle and not twitter.HANDLE_RE.fullmatch(handle):
            handle = None
        post_id = m.group("id")
        return PostRef(
            Platform.TWITTER, post_id, handle, twitter.canonical_status_url(post_id, handle)
        )
    m = _BSKY.match(url) or _AT_URI.match(url)
    if m:
        who, rkey = m.group("who"), m.group("rkey")
        handle = None if who.startswith("did:") else who.lower()
        return PostRef(
            Platform.BLUESKY, rkey, handle, f"https://bsky.app/profile/{who}/post/{rkey}"
        )
    m = _THREADS.match(url)
    if m:
        user, code = m.group("user"), m.group("code")
        path = f"@{user}/post/{code}" if user else f"t/{code}"
        return PostRef(Platform.THREADS, code, user, f"https://www.threads.com/{path}")
    m = _INSTAGRAM.match(url)
    if m:
        kind = "reel" if m.group("kind") == "reels" else m.group("kind")
        code = m.group("code")
        return PostRef(
            Platform.INSTAGRAM, code, m.group("user"), f"https://www.instagram.com/{kind}/{code}/"
        )
    m = _TIKTOK.match(url)
    if m:
        user, vid = m.group("user"), m.group("id")
        return PostRef(Platform.TIKTOK, vid, user, f"https://www.tiktok.com/@{user}/video/{vid}")
    m = _YOUTUBE.match(url)
    if m:
        vid = m.group("id")
        return PostRef(Platform.YOUTUBE, vid, None, f"https://www.youtube.com/watch?v={vid}")
    m = _LINKEDIN.match(url)
    if m:
        urn = m.group("urn")
        return PostRef(
            Platform.LINKEDIN,
            urn.rsplit(":", 1)[1],
            None,
            f"https://www.linkedin.com/feed/update/{urn}/",
        )
    m = _FACEBOOK.match(url)
    if m:
        return _facebook(m.group("path"))
    m = _MASTODON.match(url)
    if m:
        host, user, sid = m.group("host").lower(), m.group("user"), m.group("id")
        return PostRef(Platform.MASTODON, sid, f"{user}@{host}", f"https://{host}/@{user}/{sid}")
    return None


def _facebook(path: str) -> PostRef | None:
    path = path.rstrip("/")
    parts = path.split("/")
    if len(parts) >= 3 and parts[1] in ("posts", "videos", "photos"):
        post_id = parts[-1]
        return PostRef(
            Platform.FACEBOOK,
            post_id,
            parts[0],
            f"https://www.facebook.com/{parts[0]}/{parts[1]}/{post_id}",
        )
    if parts[0] in ("permalink.php", "story.php", "photo.php", "watch"):
        query = parse_qs(urlsplit("https://x/" + path).query)
        story = (query.get("story_fbid") or query.get("fbid") or query.get("v") or [None])[0]
        if story:
            return PostRef(Platform.FACEBOOK, story, None, "https://www.facebook.com/" + path)
    return None
