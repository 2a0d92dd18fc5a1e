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
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import unquote_plus, urlencode, urlsplit

from embedarchive.archive.sources.base import Lookup, Outcome, PostQuery, SourceResult
from embedarchive.archive.sources.capture_parsers import (
    gone_reason,
    parse_capture,
    redirect_target,
    status_id_from_url,
)
from embedarchive.errors import HostNotAllowedError, RateLimitedError, SourceError
from embedarchive.models import Capture, Platform, Post, Provenance

if TYPE_CHECKING:
    from embedarchive.archive.http import HttpClient, HttpResponse

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

logger = logging.getLogger(__name__)

CDX_FIELDS = ("urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length")
_EXTENDED_FIELDS = (
    "urlkey", "timestamp", "original", "mimetype", "statuscode", "digest",
    "redirect", "robotflags", "length", "offset", "filename",
)  # fmt: skip
_BLOCK_MARKERS = (
    "AdministrativeAccessControlException",
    "RobotAccessControlException",
    "Blocked Site Error",
)
_SNOWFLAKE_EPOCH_MS = 1288834974657
_SNOWFLAKE_START = dt.datetime(2010, 11, 4, 1, 42, 54, 657000, tzinfo=dt.UTC)
_MEMENTO_URL = re.compile(r"^https?://[^/]{1,255}/web/(\d{1,14})(?:[a-z]{2}_)?/(.{1,4000})$")
_HANDLE_IN_URL = re.compile(
    r"(?:^|[/.])(?:twitter|x)\.com/(?:#!/)?([A-Za-z0-9_]{1,15})/status(?:es)?/\d", re.IGNORECASE
)
_NOT_HANDLES = frozenset({"i", "intent", "share", "home", "search", "hashtag"})
_MAX_CDX_LINE = 16384


# ------------------------------------------------------------------------------------- CDX


@dataclass(frozen=True, slots=True)
class CdxRecord:
    """One row of the CDX index: one capture."""

    urlkey: str
    timestamp: dt.datetime  # UTC
    original: str
    mimetype: str
    statuscode: int | None  # None for "-" (revisits, many JSON captures)
    digest: str | None  # base32 SHA-1 of the stored payload
    length: int | None  # compressed WARC record size, not the body size

    @property
    def wayback_timestamp(self) -> str:
        """The 14-digit timestamp the Wayback Machine uses in URLs."""
        return self.timestamp.strftime("%Y%m%d%H%M%S")


@dataclass(frozen=True, slots=True)
class CdxPage:
    """One CDX response: its records, the resume key if more remain, and rows skipped."""

    records: tuple[CdxRecord, ...]
    resume_key: str | None = None
    skipped: int = 0


@dataclass(frozen=True, slots=True)
class CdxResult:
    """Records gathered over all pages of one CDX query, or why the query failed.

    ``failure`` is ``"error"`` for a blocked URL, ``"unreachable"`` for rate limits, 5xx and
    connection failures (``retry_after`` set when the host asked us to wait).
    """

    records: tuple[CdxRecord, ...] = ()
    failure: Outcome | None = None
    detail: str | None = None
    retry_after: float | None = None
    pages: int = 0


def parse_cdx_timestamp(value: str) -> dt.datetime | None:
    """A 14-digit CDX timestamp as a UTC datetime, or ``None``.

    Repairs what 2000-era index data contains: ``00`` month or day become 01 and an hour of 24
    rolls over to the next day; shorter timestamps are padded with zeros.
    """
    if not value.isdigit() or not 4 <= len(value) <= 14:
        return None
    padded = value.ljust(14, "0")
    month = max(1, int(padded[4:6]))
    day = max(1, int(padded[6:8]))
    hour, minute, second = int(padded[8:10]), int(padded[10:12]), int(padded[12:14])
    if hour > 24 or minute > 59 or second > 60:
        return None
    try:
        date = dt.datetime(int(padded[0:4]), month, day, tzinfo=dt.UTC)
    except ValueError:
        return None
    return date + dt.timedelta(hours=hour, minutes=minute, seconds=second)


def parse_cdx(body: bytes | str, *, fields: Sequence[str] = CDX_FIELDS) -> CdxPage:
    """Parse a CDX response in JSON (header row first) or plain text (space-separated).

    Text rows use ``fields`` (the ``fl`` of the query; 11-column extended rows are recognised).
    Malformed rows (bad timestamps, ``mailto:``/``data:`` junk originals, wrong column counts)
    are skipped and counted; exact duplicate rows, which the server repeats, are dropped.
    """
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    stripped = text.lstrip()
    if stripped.startswith("["):
        return _parse_cdx_json(stripped)
    return _parse_cdx_text(text, fields)


