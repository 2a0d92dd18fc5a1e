"""Embedded posts in HTML: every platform's embed markup, found without parsing the whole page.

Most pages carry no embed, so the page is never handed to a full HTML parser. One regular
expression finds the markers embed markup must contain (``twitter-tweet``, ``instagram-media``,
``data-tweet-id``, ...); for each, a bounded scan finds the enclosing element and its end tag, and
only that fragment is parsed with BeautifulSoup. Fragments are capped in size and never rescanned,
so the cost stays linear in the page.

Parsing a fragment costs far more per character than finding it, so it is paid from a second
budget: markup repeated verbatim is read once (hostile pages repeat one embed thousands of
times; a back-to-back run is reported for its first ``MAX_COPIES`` copies only), and when a
page's fragments outgrow what any real page needs, the scan stops with a warning.
"""

from __future__ import annotations

import bisect
import functools
import html as htmllib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urljoin, urlsplit

from bs4 import BeautifulSoup
from bs4.element import Comment, NavigableString, PageElement, Tag

from embedarchive.detect._charset import decode_html
from embedarchive.detect.dates import match_date, parse_date
from embedarchive.detect.text import looks_truncated
from embedarchive.models import Embed, Platform
from embedarchive.platforms import PostRef, identify_url, twitter

__all__ = ["parse_html"]

logger = logging.getLogger(__name__)

# How far to look for the end tag of a region to skip (a script, our own card).
MAX_FRAGMENT = 256 * 1024
# ... and of an embed: one that does not end within it is read as unclosed. Real embeds are
# well under 20 KB, so an unclosed one is cut there.
MAX_EMBED = 64 * 1024
MAX_UNCLOSED = 20 * 1024
MAX_TAG = 4096
MAX_PARAGRAPHS = 200

# BeautifulSoup's cost in units of about 0.1 µs, measured on corpus and hostile fragments: a
# fixed cost per fragment (parser set-up and the reader), a tag, a character.
PARSE_COST_FRAGMENT = 2500
PARSE_COST_TAG = 200
# What one page may spend: a floor that reads ~200 real embeds on any page (no corpus page
# needs more than half of it), plus a share per character that keeps a page of nothing but
# distinct embed markup within several times the cost of ordinary HTML.
PARSE_BUDGET_BASE = 1_000_000
PARSE_BUDGET_PER_CHAR = 1
# Back-to-back verbatim copies of one embed reported; past this the run is markup repeated to
# make the reader build a list as large as the page, and the rest of it is skipped.
MAX_COPIES = 100
# Fragments read, kept by markup so that a repeated one is not parsed again.
MAX_MEMO = 64
MAX_MEMO_MARKUP = 32 * 1024

# Literal markers, searched with str.find (C speed); embed markup writes them in lower case.
_MARKERS = (
    "twitter-tweet",
    "twitter-video",
    "nojs-tweet",
    "bf-tweet",
    "data-tweet-id",
    "data-tweetid",
    "<twitterwidget",
    "<amp-twitter",
    "instagram-media",
    "tiktok-embed",
    "fb-post",
    "fb-video",
    "bluesky-embed",
    "mastodon-embed",
    "text-post-media",
    "youtube.com/embed/",
    "youtube-nocookie.com/embed/",
    "linkedin.com/embed/feed",
    "wp-block-embed__wrapper",
    "data-embedarchive-card",
    "<textarea",
    "<script",
    "<!--",
)
# Quoted attribute values may hold ">" (JSON props of islands); each piece is bounded and the
# alternatives are disjoint, so matching stays linear.
_START_TAG = re.compile(
    r"<([a-zA-Z][a-zA-Z0-9-]{0,30})"
    r"(?:(?:\s+|(?<=[\"']))[^\s=>/\"']{1,100}(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?|\s*/)*"
    r"\s*>"
)
MAX_START_TAG = 64 * 1024
_DASH_LINE = re.compile(
    r"(?:^|\s|[^\w\s])(?:—|–|--|-|&mdash;|\?)\s*([^\n()]{0,120}?)\s*\(\s?@([A-Za-z0-9_]{1,15})\s?\)"
)
_INSTAGRAM_SHARED = re.compile(
    r"(?:shared by|posted by|geteilt von|gepostet von|partagée par|publiée par|compartida por|"
    r"publicada por|compartilhada por|condiviso da|pubblicato da|gedeeld door|geplaatst door|"
    r"udostępniony przez|delad av)\s+(.{0,120}?)\s*\(@([A-Za-z0-9._]{1,30})\)",
    re.IGNORECASE | re.DOTALL,
)
_FB_POSTED = re.compile(
    r"(?:Posted by|Publicado por|Publié par|Gepostet von|Pubblicato da)\s+(.{1,120}?)\s+"
    r"(?:on|en|le|am|il)\s+(.{4,60})$",
    re.IGNORECASE,
)


