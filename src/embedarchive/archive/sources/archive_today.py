"""archive.today (archive.ph / .is / .md …) as a read-only source of captures, via Memento TimeMaps.

archive.today has no API, unpublished rate limits and CAPTCHAs (specs/archive_protocols.md §3.1):
we only read ``/timemap/<original>`` (``application/link-format``), slowly, and on a 429 or a
CAPTCHA page we stop asking for a cool-down period, for every instance in the process.

The link-format parser here also reads Internet Archive and MemGator TimeMaps.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from embedarchive._time import as_utc
from embedarchive.archive.sources.base import Lookup, PostQuery, SourceResult
from embedarchive.errors import HostNotAllowedError, OfflineError, RateLimitedError, SourceError
from embedarchive.models import Capture, Platform

if TYPE_CHECKING:
    from embedarchive.archive.http import HttpClient, HttpResponse

__all__ = [
    "ArchiveToday",
    "CoolDown",
    "TimeMapLink",
    "parse_link_format",
    "timemap_captures",
]

logger = logging.getLogger(__name__)

_MAX_TIMEMAP_CHARS = 4 * 1024 * 1024
_CAPTCHA_MARKERS = (b"captcha", b"g-recaptcha", b"hcaptcha")


@dataclass(frozen=True, slots=True)
class TimeMapLink:
    """One entry of a link-format TimeMap: ``<uri>; rel="…"; datetime="…"; …``."""

    uri: str
    rels: frozenset[str]
    datetime: dt.datetime | None
    params: Mapping[str, str]

    @property
    def is_memento(self) -> bool:
        """True for ``memento``, ``first memento``, ``last memento``… entries."""
        return "memento" in self.rels


def parse_link_format(text: str) -> list[TimeMapLink]:
    """Parse an ``application/link-format`` body (RFC 6690 / RFC 5988 syntax) in one pass.

    Commas inside quoted values (``datetime="Sun, 31 May 2015 …"``) do not split entries.
    Entries without a ``<uri>`` are skipped; the result keeps document order. Never raises.
    """
    text = text[:_MAX_TIMEMAP_CHARS]
    links: list[TimeMapLink] = []
    i, n = 0, len(text)
    while i < n:
        start = text.find("<", i)
        if start < 0:
            break
        end = text.find(">", start + 1)
        if end < 0:
            break
        start = text.rfind("<", start, end)  # "<<uri>": a URI never contains "<"
        uri = text[start + 1 : end].strip()
        params, i = _parse_params(text, end + 1)
        if uri:
            rels = frozenset(params.get("rel", "").lower().split())
            links.append(TimeMapLink(uri, rels, _http_date(params.get("datetime")), params))
    return links


def _parse_params(text: str, i: int) -> tuple[dict[str, str], int]:
    """Parameters after a ``<uri>`` up to the comma that ends the entry; returns the position
    after it."""
    params: dict[str, str] = {}
    n = len(text)
    while i < n:
        char = text[i]
        if char == ",":
            return params, i + 1
        if char == "<":
            return params, i  # a missing comma: start the next entry here
        if char != ";":
            i += 1
            continue
        i += 1
        eq = i
        while eq < n and text[eq] not in "=;,<":
            eq += 1
        name = text[i:eq].strip().lower()
        if eq >= n or text[eq] != "=":
            i = eq
            if name:
                params.setdefault(name, "")
            continue
        i = eq + 1
        while i < n and text[i] in " \t\r\n":
            i += 1
        if i < n and text[i] == '"':
            close = text.find('"', i + 1)
            close = n if close < 0 else close
            value = text[i + 1 : close]
            i = close + 1
        else:
            stop = i
            while stop < n and text[stop] not in ";,<":
                stop += 1
            value = text[i:stop].strip()
            i = stop
        if name:
            params.setdefault(name, value)
    return params, i


def _http_date(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None  # (OverflowError: a year too large for the C library)
    return as_utc(parsed)


def timemap_captures(
    text: str, *, archive: str, original: str | None = None
) -> tuple[Capture, ...]:
    """The mementos of a TimeMap as ``Capture`` models, oldest first.

    ``original`` defaults to the TimeMap's ``rel="original"`` entry.
    """
    links = parse_link_format(text)
    if original is None:
        original = next((link.uri for link in links if "original" in link.rels), "")
    captures = {
        link.uri: Capture(archive=archive, url=link.uri, original=original, datetime=link.datetime)
        for link in links
        if link.is_memento and link.datetime is not None
    }
    return tuple(sorted(captures.values(), key=lambda c: c.datetime))


class CoolDown:
    """Hosts we stopped asking after a 429 or a CAPTCHA, and until when (monotonic seconds).

    One instance is shared by default so every ``ArchiveToday`` in the process backs off together;
    pass your own (or a fake clock) to isolate callers or tests.
    """

    def __init__(self, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._until: dict[str, float] = {}

    def start(self, host: str, seconds: float) -> None:
        """Stop asking ``host`` for ``seconds``."""
        with self._lock:
            self._until[host] = max(self._until.get(host, 0.0), self._clock() + seconds)
        logger.warning("archive.today: not asking %s again for %.0f s", host, seconds)

    def remaining(self, host: str) -> float:
        """Seconds left before ``host`` may be asked again (0 when it may)."""
        with self._lock:
            return max(0.0, self._until.get(host, 0.0) - self._clock())


_SHARED_COOLDOWN = CoolDown()


class ArchiveToday:
    """archive.today TimeMap lookups: captures of a post's URL, never the post itself."""

    name = "archive.today"
    platforms = frozenset({Platform.TWITTER})

    def __init__(
        self,
        base_url: str = "https://archive.ph",
        *,
        cooldown_seconds: float = 3600.0,
        cooldown: CoolDown | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        host = urlsplit(self.base_url).hostname or ""
        self._host = host.lower()
        self.hosts = frozenset({self._host}) if self._host else frozenset()
        self.cooldown_seconds = cooldown_seconds
        self.cooldown = cooldown if cooldown is not None else _SHARED_COOLDOWN

    async def lookup(self, item: Lookup, http: HttpClient) -> SourceResult:
        """List archive.today captures of the post's twitter.com and x.com URLs."""
        if item.platform is not Platform.TWITTER:
            return SourceResult("unsupported", detail="archive.today lookups cover X/Twitter")
        if not item.handle:
            return SourceResult("unsupported", detail="archive.today needs the post's handle")
        waiting = self.cooldown.remaining(self._host)
        if waiting > 0:
            return SourceResult(
                "unreachable", detail="archive.today is cooling down", retry_after=waiting
            )
        captures: list[Capture] = []
        for host in ("twitter.com", "x.com"):
            original = f"https://{host}/{item.handle}/status/{item.post_id}"
            result = await self._timemap(original, http)
            if isinstance(result, SourceResult):
                if captures:
                    break  # keep what the first TimeMap gave
                return result
            captures.extend(result)
            if captures:
                break  # one URL form is enough; every request here costs seconds
        if not captures:
            return SourceResult("not_found", detail="no archive.today captures")
        return SourceResult(
            "found", captures=tuple(captures), detail="captures only", url=captures[0].url
        )

    async def search(self, query: PostQuery, http: HttpClient) -> SourceResult:
        """archive.today cannot be searched by handle and date without a CAPTCHA."""
        return SourceResult("unsupported", detail="archive.today has no searchable index")

    async def _timemap(self, original: str, http: HttpClient) -> tuple[Capture, ...] | SourceResult:
        url = f"{self.base_url}/timemap/{original}"
        try:
            response = await http.get(url)
        except RateLimitedError as exc:
            self.cooldown.start(self._host, max(exc.retry_after, self.cooldown_seconds))
            return SourceResult(
                "unreachable", detail=str(exc), url=url, retry_after=exc.retry_after
            )
        except OfflineError as exc:
            return SourceResult("unreachable", detail=str(exc), url=url)
        except HostNotAllowedError as exc:
            return SourceResult("error", detail=str(exc), url=url)
        except SourceError as exc:
            return SourceResult("unreachable", detail=str(exc), url=url)
        if response.status_code == 429 or _is_captcha(response):
            self.cooldown.start(self._host, self.cooldown_seconds)
            what = "429" if response.status_code == 429 else "a CAPTCHA"
            return SourceResult(
                "unreachable",
                detail=f"archive.today answered {what}; not asking again for a while",
                url=url,
                retry_after=self.cooldown_seconds,
            )
        if response.status_code == 404:
            return ()
        if response.status_code >= 500:
            return SourceResult(
                "unreachable", detail=f"archive.today answered {response.status_code}", url=url
            )
        if response.status_code != 200:
            return SourceResult(
                "error", detail=f"archive.today answered {response.status_code}", url=url
            )
        text = response.text
        if not text.lstrip().startswith("<"):
            return ()  # "TimeMap does not exists" and other non-TimeMap answers
        return timemap_captures(text, archive="archive.today", original=original)


def _is_captcha(response: HttpResponse) -> bool:
    if "html" not in response.content_type.lower() and not response.content.lstrip().startswith(
        b"<!"
    ):
        return False
    head = response.content[:200_000].lower()
    return b"<form" in head and any(marker in head for marker in _CAPTCHA_MARKERS)
