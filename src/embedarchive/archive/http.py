"""The one HTTP policy every remote source goes through.

``HttpClient`` wraps an ``httpx.AsyncClient`` and adds what the sources must never do by hand:
a host allow-list checked on every redirect hop, an offline switch, a response size cap, retries
with backoff for transient failures only, per-endpoint token buckets and a shared pause after a
429. Pause and bucket state lives in a ``HostGate`` that every client in the process shares by
default, so one source being told to slow down slows all of them down.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import json
import logging
import random
import threading
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import httpx

from embedarchive._version import __version__
from embedarchive.errors import (
    HostNotAllowedError,
    OfflineError,
    RateLimitedError,
    ResponseTooLargeError,
    SourceError,
)

__all__ = [
    "DEFAULT_GATE",
    "DEFAULT_LIMITS",
    "ExchangeCallback",
    "HostGate",
    "HttpClient",
    "HttpPolicy",
    "HttpResponse",
    "RateLimit",
]

logger = logging.getLogger(__name__)

ExchangeCallback = Callable[[httpx.Request, httpx.Response, bytes], None]

_REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
_MAX_REDIRECTS = 5
_RETRY_AFTER_CAP = 24 * 3600.0  # a bogus header must not pause a host for years


@dataclass(frozen=True)
class RateLimit:
    """A token bucket: at most ``requests`` per ``per_seconds``, bursts up to ``requests``.

    Keys whose limits name the same ``pool`` draw from one bucket (the Wayback CDX and TimeMap
    endpoints are one service with one budget).
    """

    requests: int
    per_seconds: float
    pool: str | None = None

    def __post_init__(self) -> None:
        if self.requests < 1 or self.per_seconds <= 0:
            raise ValueError("RateLimit needs requests >= 1 and per_seconds > 0")


# 80 % of the Internet Archive's published limits (see specs/archive_protocols.md §1.7).
DEFAULT_LIMITS: Mapping[str, RateLimit] = MappingProxyType(
    {
        "web.archive.org/cdx": RateLimit(24, 60.0, pool="wayback-cdx"),
        "web.archive.org/web/timemap": RateLimit(24, 60.0, pool="wayback-cdx"),
        "web.archive.org/save": RateLimit(3, 60.0),
        "web.archive.org": RateLimit(8, 1.0),
        "archive.org/wayback/available": RateLimit(1, 5.0),
        # archive.today publishes no limit and blocks eagerly: one request every few seconds.
        "archive.ph": RateLimit(1, 5.0, pool="archive.today"),
        "archive.today": RateLimit(1, 5.0, pool="archive.today"),
        "archive.is": RateLimit(1, 5.0, pool="archive.today"),
    }
)


@dataclass(frozen=True)
class HttpPolicy:
    """Timeouts, caps, retries and rate limits for every request embedarchive makes."""

    timeout: float = 15.0
    max_response_bytes: int = 16 * 1024 * 1024
    retries: int = 2
    backoff: float = 0.5
    max_wait: float = 5.0
    pause_on_429: float = 60.0
    user_agent: str = f"embedarchive/{__version__} (+https://github.com/embedarchive/embedarchive)"
    limits: Mapping[str, RateLimit] = field(default_factory=lambda: DEFAULT_LIMITS)

    def limit_for(self, host: str, path: str) -> tuple[str, RateLimit] | None:
        """The bucket key and limit for a request: the longest ``host`` / ``host/path`` key
        that prefixes ``host + path``, or ``None`` when no limit applies."""
        best: tuple[str, RateLimit] | None = None
        for key, limit in self.limits.items():
            key_host, _, key_path = key.lower().partition("/")
            if key_host != host:
                continue
            if key_path and not path.startswith("/" + key_path):
                continue
            if best is None or len(key) > len(best[0]):
                best = (key, limit)
        return best


@dataclass(frozen=True)
class HttpResponse:
    """A fully read response (the body is capped by the policy)."""

    url: str
    status_code: int
    headers: httpx.Headers
    content: bytes

    def json(self) -> Any:
        """The body parsed as JSON (raises ``ValueError`` when it is not JSON)."""
        return json.loads(self.content)

    @property
    def text(self) -> str:
        """The body decoded with the charset the response declares (UTF-8 otherwise)."""
        charset = httpx.Response(200, headers=self.headers).charset_encoding or "utf-8"
        try:
            return self.content.decode(charset, errors="replace")
        except LookupError:
            return self.content.decode("utf-8", errors="replace")

    @property
    def content_type(self) -> str:
        """The Content-Type header, or the empty string."""
        return str(self.headers.get("content-type", ""))


class _Bucket:
    __slots__ = ("capacity", "rate", "tokens", "updated")

    def __init__(self, limit: RateLimit, now: float) -> None:
        self.capacity = float(limit.requests)
        self.rate = limit.requests / limit.per_seconds
        self.tokens = self.capacity
        self.updated = now


class HostGate:
    """Pause and rate-limit state shared by every ``HttpClient`` that holds it.

    State changes never await, so tasks of one event loop cannot interleave inside them; a lock
    also keeps clients on different threads (each with its own loop) consistent. ``clock`` is a
    monotonic clock in seconds; tests pass a fake one.
    """

    def __init__(self, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._paused_until: dict[str, float] = {}
        self._buckets: dict[str, _Bucket] = {}

    def now(self) -> float:
        """The gate's clock reading."""
        return self._clock()

    def pause(self, host: str, seconds: float) -> None:
        """Refuse requests to ``host`` for ``seconds`` (an existing longer pause is kept)."""
        host = host.lower()
        with self._lock:
            until = self._clock() + max(0.0, seconds)
            self._paused_until[host] = max(until, self._paused_until.get(host, until))
        logger.warning("pausing requests to %s for %.0f s", host, seconds)

    def paused_for(self, host: str) -> float:
        """Seconds left of the pause on ``host`` (0 when it is not paused)."""
        with self._lock:
            until = self._paused_until.get(host.lower())
            return 0.0 if until is None else max(0.0, until - self._clock())

    def reserve(self, key: str, limit: RateLimit, *, max_wait: float) -> float:
        """Take one token from the bucket ``key`` and return how long to wait before using it.

        When the wait would exceed ``max_wait`` nothing is taken and ``RateLimitedError`` is
        raised with the wait as ``retry_after``. Tokens may go negative: that is a queue of
        reservations, so concurrent callers are spaced out instead of all waking at once.
        """
        pool = limit.pool or key
        with self._lock:
            now = self._clock()
            bucket = self._buckets.get(pool)
            if bucket is None:
                bucket = self._buckets[pool] = _Bucket(limit, now)
            bucket.tokens = min(
                bucket.capacity, bucket.tokens + (now - bucket.updated) * bucket.rate
            )
            bucket.updated = now
            wait = max(0.0, (1.0 - bucket.tokens) / bucket.rate)
            if wait > max_wait:
                raise RateLimitedError(
                    f"rate limit for {key} ({limit.requests} per {limit.per_seconds:g} s) "
                    f"needs a {wait:.1f} s wait; retry later",
                    retry_after=wait,
                )
            bucket.tokens -= 1.0
            return wait


