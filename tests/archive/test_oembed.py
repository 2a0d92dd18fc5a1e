"""oEmbed sources on real recorded answers: Twitter/X, Bluesky, Mastodon, TikTok, YouTube."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
from typing import Any

import httpx
import pytest
import respx
from hypothesis import given, settings
from hypothesis import strategies as st

from embedarchive.archive.http import HostGate, HttpClient
from embedarchive.archive.sources.base import Lookup, PostQuery, Source, SourceResult
from embedarchive.archive.sources.oembed import OEmbed, TwitterOEmbed, parse_oembed
from embedarchive.models import Platform

try:
    from tests.shared import shared_path
except ImportError:  # tests/ itself is the import root
    from shared import shared_path  # type: ignore[no-redef]

FETCHED = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
TWITTER_FIXTURES = [
    "twitter_oembed_pre2017_spf13.json",
    "twitter_oembed_2016_sengineland_dnt_width500.json",
    "twitter_oembed_2018_wordpress_dnt_width500.json",
    "twitter_oembed_2021_spf13.json",
    "twitter_oembed_2021_sandiegozoo.json",
    "twitter_oembed_2026_openai_provider_X.json",
]


def fixture_text(name: str) -> str:
    return shared_path("fixtures", "embeds", name).read_text(encoding="utf-8")


def fixture(name: str) -> Any:
    return json.loads(fixture_text(name))


def status_id(url: str) -> str:
    match = re.search(r"/status/(\d+)", url)
    assert match is not None
    return match.group(1)


async def _no_sleep(_: float) -> None:
    return None


def run_lookup(source: OEmbed, item: Lookup, **client_kwargs: Any) -> SourceResult:
    async def go() -> SourceResult:
        client = HttpClient(
            allowed_hosts=source.hosts, gate=HostGate(), sleep=_no_sleep, **client_kwargs
        )
        try:
            return await source.lookup(item, client)
        finally:
            await client.aclose()

    return asyncio.run(go())


# --- Twitter/X --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", TWITTER_FIXTURES)
def test_twitter_fixture_parses_to_a_post(name: str) -> None:
    data = fixture(name)
    post_id = status_id(data["url"])
    post = parse_oembed(
        data,
        platform=Platform.TWITTER,
        post_id=post_id,
        url=data["url"],
        fetched_at=FETCHED,
        source="oembed-twitter",
    )
    handle = data["author_url"].rstrip("/").rsplit("/", 1)[1]
    assert post.id == post_id
    assert post.url == f"https://x.com/{handle}/status/{post_id}"
    assert post.author.name == data["author_name"]
    assert post.author.handle == handle
    assert post.lang == "en"
    # time from the snowflake id; its UTC date is the date line's date (embed_formats.md §4.4)
    assert post.created_at is not None
    date_line = re.search(r"<a [^>]*>([A-Z][a-z]+ \d{1,2}, \d{4})</a></blockquote>", data["html"])
    assert date_line is not None
    assert post.created_at.date() == dt.datetime.strptime(date_line.group(1), "%B %d, %Y").date()
    # the text is the <p>: no attribution, no date, no markup
    assert post.text
    assert "&mdash;" not in post.text
    assert "—" not in post.text
    assert "<" not in post.text
    assert date_line.group(1) not in post.text
    assert all(link.startswith("https://t.co/") for link in post.links)
    assert post.provenance is not None
    assert post.provenance.source == "oembed-twitter"


def test_twitter_text_details() -> None:
    zoo = fixture("twitter_oembed_2021_sandiegozoo.json")
    post = parse_oembed(
        zoo,
        platform=Platform.TWITTER,
        post_id="1453110110599868418",
        url="u",
        fetched_at=FETCHED,
        source="s",
    )
    assert post.text == "Owl bet you'll lose this staring contest 🦉 pic.twitter.com/eJh4f2zncC"
    assert post.links == ("https://t.co/eJh4f2zncC",)
    openai = fixture("twitter_oembed_2026_openai_provider_X.json")
    post = parse_oembed(
        openai,
        platform=Platform.TWITTER,
        post_id="2102808325742322002",
        url="u",
        fetched_at=FETCHED,
        source="s",
    )
    assert post.text.startswith("We heard you loud and clear. ChatGPT Voice can now:\n\n- Use")
    assert "complex tasks in… pic.twitter.com/zRjjCMxpuW" in post.text
    spf13 = fixture("twitter_oembed_2021_spf13.json")
    post = parse_oembed(
        spf13,
        platform=Platform.TWITTER,
        post_id="666616452582129664",
        url="u",
        fetched_at=FETCHED,
        source="s",
    )
    assert "#gohugo #golang" in post.text
    assert post.links == ("https://t.co/FfzhM8bNhT", "https://t.co/ITbMNU2BUf")


@respx.mock
def test_twitter_lookup_found() -> None:
    data = fixture("twitter_oembed_2026_openai_provider_X.json")
    route = respx.get("https://publish.x.com/oembed").mock(
        return_value=httpx.Response(200, json=data)
    )
    source = TwitterOEmbed(now=lambda: FETCHED)
    item = Lookup(Platform.TWITTER, "2102808325742322002", data["url"], handle="OpenAI")
    result = run_lookup(source, item)
    assert result.outcome == "found"
    assert result.post is not None
    assert result.post.author.handle == "OpenAI"
    assert result.post.provenance is not None
    assert result.post.provenance.fetched_at == FETCHED
    params = route.calls.last.request.url.params
    assert params["url"] == "https://x.com/OpenAI/status/2102808325742322002"
    assert (params["omit_script"], params["dnt"]) == ("1", "true")
    assert result.payloads[0][1] == 200


@pytest.mark.parametrize(
    ("status", "body", "outcome", "detail"),
    [
        (404, None, "not_found", "HTTP 404"),
        (
            403,
            {"error": "Sorry, you are not authorized to see this status."},
            "tombstoned",
            "HTTP 403: Sorry, you are not authorized to see this status.",
        ),
        (
            400,
            {"errors": [{"code": 357, "message": "url: queryParam is required"}]},
            "unreachable",
            "HTTP 400: url: queryParam is required",
        ),
        (500, None, "unreachable", "HTTP 500"),
        (429, None, "unreachable", "HTTP 429"),
    ],
)
def test_twitter_lookup_statuses(
    status: int, body: dict[str, Any] | None, outcome: str, detail: str
) -> None:
    with respx.mock:
        response = (
            httpx.Response(status, json=body)
            if body is not None
            else httpx.Response(status, text="<html/>", headers={"content-type": "text/html"})
        )
        respx.get("https://publish.x.com/oembed").mock(return_value=response)
        result = run_lookup(
            TwitterOEmbed(), Lookup(Platform.TWITTER, "20", "https://twitter.com/jack/status/20")
        )
    assert (result.outcome, result.detail) == (outcome, detail)
    assert result.post is None
    if status == 429:
        assert result.retry_after == pytest.approx(60, abs=1)


@respx.mock
def test_twitter_lookup_bad_bodies_and_failures() -> None:
    route = respx.get("https://example.test/oembed").mock(
        return_value=httpx.Response(200, text="nope")
    )
    source = TwitterOEmbed("https://example.test/")
    assert source.hosts == frozenset({"example.test"})
    item = Lookup(Platform.TWITTER, "20", "https://twitter.com/jack/status/20")
    assert run_lookup(source, item).outcome == "error"
    route.mock(return_value=httpx.Response(200, json=["x"]))
    assert run_lookup(source, item).outcome == "error"
    route.mock(side_effect=httpx.ConnectError("down"))
    assert run_lookup(source, item).outcome == "unreachable"
    assert run_lookup(source, item, offline=True).outcome == "unreachable"
    wrong = Lookup(Platform.BLUESKY, "x", "https://bsky.app/profile/a/post/x")
    assert run_lookup(source, wrong).outcome == "unsupported"


def test_sources_follow_the_protocol() -> None:
    sources = [
        TwitterOEmbed(),
        OEmbed.bluesky(),
        OEmbed.mastodon("mastodon.social"),
        OEmbed.tiktok(),
        OEmbed.youtube(),
    ]
    hosts = [next(iter(s.hosts)) for s in sources]
    assert hosts == [
        "publish.x.com",
        "embed.bsky.app",
        "mastodon.social",
        "www.tiktok.com",
        "www.youtube.com",
    ]
    assert len({s.name for s in sources}) == len(sources)
    query = PostQuery(Platform.TWITTER, "h", FETCHED, FETCHED)
    for source in sources:
        assert isinstance(source, Source)
        client = HttpClient(allowed_hosts=source.hosts)
        assert asyncio.run(source.search(query, client)).outcome == "unsupported"
        asyncio.run(client.aclose())
    with pytest.raises(ValueError, match="host"):
        OEmbed(name="x", platform=Platform.YOUTUBE, endpoint="/relative")


# --- the other platforms ----------------------------------------------------------------------


def bluesky_oembed_answer() -> dict[str, Any]:
    """The oEmbed server's (B) markup from the fixture, in the JSON its handler returns."""
    page = fixture_text("bluesky_embeds.html")
    match = re.search(r'<blockquote class="bluesky-embed" data-bluesky-cid=.*?</blockquote>', page)
    assert match is not None
    return {
        "type": "rich",
        "version": "1.0",
        "author_name": "Mark Riedl (@markriedl.bsky.social)",
        "author_url": "https://bsky.app/profile/did:plc:3igkkqe5nkm66olc4y2syzpy",
        "provider_name": "Bluesky Social",
        "provider_url": "https://bsky.app",
        "cache_age": 86400,
        "width": 600,
        "height": None,
        "html": match.group(0),
    }