def _parse_cdx_json(text: str) -> CdxPage:
    try:
        rows = json.loads(text)
    except (ValueError, RecursionError):
        return CdxPage((), None, 1)
    if not isinstance(rows, list) or not rows:
        return CdxPage(())
    header = rows[0]
    if not isinstance(header, list) or not all(isinstance(h, str) for h in header):
        return CdxPage((), None, len(rows))
    resume_key: str | None = None
    body_rows = rows[1:]
    # With showResumeKey the JSON ends with an empty row and then a one-element row.
    if len(body_rows) >= 2 and body_rows[-2] == [] and _is_key_row(body_rows[-1]):
        resume_key = unquote_plus(body_rows[-1][0])
        body_rows = body_rows[:-2]
    records: list[CdxRecord] = []
    skipped = 0
    for row in body_rows:
        record = (
            _record(dict(zip(header, row, strict=True)))
            if isinstance(row, list) and len(row) == len(header)
            and all(isinstance(v, str) for v in row)
            else None
        )  # fmt: skip
        if record is None:
            skipped += 1
        else:
            records.append(record)
    return CdxPage(_dedupe(records), resume_key, skipped)


def _is_key_row(row: Any) -> bool:
    return isinstance(row, list) and len(row) == 1 and isinstance(row[0], str)


def _parse_cdx_text(text: str, fields: Sequence[str]) -> CdxPage:
    lines = text.split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    resume_key: str | None = None
    # showResumeKey: the last line follows a blank line and is the key.
    if len(lines) >= 2 and not lines[-2].strip() and " " not in lines[-1].strip():
        resume_key = unquote_plus(lines[-1].strip())
        lines = lines[:-2]
    records: list[CdxRecord] = []
    skipped = 0
    for line in lines:
        if not line.strip():
            continue
        parts = line.split() if len(line) <= _MAX_CDX_LINE else []
        names = (
            fields
            if len(parts) == len(fields)
            else _EXTENDED_FIELDS
            if len(parts) == len(_EXTENDED_FIELDS)
            else None
        )
        record = _record(dict(zip(names, parts, strict=True))) if names else None
        if record is None:
            skipped += 1
        else:
            records.append(record)
    return CdxPage(_dedupe(records), resume_key, skipped)


def _record(row: dict[str, str]) -> CdxRecord | None:
    timestamp = parse_cdx_timestamp(row.get("timestamp", ""))
    original = _clean_original(row.get("original", ""))
    if timestamp is None or original is None:
        return None
    status = row.get("statuscode", "-")
    length = row.get("length", "-")
    digest = row.get("digest", "-")
    return CdxRecord(
        urlkey=row.get("urlkey", ""),
        timestamp=timestamp,
        original=original,
        mimetype=row.get("mimetype", "unk"),
        statuscode=int(status) if status.isdigit() and len(status) == 3 else None,
        digest=digest if digest not in ("", "-") else None,
        length=int(length) if length.isdigit() and len(length) <= 15 else None,
    )


def _clean_original(url: str) -> str | None:
    """The archived URL without a redundant default port, or ``None`` for junk rows."""
    if len(url) > 4000:
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname or "@" in parts.netloc:
        return None
    if "data:" in url.lower() or parts.hostname.startswith("mailto"):
        return None
    if (parts.scheme, port) in (("http", 80), ("https", 443)):
        url = url.replace(parts.netloc, parts.netloc.rsplit(":", 1)[0], 1)
    return url


def _dedupe(records: Iterable[CdxRecord]) -> tuple[CdxRecord, ...]:
    seen: set[CdxRecord] = set()
    unique: list[CdxRecord] = []
    for record in records:
        if record not in seen:
            seen.add(record)
            unique.append(record)
    return tuple(unique)


def payload_digest(body: bytes) -> str:
    """The CDX digest of a payload: base32 of its SHA-1."""
    return base64.b32encode(hashlib.sha1(body, usedforsecurity=False).digest()).decode("ascii")


# ---------------------------------------------------------------------------------- playback

PlaybackKind = Literal["memento", "elsewhere", "no_memento", "blocked", "throttled", "unavailable"]


@dataclass(frozen=True, slots=True)
class Playback:
    """What one ``id_`` request returned.

    ``memento``: an archived response (``status_code`` is the archived status: 200, 3xx, 404,
    429…); ``elsewhere``: a Wayback redirect to another capture (no ``Memento-Datetime``);
    ``no_memento``: nothing archived there; ``blocked``: excluded or access-controlled;
    ``throttled``: the Wayback Machine itself answered 429; ``unavailable``: 5xx.
    """

    kind: PlaybackKind
    status_code: int
    url: str
    content_type: str = ""
    body: bytes = b""
    location: str | None = None
    detail: str | None = None
    retry_after: float | None = None