DEFAULT_GATE = HostGate()


def _retry_after_seconds(value: str | None, *, now: dt.datetime | None = None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or HTTP-date), ``None`` if unusable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit() and len(value) <= 9:
        return min(float(value), _RETRY_AFTER_CAP)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None  # (OverflowError: a year beyond the C library's)
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    delta = (when - (now or dt.datetime.now(dt.UTC))).total_seconds()
    return min(max(0.0, delta), _RETRY_AFTER_CAP)


class HttpClient:
    """GET requests under one ``HttpPolicy`` (see the module docstring for what it enforces).

    ``client`` is used as given and not closed; otherwise one is created and ``aclose`` closes
    it. ``on_exchange`` sees every completed exchange, redirect hops included, with the body as
    read (decoded from any Content-Encoding). ``sleep`` and ``jitter`` exist for tests.
    """

    def __init__(
        self,
        *,
        allowed_hosts: Iterable[str],
        policy: HttpPolicy | None = None,
        client: httpx.AsyncClient | None = None,
        offline: bool = False,
        gate: HostGate | None = None,
        on_exchange: ExchangeCallback | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self.policy = policy or HttpPolicy()
        self.allowed_hosts = frozenset(h.strip().lower() for h in allowed_hosts if h.strip())
        self.offline = offline
        self.gate = gate if gate is not None else DEFAULT_GATE
        self.on_exchange = on_exchange
        self._sleep = sleep
        self._jitter = jitter
        self._owns_client = client is None
        self._client = client or httpx.AsyncClient(
            timeout=httpx.Timeout(self.policy.timeout),
            follow_redirects=False,
            headers={"User-Agent": self.policy.user_agent},
        )

    async def __aenter__(self) -> HttpClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the underlying client if this object created it."""
        if self._owns_client:
            await self._client.aclose()

    def check_url(self, url: httpx.URL) -> None:
        """Raise ``HostNotAllowedError`` unless ``url`` is http(s) on an allowed host."""
        if url.scheme not in ("http", "https"):
            raise HostNotAllowedError(f"refusing non-HTTP URL {url}", url=str(url))
        if url.host.lower() not in self.allowed_hosts:
            raise HostNotAllowedError(
                f"host {url.host!r} is not used by any configured source; add a source for it "
                "if you trust it",
                url=str(url),
            )

    async def get(
        self,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        follow_redirects: bool = False,
    ) -> HttpResponse:
        """GET ``url`` under the policy and return the (capped) response, whatever its status.

        Raises ``HostNotAllowedError``, ``OfflineError``, ``RateLimitedError``,
        ``ResponseTooLargeError``, or ``SourceError`` when the connection keeps failing.
        """
        try:
            target = httpx.URL(url)
            if params:
                target = target.copy_merge_params(dict(params))
        except (httpx.InvalidURL, TypeError, ValueError) as exc:
            raise SourceError(f"invalid URL {url!r}", url=url) from exc
        hops = 0
        while True:
            response = await self._get_once(target, headers)
            if not follow_redirects or response.status_code not in _REDIRECT_CODES:
                return response
            location = response.headers.get("location")
            if not location:
                return response
            hops += 1
            if hops > _MAX_REDIRECTS:
                raise SourceError(f"more than {_MAX_REDIRECTS} redirects from {url}", url=url)
            try:
                target = target.join(location)
            except (httpx.InvalidURL, ValueError) as exc:
                raise SourceError(f"bad redirect target {location!r}", url=str(target)) from exc

    async def _get_once(self, url: httpx.URL, headers: Mapping[str, str] | None) -> HttpResponse:
        self.check_url(url)
        if self.offline:
            raise OfflineError(f"offline: not fetching {url}", url=str(url))
        host = url.host.lower()
        attempt = 0
        while True:
            await self._admit(url, host)
            try:
                response = await self._send(url, headers)
            except httpx.TransportError as exc:
                if attempt >= self.policy.retries:
                    raise SourceError(
                        f"cannot reach {host} ({type(exc).__name__}: {exc}) after "
                        f"{attempt + 1} attempts; check the network or try later",
                        url=str(url),
                    ) from exc
                logger.info("retrying %s after %s", url, type(exc).__name__)
            else:
                if response.status_code == 429 and "memento-datetime" not in response.headers:
                    pause = _retry_after_seconds(response.headers.get("retry-after"))
                    self.gate.pause(host, self.policy.pause_on_429 if pause is None else pause)
                    return response
                if not self._should_retry(response) or attempt >= self.policy.retries:
                    return response
                hinted = _retry_after_seconds(response.headers.get("retry-after"))
                if hinted is not None and hinted > self.policy.max_wait:
                    return response
                logger.info("retrying %s after status %d", url, response.status_code)
            await self._sleep(self._backoff(attempt))
            attempt += 1

    @staticmethod
    def _should_retry(response: HttpResponse) -> bool:
        # An archived 5xx (it carries Memento-Datetime) is data, not a server failure.
        return response.status_code >= 500 and "memento-datetime" not in response.headers

    def _backoff(self, attempt: int) -> float:
        base = self.policy.backoff * (2.0**attempt)
        return base * (0.5 + self._jitter())

    async def _admit(self, url: httpx.URL, host: str) -> None:
        paused = self.gate.paused_for(host)
        if paused > 0:
            raise RateLimitedError(
                f"{host} asked us to slow down; paused for {paused:.0f} more seconds",
                url=str(url),
                retry_after=paused,
            )
        found = self.policy.limit_for(host, url.path)
        if found is None:
            return
        key, limit = found
        try:
            wait = self.gate.reserve(key, limit, max_wait=self.policy.max_wait)
        except RateLimitedError as exc:
            raise RateLimitedError(str(exc), url=str(url), retry_after=exc.retry_after) from exc
        if wait > 0:
            await self._sleep(wait)

    async def _send(self, url: httpx.URL, headers: Mapping[str, str] | None) -> HttpResponse:
        merged = {"User-Agent": self.policy.user_agent, **(headers or {})}
        request = self._client.build_request(
            "GET", url, headers=merged, timeout=self.policy.timeout
        )
        response = await self._client.send(request, stream=True, follow_redirects=False)
        try:
            body = await self._read_capped(response, str(url))
        finally:
            await response.aclose()
        if self.on_exchange is not None:
            self.on_exchange(request, response, body)
        return HttpResponse(
            url=str(url), status_code=response.status_code, headers=response.headers, content=body
        )

    async def _read_capped(self, response: httpx.Response, url: str) -> bytes:
        cap = self.policy.max_response_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise ResponseTooLargeError(
                f"{url} declares {declared} bytes, over the {cap}-byte cap", url=url
            )
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > cap:
                raise ResponseTooLargeError(f"{url} sent more than {cap} bytes", url=url)
            chunks.append(chunk)
        return b"".join(chunks)
