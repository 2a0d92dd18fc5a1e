"""parse_html on the shared fixtures (specs §6 vectors), hand-made variants, bytes, hostile input."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.shared import shared_path

from embedarchive.detect import _fragments
from embedarchive.detect import html as html_module
from embedarchive.detect._charset import decode_html
from embedarchive.detect.html import parse_html
from embedarchive.errors import InputError
from embedarchive.models import Embed, Platform

DATA = Path(__file__).resolve().parent.parent / "data" / "html"


def _fixture(name: str) -> str:
    return shared_path("fixtures", "embeds", name).read_text(encoding="utf-8")


def _oembed_html(name: str) -> str:
    return str(json.loads(_fixture(name))["html"])


def _by_id(embeds: list[Embed]) -> dict[str | None, Embed]:
    return {e.post_id: e for e in embeds}


def _check_spans(embeds: list[Embed], length: int) -> None:
    last_end = 0
    for embed in embeds:
        assert 0 <= embed.start < embed.end <= length
        assert embed.start >= last_end
        last_end = embed.end
        assert embed.detector == "html"


# ------------------------------------------------------------------------------------------------
# specs §6 vectors on the shared fixtures


def test_oembed_2021_sandiegozoo() -> None:  # vector 2
    doc = _oembed_html("twitter_oembed_2021_sandiegozoo.json")
    (embed,) = parse_html(doc)
    assert embed.platform == Platform.TWITTER
    assert embed.post_id == "1453110110599868418"
    assert embed.handle == "sandiegozoo"
    assert embed.author_name == "San Diego Boo 👻 Wildlife Alliance"
    assert embed.text == "Owl bet you'll lose this staring contest 🦉 pic.twitter.com/eJh4f2zncC"
    assert embed.links == ("https://t.co/eJh4f2zncC",)
    assert embed.lang == "en"
    assert embed.date_text == "October 26, 2021"
    assert embed.date == dt.date(2021, 10, 26)
    assert embed.url == "https://x.com/sandiegozoo/status/1453110110599868418"
    assert embed.form == "blockquote"
    assert doc[embed.start : embed.end].startswith("<blockquote")
    assert doc[embed.start : embed.end].endswith("</blockquote>")


def test_oembed_2026_xcom() -> None:  # vector 3
    (embed,) = parse_html(_fixture("twitter_oembed_2026_xcom_sandiegozoo.html"))
    assert embed.post_id == "1453110110599868418"
    assert embed.author_name == "San Diego Zoo Wildlife Alliance"


@pytest.mark.parametrize(
    "name", ["twitter_oembed_pre2017_spf13.json", "twitter_oembed_2021_spf13.json"]
)
def test_oembed_spf13(name: str) -> None:  # vector 4
    (embed,) = parse_html(_oembed_html(name))
    assert (embed.post_id, embed.handle) == ("666616452582129664", "spf13")
    assert embed.date == dt.date(2015, 11, 17)
    assert embed.date_text == "November 17, 2015"


def test_wordpress_dnt_width() -> None:  # vector 5
    (embed,) = parse_html(_oembed_html("twitter_oembed_2018_wordpress_dnt_width500.json"))
    assert embed.post_id == "987437752164737025"
    assert embed.links == ("https://t.co/jv62WkI9lr", "https://t.co/4ZECodSK78")
    assert embed.text is not None
    assert embed.text.endswith("https://t.co/jv62WkI9lr pic.twitter.com/4ZECodSK78")
    assert embed.date == dt.date(2018, 4, 20)


def test_amp_wp_conversions() -> None:  # vectors 6, 7 and amp without double counting
    embeds = parse_html(_fixture("amp_wp_twitter_conversions.html"))
    # two amp conversions, two raw inputs; the profile-timeline amp-twitter is not a post
    assert [e.post_id for e in embeds] == [
        "987437752164737025",
        "705219971425574912",
        "987437752164737025",
        "987437752164737025",
    ]
    assert [e.form for e in embeds] == ["amp", "amp", "blockquote", "blockquote"]
    for embed in embeds:
        assert embed.author_name in ("WordPress", "Search Engine Land")
        assert embed.text is not None
        assert "—" not in embed.text  # the wpautop-split dash line is not post text
        assert embed.date is not None


def test_long_post_2026_truncated() -> None:  # vector 8
    (embed,) = parse_html(_oembed_html("twitter_oembed_2026_openai_provider_X.json"))
    assert (embed.post_id, embed.handle) == ("2102808325742322002", "OpenAI")
    assert embed.truncated
    assert embed.date == dt.date(2026, 9, 23)


def test_long_posts_truncated() -> None:  # vector 9
    embeds = parse_html(_fixture("twitter_longpost_truncated.html"))
    first = embeds[0]
    assert (first.post_id, first.handle) == ("2026092642623201379", "steipete")
    assert first.author_name == "Peter Steinberger 🦞"
    assert first.date == dt.date(2026, 2, 24)
    assert len(first.links) == 2
    assert all(e.truncated for e in embeds[:3])


def test_localized_dates_and_empty_name() -> None:  # vectors 10, 11
    embeds = _by_id(parse_html(_fixture("twitter_blockquote_localized_dates.html")))
    grugq = embeds["668767879299399682"]
    assert (grugq.handle, grugq.author_name) == ("thegrugq", None)
    assert grugq.date == dt.date(2015, 11, 23)
    expected = {
        "981410230763491328": dt.date(2018, 4, 4),
        "506975850596536320": dt.date(2014, 9, 3),
        "1109932072796336128": dt.date(2019, 3, 24),
        "750923234720251904": dt.date(2016, 7, 7),
        "1201277326262190080": dt.date(2019, 12, 1),
        "779320581678174208": dt.date(2016, 9, 23),
        "900887097631887360": dt.date(2017, 8, 25),
        "1045698033734668289": dt.date(2018, 9, 28),
    }
    for post_id, date in expected.items():
        assert embeds[post_id].date == date, post_id


def test_legacy_and_variants() -> None:  # vectors 12-18
    embeds = parse_html(_fixture("twitter_blockquote_legacy_and_variants.html"))
    ids = _by_id(embeds)
    legacy = ids["283627332974047232"]
    assert legacy.lang is None
    assert legacy.date == dt.date(2012, 12, 25)
    assert legacy.text is not None
    assert "cl.ly/image/2r3U1H38..." in legacy.text
    naoya = ids["293602967179911168"]
    assert naoya.author_name == "Naoya Ito"
    assert naoya.date == dt.date(2013, 1, 22)
    assert ids["547687296988770304"].date == dt.date(2014, 12, 24)
    assert ids["777798532132638720"].date == dt.date(2016, 9, 19)  # twitter-video
    assert ids["611843815620546560"].handle == "haruair"  # wpautop-split twitter-video
    for post_id in ("1732625835067322395", "990569495432450048", "679393206191136769"):
        rendered = [e for e in embeds if e.post_id == post_id]
        assert rendered, post_id
        assert rendered[0].form in ("iframe", "blockquote")
    assert ids["1370361081735024640"].form == "oembed-url"
    amp = ids["855178606556856320"]
    assert (amp.form, amp.handle, amp.date) == ("amp", "AMPhtml", dt.date(2017, 4, 20))
    placeholders = [e for e in embeds if e.post_id is None and e.form == "blockquote-empty"]
    assert placeholders
    assert all(p.platform == Platform.TWITTER and p.text is None for p in placeholders)
    _check_spans(embeds, 10**9)


def test_bluesky() -> None:  # vectors 22-24
    embeds = _by_id(parse_html(_fixture("bluesky_embeds.html")))
    app = embeds["3lbq7mxsiek2v"]
    assert (app.platform, app.handle, app.author_name) == (
        Platform.BLUESKY,
        "emilyliu.me",
        "Emily Liu",
    )
    assert app.date_text == "November 25, 2024 at 12:58 AM"
    assert app.date == dt.date(2024, 11, 25)
    oembed = embeds["3lzf2jq4bck2t"]
    assert (oembed.handle, oembed.author_name) == ("markriedl.bsky.social", "Mark Riedl")
    assert oembed.date == dt.date(2025, 9, 21)
    assert embeds["3lmtnnecgzk2c"].date == dt.date(2025, 4, 15)


def test_mastodon_threads_instagram_tiktok() -> None:  # vectors 25-28
    current, legacy = parse_html(_fixture("mastodon_embeds.html"))  # 4.3+ blockquote, old iframe
    assert (current.platform, current.post_id) == (Platform.MASTODON, "115275222322527989")
    assert current.handle == "sellorm@mastodon.social"
    assert current.url == "https://mastodon.social/@sellorm/115275222322527989"
    assert (current.form, legacy.form) == ("blockquote", "iframe")
    assert legacy.platform == Platform.MASTODON
    (threads,) = parse_html(_fixture("threads_embed.html"))
    assert (threads.platform, threads.post_id, threads.handle) == (
        Platform.THREADS,
        "C-GMXpGM4KR",
        "popey",
    )
    (insta,) = parse_html(_fixture("instagram_embed_v14.html"))
    assert (insta.post_id, insta.handle, insta.author_name) == (
        "Ddn1oPZBnYj",
        "marchand.id",
        "MARCHAND HYPE STATION",
    )
    assert insta.url == "https://www.instagram.com/reel/Ddn1oPZBnYj/"
    assert insta.date is None
    (tiktok,) = parse_html(_fixture("tiktok_embed.html"))
    assert (tiktok.post_id, tiktok.handle) == ("6988237085899574533", "countingprimes")
    assert tiktok.text == "You can now embed TikTok's in AMP"


def test_facebook_and_linkedin() -> None:  # vector 29
    embeds = parse_html(_fixture("facebook_fb_post_embeds.html"))
    romm = embeds[0]
    assert romm.platform == Platform.FACEBOOK
    assert romm.url == "https://www.facebook.com/joseph.romm/posts/10153908777222475/"
    assert (romm.author_name, romm.date_text) == ("Joseph Romm", "Monday, September 12, 2016")
    assert romm.date == dt.date(2016, 9, 12)
    by_id = _by_id(embeds)
    assert by_id["3498133363610358"].date == dt.date(2020, 11, 12)
    assert by_id["10154890471522020"].date == dt.date(2017, 1, 9)
    assert by_id["urn:li:share:6728971807346561024"].platform == Platform.LINKEDIN


def test_oembed_json_other_platforms() -> None:
    (insta,) = parse_html(_oembed_html("instagram_oembed_2016_captioned.json"))
    assert (insta.platform, insta.handle) == (Platform.INSTAGRAM, "instagram")
    assert insta.text
    (tiktok,) = parse_html(_oembed_html("tiktok_oembed_2020_scout2015.json"))
    assert (tiktok.post_id, tiktok.handle) == ("6718335390845095173", "scout2015")
    youtube_doc = _oembed_html("youtube_oembed.json")
    assert parse_html(youtube_doc) == []  # a video player, not a post, unless asked for
    (video,) = parse_html(youtube_doc, videos=True)
    assert (video.platform, video.post_id) == (Platform.YOUTUBE, "iwGFalTRHDA")


# ------------------------------------------------------------------------------------------------
# hand-made variants (tests/data/html)


def test_site_classes_and_lookalikes() -> None:
    doc = (DATA / "site_classes.html").read_text(encoding="utf-8")
    embeds = parse_html(doc)
    assert [e.post_id for e in embeds] == [
        "1658064372659372032",
        "790636031301279744",
        "1212816983592488961",
    ]
    nojs, buzzfeed, split = embeds
    assert nojs.text == "Перший рядок\nДругий рядок pic.twitter.com/AkgXeCJ7cW"
    assert nojs.lang == "uk"
    assert (buzzfeed.handle, buzzfeed.author_name) == ("udreview", "The Review")
    assert buzzfeed.url == "https://x.com/BuzzFeed/status/790636031301279744"
    assert split.author_name == "ABC 7 News - WJLA (Washington)"
    assert split.text == "A post with a line\nand a second line"
    _check_spans(embeds, len(doc))


def test_wrappers_islands_cards_and_unclosed() -> None:
    doc = (DATA / "wrappers.html").read_text(encoding="utf-8")
    embeds = parse_html(doc)
    ids = [e.post_id for e in embeds]
    assert ids[:3] == ["1370361081735024640", "2088397591583264808", "1658064372659372099"]
    assert "1453110110599868418" not in ids  # inside our own snapshot card
    assert "990569495432450048" in ids  # not swallowed by the unclosed blockquote before it
    amp = [e for e in embeds if e.post_id == "855178606556856320"]
    assert len(amp) == 1  # amp-twitter and its placeholder blockquote are one embed
    assert amp[0].form == "amp"
    assert amp[0].text == "AMP placeholder text"
    _check_spans(embeds, len(doc))


def test_other_platforms_page() -> None:
    doc = (DATA / "other_platforms.html").read_text(encoding="utf-8")
    embeds = parse_html(doc, videos=True)
    assert [e.platform for e in embeds] == [
        Platform.INSTAGRAM,
        Platform.TIKTOK,
        Platform.FACEBOOK,
        Platform.YOUTUBE,
        Platform.LINKEDIN,
    ]
    insta, tiktok, facebook, _, _ = embeds
    assert insta.author_name == "zashay tastas - myndigheten"
    assert insta.date == dt.date(2020, 4, 27)
    assert insta.text == "Swipe for more #tag"
    assert tiktok.text == "half a million streams"  # the ♬ sound line is not text
    assert (facebook.author_name, facebook.date) == ("Cem Yılmaz", dt.date(2017, 1, 9))
    assert len(parse_html(doc)) == 4


def test_consent_textarea_and_template() -> None:
    quote = (
        '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">Hello &amp; bye</p>&mdash; '
        'Ann Example (@annex) <a href="https://twitter.com/annex/status/1223159406038343685">'
        "January 31, 2020</a></blockquote>"
    )
    escaped = quote.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    doc = (
        f"<p>intro</p><textarea hidden>{escaped}</textarea>"
        '<template><blockquote class="instagram-media" '
        'data-instgrm-permalink="https://www.instagram.com/p/C16-X5dM290/"></blockquote></template>'
    )
    first, second = parse_html(doc)
    assert (first.post_id, first.author_name, first.text) == (
        "1223159406038343685",
        "Ann Example",
        "Hello & bye",
    )
    assert doc[first.start : first.end] == escaped
    assert second.post_id == "C16-X5dM290"


def test_relative_links_resolve_against_base_url() -> None:
    doc = (
        '<blockquote class="twitter-tweet"><p>See <a href="/hashtag/x">#x</a></p>&mdash; A (@a) '
        '<a href="https://twitter.com/a/status/123456789012">May 1, 2020</a></blockquote>'
    )
    (embed,) = parse_html(doc, base_url="https://twitter.com/a/status/1")
    assert embed.links == ("https://twitter.com/hashtag/x",)


# ------------------------------------------------------------------------------------------------
# bytes and types


_QUOTE = (
    '<blockquote class="twitter-tweet"><p lang="de" dir="ltr">Grüße aus Köln</p>&mdash; Jürgen '
    '(@juergen) <a href="https://twitter.com/juergen/status/981410230763491328">4. April 2018</a>'
    "</blockquote>"
)


@pytest.mark.parametrize(
    ("prefix", "encoding"),
    [
        ('<meta charset="iso-8859-1">', "iso-8859-1"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">', "cp1252"),
        ("", "utf-8"),
        ("\ufeff", "utf-8"),
    ],
)
def test_bytes_use_the_declared_charset(prefix: str, encoding: str) -> None:
    doc = prefix + _QUOTE
    (embed,) = parse_html(doc.encode(encoding))
    assert embed.text == "Grüße aus Köln"
    assert embed.author_name == "Jürgen"
    decoded = decode_html(doc.encode(encoding))
    assert decoded[embed.start : embed.end] == _QUOTE


def test_invalid_bytes_do_not_raise() -> None:
    (embed,) = parse_html(b"\x80\x81\xfa" + _QUOTE.encode("utf-8") + b"\x80")
    assert embed.post_id == "981410230763491328"


@pytest.mark.parametrize("value", [None, 42, ["<p>"], {"html": ""}])
def test_wrong_types_raise_input_error(value: object) -> None:
    with pytest.raises(InputError):
        parse_html(value)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------------
# hostile input and properties

_HOSTILE = {
    "unclosed": '<blockquote class="twitter-tweet">' * 30_000,
    "nested_rendered": '<div class="twitter-tweet twitter-tweet-rendered" data-tweet-id="1">'
    * 15_000
    + "</div>" * 15_000,
    "deep_paragraphs": '<blockquote class="twitter-tweet">' + "<p>" * 60_000 + "</blockquote>",
    "one_line": "x" * 1_000_000,
    "open_brackets": "<" * 1_000_000,
    "open_attribute": '<blockquote class="twitter-tweet" title="' * 20_000,
    "islands": '<x-i p="&lt;blockquote class=\\&quot;twitter-tweet\\&quot;>">' * 15_000,
    "comments": "<!--" * 200_000,
}


@pytest.mark.parametrize("name", sorted(_HOSTILE))
def test_hostile_input_completes(name: str) -> None:
    doc = _HOSTILE[name]
    start = time.perf_counter()
    embeds = parse_html(doc)
    assert time.perf_counter() - start < 10.0
    _check_spans(embeds, len(doc))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                '<blockquote class="twitter-tweet">',
                "</blockquote>",
                "<p>",
                "</p>",
                "&mdash; Name (@handle) ",
                '<a href="https://twitter.com/a/status/123456789012">',
                "May 1, 2020</a>",
                '<amp-twitter data-tweetid="55">',
                "</amp-twitter>",
                "<textarea>&lt;blockquote class=&quot;twitter-tweet&quot;&gt;",
                "</textarea>",
                "<script>",
                "</script>",
                "<!--",
                "-->",
                '<div class="fb-post" data-href="https://www.facebook.com/a/posts/1">',
                "</div>",
                '<iframe src="https://www.youtube.com/embed/iwGFalTRHDA">',
                "</iframe>",
                '<amp-instagram data-shortcode="CYokA48MWDA">',
                '<amp-tiktok data-src="6718335390845095173">',
                '<iframe src="https://www.tiktok.com/player/v1/1">',
                '<iframe src="https://www.facebook.com/plugins/post.php?href=x">',
                '<iframe src="https://platform.twitter.com/embed/Tweet.html?id=1">',
                '<a href="https://x.com/a/status/9" data-attrs="{&quot;url&quot;:&quot;',
                '<div data-attrs="{&quot;uri&quot;:&quot;at://did:plc:a/app.bsky.feed.post/b',
                "&quot;,&quot;full_text&quot;:&quot;<a href=",
                '&quot;}" data-component-name="Twitter2ToDOM">',
                '" data-component-name="BlueskyCreateBlueskyEmbed">',
                '" data-component-name="InstagramToDOM">',
                "</a>",
            ]
        )
        | st.text(max_size=20),
        max_size=40,
    ).map("".join)
)
def test_never_raises_and_spans_are_sound(doc: str) -> None:
    _check_spans(parse_html(doc, videos=True), len(doc))


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=400))
def test_never_raises_on_bytes(data: bytes) -> None:
    embeds = parse_html(data)
    assert all(e.start <= e.end for e in embeds)


# ------------------------------------------------------------------------------------------------
# line breaks: only <br> and paragraphs break a line; a newline in the source is a space


def test_source_line_breaks_are_spaces() -> None:
    doc = (DATA / "line_breaks.html").read_text(encoding="utf-8")
    embeds = parse_html(doc)
    assert [e.text for e in embeds] == [
        "Glad to speak with the US @SecDef Mr. @PeteHegseth today.",
        "#PrayForAirAsia ✈ Air Asia flight attendant was travelling\nwith her family.\n"
        "Second line after a blank one\nA second paragraph, wrapped by the CMS.",
        "Text kept without a paragraph\nby a site that strips them",
        "Swipe for more",
    ]
    assert [(e.handle, e.author_name) for e in embeds[:3]] == [
        ("rajnathsingh", "Rajnath Singh"),
        ("examplenews", "Example News"),
        ("stripped", "Stripped Site"),
    ]
    _check_spans(embeds, len(doc))


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r", "&#10;", " \n\t "])
def test_one_line_break_in_a_paragraph(newline: str) -> None:
    doc = (
        '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">Glad to speak with the US '
        f"@SecDef{newline}Mr. @PeteHegseth today</p>&mdash; Rajnath Singh (@rajnathsingh) "
        '<a href="https://twitter.com/rajnathsingh/status/1940000000000000001">July 1, 2025</a>'
        "</blockquote>"
    )
    (embed,) = parse_html(doc)
    assert embed.text == "Glad to speak with the US @SecDef Mr. @PeteHegseth today"


_WORDS = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzäé0123456789.,!#"), min_size=1)
_SPACE = st.sampled_from([" ", "\n", "\r\n", "\t", "  ", " \n ", "&#10;", "\n\n", "&nbsp;"])


@st.composite
def _paragraph(draw: st.DrawFn) -> tuple[str, list[list[str]]]:
    """A <p> of lines split by <br>; words joined by any whitespace; returns (markup, words)."""
    lines = draw(
        st.lists(st.lists(_WORDS.filter(lambda w: w[0] != "#"), max_size=5), min_size=1, max_size=4)
    )
    parts = []
    for words in lines:
        line = draw(_SPACE).join(
            f'<a href="https://example.com/{w}">{w}</a>' if draw(st.booleans()) else w
            for w in words
        )
        parts.append(draw(_SPACE) + line + draw(_SPACE))
    return "<p>" + "<br>".join(parts) + "</p>", lines


@settings(max_examples=150, deadline=None)
@given(st.lists(_paragraph(), min_size=1, max_size=4))
def test_text_breaks_only_at_br_and_paragraphs(
    paragraphs: list[tuple[str, list[list[str]]]],
) -> None:
    doc = (
        '<blockquote class="twitter-tweet">'
        + "\n".join(markup for markup, _ in paragraphs)
        + '&mdash; Ann Example (@annex) <a href="https://twitter.com/annex/status/1223159406038343685">'
        "January 31, 2020</a></blockquote>"
    )
    (embed,) = parse_html(doc)
    lines = [line for _, p in paragraphs for line in p]
    breaks = sum(len(p) - 1 for _, p in paragraphs) + len(paragraphs) - 1
    text = embed.text or ""
    assert text.count("\n") <= breaks  # one per <br> or paragraph boundary at most
    if breaks == 0:
        assert "\n" not in text
    # whitespace inside a line collapses to one space; empty lines are dropped
    assert text.split("\n") == [" ".join(words) for words in lines if words] or (
        not any(lines) and embed.text is None
    )


# ------------------------------------------------------------------------------------------------
# work on hostile input: counted as characters handed to BeautifulSoup, not as time

_WORK_SIZE = 200_000


def _fill(unit: str, size: int = _WORK_SIZE) -> str:
    return unit * max(1, size // len(unit.encode("utf-8")))


def _nested(open_tag: str, close_tag: str, size: int = _WORK_SIZE) -> str:
    depth = size // (len(open_tag) + len(close_tag))
    return open_tag * depth + "x" + close_tag * depth


# the hostile inputs of benchmarks/bench_detect.py, and nested or repeated embed markup
_WORK_INPUTS = {
    "open-paren-at": _fill("(@"),
    "dash-handle": _fill("— a (@a) "),
    "one-line": _fill(
        "The minister said the talks went well and more would follow soon. " * 3
        + "— Rajnath Singh (@rajnathsingh) July 1, 2025 "
    ),
    "attribution-lines": _fill("— a (@a) July 1, 2025\n"),
    "unclosed-blockquotes": _fill('<blockquote class="twitter-tweet"><p lang="en">x</p>— a (@a) '),
    "nested-divs": _nested("<div>", "</div>"),
    "angle-and-amp": _fill("<&<<&&&<"),
    "nested-blockquotes": _nested('<blockquote class="twitter-tweet">', "</blockquote>"),
    "nested-rendered": _nested(
        '<div class="twitter-tweet twitter-tweet-rendered" data-tweet-id="1">', "</div>"
    ),
    "deep-paragraphs": '<blockquote class="twitter-tweet">' + "<p>" * (_WORK_SIZE // 3),
    "closed-embeds": _fill(
        '<blockquote class="twitter-tweet"><p>x</p>— a (@a) '
        '<a href="https://twitter.com/a/status/1">July 1, 2025</a></blockquote>'
    ),
    "bare-start-tags": _fill('<div data-tweet-id="1">'),
    "amp-components": _fill('<amp-instagram data-shortcode="CYokA48MWDA"></amp-instagram>'),
    "player-frames": _fill('<iframe src="https://www.tiktok.com/player/v1/1"></iframe>'),
    "scripts": _fill("<script>x</script>"),
    "comments": _fill("<!-- x -->"),
    "escaped-textareas": _fill(
        '<textarea>&lt;blockquote class="twitter-tweet"&gt;&lt;p&gt;x&lt;/p&gt;— a (@a) </textarea>'
    ),
}


@pytest.fixture
def soup_input(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Lengths of the markup parse_html hands to BeautifulSoup, one entry a parse."""
    sizes: list[int] = []
    real = html_module.parse_markup

    def counting(markup: str, *args: str) -> object:
        sizes.append(len(markup))
        return real(markup, *args)

    monkeypatch.setattr(html_module, "parse_markup", counting)
    return sizes