_DIV_EMBED = re.compile(
    r"twitter-tweet-rendered|fb-post|fb-video|wp-block-embed__wrapper|data-tweet-?id"
)


_Reader = Callable[[Tag, str | None], Embed | None]


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


@dataclass(frozen=True, slots=True)
class _Fragment:
    tag: str
    start: int
    end: int
    markup: str
    head_end: int


def parse_html(
    html: str | bytes, *, base_url: str | None = None, videos: bool = False
) -> list[Embed]:
    """Find embedded posts in an HTML page or fragment.

    Offsets index the input string (for bytes: the text decoded with the page's declared
    charset). Relative links resolve against ``base_url``. Embeds inside embedarchive's own
    snapshot cards are skipped. YouTube players are video embeds, not posts, and are reported
    only with ``videos=True``. Never raises on any ``str``/``bytes``; other types give
    :class:`~embedarchive.InputError`.
    """
    text = decode_html(html)
    return [
        embed
        for embed in _scan_embeds(text, base_url, nested=False)
        if videos or embed.platform != Platform.YOUTUBE
    ]


def _scan_embeds(
    text: str, base_url: str | None, *, nested: bool, parsing: _Parsing | None = None
) -> list[Embed]:
    embeds: list[Embed] = []
    if parsing is None:
        parsing = _Parsing(PARSE_BUDGET_BASE + PARSE_BUDGET_PER_CHAR * len(text))
    # Every fragment scan and parse is paid from a budget proportional to the page, so that
    # hostile nesting (markers inside markers inside markers) cannot make the work quadratic.
    scan = _Scan(text, _marker_positions(text), 4 * len(text) + 4 * MAX_FRAGMENT, parsing)
    floor = 0
    for at in scan.positions:
        if at < floor:
            continue
        if scan.budget <= 0:
            logger.debug("parse_html: scan budget spent, %d bytes left unread", len(text) - at)
            break
        if parsing.budget < 0:
            break  # logged where it was spent
        fragment = _fragment_at(scan, at, floor)
        if fragment is None:
            continue
        if isinstance(fragment, int):
            # a region to skip whole (a script, a comment, our own snapshot card), and its
            # verbatim copies right after it
            floor = _past_copies(text, at, fragment)
            continue
        scan.budget -= 2 * (fragment.end - fragment.start)
        if fragment.tag == "textarea":
            found = [] if nested else _textarea_embeds(text, fragment, base_url, parsing)
        else:
            embed = _read_once(parsing, fragment, base_url)
            if parsing.budget < 0:
                logger.warning(
                    "parse_html: parse budget spent at offset %d of %d; later embeds not reported",
                    fragment.start,
                    len(text),
                )
                break
            found = [embed] if embed is not None else []
        embeds.extend(found)
        # not an embed itself (a wrapper, an island with JSON props): look inside it
        floor = fragment.end if found else fragment.head_end
        floor = max(floor, _verbatim_copies(scan, fragment, found, embeds))
    if parsing.skipped and not nested:
        logger.warning(
            "parse_html: %d verbatim copies of repeated embed markup not reported", parsing.skipped
        )
    return embeds


