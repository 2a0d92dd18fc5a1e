"""Finding embed fragments in a page without parsing it: markers, start tags, end tags.

One pass of ``str.find`` collects the positions of the markers embed markup must contain; for
each, a bounded scan finds the start tag that holds it and the element's end tag, and returns
the fragment (or a region to skip whole: a script, a comment, our own snapshot card). Every
scan is paid from the page's budget (``_Scan``), and an element found unclosed once is not
searched again, so the cost stays linear in the page. ``_Parsing`` is the second budget, for
the BeautifulSoup work that ``html`` spends on the fragments found here.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field
from typing import Final

from embedarchive.models import Embed

# How far to look for the end tag of a region to skip (a script, our own card).
MAX_FRAGMENT: Final = 256 * 1024
# ... and of an embed: one that does not end within it is read as unclosed. Real embeds are
# well under 20 KB, so an unclosed one is cut there.
MAX_EMBED: Final = 64 * 1024
MAX_UNCLOSED: Final = 20 * 1024
MAX_TAG: Final = 4096
MAX_START_TAG: Final = 64 * 1024
# Occurrences of a pivot checked one by one (a real page has a few dozen), and one more for
# each this many characters; past that, its markers get a pass each (_marker_positions).
PIVOT_HITS: Final = 256
PIVOT_HIT_SPACING: Final = 2000

# Frames that the platforms' scripts leave in a page saved after they ran, and third-party
# embed services that frame a post (Embedly, Iframely). The same addresses stand in plain
# links as often as in embeds: only an <iframe> holding one is read.
_FRAME_MARKERS: Final = (
    "embed.bsky.app/embed/",
    "threads.net/@",
    "threads.com/@",
    "instagram.com/p/",
    "instagram.com/reel/",
    "instagram.com/tv/",
    "cdn.embedly.com/widgets/",
    "iframe.ly/",
    "truthsocial.com/@",  # (Truth Social runs Mastodon: its frames are Mastodon's)
)
SUBSTACK_COMPONENTS: Final = ("Twitter2ToDOM", "InstagramToDOM", "BlueskyCreateBlueskyEmbed")
# Literal markers that embed markup must contain, as embed markup writes them (lower case but
# for Substack's component names).
_MARKERS: Final = (
    "twitter-tweet",
    "twitter-video",
    "nojs-tweet",
    "bf-tweet",
    "data-tweet-id",
    "data-tweetid",
    "<twitterwidget",
    "<amp-twitter",
    "<amp-instagram",
    "<amp-facebook",
    "<amp-tiktok",
    "<amp-youtube",
    "platform.twitter.com/embed/",
    "platform.x.com/embed/",
    "tiktok.com/embed/",
    "tiktok.com/player/",
    "/plugins/post.php",
    "/plugins/video.php",
    "instagram-media",
    # (the embed codes' data attributes, which stay where a sanitizer or Readability stripped
    # the class)
    "data-instgrm-permalink",
    "data-bluesky-uri",
    "data-text-post-permalink",
    "tiktok-embed",
    "fb-post",
    "fb-video",
    "bluesky-embed",
    "mastodon-embed",
    "truthsocial-embed",
    "text-post-media",
    "youtube.com/embed/",
    "youtube-nocookie.com/embed/",
    "<lite-youtube",
    # heise's Embetty web components (privacy-friendly embeds: the tag names the post)
    "<embetty-tweet",
    "<embetty-mastodon",
    "<embetty-video",
    "linkedin.com/embed/feed",
    *_FRAME_MARKERS,
    "embedly-card",
    "iframely-embed",
    "media-oembed-content",  # Drupal's oEmbed frames (/media/oembed?url=<post>)
    # BBC's social embed container (data-e2e="twitter-embed-<post>"), also behind its consent
    # banner, where no embed markup is on the page yet
    "-embed-http",
    "wp-block-embed__wrapper",
    # a site's own placeholder naming the post for its script (data-embed-type="twitter")
    "data-embed-type",
    "data-embed-id",
    "react-tweet-theme",
    # Substack's server-drawn embeds, by their component's name (an X post's is an <a>)
    *SUBSTACK_COMPONENTS,
    "data-embedarchive-card",
    # an X embed whose classes a sanitizer or Readability stripped (trafilatura's HTML output
    # makes some a <pre>): read only when its content holds a status link (_bare_blockquote)
    "<blockquote",
    "<pre",
    "<textarea",
    "<script",
    "<!--",
)
# Quoted attribute values may hold ">" (JSON props of islands); each piece is bounded and the
# alternatives are disjoint, so matching stays linear.
_START_TAG: Final = re.compile(
    r"<([a-zA-Z][a-zA-Z0-9-]{0,30})"
    r"(?:(?:\s+|(?<=[\"']))[^\s=>/\"']{1,100}(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?|\s*/)*"
    r"\s*>"
)
# (Substack draws an X post as one link around the whole card)
_SUBSTACK_LINK: Final = re.compile(r"""data-component-name\s*=\s*["']?Twitter2ToDOM""")
_DIV_EMBED: Final = re.compile(
    r"twitter-tweet-rendered|fb-post|fb-video|wp-block-embed__wrapper|data-tweet-?id"
    r"|react-tweet-theme|iframely-embed|data-e2e=[\"']?[a-z]{2,12}-embed-http|data-embed-(?:type|id)|"
    + "|".join(SUBSTACK_COMPONENTS)
)


