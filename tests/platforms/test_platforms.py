"""URL grammars of the other platforms, ids that carry time, and identify_url as a whole."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from embedarchive.models import Platform
from embedarchive.platforms import PostRef, bluesky, identify_url, linkedin, mastodon

UTC = dt.UTC


@pytest.mark.parametrize(
    ("url", "platform", "post_id", "handle", "canonical"),
    [
        # real URLs from the fixtures in ../shared/fixtures/embeds
        (
            "at://did:plc:vjug55kidv6sye7ykr5faxxn/app.bsky.feed.post/3lbq7mxsiek2v",
            Platform.BLUESKY,
            "3lbq7mxsiek2v",
            None,
            "https://bsky.app/profile/did:plc:vjug55kidv6sye7ykr5faxxn/post/3lbq7mxsiek2v",
        ),
        (
            "https://bsky.app/profile/did:plc:vjug55kidv6sye7ykr5faxxn/post/3lbq7mxsiek2v?ref_src=embed",
            Platform.BLUESKY,
            "3lbq7mxsiek2v",
            None,
            "https://bsky.app/profile/did:plc:vjug55kidv6sye7ykr5faxxn/post/3lbq7mxsiek2v",
        ),
        (
            "https://bsky.app/profile/EmilyLiu.me/post/3lbq7mxsiek2v",
            Platform.BLUESKY,
            "3lbq7mxsiek2v",
            "emilyliu.me",
            "https://bsky.app/profile/emilyliu.me/post/3lbq7mxsiek2v",
        ),
        (
            "https://mastodon.social/@sellorm/115275222322527989/embed",
            Platform.MASTODON,
            "115275222322527989",
            "sellorm@mastodon.social",
            "https://mastodon.social/@sellorm/115275222322527989",
        ),
        (  # Truth Social runs Mastodon; its own links put /posts/ before the id
            "https://truthsocial.com/@realDonaldTrump/posts/115565882166681770",
            Platform.MASTODON,
            "115565882166681770",
            "realDonaldTrump@truthsocial.com",
            "https://truthsocial.com/@realDonaldTrump/115565882166681770",
        ),
        (
            "https://fosstodon.org/users/popey/statuses/112345678901234567",
            Platform.MASTODON,
            "112345678901234567",
            "popey@fosstodon.org",
            "https://fosstodon.org/@popey/112345678901234567",
        ),
        (
            "https://www.threads.net/@popey/post/C-GMXpGM4KR",
            Platform.THREADS,
            "C-GMXpGM4KR",
            "popey",
            "https://www.threads.com/@popey/post/C-GMXpGM4KR",
        ),
        (
            "https://www.threads.com/t/C-GMXpGM4KR",
            Platform.THREADS,
            "C-GMXpGM4KR",
            None,
            "https://www.threads.com/t/C-GMXpGM4KR",
        ),
        (
            "https://www.instagram.com/reel/Ddn1oPZBnYj/?utm_source=ig_embed&utm_campaign=loading",
            Platform.INSTAGRAM,
            "Ddn1oPZBnYj",
            None,
            "https://www.instagram.com/reel/Ddn1oPZBnYj/",
        ),
        (
            "https://instagram.com/p/99kB_8L00w/",
            Platform.INSTAGRAM,
            "99kB_8L00w",
            None,
            "https://www.instagram.com/p/99kB_8L00w/",
        ),
        (
            "https://www.instagram.com/tv/CIqsGheBmpi",
            Platform.INSTAGRAM,
            "CIqsGheBmpi",
            None,
            "https://www.instagram.com/tv/CIqsGheBmpi/",
        ),
        (
            "https://www.tiktok.com/@countingprimes/video/6988237085899574533?refer=embed",
            Platform.TIKTOK,
            "6988237085899574533",
            "countingprimes",
            "https://www.tiktok.com/@countingprimes/video/6988237085899574533",
        ),
        (
            "https://www.tiktok.com/embed/v2/6988237085899574533",
            Platform.TIKTOK,
            "6988237085899574533",
            None,
            "https://www.tiktok.com/embed/v2/6988237085899574533",
        ),
        (
            "https://embed.bsky.app/embed/did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/"
            "3laub4w3cbs2c?id=5421739",
            Platform.BLUESKY,
            "3laub4w3cbs2c",
            None,
            "https://bsky.app/profile/did:plc:z72i7hdynmk6r22z27h6tvur/post/3laub4w3cbs2c",
        ),
        (
            "https://www.tiktok.com/player/v1/6988237085899574533?music_info=1",
            Platform.TIKTOK,
            "6988237085899574533",
            None,
            "https://www.tiktok.com/embed/v2/6988237085899574533",
        ),
        (
            "https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com"
            "%2Fjoseph.romm%2Fposts%2F10153908777222475&show_text=true&width=500",
            Platform.FACEBOOK,
            "10153908777222475",
            "joseph.romm",
            "https://www.facebook.com/joseph.romm/posts/10153908777222475/",
        ),
        (
            "https://www.facebook.com/v18.0/plugins/video.php?href="
            "https%3A%2F%2Fwww.facebook.com%2Ffacebook%2Fvideos%2F10153231379946729%2F",
            Platform.FACEBOOK,
            "10153231379946729",
            "facebook",
            "https://www.facebook.com/facebook/videos/10153231379946729/",
        ),
        (
            "https://www.facebook.com/joseph.romm/posts/10153908777222475",
            Platform.FACEBOOK,
            "10153908777222475",
            "joseph.romm",
            "https://www.facebook.com/joseph.romm/posts/10153908777222475/",
        ),
        (
            "https://www.facebook.com/JonathanreynoldsMP/videos/443633579170356/",
            Platform.FACEBOOK,
            "443633579170356",
            "JonathanreynoldsMP",
            "https://www.facebook.com/JonathanreynoldsMP/videos/443633579170356/",
        ),
        (
            "https://www.facebook.com/watch/?v=1273994709603672",
            Platform.FACEBOOK,
            "1273994709603672",
            None,
            "https://www.facebook.com/watch/?v=1273994709603672",
        ),
        (
            "https://www.facebook.com/permalink.php?story_fbid=123&id=456",
            Platform.FACEBOOK,
            "123",
            None,
            "https://www.facebook.com/permalink.php?story_fbid=123&id=456",
        ),
        (
            "https://www.youtube.com/embed/iwGFalTRHDA?feature=oembed",
            Platform.YOUTUBE,
            "iwGFalTRHDA",
            None,
            "https://www.youtube.com/watch?v=iwGFalTRHDA",
        ),
        (
            "https://www.youtube-nocookie.com/embed/iwGFalTRHDA",
            Platform.YOUTUBE,
            "iwGFalTRHDA",
            None,
            "https://www.youtube.com/watch?v=iwGFalTRHDA",
        ),
        (
            "https://youtu.be/iwGFalTRHDA",
            Platform.YOUTUBE,
            "iwGFalTRHDA",
            None,
            "https://www.youtube.com/watch?v=iwGFalTRHDA",
        ),
        (
            "https://www.youtube.com/watch?feature=share&v=iwGFalTRHDA",
            Platform.YOUTUBE,
            "iwGFalTRHDA",
            None,
            "https://www.youtube.com/watch?v=iwGFalTRHDA",
        ),
        (
            "https://www.linkedin.com/embed/feed/update/urn:li:share:6728971807346561024",
            Platform.LINKEDIN,
            "urn:li:share:6728971807346561024",
            None,
            "https://www.linkedin.com/feed/update/urn:li:share:6728971807346561024/",
        ),
        (
            "https://twitter.com/WordPress/status/987437752164737025?ref_src=twsrc%5Etfw",
            Platform.TWITTER,
            "987437752164737025",
            "WordPress",
            "https://x.com/WordPress/status/987437752164737025",
        ),
    ],
)
def test_identify_url(
    url: str, platform: Platform, post_id: str, handle: str | None, canonical: str
) -> None:
    assert identify_url(url) == PostRef(platform, post_id, handle, canonical)


@pytest.mark.parametrize(
    "url",
    [
        "",
        "https://example.com/",
        "https://www.instagram.com/lewishamilton/",
        "https://www.facebook.com/joseph.romm",
        "https://www.youtube.com/channel/UCxyz",
        # eleven letters, like a video id: a playlist and a channel's live stream
        "https://www.youtube.com/embed/videoseries?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG",
        "https://www.youtube.com/embed/live_stream?channel=UCuAXFkgsw1L7xaCfnd5JJOw",
        "https://bsky.app/profile/emilyliu.me",
        "https://medium.com/@someone/a-story-1a2b3c",
        "not a url at all",
        "x" * 10_000,
        # a plugin frame whose href is itself a plugin frame is read one level deep only
        "https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2F"
        "plugins%2Fpost.php%3Fhref%3Dhttps%253A%252F%252Fwww.facebook.com%252Fa%252Fposts%252F1",
        "https://www.facebook.com/plugins/page.php?href=https%3A%2F%2Fwww.facebook.com%2Fa",
    ],
)
def test_identify_url_rejects_non_posts(url: str) -> None:
    assert identify_url(url) is None


def test_rkey_time_vectors() -> None:
    # specs §4.5 / §6 vectors 22-24
    assert bluesky.rkey_time("3lzf2jq4bck2t") == dt.datetime(
        2025, 9, 21, 23, 32, 56, 394000, tzinfo=UTC
    )
    assert bluesky.rkey_time("3lbq7mxsiek2v") == dt.datetime(
        2024, 11, 24, 23, 58, 51, 890000, tzinfo=UTC
    )
    got = bluesky.rkey_time("3l25zusnsfctk")
    assert got is not None
    assert int(got.timestamp() * 1_000_000) == 1724171495793000


@pytest.mark.parametrize("rkey", ["", "short", "3lzf2jq4bck2!", "zzzzzzzzzzzzz", "3lzf2jq4bck2t1"])
def test_rkey_time_rejects(rkey: str) -> None:
    assert bluesky.rkey_time(rkey) is None


def test_mastodon_status_time() -> None:
    assert mastodon.status_time("115275222322527989") == dt.datetime(
        2025, 9, 27, 8, 5, 1, 552000, tzinfo=UTC
    )
    assert mastodon.status_time("abc") is None


def test_linkedin_urn_time() -> None:
    assert linkedin.urn_time("6728971807346561024") == dt.datetime(
        2020, 11, 2, 10, 11, 37, 122000, tzinfo=UTC
    )
    assert linkedin.urn_time("urn:li:share:7402746946853253120") == dt.datetime.fromtimestamp(
        1764952408.517, tz=UTC
    )
    assert linkedin.urn_time("x") is None


_handles = st.from_regex(r"[A-Za-z0-9_]{1,15}", fullmatch=True)
_digits = st.from_regex(r"[1-9][0-9]{0,18}", fullmatch=True)
_codes = st.from_regex(r"[A-Za-z0-9_\-]{5,20}", fullmatch=True)
_urls = st.one_of(
    st.builds(lambda h, i: f"https://twitter.com/{h}/status/{i}?ref_src=x", _handles, _digits),
    st.builds(lambda i: f"https://x.com/i/web/status/{i}", _digits),
    st.builds(
        lambda h, r: f"https://bsky.app/profile/{h}.bsky.social/post/{r}",
        # Bluesky handles are DNS names: letters, digits and inner hyphens, no underscore
        st.from_regex(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,14}[A-Za-z0-9])?", fullmatch=True),
        st.from_regex(r"[a-z2-7]{13}", fullmatch=True),
    ),
    st.builds(lambda h, i: f"https://mastodon.social/@{h}/{i}", _handles, _digits),
    st.builds(lambda h, c: f"https://www.threads.net/@{h}/post/{c}", _handles, _codes),
    st.builds(lambda c: f"https://www.instagram.com/p/{c}/?utm_source=ig_embed", _codes),
    st.builds(lambda h, i: f"https://www.tiktok.com/@{h}/video/{i}", _handles, _digits),
    st.builds(lambda h, i: f"https://www.facebook.com/{h}/posts/{i}", _handles, _digits),
    st.builds(
        lambda c: f"https://youtu.be/{c}", st.from_regex(r"[A-Za-z0-9_\-]{11}", fullmatch=True)
    ),
    st.builds(lambda i: f"https://www.linkedin.com/embed/feed/update/urn:li:activity:{i}", _digits),
)


@given(_urls)
def test_canonical_urls_are_fixed_points(url: str) -> None:
    ref = identify_url(url)
    assert ref is not None
    again = identify_url(ref.url)
    assert again == ref


@given(st.text(max_size=300))
def test_identify_url_never_raises(text: str) -> None:
    ref = identify_url(text)
    assert ref is None or isinstance(ref.url, str)


def test_identify_url_is_linear_on_hostile_input() -> None:
    hostile = "https://twitter.com/" + "a/" * 200_000 + "status/"
    start = time.perf_counter()
    assert identify_url(hostile) is None
    assert identify_url("https://x.com/#!/" * 50_000) is None
    assert identify_url("https://m.facebook.com/" + "a" * 3000) is None
    assert time.perf_counter() - start < 1.0
