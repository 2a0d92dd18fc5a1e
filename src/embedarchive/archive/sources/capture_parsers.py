"""Turn an archived tweet capture (raw ``id_`` bytes) into a ``Post``, for every capture era.

Eras (specs/archive_protocols.md §2.3):

* legacy server-side twitter.com page (to mid-2020, and later for crawlers): the permalink
  ``div.tweet[data-tweet-id]`` plus ``og:description`` and ``link rel=canonical``;
* the ~2022 page served to crawlers: schema.org ``SocialMediaPosting`` as microdata (or JSON-LD);
* API v1.1 tweet JSON, the syndication ``tweet-result`` JSON (same family, ISO dates);
* API v2 JSON (``data`` / ``includes`` / ``errors``).

Everything here is a pure function of the bytes: no network, no clock. The author always comes
from the content, never from the archived URL (Twitter served ``/<anyhandle>/status/<id>``).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
import re
from collections.abc import Iterator, Mapping
from typing import Any

from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString

from embedarchive._soup import parse_markup
from embedarchive._time import as_utc
from embedarchive.archive.sources.syndication import parse_tweet_result
from embedarchive.errors import SourceError
from embedarchive.models import Author, Media, Platform, Post

__all__ = ["gone_reason", "parse_capture", "redirect_target", "status_id_from_url"]

logger = logging.getLogger(__name__)

_STATUS_ID = re.compile(r"/status(?:es)?/(\d{1,25})")
_REDIRECT_HREF = re.compile(rb"You are being <a href=\"([^\"<>]{1,2000})\">redirected</a>")
_LEADING_MENTIONS = re.compile(r"(?:@\w{1,50}\s{1,5}){1,50}")
_OPEN_QUOTE = "\u201c"
_CLOSE_QUOTE = "\u201d"
_MAX_BODY = 32 * 1024 * 1024
_NO_TIME = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)  # placeholder; callers add provenance
_HAS_IMAGE_URL: dict[str, Any] = {"data-image-url": True}
_POSTING_ITEM: dict[str, Any] = {"itemtype": re.compile(r"schema\.org/SocialMediaPosting$")}


def status_id_from_url(url: str) -> str | None:
    """The numeric status id in a ``…/status/<id>`` URL, or ``None``."""
    match = _STATUS_ID.search(url[:4096])
    return match.group(1) if match else None


def parse_capture(body: bytes, content_type: str, original_url: str) -> Post | None:
    """Parse the raw bytes of an archived status page or tweet JSON into a ``Post``.

    ``original_url`` is the archived URL; when it names a status id, only that post is returned
    (a page also shows parents and replies). Returns ``None`` when the capture holds no readable
    post (React shell, error page, JSON error object, unknown shape). Never raises.
    """
    if not body or len(body) > _MAX_BODY:
        return None
    wanted = status_id_from_url(original_url)
    try:
        if _looks_like_json(body, content_type):
            payload = json.loads(body)
            return _parse_json(payload, wanted)
        return _parse_html(body, wanted)
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
        logger.debug("unparseable capture of %s: %s", original_url, exc)
        return None


def redirect_target(body: bytes) -> str | None:
    """The target of an archived Twitter redirect page ("You are being redirected"), if any."""
    match = _REDIRECT_HREF.search(body[:8192])
    return match.group(1).decode("utf-8", "replace") if match else None


def gone_reason(body: bytes, content_type: str) -> str | None:
    """Why an archived JSON payload says the post is gone (deleted, withheld…), else ``None``."""
    if not _looks_like_json(body, content_type):
        return None
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError):
        return None
    if not isinstance(payload, dict):
        return None
    if payload.get("__typename") == "TweetTombstone":
        text = _dig(payload, "tombstone", "text", "text")
        return text if isinstance(text, str) and text else "tombstone"
    if "data" not in payload and "id_str" not in payload:
        for error in _dicts(payload.get("errors")):
            kind = str(error.get("type") or "")
            if error.get("resource_type") == "tweet" or error.get("code") in (144, 34, 63, 179):
                return str(error.get("detail") or error.get("message") or kind or "error")
    return None


# ---------------------------------------------------------------------------------------- JSON


def _looks_like_json(body: bytes, content_type: str) -> bool:
    if "json" in content_type.lower():
        return True
    head = body[:64].lstrip()
    return head[:1] in (b"{", b"[")


def _parse_json(payload: Any, wanted: str | None) -> Post | None:
    if (
        isinstance(payload, dict)
        and "data" in payload
        and ("includes" in payload or "errors" in payload or _is_v2_tweet(payload.get("data")))
    ):
        return _parse_v2(payload, wanted)
    if isinstance(payload, dict) and isinstance(payload.get("data"), dict):
        # the syndication endpoint as some clients store it: {"data": {tweet-result}}
        payload = payload["data"]
    if isinstance(payload, dict) and ("id_str" in payload or "id" in payload) and "user" in payload:
        post = _parse_v1(payload)
        if post is not None and (wanted is None or post.id == wanted):
            return post
    return None


def _is_v2_tweet(data: Any) -> bool:
    first = data[0] if isinstance(data, list) and data else data
    return isinstance(first, dict) and "author_id" in first


def _parse_v1(tweet: Mapping[str, Any]) -> Post | None:
    """API v1.1 tweet objects and the syndication ``tweet-result`` share one field family; the
    syndication parser reads both once v1.1-only fields are mapped onto syndication names."""
    shaped = dict(tweet)
    extended = _obj(tweet.get("extended_tweet"))
    if extended.get("full_text"):
        shaped["full_text"] = extended["full_text"]
        shaped["display_text_range"] = extended.get("display_text_range")
        if isinstance(extended.get("entities"), dict):
            shaped["entities"] = extended["entities"]
    media = _obj(extended.get("extended_entities") or tweet.get("extended_entities")).get("media")
    if "mediaDetails" not in shaped and isinstance(media, list):
        shaped["mediaDetails"] = media
    if "quoted_tweet" not in shaped and isinstance(tweet.get("quoted_status"), dict):
        shaped["quoted_tweet"] = tweet["quoted_status"]
    try:
        post = parse_tweet_result(shaped, fetched_at=_NO_TIME, url=None)
    except SourceError:
        return None
    created = post.created_at or _v1_created(tweet)
    return post.model_copy(
        update={"provenance": None, "created_at": created, "quoted": _unsourced(post.quoted)}
    )


def _unsourced(post: Post | None) -> Post | None:
    return post.model_copy(update={"provenance": None}) if post is not None else None


def _v1_created(tweet: Mapping[str, Any]) -> dt.datetime | None:
    millis = tweet.get("timestamp_ms")
    if isinstance(millis, str) and millis.isdigit() and len(millis) <= 15:
        return _from_millis(int(millis))
    return None


def _from_millis(millis: int) -> dt.datetime | None:
    """A Unix time in milliseconds, or None past the years a datetime holds."""
    try:
        return dt.datetime.fromtimestamp(millis / 1000, tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        return None


def _parse_v2(payload: Mapping[str, Any], wanted: str | None) -> Post | None:
    data = payload.get("data")
    tweets = [data] if isinstance(data, dict) else list(_dicts(data))
    includes = _obj(payload.get("includes"))
    tweets += [t for t in _dicts(includes.get("tweets")) if t not in tweets]
    chosen = next((t for t in tweets if wanted is None or _str_id(t.get("id")) == wanted), None)
    if chosen is None:
        return None
    return _v2_post(chosen, includes, depth=0)


def _v2_post(tweet: Mapping[str, Any], includes: Mapping[str, Any], *, depth: int) -> Post | None:
    tweet_id = _str_id(tweet.get("id"))
    if tweet_id is None:
        return None
    author_id = _str_id(tweet.get("author_id"))
    user = next(
        (u for u in _dicts(includes.get("users")) if _str_id(u.get("id")) == author_id), None
    )
    handle = _str_or_none(user.get("username")) if user else None
    note = tweet.get("note_tweet")
    note_text = note.get("text") if isinstance(note, dict) else None
    raw_text = note_text if isinstance(note_text, str) and note_text else tweet.get("text")
    text = html.unescape(raw_text) if isinstance(raw_text, str) else ""
    entities = _obj(tweet.get("entities"))
    refs = list(_dicts(tweet.get("referenced_tweets")))
    reply_to = next((_str_id(r.get("id")) for r in refs if r.get("type") == "replied_to"), None)
    quoted: Post | None = None
    quoted_id = next((_str_id(r.get("id")) for r in refs if r.get("type") == "quoted"), None)
    if quoted_id and depth == 0:
        raw = next(
            (t for t in _dicts(includes.get("tweets")) if _str_id(t.get("id")) == quoted_id), None
        )
        quoted = _v2_post(raw, includes, depth=1) if raw else None
    media_keys = _dig(tweet, "attachments", "media_keys")
    keys = set(media_keys) if isinstance(media_keys, list) else set()
    media = tuple(
        Media(
            kind=m.get("type") if m.get("type") in ("photo", "video", "animated_gif") else "other",
            url=str(m.get("url") or m.get("preview_image_url")),
            preview_url=_str_or_none(m.get("preview_image_url")),
            alt_text=_str_or_none(m.get("alt_text")),
            width=m.get("width") if isinstance(m.get("width"), int) else None,
            height=m.get("height") if isinstance(m.get("height"), int) else None,
        )
        for m in _dicts(includes.get("media"))
        if m.get("media_key") in keys and (m.get("url") or m.get("preview_image_url"))
    )
    reply_user = _str_id(tweet.get("in_reply_to_user_id"))
    reply_handle = next(
        (
            _str_or_none(u.get("username"))
            for u in _dicts(includes.get("users"))
            if reply_user and _str_id(u.get("id")) == reply_user
        ),
        None,
    )
    return Post(
        platform=Platform.TWITTER,
        id=tweet_id,
        url=_post_url(handle, tweet_id),
        author=Author(
            name=_str_or_none(user.get("name")) if user else None, handle=handle, id=author_id
        ),
        created_at=_iso_datetime(tweet.get("created_at")),
        text=_visible(text) if reply_to else text,
        lang=_str_or_none(tweet.get("lang")),
        media=media,
        links=tuple(
            str(u["expanded_url"]) for u in _dicts(entities.get("urls")) if u.get("expanded_url")
        ),
        entities=dict(entities),
        quoted=quoted,
        in_reply_to=reply_to,
        in_reply_to_handle=reply_handle,
    )


# ---------------------------------------------------------------------------------------- HTML


def _parse_html(body: bytes, wanted: str | None) -> Post | None:
    soup = parse_markup(body, "lxml")
    if soup is None:
        return None
    canonical = _canonical_status(soup)
    target = wanted or (canonical[1] if canonical else None)
    if target is None:
        return None
    return (
        _legacy_post(soup, target)
        or _microdata_post(soup, target)
        or _json_ld_post(soup, target)
        or _meta_only_post(soup, target, canonical)
    )


def _canonical_status(soup: BeautifulSoup) -> tuple[str, str] | None:
    """(handle, id) from ``link rel=canonical`` or ``og:url``."""
    candidates: list[str] = []
    for link in soup.find_all("link", limit=50):
        rel = link.get("rel")
        rels = rel if isinstance(rel, list) else [str(rel or "")]
        if "canonical" in rels and link.get("href"):
            candidates.append(str(link["href"]))
    og_url = soup.find("meta", attrs={"property": "og:url"})
    if isinstance(og_url, Tag) and og_url.get("content"):
        candidates.append(str(og_url["content"]))
    for href in candidates:
        match = re.search(r"/([A-Za-z0-9_]{1,50})/status(?:es)?/(\d{1,25})", href[:2000])
        if match:
            return match.group(1), match.group(2)
    return None


def _og_description(soup: BeautifulSoup) -> str | None:
    meta = soup.find("meta", attrs={"property": "og:description"})
    if not isinstance(meta, Tag):
        return None
    content = str(meta.get("content") or "").strip()
    if content.startswith(_OPEN_QUOTE) and content.endswith(_CLOSE_QUOTE) and len(content) >= 2:
        return content[1:-1]
    return None


def _visible(text: str) -> str:
    """Text without the leading reply mentions, as the post is shown (and as the syndication
    source returns it)."""
    text = text.strip()
    match = _LEADING_MENTIONS.match(text)
    return text[match.end() :] if match and match.end() < len(text) else text


def _meta_only_post(
    soup: BeautifulSoup, target: str, canonical: tuple[str, str] | None
) -> Post | None:
    """React-era captures sometimes keep only the server-rendered ``og:`` tags."""
    text = _og_description(soup)
    if canonical is None or canonical[1] != target or not text:
        return None
    return Post(
        platform=Platform.TWITTER,
        id=target,
        url=_post_url(canonical[0], target),
        author=Author(handle=canonical[0]),
        text=_visible(text),
    )


def _legacy_post(soup: BeautifulSoup, target: str) -> Post | None:
    node = soup.find("div", attrs={"data-tweet-id": target})
    if not isinstance(node, Tag):
        return None
    text_node = node.find("p", class_="tweet-text")
    if not isinstance(text_node, Tag):
        return None
    text, links = _legacy_text(text_node)
    handle = _str_or_none(node.get("data-screen-name"))
    stamp = node.find("span", attrs={"data-time-ms": True})
    created = None
    if isinstance(stamp, Tag):
        millis = str(stamp.get("data-time-ms") or "")
        if millis.isdigit() and len(millis) <= 15:
            created = _from_millis(int(millis))
    media = tuple(
        Media(kind="photo", url=str(img["data-image-url"]))
        for img in node.find_all(None, _HAS_IMAGE_URL, limit=8)
    )
    reply_handle: str | None = None
    reply_json = node.get("data-reply-to-users-json")
    if node.get("data-is-reply-to") == "true" and isinstance(reply_json, str):
        try:
            users = json.loads(reply_json)
        except ValueError:
            users = []
        others = [u for u in _dicts(users) if u.get("screen_name") != handle]
        reply_handle = _str_or_none(others[0].get("screen_name")) if others else None
    return Post(
        platform=Platform.TWITTER,
        id=target,
        url=_post_url(handle, target),
        author=Author(
            name=_str_or_none(node.get("data-name")),
            handle=handle,
            id=_str_or_none(node.get("data-user-id")),
        ),
        created_at=created,
        text=text,
        lang=_str_or_none(text_node.get("lang")),
        media=media,
        links=links,
        in_reply_to_handle=reply_handle,
    )


def _legacy_text(node: Tag) -> tuple[str, tuple[str, ...]]:
    """Visible text of a legacy ``p.tweet-text``: emoji images as their characters, links as
    the t.co URL the API text carries (the page shows a shortened display form), and the
    hidden trailing media link dropped as the API's display range drops it."""
    parts: list[str] = []
    links: list[str] = []
    for piece in _walk(node):
        if isinstance(piece, NavigableString):
            parts.append(str(piece))
        elif piece.name == "img":
            parts.append(str(piece.get("alt") or ""))
        elif "u-hidden" in (piece.get("class") or []):
            continue
        else:
            expanded = piece.get("data-expanded-url")
            href = str(piece.get("href") or "")
            if expanded:
                links.append(str(expanded))
            use_href = bool(expanded) and href.startswith("http")
            parts.append(href if use_href else piece.get_text())
    return "".join(parts).strip(), tuple(links)