def _verbatim_copies(scan: _Scan, fragment: _Fragment, found: list[Embed], out: list[Embed]) -> int:
    """Copies of ``fragment`` repeated right after it read like the first one, without a scan.

    Hostile pages repeat one embed's markup thousands of times back to back: visiting each
    copy's markers would cost far more than the page is worth. Adds the embeds of the first
    ``MAX_COPIES`` copies to ``out`` (the rest are counted as skipped) and returns the floor past
    the run (0 when no copy follows, or when the fragment has to be read inside).
    """
    text, markup = scan.text, fragment.markup
    size = fragment.end - fragment.start
    if size == 0 or not text.startswith(markup, fragment.end):
        return 0
    if not found:
        # markers inside a non-embed are read one by one; only a bare start tag is safe to skip
        later = bisect.bisect_left(scan.positions, fragment.head_end)
        if later < len(scan.positions) and scan.positions[later] < fragment.end:
            return 0
        end = _run_end(text, markup, fragment.end)
        scan.budget -= 2 * (end - fragment.end)
        # the last copy's body is still read like any other text
        return end - size + (fragment.head_end - fragment.start)
    pos = fragment.end
    copies = 1
    while copies < MAX_COPIES and text.startswith(markup, pos):
        shift = pos - fragment.start
        out.extend(
            embed.model_copy(update={"start": embed.start + shift, "end": embed.end + shift})
            for embed in found
        )
        pos += size
        copies += 1
    end = _run_end(text, markup, pos)
    scan.parsing.skipped += (end - pos) // size
    scan.budget -= 2 * (end - fragment.end)
    return end


def _past_copies(text: str, start: int, end: int) -> int:
    """The end of the run of verbatim copies of ``text[start:end]`` that starts at ``end``."""
    # a short prefix first: most regions (large scripts among them) are followed by other text
    if end <= start or not text.startswith(text[start : min(end, start + 32)], end):
        return end
    region = text[start:end]
    return _run_end(text, region, end) if text.startswith(region, end) else end


def _run_end(text: str, unit: str, pos: int) -> int:
    """Where the back-to-back copies of ``unit`` from ``pos`` end. Copies are compared in
    doubling blocks, so a run of thousands takes a few dozen steps (and linear time)."""
    block = unit
    while True:
        if text.startswith(block, pos):
            pos += len(block)
            if 2 * len(block) <= len(text) - pos:
                block += block
        elif len(block) > len(unit):
            block = block[: len(block) // 2]
        else:
            return pos


_ENTITY = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{1,31});?")


def _textarea_embeds(
    text: str, fragment: _Fragment, base_url: str | None, parsing: _Parsing
) -> list[Embed]:
    """Click-to-load consent placeholders keep the embed as escaped text in a <textarea>."""
    close = text.rfind("</", fragment.head_end, fragment.end)
    inner_end = close if close != -1 else fragment.end
    inner = text[fragment.head_end : inner_end]
    if "&lt;" not in inner:
        return []  # raw markup (or none): the outer scan reads it in place
    # unescape while remembering where each character came from, so offsets index the page
    pieces: list[str] = []
    origin: list[int] = []
    pos = 0
    for entity in _ENTITY.finditer(inner):
        pieces.append(inner[pos : entity.start()])
        origin.extend(range(fragment.head_end + pos, fragment.head_end + entity.start()))
        decoded = htmllib.unescape(entity.group())
        pieces.append(decoded)
        origin.extend([fragment.head_end + entity.start()] * len(decoded))
        pos = entity.end()
    pieces.append(inner[pos:])
    origin.extend(range(fragment.head_end + pos, fragment.head_end + len(inner)))
    origin.append(inner_end)
    unescaped = "".join(pieces)
    found = _scan_embeds(unescaped, base_url, nested=True, parsing=parsing)
    return [
        embed.model_copy(
            update={
                "start": origin[embed.start],
                "end": origin[embed.end] if embed.end < len(origin) else inner_end,
                "form": f"{embed.form}-textarea" if embed.form else "textarea",
            }
        )
        for embed in found
    ]


# ---------------------------------------------------------------------------------------------
# finding fragments


def _marker_positions(text: str) -> list[int]:
    found: list[int] = []
    for marker in _MARKERS:
        at = text.find(marker)
        while at != -1:
            found.append(at)
            at = text.find(marker, at + len(marker))
    found.sort()
    return found