@pytest.mark.parametrize("name", sorted(_WORK_INPUTS))
def test_hostile_input_parses_little(name: str, soup_input: list[int]) -> None:
    doc = _WORK_INPUTS[name]
    embeds = parse_html(doc)
    _check_spans(embeds, len(doc))
    # markup repeated verbatim is parsed once, so the parser sees a sliver of the page
    assert sum(soup_input) <= len(doc) // 4
    assert len(soup_input) <= 10


def test_repeated_embeds_are_read_once_and_long_runs_cut(
    soup_input: list[int], caplog: pytest.LogCaptureFixture
) -> None:
    unit = '<blockquote class="twitter-tweet"><p lang="en">x</p>— a (@a) '
    few = unit * 50
    embeds = parse_html(few)
    assert [(e.start, e.end) for e in embeds] == [
        (i * len(unit), (i + 1) * len(unit)) for i in range(50)
    ]
    assert {(e.handle, e.text) for e in embeds} == {("a", "x")}
    assert len(soup_input) == 1
    # thousands of back-to-back copies: the first MAX_COPIES are reported, the rest skipped
    # with a warning, and the page after the run is still read
    run = _WORK_INPUTS["unclosed-blockquotes"]
    after = (
        '<blockquote class="twitter-tweet"><p>After</p>&mdash; Ann (@annex) '
        '<a href="https://twitter.com/annex/status/1223159406038343685">Jan 31, 2020</a>'
        "</blockquote>"
    )
    with caplog.at_level("WARNING", logger=html_module.__name__):
        embeds = parse_html(run + "<p>Then the article goes on.</p>" + after)
    copies = html_module.MAX_COPIES
    assert run.count(unit) > copies
    assert len(embeds) == copies + 1
    assert embeds[copies - 1].end == copies * len(unit)
    assert embeds[-1].post_id == "1223159406038343685"
    assert f"{run.count(unit) - copies} verbatim copies" in caplog.text


