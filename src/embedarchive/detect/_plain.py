"""The plain-text detector behind :func:`embedarchive.parse_text`.

An embed flattened to text keeps the quoted post and an attribution line such as
``— Rajnath Singh (@rajnathsingh) July 1, 2025``. Renderers bend that shape in many ways
(see docs/detection.md): the dash glued to the last word of the post, the date on the next line,
``> `` quote markers and ``[date](status-url)`` links from html2text, ``--`` or a mojibake ``?``
for the dash, localized dates. The detector finds the attribution first (an anchor that prose
rarely produces: a ``(@handle)`` followed by a date), then walks back over the lines above it to
find where the quoted text starts.

This module puts the pieces together: ``_attribution`` finds the attribution lines, ``_body``
finds the post above each, ``_unattributed`` reads the embeds that leave no attribution line
(TikTok captions, Mastodon and Threads cards, bare status URLs). Everything runs in time linear
in the input: each ``(@`` anchor looks at a bounded window, and the walk back over earlier lines
stops at the previous embed.
"""

from __future__ import annotations

import bisect
import html as htmllib
import re
from typing import Final

from embedarchive.detect import _lines
from embedarchive.detect._attribution import (
    _HANDLE_ANCHOR,
    _MD_TARGET,
    REJECTED_ANCHOR_FLOOR,
    REJECTED_ANCHOR_SPACING,
    _Attribution,
    _facebook_attributions,
    _facebook_phrases,
    _find_attributions,
    lynx_references,
)
from embedarchive.detect._body import (
    _INSTAGRAM_HEADER,
    LINK_NUMBERS,
    _clean_body,
    _indented_body,
    _plain_body,
    _quoted_body,
    glued_lines,
    looks_truncated,
    markdown_document,
)
from embedarchive.detect._substack import FOOTER_MARK, substack_cards
from embedarchive.detect._unattributed import bare_status_urls, post_by_cards, tiktok_captions
from embedarchive.models import Embed, Platform
from embedarchive.platforms import identify_url


def parse(text: str, *, rewritten: frozenset[str] = frozenset()) -> list[Embed]:
    """The embeds in ``text`` (already ``str``); ``rewritten`` names the rewrites done so far,
    so that each is done at most once."""
    # Each test below scans the whole text once; most pages fail all of them and end here.
    anchor = _HANDLE_ANCHOR.search(text)
    status_urls = "/status" in text
    tiktok = "♬" in text
    facebook, post_by = _facebook_phrases(text)
    # (in a two-byte string a search for "∙" looks for its rare low byte: a fast scan)
    substack = FOOTER_MARK in text
    if (
        anchor is None
        and not status_urls
        and not tiktok
        and not facebook
        and not post_by
        and not substack
    ):
        return []
    if "\r" in text and "\r\n" in text:  # (a lone "\r" first: "\r\n" costs a slow search)
        return _crlf(text, rewritten)
    for brk in _OTHER_BREAKS:
        if brk in text:
            # one character for one: offsets stay those of the input
            text = text.replace(brk, "\n")
    # Text that kept some of the page's markup is read rewritten, then offsets are mapped back:
    # entities decoded, raw links made Markdown links. Each rewrite is done once.
    if "entities" not in rewritten and "&" in text:
        entity = _first_entity(text)
        if entity is not None and _left_escaped(text, entity.start()):
            edits = _entity_edits(text, entity.start())
            return _rewrite(text, edits, rewritten | {"entities"})
    # ("<" first: a one-character search; most texts have none, and "</" costs a full search)
    markup = "<" in text
    if "markup" not in rewritten and markup and "</" in text and "<blockquote" not in text:
        # (a page's embed code left whole as text is read as markup instead: _with_markup)
        edits = _markup_edits(text)
        if edits:
            return _rewrite(text, edits, rewritten | {"markup"})
    index = _lines.LineIndex(text)
    embeds: list[Embed] = []
    floor = 0  # nothing before this offset may be claimed again (previous embed's end)
    attributions = _find_attributions(text, index, anchor.start()) if anchor else []
    if facebook:
        attributions += _facebook_attributions(text, index, facebook)
    attributions.sort(key=lambda a: a.start)
    escapes = "\\" in text  # (a JSON string's "\\n" needs a backslash: one cheap search)
    for attribution in attributions:
        if attribution.start < floor or (
            escapes and _in_json_string(text, attribution.start, attribution.end)
        ):
            continue
        embed = _build_embed(text, index, attribution, floor)
        if embed is None:
            continue
        embeds.append(embed)
        floor = embed.end
    if tiktok:
        embeds.extend(tiktok_captions(text, embeds))
    if status_urls:
        embeds.extend(bare_status_urls(text, index, embeds))
    if post_by:
        embeds.extend(post_by_cards(text, embeds))
    if substack:
        embeds.extend(substack_cards(text, embeds))
    embeds.sort(key=lambda e: e.start)
    embeds = _merge_status_urls(embeds)
    if markup and "<blockquote" in text:
        embeds = _with_markup(text, embeds)
    return embeds


