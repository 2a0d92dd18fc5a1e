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
import re

from embedarchive.detect import _lines
from embedarchive.detect._attribution import (
    _HANDLE_ANCHOR,
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
    facebook = _facebook_phrases(text)
    post_by = "Post by" in text
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


_TIKTOK_SOUND = re.compile(r"[ \t>]{0,8}♬[ \t]?[^\n]{1,200}")
_TIKTOK_HANDLE = re.compile(r"[ \t>]{0,8}@(?P<handle>[A-Za-z0-9._]{2,24})[ \t]*")


def _tiktok_captions(text: str, index: _lines.LineIndex, taken: list[Embed]) -> list[Embed]:
    """A TikTok embed flattened: "@handle", the caption, then "♬ sound" (each on its line)."""
    spans = [(e.start, e.end) for e in taken]
    found: list[Embed] = []
    for line_start in index.line_starts_containing(text, "♬"):
        line_end = index.line_end(line_start)
        if _TIKTOK_SOUND.fullmatch(text, line_start, line_end) is None:
            continue
        caption: list[str] = []
        pos, handle_match = line_start, None
        for _ in range(8):
            prev = index.prev_line_start(pos)
            if prev is None:
                break
            handle_match = _TIKTOK_HANDLE.fullmatch(text, prev, index.line_end(prev))
            if handle_match is not None:
                break
            content = text[prev : index.line_end(prev)].strip().lstrip(">").strip()
            if content:
                caption.append(content)
            pos = prev
        if handle_match is None:
            continue
        start = handle_match.start("handle") - 1
        end = line_start + len(text[line_start:line_end].rstrip())
        if any(s < end and start < e for s, e in spans):
            continue
        caption.reverse()
        body = "\n".join(caption)
        found.append(
            Embed(
                platform=Platform.TIKTOK,
                start=start,
                end=end,
                handle=handle_match.group("handle"),
                text=body or None,
                detector="text",
                form="tiktok-caption",
            )
        )
    return found


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