def test_identical_embeds_apart_keep_their_own_offsets(soup_input: list[int]) -> None:
    quote = (
        '<blockquote class="twitter-tweet"><p>Same post</p>&mdash; Ann (@annex) '
        '<a href="https://twitter.com/annex/status/1223159406038343685">Jan 31, 2020</a>'
        "</blockquote>"
    )
    for doc in (quote + "<p>between</p>" + quote, quote + quote):
        soup_input.clear()
        first, second = parse_html(doc)
        assert (first.start, first.end) == (0, len(quote))
        assert (second.start, second.end) == (doc.rindex("<blockquote"), len(doc))
        assert first.model_copy(update={"start": second.start, "end": second.end}) == second
        assert len(soup_input) == 1  # the second one is read from the first


def test_unclosed_embed_is_cut_short() -> None:
    doc = '<blockquote class="twitter-tweet"><p>Cut off' + " and on" * 30_000
    (embed,) = parse_html(doc)
    assert embed.end - embed.start <= html_module.MAX_UNCLOSED + 100
    assert embed.text is not None and embed.text.startswith("Cut off and on")


def _distinct_embeds(count: int, gap: str = "") -> str:
    return gap.join(
        f'<blockquote class="twitter-tweet"><p lang="en">Post number {i}</p>&mdash; Ann (@annex) '
        f'<a href="https://twitter.com/annex/status/{1_000_000 + i}">January 31, 2020</a>'
        "</blockquote>"
        for i in range(count)
    )