@respx.mock
def test_bluesky_lookup() -> None:
    route = respx.get("https://embed.bsky.app/oembed").mock(
        return_value=httpx.Response(200, json=bluesky_oembed_answer())
    )
    url = "https://bsky.app/profile/did:plc:3igkkqe5nkm66olc4y2syzpy/post/3lzf2jq4bck2t"
    result = run_lookup(OEmbed.bluesky(), Lookup(Platform.BLUESKY, "3lzf2jq4bck2t", url))
    assert result.outcome == "found"
    post = result.post
    assert post is not None
    assert (
        post.text == "Making simulation environments is equivalent to creating dataset generators."
    )
    assert post.author.name == "Mark Riedl"
    assert post.author.handle == "markriedl.bsky.social"
    assert post.author.id == "did:plc:3igkkqe5nkm66olc4y2syzpy"
    assert post.lang == "en"
    assert post.created_at == dt.datetime(2025, 9, 21, 23, 32, 56, 394000, tzinfo=dt.UTC)
    assert post.url == url
    assert route.calls.last.request.url.params["url"] == url
    assert route.calls.last.request.url.params["format"] == "json"


def test_bluesky_dialog_markup_drops_image_marker() -> None:
    page = fixture_text("bluesky_embeds.html")
    match = re.search(r'<blockquote class="bluesky-embed"[^>]*>.*?</blockquote>', page, re.S)
    assert match is not None
    post = parse_oembed(
        {"html": match.group(0), "author_name": "Emily Liu (@emilyliu.me)"},
        platform=Platform.BLUESKY,
        post_id="3lbq7mxsiek2v",
        url="u",
        fetched_at=FETCHED,
        source="s",
    )
    assert post.text.endswith("ft. @shreyanjain.net's reply below")
    assert "\n\n" in post.text  # the literal newline in the markup survives
    assert post.created_at is None  # a localized date line is not a time
    assert post.author.handle == "emilyliu.me"