def _in_json_string(text: str, start: int, end: int) -> bool:
    """Whether an attribution stands between two ``\\n`` escapes: embed code held in a JSON
    string of the page's data, which renderers that keep script text (lxml's
    ``text_content``) print as is. Its rendered copy is elsewhere in the text."""
    return text[max(0, start - 8) : start].rstrip(" ").endswith("\\n") and text[
        end : end + 8
    ].lstrip(" ").startswith("\\n")


def _first_entity(text: str) -> re.Match[str] | None:
    """The first entity: "&"s looked at one by one (a one-character search is several times
    cheaper than the regex's scan), then, past a few that open none, the regex's scan."""
    pos = text.find("&")
    for _ in range(ENTITY_PROBES):
        if pos == -1:
            return None
        after = text[pos + 1 : pos + 2]  # an entity's "#" or first letter
        entity = _ENTITY.match(text, pos) if after == "#" or after.isalpha() else None
        if entity is not None:
            return entity
        pos = text.find("&", pos + 1)
    return None if pos == -1 else _ENTITY.search(text, pos)


ENTITY_PROBES: Final = 16


def _left_escaped(text: str, first: int) -> bool:
    """Whether the text kept the page's entities (decoding costs a copy of it): it holds the
    dash entity of an embed's attribution, or entities throughout, not a stray one that a
    page escaped twice (``&apos;`` in a BeautifulSoup rendering)."""
    needed = ENTITIES_FLOOR + len(text) // ENTITY_SPACING
    for seen, entity in enumerate(_ENTITY.finditer(text, first), start=1):
        if seen >= needed or entity.group().lower() in _DASH_ENTITIES:
            return True
    return False


# A text whose markup a regex stripped holds an entity every few hundred characters; a
# rendering that decoded them holds a stray one in a hundred thousand.
ENTITIES_FLOOR: Final = 3
ENTITY_SPACING: Final = 10_000
_DASH_ENTITIES: Final = frozenset(
    {"&mdash;", "&ndash;", "&#8212;", "&#8211;", "&#x2014;", "&#x2013;"}
)


def _entity_edits(text: str, first: int) -> list[tuple[int, int, str]]:
    """Each entity from ``first`` on, with what it decodes to (decoded once: ``&amp;mdash;``
    reads ``&mdash;``)."""
    edits: list[tuple[int, int, str]] = []
    for entity in _ENTITY.finditer(text, first):
        value = htmllib.unescape(entity.group())
        if value != entity.group():
            edits.append((entity.start(), entity.end(), value))
    return edits


def _markup_edits(text: str) -> list[tuple[int, int, str]]:
    """Raw HTML that a Markdown converter kept (pandoc's GitHub Markdown keeps a link with
    ``target="_blank"``, and an embed's styled ``<div>``s, as HTML, wrapped over ``> `` quote
    lines): links become Markdown links ``[label](…)``, other tags go."""
    edits = _anchor_edits(text)
    links = len(edits)
    enough = MARKUP_FLOOR + len(text) // MARKUP_SPACING
    if not links and text.count("</") < enough:
        return []  # a few stray tags (a <noscript> a renderer printed): not worth a copy
    taken = _lines.Spans((start, stop) for start, stop, _ in edits)
    for tag in _RAW_TAG.finditer(text):
        if len(edits) >= MAX_MARKUP_EDITS:
            break
        if text[tag.start() - 1 : tag.start()] == "\\" or taken.overlaps(tag.start(), tag.end()):
            continue  # an escaped "\\<noun>", or a link's own tags
        edits.append((tag.start(), tag.end(), ""))
    if not links and len(edits) < enough:
        return []
    edits.sort()
    return edits


