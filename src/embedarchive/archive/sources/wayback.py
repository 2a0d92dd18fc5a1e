"""The Internet Archive's Wayback Machine as a source of archived tweets.

Three services (specs/archive_protocols.md §1-§2):

* the CDX index (``/cdx/search/cdx``) lists captures of a status URL, or of every status URL of
  a handle; it is the reliable way in and the one with the tightest rate limit;
* playback in ``id_`` mode (``/web/<ts>id_/<original>``) returns the bytes as crawled, which
  ``capture_parsers`` turns into a ``Post``;
* the Availability API (``archive.org/wayback/available``), an optional cheap first check whose
  empty answer means "no answer", never "not archived".

A Wayback redirect to another timestamp carries no ``Memento-Datetime`` and means "not this
capture"; an archived 3xx/404/429 carries one and is data about the past.

The CDX client lives in ``cdx`` and the classification of playback responses in ``playback``;
this module is the ``Source`` that drives them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from embedarchive.archive.sources import cdx
from embedarchive.archive.sources.base import Lookup, PostQuery, SourceResult
from embedarchive.archive.sources.capture_parsers import (
    gone_reason,
    parse_capture,
    redirect_target,
    status_id_from_url,
)

# The CDX names stay importable from here, where callers and tests have always found them.
from embedarchive.archive.sources.cdx import (
    CDX_FIELDS,
    CdxPage,
    CdxRecord,
    CdxResult,
    _clean_original,
    _dedupe,
    _id_regex,
    id_prefixes,
    parse_cdx,
    parse_cdx_timestamp,
    payload_digest,
)
from embedarchive.archive.sources.playback import Playback, classify_playback
from embedarchive.errors import HostNotAllowedError, RateLimitedError, SourceError
from embedarchive.models import Capture, Platform, Post, Provenance

if TYPE_CHECKING:
    from embedarchive.archive.http import HttpClient

__all__ = [
    "CDX_FIELDS",
    "CdxPage",
    "CdxRecord",
    "CdxResult",
    "Playback",
    "Wayback",
    "classify_playback",
    "id_prefixes",
    "parse_cdx",
    "parse_cdx_timestamp",
    "payload_digest",
]

_SNOWFLAKE_EPOCH_MS = 1288834974657
_SNOWFLAKE_START = dt.datetime(2010, 11, 4, 1, 42, 54, 657000, tzinfo=dt.UTC)
_MEMENTO_URL = re.compile(r"^https?://[^/]{1,255}/web/(\d{1,14})(?:[a-z]{2}_)?/(.{1,4000})$")
_HANDLE_IN_URL = re.compile(
    r"(?:^|[/.])(?:twitter|x)\.com/(?:#!/)?([A-Za-z0-9_]{1,15})/status(?:es)?/\d", re.IGNORECASE
)
_NOT_HANDLES = frozenset({"i", "intent", "share", "home", "search", "hashtag"})


# ---------------------------------------------------------------------------------- snowflake


def _snowflake_floor(moment: dt.datetime) -> int:
    millis = int(moment.timestamp() * 1000)
    return max(0, (millis - _SNOWFLAKE_EPOCH_MS) << 22)


def _snowflake_time(post_id: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(((post_id >> 22) + _SNOWFLAKE_EPOCH_MS) / 1000, tz=dt.UTC)


# ------------------------------------------------------------------------------------ source


@dataclass
class _Findings:
    """What fetching captures of one post taught us."""

    post: Post | None = None
    payload: tuple[str, int, str, bytes] | None = None
    gone: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    stop: Playback | None = None  # blocked / throttled: do not fetch more
    unavailable: int = 0


def _refused(exc: SourceError) -> SourceResult:
    """What a source says when the HTTP policy refused or could not make a request."""
    if isinstance(exc, RateLimitedError):
        return SourceResult("unreachable", detail=str(exc), retry_after=exc.retry_after)
    if isinstance(exc, HostNotAllowedError):
        return SourceResult("error", detail=str(exc), url=exc.url)
    return SourceResult("unreachable", detail=str(exc), url=exc.url)  # offline, network


class Wayback:
    """The Wayback Machine as a ``Source`` for X/Twitter posts (lookups and no-URL search).

    ``status_hosts`` are the hosts whose status URLs are queried (``x.com`` may be added; its
    captures are rare). ``use_availability`` asks the Availability API before the CDX index.
    ``max_fetches`` caps playback requests per post; ``max_candidates`` caps posts fetched by a
    search.
    """

    name = "wayback"
    platforms = frozenset({Platform.TWITTER})

    def __init__(
        self,
        base_url: str = "https://web.archive.org",
        *,
        availability_url: str = "https://archive.org",
        status_hosts: Sequence[str] = ("twitter.com", "mobile.twitter.com"),
        use_availability: bool = False,
        max_fetches: int = 4,
        max_candidates: int = 10,
        cdx_page_size: int = 1000,
        cdx_max_pages: int = 3,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.availability_url = availability_url.rstrip("/")
        self.status_hosts = tuple(status_hosts)
        self.use_availability = use_availability
        self.max_fetches = max_fetches
        self.max_candidates = max_candidates
        self.cdx_page_size = cdx_page_size
        self.cdx_max_pages = cdx_max_pages
        hosts = {urlsplit(self.base_url).hostname, urlsplit(self.availability_url).hostname}
        self.hosts = frozenset(h.lower() for h in hosts if h)

    # -- URLs

    def memento_url(self, record: CdxRecord, mode: str = "") -> str:
        """The playback URL of a capture (``mode`` ``""`` for humans, ``"id_"`` for bytes)."""
        return f"{self.base_url}/web/{record.wayback_timestamp}{mode}/{record.original}"

    def capture(self, record: CdxRecord) -> Capture:
        """A ``Capture`` model for a CDX record."""
        return Capture(
            archive="wayback",
            url=self.memento_url(record),
            original=record.original,
            datetime=record.timestamp,
            status_code=record.statuscode,
            digest=record.digest,
            mimetype=record.mimetype,
        )

    # -- CDX

    async def query_cdx(
        self, http: HttpClient, params: Sequence[tuple[str, str]], *, max_pages: int | None = None
    ) -> CdxResult:
        """Run one CDX query (JSON output) and follow resume keys for up to ``max_pages``."""
        return await cdx.query_cdx(
            http,
            self.base_url,
            params,
            page_size=self.cdx_page_size,
            max_pages=max_pages or self.cdx_max_pages,
        )

    # -- Source protocol

    async def lookup(self, item: Lookup, http: HttpClient) -> SourceResult:
        """Find archived captures of a known post and parse the best one."""
        if item.platform is not Platform.TWITTER or not item.post_id.isdigit():
            return SourceResult("unsupported", detail="Wayback lookups cover X/Twitter ids")
        handle = item.handle or _handle_from_url(item.url)
        try:
            if handle is None:
                return await self._lookup_without_handle(item.post_id, http)
            if self.use_availability:
                quick = await self._availability(
                    f"twitter.com/{handle}/status/{item.post_id}", item.post_id, http
                )
                if quick is not None and quick.outcome == "found":
                    return quick
            records: list[CdxRecord] = []
            failure: CdxResult | None = None
            id_filter = f"original:.*/status/{item.post_id}([/?].*)?"
            for host in self.status_hosts:
                result = await self.query_cdx(
                    http,
                    [
                        ("url", f"{host}/{handle}/status/{item.post_id}"),
                        ("matchType", "prefix"),
                        ("filter", id_filter),
                    ],
                )
                records.extend(r for r in result.records if _id_of(r) == item.post_id)
                if result.failure is not None:
                    failure = result
                    if result.failure == "error" or result.retry_after is not None:
                        break
            if not records:
                if failure is not None:
                    return _failed(failure)
                return SourceResult("not_found", detail="no Wayback captures of this post")
            return await self._resolve(item.post_id, records, http, self.max_fetches)
        except SourceError as exc:
            return _refused(exc)

    async def search(self, query: PostQuery, http: HttpClient) -> SourceResult:
        """Find a handle's archived posts from ``[earliest, latest)`` by their Snowflake ids.

        Returns the parsed posts as ``candidates``; the resolver picks one by text similarity.
        """
        if query.platform is not Platform.TWITTER:
            return SourceResult("unsupported", detail="Wayback search covers X/Twitter")
        if query.latest <= _SNOWFLAKE_START or query.earliest >= query.latest:
            return SourceResult("unsupported", detail="no Snowflake id window before November 2010")
        lo = _snowflake_floor(max(query.earliest, _SNOWFLAKE_START))
        hi = _snowflake_floor(query.latest)
        handle = query.handle.lstrip("@")
        params_tail = [
            ("matchType", "prefix"),
            ("from", query.earliest.astimezone(dt.UTC).strftime("%Y%m%d%H%M%S")),
            ("filter", "!statuscode:[45].."),
            ("filter", "original:" + _id_regex(id_prefixes(lo, hi))),
        ]
        try:
            by_id: dict[str, list[CdxRecord]] = {}
            failure: CdxResult | None = None
            for host in self.status_hosts:
                result = await self.query_cdx(
                    http, [("url", f"{host}/{handle}/status/"), *params_tail]
                )
                for record in result.records:
                    post_id = _id_of(record)
                    if post_id is not None and lo <= int(post_id) < hi:
                        by_id.setdefault(post_id, []).append(record)
                if result.failure is not None:
                    failure = result
                    if result.failure == "error" or result.retry_after is not None:
                        break
            if not by_id:
                if failure is not None:
                    return _failed(failure)
                return SourceResult("not_found", detail="no captured posts in the id window")
            return await self._search_candidates(handle, by_id, http)
        except SourceError as exc:
            return _refused(exc)

    # -- internals

    async def _search_candidates(
        self, handle: str, by_id: dict[str, list[CdxRecord]], http: HttpClient
    ) -> SourceResult:
        candidates: list[Post] = []
        captures: list[Capture] = []
        payloads: list[tuple[str, int, str, bytes]] = []
        notes: list[str] = []
        ids = sorted(by_id, key=int)
        if len(ids) > self.max_candidates:
            notes.append(f"{len(ids)} posts in the window; fetched the first {self.max_candidates}")
        for post_id in ids[: self.max_candidates]:
            result = await self._resolve(post_id, by_id[post_id], http, 2)
            if result.outcome == "found" and result.post is not None:
                author = result.post.author.handle
                if author is not None and author.lower() != handle.lower():
                    notes.append(f"{post_id} is by @{author}, not @{handle}")
                    continue
                candidates.append(result.post)
                captures.extend(result.captures)
                payloads.extend(result.payloads)
            elif result.outcome in ("unreachable", "error") and (
                result.retry_after is not None or result.outcome == "error"
            ):
                notes.append(result.detail or result.outcome)
                if not candidates:
                    return SourceResult(
                        result.outcome, detail="; ".join(notes), retry_after=result.retry_after
                    )
                break
        detail = "; ".join([f"{len(candidates)} candidates from {len(ids)} ids", *notes])
        if not candidates:
            return SourceResult("not_found", detail=detail)
        return SourceResult(
            "found",
            candidates=tuple(candidates),
            captures=tuple(captures),
            payloads=tuple(payloads),
            detail=detail,
        )

    async def _lookup_without_handle(self, post_id: str, http: HttpClient) -> SourceResult:
        # CDX keys by path, so without the handle it can only look at the handle-less forms.
        if not self.use_availability:
            return SourceResult(
                "unsupported", detail="the CDX index needs the handle to find a status URL"
            )
        quick = await self._availability(f"twitter.com/i/status/{post_id}", post_id, http)
        if quick is not None:
            return quick
        return SourceResult("unsupported", detail="no handle, and no Availability answer")

    async def _availability(
        self, target: str, post_id: str, http: HttpClient
    ) -> SourceResult | None:
        """Ask the Availability API; ``None`` when it has no answer (which proves nothing)."""
        params = {"url": target, "timestamp": _snowflake_time(int(post_id)).strftime("%Y%m%d")}
        response = await http.get(f"{self.availability_url}/wayback/available", params=params)
        if response.status_code != 200:
            return None
        try:
            closest = response.json().get("archived_snapshots", {}).get("closest")
        except (ValueError, AttributeError):
            return None
        record = _availability_record(closest)
        if record is None or _id_of(record) != post_id:
            return None
        return await self._resolve(post_id, [record], http, 1)

    async def _resolve(
        self, post_id: str, records: Sequence[CdxRecord], http: HttpClient, max_fetches: int
    ) -> SourceResult:
        """Fetch the best captures of one post in ``id_`` mode until one parses."""
        ordered = sorted(_dedupe(records), key=lambda r: r.timestamp)
        captures = tuple(self.capture(r) for r in ordered)
        findings = _Findings()
        findings.gone.extend(
            f"archived {r.statuscode} at {r.wayback_timestamp}"
            for r in ordered
            if r.statuscode in (404, 410)
        )
        fetched_digests: set[str] = set()
        fetches = 0
        for record in sorted(ordered, key=_rank):
            if fetches >= max_fetches or findings.post is not None or findings.stop is not None:
                break
            if record.statuscode in (404, 410):
                continue  # already counted as evidence; nothing to parse
            if record.digest and record.digest in fetched_digests:
                continue
            fetches += 1
            if record.digest:
                fetched_digests.add(record.digest)
            await self._fetch_one(post_id, record, http, findings)
        return _conclude(findings, captures)

    async def _fetch_one(
        self, post_id: str, record: CdxRecord, http: HttpClient, findings: _Findings
    ) -> None:
        url = self.memento_url(record, "id_")
        try:
            response = await http.get(url)
        except RateLimitedError as exc:
            findings.stop = Playback(
                "throttled", 429, url, detail=str(exc), retry_after=exc.retry_after
            )
            return
        playback = classify_playback(response)
        stamp = record.wayback_timestamp
        if playback.kind in ("blocked", "throttled"):
            findings.stop = playback
            return
        if playback.kind == "unavailable":
            findings.unavailable += 1
            findings.notes.append(f"{stamp}: {playback.detail}")
            return
        if playback.kind != "memento":
            findings.notes.append(f"{stamp}: no memento ({playback.detail or playback.kind})")
            return
        status = playback.status_code
        if status in (404, 410):
            findings.gone.append(f"archived {status} at {stamp}")
            return
        if 300 <= status < 400:
            target = redirect_target(playback.body) or playback.location
            findings.notes.append(f"{stamp}: archived redirect to {target}")
            return
        if status != 200:
            findings.notes.append(f"{stamp}: archived status {status}")
            return
        post = parse_capture(playback.body, playback.content_type, record.original)
        if post is None or post.id != post_id:
            reason = gone_reason(playback.body, playback.content_type)
            if reason:
                findings.gone.append(f"{stamp}: {reason}")
            else:
                findings.notes.append(f"{stamp}: capture without a readable post")
            return
        if record.digest and payload_digest(playback.body) != record.digest:
            findings.notes.append(f"{stamp}: payload digest differs from the CDX digest")
        provenance = Provenance(
            source="wayback", url=self.memento_url(record), fetched_at=dt.datetime.now(dt.UTC)
        )
        findings.post = post.model_copy(update={"provenance": provenance})
        findings.payload = (url, status, playback.content_type, playback.body)


def _conclude(findings: _Findings, captures: tuple[Capture, ...]) -> SourceResult:
    notes = "; ".join(findings.notes) or None
    if findings.post is not None:
        return SourceResult(
            "found",
            post=findings.post,
            captures=captures,
            payloads=(findings.payload,) if findings.payload else (),
            detail=notes,
            url=findings.post.provenance.url if findings.post.provenance else None,
        )
    stop = findings.stop
    if stop is not None and stop.kind == "blocked":
        return SourceResult("error", captures=captures, detail=f"blocked: {stop.detail}")
    if stop is not None:
        return SourceResult(
            "unreachable",
            captures=captures,
            detail=stop.detail,
            retry_after=stop.retry_after if stop.retry_after is not None else 60.0,
        )
    if findings.gone:
        return SourceResult(
            "tombstoned", captures=captures, detail="; ".join(findings.gone + findings.notes)
        )
    if findings.unavailable:
        return SourceResult("unreachable", captures=captures, detail=notes)
    return SourceResult(
        "not_found", captures=captures, detail=notes or "captures without a readable post"
    )


def _rank(record: CdxRecord) -> tuple[int, dt.datetime]:
    """Fetch order: JSON payloads, then 200 HTML, then unknown status, then redirects."""
    json_like = "json" in record.mimetype
    if record.statuscode == 200:
        group = 0 if json_like else 1
    elif record.statuscode is None:
        group = 0 if json_like else 2
    elif 300 <= record.statuscode < 400:
        group = 3
    else:
        group = 4
    return group, record.timestamp


def _failed(result: CdxResult) -> SourceResult:
    return SourceResult(
        result.failure or "error", detail=result.detail, retry_after=result.retry_after
    )


def _availability_record(closest: Any) -> CdxRecord | None:
    if not isinstance(closest, dict) or closest.get("available") is False:
        return None
    match = _MEMENTO_URL.match(str(closest.get("url") or ""))
    stamp = parse_cdx_timestamp(str(closest.get("timestamp") or (match.group(1) if match else "")))
    original = _clean_original(match.group(2)) if match else None
    if stamp is None or original is None:
        return None
    status = str(closest.get("status") or "")
    return CdxRecord(
        urlkey="",
        timestamp=stamp,
        original=original,
        mimetype="unk",
        statuscode=int(status) if status.isdigit() and len(status) == 3 else None,
        digest=None,
        length=None,
    )


def _id_of(record: CdxRecord) -> str | None:
    return status_id_from_url(record.original)


def _handle_from_url(url: str) -> str | None:
    match = _HANDLE_IN_URL.search(url[:2000])
    if match is None or match.group(1).lower() in _NOT_HANDLES:
        return None
    return match.group(1)