@respx.mock
def test_mastodon_lookup_only_for_its_own_host() -> None:
    page = fixture_text("mastodon_embeds.html")
    match = re.search(r'<blockquote class="mastodon-embed".*?</blockquote>', page)
    assert match is not None
    answer = {
        "type": "rich",
        "version": "1.0",
        "author_name": "sellorm",
        "author_url": "https://mastodon.social/@sellorm",
        "provider_name": "mastodon.social",
        "html": match.group(0),
    }
    respx.get("https://mastodon.social/api/oembed").mock(
        return_value=httpx.Response(200, json=answer)
    )
    source = OEmbed.mastodon("Mastodon.social")
    url = "https://mastodon.social/@sellorm/115275222322527989"
    result = run_lookup(source, Lookup(Platform.MASTODON, "115275222322527989", url))
    assert result.outcome == "found"
    assert result.post is not None
    assert result.post.author.handle == "sellorm"
    assert result.post.text == ""  # Mastodon's 4.3+ oEmbed carries no post text
    # embed_formats.md §4.5: this id decodes to 2025-09-27T08:05:01.552Z
    assert result.post.created_at == dt.datetime(2025, 9, 27, 8, 5, 1, 552000, tzinfo=dt.UTC)
    other = Lookup(Platform.MASTODON, "1", "https://fosstodon.org/@a/1")
    assert run_lookup(source, other).outcome == "unsupported"