def _walk(node: Tag) -> Iterator[NavigableString | Tag]:
    """Text nodes, ``img`` and ``a`` elements in document order (links and images not
    descended into)."""
    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:  # skip comments, CDATA…
                yield child
        elif isinstance(child, Tag):
            if child.name in ("img", "a"):
                yield child
            else:
                yield from _walk(child)


def _microdata_post(soup: BeautifulSoup, target: str) -> Post | None:
    for node in soup.find_all(None, _POSTING_ITEM):
        props = _own_meta(node)
        if props.get("identifier") != target:
            continue
        author_node = node.find(None, {"itemprop": "author"})
        author = _own_meta(author_node) if isinstance(author_node, Tag) else {}
        body = node.find(None, {"itemprop": "articleBody"})
        text_node = node.find(None, {"data-testid": "tweetText"})
        lang = text_node.get("lang") if isinstance(text_node, Tag) else None
        text = (
            body.get_text()
            if isinstance(body, Tag)
            else (text_node.get_text() if isinstance(text_node, Tag) else "")
        )
        return _schema_post(
            target,
            {
                "articleBody": text,
                "dateCreated": props.get("dateCreated") or props.get("datePublished"),
                "isPartOf": props.get("isPartOf"),
                "inLanguage": lang,
            },
            author,
        )
    return None