def test_distinct_fragments_stop_at_the_budget(
    soup_input: list[int], caplog: pytest.LogCaptureFixture
) -> None:
    doc = _distinct_embeds(_WORK_SIZE // 180)
    with caplog.at_level("WARNING", logger=html_module.__name__):
        embeds = parse_html(doc)
    assert "parse budget spent" in caplog.text
    # the embeds before the stop are all there, in order
    assert 0 < len(embeds) < doc.count("<blockquote")
    assert [e.post_id for e in embeds] == [str(1_000_000 + i) for i in range(len(embeds))]
    assert sum(soup_input) <= len(doc)
    _check_spans(embeds, len(doc))


def test_a_page_of_many_real_embeds_is_read_whole(caplog: pytest.LogCaptureFixture) -> None:
    # a liveblog of 200 posts, each with the widget script and some prose between
    gap = '<script async src="https://platform.twitter.com/widgets.js"></script>\n<p>More.</p>\n'
    doc = _distinct_embeds(200, gap)
    with caplog.at_level("WARNING", logger=html_module.__name__):
        embeds = parse_html(doc)
    assert len(embeds) == 200
    assert not caplog.text


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=5), st.integers(0, 300), st.text(max_size=30))
def test_run_end_finds_the_end_of_verbatim_copies(unit: str, copies: int, tail: str) -> None:
    text = "<" + unit * copies + tail
    expected = 1
    while text.startswith(unit, expected):
        expected += len(unit)
    assert html_module._run_end(text, unit, 1) == expected


