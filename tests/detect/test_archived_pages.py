"""Articles read from a web archive's copy, whose links lead to the archive's copies."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.shared import shared_path

from embedarchive.detect.html import parse_html
from embedarchive.detect.text import parse_text
from embedarchive.models import Embed, Platform

DATA = Path(__file__).resolve().parent.parent / "data"

# What the Wayback Machine does to an archived page: every absolute address in an href or a src
# leads to its own copy ("im_" for embedded resources)
_ADDRESS_ATTRIBUTE = re.compile(r"""(\s(?:href|src)=)(["'])(https?:)?//""", re.IGNORECASE)


def as_archived(page: str) -> str:
    def rewrite(m: re.Match[str]) -> str:
        mode = "im_" if m.group(1).strip().lower().startswith("src") else ""
        return f"{m.group(1)}{m.group(2)}https://web.archive.org/web/20200101000000{mode}/{m.group(3) or 'https:'}//"

    return _ADDRESS_ATTRIBUTE.sub(rewrite, page)


def _fields(embeds: list[Embed]) -> list[tuple[object, ...]]:
    return [(e.platform, e.handle, e.post_id, e.url, e.links, e.date, e.text) for e in embeds]


@pytest.mark.corpus
def test_an_archived_copy_of_each_corpus_page_gives_the_same_embeds() -> None:
    pages = sorted(shared_path("corpus", "html").glob("*.html"))
    assert len(pages) >= 100
    rewritten = 0
    for path in pages:
        page = path.read_text(encoding="utf-8", errors="replace")
        archived = as_archived(page)
        rewritten += archived != page
        assert _fields(parse_html(archived)) == _fields(parse_html(page)), path.name
    assert rewritten >= 100


def test_relative_archive_links_and_base_url() -> None:
    page = (
        '<blockquote class="twitter-tweet"><p lang="en">Roads reopen at noon '
        '<a href="/web/20230105101010/https://t.co/Rd0pen1x">pic.twitter.com/Rd0pen1x</a></p>'
        "&mdash; County Council (@countycouncil) "
        '<a href="/web/20230105101010/https://twitter.com/countycouncil/status/1611000000000000001">'
        "January 5, 2023</a></blockquote>"
    )
    base = "https://web.archive.org/web/20230105101010/https://news.example/roads"
    for embed in (parse_html(page)[0], parse_html(page, base_url=base)[0]):
        assert embed.post_id == "1611000000000000001"
        assert embed.url == "https://x.com/countycouncil/status/1611000000000000001"
    # with the archived page's address, relative links resolve and lead back to the originals
    assert parse_html(page, base_url=base)[0].links == ("https://t.co/Rd0pen1x",)


def test_markdown_of_an_archived_page() -> None:
    text = (DATA / "text" / "archived_page_links.txt").read_text(encoding="utf-8")
    council, mayor, depot, crew = parse_text(text)
    assert (council.handle, council.post_id, council.date_text) == (
        "countycouncil",
        "1611000000000000001",
        "January 5, 2023",
    )
    assert (
        council.text
        == "Roads reopen at noon, thanks to everyone who stayed home pic.twitter.com/Rd0pen1x"
    )
    assert council.links == ("https://t.co/Rd0pen1x", "pic.twitter.com/Rd0pen1x")
    # an auto-embed's address as the label of a link to the archive's copy
    assert (mayor.form, mayor.post_id, mayor.handle) == (
        "status-url",
        "1611000000000000002",
        "citymayor",
    )
    # the caption's name links to the archive's copy of the profile: a long address
    assert (depot.platform, depot.handle, depot.author_name) == (
        Platform.INSTAGRAM,
        "countyroadsdepot",
        "County Roads Depot",
    )
    assert (crew.platform, crew.handle, crew.text) == (
        Platform.TIKTOK,
        "roadcrew",
        "snow day shift, all hands on deck",
    )
    # the same page read from the original: the same embeds
    original = text.replace("https://web.archive.org/web/20230105101010/", "")
    assert _fields(parse_text(original)) == _fields([council, mayor, depot, crew])


def test_a_status_url_labelling_a_link_to_itself_with_tracking_is_an_auto_embed() -> None:
    url = "https://twitter.com/citymayor/status/1611000000000000002"
    text = f"The mayor replied:\n\n[{url}]({url}?ref_src=twsrc%5Etfw)\n\nThe council thanked the crews.\n"
    (embed,) = parse_text(text)
    assert (embed.form, embed.post_id) == ("status-url", "1611000000000000002")
    assert text[embed.start : embed.end].startswith(f"[{url}]")
