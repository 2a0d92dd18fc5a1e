"""Rewriting articles: cards spliced into the embeds' spans, every other byte kept, platform
scripts removed in replace mode, the live embed kept with a fallback in backup mode; plain-text
articles as HTML documents; every real corpus page with embeds; hostile and generated pages."""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
import subprocess
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from embedarchive.archive.resolver import Archive
from embedarchive.detect._charset import decode_html
from embedarchive.detect.html import parse_html
from embedarchive.detect.text import parse_text
from embedarchive.models import Author, Embed, Platform, Post, Provenance
from embedarchive.snapshot.render import render_snapshot
from embedarchive.snapshot.rewrite import rewrite_html, rewrite_text

try:
    from tests.shared import shared_path
except ImportError:  # tests/ itself is the import root
    from shared import shared_path  # type: ignore[no-redef]

ARTICLES = Path(__file__).resolve().parent.parent / "data" / "snapshot" / "articles"
CARD_ROOT = 'data-embedarchive-card class="embedarchive-card"'

# Script elements of the hand-written page that replace mode must cut, and page code that
# mentions the same loaders but must stay.
PLATFORM_SCRIPTS = (
    '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>',
    '<script async src="//www.instagram.com/embed.js"></script>',
    '<script async src="https://embed.bsky.app/static/embed.js" charset="utf-8"></script>',
    '<script async defer crossorigin="anonymous" src="https://connect.facebook.net/en_GB/sdk.js'
    '#xfbml=1&amp;version=v19.0"></script>',
    '<script data-allowed-prefixes="https://social.harbour.example/" async '
    'src="https://social.harbour.example/embed.js"></script>',
)
KEPT_SCRIPTS = (
    '<script src="/static/app.js" defer></script>',
    '<script type="application/ld+json">{"@type":"NewsArticle","about":'
    '"https://platform.twitter.com/widgets.js"}</script>',
    '<script src="https://cdn.example.org/embed.js"></script>',
    'var later = \'<blockquote class="x"></blockquote><script async '
    'src="https://platform.twitter.com/widgets.js"><\\/script>\';',
    "<!-- an old embed, commented out: <blockquote",
)


def festival() -> str:
    return (ARTICLES / "festival.html").read_bytes().decode("utf-8")


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    """An offline archive with an empty store: every embed renders from the article's quote."""
    with Archive(tmp_path / "store.sqlite3", offline=True, sources=[]) as made:
        yield made


def spans_of(page: str, needles: Sequence[str]) -> list[tuple[int, int]]:
    spans = []
    for needle in needles:
        at = page.find(needle)
        assert at != -1 and page.find(needle, at + 1) == -1, needle
        spans.append((at, at + len(needle)))
    return spans


def gaps(page: str, cut: Sequence[tuple[int, int]]) -> list[str]:
    """The parts of ``page`` outside the ``cut`` spans, in order."""
    out, pos = [], 0
    for start, end in sorted(cut):
        out.append(page[pos:start])
        pos = end
    out.append(page[pos:])
    return out


def assert_kept_in_order(kept: Sequence[str], result: str) -> None:
    """Each kept piece appears verbatim, in order; the first and last ones at the very ends."""
    assert result.startswith(kept[0]) and result.endswith(kept[-1])
    pos = 0
    for piece in kept:
        at = result.find(piece, pos)
        assert at != -1, piece[:80]
        pos = at + len(piece)


def shown(embeds: Sequence[Embed]) -> list[tuple[object, ...]]:
    return [(e.platform, e.post_id, e.handle, e.text, e.form) for e in embeds]


# -- replace mode ---------------------------------------------------------------------------------


def test_replace_is_the_page_with_cards_in_the_spans_and_no_platform_script(
    archive: Archive,
) -> None:
    page = festival()
    embeds = parse_html(page)
    assert len(embeds) == 7
    result = rewrite_html(page, archive, mode="replace", resolve=False)

    # The exact expected page: the original between the cuts, each embed's card in its span
    # (escaped inside the consent <textarea>), nothing where a platform script was.
    cuts = [(e.start, e.end) for e in embeds] + spans_of(page, PLATFORM_SCRIPTS)
    cuts += spans_of(page, ["<script>(function (doc, tag, key) {"])  # the inline loader
    loader_end = page.index("</script>", cuts[-1][0]) + len("</script>")
    cuts[-1] = (cuts[-1][0], loader_end)
    cards = {
        e.start: html.escape(render_snapshot(e), quote=False)
        if e.form.endswith("textarea")
        else render_snapshot(e)
        for e in embeds
    }
    expected, pos = [], 0
    for start, end in sorted(cuts):
        expected += [page[pos:start], cards.get(start, "")]
        pos = end
    expected.append(page[pos:])
    assert result == "".join(expected)

    assert parse_html(result) == []
    assert result.count(CARD_ROOT) == len(embeds)
    for script in PLATFORM_SCRIPTS:
        assert script not in result
    assert "tw-loader" not in result
    for kept in KEPT_SCRIPTS:
        assert kept in result