def test_amp_components_and_frames_left_by_the_platforms_scripts() -> None:
    doc = (DATA / "amp_and_frames.html").read_text(encoding="utf-8")
    embeds = parse_html(doc, videos=True)
    assert [(e.platform, e.post_id, e.form) for e in embeds] == [
        (Platform.INSTAGRAM, "CYokA48MWDA", "amp"),
        (Platform.FACEBOOK, "1712989015384373", "amp"),
        (Platform.TIKTOK, "6718335390845095173", "amp"),
        (Platform.TIKTOK, "6718335390845095173", "amp"),
        (Platform.YOUTUBE, "mGENRKrdoGY", "amp"),
        (Platform.INSTAGRAM, "CIqsGheBmpi", "iframe"),
        (Platform.TIKTOK, "6988237085899574533", "iframe"),
        (Platform.FACEBOOK, "10153908777222475", "iframe"),
        (Platform.TWITTER, "1732625835067322395", "iframe"),
        (Platform.BLUESKY, "3laub4w3cbs2c", "iframe"),
        (Platform.THREADS, "C8vQk2DvXz1", "iframe"),
    ]
    instagram, facebook, tiktok, tiktok_by_id = embeds[:4]
    assert instagram.url == "https://www.instagram.com/p/CYokA48MWDA/"
    assert (facebook.handle, tiktok.handle) == ("ParksCanada", "scout2015")
    assert tiktok.url == "https://www.tiktok.com/@scout2015/video/6718335390845095173"
    assert tiktok_by_id.url == "https://www.tiktok.com/embed/v2/6718335390845095173"
    assert embeds[7].url == "https://www.facebook.com/joseph.romm/posts/10153908777222475/"
    assert embeds[9].url == (
        "https://bsky.app/profile/did:plc:z72i7hdynmk6r22z27h6tvur/post/3laub4w3cbs2c"
    )
    assert (embeds[10].handle, embeds[10].url) == (
        "zuck",
        "https://www.threads.com/@zuck/post/C8vQk2DvXz1",
    )
    for embed in embeds:
        assert doc[embed.start : embed.start + 1] == "<"
    assert [e.platform for e in parse_html(doc)].count(Platform.YOUTUBE) == 0  # videos only
    _check_spans(embeds, len(doc))


def test_direction_marks_in_an_rtl_blockquote() -> None:
    doc = (
        '<blockquote class="twitter-tweet"><p lang="ar" dir="rtl">نص التغريدة</p>&mdash; '
        "&rlm;محمد علي&rlm; (@mohali) "
        '<a href="https://twitter.com/mohali/status/1234567890123456789">&rlm;1 يوليو 2025</a>'
        "</blockquote>"
    )
    (embed,) = parse_html(doc)
    assert (embed.author_name, embed.date, embed.date_text) == (
        "محمد علي",
        dt.date(2025, 7, 1),
        "1 يوليو 2025",
    )


def test_react_tweet_static_component() -> None:
    doc = (DATA / "react_tweet.html").read_text(encoding="utf-8")
    server, saved = parse_html(doc)
    assert (server.platform, server.form, server.author_name, server.handle) == (
        Platform.TWITTER,
        "react-tweet",
        "Vercel",
        "vercel",
    )
    assert (server.post_id, server.url) == (
        "1847337479391584426",
        "https://x.com/vercel/status/1847337479391584426",
    )
    assert server.text == "Introducing #nextjs 15 nextjs.org/15"
    assert server.links == ("https://x.com/hashtag/nextjs", "https://nextjs.org/15")
    assert server.date is None  # the server leaves the date to the browser
    assert (saved.date, saved.date_text, saved.post_id) == (
        dt.date(2024, 10, 18),
        "4:12 PM · Oct 18, 2024",
        "1847337479391584427",
    )
    assert doc[server.start : server.end].startswith('<div class="react-tweet-theme')


def test_react_tweet_takes_its_own_link_not_one_in_its_text() -> None:
    doc = (DATA / "react_tweet.html").read_text(encoding="utf-8")
    linked = doc.replace(
        '<a href="https://nextjs.org/15"',
        '<a href="https://x.com/someone/status/1111111111111111111"',
        1,
    )
    server, _ = parse_html(linked)
    assert server.post_id == "1847337479391584426"


