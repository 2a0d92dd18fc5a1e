"""Twitter/X tweet records → :class:`~embedarchive.models.Post`, one converter per shape.

Shapes: API v1.1 tweets and the data export's ``{"tweet": {...}}`` items (same fields), and API
v2 tweets, either items of a response page (users, media and referenced tweets in ``includes``)
or twarc-flattened (all of it inlined). A converter returns the post together with the posts it
embeds (quoted, retweeted), embedded ones first, and raises (``ValueError`` with the reason) for a
record it cannot read. Text is kept as the platform had it (only the API's ``&lt;``, ``&gt;``
and ``&amp;`` undone); expanded URLs go to ``links``, the entity objects to ``entities``.

:mod:`~embedarchive.archive.importers` finds these records in files and stores the posts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from embedarchive.models import Author, Media, Platform, Post, Provenance

__all__ = ["V2Includes", "v1_posts", "v2_posts"]

_V1_TIME = "%a %b %d %H:%M:%S %z %Y"
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}


# -- loose JSON values ---------------------------------------------------------------------


def _d(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _l(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _s(value: Any) -> str | None:
    if isinstance(value, str) and value:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") and not isinstance(value, bool) else None
    except (TypeError, ValueError):
        return None


def _post_id(value: Any) -> str:
    pid = _s(value)
    if pid is None or not pid.isdigit() or len(pid) > 30:
        raise ValueError(f"missing or invalid tweet id {value!r}"[:120])
    return pid


def _unescape(text: str) -> str:
    # The API escapes exactly these three in tweet text ("&amp;" for "&"); "&amp;" goes last so
    # a literal "&amp;lt;" typed by the author survives as "&lt;".
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _v1_time(value: str) -> dt.datetime:
    """Parse "Tue Jul 01 10:20:30 +0000 2025" (strptime is ten times slower on big imports)."""
    parts = value.split()
    if len(parts) != 6 or parts[1] not in _MONTHS or len(parts[4]) != 5 or parts[3].count(":") != 2:
        return dt.datetime.strptime(value, _V1_TIME).astimezone(dt.UTC)  # raises ValueError
    hour, minute, second = (int(x) for x in parts[3].split(":"))
    sign = -1 if parts[4][0] == "-" else 1
    offset = dt.timedelta(hours=int(parts[4][1:3]), minutes=int(parts[4][3:5])) * sign
    local = dt.datetime(
        int(parts[5]),
        _MONTHS[parts[1]],
        int(parts[2]),
        hour,
        minute,
        second,
        tzinfo=dt.timezone(offset),
    )
    return local.astimezone(dt.UTC)


def _url(handle: str | None, post_id: str) -> str:
    return (
        f"https://x.com/{handle}/status/{post_id}"
        if handle
        else f"https://x.com/i/status/{post_id}"
    )


def _best_mp4(variants: list[Any], rate_key: str) -> str | None:
    mp4s = [
        _d(v) for v in variants if _d(v).get("content_type") == "video/mp4" and _d(v).get("url")
    ]
    if not mp4s:
        return None
    return str(max(mp4s, key=lambda v: _int(v.get(rate_key)) or 0)["url"])


def _media_kind(value: Any) -> Any:
    return value if value in ("photo", "video", "animated_gif") else "other"


# -- API v1.1 and the data export ---------------------------------------------------------


def _v1_media(item: dict[str, Any]) -> Media | None:
    kind = _media_kind(item.get("type"))
    still = _s(item.get("media_url_https")) or _s(item.get("media_url"))
    video = _best_mp4(_l(_d(item.get("video_info")).get("variants")), "bitrate")
    url = video or still
    if url is None:
        return None
    size = _d(item.get("original_info")) or _d(_d(item.get("sizes")).get("large"))
    return Media(
        kind=kind,
        url=url,
        preview_url=still if video else None,
        alt_text=_s(item.get("ext_alt_text")) or _s(item.get("alt_text")),
        width=_int(size.get("width", size.get("w"))),
        height=_int(size.get("height", size.get("h"))),
    )


def v1_posts(tweet: dict[str, Any], account: Author | None, prov: Provenance) -> list[Post]:
    """The tweet (v1.1 or data-export shape) and the tweets it embeds, embedded ones first."""
    post_id = _post_id(tweet.get("id_str") or tweet.get("id"))
    extended = _d(tweet.get("extended_tweet"))
    text = extended.get("full_text") or tweet.get("full_text") or tweet.get("text") or ""
    if not isinstance(text, str):
        raise ValueError("tweet text is not a string")
    entities = _d(extended.get("entities")) or _d(tweet.get("entities"))
    media_items = _l(
        _d(extended.get("extended_entities") or tweet.get("extended_entities")).get("media")
    )
    user = _d(tweet.get("user"))
    if user:
        author = Author(
            name=_s(user.get("name")),
            handle=_s(user.get("screen_name")),
            id=_s(user.get("id_str")) or _s(user.get("id")),
        )
    else:
        author = account or Author()
    created_at = None
    ms = _int(tweet.get("timestamp_ms"))
    if ms is not None and 0 < ms < 1 << 45:
        # streaming payloads carry milliseconds; created_at has whole seconds only
        created_at = dt.datetime.fromtimestamp(ms / 1000, tz=dt.UTC)
    elif tweet.get("created_at"):
        try:
            created_at = _v1_time(str(tweet["created_at"]))
        except (ValueError, OverflowError) as exc:
            raise ValueError(f"unreadable created_at {tweet['created_at']!r}"[:120]) from exc
    embedded: list[Post] = []
    quoted = None
    if isinstance(tweet.get("quoted_status"), dict):
        embedded += v1_posts(tweet["quoted_status"], None, prov)
        quoted = embedded[-1]
    if isinstance(tweet.get("retweeted_status"), dict):
        embedded += v1_posts(tweet["retweeted_status"], None, prov)
    media = tuple(m for m in map(_v1_media, map(_d, media_items or _l(entities.get("media")))) if m)
    post = Post(
        platform=Platform.TWITTER,
        id=post_id,
        url=_url(author.handle, post_id),
        author=author,
        created_at=created_at,
        text=_unescape(text),
        lang=_s(tweet.get("lang")),
        media=media,
        links=tuple(
            u for u in (_s(_d(e).get("expanded_url")) for e in _l(entities.get("urls"))) if u
        ),
        entities=entities,
        quoted=quoted,
        in_reply_to=_s(tweet.get("in_reply_to_status_id_str"))
        or _s(tweet.get("in_reply_to_status_id")),
        in_reply_to_handle=_s(tweet.get("in_reply_to_screen_name")),
        provenance=prov,
    )
    return [*embedded, post]


# -- API v2 ----------------------------------------------------------------------------------


@dataclass
class V2Includes:
    """The ``includes`` of a v2 response page, indexed by id (users, tweets) and media key."""

    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    media: dict[str, dict[str, Any]] = field(default_factory=dict)
    tweets: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def of(cls, page: dict[str, Any]) -> V2Includes:
        inc = _d(page.get("includes"))

        def index(items: Any, key: str) -> dict[str, dict[str, Any]]:
            return {str(_d(i)[key]): _d(i) for i in _l(items) if _d(i).get(key) is not None}

        return cls(
            index(inc.get("users"), "id"),
            index(inc.get("media"), "media_key"),
            index(inc.get("tweets"), "id"),
        )


def _v2_media(item: dict[str, Any]) -> Media | None:
    kind = _media_kind(item.get("type"))
    still = _s(item.get("url")) or _s(item.get("preview_image_url"))
    video = _best_mp4(_l(item.get("variants")), "bit_rate")
    url = video or still
    if url is None:
        return None
    return Media(
        kind=kind,
        url=url,
        preview_url=_s(item.get("preview_image_url")) if video else None,
        alt_text=_s(item.get("alt_text")),
        width=_int(item.get("width")),
        height=_int(item.get("height")),
    )


def v2_posts(
    tweet: dict[str, Any], inc: V2Includes, prov: Provenance, depth: int = 0
) -> list[Post]:
    """The v2 tweet (page item or twarc-flattened) and the quoted/retweeted tweets it carries."""
    post_id = _post_id(tweet.get("id"))
    note = _d(tweet.get("note_tweet"))
    # note_tweet carries the full text of long posts; `text` is then cut at 280 characters.
    long_text = note.get("text") if isinstance(note.get("text"), str) and note.get("text") else None
    text = long_text or tweet.get("text") or ""
    if not isinstance(text, str):
        raise ValueError("tweet text is not a string")
    entities = _d(note.get("entities")) if long_text else _d(tweet.get("entities"))
    user = _d(tweet.get("author")) or inc.users.get(str(tweet.get("author_id")), {})
    author = Author(
        name=_s(user.get("name")),
        handle=_s(user.get("username")),
        id=_s(user.get("id")) or _s(tweet.get("author_id")),
    )
    created_at = None
    if tweet.get("created_at"):
        try:
            created_at = dt.datetime.fromisoformat(str(tweet["created_at"]))
            # a time without an offset is UTC, as the API writes it
            if created_at.tzinfo is None:
                created_at = created_at.replace(tzinfo=dt.UTC)
            created_at = created_at.astimezone(dt.UTC)
        except (ValueError, OverflowError) as exc:
            raise ValueError(f"unreadable created_at {tweet['created_at']!r}"[:120]) from exc
    attachments = _d(tweet.get("attachments"))
    media_items = [_d(m) for m in _l(attachments.get("media"))] or [
        inc.media[str(k)] for k in _l(attachments.get("media_keys")) if str(k) in inc.media
    ]
    embedded: list[Post] = []
    quoted = in_reply_to = None
    for ref in map(_d, _l(tweet.get("referenced_tweets"))):
        ref_id = _s(ref.get("id"))
        kind = ref.get("type")
        if kind == "replied_to":
            in_reply_to = ref_id
            continue
        # twarc's flatten inlines the referenced tweet; a raw page keeps it in includes.tweets
        full = ref if ("text" in ref or "note_tweet" in ref) else inc.tweets.get(ref_id or "")
        if full and depth < 2:
            embedded += v2_posts(full, inc, prov, depth + 1)
            if kind == "quoted":
                quoted = embedded[-1]
    reply_user = _d(tweet.get("in_reply_to_user")) or inc.users.get(
        str(tweet.get("in_reply_to_user_id")), {}
    )
    post = Post(
        platform=Platform.TWITTER,
        id=post_id,
        url=_url(author.handle, post_id),
        author=author,
        created_at=created_at,
        text=_unescape(text),
        lang=_s(tweet.get("lang")),
        media=tuple(m for m in map(_v2_media, media_items) if m),
        links=tuple(
            u
            for u in (
                _s(_d(e).get("expanded_url"))
                for e in _l(entities.get("urls"))
                if not _d(e).get("media_key")
            )
            if u
        ),
        entities=entities,
        quoted=quoted,
        in_reply_to=in_reply_to,
        in_reply_to_handle=_s(reply_user.get("username")),
        provenance=prov,
    )
    return [*embedded, post]