def test_replace_with_resolutions_uses_the_stored_post(archive: Archive) -> None:
    stored_text = "Lights on tonight; late ferries until 1 am (stored copy)."
    archive.store.put_post(
        Post(
            platform=Platform.TWITTER,
            id="1790000000000000001",
            url="https://x.com/harbouroffice_x/status/1790000000000000001",
            author=Author(name="Harbour Office", handle="harbouroffice_x"),
            created_at=dt.datetime(2024, 5, 13, 18, 0, tzinfo=dt.UTC),
            text=stored_text,
            provenance=Provenance(
                source="import", fetched_at=dt.datetime(2024, 5, 14, tzinfo=dt.UTC)
            ),
        )
    )
    page = festival()
    resolved = rewrite_html(page, archive, mode="replace")
    assert stored_text in resolved
    assert 'data-state="quote-only"' in resolved  # the others came from the article's quotes
    unresolved = rewrite_html(page, archive, mode="replace", resolve=False)
    assert stored_text not in unresolved
    assert parse_html(resolved) == []


def test_resolve_false_never_asks_the_archive(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("resolve_many must not be called")

    monkeypatch.setattr(archive, "resolve_many", refuse)
    result = rewrite_html(festival(), archive, mode="backup", resolve=False)
    assert result.count(CARD_ROOT) == 7


def test_pages_without_embeds_come_back_unchanged(archive: Archive) -> None:
    page = "<p>Plain &amp; simple &nbsp;<!-- x --></p>\r\n<div class=twitter-like>no</div>"
    assert rewrite_html(page, archive, mode="backup") == page
    assert rewrite_html(page, archive, mode="replace") == page
    assert rewrite_html("", archive) == ""
    loader = '<p>a</p><script async src="https://platform.twitter.com/widgets.js"></script><p>b</p>'
    assert rewrite_html(loader, archive, mode="replace") == "<p>a</p><p>b</p>"
    with pytest.raises(ValueError, match="mode"):
        rewrite_html(page, archive, mode="swap")  # type: ignore[arg-type]


def test_bytes_are_decoded_with_the_declared_charset(archive: Archive) -> None:
    page = festival().replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
    page = page.replace("\U0001f600", "")  # not representable in windows-1252
    raw = page.encode("cp1252")
    result = rewrite_html(raw, archive, mode="replace", resolve=False)
    assert "Caf\u00e9 owners" in result
    assert result.startswith(page[: page.index("<script")])
    assert parse_html(result) == []


# -- backup mode ----------------------------------------------------------------------------------


def test_backup_keeps_every_live_embed_and_script_with_a_card_after_it(archive: Archive) -> None:
    page = festival()
    embeds = parse_html(page)
    result = rewrite_html(page, archive, mode="backup")

    assert shown(parse_html(result)) == shown(embeds)  # the cards themselves are skipped
    assert result.count(CARD_ROOT) == len(embeds)
    for script in PLATFORM_SCRIPTS + KEPT_SCRIPTS:
        assert script in result
    # every byte outside the embeds and every embed's own markup, in order
    pieces = []
    for kept, embed in zip(gaps(page, [(e.start, e.end) for e in embeds]), embeds, strict=False):
        pieces += [kept, page[embed.start : embed.end]]
    pieces.append(page[embeds[-1].end :])
    assert_kept_in_order(pieces, result)

    # script-driven embeds: a wrapper whose card a :has() rule hides once the frame is there
    tweet = page[embeds[0].start : embeds[0].end]
    assert '<div class="embedarchive-backup" data-embedarchive-backup="script"><style>' in result
    wrapper = result[result.index(tweet) - 400 : result.index(tweet)]
    assert 'data-embedarchive-backup="script"' in wrapper
    after = result[result.index(tweet) + len(tweet) :]
    assert after.startswith(f'<div class="embedarchive-fallback"><div {CARD_ROOT}')
    assert ":has(iframe,twitter-widget)>.embedarchive-fallback{display:none}" in result
    # a static frame: CSS cannot see whether it loaded, so the card waits in a <details>
    frame = next(e for e in embeds if e.form == "iframe")
    after = result[result.index(page[frame.start : frame.end]) + frame.end - frame.start :]
    assert after.startswith(
        '<details class="embedarchive-fallback"><summary>Archived copy</summary>'
    )
    assert 'data-embedarchive-backup="frame"' in result
    # the rule is static CSS: no script, no remote resource
    rules = re.findall(r'<div class="embedarchive-backup"[^>]*><style>([^<]*)</style>', result)
    assert len(rules) == len(embeds) - 1  # the textarea's wrapper is escaped text
    assert all("url(" not in rule and "@import" not in rule for rule in rules)


def test_consent_textarea_gets_escaped_markup_the_click_will_inject(archive: Archive) -> None:
    page = festival()
    for mode in ("backup", "replace"):
        result = rewrite_html(page, archive, mode=mode, resolve=False)  # type: ignore[arg-type]
        area = re.search(r"<textarea hidden>(.*?)</textarea>", result, re.DOTALL)
        assert area is not None
        inner = html.unescape(area.group(1))
        assert "<" not in area.group(1)  # still text inside the textarea
        assert inner.count(CARD_ROOT) == 1
        live = parse_html(inner)
        assert len(live) == (1 if mode == "backup" else 0)


# -- the real corpus ------------------------------------------------------------------------------


def corpus_pages() -> list[Path]:
    return sorted(shared_path("corpus", "html").glob("*.html"))


def test_every_corpus_page_with_embeds(archive: Archive) -> None:
    started = time.perf_counter()
    pages = 0
    for path in corpus_pages():
        raw = path.read_bytes()
        embeds = parse_html(raw)
        if not embeds:
            continue
        pages += 1
        replaced = rewrite_html(raw, archive, mode="replace")
        assert parse_html(replaced) == [], path.name
        assert replaced.count(CARD_ROOT) == len(embeds), path.name
        # (a backslash marks markup quoted in a script's JSON data, which stays)
        loader = re.search(r"<script[^>\\]{0,500}twitter\.com/widgets\.js", replaced)
        assert loader is None, path.name

        backup = rewrite_html(raw, archive, mode="backup")
        assert shown(parse_html(backup)) == shown(embeds), path.name
        text = decode_html(raw)
        spans = [(e.start, e.end) for e in embeds]
        pieces = []
        for kept, (start, end) in zip(gaps(text, spans), spans, strict=False):
            pieces += [kept, text[start:end]]
        pieces.append(text[spans[-1][1] :])
        assert_kept_in_order(pieces, backup)
    assert pages >= 50
    assert time.perf_counter() - started < 25


# -- plain text -----------------------------------------------------------------------------------


def test_rewrite_text_makes_a_safe_document_with_cards(archive: Archive) -> None:
    text = (ARTICLES / "festival.txt").read_text(encoding="utf-8")
    embeds = parse_text(text)
    assert len(embeds) == 2
    document = rewrite_text(text, archive, lang="en")
    assert document.startswith('<!doctype html>\n<html lang="en">')
    assert "<title>Harbour festival: what people said</title>" in document
    assert "Content-Security-Policy\" content=\"default-src 'none';" in document
    assert document.count(CARD_ROOT) == 2
    assert "&lt;script&gt;alert(&quot;not markup&quot;)&lt;/script&gt;" in document
    assert "<script>alert" not in document
    assert "<p>The festival runs until Sunday.</p>" in document
    assert "One wrote that the rain<br>\nwould keep people at home.</p>" in document
    assert parse_html(document) == []
    # the quoted posts are not also left as paragraphs
    assert "<p>Fireworks start at ten" not in document
    for embed in embeds:
        assert html.escape(text[embed.start : embed.end]) not in document


def test_rewrite_text_without_embeds_and_odd_input(archive: Archive) -> None:
    document = rewrite_text("One line.\r\n\r\n\r\nTwo <b>&amp;\n", archive, title="<T>", lang="x y")
    assert "<title>&lt;T&gt;</title>" in document
    assert "<html>" in document  # an invalid language tag is dropped
    assert "<p>One line.</p>\n<p>Two &lt;b&gt;&amp;amp;</p>" in document
    empty = rewrite_text("", archive)
    assert "<title>Article</title>" in empty and "<p>" not in empty


# -- hostile and generated input ------------------------------------------------------------------


def test_hostile_pages_are_rewritten_in_linear_time(archive: Archive) -> None:
    tweet = (
        '<blockquote class="twitter-tweet"><p>x</p>&mdash; A (@a) '
        '<a href="https://twitter.com/a/status/1790000000000000009">May 1, 2024</a></blockquote>'
    )
    hostile = [
        ("<script " + "a" * 5000) * 100,
        "<!--" * 200_000,
        '<script src="https://platform.twitter.com/widgets.js"></script>' * 20_000,
        "<script>" + "x" * 1_000_000,
        (tweet + "<script>" * 3) * 200,
        (tweet + '<script async src="https://platform.twitter.com/widgets.js"></script>') * 2000,
    ]
    for page in hostile:
        started = time.perf_counter()
        result = rewrite_html(page, archive, mode="replace", resolve=False)
        assert time.perf_counter() - started < 5, page[:40]
        assert isinstance(result, str)
    assert rewrite_html(hostile[2], archive, mode="replace") == ""
    many = rewrite_html(hostile[-1], archive, mode="replace", resolve=False)
    assert many.count(CARD_ROOT) == 2000 and "widgets.js" not in many


FRAGMENTS = [
    festival()[e.start : e.end] for e in parse_html(festival()) if not e.form.endswith("textarea")
] + [
    '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>',
    "<script>var s = '<script src=//www.instagram.com/embed.js>';</script>",
    '<!-- <blockquote class="twitter-tweet"> -->',
    "<p>caf&eacute; &amp &#169 \r\n\t</p>",
    '<div class="wrapper">',
    "</div>",
    '<script src="/own.js"></script>',
]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(FRAGMENTS),
            st.text(alphabet=st.characters(blacklist_characters="<>&"), max_size=30),
        ),
        max_size=12,
    )
)
def test_generated_pages_keep_their_embeds_or_lose_them_all(
    archive: Archive, parts: list[str]
) -> None:
    page = "".join(parts)
    embeds = parse_html(page)
    replaced = rewrite_html(page, archive, mode="replace", resolve=False)
    assert parse_html(replaced) == []
    assert replaced.count(CARD_ROOT) == len(embeds)
    backup = rewrite_html(page, archive, mode="backup", resolve=False)
    assert shown(parse_html(backup)) == shown(embeds)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=300))
