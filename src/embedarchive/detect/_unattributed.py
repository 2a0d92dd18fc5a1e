"""Embedded posts whose flattened text has no attribution line.

TikTok's embed leaves ``@handle`` / caption / ``♬ sound``; Mastodon's and Threads' leave a card,
``Post by @user`` over ``View on …``, with no post text; WordPress and oEmbed auto-embeds leave
a bare status URL on its own line. ``text.py`` calls these after the attribution lines are read
and passes the embeds found so far, whose spans these readers leave alone.
"""

from __future__ import annotations

import logging
import re
from typing import Final

from embedarchive.detect import _lines
from embedarchive.detect._attribution import REJECTED_ANCHOR_FLOOR, REJECTED_ANCHOR_SPACING
from embedarchive.detect._body import _STATUS_LINE, _clean_body
from embedarchive.models import Embed, Platform
from embedarchive.platforms import identify_url
from embedarchive.platforms._archived import ARCHIVED_PREFIX

__all__ = ["bare_status_urls", "post_by_cards", "tiktok_captions"]

logger = logging.getLogger(__name__)


# TikTok's embed code: "@handle" (a link to the profile), the caption, then "♬ sound" (a link to
# the sound). Renderers give each its own line, put handle and caption on one line, everything
# on one line, or keep the links as Markdown ("[@handle](https://www.tiktok.com/@handle …)").
_TIKTOK_HANDLE_CHARS: Final = r"[A-Za-z0-9._]{2,24}"
_MD_TITLE: Final = (
    r'(?:[ \t]{1,4}"[^"\n]{0,300}")?'  # html2text and markdownify keep a link's title
)
_TIKTOK_LINKED_HANDLE: Final = re.compile(
    rf"\[@(?P<handle>{_TIKTOK_HANDLE_CHARS})\]"
    rf"\((?:{ARCHIVED_PREFIX})?https?://(?:www\.|m\.)?tiktok\.com/@[^()\s]{{1,300}}{_MD_TITLE}\)"
)
# "[♬ sound](https://…)", its target perhaps wrapped over a quote line (html2text)
_TIKTOK_LINKED_SOUND: Final = re.compile(r"\[♬[^\[\]\n]{0,200}\]\([^()]{1,600}\)")
# (lynx -dump numbers the profile link: "[1]@countingprimes")
_TIKTOK_LINE_HANDLE: Final = re.compile(
    rf"^[ \t>]{{0,8}}(?:\[\d{{1,5}}\])?@(?P<handle>{_TIKTOK_HANDLE_CHARS})(?=[ \t]|$)",
    re.MULTILINE,
)
_LINK_NUMBER_END: Final = re.compile(r"\[\d{1,5}\]$")  # lynx: "[2]♬ original sound - …"
_TIKTOK_NAME: Final = re.compile(_TIKTOK_HANDLE_CHARS)
TIKTOK_CAPTION_WINDOW: Final = 2500  # how far above its sound a caption's handle may be ...
TIKTOK_CAPTION_LINES: Final = (
    40  # ... and in how many lines (get_text("\n") puts each tag on its own)
)


def tiktok_captions(text: str, taken: list[Embed]) -> list[Embed]:
    """TikTok embeds flattened: the handle, the caption, then the ``♬ sound`` line."""
    spans = _lines.Spans((e.start, e.end) for e in taken)
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
        embed = _tiktok_caption(text, pos, floor)
        if embed is None:
            budget -= 1
            if budget <= 0:
                logger.warning(
                    "parse_text: too many '♬' marks open no TikTok caption; stopped at offset %d",
                    pos,
                )
                break
        elif not spans.overlaps(embed.start, embed.end):
            found.append(embed)
        floor = max(pos + 1, embed.end if embed is not None else 0)
        pos = text.find("♬", floor)
    return found


def _tiktok_caption(text: str, sound: int, floor: int) -> Embed | None:
    sound_start = sound - 1 if text[sound - 1 : sound] == "[" else sound
    lo = max(floor, sound_start - TIKTOK_CAPTION_WINDOW)
    # (bounded scans only: on a line of a million sound marks, line lookups would be quadratic)
    line_end = text.find("\n", sound, sound + 201)
    line_end = sound + 201 if line_end == -1 else line_end
    line_start = text.rfind("\n", lo, sound_start) + 1 or lo
    sound_line = text[line_start:sound_start]
    if sound_line.endswith("]") and (mark := _LINK_NUMBER_END.search(sound_line)) is not None:
        sound_start = line_start + mark.start()  # the caption ends before the link's number
        sound_line = sound_line[: mark.start()]
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


_QUOTE_LEAD: Final = re.compile(r"^[ \t]*(?:>[ \t]?)*")


def bare_status_urls(text: str, index: _lines.LineIndex, taken: list[Embed]) -> list[Embed]:
    spans = _lines.Spans((e.start, e.end) for e in taken)
    found: list[Embed] = []
    for pos in index.line_starts_containing(text, "/status"):
        end = index.line_end(pos)
        match = _STATUS_LINE.fullmatch(text, pos, end)
        if match is None:
            continue
        lead = len(text[pos:end]) - len(text[pos:end].lstrip())
        start, stop = pos + lead, pos + len(text[pos:end].rstrip())
        if spans.overlaps(start, stop):
            continue  # (a post's own line: its quote markers may open the line before it)
        ref = identify_url(match.group(1) or match.group(2))
        if ref is None or ref.post_id is None:
            continue
        found.append(
            Embed(
                platform=ref.platform,
                start=start,
                end=stop,
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
_POST_BY_CARD: Final = re.compile(
    r"Post by[ \t]{1,4}@(?P<user>(?:(?!View on)[A-Za-z0-9_.]){1,30})"
    r"(?:@(?P<host>[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,8}))?"
    r"[ \t\n>]{0,40}View on[ \t\n>]{1,12}(?P<site>Mastodon|Threads)\b"
    r"(?:[ \t\n>]{0,8}\]\((?P<url>https?://[^()\s]{1,500})\))?"
)


def post_by_cards(text: str, taken: list[Embed]) -> list[Embed]:
    """Mastodon and Threads embeds flattened: the card's "Post by @user" and "View on …"."""
    spans = _lines.Spans((e.start, e.end) for e in taken)
    found: list[Embed] = []
    for match in _POST_BY_CARD.finditer(text):
        start, end = match.span()
        if spans.overlaps(start, end):
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
