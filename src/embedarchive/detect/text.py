"""Embedded posts in plain text: what scrapers leave of an embed.

An embed flattened to text keeps the quoted post and an attribution line such as
``— Rajnath Singh (@rajnathsingh) July 1, 2025``. Renderers bend that shape in many ways
(see docs/detection.md): the dash glued to the last word of the post, the date on the next line,
``> `` quote markers and ``[date](status-url)`` links from html2text, ``--`` or a mojibake ``?``
for the dash, localized dates. The detector finds the attribution first (an anchor that prose
rarely produces: a ``(@handle)`` followed by a date), then walks back over the lines above it to
find where the quoted text starts.

This module puts the pieces together: ``_attribution`` finds the attribution lines, ``_body``
finds the post above each; TikTok captions and bare status URLs, which have no attribution line,
are read here. Everything runs in time linear in the input: each ``(@`` anchor looks at a
bounded window, and the walk back over earlier lines stops at the previous embed.
"""

from __future__ import annotations

import bisect
import logging
import re

from embedarchive.detect import _lines
from embedarchive.detect._attribution import (
    _HANDLE_ANCHOR,
    REJECTED_ANCHOR_FLOOR,
    REJECTED_ANCHOR_SPACING,
    _Attribution,
    _facebook_attributions,
    _facebook_phrases,
    _find_attributions,
)
from embedarchive.detect._body import (
    _STATUS_LINE,
    _clean_body,
    _indented_body,
    _plain_body,
    _quoted_body,
    looks_truncated,
    markdown_document,
)
from embedarchive.models import Embed, Platform
from embedarchive.platforms import identify_url

__all__ = ["looks_truncated", "parse_text"]

logger = logging.getLogger(__name__)


def parse_text(text: str) -> list[Embed]:
    """Find embedded posts in plain text (any scraper's rendering, any language).

    Returns the embeds in order of appearance, each with ``start``/``end`` offsets into
    ``text``. Never raises on any ``str``; other types give :class:`~embedarchive.InputError`.
    """
    from embedarchive.detect._input import ensure_text

    text = ensure_text(text)
    # Each test below scans the whole text once; most pages fail all of them and end here.
    anchor = _HANDLE_ANCHOR.search(text)
    status_urls = "/status" in text
    tiktok = "♬" in text
    facebook, post_by = _facebook_phrases(text)
    if anchor is None and not status_urls and not tiktok and not facebook and not post_by:
        return []
    if "\r\n" in text:
        return _crlf(text)
    index = _lines.LineIndex(text)
    embeds: list[Embed] = []
    floor = 0  # nothing before this offset may be claimed again (previous embed's end)
    attributions = _find_attributions(text, index, anchor.start()) if anchor else []
    if facebook:
        attributions += _facebook_attributions(text, index, facebook)
    attributions.sort(key=lambda a: a.start)
    for attribution in attributions:
        if attribution.start < floor:
            continue
        embed = _build_embed(text, index, attribution, floor)
        if embed is None:
            continue
        embeds.append(embed)
        floor = embed.end
    if tiktok:
        embeds.extend(_tiktok_captions(text, index, embeds))
    if status_urls:
        embeds.extend(_bare_status_urls(text, index, embeds))
    if post_by:
        embeds.extend(_post_by_cards(text, embeds))
    embeds.sort(key=lambda e: e.start)
    embeds = _merge_status_urls(embeds)
    if "<blockquote" in text:
        embeds = _with_markup(text, embeds)
    return embeds


def _crlf(text: str) -> list[Embed]:
    """Windows line ends: read the text with "\\n" alone, then map offsets back to ``text``."""
    # each removed "\r" preceded the "\n" now at this offset of the normalized text
    moved = [m.start() - i for i, m in enumerate(_CRLF.finditer(text))]
    found = parse_text(text.replace("\r\n", "\n"))

    def back(pos: int, *, end: bool) -> int:
        return pos + bisect.bisect_right(moved, pos - 1 if end else pos)

    return [
        embed.model_copy(
            update={"start": back(embed.start, end=False), "end": back(embed.end, end=True)}
        )
        for embed in found
    ]


_CRLF = re.compile("\r\n")


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
    spans = [(m.start, m.end) for m in marked]
    kept = [e for e in embeds if not any(s < e.end and e.start < t for s, t in spans)]
    return sorted(kept + marked, key=lambda e: e.start)