def _fragment_at(scan: _Scan, at: int, floor: int) -> _Fragment | int | None:
    """The element whose start tag holds the marker at ``at``; an int is a region end to skip."""
    text = scan.text
    if text.startswith("<!--", at):
        # markup in a comment is not on the page (an unclosed comment hides the rest)
        close = text.find("-->", at + 4)
        return close + 3 if close != -1 else len(text)
    tag_start = text.rfind("<", max(floor, at - MAX_TAG), at + 1)
    if tag_start == -1:
        return None
    start_tag = _START_TAG.match(text, tag_start, min(len(text), tag_start + MAX_START_TAG))
    if start_tag is None or start_tag.end() <= at:
        return None  # the marker is text, not inside a start tag
    if '\\"' in start_tag.group(0):
        return None  # markup escaped inside a JSON string: a script's data, not the page
    name = start_tag.group(1).lower()
    if name == "script" and at == tag_start:
        # embed code in a script is data (templates, page state), never the page itself
        return max(_element_end(scan, name, start_tag.end()), start_tag.end())
    if name in ("a", "script", "link", "style", "meta", "img"):
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
    if name in ("iframe", "amp-twitter", "twitterwidget", "textarea", "template", "script"):
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


@functools.lru_cache(maxsize=64)
def _close_tag(name: str) -> re.Pattern[str]:
    return re.compile(rf"</{re.escape(name)}\s*>", re.IGNORECASE)


@functools.lru_cache(maxsize=64)
def _open_or_close_tag(name: str) -> re.Pattern[str]:
    return re.compile(rf"<(/?){re.escape(name)}\b[^<>]{{0,4000}}>", re.IGNORECASE)


# ---------------------------------------------------------------------------------------------
# reading one fragment


def _read_once(parsing: _Parsing, fragment: _Fragment, base_url: str | None) -> Embed | None:
    """The fragment's embed, parsed unless the same markup was read before; leaves the budget
    negative instead of parsing when the page cannot pay for it."""
    key = (fragment.tag, fragment.markup)
    if key in parsing.memo:
        found = parsing.memo[key]
    else:
        markup = fragment.markup
        cost = PARSE_COST_FRAGMENT + len(markup) + PARSE_COST_TAG * markup.count("<")
        if cost > parsing.budget:
            parsing.budget = -1
            return None
        parsing.budget -= cost
        found = _parse_fragment(fragment.tag, markup, base_url)
        if len(markup) <= MAX_MEMO_MARKUP:
            if len(parsing.memo) >= MAX_MEMO:
                parsing.memo.clear()  # repeats come in runs; an old entry rarely pays off
            parsing.memo[key] = found
    if found is None:
        return None
    return found.model_copy(update={"start": fragment.start, "end": fragment.end})


def _parse_fragment(tag: str, markup: str, base_url: str | None) -> Embed | None:
    """The embed one fragment holds, with offsets left at 0."""
    soup = BeautifulSoup(markup, "html.parser")
    root = soup.find(True)
    if not isinstance(root, Tag):
        return None
    classes = " ".join(_classes(root)).lower()
    if tag == "textarea":
        inner = BeautifulSoup(htmllib.unescape(root.get_text()), "html.parser").find(True)
        if not isinstance(inner, Tag):
            return None
        root = inner
        classes = " ".join(_classes(root)).lower()
    reader = _READERS.get(_kind(root, classes))
    if reader is None:
        return None
    return reader(root, base_url)


def _classes(tag: Tag) -> list[str]:
    value = tag.get("class")
    if isinstance(value, list):
        return [str(v) for v in value]
    return str(value).split() if value else []


def _kind(root: Tag, classes: str) -> str:
    name = root.name.lower()
    if name == "amp-twitter" or root.get("data-tweetid"):
        return "amp-twitter"
    if name == "twitterwidget" or (
        root.get("data-tweet-id") and (name == "iframe" or "twitter-tweet" in classes)
    ):
        return "twitter-rendered"
    if "twitter-tweet-rendered" in classes:
        return "twitter-rendered"
    if name == "iframe":
        src = str(root.get("src") or "")
        if "mastodon-embed" in classes or ("/embed" in src and "/@" in src):
            return "mastodon"
        if "platform.twitter.com/embed" in src or "platform.x.com/embed" in src:
            return "twitter-rendered"
        return "iframe"
    if "twitter-tweet" in classes or "twitter-video" in classes or "nojs-tweet" in classes:
        return "twitter"
    if "bf-tweet" in classes:
        return "twitter"
    if "instagram-media" in classes:
        return "instagram"
    if "tiktok-embed" in classes:
        return "tiktok"
    if "fb-post" in classes or "fb-video" in classes:
        return "facebook"
    if "bluesky-embed" in classes:
        return "bluesky"
    if "mastodon-embed" in classes:
        return "mastodon"
    if "text-post-media" in classes:
        return "threads"
    if "wp-block-embed__wrapper" in classes:
        return "bare-url"
    if root.find("iframe") is not None:
        frame = root.find("iframe")
        if isinstance(frame, Tag):
            return _kind(frame, " ".join(_classes(frame)).lower())
    return ""


