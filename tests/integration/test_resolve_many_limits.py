"""Many embeds, two hosts, one batch: each host sees no more requests per second than its limit.

The syndication endpoint answers on 127.0.0.1 and the Wayback CDX index on ``localhost`` (the
same machine under another host name, so the HTTP policy keeps a separate budget for each).
Every post is unknown to both, so each embed costs one syndication request and two CDX queries
(twitter.com and mobile.twitter.com): the batch must queue behind the limits, never burst.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from embedarchive.archive.http import HostGate, HttpPolicy, RateLimit
from embedarchive.archive.resolver import Archive
from embedarchive.archive.sources.syndication import TwitterSyndication
from embedarchive.archive.sources.wayback import Wayback
from embedarchive.models import Embed, Platform, ResolutionStatus

try:
    from tests.integration.servers import RecordedServer, Reply, Route
except ImportError:  # pragma: no cover
    from integration.servers import RecordedServer, Reply, Route  # type: ignore[no-redef]

pytestmark = pytest.mark.network_local

JSON = {"Content-Type": "application/json"}
SYNDICATION_PER_S = 10
CDX_PER_S = 8
EMBEDS = 12


@pytest.fixture
def servers() -> Iterator[tuple[RecordedServer, RecordedServer]]:
    platform = RecordedServer([Route("GET", "/tweet-result", Reply(200, JSON, b"{}"))])
    archive = RecordedServer([Route("GET", "/cdx/search/cdx", Reply(200, JSON, b"[]"))])
    with platform, archive:
        yield platform, archive


def test_batch_respects_each_hosts_limit(
    servers: tuple[RecordedServer, RecordedServer], tmp_path: Path
) -> None:
    platform, archive = servers
    wayback_url = archive.url.replace("127.0.0.1", "localhost")
    policy = HttpPolicy(
        max_wait=30.0,
        limits={
            "127.0.0.1/tweet-result": RateLimit(1, 1 / SYNDICATION_PER_S),
            "localhost/cdx": RateLimit(1, 1 / CDX_PER_S),
        },
    )
    embeds = [
        Embed(
            platform=Platform.TWITTER,
            start=0,
            end=1,
            handle="example",
            post_id=str(1940000000000000000 + i),
            url=f"https://x.com/example/status/{1940000000000000000 + i}",
            text=f"post number {i}",
        )
        for i in range(EMBEDS)
    ]
    with Archive(
        tmp_path / "a.sqlite3",
        sources=[
            TwitterSyndication(base_url=platform.url),
            Wayback(base_url=wayback_url, availability_url=wayback_url),
        ],
        policy=policy,
        gate=HostGate(),
    ) as store:
        started = time.monotonic()
        results = store.resolve_many(embeds, concurrency=8)
        elapsed = time.monotonic() - started

    assert [r.status for r in results] == [ResolutionStatus.NOT_FOUND] * EMBEDS
    assert len(platform.requests_to("/tweet-result")) == EMBEDS
    cdx = archive.requests_to("/cdx/")
    assert len(cdx) == 2 * EMBEDS
    # what each server saw, per second, stays within its own limit (one of slack for the
    # event loop's scheduling jitter at a window's edge)
    assert platform.max_in_window("/tweet-result", 1.0) <= SYNDICATION_PER_S + 1
    assert archive.max_in_window("/cdx/", 1.0) <= CDX_PER_S + 1
    # and the batch waited for the slower host rather than bursting
    assert elapsed >= (len(cdx) - 1) / CDX_PER_S - 0.1
