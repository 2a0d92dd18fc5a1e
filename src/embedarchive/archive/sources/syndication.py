"""Twitter/X's keyless syndication endpoint (``cdn.syndication.twimg.com/tweet-result``).

The endpoint serves the JSON the embed widget renders. It wants a ``token`` derived from the id
(see :func:`syndication_token`) and answers a Tweet, a tombstone, ``{}`` or an error object; see
specs/embed_formats.md §3.2 for the shapes this module maps to source outcomes.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from embedarchive._time import parse_timestamp
from embedarchive.archive.sources.base import Lookup, Outcome, PostQuery, SourceResult
from embedarchive.errors import (
    HostNotAllowedError,
    InputError,
    RateLimitedError,
    ResponseTooLargeError,
    SourceError,
)
from embedarchive.models import Author, Media, Platform, Post, Provenance

if TYPE_CHECKING:
    from embedarchive.archive.http import HttpClient, HttpResponse

__all__ = ["TwitterSyndication", "parse_tweet_result", "syndication_token"]

logger = logging.getLogger(__name__)

_DIGITS36 = "0123456789abcdefghijklmnopqrstuvwxyz"
_TWEPOCH_MS = 1288834974657
_MAX_ID_DIGITS = 40
_MAX_QUOTE_DEPTH = 2


def js_number_to_radix(value: float, radix: int = 36) -> str:
    """``Number.prototype.toString(radix)`` as V8 computes it, for a finite ``value >= 0``.

    V8 (``DoubleToRadixCString``) emits fraction digits only until the remainder is smaller than
    half the distance to the next double, rounding the last digit half-to-even. The arithmetic
    is done in doubles on purpose: that is what the browser does, and the token must match it.
    """
    if not math.isfinite(value) or value < 0:
        raise InputError("js_number_to_radix needs a finite, non-negative number")
    integer = math.floor(value)
    fraction = value - integer
    delta = max(0.5 * (math.nextafter(value, math.inf) - value), math.nextafter(0.0, 1.0))
    fraction_digits: list[int] = []
    if fraction >= delta:
        while True:
            fraction *= radix
            delta *= radix
            digit = int(fraction)
            fraction_digits.append(digit)
            fraction -= digit
            rounds_up = fraction > 0.5 or (fraction == 0.5 and digit & 1)
            if rounds_up and fraction + delta > 1:
                integer = _carry(fraction_digits, integer, radix)
                break
            if fraction < delta:
                break
    whole = integer
    head: list[str] = []
    while True:
        whole, rem = divmod(whole, radix)
        head.append(_DIGITS36[rem])
        if whole == 0:
            break
    text = "".join(reversed(head))
    if fraction_digits:
        text += "." + "".join(_DIGITS36[d] for d in fraction_digits)
    return text


def _carry(digits: list[int], integer: int, radix: int) -> int:
    """Round the fraction digits up by one unit in the last place, carrying leftwards."""
    while digits:
        last = digits.pop() + 1
        if last < radix:
            digits.append(last)
            return integer
    return integer + 1


def syndication_token(post_id: str) -> str:
    """The ``token`` query parameter the syndication endpoint expects for ``post_id``.

    The widget computes ``((Number(id) / 1e15) * Math.PI).toString(36)`` and deletes every
    ``0`` and ``.``; ``Number(id)`` rounds the id to a double first, as ``float(int(...))`` does.
    """
    if not post_id.isascii() or not post_id.isdigit():
        raise InputError(f"not a numeric post id: {post_id!r}")
    value = float(int(post_id)) / 1e15 * math.pi
    return js_number_to_radix(value, 36).replace("0", "").replace(".", "")


def _snowflake_time(post_id: str) -> dt.datetime | None:
    """Creation time encoded in a snowflake id (ids since Nov 2010), else ``None``."""
    if not post_id.isascii() or not post_id.isdigit() or len(post_id) > 20:
        return None
    number = int(post_id)
    if number < 29700859247 or number >= 1 << 63:  # older ids are sequential, not snowflakes
        return None
    millis = (number >> 22) + _TWEPOCH_MS
    return dt.datetime.fromtimestamp(millis / 1000, tz=dt.UTC)


# --- parsing ------------------------------------------------------------------------------------


def _unwrap(payload: Mapping[str, Any]) -> Mapping[str, Any]:
    """Strip the ``{"data": {...}}`` wrapper some consumers (react-tweet's API route) add."""
    data = payload.get("data")
    if "__typename" not in payload and isinstance(data, Mapping):
        return data
    return payload


def _str(value: object) -> str | None:
    if isinstance(value, str) and value:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _sequence(value: object) -> Sequence[Any]:
    return value if isinstance(value, list | tuple) else ()


def _display_text(text: str, display_range: object) -> str:
    """The visible part of a tweet's raw ``text``, with HTML entities decoded.

    ``display_text_range`` counts UTF-16 code units of the still-escaped text (twitter-text
    computes it with JS ``String.length``; the recorded payloads with emoji confirm it), while
    entity ``indices`` count code points. Slicing happens before unescaping for the same reason.
    """
    bounds = _sequence(display_range)
    if len(bounds) == 2 and all(_int(b) is not None for b in bounds):
        start, end = int(bounds[0]), int(bounds[1])
        units = text.encode("utf-16-le", errors="surrogatepass")
        if 0 <= start <= end:
            sliced = units[start * 2 : end * 2]
            # a range that splits a surrogate pair loses the half character, not the tweet
            text = sliced.decode("utf-16-le", errors="ignore")
    return html.unescape(text)


def _media(details: object) -> tuple[Media, ...]:
    items: list[Media] = []
    for raw in _sequence(details):
        item = _mapping(raw)
        kind = item.get("type")
        image = _str(item.get("media_url_https")) or _str(item.get("media_url"))
        info = _mapping(item.get("original_info"))
        if kind in ("video", "animated_gif"):
            url = _best_video(_mapping(item.get("video_info")).get("variants")) or image
            preview = image
        else:
            url, preview = image, None
        if url is None:
            continue
        items.append(
            Media(
                kind=kind if kind in ("photo", "video", "animated_gif") else "other",
                url=url,
                preview_url=preview,
                alt_text=_str(item.get("ext_alt_text")),
                width=_int(info.get("width")),
                height=_int(info.get("height")),
            )
        )
    return tuple(items)


def _best_video(variants: object) -> str | None:
    """The highest-bitrate MP4 variant (HLS playlists are not a file one can keep)."""
    best: tuple[int, str] | None = None
    for raw in _sequence(variants):
        variant = _mapping(raw)
        url = _str(variant.get("url")) or _str(variant.get("src"))
        kind = variant.get("content_type") or variant.get("type")
        if url is None or kind != "video/mp4":
            continue
        bitrate = _int(variant.get("bitrate")) or 0
        if best is None or bitrate > best[0]:
            best = (bitrate, url)
    return best[1] if best else None


def _links(entities: Mapping[str, Any]) -> tuple[str, ...]:
    found: list[tuple[int, str]] = []
    for raw in _sequence(entities.get("urls")):
        item = _mapping(raw)
        url = _str(item.get("expanded_url")) or _str(item.get("url"))
        if url is None:
            continue
        indices = _sequence(item.get("indices"))
        position = _int(indices[0]) if indices else None
        found.append((position if position is not None else len(found), url))
    found.sort(key=lambda pair: pair[0])
    return tuple(url for _, url in found)


def parse_tweet_result(
    payload: Mapping[str, Any],
    *,
    fetched_at: dt.datetime,
    url: str | None,
    source: str = "syndication",
    _depth: int = 0,
) -> Post:
    """Build a :class:`Post` from a syndication ``tweet-result`` Tweet object.

    Accepts the bare object or the ``{"data": ...}`` wrapper; ``source`` names the provenance
    (an archived copy of this JSON found on the Wayback Machine is still this format). Raises
    ``SourceError`` when the payload is not a Tweet (a tombstone, ``{}``, an error object).
    """
    tweet = _unwrap(payload)
    typename = tweet.get("__typename")
    post_id = _str(tweet.get("id_str")) or _str(tweet.get("id"))
    if (typename is not None and typename != "Tweet") or post_id is None:
        raise SourceError(f"not a Tweet object (__typename={typename!r})", url=url)
    user = _mapping(tweet.get("user"))
    handle = _str(user.get("screen_name"))
    entities = dict(_mapping(tweet.get("entities")))
    raw_text = tweet.get("full_text") or tweet.get("text")
    text = (
        _display_text(raw_text, tweet.get("display_text_range"))
        if isinstance(raw_text, str)
        else ""
    )
    quoted = None
    quoted_raw = tweet.get("quoted_tweet")
    if isinstance(quoted_raw, Mapping) and _depth < _MAX_QUOTE_DEPTH:
        try:
            quoted = parse_tweet_result(
                quoted_raw, fetched_at=fetched_at, url=url, source=source, _depth=_depth + 1
            )
        except SourceError:
            logger.debug("quoted tweet of %s is not parseable", post_id)
    parent = _mapping(tweet.get("parent"))
    return Post(
        platform=Platform.TWITTER,
        id=post_id,
        url=f"https://x.com/{handle}/status/{post_id}"
        if handle
        else f"https://x.com/i/web/status/{post_id}",
        author=Author(name=_str(user.get("name")), handle=handle, id=_str(user.get("id_str"))),
        created_at=parse_timestamp(tweet.get("created_at")) or _snowflake_time(post_id),
        text=text,
        lang=_str(tweet.get("lang")),
        media=_media(tweet.get("mediaDetails")),
        links=_links(entities),
        entities=entities,
        quoted=quoted,
        in_reply_to=_str(tweet.get("in_reply_to_status_id_str")) or _str(parent.get("id_str")),
        in_reply_to_handle=_str(tweet.get("in_reply_to_screen_name"))
        or _str(_mapping(parent.get("user")).get("screen_name")),
        provenance=Provenance(source=source, url=url, fetched_at=fetched_at),
    )


def _tombstone_text(body: Mapping[str, Any]) -> str | None:
    tombstone = _mapping(body.get("tombstone"))
    text = tombstone.get("text")
    if isinstance(text, Mapping):
        return _str(text.get("text"))
    return _str(text)


def _error_text(errors: object) -> str:
    messages = [
        message
        for item in _sequence(errors)
        if (message := _str(_mapping(item).get("message"))) is not None
    ]
    return "; ".join(messages) or "error object without a message"


# --- the source ---------------------------------------------------------------------------------


class TwitterSyndication:
    """Source backed by ``cdn.syndication.twimg.com/tweet-result`` (no key, lookups by id)."""

    name = "syndication"
    platforms = frozenset({Platform.TWITTER})

    def __init__(
        self,
        base_url: str = "https://cdn.syndication.twimg.com",
        *,
        now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ) -> None:
        self.base_url = base_url.rstrip("/")
        host = urlsplit(self.base_url).hostname
        if not host:
            raise ValueError(f"base_url needs a host: {base_url!r}")
        self.hosts = frozenset({host.lower()})
        self._now = now

    def __repr__(self) -> str:
        return f"TwitterSyndication({self.base_url!r})"

    async def search(self, query: PostQuery, http: HttpClient) -> SourceResult:
        """The endpoint cannot search: always ``unsupported``."""
        return SourceResult("unsupported", detail="syndication looks posts up by id only")

    async def lookup(self, item: Lookup, http: HttpClient) -> SourceResult:
        """Fetch ``item.post_id`` and map the answer to an outcome (see the module docstring)."""
        post_id = item.post_id
        if not post_id.isascii() or not post_id.isdigit() or len(post_id) > _MAX_ID_DIGITS:
            return SourceResult("error", detail=f"not a numeric tweet id: {post_id!r}")
        endpoint = f"{self.base_url}/tweet-result"
        params = {"id": post_id, "lang": "en", "token": syndication_token(post_id)}
        try:
            response = await http.get(endpoint, params=params)
        except RateLimitedError as exc:
            return SourceResult(
                "unreachable", detail=str(exc), url=exc.url or endpoint, retry_after=exc.retry_after
            )
        except (HostNotAllowedError, ResponseTooLargeError) as exc:
            return SourceResult("error", detail=str(exc), url=exc.url or endpoint)
        except SourceError as exc:
            return SourceResult("unreachable", detail=str(exc), url=exc.url or endpoint)
        return self._interpret(response, http)

    def _interpret(self, response: HttpResponse, http: HttpClient) -> SourceResult:
        url = response.url
        payloads = ((url, response.status_code, response.content_type, response.content),)
        status = response.status_code
        if status == 404:
            return SourceResult("not_found", detail="HTTP 404", url=url, payloads=payloads)
        if status == 429:
            retry = http.gate.paused_for(urlsplit(url).hostname or "") or None
            return SourceResult(
                "unreachable",
                detail="HTTP 429 (rate limited)",
                url=url,
                retry_after=retry or http.policy.pause_on_429,
                payloads=payloads,
            )
        if status != 200:
            outcome: Outcome = "unreachable" if status >= 500 else "error"
            return SourceResult(outcome, detail=f"HTTP {status}", url=url, payloads=payloads)
        try:
            body = json.loads(response.content)
        except ValueError:
            return SourceResult("error", detail="answer is not JSON", url=url, payloads=payloads)
        if not isinstance(body, Mapping):
            return SourceResult(
                "error", detail="answer is not a JSON object", url=url, payloads=payloads
            )
        body = _unwrap(body)
        typename = body.get("__typename")
        if typename in ("TweetTombstone", "TweetUnavailable") or "tombstone" in body:
            detail = (
                _tombstone_text(body) or _str(body.get("reason")) or str(typename or "tombstone")
            )
            return SourceResult("tombstoned", detail=detail, url=url, payloads=payloads)
        if "errors" in body:
            detail = _error_text(body.get("errors"))
            return SourceResult("not_found", detail=detail, url=url, payloads=payloads)
        if not body:
            return SourceResult("not_found", detail="empty answer ({})", url=url, payloads=payloads)
        try:
            post = parse_tweet_result(body, fetched_at=self._now(), url=url)
        except (SourceError, ValueError) as exc:  # pydantic's ValidationError is a ValueError
            return SourceResult("error", detail=str(exc), url=url, payloads=payloads)
        return SourceResult("found", post=post, url=url, payloads=payloads)