def _link(href: object, base_url: str | None) -> str | None:
    if not isinstance(href, str) or not href.strip():
        return None
    href = href.strip()
    if base_url:
        try:
            href = urljoin(base_url, href)
        except ValueError:
            return href
    return href


def _walk_text(top: Tag, skip: Callable[[Tag], bool]) -> list[str]:
    """Text pieces under ``top`` in document order, without the subtrees ``skip`` names.

    Only ``<br>`` gives a newline: a line break in the source is a space on the page. Iterative,
    so deep hostile nesting neither recurses nor goes quadratic."""
    chunks: list[str] = []
    stack: list[PageElement] = list(reversed(top.contents))
    while stack:
        node = stack.pop()
        if isinstance(node, Tag):
            if node.name == "br":
                chunks.append("\n")
            elif node.name not in ("script", "style") and not skip(node):
                stack.extend(reversed(node.contents))
        elif isinstance(node, NavigableString) and not isinstance(node, Comment):
            chunks.append(str(node).replace("\n", " "))
    return chunks


def _own_anchors(p: Tag) -> list[Tag]:
    """Links of one paragraph, not of paragraphs nested in it."""
    found: list[Tag] = []
    stack: list[PageElement] = list(reversed(p.contents))
    while stack:
        node = stack.pop()
        if isinstance(node, Tag) and node.name != "p":
            if node.name == "a" and node.get("href"):
                found.append(node)
            stack.extend(reversed(node.contents))
    return found


def _own_text(p: Tag) -> str:
    """Text of one paragraph; an unclosed <p> that swallowed the next one keeps only its own."""
    joined = "".join(_walk_text(p, lambda tag: tag.name == "p"))
    lines = [" ".join(line.split()) for line in joined.split("\n")]
    return "\n".join(line for line in lines if line)


def _post_text(paragraphs: list[Tag]) -> str:
    return "\n".join(part for p in paragraphs if (part := _own_text(p)))


def _read_twitter(root: Tag, base_url: str | None) -> Embed | None:
    anchor, ref = _status_link(root)
    paragraphs = root.find_all("p", limit=MAX_PARAGRAPHS)
    # WordPress splits the dash line into its own <p>; it is not post text
    body = [p for p in paragraphs if not _is_attribution(_own_text(p))]
    attribution = _attribution(_tail_text(root, body))
    # without <p> and without a dash line, the only text is a placeholder's link label
    text = _post_text(body) if body else (_text_before_dash(root) if attribution else "")
    date_text = " ".join(anchor.get_text(" ").split()) if anchor is not None else None
    date = parse_date(date_text) if date_text else None
    if date is None and anchor is not None and anchor.get("data-datetime"):
        date = parse_date(str(anchor["data-datetime"])[:10])
    handle = attribution[1] if attribution else (ref.handle if ref else None)
    name = attribution[0] if attribution else None
    if ref is None and handle is None and "twitter" not in " ".join(_classes(root)):
        return None
    lang = next((str(p["lang"]) for p in body if p.get("lang")), None) or _attr(root, "lang")
    links = tuple(
        link for p in body for a in _own_anchors(p) if (link := _link(a.get("href"), base_url))
    )
    form = "blockquote" if text or attribution else "blockquote-empty"
    return Embed(
        platform=Platform.TWITTER,
        start=0,
        end=0,
        author_name=name,
        handle=handle,
        date=date,
        date_text=date_text if date is not None else None,
        text=text or None,
        truncated=bool(text) and looks_truncated(text),
        url=ref.url if ref else None,
        post_id=ref.post_id if ref else None,
        lang=lang,
        links=links,
        detector="html",
        form=form,
    )


