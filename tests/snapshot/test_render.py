"""Cards rendered from real data: what they show, how they are built, and the page around them."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag

import embedarchive as ea
from embedarchive.archive.sources.syndication import parse_tweet_result
from embedarchive.archive.verify import verify
from embedarchive.models import (
    Author,
    Capture,
    Embed,
    Media,
    Platform,
    Post,
    Provenance,
    Resolution,
    ResolutionStatus,
    Verification,
    VerificationStatus,
)
from embedarchive.snapshot.render import CARD_ATTR, card_css, render_snapshot

try:
    from tests.shared import shared_path
    from tests.snapshot.test_render_xss import assert_safe, json_ld
except ImportError:  # pragma: no cover - run from inside tests/
    from shared import shared_path  # type: ignore[no-redef]
    from snapshot.test_render_xss import assert_safe, json_ld  # type: ignore[no-redef]

FETCHED = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


def soup_of(markup: str) -> BeautifulSoup:
    return BeautifulSoup(markup, "lxml")


def root_of(markup: str) -> Tag:
    root = soup_of(markup).find(attrs={CARD_ATTR: True})
    assert isinstance(root, Tag)
    return root


def marathi_embed() -> Embed:
    text = shared_path("examples", "marathi_article.txt").read_text(encoding="utf-8")
    embeds = ea.parse_text(text)
    assert len(embeds) == 1
    return embeds[0]


def syndication_post(kind: str) -> tuple[Post, dict[str, Any]]:
    folder = shared_path("fixtures", "embeds")
    path = next(folder.glob(f"syndication_tweet_result_*_{kind}.json"))
    payload = json.loads(path.read_text(encoding="utf-8"))
    return parse_tweet_result(payload, fetched_at=FETCHED, url=None), payload


def capture(post: Post, when: dt.datetime, status: int | None = 200) -> Capture:
    stamp = when.strftime("%Y%m%d%H%M%S")
    return Capture(
        archive="wayback",
        url=f"https://web.archive.org/web/{stamp}/{post.url}",
        original=post.url,
        datetime=when,
        status_code=status,
    )


# --- quote only: the article's text is all there is --------------------------------------------


@pytest.mark.parametrize("wrap", ["embed", "not_found", "unreachable", "tombstoned"])
def test_marathi_quote_renders_from_the_article(wrap: str) -> None:
    embed = marathi_embed()
    item: Embed | Resolution = (
        embed if wrap == "embed" else Resolution(embed=embed, status=ResolutionStatus(wrap))
    )
    card = render_snapshot(item)
    assert_safe(card)
    root = root_of(card)
    assert root["class"] == ["embedarchive-card"]
    assert root["data-platform"] == "twitter"
    assert root["data-state"] == ("tombstoned" if wrap == "tombstoned" else "quote-only")
    article = root.find("article")
    assert isinstance(article, Tag)
    assert article["aria-label"] == f"Post by {embed.author_name} on X"
    assert root.select_one(".ea-name").get_text() == embed.author_name  # type: ignore[union-attr]
    handle = root.select_one("a.ea-handle")
    assert handle is not None and handle["href"] == f"https://x.com/{embed.handle}"
    text = root.select_one(".ea-text")
    assert text is not None and text["dir"] == "auto"
    assert embed.text is not None
    assert text.get_text("\n").replace("\n", "") == embed.text.replace("\n", "")
    mentions = {a.get_text(): a["href"] for a in text.find_all("a")}
    for handle_text in re.findall(r"@(\w+)", embed.text):
        assert mentions[f"@{handle_text}"] == f"https://x.com/{handle_text}"
    time = root.find("time")
    assert isinstance(time, Tag) and embed.date is not None
    assert time["datetime"] == embed.date.isoformat()
    state = root.select_one(".ea-state").get_text()  # type: ignore[union-attr]
    assert "Deleted or unavailable on X" in state and "the article's quote" in state
    data = json_ld(card)
    assert data["@context"] == "https://schema.org"
    assert data["author"]["name"] == embed.author_name
    assert data["author"]["alternateName"] == f"@{embed.handle}"
    assert data["datePublished"] == embed.date.isoformat()
    assert data["articleBody"] == embed.text


def test_the_detector_skips_our_own_cards() -> None:
    card = render_snapshot(marathi_embed())
    page = f"<html><body><p>Story.</p>{card}<p>More.</p></body></html>"
    assert ea.parse_html(page) == []
    assert ea.parse_html(render_snapshot(marathi_embed(), full_page=True)) == []
    for kind in ("photo", "quoted", "card"):
        post, _ = syndication_post(kind)
        card = render_snapshot(Resolution(status=ResolutionStatus.FOUND, post=post))
        assert ea.parse_html(f"<p>a</p>{card}<p>b</p>") == []
    live = (
        '<blockquote class="twitter-tweet"><p>hello</p>&mdash; A (@a) '
        '<a href="https://twitter.com/a/status/20">March 1, 2023</a></blockquote>'
    )
    found = ea.parse_html(f"{card}{live}")
    assert [e.post_id for e in found] == ["20"]


# --- archived posts from the recorded syndication payloads ------------------------------------


def test_photo_post_archived_with_the_closest_capture() -> None:
    post, payload = syndication_post("photo")
    assert post.created_at is not None
    near = capture(post, post.created_at + dt.timedelta(days=1))
    captures = (
        capture(post, post.created_at + dt.timedelta(days=400)),
        capture(post, post.created_at + dt.timedelta(hours=1), status=404),  # a failed copy
        near,
        capture(post, post.created_at - dt.timedelta(days=3)),
    )
    card = render_snapshot(Resolution(status=ResolutionStatus.FOUND, post=post, captures=captures))
    assert_safe(card)
    root = root_of(card)
    assert root["data-state"] == "archived"
    assert root["data-versionurl"] == near.url
    assert root["data-versiondate"] == near.datetime.date().isoformat()
    assert root["data-originalurl"] == post.url
    state = root.select_one(".ea-state").get_text()  # type: ignore[union-attr]
    assert (
        state
        == f"Archived copy from the Wayback Machine on {near.datetime:%b} {near.datetime.day}, {near.datetime.year}"
    )
    footer_links = root.select("footer.ea-footer a")
    assert [a["href"] for a in footer_links] == [post.url, near.url]
    for link in footer_links:
        assert link["data-originalurl"] == post.url
        assert link["data-versionurl"] == near.url
        assert link["data-versiondate"] == near.datetime.date().isoformat()
    time = root.select_one("footer time")
    assert time is not None and time["datetime"] == payload["created_at"].replace(".000", "")
    # the t.co link is shown by its display form and points at the expanded URL
    entity = payload["entities"]["urls"][0]
    link = root.select_one(".ea-text a")
    assert link is not None
    assert link.get_text() == entity["display_url"]
    assert link["href"] == entity["expanded_url"]
    assert "t.co" not in root.select_one(".ea-text").get_text()  # type: ignore[union-attr]
    # media: a link, never a hotlinked image
    media = root.select(".ea-media li a")
    assert [a["href"] for a in media] == [payload["mediaDetails"][0]["media_url_https"]]
    assert media[0]["aria-label"].startswith("Photo 1")
    assert root.find("img") is None
    data = json_ld(card)
    assert data["author"]["name"] == payload["user"]["name"]
    assert data["datePublished"] == time["datetime"]
    assert data["archivedAt"] == near.url
    assert data["inLanguage"] == "en"


def test_remote_images_only_when_allowed() -> None:
    post, payload = syndication_post("photo")
    card = render_snapshot(
        Resolution(status=ResolutionStatus.FOUND, post=post), allow_remote=True, full_page=True
    )
    image = root_of(card).select_one(".ea-media img")
    assert image is not None and image["src"] == payload["mediaDetails"][0]["media_url_https"]
    assert image["alt"].startswith("Photo 1")
    assert "img-src data: https:;" in card


def test_media_dir_inlines_saved_files_as_data_images(tmp_path: Path) -> None:
    post, payload = syndication_post("photo")
    name = payload["mediaDetails"][0]["media_url_https"].rsplit("/", 1)[-1]
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(32))
    (tmp_path / name).write_bytes(png)
    card = render_snapshot(
        Resolution(status=ResolutionStatus.FOUND, post=post), media_dir=str(tmp_path)
    )
    assert_safe(card, images=True)
    image = root_of(card).select_one(".ea-media img")
    assert image is not None and image["src"].startswith("data:image/png;base64,")
    assert "img-src data:;" in render_snapshot(
        Resolution(status=ResolutionStatus.FOUND, post=post),
        media_dir=str(tmp_path),
        full_page=True,
    )


def test_media_whose_address_does_not_parse_is_no_saved_file(tmp_path: Path) -> None:
    # an unclosed "[" of an IPv6 host made urlsplit raise ValueError out of render_snapshot
    post, _ = syndication_post("photo")
    broken = post.model_copy(
        update={"media": (post.media[0].model_copy(update={"url": "http://[x/a.png"}),)}
    )
    card = render_snapshot(
        Resolution(status=ResolutionStatus.FOUND, post=broken), media_dir=str(tmp_path)
    )
    assert_safe(card)


def test_quoted_post_is_a_nested_card() -> None:
    post, payload = syndication_post("quoted")
    assert post.quoted is not None
    card = render_snapshot(Resolution(status=ResolutionStatus.FOUND, post=post))
    assert_safe(card)
    root = root_of(card)
    quoted = root.select_one("section.ea-quoted")
    assert quoted is not None
    inner = payload["quoted_tweet"]["user"]
    assert quoted["aria-label"] == f"Quoted post by {inner['name']}"
    assert quoted.select_one(".ea-name").get_text() == inner["name"]  # type: ignore[union-attr]
    assert quoted.select_one("a.ea-handle")["href"] == f"https://x.com/{inner['screen_name']}"  # type: ignore[index]
    assert quoted.select(".ea-media a")
    hashtag = root.select_one(".ea-hashtag")
    assert hashtag is not None
    assert hashtag["href"] == "https://x.com/hashtag/ReactNative"
    # the main text comes before the quoted card, the state and footer after it
    order = [el.get("class", [""])[0] for el in root.article.find_all(recursive=False)]  # type: ignore[union-attr]
    assert order == ["ea-header", "ea-text", "ea-quoted", "ea-state", "ea-footer"]
    data = json_ld(card)
    assert data["sharedContent"]["author"]["name"] == inner["name"]
    assert data["sharedContent"]["url"] == post.quoted.url


def test_card_post_trailing_ellipsis_is_not_part_of_the_link() -> None:
    post, payload = syndication_post("card")
    card = render_snapshot(Resolution(status=ResolutionStatus.FOUND, post=post))
    assert_safe(card)
    root = root_of(card)
    for mention in payload["entities"]["user_mentions"]:
        link = root.find("a", string=f"@{mention['screen_name']}")
        assert isinstance(link, Tag)
        assert link["href"] == f"https://x.com/{mention['screen_name']}"
    state = root.select_one(".ea-state").get_text()  # type: ignore[union-attr]
    assert state == "Archived copy from X's embed service on Jan 2, 2024"  # from provenance


def test_other_recorded_post_with_ellipsis_after_link() -> None:
    path = shared_path("fixtures", "embeds", "syndication_tweet_result_1703436713362870723.json")
    post = parse_tweet_result(
        json.loads(path.read_text(encoding="utf-8")), fetched_at=FETCHED, url=None
    )
    card = render_snapshot(Resolution(status=ResolutionStatus.FOUND, post=post))
    assert_safe(card)
    link = root_of(card).select_one(".ea-text a[href^='https://reddit.com']")
    assert link is not None
    assert link.get_text() == "reddit.com/r/technology/c…"
    assert link.next_sibling is not None and str(link.next_sibling).startswith("…")


def test_reply_context() -> None:
    post = Post(
        platform=Platform.TWITTER, id="5", url="https://x.com/a/status/5",
        author=Author(name="A", handle="a"), text="yes", in_reply_to="4", in_reply_to_handle="b_b",
    )  # fmt: skip
    root = root_of(render_snapshot(Resolution(status=ResolutionStatus.FOUND, post=post)))
    reply = root.select_one(".ea-reply")
    assert reply is not None and reply.get_text() == "Replying to @b_b"
    assert reply.a is not None and reply.a["href"] == "https://x.com/b_b"


# --- the article's quote differs ----------------------------------------------------------------


def test_differs_state_shows_the_diff() -> None:
    post, _ = syndication_post("photo")
    quote = post.text.replace("View Flattening", "View Squashing").replace("short", "long")
    embed = Embed(
        platform=Platform.TWITTER, start=0, end=1, author_name=post.author.name,
        handle=post.author.handle, text=quote, url=post.url, post_id=post.id,
    )  # fmt: skip
    verification = verify(embed, post)
    assert verification.status in (VerificationStatus.EDITED, VerificationStatus.MISMATCH)
    assert verification.diff
    card = render_snapshot(
        Resolution(embed=embed, status=ResolutionStatus.FOUND, post=post, verification=verification)
    )
    assert_safe(card)
    root = root_of(card)
    assert root["data-state"] == "differs"
    state = root.select_one(".ea-state")
    assert state is not None
    assert "The article's quote differs from the archived post" in state.get_text()
    details = state.find("details")
    assert isinstance(details, Tag) and details.summary is not None
    assert details.select(".ea-del") and details.select(".ea-ins")
    assert "Squashing" in " ".join(s.get_text() for s in details.select(".ea-ins"))
    assert quote in details.get_text()
    # the card shows the archived text, the article's version is in the details
    assert "View Flattening" in root.select_one(".ea-text").get_text()  # type: ignore[union-attr]


def test_unclosed_diff_markers_render_as_text() -> None:
    post, _ = syndication_post("photo")
    bad = Verification(status=VerificationStatus.MISMATCH, diff="a [-b {+c" + "[-" * 2000)
    card = render_snapshot(Resolution(status=ResolutionStatus.FOUND, post=post, verification=bad))
    assert_safe(card)
    pre = root_of(card).select_one(".ea-diff pre")
    assert pre is not None and pre.get_text().startswith("a [-b {+c")


# --- platforms, languages, themes -----------------------------------------------------------


@pytest.mark.parametrize(
    ("platform", "mention", "profile", "tag"),
    [
        (Platform.BLUESKY, "@alice.bsky.social", "https://bsky.app/profile/alice.bsky.social", "https://bsky.app/hashtag/news"),
        (Platform.TWITTER, "@alice_1", "https://x.com/alice_1", "https://x.com/hashtag/news"),
        (Platform.YOUTUBE, "@alice", None, None),
        (Platform.LINKEDIN, "@alice", None, None),
    ],
)  # fmt: skip
def test_mentions_and_hashtags_link_per_platform(
    platform: Platform, mention: str, profile: str | None, tag: str | None
) -> None:
    embed = Embed(platform=platform, start=0, end=1, text=f"hi {mention}. #news #2024")
    root = root_of(render_snapshot(embed))
    links = {a.get_text(): a["href"] for a in root.select(".ea-text a")}
    expected = {k: v for k, v in {mention: profile, "#news": tag}.items() if v}
    assert links == expected
    assert root.select_one(".ea-text").get_text() == embed.text  # type: ignore[union-attr]


def test_right_to_left_text_and_language() -> None:
    embed = Embed(
        platform=Platform.TWITTER, start=0, end=1, author_name="محمد", handle="m",
        text="مرحبا بالعالم @m", lang="ar",
    )  # fmt: skip
    root = root_of(render_snapshot(embed))
    text = root.select_one(".ea-text")
    assert text is not None and text["dir"] == "auto" and text["lang"] == "ar"
    assert root.select_one("bdi.ea-name").get_text() == "محمد"  # type: ignore[union-attr]
    hinted = root_of(render_snapshot(embed.model_copy(update={"lang": None}), lang="mr"))
    assert hinted.select_one(".ea-text")["lang"] == "mr"  # type: ignore[index]
    bad = root_of(render_snapshot(embed.model_copy(update={"lang": None}), lang='x" onx="'))
    assert not bad.select_one(".ea-text").has_attr("lang")  # type: ignore[union-attr]


@pytest.mark.parametrize("theme", ["auto", "light", "dark"])
def test_theme_attribute(theme: str) -> None:
    root = root_of(render_snapshot(marathi_embed(), theme=theme))  # type: ignore[arg-type]
    assert root["data-theme"] == theme


def test_full_page_document() -> None:
    page = render_snapshot(marathi_embed(), full_page=True)
    assert page.startswith("<!doctype html>")
    assert_safe(page, page=True)
    soup = soup_of(page)
    assert soup.find("meta", charset="utf-8") is not None
    assert soup.find("meta", attrs={"name": "viewport"}) is not None
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert isinstance(csp, Tag)
    assert csp["content"] == (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
        "form-action 'none'"
    )
    referrer = soup.find("meta", attrs={"name": "referrer"})
    assert isinstance(referrer, Tag) and referrer["content"] == "no-referrer"
    assert soup.title is not None and soup.title.get_text() == "Post by Rajnath Singh on X"
    assert soup.body is not None and soup.body.find(attrs={CARD_ATTR: True}) is not None


def test_fragment_is_self_contained() -> None:
    card = render_snapshot(marathi_embed())
    assert card.startswith(f"<div {CARD_ATTR} ") and card.endswith("</div>")
    root = root_of(card)
    style = root.find("style")
    assert isinstance(style, Tag) and style.get_text() == card_css()


def test_stylesheet_is_scoped_and_local() -> None:
    css = card_css()
    assert "url(" not in css.lower() and "@import" not in css and "@font-face" not in css
    body = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    selectors: list[str] = []
    for raw in re.findall(r"([^{}]+)\{", body):
        block = raw.strip()
        if block.startswith("@media"):
            assert "prefers-color-scheme" in block
            continue
        selectors.extend(s.strip() for s in block.split(",") if s.strip())
    assert selectors
    # `:is(a, b)` lists split on commas too; their pieces are inside the scoped selector
    loose = [
        s
        for s in selectors
        if not s.startswith(".embedarchive-card") and not re.fullmatch(r"[a-z]+\)?", s)
    ]
    assert loose == []
    assert "all: initial" in css
    assert '[data-theme="dark"]' in css and '[data-theme="auto"]' in css
    assert "--ea-bg" in css


def test_readable_without_css_in_semantic_order() -> None:
    post, _ = syndication_post("photo")
    root = root_of(render_snapshot(Resolution(status=ResolutionStatus.FOUND, post=post)))
    names = [el.name for el in root.article.find_all(recursive=False)]  # type: ignore[union-attr]
    assert names[0] == "header" and names[-1] == "footer"
    assert names.index("div") < names.index("ul")  # text before media
    for link in root.select("a"):
        assert link.get_text().strip() or link.get("aria-label")
        assert link["rel"] == ["noopener", "noreferrer", "nofollow"]


def test_provenance_without_capture_and_no_text() -> None:
    post = Post(
        platform=Platform.MASTODON, id="1", url="https://example.social/@a/1",
        author=Author(handle="a@example.social"), text="", media=(Media(url="https://example.social/m.png", alt_text="a cat"),),
        provenance=Provenance(source="import", fetched_at=FETCHED),
    )  # fmt: skip
    card = render_snapshot(Resolution(status=ResolutionStatus.FOUND, post=post))
    assert_safe(card)
    root = root_of(card)
    assert root.select_one(".ea-name").get_text() == "a@example.social"  # type: ignore[union-attr]
    assert root.select_one("a.ea-handle")["href"] == "https://example.social/@a"  # type: ignore[index]
    assert root.select_one(".ea-media a")["aria-label"] == "Photo 1: a cat"  # type: ignore[index]
    assert "an imported archive" in root.select_one(".ea-state").get_text()  # type: ignore[union-attr]
    assert not root.has_attr("data-versionurl")