@dataclass(slots=True)
class _Parsing:
    """BeautifulSoup work left for one ``parse_html`` call (nested scans share it); a negative
    budget means a fragment could not be paid for and the scan stops."""

    budget: int
    skipped: int = 0  # verbatim copies of an embed not reported
    memo: dict[tuple[str, str], Embed | None] = field(default_factory=dict)


@dataclass(slots=True)
class _Scan:
    """One page being scanned: marker positions, the work budget, stretches known unclosed."""

    text: str
    positions: list[int]
    budget: int
    parsing: _Parsing
    unclosed_until: dict[str, int] = field(default_factory=dict)
    # the first ">" at or after gt_from (-1: none), so that a "<" with no ">" in reach is
    # rejected without a pattern run; and the last start tag read, whose inside opens no tag
    gt_from: int = -1
    gt: int = -1
    tag_start: int = -1
    tag_end: int = -1
    # the first "/status" at or after the last blockquote looked at (-1: not looked for; past
    # the text's end: none), so that quotes far from any status link cost no scan
    status_at: int = -1


@dataclass(frozen=True, slots=True)
class _Fragment:
    tag: str
    start: int
    end: int
    markup: str
    head_end: int


def _marker_positions(text: str) -> list[int]:
    """Where the markers occur, in order (each occurrence once).

    A full pass of ``str.find`` costs about the same for any marker, and the passes, not the
    hits, are most of the cost of a page without embeds. So the markers that share a pivot
    (``tweet``, ``embed``, ``nstagram``, …) are found in one pass for the pivot and checked
    where it occurs, and the tags (``<script``, ``<amp-…``) in one regex pass.
    """
    found = [m.start() for m in _TAG_MARKERS.finditer(text)]
    most = PIVOT_HITS + len(text) // PIVOT_HIT_SPACING
    for pivot, markers in _PIVOTS:
        hits = 0
        at = text.find(pivot)
        while at != -1 and hits < most:
            for marker, offset in markers:
                if offset <= at and text.startswith(marker, at - offset):
                    found.append(at - offset)
            hits += 1
            at = text.find(pivot, at + len(pivot))
        if at != -1:
            # the pivot is everywhere (a hostile page): checking each hit would cost more than
            # a pass per marker, so pass over the rest of the page for each marker instead
            resume = at
            for marker, offset in markers:
                at = text.find(marker, max(0, resume - offset))
                while at != -1:
                    found.append(at)
                    at = text.find(marker, at + len(marker))
    found.sort()
    return found


def _group_markers() -> tuple[re.Pattern[str], tuple[tuple[str, tuple[tuple[str, int], ...]], ...]]:
    """The tag markers as one regex, and the other markers by the first pivot each contains."""
    tags = [m for m in _MARKERS if m.startswith("<")]
    tag_regex = re.compile("<(?:" + "|".join(re.escape(m[1:]) for m in tags) + ")")
    groups: dict[str, list[tuple[str, int]]] = {}
    for marker in _MARKERS:
        if marker in tags:
            continue
        pivot = next((p for p in _PIVOT_WORDS if p in marker), marker)
        groups.setdefault(pivot, []).append((marker, marker.find(pivot)))
    return tag_regex, tuple((p, tuple(group)) for p, group in groups.items())


