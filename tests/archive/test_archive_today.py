"""archive.today TimeMap source and the link-format parser (cs895-f20 recorded TimeMaps)."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import httpx
import pytest
import respx
from hypothesis import given
from hypothesis import strategies as st

from embedarchive.archive.http import HostGate, HttpClient
from embedarchive.archive.sources.archive_today import (
    ArchiveToday,
    CoolDown,
    parse_link_format,
    timemap_captures,
)
from embedarchive.archive.sources.base import Lookup, PostQuery, Source, SourceResult
from embedarchive.models import Platform

try:
    from tests.integration.recordings import archive_file
except ImportError:  # pragma: no cover
    from integration.recordings import archive_file  # type: ignore[no-redef]

ITEM = Lookup(
    Platform.TWITTER,
    "1020522510494789632",
    "https://x.com/SputnikNewsUS/status/1020522510494789632",
    "SputnikNewsUS",
)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def _no_sleep(_: float) -> None:
    return None


def lookup_all(
    source: ArchiveToday, handler: Any, items: list[Lookup]
) -> tuple[list[SourceResult], list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        response: httpx.Response = handler(request)
        return response

    async def go() -> list[SourceResult]:
        with respx.mock(assert_all_called=False) as router:
            router.route(host="archive.ph").mock(side_effect=record)
            async with HttpClient(
                allowed_hosts=source.hosts, gate=HostGate(), sleep=_no_sleep
            ) as http:
                return [await source.lookup(item, http) for item in items]

    return asyncio.run(go()), seen


# ---------------------------------------------------------------------------------- link format


def test_archive_is_timemap() -> None:
    text = archive_file("cs895-f20", "archive_is_timemap_account.link").decode()
    links = parse_link_format(text)
    assert [sorted(link.rels) for link in links] == [
        ["original"],
        ["timegate"],
        ["first", "last", "memento"],
        ["self"],
    ]
    own = links[3]
    assert own.params["type"] == "application/link-format"
    assert own.params["until"] == "Sun, 31 May 2015 15:40:01 GMT"
    (capture,) = timemap_captures(text, archive="archive.today")
    assert capture.url == "http://archive.md/20150531154001/https://twitter.com/SputnikNewsUS"
    assert capture.original == "https://twitter.com/SputnikNewsUS"
    assert capture.datetime == dt.datetime(2015, 5, 31, 15, 40, 1, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    "name",
    [
        "ia_timemap_link_single_tweet.link",
        "ia_timemap_link_account_head10.link",
        "memgator_antifaTwit_timemap.link",
    ],
)
def test_ia_and_memgator_timemaps(name: str) -> None:
    text = archive_file("cs895-f20", name).decode()
    mementos = [link for link in parse_link_format(text) if link.is_memento]
    captures = timemap_captures(text, archive="any")
    assert len(captures) == len(mementos) == text.count('memento"')
    assert [c.datetime for c in captures] == sorted(c.datetime for c in captures)
    for capture in captures:
        # the 14-digit timestamp in each memento URI agrees with its datetime attribute
        assert capture.datetime.strftime("%Y%m%d%H%M%S") in capture.url


def test_link_format_quirks() -> None:
    text = (
        '<a>; rel="memento"; datetime="Sun, 31 May 2015 15:40:01 GMT" <b>;rel=original;x, <c>; rel'
    )
    links = parse_link_format(text)
    assert [link.uri for link in links] == ["a", "b", "c"]
    assert links[1].rels == frozenset({"original"})
    assert links[2].params == {"rel": ""}
    assert parse_link_format("no links at all") == []
    assert parse_link_format('<unterminated; rel="memento"') == []


@given(st.text(alphabet='<>;,="a memnto rl:/ 0123', max_size=300))
def test_link_format_never_raises(text: str) -> None:
    for link in parse_link_format(text):
        assert "<" not in link.uri


# ---------------------------------------------------------------------------------------- source


def test_is_a_read_only_source() -> None:
    source = ArchiveToday()
    assert isinstance(source, Source)
    assert source.hosts == frozenset({"archive.ph"})
    query = PostQuery(
        Platform.TWITTER,
        "a",
        dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
        dt.datetime(2020, 1, 2, tzinfo=dt.UTC),
    )

    async def go() -> SourceResult:
        async with HttpClient(allowed_hosts=source.hosts, gate=HostGate()) as http:
            return await source.search(query, http)

    assert asyncio.run(go()).outcome == "unsupported"


def test_lookup_returns_captures_only() -> None:
    body = archive_file("cs895-f20", "archive_is_timemap_account.link")
    source = ArchiveToday(cooldown=CoolDown(clock=Clock()))
    (result,), seen = lookup_all(
        source,
        lambda _: httpx.Response(
            200, headers={"Content-Type": "application/link-format"}, content=body
        ),
        [ITEM],
    )
    assert result.outcome == "found"
    assert result.post is None
    assert result.detail == "captures only"
    assert [c.archive for c in result.captures] == ["archive.today"]
    assert (
        result.captures[0].original
        == "https://twitter.com/SputnikNewsUS/status/1020522510494789632"
    )
    assert [r.url.path for r in seen] == [
        "/timemap/https://twitter.com/SputnikNewsUS/status/1020522510494789632"
    ]


def test_lookup_tries_x_com_when_twitter_com_has_no_timemap() -> None:
    source = ArchiveToday(cooldown=CoolDown(clock=Clock()))
    (result,), seen = lookup_all(source, lambda _: httpx.Response(404), [ITEM])
    assert result.outcome == "not_found"
    assert [r.url.path.split("/")[4] for r in seen] == ["twitter.com", "x.com"]
    no_timemap = httpx.Response(
        200, headers={"Content-Type": "text/plain"}, content=b"TimeMap does not exists"
    )
    (result,), _ = lookup_all(source, lambda _: no_timemap, [ITEM])
    assert result.outcome == "not_found"


@pytest.mark.parametrize("kind", ["captcha", "429"])
def test_captcha_or_429_stops_asking_for_a_while(kind: str) -> None:
    captcha = (
        b"<!DOCTYPE html><html><body><form id='captcha' action='/submit'>"
        b"<div class='g-recaptcha'></div>Please complete the CAPTCHA</form></body></html>"
    )
    response = (
        httpx.Response(200, headers={"Content-Type": "text/html"}, content=captcha)
        if kind == "captcha"
        else httpx.Response(429, content=b"Too Many Requests")
    )
    clock = Clock()
    cooldown = CoolDown(clock=clock)
    source = ArchiveToday(cooldown=cooldown, cooldown_seconds=600)
    other_instance = ArchiveToday(cooldown=cooldown)
    results, seen = lookup_all(source, lambda _: response, [ITEM, ITEM])
    assert [r.outcome for r in results] == ["unreachable", "unreachable"]
    assert len(seen) == 1  # the second call answered without a request
    assert results[1].retry_after == pytest.approx(600)
    (again,), seen_again = lookup_all(other_instance, lambda _: response, [ITEM])
    assert again.outcome == "unreachable"
    assert seen_again == []
    clock.now += 601
    assert cooldown.remaining("archive.ph") == 0


def test_lookup_needs_a_handle_and_twitter() -> None:
    source = ArchiveToday(cooldown=CoolDown(clock=Clock()))
    no_handle = Lookup(Platform.TWITTER, "1", "https://x.com/i/status/1")
    other = Lookup(Platform.BLUESKY, "3k", "https://bsky.app/profile/a/post/3k", "a")
    results, seen = lookup_all(source, lambda _: httpx.Response(500), [no_handle, other])
    assert [r.outcome for r in results] == ["unsupported", "unsupported"]
    assert seen == []


def test_server_errors_are_unreachable() -> None:
    source = ArchiveToday(cooldown=CoolDown(clock=Clock()))
    (result,), _ = lookup_all(source, lambda _: httpx.Response(503), [ITEM])
    assert result.outcome == "unreachable"


def test_mementos_with_unreadable_dates_are_left_out() -> None:
    # found by fuzzing: a datetime whose year overflows the C library raised OverflowError
    text = (
        '<https://twitter.com/a>; rel="original",\n'
        '<https://archive.ph/x1>; rel="memento"; datetime="Mon, 01 Jan 99999999999999999999 00:00:00 GMT",\n'
        '<https://archive.ph/x2>; rel="memento"; datetime="Fri, 31 Dec 9999 23:00:00 -0200",\n'
        '<https://archive.ph/x3>; rel="memento"; datetime="Tue, 01 Jul 2025 12:00:00 GMT"\n'
    )
    (capture,) = timemap_captures(text, archive="archive.today")
    assert capture.url == "https://archive.ph/x3"