def test_any_text_is_rewritten_without_error(archive: Archive, page: str) -> None:
    for mode in ("backup", "replace"):
        assert isinstance(rewrite_html(page, archive, mode=mode, resolve=False), str)  # type: ignore[arg-type]
    assert rewrite_text(page, archive, resolve=False).endswith("</html>\n")


# -- in a real browser ----------------------------------------------------------------------------

PROBE = (
    "<script>document.body.setAttribute('data-probe', [...document.querySelectorAll("
    "'.embedarchive-fallback')].map(e => e.tagName + ':' + getComputedStyle(e).display)"
    ".join('|'));</script>"
)


def browser_probe(page: str, tmp_path: Path, name: str) -> list[str]:
    """How Chromium displays each fallback of ``page`` (remote scripts stripped: no network)."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium is not installed")
    offline = re.sub(r"<script[^>]{0,500}\ssrc=[^>]{0,500}></script>", "", page)
    path = tmp_path / f"{name}.html"
    path.write_text(offline.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    done = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            path.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    probe = re.search(r'data-probe="([^"]*)"', done.stdout)
    assert probe is not None, done.stderr[-2000:]
    return probe.group(1).split("|")


def test_backup_card_shows_only_until_the_platform_frame_is_there(
    archive: Archive, tmp_path: Path
) -> None:
    result = rewrite_html(festival(), archive, mode="backup", resolve=False)
    unrendered = browser_probe(result, tmp_path, "unrendered")
    # six wrappers outside the consent textarea: five script embeds and one static frame
    assert unrendered == ["DIV:block"] * 5 + ["DETAILS:block"]
    # what widgets.js leaves in place of the first tweet's blockquote
    start = result.index('<blockquote class="twitter-tweet" data-lang="en">')
    end = result.index("</blockquote>", start) + len("</blockquote>")
    rendered = (
        result[:start]
        + '<div class="twitter-tweet twitter-tweet-rendered"><iframe title="X Post"></iframe></div>'
        + result[end:]
    )
    assert browser_probe(rendered, tmp_path, "rendered") == ["DIV:none", *unrendered[1:]]
