"""End to end: ``Wayback`` against a real local HTTP server speaking CDX (JSON + resume keys)
and ``id_`` playback from recorded captures, over the real ``HttpClient``."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Iterator
from urllib.parse import quote

import pytest

from embedarchive.archive.http import HostGate, HttpClient, HttpPolicy, RateLimit
from embedarchive.archive.sources.base import Lookup, PostQuery, SourceResult
from embedarchive.archive.sources.wayback import Wayback
from embedarchive.models import Platform

try:
    from tests.integration.recordings import (
        capture_body,
        cassette,
        cdx_json,
        cdx_row,
        memento_headers,
        store_rows,
    )
    from tests.integration.servers import RecordedServer, Reply, Route, query_has
except ImportError:  # pragma: no cover
    from integration.recordings import (  # type: ignore[no-redef]
        capture_body,
        cassette,
        cdx_json,
        cdx_row,
        memento_headers,
        store_rows,
    )
    from integration.servers import (  # type: ignore[no-redef]
        RecordedServer,
        Reply,
        Route,
        query_has,
    )

pytestmark = pytest.mark.network_local

CHIEF_ID = "1302847271688523778"
CHIEF_URL = f"https://twitter.com/ChiefScientist/status/{CHIEF_ID}"
JDEGOES_ID = "1170761943067631621"
JDEGOES_URL = f"https://twitter.com/jdegoes/status/{JDEGOES_ID}"
JDEGOES_DIGEST = "53SGIJNJMTP6S626CVRCHFTX3OEWXB3E"
# A timestamp for the jdegoes capture: its CDX row was not recorded, only its payload and digest.
JDEGOES_TS = "20190908190000"
RESUME = "com,twitter)/chiefscientist/status/1302847271688523778 20200907055304"


def _chief_rows() -> list[list[str]]:
    return [
        cdx_row(r.url, r.timestamp, r.digest, r.mimetype, r.status)
        for r in store_rows()
        if "/ChiefScientist/" in r.url
    ]


def _routes() -> list[Route]:
    chief = next(r for r in _chief_rows() if r[2] == CHIEF_URL)
    early = cdx_row(CHIEF_URL, "20200907050000", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
    wayback_302 = cassette("test_get_memento_raises_when_memento_is_outside_target_window")[0]
    moved = dict(wayback_302.headers)
    moved["Location"] = f"/web/{chief[1]}id_/{CHIEF_URL}"
    json_type = {"Content-Type": "application/json"}
    return [
        # lookup of a known id: two JSON pages joined by a resume key
        Route(
            "GET",
            "/cdx/search/cdx",
            Reply(200, json_type, cdx_json([early], resume_key=quote(RESUME, safe=""))),
            query_has(url=f"twitter.com/ChiefScientist/status/{CHIEF_ID}", resumeKey=None),
        ),
        Route(
            "GET",
            "/cdx/search/cdx",
            Reply(200, json_type, cdx_json([chief])),
            query_has(url=f"twitter.com/ChiefScientist/status/{CHIEF_ID}", resumeKey=RESUME),
        ),
        # the handle's whole status prefix, for the no-URL search
        Route(
            "GET",
            "/cdx/search/cdx",
            Reply(200, json_type, cdx_json(_chief_rows())),
            query_has(url="twitter.com/ChiefScientist/status/"),
        ),
        Route(
            "GET",
            "/cdx/search/cdx",
            Reply(200, json_type, cdx_json([cdx_row(JDEGOES_URL, JDEGOES_TS, JDEGOES_DIGEST)])),
            query_has(url=f"twitter.com/jdegoes/status/{JDEGOES_ID}"),
        ),
        Route("GET", "/cdx/search/cdx", Reply(200, json_type, b"[]")),
        # playback: a Wayback redirect (no Memento-Datetime) and two recorded captures
        Route("GET", f"/web/{early[1]}id_/", Reply(302, moved, b"")),
        Route(
            "GET",
            f"/web/{chief[1]}id_/{CHIEF_URL}",
            Reply(200, memento_headers(chief[1], CHIEF_URL), capture_body(chief[5])),
        ),
        Route(
            "GET",
            f"/web/{JDEGOES_TS}id_/{JDEGOES_URL}",
            Reply(200, memento_headers(JDEGOES_TS, JDEGOES_URL), capture_body(JDEGOES_DIGEST)),
        ),
    ]


@pytest.fixture
def server() -> Iterator[RecordedServer]:
    with RecordedServer(_routes()) as running:
        yield running


def _client(wayback: Wayback, policy: HttpPolicy | None = None) -> HttpClient:
    return HttpClient(allowed_hosts=wayback.hosts, policy=policy, gate=HostGate())


def test_lookup_end_to_end(server: RecordedServer) -> None:
    wayback = Wayback(server.url, availability_url=server.url)

    async def go() -> SourceResult:
        async with _client(wayback) as http:
            item = Lookup(
                Platform.TWITTER, CHIEF_ID, f"https://x.com/ChiefScientist/status/{CHIEF_ID}"
            )
            return await wayback.lookup(item, http)

    result = asyncio.run(go())
    assert result.outcome == "found"
    assert result.post is not None
    assert result.post.author.handle == "ChiefScientist"
    assert result.post.provenance is not None
    assert result.post.provenance.url.startswith(f"{server.url}/web/20200907055304/")
    assert len(result.captures) == 2
    cdx = server.requests_to("/cdx/")
    assert [r.query.get("resumeKey", [None])[0] for r in cdx[:2]] == [None, RESUME]
    assert cdx[-1].query["url"] == [f"mobile.twitter.com/ChiefScientist/status/{CHIEF_ID}"]
    playback = server.requests_to("/web/")
    assert len(playback) == 2  # the redirect was "not this capture", never followed
    assert all("id_/" in r.path for r in playback)
    assert result.detail is not None
    assert "found capture at" in result.detail


def test_lookup_of_a_thread_page(server: RecordedServer) -> None:
    wayback = Wayback(server.url, availability_url=server.url)

    async def go() -> SourceResult:
        async with _client(wayback) as http:
            return await wayback.lookup(
                Lookup(Platform.TWITTER, JDEGOES_ID, JDEGOES_URL, "jdegoes"), http
            )

    result = asyncio.run(go())
    assert result.outcome == "found"
    assert result.post is not None
    assert result.post.id == JDEGOES_ID
    assert result.post.author.name == "John A De Goes"
    assert result.payloads[0][3] == capture_body(JDEGOES_DIGEST)


def test_search_end_to_end(server: RecordedServer) -> None:
    wayback = Wayback(server.url, availability_url=server.url)
    query = PostQuery(
        Platform.TWITTER,
        "ChiefScientist",
        dt.datetime(2020, 9, 6, tzinfo=dt.UTC),
        dt.datetime(2020, 9, 8, tzinfo=dt.UTC),
        text="identity scientist",
    )

    async def go() -> SourceResult:
        async with _client(wayback) as http:
            return await wayback.search(query, http)

    result = asyncio.run(go())
    assert result.outcome == "found"
    assert [p.id for p in result.candidates] == [CHIEF_ID]
    assert result.candidates[0].text.startswith("I'm probably out of my element")
    search_cdx = [r for r in server.requests_to("/cdx/") if r.query["url"][0].endswith("/status/")]
    assert {r.query["url"][0] for r in search_cdx} == {
        "twitter.com/ChiefScientist/status/",
        "mobile.twitter.com/ChiefScientist/status/",
    }
    assert all(r.query["matchType"] == ["prefix"] for r in search_cdx)
    assert [r.path for r in server.requests_to("/web/")] == [f"/web/20200907055304id_/{CHIEF_URL}"]


def test_rate_limits_hold_at_the_server(server: RecordedServer) -> None:
    """Concurrent lookups through one client: the server never sees more than the policy allows."""
    cdx_per_second = 5
    policy = HttpPolicy(
        limits={
            "127.0.0.1/cdx": RateLimit(1, 1 / cdx_per_second),
            "127.0.0.1": RateLimit(1, 1 / 20),
        }
    )
    wayback = Wayback(server.url, availability_url=server.url)
    items = [
        Lookup(Platform.TWITTER, CHIEF_ID, CHIEF_URL, "ChiefScientist"),
        Lookup(Platform.TWITTER, JDEGOES_ID, JDEGOES_URL, "jdegoes"),
        Lookup(
            Platform.TWITTER,
            "1264635402788487171",
            "https://x.com/ScalaCoward/status/1264635402788487171",
            "ScalaCoward",
        ),
    ]

    async def go() -> list[SourceResult]:
        async with _client(wayback, policy) as http:
            return list(await asyncio.gather(*(wayback.lookup(i, http) for i in items)))

    started = time.monotonic()
    results = asyncio.run(go())
    elapsed = time.monotonic() - started
    assert [r.outcome for r in results] == ["found", "found", "not_found"]
    cdx_times = sorted(r.at for r in server.requests_to("/cdx/"))
    assert len(cdx_times) == 7  # 3 lookups x 2 hosts + 1 resume page
    # The bucket spaces reservations; sends can bunch only by event-loop jitter, so check
    # what the server saw over windows, and the span the queue of reservations implies.
    assert server.max_in_window("/cdx/", 1.0) <= cdx_per_second + 1
    assert cdx_times[-1] - cdx_times[0] >= (len(cdx_times) - 1) / cdx_per_second - 0.05
    assert elapsed >= (len(cdx_times) - 1) / cdx_per_second - 0.05
    assert server.max_in_window("/web/", 0.5) <= 0.5 * 20 + 1
    assert len(server.requests_to("/web/")) == 3