@respx.mock
def test_tiktok_lookup() -> None:
    data = fixture("tiktok_oembed_2020_scout2015.json")
    respx.get("https://www.tiktok.com/oembed").mock(return_value=httpx.Response(200, json=data))
    url = "https://www.tiktok.com/@scout2015/video/6718335390845095173"
    result = run_lookup(OEmbed.tiktok(), Lookup(Platform.TIKTOK, "6718335390845095173", url))
    post = result.post
    assert post is not None
    assert post.author.name == data["author_name"]
    assert post.author.handle == "scout2015"
    assert post.text == data["title"]  # the caption <p> equals the title here
    assert post.media[0].kind == "video"
    assert post.media[0].preview_url == data["thumbnail_url"]
    assert post.links == ()  # hashtag links are not links of the post


@respx.mock
def test_youtube_lookup() -> None:
    data = fixture("youtube_oembed.json")
    route = respx.get("https://www.youtube.com/oembed").mock(
        return_value=httpx.Response(200, json=data)
    )
    url = "https://www.youtube.com/watch?v=iwGFalTRHDA"
    result = run_lookup(OEmbed.youtube(), Lookup(Platform.YOUTUBE, "iwGFalTRHDA", url))
    post = result.post
    assert post is not None
    assert post.text == data["title"]
    assert (post.author.name, post.author.handle) == (data["author_name"], "KamoKatt")
    assert post.media[0].preview_url == data["thumbnail_url"]
    assert route.calls.last.request.url.params["format"] == "json"


def test_instagram_answer_parses_with_the_generic_parser() -> None:
    data = fixture("instagram_oembed_2016_captioned.json")
    post = parse_oembed(
        data,
        platform=Platform.INSTAGRAM,
        post_id="BMokmydjG-M",
        url="u",
        fetched_at=FETCHED,
        source="s",
    )
    assert post.author.name == "instagram"
    assert post.text.startswith("Today, we")
    assert post.media[0].kind == "photo"


@settings(max_examples=200, deadline=None)
@given(
    html=st.text(alphabet="<>/\"'=pabr lq&;#x0123", max_size=300),
    author=st.none() | st.text(max_size=30),
    platform=st.sampled_from(list(Platform)),
)
def test_parse_never_crashes_on_junk_markup(
    html: str, author: str | None, platform: Platform
) -> None:
    post = parse_oembed(
        {"html": html, "author_name": author, "author_url": author, "title": 5},
        platform=platform,
        post_id="1453110110599868418",
        url="u",
        fetched_at=FETCHED,
        source="s",
    )
    assert post.id == "1453110110599868418"


def test_an_author_url_that_does_not_parse_gives_no_handle() -> None:
    # found by fuzzing: urlsplit raised ValueError on an unclosed IPv6 bracket
    from embedarchive.archive.sources.oembed import _last_path_segment

    assert _last_path_segment("http://[x/@someone") is None
    assert _last_path_segment("https://www.tiktok.com/@scout") == "scout"


def test_oembed_markup_the_parser_rejects_still_gives_its_paragraph() -> None:
    from embedarchive.archive.sources.oembed import _bluesky_time, _post_paragraph

    paragraph = _post_paragraph("<blockquote><![x<p>text</p></blockquote>")
    assert paragraph is not None and paragraph.get_text() == "text"
    assert _bluesky_time('<![x<a href="https://bsky.app">2025-01-09T10:05:00.000Z</a>') is not None