def test_bbc_social_embed_containers() -> None:
    doc = (DATA / "bbc_social.html").read_text(encoding="utf-8")
    consent, facebook = parse_html(doc)  # (a profile's address names no post)
    # behind the consent banner: the post's address in data-e2e is all the page has
    assert (consent.platform, consent.post_id, consent.handle, consent.form, consent.text) == (
        Platform.TWITTER,
        "1384138850478346243",
        "BBCNews",
        "bbc",
        None,
    )
    assert consent.url == "https://x.com/BBCNews/status/1384138850478346243"
    # after consent: the platform's own markup inside is read, over the container's span
    assert (facebook.platform, facebook.author_name, facebook.date) == (
        Platform.FACEBOOK,
        "Rick Astley",
        dt.date(2022, 4, 1),
    )
    assert facebook.text == "Had a great night at the concert in LA this week, what a show!"
    for embed in (consent, facebook):
        assert doc[embed.start : embed.end].startswith('<div class="e1mhe1ed0" data-e2e=')
        assert doc[embed.start : embed.end].endswith("</div>")


def test_embetty_components_name_their_posts() -> None:
    # heise's privacy-friendly embeds: the component loads the post through the site's server
    doc = (
        '<p>Der Tweet:</p><embetty-tweet status="950371792874557440"></embetty-tweet>'
        '<embetty-mastodon status="https://social.heise.de/@heiseonline/110372412617177781">'
        "</embetty-mastodon>"
        '<embetty-video type="youtube" video-id="m6UOo2YGbIE" start-at="10"></embetty-video>'
        '<embetty-video type="vimeo" video-id="223099532"></embetty-video>'
        '<embetty-tweet status="not-an-id"></embetty-tweet>'
        '<embetty-tweet status="928365837123227654" />'
        "<p>Danach.</p>"
    )
    found = parse_html(doc, videos=True)
    assert [(e.platform, e.post_id, e.handle, e.form) for e in found] == [
        (Platform.TWITTER, "950371792874557440", None, "embetty"),
        (Platform.MASTODON, "110372412617177781", "heiseonline@social.heise.de", "embetty"),
        (Platform.YOUTUBE, "m6UOo2YGbIE", None, "embetty"),
        (Platform.TWITTER, "928365837123227654", None, "embetty"),
    ]
    assert found[0].url == "https://x.com/i/status/950371792874557440"
    # a component written as an empty element ends with its start tag, not at the next one
    assert doc[found[-1].start : found[-1].end] == '<embetty-tweet status="928365837123227654" />'


def test_truth_social_frames_are_mastodon_posts() -> None:
    # Truth Social's embed code (a Mastodon server's frame with its own class and script),
    # a lazy frame without the class, and a profile link that is no embed
    doc = (
        "<p>He wrote:</p>"
        '<iframe src="https://truthsocial.com/@realDonaldTrump/115565882166681770/embed"'
        ' class="truthsocial-embed" style="max-width: 100%; border: 0" width="600"'
        ' allowfullscreen="allowfullscreen"></iframe>'
        '<script src="https://truthsocial.com/embed.js" async="async"></script>'
        '<iframe data-src="https://truthsocial.com/@WhiteHouse/115565882166681999/embed"'
        ' src="about:blank" loading="lazy"></iframe>'
        '<p>Follow <a href="https://truthsocial.com/@gatewaypundit">us</a></p>'
    )
    assert [(e.platform, e.handle, e.post_id, e.form, e.url) for e in parse_html(doc)] == [
        (
            Platform.MASTODON,
            "realDonaldTrump@truthsocial.com",
            "115565882166681770",
            "iframe",
            "https://truthsocial.com/@realDonaldTrump/115565882166681770",
        ),
        (
            Platform.MASTODON,
            "WhiteHouse@truthsocial.com",
            "115565882166681999",
            "iframe",
            "https://truthsocial.com/@WhiteHouse/115565882166681999",
        ),
    ]


def test_substack_components_carry_the_post_as_json() -> None:
    doc = (DATA / "substack.html").read_text(encoding="utf-8")
    found = parse_html(doc)
    assert [(e.platform, e.post_id, e.form) for e in found] == [
        (Platform.TWITTER, "1853423165203128705", "substack"),
        (Platform.TWITTER, "961570492162494464", "substack"),
        (Platform.INSTAGRAM, "DZmgID9Eawg", "substack"),
        (Platform.BLUESKY, "3mbq7aeuwbg42", "substack"),
        (Platform.TWITTER, "1853423165203128706", "substack"),
    ]  # (the plain link to a post at the end is no embed)
    body, drawn, instagram, bluesky, cut = found
    assert (body.author_name, body.handle, body.date) == (
        "NWS Boston",
        "NWSBoston",
        dt.date(2024, 11, 4),
    )
    # the post's own line break kept, its link's label in the text and its address in links;
    # the quoted post nested in the JSON is not read
    assert body.text == (
        'Rain returns tonight.\nHeaviest totals south of the Pike: 1-2" weather.gov/box/ #MAwx'
    )
    assert body.links == ("https://www.weather.gov/box/",)
    assert body.url == "https://x.com/NWSBoston/status/1853423165203128705"
    assert doc[body.start : body.end].startswith('<div class="tweet" data-attrs=')
    assert doc[body.start : body.end].endswith("</div>")
    # the page's own drawing: one link around the card; the JSON's "<" left raw; the X API's
    # time format (Thu Feb 08 12:00:45 +0000 2018)
    assert (drawn.handle, drawn.date, drawn.date_text) == ("notdetails", dt.date(2018, 2, 8), None)
    assert drawn.text == "I hope this helps someone 🤗 docs.google.com/spreadsheets/d…"
    assert not drawn.truncated  # (the "…" ends a link's label, not the post)
    assert doc[drawn.start : drawn.end].startswith('<a class="tweet static"')
    assert doc[drawn.start : drawn.end].endswith("</a>")
    # Instagram: the caption's start from the page title Substack kept
    assert (instagram.author_name, instagram.handle, instagram.date) == (
        "BBC News",
        "bbcnews",
        None,
    )
    assert instagram.text == "Pakistan’s prime minister says a peace deal is close …"
    assert instagram.truncated
    assert instagram.url == "https://www.instagram.com/p/DZmgID9Eawg/"
    # Bluesky: the wrapper is read, not the player frame inside it (one embed); the date is UTC
    assert (bluesky.author_name, bluesky.handle, bluesky.date) == (
        "Jane Example",
        "jane.example.com",
        dt.date(2025, 12, 13),
    )
    assert bluesky.text == "The ferry is running again.\nFirst crossing at 7:40."
    assert bluesky.url == (
        "https://bsky.app/profile/did:plc:bhz4agnyzcrsvpnprxrbjrpa/post/3mbq7aeuwbg42"
    )
    # JSON cut off: the card's link still names the post, and its drawn text is the post's
    assert (cut.handle, cut.text, cut.date) == ("NWSBoston", "Snow", None)