# Pivots: substrings shared by several markers (a marker without one is its own pivot). A
# pivot must not overlap itself ("embed" in "embedembed"), so that each occurrence is one hit.
_PIVOT_WORDS: Final = (
    "tweet",
    "embed",
    "nstagram",
    "fb-",
    "threads.",
    "/plugins/",
    "tiktok.com/",
    "permalink",
)
_TAG_MARKERS, _PIVOTS = _group_markers()
# The attributes X's embed code sets on its blockquote (data-lang="es", data-dnt="true", …):
# they stay when a sanitizer or Readability strips the class
WIDGET_ATTRIBUTES: Final = frozenset(
    {
        "data-lang",
        "data-conversation",
        "data-cards",
        "data-dnt",
        "data-theme",
        "data-partner",
        "data-link-color",
        "data-width",
        "data-align",
        "data-media-max-width",
    }
)
_WIDGET_ATTRIBUTE: Final = re.compile(r"\s(?:" + "|".join(sorted(WIDGET_ATTRIBUTES)) + r")\s*=")
# The elements read by their tag alone, when they hold a status link
_BARE_TAGS: Final = ("<blockquote", "<pre")
BARE_NAMES: Final = frozenset(("blockquote", "pre"))
# A stripped blockquote this short may be a placeholder holding only the post's link
BARE_PLACEHOLDER: Final = 1000
# Any marker other than a tag's name: embed markup on a start tag ...
_ATTRIBUTE_MARKERS: Final = [m for m in _MARKERS if not m.startswith("<") and m != "-embed-http"]
_MARKER_IN_TAG: Final = re.compile("|".join(map(re.escape, [*_ATTRIBUTE_MARKERS, "data-e2e"])))
# ... and inside an element: there the frames' addresses are a post's own display links
# ("instagram.com/p/…" in a tweet's text) unless an <iframe> holds them, which is its own marker
_MARKUP_INSIDE: Final = re.compile(
    "|".join(
        map(
            re.escape,
            [m for m in _ATTRIBUTE_MARKERS if m not in _FRAME_MARKERS] + ["data-e2e", "<iframe"],
        )
    )
)


def _fragment_at(scan: _Scan, at: int, floor: int) -> _Fragment | int | None:
    """The element whose start tag holds the marker at ``at``; an int is a region end to skip."""
    text = scan.text
    if text.startswith("<!--", at):
        # markup in a comment is not on the page (an unclosed comment hides the rest)
        close = text.find("-->", at + 4)
        return close + 3 if close != -1 else len(text)
    if text.startswith(_BARE_TAGS, at) and not _status_near(scan, at):
        return None  # a quote (one that names its embed is read from its own marker)
    found = (
        _substack_start_tag(scan, at, floor)
        if text.startswith(SUBSTACK_COMPONENTS, at)
        else _start_tag(scan, at, floor)
    )
    if found is None:
        return None
    tag_start, start_tag = found
    name = start_tag.group(1).lower()
    if at == tag_start and text.startswith(_BARE_TAGS, at):
        # (a "<pre" that opens <preload> or the like is no such element)
        return _bare_blockquote(scan, name, tag_start, start_tag) if name in BARE_NAMES else None
    if name == "script" and at == tag_start:
        # embed code in a script is data (templates, page state), never the page itself
        return max(_element_end(scan, name, start_tag.end()), start_tag.end())
    if name in ("script", "link", "style", "meta", "img"):
        return None
    if name == "a" and not _SUBSTACK_LINK.search(start_tag.group(0)):
        return None  # a link to a post is not an embed of it
    if name != "iframe" and text.startswith(_FRAME_MARKERS, at):
        return None
    if "data-embedarchive-card" in start_tag.group(0):
        return _element_end(scan, name, start_tag.end())
    if name == "div" and not _DIV_EMBED.search(start_tag.group(0)):
        return None  # a site's own class that happens to contain a marker word
    outer = _promote(text, name, tag_start, start_tag.group(0))
    if outer is not None:
        if outer[1] < floor:
            return None  # the placeholder of an <amp-twitter> already read
        name, tag_start, head_end = outer
    else:
        head_end = start_tag.end()
    end = _element_end(scan, name, head_end, MAX_EMBED)
    if "wp-block-embed__wrapper" in text[tag_start:head_end] and "<" in text[head_end : end - 6]:
        return None  # the wrapper holds rendered embed markup: read that instead
    return _Fragment(name, tag_start, end, text[tag_start:end], head_end)