def _status_link(root: Tag) -> tuple[Tag | None, PostRef | None]:
    """The date link (the last status link) and the post it names.

    Some CMSs escape ``_`` as ``\\_`` in URLs or mangle the href but keep ``data-url``.
    """
    anchor: Tag | None = None
    ref: PostRef | None = None
    for a in root.find_all("a", href=True):
        found = identify_url(str(a.get("href", "")).replace("\\", ""))
        if found is not None and found.platform == Platform.TWITTER:
            anchor, ref = a, found
    for attr in ("data-url", "cite", "data-tweet-url"):
        value = _attr(root, attr)
        if value is None:
            continue
        found = identify_url(value.replace("\\", ""))
        if found is not None and found.platform == Platform.TWITTER:
            if ref is None or found.post_id != ref.post_id:
                ref = found if ref is None else ref
            break
    return anchor, ref


_ATTRIBUTION_START = re.compile(r"\s*(?:—|–|―|--|-|&mdash;|\?)\s*")
_HANDLE_IN_PARENS = re.compile(r"\(\s?@([A-Za-z0-9_]{1,15})\s?\)")
_BSKY_HANDLE_IN_PARENS = re.compile(r"\(\s?@([A-Za-z0-9][A-Za-z0-9.:\-]{0,252})\s?\)")


def _is_attribution(value: str) -> bool:
    value = value.strip()
    return (
        bool(_ATTRIBUTION_START.match(value))
        and value[:1] in "—–―-&?"
        and (_HANDLE_IN_PARENS.search(value[:300]) is not None)
    )


def _tail_text(root: Tag, body: list[Tag]) -> str:
    """The blockquote's text outside the post paragraphs: the dash line and its date."""
    inside = {id(p) for p in body}
    return " ".join("".join(_walk_text(root, lambda tag: id(tag) in inside)).split())


def _attribution(
    tail: str, handle_re: re.Pattern[str] = _HANDLE_IN_PARENS
) -> tuple[str | None, str] | None:
    """``(name, handle)`` from ``— Name (@handle) Date``; names may hold dashes and parentheses."""
    last = None
    for match in handle_re.finditer(tail[:2000]):
        last = match
    if last is None:
        return None
    prefix = tail[: last.start()].strip()
    lead = _ATTRIBUTION_START.match(prefix)
    if lead is not None and lead.end() > 0 and prefix[:1] in "—–―-&?":
        prefix = prefix[lead.end() :]
    else:
        # text before the dash line (a site that kept no <p>): the name follows the last dash
        cut = max(prefix.rfind("— "), prefix.rfind("—"), prefix.rfind("-- "))
        if cut != -1:
            prefix = prefix[cut:].lstrip("—- ")
    return _clean_name(prefix), last.group(1)


def _text_before_dash(root: Tag) -> str:
    """Sites that strip the <p> leave the post text directly in the blockquote."""
    chunks: list[str] = []
    for node in root.children:
        value = node.get_text(" ") if isinstance(node, Tag) else str(node)
        value = value.replace("\n", " ")  # rendered as a space; only <br> breaks the line
        if isinstance(node, Tag) and node.name == "br":
            value = "\n"
        dash = _DASH_LINE.search(" " + value)
        if dash is not None:
            chunks.append(value[: max(0, dash.start())])
            break
        chunks.append(value)
    lines = [" ".join(line.split()) for line in "".join(chunks).split("\n")]
    return "\n".join(line for line in lines if line)


def _clean_name(name: str) -> str | None:
    name = " ".join(name.split())
    if name.endswith("さん"):
        name = name[: -len("さん")]
    return name or None


def _attr(tag: Tag, name: str) -> str | None:
    value = tag.get(name)
    return str(value) if value else None


