"""oEmbed endpoints as sources: Twitter/X, Bluesky, Mastodon, TikTok and YouTube.

An oEmbed answer is the platform's own embed markup plus a few JSON fields; the post text is read
from the markup's ``<p>`` (``<br>`` as newlines). Endpoints and answer shapes: specs/
embed_formats.md §3.1 and §5. Every source takes ``base_url=`` so a mirror or a test server can
stand in for the platform.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from bs4.element import NavigableString, Tag

from embedarchive._soup import parse_markup
from embedarchive.archive.sources.base import Lookup, Outcome, PostQuery, SourceResult
from embedarchive.errors import (
    HostNotAllowedError,
    RateLimitedError,
    ResponseTooLargeError,
    SourceError,
)
from embedarchive.models import Author, Media, Platform, Post, Provenance

if TYPE_CHECKING:
    from embedarchive.archive.http import HttpClient, HttpResponse

__all__ = ["OEmbed", "TwitterOEmbed", "parse_oembed"]

logger = logging.getLogger(__name__)

_TWEPOCH_MS = 1288834974657
_MAX_HTML_CHARS = 512 * 1024  # oEmbed markup is a few KB; refuse to parse novels
_MAX_FIELD_CHARS = 4096


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _str(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()[:_MAX_FIELD_CHARS]
    return None


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _last_path_segment(url: str | None) -> str | None:
    """``https://x.com/OpenAI`` → ``OpenAI``; ``https://www.tiktok.com/@scout`` → ``scout``."""
    if not url:
        return None
    try:
        segments = [s for s in urlsplit(url).path.split("/") if s]
    except ValueError:  # (an unclosed "[" of an IPv6 host)
        return None
    if not segments:
        return None
    return segments[-1].lstrip("@") or None


def _twitter_time(post_id: str) -> dt.datetime | None:
    # snowflake: 41 bits of milliseconds since Twitter's epoch above 22 bits of worker/sequence
    if not post_id.isascii() or not post_id.isdigit() or not 29700859247 <= int(post_id) < 1 << 63:
        return None
    return dt.datetime.fromtimestamp(((int(post_id) >> 22) + _TWEPOCH_MS) / 1000, tz=dt.UTC)


def _mastodon_time(post_id: str) -> dt.datetime | None:
    # Mastodon ids are (unix ms << 16) | sequence on the origin instance
    if not post_id.isascii() or not post_id.isdigit() or len(post_id) > 20:
        return None
    millis = int(post_id) >> 16
    if not 1_420_070_400_000 <= millis < 4_102_444_800_000:  # 2015 .. 2100: else not a snowflake
        return None
    return dt.datetime.fromtimestamp(millis / 1000, tz=dt.UTC)


def _iso_time(text: str | None) -> dt.datetime | None:
    if not text or len(text) > 40:
        return None
    try:
        parsed = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return None  # a date without a zone is the embedder's local time: not usable
    return parsed.astimezone(dt.UTC)


def _text_of(node: Tag) -> str:
    """Text of a markup node with ``<br>`` as newlines and entities decoded."""
    parts: list[str] = []
    for child in node.descendants:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:  # skips comments, CDATA and the like
                parts.append(str(child))
        elif isinstance(child, Tag) and child.name == "br":
            parts.append("\n")
    return "".join(parts).strip()


def _post_paragraph(markup: str) -> Tag | None:
    """The ``<p>`` holding the post text in an oEmbed blockquote, if the markup has one."""
    if not markup or len(markup) > _MAX_HTML_CHARS:
        return None
    soup = parse_markup(markup)
    if soup is None:
        return None
    quote = soup.find("blockquote")
    scope = quote if isinstance(quote, Tag) else soup
    paragraph = scope.find("p")
    return paragraph if isinstance(paragraph, Tag) else None


def _links(paragraph: Tag) -> tuple[str, ...]:
    """Links in the post text, without hashtag and mention links (those are markup, not links)."""
    found: list[str] = []
    for anchor in paragraph.find_all("a", href=True):
        label = anchor.get_text().strip()
        href = anchor.get("href")
        if not isinstance(href, str) or label.startswith(("#", "@", "$", "[image or embed]")):
            continue
        if href not in found:
            found.append(href)
    return tuple(found)


def _thumbnail(data: Mapping[str, Any], post_url: str) -> tuple[Media, ...]:
    thumb = _str(data.get("thumbnail_url"))
    if thumb is None:
        return ()
    is_video = data.get("type") == "video"
    return (
        Media(
            kind="video" if is_video else "photo",
            url=post_url if is_video else thumb,
            preview_url=thumb,
            width=_int(data.get("thumbnail_width")),
            height=_int(data.get("thumbnail_height")),
        ),
    )