def test_substack_cards_without_json_are_read_as_drawn() -> None:
    # the same cards as tests/data/text/substack/ (their renderings): empty JSON, so the name,
    # handle, text and footer date come from the card's own markup
    doc = (DATA / "substack_cards.html").read_text(encoding="utf-8")
    harbour, olsen = parse_html(doc)
    assert (harbour.handle, harbour.author_name, harbour.post_id) == (
        "harbourwatch",
        "Harbour Watch",
        "1620000000000000001",
    )
    assert (harbour.date, harbour.date_text) == (dt.date(2023, 1, 28), "9:14 PM ∙ Jan 28, 2023")
    assert harbour.text is not None and harbour.text.startswith("No sailings on Sunday:")
    assert "example.org" not in harbour.text  # (the link card is no part of the text)
    assert (olsen.handle, olsen.author_name, olsen.date) == (
        "CaptainOlsen",
        "Ingrid Olsen",
        dt.date(2023, 1, 28),
    )
    assert doc[harbour.start : harbour.end].startswith('<div class="tweet"')
    # a card drawn without its text (a post of a photo alone) still gives its author and date
    (photo,) = parse_html(
        '<div class="tweet" data-attrs="{}" data-component-name="Twitter2ToDOM">'
        '<a class="tweet-link-top" href="https://twitter.com/a_b/status/1620000000000000003">'
        '</a><span class="tweet-author-name">A B</span><span class="tweet-author-handle">@a_b'
        '</span><span class="tweet-date">7:00 AM ∙ Feb 1, 2023</span></div>'
    )
    assert (photo.handle, photo.author_name, photo.date, photo.text) == (
        "a_b",
        "A B",
        dt.date(2023, 2, 1),
        None,
    )


@pytest.mark.parametrize(
    "attrs",
    [
        "",
        "{not json",
        "[1, 2]",
        "{&quot;url&quot;: 5, &quot;full_text&quot;: [], &quot;date&quot;: {}}",
        "{&quot;url&quot;: &quot;https://example.com/a/status/1&quot;}",
        "[" * 5000 + "]" * 5000,
    ],
)
def test_substack_components_with_bad_json_name_no_post_or_their_link(attrs: str) -> None:
    for name in ("Twitter2ToDOM", "InstagramToDOM", "BlueskyCreateBlueskyEmbed"):
        assert parse_html(f'<div data-attrs="{attrs}" data-component-name="{name}"></div>') == []
    linked = parse_html(
        f'<a href="https://x.com/a/status/123" data-attrs="{attrs}"'
        ' data-component-name="Twitter2ToDOM"><p>x</p></a>'
    )
    assert [(e.post_id, e.text) for e in linked] == [("123", None)]


def test_a_substack_component_name_on_an_inner_frame_is_no_card() -> None:
    # found by fuzzing: the fragment's kind came from a frame inside it, whose attribute the
    # reader then looked up on the fragment's root
    doc = '<div data-tweet-id="1"><iframe data-component-name="Twitter2ToDOM"></iframe></div>'
    assert parse_html(doc) == []


def test_every_substack_marker_has_its_reader() -> None:
    from embedarchive.detect import _readers

    assert set(_fragments.SUBSTACK_COMPONENTS) == set(_readers._SUBSTACK_COMPONENTS)


def test_a_link_is_read_only_as_substacks_own_card() -> None:
    # other links name posts too, and the marker may sit in their text
    assert parse_html('<a href="https://x.com/a/status/1">Twitter2ToDOM</a>') == []
    assert parse_html('<a href="https://x.com/a/status/1" class="twitter-tweet">x</a>') == []


def test_frames_left_by_scripts_lazy_frames_and_embed_services() -> None:
    doc = (DATA / "lazy_and_proxied.html").read_text(encoding="utf-8")
    embeds = parse_html(doc, videos=True)
    assert [(e.platform, e.post_id, e.form) for e in embeds] == [
        (Platform.BLUESKY, "3laub4w3cbs2c", "iframe"),
        (Platform.THREADS, "C8vQk2DvXz1", "iframe"),
        (Platform.YOUTUBE, "mGENRKrdoGY", "iframe"),
        (Platform.INSTAGRAM, "CIqsGheBmpi", "iframe"),
        (Platform.FACEBOOK, "10153908777222475", "iframe"),
        (Platform.TWITTER, "1732625835067322395", "iframe"),
        (Platform.YOUTUBE, "ogfYd705cRs", "lite-youtube"),
        (Platform.TWITTER, "1940042516178755584", "embedly"),
        (Platform.INSTAGRAM, "CYokA48MWDA", "embedly"),
        (Platform.TIKTOK, "6718335390845095173", "iframely"),
        (Platform.BLUESKY, "3l6oveex3ii2l", "iframely"),
        (Platform.YOUTUBE, "1-g73ty9v04", "drupal-oembed"),
        (Platform.TWITTER, "1735283928513798331", "drupal-oembed"),
    ]
    by_id = {e.post_id: e for e in embeds}
    assert by_id["1735283928513798331"].handle == "EU_Commission"
    assert by_id["3laub4w3cbs2c"].url == (
        "https://bsky.app/profile/did:plc:z72i7hdynmk6r22z27h6tvur/post/3laub4w3cbs2c"
    )
    assert by_id["C8vQk2DvXz1"].handle == "zuck"
    assert (
        by_id["1940042516178755584"].url == "https://x.com/rajnathsingh/status/1940042516178755584"
    )
    assert by_id["1940042516178755584"].handle == "rajnathsingh"
    assert by_id["6718335390845095173"].handle == "scout2015"
    for embed in embeds:
        assert doc[embed.start] == "<"
        assert doc[embed.start : embed.end].count("<iframe") <= 1
    # the container div of Bluesky's frame, links, images, a news card, an Iframely short id,
    # playlists, a live stream and an ad frame are not posts
    assert len(parse_html(doc)) == len(embeds) - 3  # (YouTube is reported with videos=True)


def test_youtube_playlist_and_live_stream_players_are_not_videos() -> None:
    for src in (
        "https://www.youtube.com/embed/videoseries?list=PL123",
        "https://www.youtube-nocookie.com/embed/live_stream?channel=UC1",
    ):
        assert parse_html(f'<iframe src="{src}"></iframe>', videos=True) == []


_MARKER_ALPHABET = sorted(
    {*_fragments._MARKERS, *_fragments._PIVOT_WORDS, "<", "-", "/", ".", "d", "embedembed"}
)