def _read_twitter_id(root: Tag, base_url: str | None) -> Embed | None:
    post_id = _attr(root, "data-tweetid") or _attr(root, "data-tweet-id")
    frame = root if root.name.lower() == "iframe" else root.find("iframe")
    if post_id is None and isinstance(frame, Tag):
        post_id = _attr(frame, "data-tweet-id")
    if post_id is None and isinstance(frame, Tag):
        src = _attr(frame, "src") or ""
        query = parse_qs(urlsplit(src).query)
        post_id = next(iter(query.get("id", [])), None)
    if root.name.lower() == "amp-twitter":
        inner = root.find("blockquote")
        if isinstance(inner, Tag):
            read = _read_twitter(inner, base_url)
            if read is not None:
                pid = post_id or read.post_id
                url = read.url if read.post_id == pid else twitter.canonical_status_url(pid or "")
                return read.model_copy(update={"post_id": pid, "url": url, "form": "amp"})
    if not post_id or not post_id.isdigit():
        return None
    form = "amp" if root.name.lower() == "amp-twitter" else "iframe"
    return Embed(
        platform=Platform.TWITTER,
        start=0,
        end=0,
        post_id=post_id,
        url=twitter.canonical_status_url(post_id),
        detector="html",
        form=form,
    )


def _read_by_url(platform: Platform, url_attr: tuple[str, ...]) -> _Reader:
    def read(root: Tag, base_url: str | None) -> Embed | None:
        url = None
        for attr in url_attr:
            url = _attr(root, attr)
            if url:
                break
        if not url:
            anchor = root.find("a", href=True)
            url = str(anchor["href"]) if isinstance(anchor, Tag) else None
        ref = identify_url(_link(url, base_url) or "") if url else None
        if ref is None or ref.platform != platform:
            return None
        return Embed(
            platform=platform,
            start=0,
            end=0,
            handle=ref.handle,
            url=ref.url,
            post_id=ref.post_id,
            detector="html",
            form=root.name.lower(),
        )

    return read


def _read_instagram(root: Tag, base_url: str | None) -> Embed | None:
    url = _attr(root, "data-instgrm-permalink")
    if not url:
        anchor = root.find("a", href=True)
        url = str(anchor["href"]) if isinstance(anchor, Tag) else None
    ref = identify_url(url or "")
    full = " ".join(root.get_text(" ").split())
    shared = _INSTAGRAM_SHARED.search(full)
    handle = shared.group(2) if shared else (ref.handle if ref else None)
    if ref is None and handle is None:
        return None
    caption = None
    for p in root.find_all("p", limit=MAX_PARAGRAPHS):
        value = _own_text(p)
        if value and not _INSTAGRAM_SHARED.search(value) and "Instagram" not in value[:60]:
            caption = value
            break
    time = root.find("time")
    date = None
    date_text = None
    if isinstance(time, Tag):
        date_text = " ".join(time.get_text(" ").split()) or None
        stamp = _attr(time, "datetime")
        date = parse_date(stamp[:10]) if stamp else None
    elif shared is not None:
        # "… (@handle) on Apr 27, 2020 at 9:24am PDT" without a <time> element
        rest = full[shared.end() : shared.end() + 80]
        for word in re.finditer(r"\S+", rest[:30]):
            found = match_date(rest, word.start())
            if found is not None:
                date, date_text = found.date, rest[found.start : found.end].strip() or None
                break
    return Embed(
        platform=Platform.INSTAGRAM,
        start=0,
        end=0,
        author_name=_clean_name(shared.group(1)) if shared else None,
        handle=handle,
        date=date,
        date_text=date_text if date else None,
        text=caption,
        url=ref.url if ref else None,
        post_id=ref.post_id if ref else None,
        detector="html",
        form="blockquote",
    )


def _read_tiktok(root: Tag, base_url: str | None) -> Embed | None:
    ref = identify_url(_attr(root, "cite") or "")
    video_id = _attr(root, "data-video-id") or (ref.post_id if ref else None)
    if ref is None and not video_id:
        return None
    caption = None
    for p in root.find_all("p", limit=MAX_PARAGRAPHS):
        if isinstance(p, Tag):
            caption = _post_text([p]) or None
            break
    return Embed(
        platform=Platform.TIKTOK,
        start=0,
        end=0,
        handle=ref.handle if ref else None,
        text=caption,
        url=ref.url if ref else None,
        post_id=video_id,
        detector="html",
        form="blockquote",
    )