def _start_tag(scan: _Scan, at: int, floor: int) -> tuple[int, re.Match[str]] | None:
    """The start tag that holds the marker at ``at``, if the marker is inside one."""
    text = scan.text
    tag_start = text.rfind("<", max(floor, at - MAX_TAG), at + 1)
    if tag_start == -1:
        return None
    start_tag = _match_start_tag(scan, tag_start, min(len(text), tag_start + MAX_START_TAG))
    if start_tag is None or start_tag.end() <= at:
        return None  # the marker is text, not inside a start tag
    if '\\"' in start_tag.group(0):
        return None  # markup escaped inside a JSON string: a script's data, not the page
    return tag_start, start_tag


def _substack_start_tag(scan: _Scan, at: int, floor: int) -> tuple[int, re.Match[str]] | None:
    """The start tag of a Substack component named at ``at``. Its ``data-attrs`` JSON comes
    first and may be long and hold a post's own markup (``<a href=…>`` unescaped in the
    attribute), so the "<" before the name may open no tag: earlier ones are tried. What the
    search reads is paid from the scan's budget."""
    text = scan.text
    low = max(floor, at - MAX_SUBSTACK_TAG)
    pos = at + 1
    for _ in range(MAX_TAG_CANDIDATES):
        tag_start = text.rfind("<", low, pos)
        scan.budget -= pos - (tag_start if tag_start != -1 else low)
        if tag_start == -1:
            return None
        start_tag = _match_start_tag(scan, tag_start, min(len(text), tag_start + MAX_SUBSTACK_TAG))
        if start_tag is not None and start_tag.end() > at:
            return tag_start, start_tag
        pos = tag_start
    return None


def _match_start_tag(scan: _Scan, tag_start: int, limit: int) -> re.Match[str] | None:
    """The start tag that opens at ``tag_start`` and closes before ``limit``, if any.

    Every marker looks for its start tag, and a pattern run that fails reads up to ``limit``:
    markers repeated without a ">" would cost that much each. So a "<" inside the last start
    tag read opens none, one with no ">" in reach is rejected without a run, and what a run
    reads is paid from the scan's budget."""
    if scan.tag_start < tag_start < scan.tag_end:
        return None
    known = (
        scan.gt_from != -1 and scan.gt_from <= tag_start and (scan.gt == -1 or tag_start <= scan.gt)
    )
    if not known:
        scan.gt_from, scan.gt = tag_start, scan.text.find(">", tag_start)
    if scan.gt == -1 or scan.gt >= limit:
        return None
    found = _START_TAG.match(scan.text, tag_start, limit)
    scan.budget -= (found.end() if found is not None else limit) - tag_start
    if found is not None:
        scan.tag_start, scan.tag_end = tag_start, found.end()
    return found


# How far before its name a Substack component's tag may start (its JSON holds a post, its
# author and counts: a few kB), and how many "<" inside that JSON are passed over
MAX_SUBSTACK_TAG: Final = 32 * 1024
MAX_TAG_CANDIDATES: Final = 32


def _status_near(scan: _Scan, at: int) -> bool:
    """Whether a status link opens within an embed's reach of ``at``: one search serves every
    blockquote before the next status link, so quotes far from any cost no scan."""
    if scan.status_at < at:
        found = scan.text.find("/status", at)
        scan.status_at = found if found != -1 else len(scan.text) + 1
    return scan.status_at < at + MAX_EMBED


