"""The syndication source: token, parsing of real tweet-result payloads, outcome mapping."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import math
from fractions import Fraction
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from hypothesis import given, settings
from hypothesis import strategies as st

from embedarchive.archive.http import HostGate, HttpClient
from embedarchive.archive.sources.base import Lookup, PostQuery, Source, SourceResult
from embedarchive.archive.sources.syndication import (
    TwitterSyndication,
    _snowflake_time,
    js_number_to_radix,
    parse_tweet_result,
    syndication_token,
)
from embedarchive.errors import InputError, SourceError
from embedarchive.models import Platform

try:
    from tests.shared import shared_path
except ImportError:  # tests/ itself is the import root
    from shared import shared_path  # type: ignore[no-redef]

FETCHED = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
BASE = "https://cdn.syndication.twimg.com"
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def fixture(name: str) -> Any:
    return json.loads(shared_path("fixtures", "embeds", name).read_text(encoding="utf-8"))


def fixture_bytes(name: str) -> bytes:
    return Path(shared_path("fixtures", "embeds", name)).read_bytes()


# --- the token --------------------------------------------------------------------------------


def test_token_matches_every_published_vector() -> None:
    vectors = fixture("syndication_token_vectors.json")["vectors"]
    assert len(vectors) >= 6
    for vector in vectors:
        expected = vector.get("expected_token") or vector["port_token"]
        assert syndication_token(vector["id"]) == expected, vector["id"]
        value = float(int(vector["id"])) / 1e15 * math.pi
        assert js_number_to_radix(value) == vector["raw_toString36"]
        prefix = (vector.get("expected_raw_prefix") or "").split(" ")[0]
        assert js_number_to_radix(value).startswith(prefix)


def test_token_edge_cases() -> None:
    assert syndication_token("0") == ""  # "0" -> every zero removed
    assert js_number_to_radix(0.0) == "0"
    assert js_number_to_radix(35.0) == "z"
    assert js_number_to_radix(36.5) == "10.i"
    assert js_number_to_radix(0.5) == "0.i"
    with pytest.raises(InputError):
        syndication_token("12a")
    with pytest.raises(InputError):
        syndication_token("")
    with pytest.raises(InputError):
        js_number_to_radix(float("nan"))


def _half_ulp(value: float) -> Fraction:
    return max(
        Fraction(math.nextafter(value, math.inf) - value) / 2,
        Fraction(math.nextafter(0.0, 1.0)),
    )


def reference_to_radix36(value: float) -> str:
    """V8's digit generation done in exact rationals (no double rounding anywhere)."""
    exact = Fraction(value)
    integer = math.floor(exact)
    fraction = exact - integer
    delta = _half_ulp(value)
    digits: list[int] = []
    if fraction >= delta:
        while True:
            fraction *= 36
            delta *= 36
            digit = math.floor(fraction)
            digits.append(digit)
            fraction -= digit
            if (fraction > Fraction(1, 2) or (fraction == Fraction(1, 2) and digit % 2)) and (
                fraction + delta > 1
            ):
                while digits:
                    last = digits.pop() + 1
                    if last < 36:
                        digits.append(last)
                        break
                else:
                    integer += 1
                break
            if fraction < delta:
                break
    head = ""
    while True:
        integer, rem = divmod(integer, 36)
        head = DIGITS[rem] + head
        if integer == 0:
            break
    return head + ("." + "".join(DIGITS[d] for d in digits) if digits else "")


def radix36_value(text: str) -> Fraction:
    head, _, tail = text.partition(".")
    value = Fraction(int(head, 36))
    for place, char in enumerate(tail, start=1):
        value += Fraction(DIGITS.index(char), 36**place)
    return value


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="0123456789", min_size=1, max_size=20))
def test_token_never_raises_and_round_trips(post_id: str) -> None:
    token = syndication_token(post_id)
    assert "0" not in token
    assert "." not in token
    value = float(int(post_id)) / 1e15 * math.pi
    raw = js_number_to_radix(value)
    assert raw.replace("0", "").replace(".", "") == token
    if value >= 8:
        # the digits read back (exactly) to the very same double: round-trip output. Below 8
        # V8's double arithmetic itself rounds (ids from the first days of snowflakes), and
        # we copy V8, not the ideal.
        assert float(radix36_value(raw)) == value


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=2_600_000_000_000_000, max_value=10**20 - 1))
def test_token_matches_exact_reference_for_snowflake_ids(number: int) -> None:
    # From x >= 8 on, every double operation in V8's loop is exact, so the float port and the
    # rational reference must agree digit for digit.
    value = float(number) / 1e15 * math.pi
    assert value >= 8
    assert js_number_to_radix(value) == reference_to_radix36(value)
    assert float(radix36_value(js_number_to_radix(value))) == value
    assert syndication_token(str(number)) == reference_to_radix36(value).replace("0", "").replace(
        ".", ""
    )