def classify_playback(response: HttpResponse) -> Playback:
    """Classify a playback response (see ``Playback``)."""
    headers = response.headers
    status = response.status_code
    content_type = str(headers.get("content-type", ""))
    runtime_error = str(headers.get("x-archive-wayback-runtime-error", ""))

    def made(kind: PlaybackKind, detail: str | None = None, *, body: bytes = b"") -> Playback:
        location = headers.get("location")
        return Playback(kind, status, response.url, content_type, body, location, detail)

    if "memento-datetime" in headers:
        return made("memento", body=response.content)
    if status in (301, 302, 303, 307, 308):
        return made("elsewhere", headers.get("x-archive-redirect-reason"))
    head = response.content[:200_000]
    if status == 403 or any(marker in runtime_error for marker in _BLOCK_MARKERS):
        return made("blocked", runtime_error or "403 from the Wayback Machine")
    if status == 200 and b"has been excluded from the Wayback Machine" in head:
        return made("blocked", "excluded from the Wayback Machine")
    if status == 429:
        return made("throttled", "the Wayback Machine answered 429")
    if status >= 500:
        return made("unavailable", f"Wayback playback answered {status}")
    if status == 404 or b"has not archived that URL" in head:
        return made("no_memento", runtime_error or "not archived")
    # A 200 without Memento-Datetime is not an archived response we can trust.
    return made("no_memento", f"status {status} without Memento-Datetime")


# ---------------------------------------------------------------------------------- snowflake


def _snowflake_floor(moment: dt.datetime) -> int:
    millis = int(moment.timestamp() * 1000)
    return max(0, (millis - _SNOWFLAKE_EPOCH_MS) << 22)


def _snowflake_time(post_id: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(((post_id >> 22) + _SNOWFLAKE_EPOCH_MS) / 1000, tz=dt.UTC)


def id_prefixes(lo: int, hi: int, *, max_prefixes: int = 8) -> list[tuple[str, int]]:
    """Decimal prefixes covering every id in ``[lo, hi)``: ``(prefix, remaining digits)`` pairs.

    The prefixes are as long as possible while staying at most ``max_prefixes`` per id length,
    so a CDX ``filter=original:`` regex built from them narrows the scan server-side.
    """
    if hi <= lo or lo < 0:
        return []
    result: list[tuple[str, int]] = []
    start = lo
    while start < hi:
        length = len(str(start))
        end = min(hi, 10**length)  # ids of one digit count at a time
        last = end - 1
        best = 0
        for keep in range(1, length + 1):
            scale = 10 ** (length - keep)
            if last // scale - start // scale + 1 <= max_prefixes:
                best = keep
            else:
                break
        scale = 10 ** (length - best)
        result.extend((str(p), length - best) for p in range(start // scale, last // scale + 1))
        start = end
    return result


def _id_regex(prefixes: Sequence[tuple[str, int]]) -> str:
    groups: dict[int, list[str]] = {}
    for prefix, rest in prefixes:
        groups.setdefault(rest, []).append(prefix)
    branches = [f"({'|'.join(p)})[0-9]{{{rest}}}" for rest, p in sorted(groups.items())]
    alternation = branches[0] if len(branches) == 1 else "(" + "|".join(branches) + ")"
    return f".*/status/{alternation}([/?].*)?"


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
        pages = max_pages or self.cdx_max_pages
        base = [*params, ("output", "json"), ("limit", str(self.cdx_page_size))]
        base.append(("showResumeKey", "true"))
        records: list[CdxRecord] = []
        resume: str | None = None
        for page_no in range(pages):
            query = base + ([("resumeKey", resume)] if resume else [])
            url = f"{self.base_url}/cdx/search/cdx?{urlencode(query)}"
            try:
                response = await http.get(url)
            except RateLimitedError as exc:
                return CdxResult(tuple(records), "unreachable", str(exc), exc.retry_after, page_no)
            failure = _cdx_failure(response)
            if failure is not None:
                outcome, detail, retry = failure
                return CdxResult(tuple(records), outcome, detail, retry, page_no)
            page = parse_cdx(response.content)
            if page.skipped:
                logger.debug("skipped %d malformed CDX rows from %s", page.skipped, url)
            records.extend(page.records)
            resume = page.resume_key
            if not resume:
                return CdxResult(_dedupe(records), pages=page_no + 1)
        return CdxResult(_dedupe(records), detail=f"stopped after {pages} CDX pages", pages=pages)

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


def _cdx_failure(response: HttpResponse) -> tuple[Outcome, str, float | None] | None:
    status = response.status_code
    if status == 200:
        return None
    head = response.content[:2000].decode("utf-8", "replace")
    runtime_error = str(response.headers.get("x-archive-wayback-runtime-error", ""))
    if status == 403 or any(m in runtime_error or m in head for m in _BLOCK_MARKERS):
        return "error", f"blocked: {runtime_error or head.strip()[:200]}", None
    if status == 429:
        hinted = str(response.headers.get("retry-after", "")).strip()
        retry = float(hinted) if hinted.isdigit() and len(hinted) <= 6 else 60.0
        return "unreachable", "the CDX server answered 429", retry
    if status >= 500:
        hint = "; narrow the query" if status == 504 else ""
        return "unreachable", f"the CDX server answered {status}{hint}", None
    return "error", f"the CDX server answered {status}", None


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
