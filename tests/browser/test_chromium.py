"""A real browser shows the cards and the rewritten articles, and fetches nothing.

Headless Chromium (Debian's ``chromium``) loads a full-page card and a rewritten article
(``replace`` mode) from ``file://``. The test records every request the page makes (CDP
``Network`` events) and every URL the browser's network stack saw (the net log), takes
screenshots, and checks the card is there, visible, sized sanely and says the right things.

Skipped when Chromium is missing unless ``EMBEDARCHIVE_REQUIRE_BROWSER=1`` (CI sets it).
``EMBEDARCHIVE_SCREENSHOTS=<dir>`` keeps the screenshots (docs/img/ is made that way).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from embedarchive.archive.resolver import Archive
from embedarchive.snapshot.job import archive_articles

from .cdp import Browser, find_chromium, png_size_and_ink

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
ARCHIVED_ID = "1950000000000000101"  # in examples/data/twitter-export
QUOTE_ONLY_ID = "1950000000000000207"  # in no archive: the card shows the article's quote
# Chromium's own housekeeping (component updates, sign-in probes) may try these even with
# background networking off; the host resolver rules of the test keep them from leaving the
# machine. Anything else in the net log came from the page.
BROWSER_HOUSEKEEPING = (".google.com", ".googleapis.com", ".gvt1.com", ".gstatic.com")

CARD_PROBE = """JSON.stringify([...document.querySelectorAll('[data-embedarchive-card]')].map(c => {
  const r = c.getBoundingClientRect();
  const s = getComputedStyle(c);
  return {state: c.dataset.state, platform: c.dataset.platform, text: c.innerText,
          width: r.width, height: r.height, left: r.left, top: r.top, visible: s.display !== 'none'
          && s.visibility !== 'hidden' && r.width > 0 && r.height > 0};
}))"""


@pytest.fixture(scope="module")
def chromium() -> str:
    found = find_chromium()
    if found is None:
        reason = "headless Chromium not found (apt-get install chromium)"
        if os.environ.get("EMBEDARCHIVE_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return found


@pytest.fixture(scope="module")
def job_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The main job, offline, over the example articles with the example export imported."""
    work = tmp_path_factory.mktemp("job")
    out = work / "out"
    with Archive(work / "store.sqlite3", offline=True) as archive:
        archive.import_file(EXAMPLES / "data" / "twitter-export")
        summary = archive_articles(
            [str(EXAMPLES / "articles")], out, archive=archive, mode="replace", theme="light"
        )
    assert summary.ok and summary.statuses["found"] >= 2
    return out


@pytest.fixture
def browser(chromium: str, tmp_path: Path) -> Iterator[Browser]:
    with Browser(chromium, tmp_path, width=800, height=1000) as running:
        yield running
    assert_no_network(running)


def assert_no_network(browser: Browser) -> None:
    for url in browser.page_requests:
        assert urlsplit(url).scheme in ("file", "data"), f"the page requested {url}"
    for url in browser.net_log_urls():
        parts = urlsplit(url)
        if parts.scheme in ("http", "https", "ws", "wss"):
            host = "." + (parts.hostname or "")
            assert host.endswith(BROWSER_HOUSEKEEPING), f"network request to {url}"


def keep(shot: Path, name: str) -> None:
    target = os.environ.get("EMBEDARCHIVE_SCREENSHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, Path(target) / name)


def test_full_page_card_renders_without_network(
    browser: Browser, job_out: Path, tmp_path: Path
) -> None:
    card = job_out / "cards" / f"twitter-{ARCHIVED_ID}.html"
    browser.open(card.as_uri())
    cards = browser.evaluate(CARD_PROBE)
    found = json.loads(cards)
    assert len(found) == 1
    shown = found[0]
    assert shown["visible"]
    assert shown["state"] == "archived" and shown["platform"] == "twitter"
    assert "Riverside Festival" in shown["text"] and "@riverfestdemo" in shown["text"]
    assert "the lanterns are lit" in shown["text"]
    assert "#RiverFest" in shown["text"]
    assert 280 <= shown["width"] <= 800 and 100 <= shown["height"] <= 900
    assert browser.page_requests == [card.as_uri()]
    shot = tmp_path / "card.png"
    margin = 12
    clip = {
        "x": shown["left"] - margin,
        "y": shown["top"] - margin,
        "width": shown["width"] + 2 * margin,
        "height": shown["height"] + 2 * margin,
    }
    width, height, ink = png_size_and_ink(browser.screenshot(shot, clip))
    # (a fractional clip, 208.52 px high: Chromium 150 cut it to 208 where round() gives 209)
    assert abs(width - clip["width"]) <= 1 and abs(height - clip["height"]) <= 1
    assert ink > 2000  # text, border and badges: not a blank box
    keep(shot, "card.png")


def test_quote_only_card_says_where_its_text_comes_from(browser: Browser, job_out: Path) -> None:
    browser.open((job_out / "cards" / f"twitter-{QUOTE_ONLY_ID}.html").as_uri())
    (shown,) = json.loads(browser.evaluate(CARD_PROBE))
    assert shown["visible"] and shown["state"] == "quote-only"
    assert "Twenty-two parades" in shown["text"] and "Tom Boatwright" in shown["text"]
    assert "quote" in shown["text"].lower()


def test_rewritten_article_shows_cards_in_place(
    browser: Browser, job_out: Path, tmp_path: Path
) -> None:
    page = job_out / "articles" / "river-festival.html"
    browser.open(page.as_uri())
    cards = json.loads(browser.evaluate(CARD_PROBE))
    assert [c["state"] for c in cards] == ["archived", "archived", "quote-only"]
    assert all(c["visible"] and 280 <= c["width"] <= 800 and c["height"] >= 80 for c in cards)
    assert "Thank you to the 300 volunteers" in cards[1]["text"]
    # the article around the cards is intact and no platform script is left
    headline = browser.evaluate("document.querySelector('h1').innerText")
    assert headline == "Lantern parade opens the river festival"
    scripts = browser.evaluate(
        "[...document.scripts].filter(s => s.type !== 'application/ld+json').length"
    )
    assert scripts == 0
    assert browser.evaluate("document.querySelectorAll('blockquote.twitter-tweet').length") == 0
    shot = tmp_path / "article.png"
    width, height, ink = png_size_and_ink(browser.screenshot(shot))
    assert (width, height) == (800, 1000) and ink > 5000
    keep(shot, "article.png")
