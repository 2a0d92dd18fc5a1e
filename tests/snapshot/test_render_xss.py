"""Cards are safe by construction: hostile names, text and URLs never become markup or script.

Every card is checked with :func:`assert_safe`, which parses it with the standard library's
``html.parser`` (a tokenizer close to a browser's) and holds it to an allow-list of elements,
no ``on*`` attribute, no ``style`` attribute, hrefs only with http/https/mailto (read the way a
browser reads a scheme), ``<script>`` only as ``application/ld+json`` data that parses as JSON,
and CSS without ``url()`` or ``@import``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import string
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from embedarchive.models import (
    Author,
    Capture,
    Embed,
    Media,
    Platform,
    Post,
    Resolution,
    ResolutionStatus,
    Verification,
    VerificationStatus,
)
from embedarchive.snapshot.render import render_snapshot

PAYLOADS: list[str] = json.loads(
    (Path(__file__).resolve().parent.parent / "data" / "snapshot" / "xss_payloads.json").read_text(
        encoding="utf-8"
    )
)

CARD_TAGS = {
    "div", "article", "header", "footer", "p", "a", "span", "bdi", "time", "ul", "li",
    "details", "summary", "pre", "section", "style", "script",
}  # fmt: skip
PAGE_TAGS = {"html", "head", "meta", "title", "body"}
# What a browser drops before it reads a URL's scheme: tab/newline anywhere, C0 controls and
# spaces around it.
_BROWSER_STRIP = re.compile(r"[\t\n\r]")


@dataclass
class Scan:
    """What html.parser saw in a card."""

    tags: list[str] = field(default_factory=list)
    attrs: list[tuple[str, str, str | None]] = field(default_factory=list)
    scripts: list[tuple[dict[str, str | None], str]] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = Scan()
        self._raw: tuple[str, dict[str, str | None]] | None = None
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.scan.tags.append(tag)
        self.scan.attrs.extend((tag, name, value) for name, value in attrs)
        if tag in ("script", "style"):
            self._raw = (tag, dict(attrs))
            self._buffer = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self._raw is not None:
            self._buffer.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._raw is not None and tag == self._raw[0]:
            body = "".join(self._buffer)
            if tag == "script":
                self.scan.scripts.append((self._raw[1], body))
            else:
                self.scan.styles.append(body)
            self._raw = None


def scan(markup: str) -> Scan:
    parser = _Parser()
    parser.feed(markup)
    parser.close()
    return parser.scan


def browser_scheme(url: str) -> str | None:
    """The scheme a browser would read from an href value (None for a relative URL)."""
    cleaned = _BROWSER_STRIP.sub("", url).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c"
                                                 "\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18"
                                                 "\x19\x1a\x1b\x1c\x1d\x1e\x1f ")  # fmt: skip
    match = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", cleaned)
    return match.group(1).lower() if match else None


def assert_safe(markup: str, *, images: bool = False, page: bool = False) -> Scan:
    """Hold a rendered card to the safety rules; returns the scan for further checks."""
    result = scan(markup)
    allowed = CARD_TAGS | (PAGE_TAGS if page else set()) | ({"img"} if images else set())
    assert set(result.tags) <= allowed, set(result.tags) - allowed
    for tag, name, value in result.attrs:
        assert not name.startswith("on"), (tag, name, value)
        assert name not in ("style", "srcdoc", "formaction", "background"), (tag, name)
        if name == "href":
            assert value is not None
            assert browser_scheme(value) in ("http", "https", "mailto"), value
        if name == "src":
            assert tag == "img"
            assert value is not None
            assert value.startswith(("data:image/png;", "data:image/jpeg;", "data:image/gif;"))
            assert images
        if tag == "meta" and name == "http-equiv":
            assert value is not None
            assert value.lower() == "content-security-policy"
    assert len(result.scripts) == 1, "exactly one script: the JSON-LD"
    for attrs, body in result.scripts:
        assert attrs == {"type": "application/ld+json"}
        assert "<" not in body and ">" not in body
        data = json.loads(body)
        assert data["@type"] == "SocialMediaPosting"
    for css in result.styles:
        lowered = css.lower()
        assert "url(" not in lowered and "@import" not in lowered and "</" not in lowered
        assert "expression(" not in lowered
    return result


def json_ld(markup: str) -> dict[str, Any]:
    body = scan(markup).scripts[0][1]
    data = json.loads(body)
    assert isinstance(data, dict)
    return data


def visible_text(markup: str) -> str:
    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup.find_all(["style", "script"]):
        tag.decompose()
    return soup.get_text()


# --- the corpus -------------------------------------------------------------------------------

WHEN = dt.datetime(2023, 3, 29, 14, 34, 41, tzinfo=dt.UTC)


def hostile_resolution(payload: str, platform: Platform = Platform.TWITTER) -> Resolution:
    """A resolution with ``payload`` in every text and URL field a card shows."""
    quoted = Post(
        platform=platform,
        id="2",
        url=payload,
        author=Author(name=payload, handle=payload),
        text=f"quoted {payload}",
        media=(Media(url=payload, alt_text=payload),),
    )
    post = Post(
        platform=platform,
        id="1",
        url=payload,
        author=Author(name=payload, handle=payload),
        created_at=WHEN,
        text=f"before {payload} after https://t.co/abc {payload}",
        lang=payload,
        media=(Media(url=payload, preview_url=payload, alt_text=payload),),
        entities={
            "urls": [{"url": "https://t.co/abc", "display_url": payload, "expanded_url": payload}]
        },
        quoted=quoted,
        in_reply_to="3",
        in_reply_to_handle=payload,
    )
    embed = Embed(
        platform=platform, start=0, end=1, author_name=payload, handle=payload,
        text=f"quote {payload}", url=payload, lang=payload,
    )  # fmt: skip
    capture = Capture(archive=payload, url=payload, original=payload, datetime=WHEN)
    return Resolution(
        embed=embed,
        status=ResolutionStatus.FOUND,
        post=post,
        captures=(capture,),
        verification=Verification(status=VerificationStatus.EDITED, diff=f"[-{payload}-]{{+x+}}"),
    )


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("platform", [Platform.TWITTER, Platform.BLUESKY, Platform.MASTODON])
def test_payload_in_every_field_of_a_resolution(payload: str, platform: Platform) -> None:
    card = render_snapshot(hostile_resolution(payload, platform))
    assert_safe(card)
    assert render_snapshot(hostile_resolution(payload, platform), full_page=True).startswith(
        "<!doctype html>"
    )
    # the text is shown, not interpreted: what the reader sees contains the payload's words
    assert "before " in visible_text(card)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_in_an_embed_alone_full_page(payload: str) -> None:
    embed = Embed(
        platform=Platform.TWITTER, start=0, end=1, author_name=payload, handle=payload,
        text=payload, url=payload, date=dt.date(2025, 7, 1),
    )  # fmt: skip
    page = render_snapshot(embed, full_page=True, theme="dark")
    result = assert_safe(page, page=True)
    assert result.tags.count("meta") == 4


@pytest.mark.parametrize(
    "payload",
    ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><b>bold</b>', "&lt;i&gt;"],
)
def test_markup_in_text_is_shown_literally(payload: str) -> None:
    embed = Embed(platform=Platform.TWITTER, start=0, end=1, author_name=payload, text=payload)
    card = render_snapshot(embed)
    assert_safe(card)
    soup = BeautifulSoup(card, "html.parser")
    assert soup.select_one(".ea-text").get_text() == payload  # type: ignore[union-attr]
    assert soup.select_one(".ea-name").get_text() == payload  # type: ignore[union-attr]
    assert json_ld(card)["articleBody"] == payload


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "\x01 javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:x",
        "//evil.example/x",
        "ｊａｖａｓｃｒｉｐｔ:alert(1)",
        "https:///no-host",
    ],
)
def test_unsafe_urls_never_become_links(url: str) -> None:
    post = Post(
        platform=Platform.TWITTER, id="1", url=url, author=Author(name="A", handle="a"),
        text="see", media=(Media(url=url),),
    )  # fmt: skip
    card = render_snapshot(Resolution(status=ResolutionStatus.FOUND, post=post))
    result = assert_safe(card)
    hrefs = [value for _, name, value in result.attrs if name == "href"]
    assert hrefs == ["https://x.com/a"]  # only the profile link survives


def test_closing_script_in_text_stays_inside_the_json() -> None:
    text = '</script><script>alert(1)</script><!-- "&'
    embed = Embed(platform=Platform.TWITTER, start=0, end=1, author_name=text, text=text)
    card = render_snapshot(embed)
    result = assert_safe(card)
    assert result.tags.count("script") == 1
    raw = card.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "\\u003c/script\\u003e" in raw
    assert json_ld(card)["articleBody"] == text
    assert json_ld(card)["author"]["name"] == text


def test_unicode_tricks_are_contained() -> None:
    name = "Evil\u202eemaN"
    text = "a\x00b \u200b zero ＜script＞alert(1)＜/script＞ \ud800"
    embed = Embed(platform=Platform.TWITTER, start=0, end=1, author_name=name, text=text)
    card = render_snapshot(embed)
    assert_safe(card)
    card.encode("utf-8")  # lone surrogates were dropped, the card can be written out
    soup = BeautifulSoup(card, "html.parser")
    name_el = soup.select_one(".ea-name")
    assert name_el is not None and name_el.name == "bdi"  # the override cannot leak out
    assert name_el.get_text() == name
    shown = soup.select_one(".ea-text").get_text()  # type: ignore[union-attr]
    assert "\x00" not in shown and "ab" in shown
    assert "＜script＞" in shown  # fullwidth brackets are just text


# --- generated inputs -------------------------------------------------------------------------

_PIECES = st.sampled_from(
    ["<", ">", '"', "'", "&", "&amp;", "&lt;", "</script>", "<!--", "-->", "javascript:",
     "java\tscript:", "data:", "http://", "https://", "https://t.co/x", "mailto:", "www.",
     "@", "#", "\u202e", "\u200b", "\x00", "\n", " on", "onerror=", "url(", "\ud800", "…"]
)  # fmt: skip
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=12).map("".join)
_OPT = st.none() | _TEXT
_URL = st.one_of(
    _TEXT,
    st.builds(
        lambda s, p: f"{s}{p}",
        st.sampled_from(["https://", "http://", "mailto:", "javascript:"]),
        _TEXT,
    ),
)


@st.composite
def posts(draw: st.DrawFn, depth: int = 0) -> Post:
    quoted = draw(st.none() | posts(depth + 1)) if depth < 1 else None
    return Post(
        platform=draw(st.sampled_from(list(Platform))),
        id=draw(st.text(string.digits, min_size=1, max_size=5)),
        url=draw(_URL),
        author=Author(name=draw(_OPT), handle=draw(_OPT)),
        created_at=draw(st.none() | st.datetimes(timezones=st.just(dt.UTC))),
        text=draw(_TEXT),
        lang=draw(_OPT),
        media=tuple(
            draw(
                st.lists(
                    st.builds(Media, url=_URL, alt_text=_OPT, preview_url=st.none() | _URL),
                    max_size=2,
                )
            )
        ),
        entities={
            "urls": [{"url": draw(_URL), "display_url": draw(_TEXT), "expanded_url": draw(_URL)}]
        },
        quoted=quoted,
        in_reply_to=draw(st.none() | st.just("9")),
        in_reply_to_handle=draw(_OPT),
    )


embeds = st.builds(
    Embed,
    platform=st.sampled_from(list(Platform)),
    start=st.just(0),
    end=st.just(1),
    author_name=_OPT,
    handle=_OPT,
    date=st.none() | st.dates(),
    text=_OPT,
    url=st.none() | _URL,
    lang=_OPT,
)
captures = st.builds(
    Capture,
    archive=_TEXT,
    url=_URL,
    original=_URL,
    datetime=st.datetimes(timezones=st.just(dt.UTC)),
    status_code=st.none() | st.sampled_from([200, 302, 404]),
)
resolutions = st.builds(
    Resolution,
    embed=st.none() | embeds,
    status=st.sampled_from(list(ResolutionStatus)),
    post=st.none() | posts(),
    captures=st.lists(captures, max_size=3).map(tuple),
    verification=st.builds(
        Verification, status=st.sampled_from(list(VerificationStatus)), diff=_OPT
    ),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(item=st.one_of(embeds, resolutions), full_page=st.booleans())
def test_generated_inputs_render_safely(item: Embed | Resolution, full_page: bool) -> None:
    card = render_snapshot(item, full_page=full_page)
    assert_safe(card, page=full_page)
    card.encode("utf-8")
    assert card.count("data-embedarchive-card") == 1


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(item=resolutions)
def test_generated_inputs_with_remote_media_only_load_https_images(item: Resolution) -> None:
    card = render_snapshot(item, allow_remote=True, full_page=True)
    result = scan(card)
    for tag, name, value in result.attrs:
        assert not name.startswith("on")
        if tag == "img" and name == "src":
            assert value is not None and value.lower().startswith("https://"), value
    assert "img-src data: https:" in card


@pytest.mark.parametrize(
    "bad",
    [
        '<a href="javascript:alert(1)">x</a>',
        '<a href="java&#9;script:alert(1)">x</a>',
        '<div onclick="x"></div>',
        "<img src=x>",
        "<script>alert(1)</script>",
        '<script type="application/ld+json">{"a": "</script><script>x</script>',
        "<style>.x{background:url(//evil)}</style>",
        "<iframe></iframe>",
    ],
)
def test_the_checker_rejects_known_bad_markup(bad: str) -> None:
    ok = '<script type="application/ld+json">{"@type": "SocialMediaPosting"}</script>'
    markup = f"<div>{bad}</div>" + ("" if "<script" in bad else ok)
    with pytest.raises((AssertionError, json.JSONDecodeError)):
        assert_safe(markup)


@pytest.mark.parametrize(
    "text",
    [
        "@" * 50_000,
        "#" * 50_000,
        "http://" * 7_000,
        ("http://a" + ")" * 2_040 + " ") * 24,
        ("@" + "a." * 200 + " ") * 120,
        "<&>\"'" * 10_000,
        "\n" * 50_000,
        "@a#b http://x.co/ " * 3_000,
    ],
    ids=["at", "hash", "schemes", "parens", "dotted", "specials", "newlines", "mixed"],
)
def test_hostile_long_text_renders_quickly(text: str) -> None:
    import time

    for platform in (Platform.TWITTER, Platform.BLUESKY, Platform.MASTODON):
        embed = Embed(platform=platform, start=0, end=1, text=text, author_name=text[:300])
        started = time.perf_counter()
        card = render_snapshot(embed)
        assert time.perf_counter() - started < 1.0
        assert_safe(card)