def test_snowflake_time() -> None:
    # specs/embed_formats.md §4.4: this id's embed says data-datetime 2012-12-25T17:36:40
    assert _snowflake_time("283627332974047232") == dt.datetime(
        2012, 12, 25, 17, 36, 40, 379000, tzinfo=dt.UTC
    )
    assert _snowflake_time("20") is None  # pre-snowflake sequential id
    assert _snowflake_time("abc") is None


# --- parsing real payloads --------------------------------------------------------------------


def test_parse_photo_tweet() -> None:
    raw = fixture("syndication_tweet_result_1641086480675225601_photo.json")
    post = parse_tweet_result(raw, fetched_at=FETCHED, url="https://example.test/u")
    assert post.platform is Platform.TWITTER
    assert post.id == raw["id_str"]
    assert post.url == f"https://x.com/{raw['user']['screen_name']}/status/{raw['id_str']}"
    assert post.author.handle == raw["user"]["screen_name"]
    assert post.author.name == raw["user"]["name"]
    assert post.author.id == raw["user"]["id_str"]
    assert post.created_at == dt.datetime(2023, 3, 29, 14, 34, 41, tzinfo=dt.UTC)
    # the trailing media t.co link lies outside display_text_range
    assert post.text == raw["text"][: raw["display_text_range"][1]]
    assert "rQd6FIwZ0U" not in post.text
    assert post.lang == "en"
    assert [m.kind for m in post.media] == ["photo"]
    assert post.media[0].url == raw["mediaDetails"][0]["media_url_https"]
    assert (post.media[0].width, post.media[0].height) == (1995, 896)
    assert post.links == tuple(u["expanded_url"] for u in raw["entities"]["urls"])
    assert post.entities == raw["entities"]
    assert post.provenance is not None
    assert post.provenance.source == "syndication"
    assert post.provenance.url == "https://example.test/u"
    assert post.provenance.fetched_at == FETCHED


def test_parse_quoted_tweet() -> None:
    raw = fixture("syndication_tweet_result_1641895049427550208_quoted.json")
    post = parse_tweet_result(raw, fetched_at=FETCHED, url=None)
    assert post.quoted is not None
    assert post.quoted.id == raw["quoted_tweet"]["id_str"]
    assert post.quoted.author.handle == raw["quoted_tweet"]["user"]["screen_name"]
    assert post.quoted.media[0].kind == "photo"
    assert post.text == raw["text"]
    assert post.quoted.quoted is None


def test_parse_card_tweet_with_astral_emoji_uses_utf16_range() -> None:
    raw = fixture("syndication_tweet_result_1629262255744503809_card.json")
    # the range counts UTF-16 units: one more than the code points because of the emoji
    assert raw["display_text_range"][1] == len(raw["text"]) + 1
    post = parse_tweet_result(raw, fetched_at=FETCHED, url=None)
    assert post.text == raw["text"]
    assert post.text.endswith("https://t.co/fI2B6TT8rL")
    assert post.links == ("https://beta.reactjs.org/learn/tutorial-tic-tac-toe",)


def test_parse_data_wrapper() -> None:
    raw = fixture("syndication_tweet_result_1703436713362870723.json")
    assert set(raw) == {"data"}
    post = parse_tweet_result(raw, fetched_at=FETCHED, url=None, source="wayback")
    assert post.id == "1703436713362870723"
    assert post.text.endswith("1/2 🧵")
    assert post.provenance is not None
    assert post.provenance.source == "wayback"


def test_display_text_slices_before_unescaping_and_counts_utf16() -> None:
    text = "😀 a &amp; b &lt;3 https://t.co/xyz"
    cut = len("😀 a &amp; b &lt;3".encode("utf-16-le")) // 2
    raw = {
        "__typename": "Tweet",
        "id_str": "1453110110599868418",
        "text": text,
        "display_text_range": [0, cut],
        "user": {"screen_name": "h", "name": "N"},
        "in_reply_to_status_id_str": "1453110110599868417",
        "in_reply_to_screen_name": "parent",
    }
    post = parse_tweet_result(raw, fetched_at=FETCHED, url=None)
    assert post.text == "😀 a & b <3"
    assert post.in_reply_to == "1453110110599868417"
    assert post.in_reply_to_handle == "parent"
    # created_at falls back to the snowflake time
    assert post.created_at == _snowflake_time("1453110110599868418")


