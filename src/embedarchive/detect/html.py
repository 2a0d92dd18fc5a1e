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

The fragment finder lives in ``_fragments`` and the per-platform readers in ``_readers``; this
module runs the scan, pays for parsing, reads repeated markup once, and reports the embeds.
"""

from __future__ import annotations

import bisect
import html as htmllib
import logging
import re
from typing import Final

from bs4.element import Tag

from embedarchive._soup import parse_markup
from embedarchive.detect._charset import decode_html
from embedarchive.detect._fragments import (
    MAX_FRAGMENT,
    MAX_UNCLOSED,  # noqa: F401 - re-exported: the unclosed-embed cap, where tests look for it
    _Fragment,
    _fragment_at,
    _marker_positions,
    _Parsing,
    _Scan,
)
from embedarchive.detect._readers import _READERS, _classes, _kind
from embedarchive.models import Embed, Platform

__all__ = ["parse_html"]

logger = logging.getLogger(__name__)

# BeautifulSoup's cost in units of about 0.1 µs, measured on corpus and hostile fragments: a
# fixed cost per fragment (parser set-up and the reader), a tag, a character.
PARSE_COST_FRAGMENT: Final = 2500
PARSE_COST_TAG: Final = 200
# What one page may spend: a floor that reads ~200 real embeds on any page (no corpus page
# needs more than half of it), plus a share per character that keeps a page of nothing but
# distinct embed markup within several times the cost of ordinary HTML.
PARSE_BUDGET_BASE: Final = 1_000_000
PARSE_BUDGET_PER_CHAR: Final = 1
# Back-to-back verbatim copies of one embed reported; past this the run is markup repeated to
# make the reader build a list as large as the page, and the rest of it is skipped.
MAX_COPIES: Final = 100
# Fragments read, kept by markup so that a repeated one is not parsed again.
MAX_MEMO: Final = 64
MAX_MEMO_MARKUP: Final = 32 * 1024


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


_ENTITY: Final = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{1,31});?")


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
    soup = parse_markup(markup)
    root = soup.find(True) if soup is not None else None
    if not isinstance(root, Tag):
        return None
    classes = " ".join(_classes(root)).lower()
    if tag == "textarea":
        inner_soup = parse_markup(htmllib.unescape(root.get_text()))
        inner = inner_soup.find(True) if inner_soup is not None else None
        if not isinstance(inner, Tag):
            return None
        root = inner
        classes = " ".join(_classes(root)).lower()
    reader = _READERS.get(_kind(root, classes))
    if reader is None:
        return None
    return reader(root, base_url)