def _read_facebook(root: Tag, base_url: str | None) -> Embed | None:
    url = _attr(root, "data-href")
    quote = root.find("blockquote")
    if not url and isinstance(quote, Tag):
        url = _attr(quote, "cite")
    ref = identify_url(url or "")
    if ref is None:
        return None
    text = None
    name = date_text = None
    date = None
    if isinstance(quote, Tag):
        paragraphs = [p for p in quote.find_all("p") if isinstance(p, Tag)]
        text = _post_text(paragraphs) or None
        tail = " ".join(quote.get_text(" ").split())
        if text:
            tail = tail.replace(" ".join(text.split()), " ")
        posted = _FB_POSTED.search(tail.strip())
        if posted:
            name, date_text = posted.group(1).strip(), posted.group(2).strip()
            date = parse_date(date_text)
        else:
            # any SDK locale: the first link names the page, the last one is the dated post link
            links = [a for a in quote.find_all("a", href=True) if a.find_parent("p") is None]
            if len(links) >= 2:
                name = " ".join(links[0].get_text(" ").split()) or None
                date_text = " ".join(links[-1].get_text(" ").split()) or None
                date = parse_date(date_text) if date_text else None
    return Embed(
        platform=Platform.FACEBOOK,
        start=0,
        end=0,
        author_name=name,
        handle=ref.handle,
        date=date,
        date_text=date_text if date else None,
        text=text,
        url=ref.url,
        post_id=ref.post_id,
        detector="html",
        form="div",
    )


def _read_bluesky(root: Tag, base_url: str | None) -> Embed | None:
    uri = _attr(root, "data-bluesky-uri")
    ref = identify_url(uri or "")
    anchors = [a for a in root.find_all("a", href=True) if isinstance(a, Tag)]
    if ref is None:
        for a in anchors:
            ref = identify_url(str(a["href"]))
            if ref is not None:
                break
    if ref is None:
        return None
    paragraphs = root.find_all("p", limit=MAX_PARAGRAPHS)
    author = _attribution(_tail_text(root, paragraphs), _BSKY_HANDLE_IN_PARENS)
    date_text = " ".join(anchors[-1].get_text(" ").split()) if anchors else None
    date = parse_date(date_text) if date_text else None
    return Embed(
        platform=Platform.BLUESKY,
        start=0,
        end=0,
        author_name=author[0] if author else None,
        handle=author[1].lower() if author else ref.handle,
        date=date,
        date_text=date_text if date else None,
        text=_post_text(paragraphs) or None,
        lang=next((str(p["lang"]) for p in paragraphs if p.get("lang")), None),
        url=ref.url,
        post_id=ref.post_id,
        detector="html",
        form="blockquote",
    )


def _read_mastodon(root: Tag, base_url: str | None) -> Embed | None:
    url = _attr(root, "data-embed-url") or _attr(root, "src") or ""
    url = url.removesuffix("/embed")
    ref = identify_url(url)
    if ref is None:
        anchor = root.find("a", href=True)
        ref = identify_url(str(anchor["href"])) if isinstance(anchor, Tag) else None
    if ref is None or ref.platform != Platform.MASTODON:
        return None
    return _from_ref(ref, root.name.lower())


def _read_iframe(root: Tag, base_url: str | None) -> Embed | None:
    ref = identify_url(_link(root.get("src"), base_url) or "")
    if ref is None or ref.platform not in (Platform.YOUTUBE, Platform.LINKEDIN):
        return None
    return _from_ref(ref, "iframe")


def _read_bare_url(root: Tag, base_url: str | None) -> Embed | None:
    ref = identify_url(root.get_text(" ").strip())
    if ref is None:
        return None
    return _from_ref(ref, "oembed-url")


def _from_ref(ref: PostRef, form: str) -> Embed:
    """An embed known only by its URL (iframes, bare URLs): identity, no text."""
    return Embed(
        platform=ref.platform,
        start=0,
        end=0,
        handle=ref.handle,
        url=ref.url,
        post_id=ref.post_id,
        detector="html",
        form=form,
    )


_READERS: dict[str, _Reader] = {
    "twitter": _read_twitter,
    "amp-twitter": _read_twitter_id,
    "twitter-rendered": _read_twitter_id,
    "instagram": _read_instagram,
    "tiktok": _read_tiktok,
    "facebook": _read_facebook,
    "bluesky": _read_bluesky,
    "mastodon": _read_mastodon,
    "threads": _read_by_url(Platform.THREADS, ("data-text-post-permalink",)),
    "iframe": _read_iframe,
    "bare-url": _read_bare_url,
}