def _bare_blockquote(
    scan: _Scan, name: str, tag_start: int, start_tag: re.Match[str]
) -> _Fragment | None:
    """A blockquote (or <pre>) found by its tag alone: an X embed whose classes were stripped,
    when it closes and its content holds what the embed writes (a status link, and the
    attribution's "(@" unless the start tag keeps one of the widget's attributes or the content
    is short enough to be a placeholder) and no embed markup of its own. A blockquote that names
    its embed (a class or attribute among the markers) is read from that marker, and most
    blockquotes are quotes, not embeds."""
    head_end = start_tag.end()
    if _MARKER_IN_TAG.search(start_tag.group(0)) is not None:
        return None
    end = _element_end(scan, name, head_end, MAX_EMBED)
    close = scan.text.rfind("</", max(head_end, end - 32), end)
    if close == -1 or not scan.text[close + 2 : end].lower().startswith(name):
        return None  # unclosed: the embed code always closes its blockquote
    body = scan.text[head_end:end]
    widget = _WIDGET_ATTRIBUTE.search(start_tag.group(0)) is not None
    if "/status" not in body or not (widget or "(@" in body or len(body) <= BARE_PLACEHOLDER):
        return None
    if _MARKUP_INSIDE.search(body) is not None:
        return None
    return _Fragment(name, tag_start, end, scan.text[tag_start:end], head_end)


def _promote(text: str, name: str, tag_start: int, tag: str) -> tuple[str, int, int] | None:
    """An ``<amp-twitter>`` wrapping a placeholder blockquote is one embed, not two."""
    if name != "blockquote":
        return None
    window_start = max(0, tag_start - 600)
    amp = text.rfind("<amp-twitter", window_start, tag_start)
    if amp == -1 or text.find("</amp-twitter", amp, tag_start) != -1:
        return None
    start_tag = _START_TAG.match(text, amp, min(len(text), amp + MAX_TAG))
    if start_tag is None:
        return None
    return "amp-twitter", amp, start_tag.end()


def _element_end(scan: _Scan, name: str, head_end: int, reach: int = MAX_FRAGMENT) -> int:
    """Offset just past the element's end tag, looked for within ``reach`` (nested same-name
    tags counted)."""
    text = scan.text
    limit = min(len(text), head_end + reach)
    if name.startswith("embetty-") and text.startswith("/>", head_end - 2):
        return head_end  # (a component written as an empty element, as Vue templates do)
    if name in _CLOSED_BY_NAME:
        close = _close_tag(name).search(text, head_end, limit)
        scan.budget -= (close.end() if close else limit) - head_end
        return close.end() if close else head_end
    if head_end >= scan.unclosed_until.get(name, -1):
        pattern = _open_or_close_tag(name)
        depth = 1
        for tag in pattern.finditer(text, head_end, limit):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                scan.budget -= tag.end() - head_end
                return tag.end()
        scan.budget -= limit - head_end
        # a later same-name element inside this stretch would rescan it: don't, degrade instead
        scan.unclosed_until[name] = limit
    # Unclosed (a truncated paste, a widget error state): it ends where the next embed starts,
    # rather than swallowing every embed after it, and never runs past what an embed can hold.
    limit = min(limit, head_end + MAX_UNCLOSED)
    later = bisect.bisect_left(scan.positions, head_end)
    if later < len(scan.positions) and scan.positions[later] < limit:
        next_marker = scan.positions[later]
        tag_start = text.rfind("<", head_end, next_marker + 1)
        return tag_start if tag_start >= head_end else next_marker
    return limit


# Elements that hold no element of their own name: their end is their first end tag, and
# without one they end with their start tag
_CLOSED_BY_NAME: Final = frozenset(
    {
        "iframe",
        "amp-twitter",
        "twitterwidget",
        "textarea",
        "template",
        "script",
        "embetty-tweet",
        "embetty-mastodon",
        "embetty-video",
    }
)


@functools.lru_cache(maxsize=64)
def _close_tag(name: str) -> re.Pattern[str]:
    return re.compile(rf"</{re.escape(name)}\s*>", re.IGNORECASE)


@functools.lru_cache(maxsize=64)
def _open_or_close_tag(name: str) -> re.Pattern[str]:
    return re.compile(rf"<(/?){re.escape(name)}\b[^<>]{{0,4000}}>", re.IGNORECASE)