def _build_embed(
    text: str, index: _lines.LineIndex, attribution: _Attribution, floor: int
) -> Embed | None:
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
    body, links = _clean_body(lines, markdown=attribution.quoted, escaped=escaped)
    start = body_start if body else attribution.start
    url = attribution.url
    post_id: str | None = None
    handle = attribution.handle
    if url:
        ref = identify_url(url)
        if ref is not None:
            url, post_id = ref.url, ref.post_id
    truncated = looks_truncated(body)
    return Embed(
        platform=attribution.platform,
        start=start,
        end=attribution.end,
        author_name=attribution.name,
        handle=handle,
        date=attribution.date_value,
        date_text=attribution.date_text,
        text=body or None,
        truncated=truncated,
        url=url,
        post_id=post_id,
        links=tuple(links),
        detector="text",
        form="attribution",
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


# TikTok's embed code: "@handle" (a link to the profile), the caption, then "♬ sound" (a link to
# the sound). Renderers give each its own line, put handle and caption on one line, everything
# on one line, or keep the links as Markdown ("[@handle](https://www.tiktok.com/@handle …)").
_TIKTOK_HANDLE_CHARS = r"[A-Za-z0-9._]{2,24}"
_MD_TITLE = r'(?:[ \t]{1,4}"[^"\n]{0,300}")?'  # html2text and markdownify keep a link's title
_TIKTOK_LINKED_HANDLE = re.compile(
    rf"\[@(?P<handle>{_TIKTOK_HANDLE_CHARS})\]"
    rf"\(https?://(?:www\.|m\.)?tiktok\.com/@[^()\s]{{1,300}}{_MD_TITLE}\)"
)
# "[♬ sound](https://…)", its target perhaps wrapped over a quote line (html2text)
_TIKTOK_LINKED_SOUND = re.compile(r"\[♬[^\[\]\n]{0,200}\]\([^()]{1,600}\)")
_TIKTOK_LINE_HANDLE = re.compile(
    rf"^[ \t>]{{0,8}}@(?P<handle>{_TIKTOK_HANDLE_CHARS})(?=[ \t]|$)", re.MULTILINE
)
_TIKTOK_NAME = re.compile(_TIKTOK_HANDLE_CHARS)
TIKTOK_CAPTION_WINDOW = 2500  # how far above its sound a caption's handle may be ...
TIKTOK_CAPTION_LINES = 40  # ... and in how many lines (get_text("\n") puts each tag on its own)


def _tiktok_captions(text: str, index: _lines.LineIndex, taken: list[Embed]) -> list[Embed]:
    """TikTok embeds flattened: the handle, the caption, then the ``♬ sound`` line."""
    spans = [(e.start, e.end) for e in taken]
    found: list[Embed] = []
    floor = 0  # a caption starts after the previous sound mark: each stretch is read once
    # sound marks that open no caption are paid from a budget, as rejected "(@" anchors are
    budget = max(REJECTED_ANCHOR_FLOOR, len(text) // REJECTED_ANCHOR_SPACING)
    pos = text.find("♬")
    while pos != -1:
        if text.rfind("@", floor, pos) == -1:
            # no handle before this mark: skip to the first mark after the next "@"
            at = text.find("@", pos)
            if at == -1:
                break
            floor = text.rfind("♬", pos, at) + 1
            pos = text.find("♬", at)
            continue
        embed = _tiktok_caption(text, index, pos, floor)
        if embed is None:
            budget -= 1
            if budget <= 0:
                logger.warning(
                    "parse_text: too many '♬' marks open no TikTok caption; stopped at offset %d",
                    pos,
                )
                break
        elif not any(s < embed.end and embed.start < e for s, e in spans):
            found.append(embed)
        floor = max(pos + 1, embed.end if embed is not None else 0)
        pos = text.find("♬", floor)
    return found


def _tiktok_caption(text: str, index: _lines.LineIndex, sound: int, floor: int) -> Embed | None:
    sound_start = sound - 1 if text[sound - 1 : sound] == "[" else sound
    lo = max(floor, sound_start - TIKTOK_CAPTION_WINDOW)
    # (bounded scans only: on a line of a million sound marks, line lookups would be quadratic)
    line_end = text.find("\n", sound, sound + 201)
    line_end = sound + 201 if line_end == -1 else line_end
    line_start = text.rfind("\n", lo, sound_start) + 1 or lo
    sound_line = text[line_start:sound_start]
    handle, start, caption_from = None, -1, -1
    if not sound_line.strip(" \t>"):
        # the sound opens its line: the last profile link, or the last line opening with
        # "@handle", above it
        for linked in _TIKTOK_LINKED_HANDLE.finditer(text, lo, sound_start):
            handle, start, caption_from = linked.group("handle"), linked.start(), linked.end()
        if handle is None:
            for opening in _TIKTOK_LINE_HANDLE.finditer(text, lo, sound_start):
                handle, caption_from = opening.group("handle"), opening.end()
                start = opening.start("handle") - 1
        if handle is None:
            return None
        sound_link = sound_start < sound and _TIKTOK_LINKED_SOUND.match(text, sound_start)
        end = sound_link.end() if sound_link else sound + len(text[sound:line_end].rstrip())
    else:
        # everything on one line ("… @user caption ♬ original sound - user"): the sound that
        # names the account tells which "@user" opens the embed
        sound_text = text[sound + 1 : line_end]
        at = sound_line.rfind("@")
        while at != -1 and handle is None:
            name = _TIKTOK_NAME.match(sound_line, at + 1)
            if name is not None and (at == 0 or not sound_line[at - 1].isalnum()):
                candidate = name.group(0).rstrip(".")
                if candidate in sound_text:
                    handle, start = candidate, line_start + at
                    caption_from = start + 1 + len(name.group(0))
            at = sound_line.rfind("@", 0, at)
        if handle is None:
            return None
        end = sound + 1 + sound_text.index(handle) + len(handle)
    handle = handle.rstrip(".")
    raw_lines = text[caption_from:sound_start].split("\n")
    if len(raw_lines) > TIKTOK_CAPTION_LINES:
        return None
    lines = [_QUOTE_LEAD.sub("", line).strip() for line in raw_lines]
    markdown = "](http" in text[start:end]
    body, _ = _clean_body([line for line in lines if line], markdown=markdown, escaped=markdown)
    return Embed(
        platform=Platform.TIKTOK,
        start=start,
        end=end,
        handle=handle,
        text=body or None,
        detector="text",
        form="tiktok-caption",
    )


_QUOTE_LEAD = re.compile(r"^[ \t]*(?:>[ \t]?)*")


def _bare_status_urls(text: str, index: _lines.LineIndex, taken: list[Embed]) -> list[Embed]:
    spans = sorted((e.start, e.end) for e in taken)
    starts = [s for s, _ in spans]
    found: list[Embed] = []
    for pos in index.line_starts_containing(text, "/status"):
        end = index.line_end(pos)
        match = _STATUS_LINE.fullmatch(text, pos, end)
        if match is None:
            continue
        i = bisect.bisect_right(starts, pos) - 1
        if i >= 0 and spans[i][1] > pos:
            continue
        ref = identify_url(match.group(1))
        if ref is None or ref.post_id is None:
            continue
        lead = len(text[pos:end]) - len(text[pos:end].lstrip())
        found.append(
            Embed(
                platform=ref.platform,
                start=pos + lead,
                end=pos + len(text[pos:end].rstrip()),
                handle=ref.handle,
                url=ref.url,
                post_id=ref.post_id,
                detector="text",
                form="status-url",
            )
        )
    return found


# What Mastodon's and Threads' embed code shows before its script runs: "Post by @user@host" (or
# "@user") over "View on Mastodon" (or "View on Threads"), no post text. Renderers put the two on
# one line or two, glue them ("@popeyView on Threads"), quote and wrap them in Markdown, or
# keep the card's link ("[Post by … View on Threads](https://www.threads.net/@u/post/CODE)").
# A user name stops before "View" (the lookahead), a host is lower case: one pass, no
# backtracking beyond each bounded run.
_POST_BY_CARD = re.compile(
    r"Post by[ \t]{1,4}@(?P<user>(?:(?!View on)[A-Za-z0-9_.]){1,30})"
    r"(?:@(?P<host>[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,8}))?"
    r"[ \t\n>]{0,40}View on[ \t\n>]{1,12}(?P<site>Mastodon|Threads)\b"
    r"(?:[ \t\n>]{0,8}\]\((?P<url>https?://[^()\s]{1,500})\))?"
)


def _post_by_cards(text: str, taken: list[Embed]) -> list[Embed]:
    """Mastodon and Threads embeds flattened: the card's "Post by @user" and "View on …"."""
    spans = [(e.start, e.end) for e in taken]
    found: list[Embed] = []
    for match in _POST_BY_CARD.finditer(text):
        start, end = match.span()
        if any(s < end and start < e for s, e in spans):
            continue
        user, host = match.group("user").rstrip("."), match.group("host")
        if match.group("site") == "Mastodon":
            if host is None:
                continue  # a Mastodon card always names the account's server
            platform, handle = Platform.MASTODON, f"{user}@{host}"
        else:
            platform, handle = Platform.THREADS, user
        url = post_id = None
        if match.group("url"):
            ref = identify_url(match.group("url"))
            if ref is not None and ref.platform == platform:
                url, post_id = ref.url, ref.post_id
        found.append(
            Embed(
                platform=platform,
                start=start,
                end=end,
                handle=handle,
                url=url,
                post_id=post_id,
                detector="text",
                form="post-by-card",
            )
        )
    return found