def test_video_media_picks_the_best_mp4() -> None:
    raw = {
        "id_str": "1453110110599868418",
        "text": "v",
        "user": {},
        "created_at": "Wed Oct 10 20:19:24 +0000 2018",
        "parent": {"id_str": "99", "user": {"screen_name": "p"}},
        "mediaDetails": [
            {
                "type": "video",
                "media_url_https": "https://pbs.test/poster.jpg",
                "ext_alt_text": "alt",
                "video_info": {
                    "variants": [
                        {"content_type": "application/x-mpegURL", "url": "https://v.test/a.m3u8"},
                        {
                            "bitrate": 256000,
                            "content_type": "video/mp4",
                            "url": "https://v.test/lo",
                        },
                        {
                            "bitrate": 832000,
                            "content_type": "video/mp4",
                            "url": "https://v.test/hi",
                        },
                    ]
                },
            },
            {"type": "animated_gif", "media_url_https": "https://pbs.test/g.jpg"},
            {"type": "photo"},
        ],
    }
    post = parse_tweet_result(raw, fetched_at=FETCHED, url=None)
    assert post.url == "https://x.com/i/web/status/1453110110599868418"
    assert post.created_at == dt.datetime(2018, 10, 10, 20, 19, 24, tzinfo=dt.UTC)
    assert (post.in_reply_to, post.in_reply_to_handle) == ("99", "p")
    video, gif = post.media
    assert (video.kind, video.url, video.preview_url, video.alt_text) == (
        "video",
        "https://v.test/hi",
        "https://pbs.test/poster.jpg",
        "alt",
    )
    assert (gif.kind, gif.url) == ("animated_gif", "https://pbs.test/g.jpg")


def test_parse_refuses_non_tweets() -> None:
    bodies = [
        c["body"]
        for c in fixture("syndication_non_tweet_responses.json")["cases"]
        if isinstance(c["body"], dict)
    ]
    assert len(bodies) >= 7
    for body in bodies:
        with pytest.raises(SourceError):
            parse_tweet_result(body, fetched_at=FETCHED, url=None)


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "id_str",
                        "text",
                        "user",
                        "display_text_range",
                        "mediaDetails",
                        "entities",
                        "quoted_tweet",
                        "created_at",
                        "__typename",
                        "data",
                    ]
                ),
                inner,
                max_size=6,
            )
        ),
        max_leaves=20,
    )
)
def test_parse_never_crashes_on_junk(payload: object) -> None:
    if not isinstance(payload, dict):
        payload = {"data": payload}
    try:
        post = parse_tweet_result(payload, fetched_at=FETCHED, url=None)
    except SourceError:
        return
    assert post.id


# --- the source against a mocked endpoint -----------------------------------------------------


def lookup(post_id: str = "1641086480675225601", **client_kwargs: Any) -> SourceResult:
    async def go() -> SourceResult:
        source = TwitterSyndication(now=lambda: FETCHED)
        client = HttpClient(
            allowed_hosts=source.hosts,
            gate=HostGate(),
            sleep=_no_sleep,
            **client_kwargs,
        )
        try:
            item = Lookup(Platform.TWITTER, post_id, f"https://x.com/i/status/{post_id}")
            return await source.lookup(item, client)
        finally:
            await client.aclose()

    return asyncio.run(go())


async def _no_sleep(_: float) -> None:
    return None


def route_for(post_id: str = "1641086480675225601") -> respx.Route:
    return respx.get(f"{BASE}/tweet-result", params={"id": post_id})


def test_source_protocol_and_hosts() -> None:
    source = TwitterSyndication()
    assert isinstance(source, Source)
    assert source.name == "syndication"
    assert source.hosts == frozenset({"cdn.syndication.twimg.com"})
    assert source.platforms == frozenset({Platform.TWITTER})
    assert TwitterSyndication("http://127.0.0.1:8080/").hosts == frozenset({"127.0.0.1"})
    with pytest.raises(ValueError, match="host"):
        TwitterSyndication("not a url")
    query = PostQuery(Platform.TWITTER, "h", FETCHED, FETCHED)
    client = HttpClient(allowed_hosts=source.hosts)
    result = asyncio.run(source.search(query, client))
    asyncio.run(client.aclose())
    assert result.outcome == "unsupported"