# A line break inside a tag, with the next line's indentation and quote markers. Possessive:
# the spaces are the break's alone, or each line's indentation could also be taken by the
# tag's other characters, and a tag that never closes would be tried every way of splitting
# every line (exponential in its lines). A ">" given back still closes the tag.
_TAG_WRAP: Final = r"\n[ \t]*+(?:>[ \t]?+)*"
# Tags of the page's structure and text a converter leaves raw; other "<…>" stays (it may be
# text: "<3", "<noun>")
_RAW_TAG: Final = re.compile(
    r"</?(?:a|div|span|p|br|img|figure|figcaption|section|article|svg|path|g|em|strong|b|i|u"
    r"|small|sup|sub|time|hr|ul|ol|li|picture|source|video|iframe|center|font)"
    rf"""(?=[\s/>])(?:"[^"]{{0,2000}}"|'[^']{{0,2000}}'|{_TAG_WRAP}|[^<>"'\n]){{0,3000}}>""",
    re.IGNORECASE,
)
MAX_MARKUP_EDITS: Final = 50_000
# Without a raw link, tags are stripped only where they are everywhere (a converter's output)
MARKUP_FLOOR: Final = 3
MARKUP_SPACING: Final = 5_000


def _anchor_edits(text: str) -> list[tuple[int, int, str]]:
    """Raw ``<a href="…">label</a>`` links with a web address as Markdown links."""
    edits: list[tuple[int, int, str]] = []
    # "<a" that opens no link is paid from a budget, as rejected "(@" anchors are
    budget = max(REJECTED_ANCHOR_FLOOR, len(text) // REJECTED_ANCHOR_SPACING)
    pos = text.find("<a")
    while pos != -1 and len(edits) < MAX_ANCHOR_EDITS:
        tag = _ANCHOR_OPEN.match(text, pos)
        close = text.find("</a>", tag.end(), tag.end() + 600) if tag else -1
        if tag is None or close == -1 or "<" in text[tag.end() : close]:
            budget -= 1
            if budget <= 0:
                break
            pos = text.find("<a", pos + 2)
            continue
        href = _HREF.search(tag.group(0))
        url = _QUOTE_BREAK.sub("", href.group(1)) if href else ""
        if url.startswith(("http://", "https://")):
            edits += [(pos, tag.end(), "["), (close, close + 4, f"]({url})")]
        pos = text.find("<a", close + 4)
    return edits


# A start tag's attributes, a line break with quote markers between them (pandoc wraps inside
# tags), quoted values whole; the alternatives open with different characters, so it is linear
_ANCHOR_OPEN: Final = re.compile(
    rf"""<a(?=\s)(?:"[^"]{{0,2000}}"|'[^']{{0,2000}}'|{_TAG_WRAP}|[^<>"'\n]){{1,3000}}>""",
    re.IGNORECASE,
)
_HREF: Final = re.compile(r"""\bhref\s*=\s*["']([^"']{1,2000})["']""", re.IGNORECASE)
_QUOTE_BREAK: Final = re.compile(r"\n[ \t]*(?:>[ \t]?)*")
MAX_ANCHOR_EDITS: Final = 20_000  # (each link is two edits)


def _rewrite(
    text: str, edits: list[tuple[int, int, str]], rewritten: frozenset[str]
) -> list[Embed]:
    """Read ``text`` with ``edits`` (ordered, disjoint spans and their replacements) applied,
    then map the embeds' offsets back to ``text``."""
    if not edits:
        return parse(text, rewritten=rewritten)
    pieces: list[str] = []
    placed_at: list[int] = []  # where each replacement starts in the rewritten text
    pos = length = 0
    for start, stop, value in edits:
        pieces.append(text[pos:start])
        length += start - pos
        placed_at.append(length)
        pieces.append(value)
        length += len(value)
        pos = stop
    pieces.append(text[pos:])
    found = parse("".join(pieces), rewritten=rewritten)

    def back(at: int, *, end: bool) -> int:
        i = bisect.bisect_right(placed_at, at) - 1
        if i < 0:
            return at
        start, stop, value = edits[i]
        inside = at - placed_at[i]
        if inside < len(value):  # within a replacement: its start, or its end for a span's end
            return stop if end and inside > 0 else start
        return stop + inside - len(value)

    mapped: list[Embed] = []
    floor = 0
    for embed in found:
        # one embed's end and the next one's start inside the same replacement map to its end
        # and its start: the later embed starts where the earlier one ends
        start = max(back(embed.start, end=False), floor)
        floor = max(back(embed.end, end=True), start)
        mapped.append(embed.model_copy(update={"start": start, "end": floor}))
    return mapped


# An HTML entity as a page's source writes it; named ones need their ";" ("AT&T", "Q&A" and
# "Fish&Chips" are text).
_ENTITY: Final = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _crlf(text: str, rewritten: frozenset[str]) -> list[Embed]:
    """Windows line ends: read the text with "\\n" alone, then map offsets back to ``text``.

    A rewrite that made the line ends (``&#13;&#10;`` decoded) is not done again: nested
    escapes would otherwise make one more line end, and one more level, per layer."""
    # each removed "\r" preceded the "\n" now at this offset of the normalized text
    moved = [m.start() - i for i, m in enumerate(_CRLF.finditer(text))]
    found = parse(text.replace("\r\n", "\n"), rewritten=rewritten)

    def back(pos: int, *, end: bool) -> int:
        return pos + bisect.bisect_right(moved, pos - 1 if end else pos)

    return [
        embed.model_copy(
            update={"start": back(embed.start, end=False), "end": back(embed.end, end=True)}
        )
        for embed in found
    ]


_CRLF: Final = re.compile("\r\n")
# Other line breaks that sources leave: the Unicode line and paragraph separators (text taken
# from JSON, word processors), vertical tab and form feed (PDF conversions). Not a lone "\r":
# renderers that keep the markup's whitespace keep the CRs of a post's source inside its
# paragraph (a corpus page's post reads "suicides? \r\r#PMQs"). Not U+0085 (NEL) either: it
# is also "…" in a cp1252 page read as Latin-1.
_OTHER_BREAKS: Final = ("\u2028", "\u2029", "\x0b", "\x0c")


def _with_markup(text: str, embeds: list[Embed]) -> list[Embed]:
    """Embed code left as text is read as markup.

    A consent placeholder keeps the embed code escaped, and renderers that print a page's
    ``<template>`` or placeholder text show it as ``<blockquote class="twitter-tweet">…``. The
    HTML detector reads such code wherever it is (its offsets index the same string); its embeds
    replace what the text detector made of the same span.
    """
    from embedarchive.detect.html import parse_html

    marked = [
        embed.model_copy(update={"detector": "text", "form": f"markup-{embed.form}"})
        for embed in parse_html(text)
    ]
    if not marked:
        return embeds
    spans = _lines.Spans((m.start, m.end) for m in marked)
    kept = [e for e in embeds if not spans.overlaps(e.start, e.end)]
    return sorted(kept + marked, key=lambda e: e.start)


def _build_embed(
    text: str, index: _lines.LineIndex, attribution: _Attribution, floor: int
) -> Embed | None:
    floor = _after_skip_link(text, attribution.start, floor)
    if attribution.quoted:
        body_start, lines = _quoted_body(text, index, attribution, floor)
    else:
        indented = _indented_body(text, index, attribution, floor)
        body_start, lines = indented or _plain_body(text, index, attribution, floor)
    # (html2text quotes lose their escapes as Markdown anyway)
    escaped = (
        not attribution.quoted
        and any("\\" in line for line in lines)
        and markdown_document(text, index)
    )
    # a lynx dump numbers every link's text ("[154]pic.twitter.com/…"): not the post's
    numbered = index.cache.get("numbered") is True
    glued = (
        None
        if attribution.quoted or numbered or len(lines) < 2
        else glued_lines(text, body_start, attribution.start, lines)
    )
    body, links = _clean_body(
        lines, markdown=attribution.quoted, escaped=escaped, numbered=numbered, glued=glued
    )
    start = body_start if body else attribution.start
    url = attribution.url
    post_id: str | None = None
    handle = attribution.handle
    if not url and attribution.platform is Platform.INSTAGRAM:
        url = _instagram_post_link(text, index, start, attribution.start, floor)
    if url:
        ref = identify_url(url)
        if ref is not None:
            url, post_id = ref.url, ref.post_id
    truncated = looks_truncated(body)
    embed: Embed = _VALIDATE_EMBED(
        {
            "platform": attribution.platform,
            "start": start,
            "end": attribution.end,
            "author_name": attribution.name,
            "handle": handle,
            "date": attribution.date_value,
            "date_text": attribution.date_text,
            "text": body or None,
            "truncated": truncated,
            "url": url,
            "post_id": post_id,
            "links": tuple(links),
            "detector": "text",
            "form": "attribution",
        }
    )
    return embed


# The model's validator called with a dict validates as ``Embed(**fields)`` does, without the
# keyword call and ``BaseModel.__init__``'s Python frame (about a microsecond an embed).
_VALIDATE_EMBED: Final = Embed.__pydantic_validator__.validate_python


def _instagram_post_link(
    text: str, index: _lines.LineIndex, start: int, stop: int, floor: int
) -> str | None:
    """The address of the Instagram post whose caption runs from ``start`` to ``stop``, where
    renderers that keep links leave it: the caption links to the post, and so does the header
    above it ("View this post on Instagram", in any of its languages). Markdown writes the
    address after the label, ``[label](https://www.instagram.com/p/…)``; a lynx dump numbers
    the label (``[23]View this post on Instagram``) and lists the address at its end.
    """
    numbered = index.cache.get("numbered") is True
    above = max(floor, start - HEADER_REACH)
    if not numbered and "](" not in text[above:stop]:
        return None  # (most texts: no Markdown link near the caption)
    references = lynx_references(text, index) if numbered else {}
    links: list[str] = _MD_TARGET.findall(text, start, stop)
    if numbered:
        numbers = LINK_NUMBERS.finditer(text, max(0, start - 8), stop)
        links += [references.get(number.group()[1:-1], "") for number in numbers]
    for link in links:
        if _instagram_post(link):
            return link
    header = max(_INSTAGRAM_HEADER.finditer(text, above, start), key=_end, default=None)
    if header is None:
        return None
    target = _HEADER_TARGET.match(text, header.end(), min(len(text), start + 1))
    if target is not None:
        link = target.group(1)
    elif numbered and (
        number := LINK_NUMBERS.search(text, max(0, header.start() - 8), header.start())
    ):
        link = references.get(number.group()[1:-1], "")
    else:
        return None
    return link if _instagram_post(link) else None


def _end(match: re.Match[str]) -> int:
    return match.end()


def _instagram_post(url: str) -> bool:
    ref = identify_url(url)
    return ref is not None and ref.platform is Platform.INSTAGRAM and ref.post_id is not None


# The header's line and the quote lines under it, before the caption (html2text wraps the
# header's label before its "](")
HEADER_REACH: Final = 700
_HEADER_TARGET: Final = re.compile(rf"[\s>]{{0,20}}{_MD_TARGET.pattern}")


def _after_skip_link(text: str, start: int, floor: int) -> int:
    """Where a post may start at the earliest: after the link that skips it, if the page put
    one before it. BBC pages open every embed with "Skip Twitter post by @handle" (also
    "… post 2 by …", other platforms); flattened to one line, it is glued to the post's first
    words."""
    low = max(floor, start - SKIP_LINK_REACH)
    if text.find("Skip ", low, start) == -1:  # (most embeds: one bounded search for a rare word)
        return floor
    ends = [link.end() for link in _SKIP_LINK.finditer(text, low, start)]
    return ends[-1] if ends else floor


SKIP_LINK_REACH: Final = 1500
# (a literal first word: sre looks for it as fast as str.find does)
_SKIP_LINK: Final = re.compile(
    r"Skip [A-Za-z]{1,12} post(?: \d{1,3})? by(?:[ \t\u00a0]{1,3}@[A-Za-z0-9_]{1,15}\b)?"
    r"[ \t\u00a0]*"
)


def _merge_status_urls(embeds: list[Embed]) -> list[Embed]:
    """A site's own link to the post right before or after its attribution is the same embed."""
    merged: list[Embed] = []
    for embed in embeds:
        prev = merged[-1] if merged else None
        if prev is not None and _same_post(prev, embed) and embed.start - prev.end < 400:
            bare, full = (prev, embed) if prev.form == "status-url" else (embed, prev)
            merged[-1] = full.model_copy(
                update={"url": full.url or bare.url, "post_id": full.post_id or bare.post_id}
            )
            continue
        merged.append(embed)
    return merged


def _same_post(a: Embed, b: Embed) -> bool:
    if (a.form == "status-url") == (b.form == "status-url"):
        return False
    if a.platform != b.platform or not a.handle or not b.handle:
        return False
    if a.handle.casefold() != b.handle.casefold():
        return False
    return not (a.post_id and b.post_id and a.post_id != b.post_id)