def _json_ld_post(soup: BeautifulSoup, target: str) -> Post | None:
    for script in soup.find_all("script", attrs={"type": "application/ld+json"}, limit=20):
        try:
            data = json.loads(script.get_text())
        except (ValueError, RecursionError):
            continue
        for item in _ld_items(data):
            if str(item.get("identifier")) != target:
                continue
            author = item.get("author")
            author_props = (
                {k: str(v) for k, v in author.items()} if isinstance(author, dict) else {}
            )
            return _schema_post(target, item, author_props)
    return None


def _ld_items(data: Any) -> Iterator[Mapping[str, Any]]:
    stack = [data]
    seen = 0
    while stack and seen < 500:
        item = stack.pop()
        seen += 1
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            if item.get("@type") == "SocialMediaPosting":
                yield item
            for key in ("@graph", "hasPart", "mainEntity"):
                if key in item:
                    stack.append(item[key])


def _schema_post(target: str, props: Mapping[str, Any], author: Mapping[str, str]) -> Post:
    handle = _str_or_none(author.get("additionalName"))
    part_of = props.get("isPartOf")
    parent = status_id_from_url(part_of) if isinstance(part_of, str) else None
    return Post(
        platform=Platform.TWITTER,
        id=target,
        url=_post_url(handle, target),
        author=Author(
            name=_str_or_none(author.get("givenName")),
            handle=handle,
            id=_str_or_none(author.get("identifier")),
        ),
        created_at=_iso_datetime(props.get("dateCreated")),
        text=_visible(str(props.get("articleBody") or "")),
        lang=_str_or_none(props.get("inLanguage")),
        in_reply_to=parent if parent != target else None,
    )


def _own_meta(node: Tag) -> dict[str, str]:
    """``meta[itemprop]`` values that belong to this item, not to nested itemscopes."""
    props: dict[str, str] = {}
    for meta in node.find_all("meta", attrs={"itemprop": True}):
        owner = meta.find_parent(attrs={"itemscope": True})
        if owner is not node:
            continue
        key = str(meta["itemprop"])
        props.setdefault(key, str(meta.get("content") or ""))
    return props


# ------------------------------------------------------------------------------------- helpers


def _post_url(handle: str | None, post_id: str) -> str:
    return f"https://x.com/{handle or 'i'}/status/{post_id}"


def _str_id(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and value >= 0:
        return str(value)
    if isinstance(value, str) and value.isdigit() and len(value) <= 25:
        return value
    return None


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _iso_datetime(value: Any) -> dt.datetime | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return as_utc(parsed)


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _dicts(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                yield item


def _dig(value: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value