def parse_oembed(
    data: Mapping[str, Any],
    *,
    platform: Platform,
    post_id: str,
    url: str,
    fetched_at: dt.datetime,
    source: str,
    fetched_url: str | None = None,
) -> Post:
    """Build a :class:`Post` from an oEmbed JSON answer.

    Text comes from the blockquote's ``<p>`` when the markup carries it, else from ``title``
    (YouTube, old Instagram); the author from ``author_name``/``author_url`` (Bluesky puts
    ``Name (@handle)`` in ``author_name``). Creation time comes from what the platform's ids or
    markup say; a localized date line is not trusted.
    """
    markup = _str(data.get("html")) or ""
    paragraph = _post_paragraph(markup)
    author_name = _str(data.get("author_name"))
    author_url = _str(data.get("author_url"))
    handle = _last_path_segment(author_url)
    author_id = None
    if platform is Platform.BLUESKY:
        if handle and handle.startswith("did:"):
            author_id, handle = handle, None
        if author_name and author_name.endswith(")") and " (@" in author_name:
            author_name, _, rest = author_name.rpartition(" (@")
            handle = rest[:-1] or handle
    text = _text_of(paragraph) if paragraph is not None else ""
    if platform is Platform.BLUESKY and text.endswith("[image or embed]"):
        text = text.removesuffix("[image or embed]").rstrip()
    if not text:
        text = _str(data.get("title")) or ""
    lang = paragraph.get("lang") if paragraph is not None else None
    created_at: dt.datetime | None = None
    if platform is Platform.TWITTER:
        created_at = _twitter_time(post_id)
        if handle:
            url = f"https://x.com/{handle}/status/{post_id}"
    elif platform is Platform.MASTODON:
        created_at = _mastodon_time(post_id)
    elif platform is Platform.BLUESKY and markup:
        created_at = _bluesky_time(markup)
    return Post(
        platform=platform,
        id=post_id,
        url=url,
        author=Author(name=author_name, handle=handle, id=author_id),
        created_at=created_at,
        text=text,
        lang=lang if isinstance(lang, str) and lang else None,
        media=_thumbnail(data, url),
        links=_links(paragraph) if paragraph is not None else (),
        entities={
            key: data[key]
            for key in ("provider_name", "provider_url", "type", "title")
            if _str(data.get(key)) is not None
        },
        provenance=Provenance(source=source, url=fetched_url, fetched_at=fetched_at),
    )


def _bluesky_time(markup: str) -> dt.datetime | None:
    """The oEmbed server writes the raw RFC 3339 time as the last link's text."""
    if len(markup) > _MAX_HTML_CHARS:
        return None
    soup = parse_markup(markup)
    anchors = soup.find_all("a") if soup is not None else []
    return _iso_time(anchors[-1].get_text()) if anchors else None


class OEmbed:
    """A keyless oEmbed endpoint as a source (lookups by post URL; no search).

    Build the common ones with :meth:`bluesky`, :meth:`mastodon`, :meth:`tiktok` and
    :meth:`youtube`.
    """

    def __init__(
        self,
        *,
        name: str,
        platform: Platform,
        endpoint: str,
        params: Mapping[str, str] | None = None,
        now: Callable[[], dt.datetime] = _now,
    ) -> None:
        host = urlsplit(endpoint).hostname
        if not host:
            raise ValueError(f"oEmbed endpoint needs a host: {endpoint!r}")
        self.name = name
        self.endpoint = endpoint
        self.hosts = frozenset({host.lower()})
        self.platforms = frozenset({platform})
        self.platform = platform
        self.params = dict(params or {})
        self._now = now

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r}, endpoint={self.endpoint!r})"

    @classmethod
    def bluesky(cls, base_url: str = "https://embed.bsky.app") -> OEmbed:
        """Bluesky's oEmbed server (accepts bsky.app post URLs and at:// URIs)."""
        return cls(
            name="oembed-bluesky",
            platform=Platform.BLUESKY,
            endpoint=f"{base_url.rstrip('/')}/oembed",
            params={"format": "json"},
        )

    @classmethod
    def mastodon(cls, host: str, *, base_url: str | None = None) -> MastodonOEmbed:
        """The oEmbed endpoint of one Mastodon instance; it answers only for its own posts."""
        return MastodonOEmbed(host, base_url=base_url)

    @classmethod
    def tiktok(cls, base_url: str = "https://www.tiktok.com") -> OEmbed:
        """TikTok's oEmbed endpoint."""
        return cls(
            name="oembed-tiktok",
            platform=Platform.TIKTOK,
            endpoint=f"{base_url.rstrip('/')}/oembed",
        )

    @classmethod
    def youtube(cls, base_url: str = "https://www.youtube.com") -> OEmbed:
        """YouTube's oEmbed endpoint (the post text is the video title)."""
        return cls(
            name="oembed-youtube",
            platform=Platform.YOUTUBE,
            endpoint=f"{base_url.rstrip('/')}/oembed",
            params={"format": "json"},
        )

    async def search(self, query: PostQuery, http: HttpClient) -> SourceResult:
        """oEmbed cannot search: always ``unsupported``."""
        return SourceResult("unsupported", detail="oEmbed looks posts up by URL only")

    def accepts(self, item: Lookup) -> bool:
        """Whether this endpoint can answer for ``item``."""
        return item.platform in self.platforms and bool(item.url)

    def request_url(self, item: Lookup) -> str:
        """The post URL to hand to the endpoint."""
        return item.url

    async def lookup(self, item: Lookup, http: HttpClient) -> SourceResult:
        """Ask the endpoint about ``item.url`` and map the answer to an outcome."""
        if not self.accepts(item):
            return SourceResult("unsupported", detail=f"{self.name} cannot look up {item.url!r}")
        params = {"url": self.request_url(item), **self.params}
        try:
            response = await http.get(self.endpoint, params=params)
        except RateLimitedError as exc:
            return SourceResult(
                "unreachable",
                detail=str(exc),
                url=exc.url or self.endpoint,
                retry_after=exc.retry_after,
            )
        except (HostNotAllowedError, ResponseTooLargeError) as exc:
            return SourceResult("error", detail=str(exc), url=exc.url or self.endpoint)
        except SourceError as exc:
            return SourceResult("unreachable", detail=str(exc), url=exc.url or self.endpoint)
        return self._interpret(item, response, http)

    def _status_outcome(self, status: int) -> Outcome:
        if status == 404:
            return "not_found"
        if status == 403:  # private or blocked: the post exists but is withheld
            return "tombstoned"
        return "unreachable"

    def _interpret(self, item: Lookup, response: HttpResponse, http: HttpClient) -> SourceResult:
        url = response.url
        payloads = ((url, response.status_code, response.content_type, response.content),)
        status = response.status_code
        if status != 200:
            retry_after = None
            if status == 429:
                paused = http.gate.paused_for(urlsplit(url).hostname or "")
                retry_after = paused or http.policy.pause_on_429
            return SourceResult(
                self._status_outcome(status),
                detail=_error_detail(response),
                url=url,
                retry_after=retry_after,
                payloads=payloads,
            )
        try:
            data = json.loads(response.content)
        except ValueError:
            return SourceResult("error", detail="answer is not JSON", url=url, payloads=payloads)
        if not isinstance(data, Mapping):
            return SourceResult(
                "error", detail="answer is not a JSON object", url=url, payloads=payloads
            )
        try:
            post = parse_oembed(
                data,
                platform=item.platform,
                post_id=item.post_id,
                url=item.url,
                fetched_at=self._now(),
                source=self.name,
                fetched_url=url,
            )
        except ValueError as exc:  # pydantic's ValidationError is a ValueError
            return SourceResult("error", detail=str(exc), url=url, payloads=payloads)
        return SourceResult("found", post=post, url=url, payloads=payloads)


