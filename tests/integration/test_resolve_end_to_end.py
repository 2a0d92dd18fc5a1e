"""End to end: ``Archive`` resolving embeds over real HTTP against a local server that speaks the
syndication endpoint, the Wayback CDX index and ``id_`` playback from recorded responses."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from embedarchive.archive.http import HostGate
from embedarchive.archive.resolver import Archive
from embedarchive.archive.sources.syndication import TwitterSyndication
from embedarchive.archive.sources.wayback import Wayback
from embedarchive.models import Embed, Platform, ResolutionStatus, VerificationStatus

try:
    from tests.integration.recordings import capture_body, cdx_json, cdx_row, memento_headers
    from tests.integration.servers import RecordedServer, Reply, Route, query_has
    from tests.shared import shared_path
except ImportError:  # pragma: no cover
    from integration.recordings import (  # type: ignore[no-redef]
        capture_body,
        cdx_json,
        cdx_row,
        memento_headers,
    )
    from integration.servers import (  # type: ignore[no-redef]
        RecordedServer,
        Reply,
        Route,
        query_has,
    )
    from shared import shared_path  # type: ignore[no-redef]

pytestmark = pytest.mark.network_local

LIVE_ID = "1703436713362870723"
CHIEF_ID = "1302847271688523778"
CHIEF_URL = f"https://twitter.com/ChiefScientist/status/{CHIEF_ID}"
CHIEF_TS = "20200907055304"
CHIEF_DIGEST = "3KQVYC56SMX4LL6QGQEZZGXMOVNZR2XX"
# The captured tweet as an article would quote it (curly apostrophes, one paragraph break).
CHIEF_QUOTE = (
    "I\u2019m probably out of my element, but I feel Jessica Krug, identity scientist, did "
    "something very cool which should be celebrated, not cancelled. So here\u2019s a question. "
    "I hope it\u2019s OK to ask.\nIf it\u2019s fine to move along the gender axis, why is it "
    "different along the race axis?"
)
JSON = {"Content-Type": "application/json"}


def _routes() -> list[Route]:
    live = shared_path(
        "fixtures", "embeds", f"syndication_tweet_result_{LIVE_ID}.json"
    ).read_bytes()
    tombstone = json.dumps(
        {"__typename": "TweetTombstone", "tombstone": {"text": {"text": "This Post was deleted"}}}
    ).encode()
    chief = cdx_row(CHIEF_URL, CHIEF_TS, CHIEF_DIGEST)
    return [
        Route("GET", "/tweet-result", Reply(200, JSON, live), query_has(id=LIVE_ID)),
        Route("GET", "/tweet-result", Reply(200, JSON, tombstone), query_has(id=CHIEF_ID)),
        Route(
            "GET",
            "/cdx/search/cdx",
            Reply(200, JSON, cdx_json([chief])),
            query_has(url=f"twitter.com/ChiefScientist/status/{CHIEF_ID}"),
        ),
        Route(
            "GET",
            "/cdx/search/cdx",
            Reply(200, JSON, cdx_json([chief])),
            query_has(url="twitter.com/ChiefScientist/status/"),
        ),
        Route("GET", "/cdx/search/cdx", Reply(200, JSON, b"[]")),
        Route(
            "GET",
            f"/web/{CHIEF_TS}id_/{CHIEF_URL}",
            Reply(200, memento_headers(CHIEF_TS, CHIEF_URL), capture_body(CHIEF_DIGEST)),
        ),
    ]


@pytest.fixture
def server() -> Iterator[RecordedServer]:
    with RecordedServer(_routes()) as running:
        yield running


def _archive(server: RecordedServer, path: Path) -> Archive:
    return Archive(
        path,
        sources=[
            TwitterSyndication(base_url=server.url),
            Wayback(base_url=server.url, availability_url=server.url),
        ],
        gate=HostGate(),
    )


def test_status_embeds_live_and_deleted(server: RecordedServer, tmp_path: Path) -> None:
    live = Embed(
        platform=Platform.TWITTER,
        start=0,
        end=1,
        url=f"https://twitter.com/rhaksw/status/{LIVE_ID}",
    )
    deleted = Embed(
        platform=Platform.TWITTER, start=2, end=3, url=f"https://x.com/ChiefScientist/status/{CHIEF_ID}",
        text=CHIEF_QUOTE,
    )  # fmt: skip
    with _archive(server, tmp_path / "a.sqlite3") as archive:
        first, second = archive.resolve_many([live, deleted], concurrency=2)
        assert first.status is ResolutionStatus.FOUND
        assert first.post is not None and first.post.author.handle == "rhaksw"
        assert [a.source for a in first.attempts] == ["store", "syndication"]

        assert second.status is ResolutionStatus.FOUND  # deleted, but the Wayback Machine kept it
        assert second.post is not None and second.post.id == CHIEF_ID
        assert second.post.provenance is not None
        assert second.post.provenance.source == "wayback"
        assert [(a.source, a.outcome) for a in second.attempts][1:] == [
            ("syndication", "tombstoned"),
            ("wayback", "found"),
        ]
        assert [c.datetime for c in second.captures] == [
            dt.datetime(2020, 9, 7, 5, 53, 4, tzinfo=dt.UTC)
        ]
        assert second.verification.status is VerificationStatus.MATCH

        asked = len(server.requests)
        again = archive.resolve_many([live, deleted])
        assert len(server.requests) == asked  # the store answered both
        assert [r.post for r in again] == [first.post, second.post]
        assert again[1].captures == second.captures


def test_text_embed_found_through_cdx_search_and_playback(
    server: RecordedServer, tmp_path: Path
) -> None:
    embed = Embed(
        platform=Platform.TWITTER,
        start=0,
        end=1,
        author_name="Alexy Khrabrov",
        handle="ChiefScientist",
        date=dt.date(2020, 9, 7),
        text=CHIEF_QUOTE,
    )
    with _archive(server, tmp_path / "b.sqlite3") as archive:
        result = archive.resolve(embed)
        assert result.status is ResolutionStatus.FOUND
        assert result.post is not None and result.post.id == CHIEF_ID
        assert result.verification.status is VerificationStatus.MATCH
        assert [(a.source, a.outcome) for a in result.attempts] == [
            ("store", "not_found"),
            ("syndication", "unsupported"),
            ("wayback", "found"),
        ]
        search = [r for r in server.requests_to("/cdx/") if r.query["url"][0].endswith("/status/")]
        assert search and all(r.query["matchType"] == ["prefix"] for r in search)
        assert [r.path for r in server.requests_to("/web/")] == [f"/web/{CHIEF_TS}id_/{CHIEF_URL}"]
        # the capture is now in the store, under the post it shows
        captures = archive.store.get_captures(Platform.TWITTER, CHIEF_ID)
        assert [c.original for c in captures] == [CHIEF_URL]
