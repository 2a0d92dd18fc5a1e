"""The resolver: what an embed really was, asked of the local store first and the sources second.

Rules (issue 3), in the order :class:`Archive` applies them:

* **The store answers first.** A stored post is returned without a request (status ``found``,
  captures from the store, verification computed now); an unexpired negative (``not_found`` /
  ``tombstoned``) is returned without a request too.
* **Embeds with an id or status URL** ask the sources in order. The first post found wins and is
  stored with its raw payload. A platform's tombstone or not-found is recorded but the archives
  are still asked (a deleted post may survive on the Wayback Machine). Captures: the store's are
  always listed; once a post is found the remaining sources are *not* asked for captures unless
  the archive was created with ``with_captures=True`` (one rule for resolve and resolve_many,
  so a batch costs one request per post when the platform still serves it).
  Outcome when nothing found a post: any source unreachable → ``unreachable`` with the smallest
  ``retry_after``; else a tombstone from any source → ``tombstoned``; else a not-found →
  ``not_found``. Negatives are stored for ``negative_ttl``.
* **Twitter embeds without an id** (handle + date + quoted text) gather candidates from the
  store and from the sources' ``search`` over the embed's UTC day ±1 day (the date line is UTC,
  but renderers shift it), and rank them by :func:`~embedarchive.archive.verify.similarity`
  (:mod:`~embedarchive.archive.ranking`). One clear best (score ≥ :data:`MATCH_SCORE`, ahead of
  the second by :data:`MATCH_MARGIN`) is ``found``; several plausible ones are ``ambiguous``
  (listed in ``candidates``); none is ``not_found``. When the store alone yields a clear best,
  no source is asked. An embed with no text (only the dash line) is never ``found`` from its
  day alone: any candidates make it ``ambiguous``.
* **Other platforms** go to the sources that list the platform (the oEmbed sources); with none
  configured the embed is ``skipped``, as is an embed with neither an id nor handle + date.
* **Offline** (``offline=True``): no request at all. What the store cannot answer is
  ``skipped`` with the attempt detail ``"offline: not in the local store"``.

Every :class:`~embedarchive.models.Resolution` carries the ``attempts`` (one per store check
and per source asked) and the ``verification`` of the embed's quote against the post. Source
failures (rate limits, offline, refused hosts, bad answers) become attempts; they never escape
``resolve``. Store errors do: a broken archive file is the caller's to fix.

This module holds those rules and :class:`Archive`; the ranking of candidates is in
:mod:`~embedarchive.archive.ranking`, the event loop HTTP runs on in ``_loop``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import logging
import os
import re
import threading
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Self

import httpx
import platformdirs

from embedarchive.archive._loop import LoopThread, async_from_sync
from embedarchive.archive.http import (
    DEFAULT_GATE,
    ExchangeCallback,
    HostGate,
    HttpClient,
    HttpPolicy,
)
from embedarchive.archive.importers import ImportReport, import_path
from embedarchive.archive.ranking import (
    MATCH_MARGIN,
    MATCH_SCORE,
    merge_captures,
    merge_posts,
    rank,
    score,
)
from embedarchive.archive.sources.archive_today import ArchiveToday
from embedarchive.archive.sources.base import Lookup, PostQuery, Source, SourceResult
from embedarchive.archive.sources.oembed import TwitterOEmbed
from embedarchive.archive.sources.syndication import TwitterSyndication
from embedarchive.archive.sources.wayback import Wayback
from embedarchive.archive.store import Payload, Store
from embedarchive.archive.verify import verify
from embedarchive.errors import (
    EmbedArchiveError,
    HostNotAllowedError,
    OfflineError,
    RateLimitedError,
    SourceError,
    StoreError,
)
from embedarchive.models import (
    Attempt,
    Capture,
    Embed,
    Platform,
    Post,
    Resolution,
    ResolutionStatus,
)
from embedarchive.platforms import identify_url
from embedarchive.platforms.twitter import canonical_status_url

# MATCH_MARGIN, MATCH_SCORE and score live in ranking; they are re-exported from here.
__all__ = [
    "MATCH_MARGIN",
    "MATCH_SCORE",
    "Archive",
    "default_archive_path",
    "default_sources",
    "score",
]

logger = logging.getLogger(__name__)

OFFLINE_DETAIL = "offline: not in the local store"
_ID_IN_URL = re.compile(r"/status(?:es)?/(\d{1,20})")


def default_archive_path() -> Path:
    """Where ``Archive()`` keeps its store: the user cache folder of embedarchive."""
    return platformdirs.user_cache_path("embedarchive") / "archive.sqlite3"


def default_sources() -> list[Source]:
    """The sources ``Archive()`` asks, in order: syndication, oEmbed, Wayback, archive.today."""
    return [TwitterSyndication(), TwitterOEmbed(), Wayback(), ArchiveToday()]


# -- embed identity -------------------------------------------------------------------------------


def lookup_for(embed: Embed) -> Lookup | None:
    """The ``Lookup`` an embed with an id or post URL gives, or ``None`` for text-only embeds.

    The URL is read with :func:`~embedarchive.platforms.identify_url`. X/Twitter ids must be
    numeric and get the canonical status URL; other platforms are keyed by the id the URL names
    (what their oEmbed source stores the post under), or by the URL when it names none.
    """
    ref = identify_url(embed.url) if embed.url else None
    if ref is not None and ref.platform is not embed.platform:
        ref = None
    handle = (ref.handle if ref else None) or embed.handle
    post_id = embed.post_id or (ref.post_id if ref else None)
    if embed.platform is Platform.TWITTER:
        if post_id is None or not (post_id.isascii() and post_id.isdigit()) or len(post_id) > 20:
            return None
        return Lookup(Platform.TWITTER, post_id, canonical_status_url(post_id, handle), handle)
    url = ref.url if ref else embed.url
    key = post_id or url
    if not key:
        return None
    return Lookup(embed.platform, key, url or key, handle)


def _day_window(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
    return start - dt.timedelta(days=1), start + dt.timedelta(days=2)


def _search_key(embed: Embed, handle: str, day: dt.date) -> str:
    """Store key of a negative search result (one per handle, day and quote)."""
    digest = hashlib.sha256((embed.text or "").encode("utf-8", "replace")).hexdigest()[:16]
    return f"search:{handle.lstrip('@').casefold()}:{day.isoformat()}:{digest}"


# -- asking the sources ---------------------------------------------------------------------------


@dataclass
class _Asked:
    """What the sources said about one embed."""

    attempts: list[Attempt] = field(default_factory=list)
    post: Post | None = None
    captures: list[Capture] = field(default_factory=list)
    candidates: list[Post] = field(default_factory=list)
    retry_after: list[float] = field(default_factory=list)
    unreachable: bool = False
    tombstoned: str | None = None
    not_found: bool = False
    answered: bool = False  # some source could handle the embed (not "unsupported")

    def note(self, source: Source, result: SourceResult) -> None:
        self.attempts.append(
            Attempt(
                source=source.name, outcome=result.outcome, detail=result.detail, url=result.url
            )
        )
        self.captures.extend(result.captures)
        if result.outcome != "unsupported":
            self.answered = True
        if result.outcome == "unreachable":
            self.unreachable = True
            if result.retry_after is not None:
                self.retry_after.append(result.retry_after)
        elif result.outcome == "tombstoned":
            self.tombstoned = self.tombstoned or result.detail or "tombstoned"
        elif result.outcome == "not_found":
            self.not_found = True


@dataclass
class _LookupPlan:
    """An embed with an id or post URL that the store could not answer: ask the sources."""

    attempts: list[Attempt]
    lookup: Lookup


@dataclass
class _SearchPlan:
    """A text-only embed the store could not settle: search the sources over its day window."""

    attempts: list[Attempt]
    handle: str
    day: dt.date
    stored: list[Post]  # the store's posts of the window, ranked again with what is found


_Plan = _LookupPlan | _SearchPlan


async def _ask(source: Source, call: Awaitable[SourceResult]) -> SourceResult:
    """Await one source call; every failure becomes an outcome instead of an exception."""
    try:
        return await call
    except RateLimitedError as exc:
        return SourceResult(
            "unreachable", detail=str(exc), url=exc.url, retry_after=exc.retry_after
        )
    except OfflineError as exc:
        return SourceResult("unreachable", detail=str(exc), url=exc.url)
    except HostNotAllowedError as exc:
        return SourceResult("error", detail=str(exc), url=exc.url)
    except SourceError as exc:
        return SourceResult("unreachable", detail=str(exc), url=exc.url)
    except StoreError:
        raise
    except EmbedArchiveError as exc:
        return SourceResult("error", detail=str(exc))
    except Exception as exc:  # a bug in one source must not sink a batch of resolutions
        logger.exception("source %s failed", source.name)
        return SourceResult("error", detail=f"internal error in {source.name}: {exc!r}"[:500])


def _payload_for(post: Post, payloads: Sequence[Payload]) -> Payload | None:
    if len(payloads) == 1:
        return payloads[0]
    for payload in payloads:
        match = _ID_IN_URL.search(payload[0][:4096])
        if match and match.group(1) == post.id:
            return payload
    return None


# -- the archive ----------------------------------------------------------------------------------


class Archive:
    """Resolve embeds against a local store and remote sources; see the module docstring.

    ``path`` is the SQLite store (default :func:`default_archive_path`); ``sources`` the remote
    sources in the order they are asked (default :func:`default_sources`). The HTTP allow-list
    is the union of the sources' hosts. ``offline=True`` makes no request at all.

    HTTP runs on a private event loop on a background thread, so ``resolve`` works from plain
    scripts, threads, notebooks and running loops alike, and ``aresolve`` simply awaits that
    loop. ``resolve`` reads the store on the calling thread and crosses to that loop only when
    a source has to be asked. ``async_client`` is the ``httpx.AsyncClient`` used there (not
    closed by the archive; give it one you do not also use on another loop). ``client``, a sync
    ``httpx.Client``, is accepted for convenience: its headers, cookies, auth, timeout and an
    async-capable transport are copied into an ``AsyncClient`` the archive owns; its proxies
    and TLS settings are not.
    ``policy`` sets timeouts, caps and rate limits; ``gate`` the shared pause/rate state
    (process-wide by default, so a 429 pauses the host for every archive); ``sleep`` is the
    sleep used for rate-limit waits and resolve_many deferrals (for tests). ``on_exchange``
    sees every completed HTTP exchange (request, response, decoded body), redirect hops
    included, e.g. ``WarcRecorder.record_exchange`` to keep the traffic as WARC records.
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        sources: Sequence[Source] | None = None,
        offline: bool = False,
        client: httpx.Client | None = None,
        async_client: httpx.AsyncClient | None = None,
        policy: HttpPolicy | None = None,
        negative_ttl: dt.timedelta = dt.timedelta(days=7),
        with_captures: bool = False,
        gate: HostGate | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        on_exchange: ExchangeCallback | None = None,
    ) -> None:
        self._store = Store(path if path is not None else default_archive_path())
        self.sources: tuple[Source, ...] = tuple(
            sources if sources is not None else default_sources()
        )
        self.offline = offline
        self.policy = policy or HttpPolicy()
        self.negative_ttl = negative_ttl
        self.with_captures = with_captures
        self.gate = gate if gate is not None else DEFAULT_GATE
        self._sleep = sleep or asyncio.sleep
        self._on_exchange = on_exchange
        self._client = client
        self._async_client = async_client
        self._http: HttpClient | None = None
        self._owned_async: httpx.AsyncClient | None = None  # built from `client`, closed by us
        self._loop: LoopThread | None = None
        self._lock = threading.Lock()
        self._closed = False

    @property
    def store(self) -> Store:
        """The local SQLite store."""
        return self._store

    @property
    def allowed_hosts(self) -> frozenset[str]:
        """Every host the configured sources may contact."""
        return frozenset().union(*(source.hosts for source in self.sources))

    # -- plumbing

    def _runner(self) -> LoopThread:
        with self._lock:
            if self._closed:
                raise StoreError(f"the archive {self._store.path} is closed", path=self._store.path)
            if self._loop is None:
                self._loop = LoopThread()
            return self._loop

    def _http_client(self) -> HttpClient:
        # Created on the loop thread at first use, so the AsyncClient belongs to that loop.
        if self._http is None:
            client = self._async_client
            if client is None and self._client is not None:
                client = async_from_sync(self._client, self.policy)
                self._owned_async = client
            self._http = HttpClient(
                allowed_hosts=self.allowed_hosts,
                policy=self.policy,
                client=client,
                offline=self.offline,
                gate=self.gate,
                sleep=self._sleep,
                on_exchange=self._on_exchange,
            )
        return self._http

    # -- public API

    def resolve(self, embed: Embed) -> Resolution:
        """Resolve one embed (blocking); see the module docstring for the rules."""
        runner = self._runner()
        if runner.in_loop():
            return runner.run(self._resolve(embed))  # refused: called from inside a source
        # The store answers on the caller's thread (it is thread-safe); only what it leaves to
        # the sources crosses to the loop, which saves the hop on every cached resolution.
        step = self._in_store(embed)
        if isinstance(step, Resolution):
            return step
        return runner.run(self._ask_sources(embed, step))

    async def aresolve(self, embed: Embed) -> Resolution:
        """Resolve one embed without blocking the caller's event loop."""
        return await self._runner().arun(self._resolve(embed))

    def resolve_many(
        self,
        embeds: Iterable[Embed],
        *,
        concurrency: int = 8,
        progress: Callable[[int, int], None] | None = None,
        max_rounds: int = 2,
        max_defer: float = 300.0,
    ) -> list[Resolution]:
        """Resolve many embeds, at most ``concurrency`` at a time; results in input order.

        Embeds that came back ``unreachable`` with a ``retry_after`` (a paused host) are retried
        once the pause is over, for up to ``max_rounds`` more rounds and ``max_defer`` seconds of
        waiting in all; a pause longer than what is left of that budget is reported as is.
        ``progress(done, total)`` is called as each embed gets its final resolution.
        """
        items = list(embeds)
        return self._runner().run(
            self._resolve_many(items, concurrency, progress, max_rounds, max_defer)
        )

    async def aresolve_many(
        self,
        embeds: Iterable[Embed],
        *,
        concurrency: int = 8,
        progress: Callable[[int, int], None] | None = None,
        max_rounds: int = 2,
        max_defer: float = 300.0,
    ) -> list[Resolution]:
        """The async form of :meth:`resolve_many`."""
        items = list(embeds)
        return await self._runner().arun(
            self._resolve_many(items, concurrency, progress, max_rounds, max_defer)
        )

    def import_file(self, path: str | os.PathLike[str]) -> ImportReport:
        """Import a Twitter/X export, twarc/v2 JSONL, v1.1 JSON or our own export into the store."""
        return import_path(self._store, path)

    def close(self) -> None:
        """Close the HTTP client, stop the resolver's loop and close the store."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            runner, self._loop = self._loop, None
        if runner is not None:
            if self._http is not None:
                try:
                    runner.submit(self._close_http()).result(timeout=30)
                except Exception:  # closing must not fail the caller's cleanup
                    logger.warning("closing the HTTP client failed", exc_info=True)
            runner.stop()
        self._store.close()

    async def aclose(self) -> None:
        """Close like :meth:`close`, without blocking the caller's loop."""
        await asyncio.to_thread(self.close)

    async def _close_http(self) -> None:
        if self._http is not None:
            await self._http.aclose()
            if self._owned_async is not None:
                await self._owned_async.aclose()
            self._http = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        names = ", ".join(source.name for source in self.sources)
        return f"Archive({str(self._store.path)!r}, sources=[{names}], offline={self.offline})"

    # -- resolving, on the loop thread

    async def _resolve(self, embed: Embed) -> Resolution:
        step = self._in_store(embed)
        if isinstance(step, Resolution):
            return step
        return await self._ask_sources(embed, step)

    def _in_store(self, embed: Embed) -> Resolution | _Plan:
        """The store's answer (or the offline rule's), else what is left for the sources."""
        lookup = lookup_for(embed)
        if lookup is not None:
            return self._lookup_in_store(embed, lookup)
        if embed.handle and embed.date:
            return self._search_in_store(embed, embed.handle, embed.date)
        return Resolution(
            embed=embed,
            status=ResolutionStatus.SKIPPED,
            attempts=(
                Attempt(
                    source="resolver",
                    outcome="skipped",
                    detail="the embed shows neither a post id nor a handle and date",
                ),
            ),
        )

    async def _ask_sources(self, embed: Embed, plan: _Plan) -> Resolution:
        if isinstance(plan, _LookupPlan):
            return await self._ask_lookup(embed, plan)
        return await self._ask_search(embed, plan)

    def _sources_for(self, platform: Platform) -> list[Source]:
        return [source for source in self.sources if platform in source.platforms]

    def _skipped(self, embed: Embed, attempts: list[Attempt], detail: str) -> Resolution:
        attempts.append(Attempt(source="resolver", outcome="skipped", detail=detail))
        return Resolution(embed=embed, status=ResolutionStatus.SKIPPED, attempts=tuple(attempts))

    def _found(
        self,
        embed: Embed,
        post: Post,
        attempts: list[Attempt],
        captures: Iterable[Capture] = (),
    ) -> Resolution:
        stored = self._store.get_captures(post.platform, post.id)
        return Resolution(
            embed=embed,
            status=ResolutionStatus.FOUND,
            post=post,
            captures=merge_captures(stored, captures),
            verification=verify(embed, post),
            attempts=tuple(attempts),
        )

    def _lookup_in_store(self, embed: Embed, lookup: Lookup) -> Resolution | _LookupPlan:
        attempts: list[Attempt] = []
        stored = self._store.get_post(lookup.platform, lookup.post_id)
        if stored is not None:
            attempts.append(Attempt(source="store", outcome="found", url=stored.url))
            return self._found(embed, stored, attempts)
        negative = self._store.get_negative(lookup.platform, lookup.post_id)
        if negative is not None:
            status, detail = negative
            attempts.append(Attempt(source="store", outcome=status, detail=detail))
            return Resolution(
                embed=embed,
                status=ResolutionStatus(status),
                captures=tuple(self._store.get_captures(lookup.platform, lookup.post_id)),
                attempts=tuple(attempts),
            )
        attempts.append(Attempt(source="store", outcome="not_found", detail="not in the store"))
        if self.offline:
            return self._skipped(embed, attempts, OFFLINE_DETAIL)
        if not self._sources_for(lookup.platform):
            return self._skipped(
                embed, attempts, f"no configured source covers {lookup.platform.value}"
            )
        return _LookupPlan(attempts, lookup)

    async def _ask_lookup(self, embed: Embed, plan: _LookupPlan) -> Resolution:
        lookup = plan.lookup
        asked = _Asked(attempts=plan.attempts)
        http = self._http_client()
        for source in self._sources_for(lookup.platform):
            if asked.post is not None and not self.with_captures:
                break
            result = await _ask(source, source.lookup(lookup, http))
            asked.note(source, result)
            if result.outcome == "found" and result.post is not None and asked.post is None:
                post = result.post
                self._store.put_post(post, payload=_payload_for(post, result.payloads))
                # the stored copy names its payload: hand out what the store will answer later
                asked.post = self._store.get_post(post.platform, post.id) or post
        return self._conclude_lookup(embed, lookup, asked)

    def _conclude_lookup(self, embed: Embed, lookup: Lookup, asked: _Asked) -> Resolution:
        post_id = asked.post.id if asked.post is not None else lookup.post_id
        if asked.captures:
            self._store.put_captures(lookup.platform, post_id, asked.captures)
        if asked.post is not None:
            return self._found(embed, asked.post, asked.attempts, asked.captures)
        captures = merge_captures(
            self._store.get_captures(lookup.platform, lookup.post_id), asked.captures
        )
        if not asked.answered:
            return self._skipped(
                embed, asked.attempts, f"no configured source can look up {lookup.platform.value}"
            )
        if asked.unreachable:
            return Resolution(
                embed=embed,
                status=ResolutionStatus.UNREACHABLE,
                captures=captures,
                attempts=tuple(asked.attempts),
                retry_after=min(asked.retry_after) if asked.retry_after else None,
            )
        if asked.tombstoned is not None:
            status = ResolutionStatus.TOMBSTONED
            self._store.put_negative(
                lookup.platform,
                lookup.post_id,
                "tombstoned",
                detail=asked.tombstoned,
                ttl=self.negative_ttl,
            )
        else:
            status = ResolutionStatus.NOT_FOUND
            if asked.not_found:  # only a real "not found", never a source error, is remembered
                self._store.put_negative(
                    lookup.platform, lookup.post_id, "not_found", ttl=self.negative_ttl
                )
        return Resolution(
            embed=embed, status=status, captures=captures, attempts=tuple(asked.attempts)
        )

    def _search_in_store(self, embed: Embed, handle: str, day: dt.date) -> Resolution | _SearchPlan:
        attempts: list[Attempt] = []
        earliest, latest = _day_window(day)
        stored = self._store.find_posts(embed.platform, handle, earliest, latest)
        ranked = rank(embed, stored)
        attempts.append(
            Attempt(
                source="store",
                outcome="found"
                if ranked.best
                else ("ambiguous" if ranked.plausible else "not_found"),
                detail=f"{len(stored)} posts by @{handle.lstrip('@')} from "
                f"{earliest.date()} to {latest.date()} (exclusive)",
            )
        )
        if ranked.best is not None:
            return self._found(embed, ranked.best, attempts)
        key = _search_key(embed, handle, day)
        negative = self._store.get_negative(embed.platform, key)
        if negative is not None and not stored:
            attempts.append(Attempt(source="store", outcome=negative[0], detail=negative[1]))
            return Resolution(
                embed=embed, status=ResolutionStatus.NOT_FOUND, attempts=tuple(attempts)
            )
        sources = self._sources_for(embed.platform)
        if self.offline or not sources:
            if ranked.plausible:
                return self._ambiguous(embed, ranked.plausible, attempts)
            why = (
                OFFLINE_DETAIL
                if self.offline
                else f"no configured source covers {embed.platform.value}"
            )
            return self._skipped(embed, attempts, why)
        return _SearchPlan(attempts, handle, day, stored)

    async def _ask_search(self, embed: Embed, plan: _SearchPlan) -> Resolution:
        handle, stored = plan.handle, plan.stored
        earliest, latest = _day_window(plan.day)
        key = _search_key(embed, handle, plan.day)
        query = PostQuery(embed.platform, handle.lstrip("@"), earliest, latest, embed.text)
        asked = _Asked(attempts=plan.attempts)
        http = self._http_client()
        for source in self._sources_for(embed.platform):
            result = await _ask(source, source.search(query, http))
            asked.note(source, result)
            found = [*result.candidates, *([result.post] if result.post else [])]
            if found:
                self._store.put_posts((post, _payload_for(post, result.payloads)) for post in found)
                asked.candidates.extend(self._store.get_post(p.platform, p.id) or p for p in found)
        for capture_post_id, captures in _captures_by_post(asked.captures).items():
            self._store.put_captures(embed.platform, capture_post_id, captures)
        candidates = merge_posts(stored, asked.candidates)
        ranked = rank(embed, candidates)
        if ranked.best is not None:
            return self._found(embed, ranked.best, asked.attempts)
        if ranked.plausible:
            return self._ambiguous(embed, ranked.plausible, asked.attempts, asked)
        if not asked.answered:
            return self._skipped(
                embed, asked.attempts, f"no configured source can search {embed.platform.value}"
            )
        if asked.unreachable:
            return Resolution(
                embed=embed,
                status=ResolutionStatus.UNREACHABLE,
                attempts=tuple(asked.attempts),
                retry_after=min(asked.retry_after) if asked.retry_after else None,
            )
        if not candidates:
            self._store.put_negative(
                embed.platform,
                key,
                "not_found",
                detail="no posts in the window",
                ttl=self.negative_ttl,
            )
        return Resolution(
            embed=embed,
            status=ResolutionStatus.NOT_FOUND,
            attempts=tuple(asked.attempts),
        )

    def _ambiguous(
        self,
        embed: Embed,
        candidates: Sequence[Post],
        attempts: list[Attempt],
        asked: _Asked | None = None,
    ) -> Resolution:
        retry = (
            min(asked.retry_after) if asked is not None and asked.unreachable and asked.retry_after
            else None
        )  # fmt: skip
        return Resolution(
            embed=embed,
            status=ResolutionStatus.AMBIGUOUS,
            candidates=tuple(candidates),
            attempts=tuple(attempts),
            retry_after=retry,
        )

    async def _resolve_many(
        self,
        items: list[Embed],
        concurrency: int,
        progress: Callable[[int, int], None] | None,
        max_rounds: int,
        max_defer: float,
    ) -> list[Resolution]:
        total = len(items)
        final: list[Resolution | None] = [None] * total
        limit = asyncio.Semaphore(max(1, concurrency))
        done = 0

        def finish(index: int, resolution: Resolution) -> None:
            nonlocal done
            final[index] = resolution
            done += 1
            if progress is not None:
                progress(done, total)

        carried: dict[int, tuple[Attempt, ...]] = {}
        deferred: dict[int, Resolution] = {}

        async def one(index: int, may_defer: bool) -> None:
            async with limit:
                resolution = await self._resolve(items[index])
            if index in carried:
                resolution = resolution.model_copy(
                    update={"attempts": (*carried[index], *resolution.attempts)}
                )
            if may_defer and _deferrable(resolution):
                deferred[index] = resolution
            else:
                finish(index, resolution)

        pending = list(range(total))
        rounds_left = max(0, max_rounds)
        budget = max(0.0, max_defer)
        while pending:
            deferred.clear()
            await asyncio.gather(*(one(i, rounds_left > 0) for i in pending))
            if not deferred:
                break
            wait = max(r.retry_after or 0.0 for r in deferred.values())
            if wait > budget:
                for index in sorted(deferred):
                    finish(index, deferred[index])
                break
            budget -= wait
            rounds_left -= 1
            logger.info("%d embeds wait %.0f s for a paused host", len(deferred), wait)
            await self._sleep(wait)
            note = Attempt(
                source="resolver",
                outcome="deferred",
                detail=f"asked again after waiting {wait:.0f} s for a paused host",
            )
            carried = {i: (*r.attempts, note) for i, r in deferred.items()}
            pending = sorted(deferred)
        return [r for r in final if r is not None]


def _deferrable(resolution: Resolution) -> bool:
    return resolution.status is ResolutionStatus.UNREACHABLE and resolution.retry_after is not None


def _captures_by_post(captures: Iterable[Capture]) -> dict[str | None, list[Capture]]:
    grouped: dict[str | None, list[Capture]] = {}
    for capture in captures:
        match = _ID_IN_URL.search(capture.original[:4096])
        grouped.setdefault(match.group(1) if match else None, []).append(capture)
    return grouped