def _error_detail(response: HttpResponse) -> str:
    """``HTTP <status>`` plus the message of a JSON error body, when there is one."""
    detail = f"HTTP {response.status_code}"
    if "json" not in response.content_type or len(response.content) > _MAX_FIELD_CHARS:
        return detail
    try:
        body = json.loads(response.content)
    except ValueError:
        return detail
    if isinstance(body, Mapping):
        message = _str(body.get("error"))
        errors = body.get("errors")
        if message is None and isinstance(errors, list) and errors:
            first = errors[0]
            message = _str(first.get("message")) if isinstance(first, Mapping) else None
        if message:
            return f"{detail}: {message}"
    return detail


class MastodonOEmbed(OEmbed):
    """One Mastodon instance's ``/api/oembed``; remote posts carry other ids there, so only
    URLs on the instance's own host are looked up."""

    def __init__(self, host: str, *, base_url: str | None = None) -> None:
        self.instance = host.strip().lower()
        root = (base_url or f"https://{self.instance}").rstrip("/")
        super().__init__(
            name="oembed-mastodon",
            platform=Platform.MASTODON,
            endpoint=f"{root}/api/oembed",
            params={"format": "json"},
        )

    def accepts(self, item: Lookup) -> bool:
        """Only posts whose URL is on this instance."""
        try:
            host = (urlsplit(item.url).hostname or "").lower()
        except ValueError:
            return False
        return super().accepts(item) and host == self.instance


class TwitterOEmbed(OEmbed):
    """``publish.x.com/oembed``: text and author of a post, its time from the snowflake id.

    The endpoint says 404 for deleted and nonexistent posts and (legacy hosts) 403 for protected
    ones; anything else that is not 200 means "unavailable", never "deleted".
    """

    def __init__(
        self, base_url: str = "https://publish.x.com", *, now: Callable[[], dt.datetime] = _now
    ) -> None:
        super().__init__(
            name="oembed-twitter",
            platform=Platform.TWITTER,
            endpoint=f"{base_url.rstrip('/')}/oembed",
            params={"omit_script": "1", "dnt": "true"},
            now=now,
        )

    def accepts(self, item: Lookup) -> bool:
        """Any Twitter lookup with a numeric id."""
        return (
            item.platform is Platform.TWITTER
            and item.post_id.isascii()
            and (item.post_id.isdigit())
        )

    def request_url(self, item: Lookup) -> str:
        """A status URL the endpoint accepts (it normalizes twitter.com to x.com itself)."""
        if item.handle:
            return f"https://x.com/{item.handle}/status/{item.post_id}"
        return item.url or f"https://x.com/i/web/status/{item.post_id}"