def _marker_passes(text: str) -> list[int]:
    """What the pivots stand in for: a pass of ``str.find`` per marker."""
    found = []
    for marker in _fragments._MARKERS:
        at = text.find(marker)
        while at != -1:
            found.append(at)
            at = text.find(marker, at + len(marker))
    return sorted(found)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_MARKER_ALPHABET), max_size=40).map("".join),
    st.integers(min_value=0, max_value=3),
)
def test_marker_scan_finds_what_a_pass_per_marker_finds(text: str, hits: int) -> None:
    # few pivot hits allowed: the pass per marker that takes over on hostile pages runs too
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_fragments, "PIVOT_HITS", hits)
        patch.setattr(_fragments, "PIVOT_HIT_SPACING", 10**9)
        assert _fragments._marker_positions(text) == _marker_passes(text)
    assert _fragments._marker_positions(text) == _marker_passes(text)


def test_bluesky_date_link_with_a_time_in_every_app_language() -> None:
    # the date link holds the app language's date and time, whose connector may be unknown
    recorded = json.loads((DATA.parent / "bluesky_app_dates.json").read_text(encoding="utf-8"))
    for lang, lines in recorded["lines"].items():
        for line, day in zip(lines, recorded["dates"], strict=True):
            doc = (
                '<blockquote class="bluesky-embed" data-bluesky-uri="at://did:plc:abc/'
                f'app.bsky.feed.post/3kabc"><p lang="{lang}">Text</p>&mdash; Ann (<a href="'
                'https://bsky.app/profile/did:plc:abc">@ann.bsky.social</a>) <a href="https://'
                f'bsky.app/profile/did:plc:abc/post/3kabc">{line}</a></blockquote>'
            )
            (embed,) = parse_html(doc)
            assert (embed.date, embed.date_text) == (dt.date.fromisoformat(day), line), lang


@pytest.mark.parametrize("link", ["9 gennaio 2025 senza ora", "9 gennaio 2025 alle 10:05 " * 3])
def test_bluesky_date_link_needs_a_time_after_its_date(link: str) -> None:
    doc = (
        '<blockquote class="bluesky-embed" data-bluesky-uri="at://did:plc:abc/app.bsky.feed.post/'
        '3kabc"><p>T</p>&mdash; Ann (<a href="https://bsky.app/profile/did:plc:abc">'
        '@ann.bsky.social</a>) <a href="https://bsky.app/profile/did:plc:abc/post/3kabc">'
        f"{link.strip()}</a></blockquote>"
    )
    assert parse_html(doc)[0].date is None


@pytest.mark.parametrize(
    "page",
    [
        '<div class="twitter-tweet twitter-tweet-rendered">'
        '<iframe src="http://[::1/embed/Tweet.html"></iframe></div>',
        '<div class="iframely-embed"><a href="http://[x" data-iframely-url="http://[y">x</a></div>',
        '<blockquote class="embedly-card"><a href="http://[bad">x</a></blockquote>',
    ],
)
def test_addresses_that_do_not_parse_are_skipped(page: str) -> None:
    # an unclosed "[" of an IPv6 host makes urlsplit raise ValueError; it escaped parse_html
    assert parse_html(page) == []


def test_a_declaration_the_parser_rejects_does_not_cost_the_embed() -> None:
    # found by fuzzing: html.parser gives up on "<![-- …" (ParserRejectedMarkup escaped
    # parse_html); the declaration is now read as text and the embed kept
    page = (
        '<blockquote class="twitter-tweet"><![-- 2020+ div wrap --><p lang="en">Hello world</p>'
        '&mdash; A (@a) <a href="https://twitter.com/a/status/123">July 1, 2025</a></blockquote>'
    )
    (embed,) = parse_html(page)
    assert (embed.handle, embed.post_id, embed.text) == ("a", "123", "Hello world")


def test_site_placeholders_name_their_posts_in_data_attributes() -> None:
    # data-embed-type and an id (Time's CMS) or the post's address, or an id and the class
    # embed-twitter (CNN); a wrapper around embed code
    # is read as that code; a share button, a profile, a mismatched platform name no post
    doc = (DATA / "data_embed_placeholders.html").read_text(encoding="utf-8")
    found = parse_html(doc)
    assert [(e.platform, e.post_id, e.handle, e.form) for e in found] == [
        (Platform.TWITTER, "567053242429734913", None, "data-embed"),
        (Platform.TWITTER, "440322224407314432", "TheEllenShow", "data-embed"),
        (Platform.TWITTER, "266031293945503744", None, "data-embed"),
        (Platform.TWITTER, "811531782982078464", None, "data-embed"),
        (Platform.INSTAGRAM, "BcPf3JdnV8e", None, "data-embed"),
        (Platform.TWITTER, "266031293945503744", "BarackObama", "blockquote"),
    ]
    assert found[0].url == "https://x.com/i/status/567053242429734913"
    assert found[1].url == "https://x.com/TheEllenShow/status/440322224407314432"
    assert found[-1].text == "Four more years."
    for embed in found:
        assert doc[embed.start : embed.end].startswith(("<div", "<span"))
    # the wrapper's span holds the embed code inside it
    assert doc[found[-1].start : found[-1].end].endswith("</blockquote></div>")


def test_blockquotes_whose_classes_were_stripped() -> None:
    # Readability and HTML sanitizers drop every class (trafilatura's HTML output makes some a
    # <pre>): the embed code's blockquote is read by
    # the widget's attributes, its attribution and status link, or as a placeholder holding the
    # link alone; quotes that link to a post are not embeds
    doc = (DATA / "stripped_classes.html").read_text(encoding="utf-8")
    found = parse_html(doc)
    assert [(e.post_id, e.handle, e.author_name, e.form) for e in found] == [
        ("1700000000000000001", "summitdesk", "Summit Desk", "blockquote"),
        ("1700000000000000002", "example_min", "Minister of Examples", "blockquote"),
        # (a post's display link to an Instagram post is no Instagram embed inside it)
        ("1700000000000000009", "summitdesk", "Summit Desk", "blockquote"),
        ("1700000000000000003", "gone_account", None, "blockquote-empty"),
        ("1700000000000000004", "newsphotos", None, "blockquote"),
        ("1700000000000000008", "healthdesk", "Health Desk", "blockquote"),
        ("CyZCJRjLf8T", None, None, "blockquote"),
        ("3kabcdefghi2x", "harbour.example.com", "Harbour Office", "blockquote"),
        ("C4abcDEFghi", "harbour.office", None, "blockquote"),
    ]
    assert found[0].text == "We are live from the summit pic.twitter.com/AbCdEf123"
    assert found[0].date == dt.date(2023, 9, 8) and found[0].lang == "en"
    assert found[4].text == "Crowds at the gate this morning pic.twitter.com/XyZ987"
    # Instagram, Bluesky and Threads keep their embed code's data attributes
    assert [e.platform for e in found[6:]] == [
        Platform.INSTAGRAM,
        Platform.BLUESKY,
        Platform.THREADS,
    ]
    assert found[7].text == "Ferries run again from six."
    for embed in found:
        assert doc[embed.start : embed.end].startswith(("<blockquote", "<pre>"))
        assert doc[embed.start : embed.end].endswith(("</blockquote>", "</pre>"))
