"""Wayback source: CDX parsing, playback classification, lookups and the no-URL search, driven
by recorded Wayback responses (EDGI cassettes, cancel-culture captures, cs895-f20 CDX text)."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
import respx
from hypothesis import given
from hypothesis import strategies as st

from embedarchive.archive.http import HostGate, HttpClient, HttpResponse
from embedarchive.archive.sources.base import Lookup, PostQuery, Source, SourceResult
from embedarchive.archive.sources.wayback import (
    CdxRecord,
    Wayback,
    _id_regex,
    classify_playback,
    id_prefixes,
    parse_cdx,
    parse_cdx_timestamp,
    payload_digest,
)
from embedarchive.models import Platform

try:
    from tests.integration.recordings import (
        Recorded,
        archive_file,
        capture_body,
        cassette,
        cdx_json,
        cdx_row,
        memento_headers,
        store_rows,
    )
except ImportError:  # pragma: no cover
    from integration.recordings import (  # type: ignore[no-redef]
        Recorded,
        archive_file,
        capture_body,
        cassette,
        cdx_json,
        cdx_row,
        memento_headers,
        store_rows,
    )

BASE = "https://web.archive.org"
CHIEF_ID = "1302847271688523778"
CHIEF_URL = f"https://twitter.com/ChiefScientist/status/{CHIEF_ID}"


async def _no_sleep(_: float) -> None:
    return None


def run(factory: Callable[[], Coroutine[Any, Any, SourceResult]]) -> SourceResult:
    return asyncio.run(factory())


def http_client(wayback: Wayback, **kwargs: Any) -> HttpClient:
    return HttpClient(allowed_hosts=wayback.hosts, gate=HostGate(), sleep=_no_sleep, **kwargs)


def chief_row() -> list[str]:
    row = next(r for r in store_rows() if r.url == CHIEF_URL)
    return cdx_row(row.url, row.timestamp, row.digest, row.mimetype, row.status)


class FakeWayback:
    """A respx side effect: CDX pages by (url param, resumeKey) and playback by path."""

    def __init__(self) -> None:
        self.cdx: dict[tuple[str, str | None], tuple[int, dict[str, str], bytes]] = {}
        self.playback: dict[str, Recorded] = {}
        self.availability: bytes | None = None
        self.requests: list[httpx.Request] = []

    def add_cdx(
        self,
        url: str,
        body: bytes,
        *,
        resume: str | None = None,
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.cdx[(url, resume)] = (status, headers or {}, body)

    def add_memento(
        self,
        timestamp: str,
        original: str,
        body: bytes,
        *,
        content_type: str = "text/html",
        status: int = 200,
    ) -> None:
        headers = memento_headers(timestamp, original, content_type)
        self.playback[f"/web/{timestamp}id_/{original}"] = Recorded(status, headers, body)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = request.url.raw_path.decode()
        if path.startswith("/cdx/search/cdx"):
            params = dict(parse_qsl(urlsplit(str(request.url)).query))
            key = (params.get("url", ""), params.get("resumeKey"))
            status, headers, body = self.cdx.get(key, (200, {}, b"[]"))
            return httpx.Response(status, headers=headers, content=body)
        if path.startswith("/wayback/available"):
            return httpx.Response(200, content=self.availability or b'{"archived_snapshots": {}}')
        path = path.split("?", 1)[0] if "?" in path and path in self.playback else path
        recorded = self.playback.get(path)
        if recorded is None:
            hrm = cassette("test_get_memento_raises_no_memento_error")[0]
            return httpx.Response(hrm.status, headers=hrm.headers, content=hrm.body)
        return httpx.Response(recorded.status, headers=recorded.headers, content=recorded.body)

    def cdx_urls(self) -> list[str]:
        return [
            dict(parse_qsl(urlsplit(str(r.url)).query))["url"]
            for r in self.requests
            if r.url.path.startswith("/cdx/")
        ]

    def playback_paths(self) -> list[str]:
        return [r.url.raw_path.decode() for r in self.requests if r.url.path.startswith("/web/")]


def lookup(wayback: Wayback, fake: FakeWayback, item: Lookup, **client_kw: Any) -> SourceResult:
    async def go() -> SourceResult:
        with respx.mock(assert_all_called=False) as router:
            router.route(host="web.archive.org").mock(side_effect=fake)
            router.route(host="archive.org").mock(side_effect=fake)
            async with http_client(wayback, **client_kw) as http:
                return await wayback.lookup(item, http)

    return run(go)


def search(wayback: Wayback, fake: FakeWayback, query: PostQuery) -> SourceResult:
    async def go() -> SourceResult:
        with respx.mock(assert_all_called=False) as router:
            router.route(host="web.archive.org").mock(side_effect=fake)
            async with http_client(wayback) as http:
                return await wayback.search(query, http)

    return run(go)


def chief_lookup(handle: str | None = "ChiefScientist") -> Lookup:
    return Lookup(
        Platform.TWITTER, CHIEF_ID, f"https://x.com/ChiefScientist/status/{CHIEF_ID}", handle
    )


# ------------------------------------------------------------------------------------ CDX parsing


def test_cdx_text_recording_with_duplicates() -> None:
    body = cassette("test_search")[0].body
    assert len(body.decode().strip().splitlines()) == 3
    page = parse_cdx(body)
    assert len(page.records) == 1  # the server repeated one row three times
    record = page.records[0]
    assert record.original == "http://www.nasa.gov/"  # redundant :80 dropped
    assert record.statuscode == 200
    assert record.timestamp == dt.datetime(1996, 12, 31, 23, 58, 47, tzinfo=dt.UTC)
    assert page.resume_key is None


def test_cdx_revisits_have_no_status() -> None:
    page = parse_cdx(cassette("test_search_does_not_repeat_results")[0].body)
    revisits = [r for r in page.records if r.mimetype == "warc/revisit"]
    assert revisits
    assert all(r.statuscode is None for r in revisits)


def test_malformed_rows_are_skipped() -> None:
    page = parse_cdx(archive_file("edgi-wayback", "test_files", "malformed_cdx.txt"))
    assert page.skipped == 3
    assert page.records
    for record in page.records:
        assert "mailto" not in record.original
        assert "data:" not in record.original
        assert record.original.startswith("http")


def test_bad_timestamps_are_repaired() -> None:
    page = parse_cdx(archive_file("edgi-wayback", "test_files", "bad_timestamp_cdx.txt"))
    stamps = {r.timestamp for r in page.records}
    assert dt.datetime(2000, 1, 12, 17, 4, 49, tzinfo=dt.UTC) in stamps  # month 00
    assert dt.datetime(2000, 8, 2, 0, 16, 23, tzinfo=dt.UTC) in stamps  # day 00, hour 24
    assert page.skipped == 0


def test_zero_length_rows() -> None:
    page = parse_cdx(archive_file("edgi-wayback", "test_files", "zero_length_cdx.txt"))
    assert [r.length for r in page.records][-1] is None
    assert all(r.length for r in page.records[:-1])


def test_cdx_text_resume_key_is_decoded_once() -> None:
    pages = cassette("test_search_multipage")
    page = parse_cdx(pages[0].body)
    assert page.resume_key == "com,cnn)/ 2001041400593:"
    assert parse_cdx(pages[-1].body).records == ()


def test_twitter_cdx_text_politicians() -> None:
    page = parse_cdx(archive_file("cs895-f20", "DELtweets_cdx.txt"))
    redirects = [r for r in page.records if r.mimetype == "unk"]
    assert redirects
    assert all(r.statuscode == 301 and r.original.startswith("http://") for r in redirects)
    # Mike_Pence and mike_pence captures share one urlkey
    keys = {r.urlkey for r in page.records if "1314267486028787713" in r.original}
    originals = {r.original for r in page.records if "1314267486028787713" in r.original}
    assert len(keys) == 1
    assert len({o.lower() for o in originals}) < len(originals)


def test_json_captures_with_dash_status() -> None:
    page = parse_cdx(archive_file("cs895-f20", "ia_cdx_text_prefix_status_lines_head10.cdx"))
    json_rows = [r for r in page.records if r.mimetype == "application/json"]
    assert json_rows
    assert all(r.statuscode is None for r in json_rows)


@pytest.mark.parametrize("owner", ["cancel-culture", "wayback-rs"])
def test_cdx_json_follows_the_header_order(owner: str) -> None:
    body = archive_file(owner, "cdx-result.json")
    rows = json.loads(body)
    page = parse_cdx(body)
    assert len(page.records) == len(rows) - 1
    header = rows[0]
    first = dict(zip(header, rows[1], strict=True))
    assert page.records[0].original == first["original"]
    assert page.records[0].digest == first["digest"]
    assert page.records[0].statuscode == int(first["statuscode"])
    if "length" in header:
        assert page.records[0].length == int(first["length"])
    assert {r.statuscode for r in page.records} == {200, 302}


def test_cdx_json_resume_key_and_empty_shapes() -> None:
    body = cdx_json([chief_row()], resume_key="com%2Ctwitter%29%2Fchiefscientist+20200907055304")
    page = parse_cdx(body)
    assert len(page.records) == 1
    assert page.resume_key == "com,twitter)/chiefscientist 20200907055304"
    assert parse_cdx(b"[]").records == ()
    assert parse_cdx(b"").records == ()
    assert parse_cdx(b"[[1,2]]").skipped == 1
    assert parse_cdx(b"[not json").skipped == 1


def test_timestamp_parsing() -> None:
    assert parse_cdx_timestamp("2020") == dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    assert parse_cdx_timestamp("20200231000000") is None
    assert parse_cdx_timestamp("abc") is None


def test_digest_of_recorded_payloads() -> None:
    for digest in ("53SGIJNJMTP6S626CVRCHFTX3OEWXB3E", "3KQVYC56SMX4LL6QGQEZZGXMOVNZR2XX"):
        assert payload_digest(capture_body(digest)) == digest


@given(st.text(max_size=400))
def test_parse_cdx_never_raises(text: str) -> None:
    page = parse_cdx(text)
    assert page.skipped >= 0


# --------------------------------------------------------------------------- snowflake id window


@given(
    st.integers(min_value=10**17, max_value=10**19 * 2),
    st.integers(min_value=1, max_value=10**15),
)
def test_id_prefixes_cover_the_window_exactly(lo: int, width: int) -> None:
    hi = lo + width
    prefixes = id_prefixes(lo, hi)
    assert 0 < len(prefixes) <= 16
    regex = re.compile(_id_regex(prefixes))
    for probe in {lo, hi - 1, (lo + hi) // 2}:
        assert regex.fullmatch(f"https://twitter.com/a/status/{probe}")
    assert regex.fullmatch(f"https://twitter.com/a/status/{lo}?s=20")
    assert not regex.fullmatch(f"https://twitter.com/a/status/{hi - 1}0")
    covered = [(int(p) * 10**rest, (int(p) + 1) * 10**rest) for p, rest in prefixes]
    assert min(a for a, _ in covered) <= lo
    assert max(b for _, b in covered) >= hi


def test_id_prefixes_example() -> None:
    assert [p for p, _ in id_prefixes(1939800000000000000, 1940200000000000000)] == [
        "19398",
        "19399",
        "19400",
        "19401",
    ]
    assert id_prefixes(5, 5) == []


# ----------------------------------------------------------------------------------- playback


def as_response(recorded: Recorded, url: str = f"{BASE}/web/x") -> HttpResponse:
    return HttpResponse(url, recorded.status, httpx.Headers(recorded.headers), recorded.body)


def test_classify_recorded_playbacks() -> None:
    assert classify_playback(as_response(cassette("test_get_memento")[0])).kind == "memento"
    outside = classify_playback(
        as_response(cassette("test_get_memento_raises_when_memento_is_outside_target_window")[0])
    )
    assert outside.kind == "elsewhere"
    assert outside.detail == "found capture at 20171124151315"
    lower = cassette("test_get_memento_should_fail_for_non_playbackable_mementos")[0]
    assert classify_playback(as_response(lower)).kind == "elsewhere"
    archived_429 = classify_playback(
        as_response(cassette("test_get_memento_works_on_archived_rate_limit_responses")[0])
    )
    assert archived_429.kind == "memento"
    assert archived_429.status_code == 429
    hrm = cassette("test_get_memento_raises_no_memento_error")[0]
    assert classify_playback(as_response(hrm)).kind == "no_memento"
    excluded = cassette("test_get_memento_raises_blocked_error")[0]
    assert classify_playback(as_response(excluded)).kind == "blocked"
    unavailable = Recorded(503, {}, archive_file("issue-quoted", "wayback_503_no_server.html"))
    assert classify_playback(as_response(unavailable)).kind == "unavailable"
    mock = json.loads(archive_file("edgi-wayback", "manual_mock_wayback_429.json"))
    throttled = Recorded(429, mock["headers"], mock["text"].encode())
    assert classify_playback(as_response(throttled)).kind == "throttled"


# ------------------------------------------------------------------------------------- lookups


def test_wayback_is_a_source() -> None:
    wayback = Wayback()
    assert isinstance(wayback, Source)
    assert wayback.hosts == frozenset({"web.archive.org", "archive.org"})
    assert Wayback("http://127.0.0.1:8080", availability_url="http://127.0.0.1:8080").hosts == {
        "127.0.0.1"
    }


def test_lookup_finds_the_recorded_capture() -> None:
    fake = FakeWayback()
    row = chief_row()
    fake.add_cdx(f"twitter.com/ChiefScientist/status/{CHIEF_ID}", cdx_json([row]))
    fake.add_memento(row[1], CHIEF_URL, capture_body(row[5]))
    result = lookup(Wayback(), fake, chief_lookup())
    assert result.outcome == "found"
    assert result.post is not None
    assert result.post.id == CHIEF_ID
    assert result.post.author.handle == "ChiefScientist"
    assert result.post.provenance is not None
    assert result.post.provenance.source == "wayback"
    assert result.post.provenance.url == f"{BASE}/web/{row[1]}/{CHIEF_URL}"
    assert result.detail is None  # digest matched
    (capture,) = result.captures
    assert capture.archive == "wayback"
    assert capture.digest == row[5]
    assert capture.url == result.post.provenance.url
    assert result.payloads[0][0] == f"{BASE}/web/{row[1]}id_/{CHIEF_URL}"
    assert fake.cdx_urls() == [
        f"twitter.com/ChiefScientist/status/{CHIEF_ID}",
        f"mobile.twitter.com/ChiefScientist/status/{CHIEF_ID}",
    ]
    query = dict(parse_qsl(urlsplit(str(fake.requests[0].url)).query))
    assert query["matchType"] == "prefix"
    assert query["output"] == "json"
    assert re.fullmatch(query["filter"].removeprefix("original:"), CHIEF_URL)
    assert not re.fullmatch(query["filter"].removeprefix("original:"), CHIEF_URL + "1")
    assert all("id_/" in p for p in fake.playback_paths())


def test_lookup_handle_from_the_url_and_never_x_com_alone() -> None:
    fake = FakeWayback()
    result = lookup(Wayback(), fake, chief_lookup(handle=None))
    assert result.outcome == "not_found"
    assert fake.cdx_urls()
    assert all(u.split("/")[0] in ("twitter.com", "mobile.twitter.com") for u in fake.cdx_urls())


def test_lookup_skips_redirects_and_archived_429_then_parses() -> None:
    fake = FakeWayback()
    row = chief_row()
    early = cdx_row(CHIEF_URL, "20200907050000", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
    throttled = cdx_row(CHIEF_URL, "20200907051000", "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB")
    fake.add_cdx(f"twitter.com/ChiefScientist/status/{CHIEF_ID}", cdx_json([early, throttled, row]))
    outside = cassette("test_get_memento_raises_when_memento_is_outside_target_window")[0]
    fake.playback[f"/web/{early[1]}id_/{CHIEF_URL}"] = outside
    archived_429 = cassette("test_get_memento_works_on_archived_rate_limit_responses")[0]
    fake.playback[f"/web/{throttled[1]}id_/{CHIEF_URL}"] = archived_429
    fake.add_memento(row[1], CHIEF_URL, capture_body(row[5]))
    result = lookup(Wayback(), fake, chief_lookup())
    assert result.outcome == "found"
    assert result.post is not None
    assert result.post.provenance is not None
    assert row[1] in result.post.provenance.url
    assert result.detail is not None
    assert "no memento" in result.detail
    assert "archived status 429" in result.detail
    assert len(result.captures) == 3
    assert len(fake.playback_paths()) == 3


def test_lookup_only_archived_404_is_tombstoned() -> None:
    fake = FakeWayback()
    gone = cdx_row(CHIEF_URL, "20210101000000", "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC", status="404")
    fake.add_cdx(f"twitter.com/ChiefScientist/status/{CHIEF_ID}", cdx_json([gone]))
    result = lookup(Wayback(), fake, chief_lookup())
    assert result.outcome == "tombstoned"
    assert result.detail is not None
    assert "archived 404 at 20210101000000" in result.detail
    assert fake.playback_paths() == []  # the CDX row is the evidence; no fetch needed
    assert result.captures[0].status_code == 404


def test_lookup_archived_404_memento_is_evidence_not_a_post() -> None:
    fake = FakeWayback()
    row = cdx_row(CHIEF_URL, "20210101000000", "DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD", status="-")
    fake.add_cdx(f"twitter.com/ChiefScientist/status/{CHIEF_ID}", cdx_json([row]))
    fake.add_memento(
        row[1], CHIEF_URL, capture_body("3KQVYC56SMX4LL6QGQEZZGXMOVNZR2XX"), status=404
    )
    result = lookup(Wayback(), fake, chief_lookup())
    assert result.outcome == "tombstoned"
    assert result.post is None


def test_lookup_archived_twitter_redirect_names_the_target() -> None:
    fake = FakeWayback()
    row = cdx_row(CHIEF_URL, "20200907055300", "EEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEE", status="302")
    fake.add_cdx(f"twitter.com/ChiefScientist/status/{CHIEF_ID}", cdx_json([row]))
    fake.add_memento(
        row[1],
        CHIEF_URL,
        archive_file("cancel-culture", "twitter_302_redirect_body.html"),
        status=302,
    )
    result = lookup(Wayback(), fake, chief_lookup())
    assert result.outcome == "not_found"
    assert result.detail is not None
    assert "archived redirect to https://twitter.com/brithume/status/" in result.detail


def test_lookup_digest_mismatch_is_noted_but_used() -> None:
    fake = FakeWayback()
    row = chief_row()
    row[5] = "ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ"
    fake.add_cdx(f"twitter.com/ChiefScientist/status/{CHIEF_ID}", cdx_json([row]))
    fake.add_memento(row[1], CHIEF_URL, capture_body("3KQVYC56SMX4LL6QGQEZZGXMOVNZR2XX"))
    result = lookup(Wayback(), fake, chief_lookup())
    assert result.outcome == "found"
    assert result.detail is not None
    assert "digest differs" in result.detail


def test_lookup_blocked_cdx_is_an_error() -> None:
    fake = FakeWayback()
    blocked = cassette("test_search_raises_for_blocked_urls")[0]
    fake.add_cdx(
        f"twitter.com/ChiefScientist/status/{CHIEF_ID}",
        blocked.body,
        status=blocked.status,
        headers=blocked.headers,
    )
    result = lookup(Wayback(), fake, chief_lookup())
    assert result.outcome == "error"
    assert result.detail is not None
    assert "Blocked Site Error" in result.detail
    assert len(fake.cdx_urls()) == 1  # no point asking the mobile host


def test_lookup_excluded_playback_is_an_error() -> None:
    fake = FakeWayback()
    row = chief_row()
    fake.add_cdx(f"twitter.com/ChiefScientist/status/{CHIEF_ID}", cdx_json([row]))
    fake.playback[f"/web/{row[1]}id_/{CHIEF_URL}"] = cassette(
        "test_get_memento_raises_blocked_error"
    )[0]
    result = lookup(Wayback(), fake, chief_lookup())
    assert result.outcome == "error"
    assert result.detail is not None
    assert "excluded" in result.detail


def test_lookup_cdx_429_pauses_the_host() -> None:
    mock = json.loads(archive_file("edgi-wayback", "manual_mock_wayback_429.json"))
    fake = FakeWayback()
    fake.add_cdx(
        f"twitter.com/ChiefScientist/status/{CHIEF_ID}",
        mock["text"].encode(),
        status=429,
        headers=mock["headers"],
    )
    wayback = Wayback()
    gate = HostGate()

    async def go() -> tuple[SourceResult, SourceResult]:
        with respx.mock(assert_all_called=False) as router:
            router.route(host="web.archive.org").mock(side_effect=fake)
            async with HttpClient(allowed_hosts=wayback.hosts, gate=gate, sleep=_no_sleep) as http:
                first = await wayback.lookup(chief_lookup(), http)
                second = await wayback.lookup(chief_lookup(), http)
                return first, second

    first, second = asyncio.run(go())
    assert first.outcome == "unreachable"
    assert first.retry_after == 10.0  # the Retry-After of the recorded mock
    assert gate.paused_for("web.archive.org") > 0
    assert second.outcome == "unreachable"
    assert second.retry_after is not None
    assert len(fake.requests) == 1  # the paused host was not asked again


def test_lookup_playback_503_is_unreachable() -> None:
    fake = FakeWayback()
    row = chief_row()
    fake.add_cdx(f"twitter.com/ChiefScientist/status/{CHIEF_ID}", cdx_json([row]))
    body = archive_file("issue-quoted", "wayback_503_no_server.html")
    fake.playback[f"/web/{row[1]}id_/{CHIEF_URL}"] = Recorded(
        503, {"Content-Type": "text/html"}, body
    )
    result = lookup(Wayback(), fake, chief_lookup())
    assert result.outcome == "unreachable"
    assert len(result.captures) == 1


def test_lookup_offline_is_unreachable() -> None:
    fake = FakeWayback()
    result = lookup(Wayback(), fake, chief_lookup(), offline=True)
    assert result.outcome == "unreachable"
    assert fake.requests == []


def test_lookup_follows_cdx_resume_keys() -> None:
    rows = json.loads(archive_file("cancel-culture", "cdx-result.json"))
    header, body_rows = rows[0], rows[1:]
    wayback = Wayback(cdx_page_size=10)
    first_half, second_half = body_rows[:10], body_rows[10:]
    key = "com%2Ctwitter%29%2Fscalacoward%2Fstatus%2F1268849129834328065+20200605102035"
    fake = FakeWayback()
    fake.add_cdx(
        "twitter.com/ScalaCoward/status/", cdx_json(first_half, header=header, resume_key=key)
    )
    fake.add_cdx(
        "twitter.com/ScalaCoward/status/",
        cdx_json(second_half, header=header),
        resume="com,twitter)/scalacoward/status/1268849129834328065 20200605102035",
    )

    async def go() -> Any:
        with respx.mock(assert_all_called=False) as router:
            router.route(host="web.archive.org").mock(side_effect=fake)
            async with http_client(wayback) as http:
                return await wayback.query_cdx(http, [("url", "twitter.com/ScalaCoward/status/")])

    result = asyncio.run(go())
    assert result.failure is None
    assert result.pages == 2
    assert len(result.records) == len(body_rows)
    assert isinstance(result.records[0], CdxRecord)


def test_query_cdx_over_the_recorded_multipage_sequence() -> None:
    pages = cassette("test_search_multipage")
    fake = FakeWayback()
    key: str | None = None
    for page in pages:
        fake.add_cdx("cnn.com", page.body, resume=key)
        key = parse_cdx(page.body).resume_key
    wayback = Wayback(cdx_max_pages=20)

    async def go() -> Any:
        with respx.mock(assert_all_called=False) as router:
            router.route(host="web.archive.org").mock(side_effect=fake)
            async with http_client(wayback) as http:
                return await wayback.query_cdx(http, [("url", "cnn.com")])

    result = asyncio.run(go())
    assert result.pages == len(pages)
    expected = {r for p in pages for r in parse_cdx(p.body).records}
    assert set(result.records) == expected


def test_lookup_without_handle() -> None:
    fake = FakeWayback()
    item = Lookup(Platform.TWITTER, CHIEF_ID, f"https://x.com/i/web/status/{CHIEF_ID}")
    assert lookup(Wayback(), fake, item).outcome == "unsupported"
    assert fake.requests == []
    # with the Availability API: the empty answer proves nothing
    fake.availability = archive_file("issue-quoted", "availability_empty_with_timestamp.json")
    assert lookup(Wayback(use_availability=True), fake, item).outcome == "unsupported"
    # a found answer (latimes shape from internetarchive/wayback#210) for the i/status form
    found = json.loads(archive_file("issue-quoted", "availability_found_latimes.json"))
    original = f"https://twitter.com/i/status/{CHIEF_ID}"
    found["archived_snapshots"]["closest"]["url"] = (
        f"http://web.archive.org/web/20200907055304/{original}"
    )
    found["archived_snapshots"]["closest"]["timestamp"] = "20200907055304"
    fake.availability = json.dumps(found).encode()
    fake.add_memento("20200907055304", original, capture_body("3KQVYC56SMX4LL6QGQEZZGXMOVNZR2XX"))
    result = lookup(Wayback(use_availability=True), fake, item)
    assert result.outcome == "found"
    assert result.post is not None
    assert result.post.author.handle == "ChiefScientist"
    availability = [r for r in fake.requests if r.url.host == "archive.org"][-1]
    assert availability.url.params["url"] == f"twitter.com/i/status/{CHIEF_ID}"
    assert availability.url.params["timestamp"] == "20200907"


def test_availability_first_check_skips_cdx_when_it_answers() -> None:
    fake = FakeWayback()
    closest = {
        "available": True,
        "status": "200",
        "timestamp": "20200907055304",
        "url": f"http://web.archive.org/web/20200907055304/{CHIEF_URL}",
    }
    fake.availability = json.dumps({"archived_snapshots": {"closest": closest}}).encode()
    fake.add_memento("20200907055304", CHIEF_URL, capture_body("3KQVYC56SMX4LL6QGQEZZGXMOVNZR2XX"))
    result = lookup(Wayback(use_availability=True), fake, chief_lookup())
    assert result.outcome == "found"
    assert fake.cdx_urls() == []


def test_lookup_rejects_other_platforms() -> None:
    fake = FakeWayback()
    item = Lookup(Platform.BLUESKY, "3k", "https://bsky.app/profile/a/post/3k", "a")
    assert lookup(Wayback(), fake, item).outcome == "unsupported"


# ---------------------------------------------------------------------------------- no-URL search


def chief_query(day: int = 7) -> PostQuery:
    return PostQuery(
        Platform.TWITTER,
        "ChiefScientist",
        dt.datetime(2020, 9, day - 1, tzinfo=dt.UTC),
        dt.datetime(2020, 9, day + 1, tzinfo=dt.UTC),
        text="identity scientist",
    )


def chief_listing() -> bytes:
    rows = [
        cdx_row(r.url, r.timestamp, r.digest, r.mimetype, r.status)
        for r in store_rows()
        if "/ChiefScientist/" in r.url
    ]
    assert len(rows) == 2
    return cdx_json(rows)


def test_search_returns_in_window_candidates() -> None:
    fake = FakeWayback()
    fake.add_cdx("twitter.com/ChiefScientist/status/", chief_listing())
    row = chief_row()
    fake.add_memento(row[1], CHIEF_URL, capture_body(row[5]))
    result = search(Wayback(), fake, chief_query())
    assert result.outcome == "found"
    assert [p.id for p in result.candidates] == [CHIEF_ID]
    assert result.post is None
    assert result.captures
    # the out-of-window post (1304565662661001216, 2020-09-11) was never fetched
    assert all("1304565662661001216" not in p for p in fake.playback_paths())
    query = parse_qsl(urlsplit(str(fake.requests[0].url)).query)
    filters = [v for k, v in query if k == "filter"]
    assert "!statuscode:[45].." in filters
    id_filter = next(f for f in filters if f.startswith("original:")).removeprefix("original:")
    assert re.fullmatch(id_filter, CHIEF_URL)
    assert not re.fullmatch(
        id_filter, "https://twitter.com/ChiefScientist/status/1304565662661001216"
    )
    assert dict(query)["from"] == "20200906000000"
    assert set(fake.cdx_urls()) == {
        "twitter.com/ChiefScientist/status/",
        "mobile.twitter.com/ChiefScientist/status/",
    }


def test_search_window_without_captures() -> None:
    fake = FakeWayback()
    fake.add_cdx("twitter.com/ChiefScientist/status/", chief_listing())
    result = search(Wayback(), fake, chief_query(day=20))
    assert result.outcome == "not_found"
    assert fake.playback_paths() == []


def test_search_caps_fetches_and_reports_it() -> None:
    fake = FakeWayback()
    base = int(CHIEF_ID)
    rows = [
        cdx_row(
            f"https://twitter.com/ChiefScientist/status/{base + i}", "20200907060000", f"{i:032d}"
        )
        for i in range(1, 4)
    ]
    fake.add_cdx("twitter.com/ChiefScientist/status/", cdx_json(rows))
    result = search(Wayback(max_candidates=2), fake, chief_query())
    assert result.outcome == "not_found"  # their captures are not archived here (Hrm pages)
    assert len(fake.playback_paths()) == 2
    assert result.detail is not None
    assert "fetched the first 2" in result.detail


def test_search_blocked_and_unsupported() -> None:
    fake = FakeWayback()
    blocked = cassette("test_search_raises_for_blocked_urls")[0]
    fake.add_cdx(
        "twitter.com/ChiefScientist/status/", blocked.body, status=403, headers=blocked.headers
    )
    assert search(Wayback(), fake, chief_query()).outcome == "error"
    old = PostQuery(
        Platform.TWITTER,
        "a",
        dt.datetime(2009, 1, 1, tzinfo=dt.UTC),
        dt.datetime(2009, 1, 2, tzinfo=dt.UTC),
    )
    assert search(Wayback(), FakeWayback(), old).outcome == "unsupported"
