"""The Wayback Machine's CDX index: its rows, its response formats, and the paged query.

A CDX row names one capture (timestamp, original URL, archived status, payload digest). Responses
come as JSON or plain text, possibly with a resume key for the next page; 2000-era rows carry
malformed timestamps and junk URLs, which are repaired or skipped. ``id_prefixes`` turns a
Snowflake id window into a ``filter=original:`` regex so the server narrows a handle's captures.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote_plus, urlencode, urlsplit

from embedarchive.archive.sources.base import Outcome
from embedarchive.archive.sources.playback import _BLOCK_MARKERS
from embedarchive.errors import RateLimitedError

if TYPE_CHECKING:
    from embedarchive.archive.http import HttpClient, HttpResponse

__all__ = [
    "CDX_FIELDS",
    "CdxPage",
    "CdxRecord",
    "CdxResult",
    "id_prefixes",
    "parse_cdx",
    "parse_cdx_timestamp",
    "payload_digest",
    "query_cdx",
]

logger = logging.getLogger(__name__)

CDX_FIELDS = ("urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length")
_EXTENDED_FIELDS = (
    "urlkey", "timestamp", "original", "mimetype", "statuscode", "digest",
    "redirect", "robotflags", "length", "offset", "filename",
)  # fmt: skip
_MAX_CDX_LINE = 16384


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


# ------------------------------------------------------------------------------------ query


async def query_cdx(
    http: HttpClient,
    base_url: str,
    params: Sequence[tuple[str, str]],
    *,
    page_size: int,
    max_pages: int,
) -> CdxResult:
    """Run one CDX query (JSON output) and follow resume keys for up to ``max_pages``."""
    base = [*params, ("output", "json"), ("limit", str(page_size))]
    base.append(("showResumeKey", "true"))
    records: list[CdxRecord] = []
    resume: str | None = None
    for page_no in range(max_pages):
        query = base + ([("resumeKey", resume)] if resume else [])
        url = f"{base_url}/cdx/search/cdx?{urlencode(query)}"
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
    return CdxResult(
        _dedupe(records), detail=f"stopped after {max_pages} CDX pages", pages=max_pages
    )


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


# ---------------------------------------------------------------------------------- filters


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