@respx.mock
def test_lookup_found_sends_token_and_keeps_the_payload() -> None:
    body = fixture_bytes("syndication_tweet_result_1641086480675225601_photo.json")
    route = route_for().mock(
        return_value=httpx.Response(200, content=body, headers={"content-type": "application/json"})
    )
    result = lookup()
    assert result.outcome == "found"
    assert result.post is not None
    assert result.post.id == "1641086480675225601"
    assert result.post.provenance is not None
    assert result.post.provenance.fetched_at == FETCHED
    sent = route.calls.last.request.url.params
    assert sent["token"] == syndication_token("1641086480675225601")
    assert sent["lang"] == "en"
    ((url, status, ctype, raw),) = result.payloads
    assert (status, ctype, raw) == (200, "application/json", body)
    assert url == result.url
    assert "token=" in url


@respx.mock
def test_lookup_quoted_and_wrapped() -> None:
    route_for("1641895049427550208").mock(
        return_value=httpx.Response(
            200, content=fixture_bytes("syndication_tweet_result_1641895049427550208_quoted.json")
        )
    )
    route_for("1703436713362870723").mock(
        return_value=httpx.Response(
            200, content=fixture_bytes("syndication_tweet_result_1703436713362870723.json")
        )
    )
    quoted = lookup("1641895049427550208")
    assert quoted.outcome == "found"
    assert quoted.post is not None
    assert quoted.post.quoted is not None
    wrapped = lookup("1703436713362870723")
    assert wrapped.outcome == "found"


@pytest.mark.parametrize("index", range(9))
def test_lookup_maps_every_recorded_non_tweet_answer(index: int) -> None:
    case = fixture("syndication_non_tweet_responses.json")["cases"][index]
    body = case["body"]
    with respx.mock:
        if isinstance(body, dict):
            response = httpx.Response(case["http"], json=body)
        else:
            response = httpx.Response(
                case["http"], text="<html>nope</html>", headers={"content-type": "text/html"}
            )
        route_for().mock(return_value=response)
        result = lookup()
    assert result.post is None
    assert len(result.payloads) == 1
    if isinstance(body, dict) and (
        body.get("__typename") == "TweetTombstone" or "tombstone" in body
    ):
        assert result.outcome == "tombstoned"
        text = (body.get("tombstone") or {}).get("text", {}).get("text")
        assert result.detail == (text or "TweetTombstone")
    elif isinstance(body, dict) and "errors" in body:
        assert result.outcome == "not_found"
        assert result.detail == body["errors"][0]["message"]
    else:
        assert result.outcome == "not_found"


@respx.mock
def test_lookup_429_is_unreachable_with_retry_after() -> None:
    route_for().mock(return_value=httpx.Response(429, headers={"Retry-After": "42"}))
    result = lookup()
    assert result.outcome == "unreachable"
    assert result.retry_after == pytest.approx(42, abs=1)


@respx.mock
def test_lookup_429_without_header_uses_policy_pause() -> None:
    route_for().mock(return_value=httpx.Response(429))
    result = lookup()
    assert result.outcome == "unreachable"
    assert result.retry_after == pytest.approx(60, abs=1)


@respx.mock
def test_lookup_500_after_retries_is_unreachable() -> None:
    route = route_for().mock(return_value=httpx.Response(500))
    result = lookup()
    assert result.outcome == "unreachable"
    assert result.detail == "HTTP 500"
    assert route.call_count == 3


@respx.mock
def test_lookup_other_status_and_bad_bodies_are_errors() -> None:
    route = route_for().mock(return_value=httpx.Response(403))
    assert lookup().outcome == "error"
    route.mock(return_value=httpx.Response(200, text="not json"))
    assert lookup().outcome == "error"
    route.mock(return_value=httpx.Response(200, json=[1, 2]))
    assert lookup().outcome == "error"
    route.mock(return_value=httpx.Response(200, json={"__typename": "Weird", "id_str": "1"}))
    assert lookup().outcome == "error"


@respx.mock
def test_lookup_connection_failure_is_unreachable() -> None:
    route_for().mock(side_effect=httpx.ConnectError("down"))
    result = lookup()
    assert result.outcome == "unreachable"
    assert result.payloads == ()


def test_lookup_offline_and_bad_ids() -> None:
    offline = lookup(offline=True)
    assert offline.outcome == "unreachable"
    assert "offline" in (offline.detail or "")
    assert lookup("12ab").outcome == "error"
    assert lookup("1" * 41).outcome == "error"
