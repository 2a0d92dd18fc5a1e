"""What every remote source looks like to the resolver."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol, runtime_checkable

from embedarchive.models import Capture, Platform, Post

if TYPE_CHECKING:
    from embedarchive.archive.http import HttpClient

__all__ = ["Lookup", "Outcome", "PostQuery", "Source", "SourceResult"]

Outcome = Literal["found", "tombstoned", "not_found", "unreachable", "error", "unsupported"]


@dataclass(frozen=True, slots=True)
class Lookup:
    """A post to look up by identity (what an embed with a status URL or id gives)."""

    platform: Platform
    post_id: str
    url: str
    handle: str | None = None


@dataclass(frozen=True, slots=True)
class PostQuery:
    """A post to search for without an id: handle + date window + quoted text."""

    platform: Platform
    handle: str
    earliest: dt.datetime  # UTC, inclusive
    latest: dt.datetime  # UTC, exclusive
    text: str | None = None


@dataclass(frozen=True, slots=True)
class SourceResult:
    """One source's answer for one lookup."""

    outcome: Outcome
    post: Post | None = None
    captures: tuple[Capture, ...] = ()
    candidates: tuple[Post, ...] = ()
    detail: str | None = None
    url: str | None = None
    retry_after: float | None = None
    # raw payloads that produced the answer: (url, status, content-type, body) for the store/WARC
    payloads: tuple[tuple[str, int, str, bytes], ...] = field(default=())


@runtime_checkable
class Source(Protocol):
    """A remote source of posts or captures.

    ``hosts`` are the only hosts the source may contact (the HTTP allow-list is built from them).
    ``lookup`` answers for a known id; ``search`` for handle + date window (sources that cannot
    search return ``SourceResult("unsupported")``).
    """

    name: str
    hosts: frozenset[str]
    platforms: frozenset[Platform]

    async def lookup(self, item: Lookup, http: HttpClient) -> SourceResult: ...

    async def search(self, query: PostQuery, http: HttpClient) -> SourceResult: ...
