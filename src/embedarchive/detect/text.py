"""Embedded posts in plain text: what scrapers leave of an embed.

An embed flattened to text keeps the quoted post and an attribution line such as
``— Rajnath Singh (@rajnathsingh) July 1, 2025``. Renderers bend that shape in many ways
(see docs/detection.md): the dash glued to the last word of the post, the date on the next line,
``> `` quote markers and ``[date](status-url)`` links from html2text, ``--`` or a mojibake ``?``
for the dash, localized dates. The detector finds the attribution first (an anchor that prose
rarely produces: a ``(@handle)`` followed by a date), then walks back over the lines above it to
find where the quoted text starts.

Everything here runs in time linear in the input: each ``(@`` anchor looks at a bounded window,
and the walk back over earlier lines stops at the previous embed.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import logging
import re
from dataclasses import dataclass

from embedarchive.detect import _lines
from embedarchive.detect.dates import match_date
from embedarchive.models import Embed, Platform
from embedarchive.platforms import identify_url

__all__ = ["parse_text"]

logger = logging.getLogger(__name__)

# A tweet shows at most 280 characters (URLs count 23); long posts are cut near 280 with "…".
# Renderers add display URLs and split words, so allow some slack before calling a block too long.
MAX_BODY_WEIGHT = 330
MAX_BODY_LINES = 14
# Below this weight a trailing "…" is more likely the author's own than the platform's cut.
TRUNCATION_MIN_WEIGHT = 200
# Anchors that turn out not to be attributions: at least this many are read, and one per this
# many characters of text (the corpus has about one anchor per 800 characters, mostly real).
REJECTED_ANCHOR_FLOOR = 2000
REJECTED_ANCHOR_SPACING = 200
# How far before "(@" the dash and the name may start.
NAME_WINDOW = 110

_HANDLE_ANCHOR = re.compile(r"\(\s?@([A-Za-z0-9_][A-Za-z0-9_.\-]{0,99})\s?\)")
# A URL, or a sentence end followed by more words: a name does not look like this.
_NOT_A_NAME = re.compile(r"https?://|[.!?]\s+\S+\s+\S+\s+\S+")
_ATTRIBUTION_LINE = re.compile(r"(?:^|[\s>])[—–―-]{1,2}\s?[^\n]{0,100}\(@[^\s()]{1,100}\)")
_TRAILING_MEDIA = re.compile(
    r"\s{0,20}(?:https?://t\.co/\w{1,20}|pic\.(?:twitter|x)\.com/\w{1,20})$"
)
_AFTER_ANCHOR = re.compile(r"[ \t\u00a0]{0,6}(?:[\w\[\n\r]|\Z)")
_TWITTER_HANDLE = re.compile(r"[A-Za-z0-9_]{1,15}")
_BSKY_HANDLE = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}")
_INSTAGRAM_HANDLE = re.compile(r"[A-Za-z0-9._]{1,30}")
_DASHES = "—–―‒−-"
_LINK_TOKEN = re.compile(r"(?:https?://|pic\.twitter\.com/|pic\.x\.com/)\S{1,300}")
_MD_LINK = re.compile(r"\[([^\[\]\n]{0,400})\]\((https?://[^()\s]{1,500})\)")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|~])")
_STATUS_LINE = re.compile(
    r"[ \t]*(?:<)?(https?://(?:(?:www|mobile|m)\.)?(?:twitter|x)\.com/"
    r"[A-Za-z0-9_#!/]{1,40}/status(?:es)?/\d{1,20}[^\s<>]{0,200})(?:>)?[ \t]*"
)
_INSTAGRAM_SHARED = re.compile(
    r"(?:A post shared by|Ein Beitrag geteilt von|Une publication partagée par|"
    r"Una publicación compartida por|Una publicación compartida de|Un post condiviso da|"
    r"Uma publicação compartilhada por|Een bericht gedeeld door|Beitrag geteilt von)\s",
    re.IGNORECASE,
)
_INSTAGRAM_HEADER = re.compile(
    r"(?:View this post on Instagram|Sieh dir diesen Beitrag auf Instagram an|"
    r"Voir cette publication sur Instagram|Ver esta publicación en Instagram|"
    r"Visualizza questo post su Instagram|Ver essa publicação no Instagram|"
    r"Bekijk dit bericht op Instagram|Zobacz ten post na Instagramie)",
    re.IGNORECASE,
)
# Page furniture that sits next to embeds: captions, credits, "see also" links, table rules.
_BOILERPLATE = re.compile(
    r"(?:photo|image|picture|foto|bild|credit|source|quelle|see also|related|read more|"
    r"article content|advertisement|anzeige|werbung|merken|lire aussi|ver también|leia também)"
    r"\b[^\n]{0,80}$|\|[-: |]{3,}\|?$|\|.{0,300}\|$",
    re.IGNORECASE,
)
_CAPTION_LABEL = re.compile(
    r"(?:image|photo|picture|video|foto|bild|see also|related|read more|lire aussi|"
    r"mehr zum thema|ver también|leia também)\s?:",
    re.IGNORECASE,
)
_LIST_NUMBER = re.compile(r"#?\d{1,3}[.:)]?")
_LEAD_IN = re.compile(
    r"\b(?:tweet\w*|twitter|wrote|writes|posted|posts|said|says|added|replied|"
    r"here(?:'s|’s| is| are)|below|following|receipts|tuite\w*|tuit\w*|escribi\w*|"
    r"publicó|schrieb|twitterte|postete|a écrit|a tweeté|écrit|scrive|ha scritto|"
    r"escreveu|publicou)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Attribution:
    platform: Platform
    start: int  # where the attribution begins (dash, or name when there is no dash)
    end: int  # just past the date (or the handle's ")" when there is no date)
    line_start: int  # start of the line holding the dash
    name: str | None
    handle: str | None
    date_text: str | None
    date_value: dt.date | None
    url: str | None
    quoted: bool  # the attribution sits in a "> " quote block


def parse_text(text: str) -> list[Embed]:
    """Find embedded posts in plain text (any scraper's rendering, any language).

    Returns the embeds in order of appearance, each with ``start``/``end`` offsets into
    ``text``. Never raises on any ``str``; other types give :class:`~embedarchive.InputError`.
    """
    from embedarchive.detect._input import ensure_text

    text = ensure_text(text)
    facebook = [phrase for phrase in _FACEBOOK_PHRASES if phrase in text]
    if (
        "(@" not in text
        and "( @" not in text
        and "/status" not in text
        and "♬" not in text
        and not facebook
    ):
        return []
    index = _lines.LineIndex(text)
    embeds: list[Embed] = []
    floor = 0  # nothing before this offset may be claimed again (previous embed's end)
    attributions = _find_attributions(text, index)
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
    embeds.extend(_tiktok_captions(text, index, embeds))
    embeds.extend(_bare_status_urls(text, index, embeds))
    embeds.sort(key=lambda e: e.start)
    return _merge_status_urls(embeds)


# ---------------------------------------------------------------------------------------------
# attribution lines


def _find_attributions(text: str, index: _lines.LineIndex) -> list[_Attribution]:
    found: list[_Attribution] = []
    last_end = 0
    # Real articles hold one "(@" anchor per few hundred characters; a page packed with anchors
    # that are not attributions is built to make us work. Rejected anchors are paid from a budget
    # proportional to the text, so such a page costs about what plain prose costs.
    budget = max(REJECTED_ANCHOR_FLOOR, len(text) // REJECTED_ANCHOR_SPACING)
    for match in _HANDLE_ANCHOR.finditer(text):
        if match.start() < last_end:
            continue
        attribution = _read_attribution(text, index, match)
        if attribution is not None:
            found.append(attribution)
            last_end = attribution.end
            continue
        budget -= 1
        if budget <= 0:
            logger.warning(
                "parse_text: %d characters hold too many '(@' that are not attributions; "
                "stopped reading them at offset %d",
                len(text),
                match.start(),
            )
            break
    return found


_INSTAGRAM_PHRASES = (
    "shared by",
    "geteilt von",
    "partagée par",
    "compartida",
    "condiviso da",
    "compartilhada",
    "gedeeld door",
    "posted by",
    "gepostet von",
    "publicada por",
    "publiée par",
    "Shared by",
    "Geteilt von",
    "Partagée par",
    "Posted by",
)


def _instagram_hint(text: str, anchor: int) -> bool:
    """Cheap pre-check: could a "shared by NAME" caption end at this handle?"""
    window = text[max(0, anchor - 160) : anchor]
    return any(phrase in window for phrase in _INSTAGRAM_PHRASES)


def _classify_handle(raw: str) -> tuple[Platform, str] | None:
    if _TWITTER_HANDLE.fullmatch(raw):
        return Platform.TWITTER, raw
    handle = raw.rstrip(".")
    if _BSKY_HANDLE.fullmatch(handle):
        return Platform.BLUESKY, handle.lower()
    return None


def _read_attribution(
    text: str, index: _lines.LineIndex, match: re.Match[str]
) -> _Attribution | None:
    # Cheapest test first: an attribution's "(@handle)" is followed by a date, a "[date](url)"
    # link or the end of the line, so anything else after it ends the matter at once.
    follower = _AFTER_ANCHOR.match(text, match.end(), min(len(text), match.end() + 8))
    if follower is None:
        return None
    raw_handle = match.group(1)
    line_start = index.line_start(match.start())
    window_start = max(line_start, match.start() - NAME_WINDOW)
    before = text[window_start : match.start()]

    if _instagram_hint(text, match.start()):
        instagram = _instagram_attribution(text, index, match, line_start)
        if instagram is not None:
            return instagram
    classified = _classify_handle(raw_handle)
    if classified is None:
        return None
    platform, handle = classified

    quoted = False
    content_start = line_start + _lines.marker_width(text, line_start, match.start())
    if content_start > line_start and text[line_start:content_start].lstrip().startswith(">"):
        quoted = True
    dash_at, name = _find_dash(text, content_start, window_start, before, match.start())

    after = match.end()
    date_match, date_end, url = _read_date(text, index, after)

    if dash_at is None:
        # No dash: accept only "Name (@handle) Date" as a whole line (the dash lost to encoding).
        if date_match is None or match.start() - content_start > 60:
            return None
        name = text[content_start : match.start()].strip()
        if not _plausible_name(name) or not _rest_of_line_blank(text, index, date_end):
            return None
        start = content_start
    else:
        start = dash_at
        # Dash + handle but no date: real when the line ends there (date lost or absent) and
        # something tweet-like is nearby; a "— Name (@handle)" byline alone is too weak.
        if date_match is None and (
            not _rest_of_line_blank(text, index, after)
            or not _tweet_evidence(text, max(0, start - 400), start)
        ):
            return None
    if name is not None and not _plausible_name(name):
        return None
    date_text = text[date_match.start : date_match.end] if date_match else None
    return _Attribution(
        platform=platform,
        start=start,
        end=date_end if date_match else after,
        line_start=line_start,
        name=_clean_name(name) if name is not None else None,
        handle=handle,
        date_text=" ".join(date_text.split()) if date_text else None,
        date_value=date_match.date if date_match else None,
        url=url,
        quoted=quoted,
    )


def _find_dash(
    text: str, content_start: int, window_start: int, before: str, anchor: int
) -> tuple[int | None, str | None]:
    """Locate the attribution dash before ``(@``; return its offset and the name after it."""
    # The dash opens the line: "— Name", "-- Name", "? Name" (mojibake), "&mdash; Name".
    # (startswith with offsets: slicing the line up to every anchor would be quadratic)
    if anchor - content_start <= NAME_WINDOW + 8:
        for dash in ("&mdash;", "--", "—", "–", "―", "-", "?"):
            after = content_start + len(dash)
            if text.startswith(dash, content_start, anchor) and (
                dash not in "-?" or text.startswith(" ", after, anchor)
            ):
                return content_start, text[after:anchor]
    # Otherwise the rightmost dash followed by a space (or glued: "…pic.twitter.com/X— Name").
    best: int | None = None
    for i in range(len(before) - 1, -1, -1):
        ch = before[i]
        if ch in _DASHES or ch == "?":
            nxt = before[i + 1 : i + 2]
            prev = before[i - 1 : i] if i else ""
            if ch in "-?":
                # An ASCII hyphen or "?" only counts with spaces around it (not "Jean-Luc").
                if nxt == " " and (prev in ("", " ", "\t") or i == 0):
                    best = i
                    break
                continue
            if nxt in (" ", "\u00a0") or nxt == "":
                best = i
                break
    if best is None:
        return None, None
    dash_at = window_start + best
    name = text[dash_at + 1 : anchor]
    if text[dash_at] == "-" and text[dash_at - 1 : dash_at] == "-":
        dash_at -= 1
    return dash_at, name


def _instagram_attribution(
    text: str, index: _lines.LineIndex, match: re.Match[str], line_start: int
) -> _Attribution | None:
    lookback = max(0, match.start() - 160)
    window = text[lookback : match.start()]
    shared = None
    for found in _INSTAGRAM_SHARED.finditer(window):
        shared = found  # the last "shared by" before the handle
    if shared is None or not _INSTAGRAM_HANDLE.fullmatch(match.group(1)):
        return None
    name = " ".join(window[shared.end() :].split())
    if len(name) > 80:
        return None
    start = lookback + shared.start()
    after = match.end()
    date_match = None
    tail = text[after : after + 12]
    stripped = tail.lstrip()
    for particle in ("on ", "am ", "le ", "el ", "il ", "em ", "op "):
        if stripped.startswith(particle):
            date_match = match_date(text, after + (len(tail) - len(stripped)) + len(particle))
            break
    if date_match is None:
        # bs4 puts "am" and the date on the next line(s)
        date_match = match_date(text, after)
    end = date_match.end if date_match else after
    return _Attribution(
        platform=Platform.INSTAGRAM,
        start=start,
        end=end,
        line_start=index.line_start(start),
        name=name or None,
        handle=match.group(1),
        date_text=" ".join(text[date_match.start : date_match.end].split()) if date_match else None,
        date_value=date_match.date if date_match else None,
        url=None,
        quoted=False,
    )


def _read_date(
    text: str, index: _lines.LineIndex, pos: int
) -> tuple[_DateSpan | None, int, str | None]:
    """Read the date after ``(@handle)``: same line, ``[date](url)``, or the next line (bs4)."""
    line_end = index.line_end(pos)
    i = pos
    while i < line_end and text[i] in " \t\u00a0":
        i += 1
    if i == line_end:
        # Date on the next non-blank line, possibly behind quote markers.
        nxt = index.next_line_start(pos)
        if nxt is None:
            return None, pos, None
        i = nxt + _lines.marker_width(text, nxt, index.line_end(nxt))
        line_end = index.line_end(nxt)
        if i >= line_end:
            return None, pos, None
    bracket = text[i : i + 1] == "["
    begin = i + 1 if bracket else i
    found = match_date(text, begin)
    span = (
        _DateSpan(found.date, found.start, found.end)
        if found is not None
        else _unescaped_date(text, begin)
    )
    if span is None:
        return None, pos, None
    end = span.end
    url: str | None = None
    if bracket:
        md = _MD_LINK.match(text, i, min(len(text), i + 600))
        if md is not None:
            url = md.group(2)
            end = md.end()
    else:
        # "July 1, 2025 https://twitter.com/…/status/…" or "(https://…)" right after the date
        link = _STATUS_LINE.match(text, end, min(len(text), end + 260))
        if link is not None and link.end() <= index.line_end(end):
            url = link.group(1)
            end = link.end()
    return span, end, url


@dataclass(frozen=True, slots=True)
class _DateSpan:
    date: dt.date
    start: int
    end: int


def _unescaped_date(text: str, begin: int) -> _DateSpan | None:
    """A date behind Markdown escapes, as html2text writes it: ``27\\. August 2018``."""
    window = text[begin : begin + 80]
    if "\\" not in window:
        return None
    cleaned = _MD_ESCAPE.sub(r"\1", window)
    found = match_date(cleaned, 0)
    if found is None:
        return None
    # map the end in the cleaned window back to the original text
    end, removed = 0, 0
    for m in _MD_ESCAPE.finditer(window):
        if m.start() - removed >= found.end:
            break
        removed += 1
    end = begin + found.end + removed
    return _DateSpan(found.date, begin + found.start, end)


def _rest_of_line_blank(text: str, index: _lines.LineIndex, pos: int) -> bool:
    # look at a bounded stretch only: on a 1 MB line, slicing to the line's end per anchor
    # would be quadratic
    return _BLANK_REST.match(text, pos, min(len(text), pos + 202)) is not None


_BLANK_REST = re.compile(r"[ \t\u00a0\r\u200b]{0,200}(?:\n|\Z)")


def _tweet_evidence(text: str, lo: int, hi: int) -> bool:
    chunk = text[lo:hi]
    return "pic.twitter.com/" in chunk or "t.co/" in chunk or "pic.x.com/" in chunk


def _plausible_name(name: str) -> bool:
    name = name.strip()
    if len(name) > 80 or "\n" in name or "(@" in name:
        return False
    if len(name.split()) > 12:
        return False
    return _NOT_A_NAME.search(name) is None


def _clean_name(name: str) -> str | None:
    name = " ".join(name.split())
    name = name.strip(" \u00a0")
    if name.endswith("さん"):
        name = name[: -len("さん")]
    return name or None


# ---------------------------------------------------------------------------------------------
# the quoted text above an attribution


def _build_embed(
    text: str, index: _lines.LineIndex, attribution: _Attribution, floor: int
) -> Embed | None:
    if attribution.quoted:
        body_start, lines = _quoted_body(text, index, attribution, floor)
    else:
        body_start, lines = _plain_body(text, index, attribution, floor)
    body, links = _clean_body(lines, markdown=attribution.quoted)
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


def _quoted_body(
    text: str, index: _lines.LineIndex, attribution: _Attribution, floor: int
) -> tuple[int, list[str]]:
    """html2text style: the body is the run of "> " lines above the attribution."""
    lines: list[str] = []
    start = attribution.line_start
    glued_from = max(floor, attribution.start - 3 * MAX_BODY_WEIGHT)
    glued_from = max(glued_from, start + _lines.marker_width(text, start, attribution.start))
    glued = text[glued_from : attribution.start]
    if glued.strip():
        lines.append(glued)
    weight = 0
    pos = attribution.line_start
    count = 0
    own = _QUOTE_MARKER.match(text, start, min(len(text), start + 40))
    depth = own.group(0).count(">") if own else 1
    while count < MAX_BODY_LINES * 3:
        prev = index.prev_line_start(pos)
        if prev is None or prev < floor:
            break
        raw = text[prev : index.line_end(prev)]
        marker = _QUOTE_MARKER.match(raw)
        if marker is None or marker.group(0).count(">") < depth:
            break  # the end of the quote, or an outer quote the post was nested in
        stripped = raw[marker.start(1) :]
        content = raw[marker.end() :].rstrip()
        if _is_attribution_line(content):
            break
        weight += _weight(content)
        if weight > MAX_BODY_WEIGHT * 2:
            break
        lines.append(content)
        pos = prev
        start = prev + (len(raw) - len(stripped))
        count += 1
    lines.reverse()
    while lines and not lines[0].strip():
        lines.pop(0)
    return start, lines


def _plain_body(
    text: str, index: _lines.LineIndex, attribution: _Attribution, floor: int
) -> tuple[int, list[str]]:
    """The lines above an attribution that belong to the post.

    The line right above the attribution (or the text glued before the dash) always does. Lines
    further up join only on evidence: the block is delimited by blank lines, the line below
    continues this one (a renderer split a sentence at a link, hashtag or mention), or the line
    carries what prose rarely does (``@mentions``, ``#hashtags``, t.co and pic.twitter.com
    links). A change of script, a previous embed, a list number, or a lead-in such as
    "He wrote on X:" ends the walk, and so does the length a post can have.
    """
    lines: list[str] = []
    line_start = attribution.line_start
    glued_from = max(floor, line_start, attribution.start - 3 * MAX_BODY_WEIGHT)
    glued_from += _lines.marker_width(text, glued_from, attribution.start)
    glued = text[glued_from : attribution.start]
    weight = 0
    start = attribution.start
    if glued.strip():
        segment = glued
        offset = attribution.start - len(glued)
        if _weight(segment) > MAX_BODY_WEIGHT:
            # A long merged line (newspaper-style): keep only the tail that can be one post.
            cut = len(segment) - MAX_BODY_WEIGHT
            space = segment.find(" ", cut)
            cut = space + 1 if space != -1 else cut
            segment = segment[cut:]
            offset += cut
        lines.append(segment.strip())
        start = offset + (len(segment) - len(segment.lstrip()))
        weight = _weight(segment)
        if weight > MAX_BODY_WEIGHT * 0.8:
            return start, lines
    pos = attribution.line_start
    blank_delimited = False
    script = _script(lines[0]) if lines else None
    while len(lines) < MAX_BODY_LINES:
        prev = index.prev_line_start(pos)
        if prev is None or prev < floor:
            break
        raw = text[prev : index.line_end(prev)]
        content = raw.strip()
        if not content:
            if raw and lines and not blank_delimited:
                pos = prev  # an indented empty line: a <br> inside the post (trafilatura)
                continue
            if lines or blank_delimited:
                break  # a blank line above the body ends the post
            blank_delimited = True  # one blank line between post and attribution: a paragraph
            pos = prev
            continue
        if (
            _is_attribution_line(content)
            or _is_date_only(content)
            or _is_list_number(content)
            or ("nstagram" in content and _INSTAGRAM_HEADER.fullmatch(content))
            or ((len(content) <= 100 or "|" in content) and _BOILERPLATE.match(content))
            or ("/status" in content and _STATUS_LINE.fullmatch(content))
        ):
            break
        line_weight = _weight(content)
        if weight + line_weight > MAX_BODY_WEIGHT:
            break
        if lines and _follows_label(text, index, prev):
            break  # "Image:" / "See also:" above this line: a caption or a link, not the post
        line_script = _script(content)
        if script and line_script and line_script != script:
            break
        if lines:
            if (
                content.endswith(":")
                and (_LEAD_IN.search(content) or content[:1].islower())
                and not _LONE_TOKEN.fullmatch(lines[-1])
            ):
                # "He wrote on X:" introduces the post and is not part of it (but "Read more:"
                # followed by a bare link is the post's own)
                break
            opener = content.endswith(":") and len(content) <= 100
            if not (
                blank_delimited
                or opener
                or _continues(content, lines[-1])
                or _tweetish(content)
                # a sentence without final punctuation is rarely article prose
                or (len(content) >= 25 and not _TERMINAL_END.search(content))
                or (
                    line_weight <= SHORT_PARAGRAPH
                    and weight + line_weight <= 280
                    and not index_fragmented(text, index)
                )
            ):
                break
        lines.append(content)
        weight += line_weight
        script = script or line_script
        start = prev + (len(raw) - len(raw.lstrip()))
        pos = prev
        if content.endswith(":") and len(lines) > 1 and not _CONTINUATION_START.match(content):
            break  # a post may open with "Thread:"; nothing above such a line is the post
    lines.reverse()
    return start, lines


_CONTINUATION_START = re.compile(r"[a-zà-ÿß#@.,;:!?)\]|»”’…/-]|https?://|pic\.twitter\.com/")
_LONE_TOKEN = re.compile(r"[#@]\w{1,60}|(?:https?://|pic\.twitter\.com/)\S{1,200}")
# A document is "fragmented" (BeautifulSoup get_text("\n") style) when more than this share of
# its lines are lone links, tags, mentions or punctuation split off a sentence.
FRAGMENTED_SHARE = 0.05
# In unfragmented text, a short line (weight up to this) above the post may be one of its
# paragraphs when the whole still fits in a post.
SHORT_PARAGRAPH = 60
_DIGITS = re.compile(r"\d+")
_LIST_ITEM = re.compile(r"(\(\d{1,2}\)|\d{1,2}[.)]|[-•・*▪️📌✅👉])\s?\S")
_TOKEN_START = re.compile(r"[#@]\w|https?://|pic\.(?:twitter|x)\.com/")
_FRAGMENT = re.compile(r"[^\w\s]{1,3}")
_QUOTE_MARKER = re.compile(r"[ \t]*(?:[*+\-][ \t]+)?(>)[> \t]*")
_TERMINAL_END = re.compile(r"[.!?。！？…\"”»:)]$")
_TWEETISH = re.compile(
    r"(?:^|[\s(])[@#][^\W\d][\w]{0,30}|t\.co/\w|pic\.(?:twitter|x)\.com/|[\U0001F300-\U0001FAFF\u2600-\u27BF]"
)


_FRAGMENT_LINE = re.compile(
    r"^[ \t]*(?:[#@]\w{1,60}|https?://\S{1,300}|pic\.twitter\.com/\S{1,40}|[^\w\s]{1,3}"
    r"|[.,;:!?)].{0,300})[ \t]*$",
    re.MULTILINE,
)


def index_fragmented(text: str, index: _lines.LineIndex) -> bool:
    """Whether a renderer split sentences at every link (BeautifulSoup ``get_text("\\n")``)."""
    cached = index.cache.get("fragmented")
    if cached is None:
        lines = max(1, index.count)
        pieces = sum(1 for _ in _FRAGMENT_LINE.finditer(text))
        cached = pieces / lines > FRAGMENTED_SHARE
        index.cache["fragmented"] = cached
    return bool(cached)


def _item_kind(item: re.Match[str]) -> str:
    return _DIGITS.sub("0", item.group(1))


def _continues(upper: str, lower: str) -> bool:
    """Whether ``lower`` carries on the sentence of ``upper`` (a renderer broke the line)."""
    if _FRAGMENT.fullmatch(lower):
        # "?" or "." alone was cut off the sentence above; it belongs to a short line or a
        # lone mention, rarely to a long article sentence
        return len(upper) <= 60 or _LONE_TOKEN.fullmatch(upper) is not None
    if _FRAGMENT.fullmatch(upper):
        return True  # ".@user …" opens a post; "." after a lone "#tag" line ends its sentence
    if _CLOSING_START.match(lower):
        return True  # a line opening with punctuation was cut off the sentence above
    if _LONE_TOKEN.fullmatch(upper):
        return True  # a lone hashtag, mention or link was split out of the sentence around it
    if _TOKEN_START.match(lower):
        # "… the Base" + "#Esperanza": a link, tag or mention line goes on from the line above,
        # unless that line introduced something ("… super adorable:" + "@reply …")
        return not (upper.endswith(":") and lower.startswith("@"))
    upper_item, lower_item = _LIST_ITEM.match(upper), _LIST_ITEM.match(lower)
    if upper_item and lower_item and _item_kind(upper_item) == _item_kind(lower_item):
        return True  # items of one list: "(1) …" / "(2) …", "・…" / "・…", "- …" / "- …"
    # a sentence that has not ended goes on in a line opening in lower case
    return _CONTINUATION_START.match(lower) is not None and not _TERMINAL_END.search(upper)


def _tweetish(content: str) -> bool:
    return _TWEETISH.search(content) is not None


def _is_attribution_line(content: str) -> bool:
    if "(@" not in content:
        return False
    return _ATTRIBUTION_LINE.search(content) is not None


def _is_date_only(content: str) -> bool:
    if len(content) > 40 or _DIGIT.search(content) is None:
        return False
    found = match_date(content, 0)
    return found is not None and not content[found.end :].strip()


def _follows_label(text: str, index: _lines.LineIndex, line_start: int) -> bool:
    above = index.prev_line_start(line_start)
    if above is None or line_start - above > 40:
        return False
    return _CAPTION_LABEL.fullmatch(text[above : line_start - 1].strip()) is not None


def _is_list_number(content: str) -> bool:
    # "#1:", "2." or "3)" alone on a line numbers the embeds of a listicle
    return bool(_LIST_NUMBER.fullmatch(content))


def _weight(segment: str) -> int:
    """Length as the platform counts it: every URL is 23 characters."""
    total = len(segment)
    if "://" not in segment and "pic." not in segment:
        return total
    for link in _LINK_TOKEN.finditer(segment):
        total -= len(link.group(0)) - 23
    return total


def _script(content: str) -> str | None:
    """The dominant writing system of a line (Latin, Devanagari, CJK, ...), ignoring links.

    None when the line has too few letters to tell (a hashtag, a number, an emoji).
    """
    chunk = content[:400]
    if "://" in chunk or "pic." in chunk:
        chunk = _LINK_TOKEN.sub(" ", chunk)
    if chunk.isascii():  # the common case: are there eight letters at all?
        return "latin" if _EIGHT_ASCII_LETTERS.match(chunk) else None
    if _NON_LATIN_LETTER.search(chunk) is None:  # Latin with accents, curly quotes, dashes
        return "latin" if _EIGHT_LATIN_LETTERS.match(chunk) else None
    best, most = None, 7
    for name, letters in _SCRIPTS:
        n = len(letters.findall(chunk))
        if n > most:
            best, most = name, n
    return best


# letters and non-letters are disjoint, so this stops after the eighth letter without backtracking
_EIGHT_ASCII_LETTERS = re.compile(r"(?:[^A-Za-z]{0,400}[A-Za-z]){8}")
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_EIGHT_LATIN_LETTERS = re.compile(rf"(?:[^{_LATIN}]{{0,400}}[{_LATIN}]){{8}}")
# A letter of any script the table below knows other than Latin.
_NON_LATIN_LETTER = re.compile(
    "[\u0370-\u03ff\u0400-\u052f\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff"
    "\u0900-\u0e7f\u1100-\u11ff\u1f00-\u1fff\u3040-\u30ff\u3130-\u318f\u3400-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\ufb50-\ufdff\ufe70-\ufeff\uff00-\uffef]"
)
_DIGIT = re.compile(r"\d")
# Letters of the writing systems news articles come in; one C-speed scan each.
_SCRIPTS = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("latin", "[A-Za-z\u00c0-\u024f\u1e00-\u1eff]"),
        ("greek", "[\u0370-\u03ff\u1f00-\u1fff]"),
        ("cyrillic", "[\u0400-\u052f]"),
        ("hebrew", "[\u0590-\u05ff]"),
        ("arabic", "[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]"),
        ("devanagari", "[\u0900-\u097f]"),
        ("bengali", "[\u0980-\u09ff]"),
        ("indic", "[\u0a00-\u0dff]"),
        ("thai", "[\u0e00-\u0e7f]"),
        ("hangul", "[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]"),
        ("cjk", "[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]"),
    )
)


def _clean_body(lines: list[str], *, markdown: bool) -> tuple[str, list[str]]:
    links: list[str] = []
    out: list[str] = []
    for raw in lines:
        line = raw
        if markdown:
            line = _MD_LINK.sub(lambda m: _keep_link(m, links), line)
            line = _MD_ESCAPE.sub(r"\1", line)
        out.append(line.strip())
    while out and not out[-1]:
        out.pop()
    while out and not out[0]:
        out.pop(0)
    # blank quote lines separate paragraphs; the contract joins paragraphs with one "\n"
    body = _join_lines([line for line in out if line], markdown=markdown)
    for link in _LINK_TOKEN.finditer(body):
        value = link.group(0).rstrip(".,;:!?)]»\"'…")
        if value not in links:
            links.append(value)
    return body, links


def _join_lines(lines: list[str], *, markdown: bool) -> str:
    """Join body lines: paragraphs with "\n", fragments a renderer split at links with a space."""
    if not lines:
        return ""
    parts = [lines[0]]
    for upper, lower in itertools.pairwise(lines):
        if markdown or not _continues(upper, lower):
            parts.append("\n")
        elif not _CLOSING_START.match(lower):
            parts.append(" ")
        parts.append(lower)
    return "".join(parts)


_CLOSING_START = re.compile(r"[.,;:!?)\]…»”’']")


def _keep_link(match: re.Match[str], links: list[str]) -> str:
    label, href = match.group(1), match.group(2)
    if href not in links:
        links.append(href)
    return label


def looks_truncated(body: str) -> bool:
    core = body.rstrip()
    while True:
        tail = _TRAILING_MEDIA.search(core)
        if tail is None:
            break
        core = core[: tail.start()]
    if not (core.endswith("…") or core.endswith("...")):
        return False
    return _weight(body) >= TRUNCATION_MIN_WEIGHT


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


# ---------------------------------------------------------------------------------------------
# Facebook and TikTok leave other shapes: "Posted by NAME on DATE" under the post text, and
# "@handle" / caption / "♬ sound" for a TikTok video.

_FACEBOOK_LINE = re.compile(
    r"[ \t>]{0,8}(?:Posted by|Publicado por|Publié par|Publiée par|Gepostet von|Pubblicato da)"
    r"[ \t]+(?P<name>[^\n]{1,80}?)[ \t]+(?:on|en|le|am|il)[ \t]+"
)
_TIKTOK_SOUND = re.compile(r"[ \t>]{0,8}♬[ \t]?[^\n]{1,200}")
_TIKTOK_HANDLE = re.compile(r"[ \t>]{0,8}@(?P<handle>[A-Za-z0-9._]{2,24})[ \t]*")


_FACEBOOK_PHRASES = (
    "Posted by",
    "Publicado por",
    "Publié par",
    "Publiée par",
    "Gepostet von",
    "Pubblicato da",
)


def _facebook_attributions(
    text: str, index: _lines.LineIndex, phrases: list[str]
) -> list[_Attribution]:
    """The "Posted by NAME on DATE" lines of Facebook's embed (own line, localized date)."""
    found: list[_Attribution] = []
    for phrase in phrases:
        for line_start in index.line_starts_containing(text, phrase):
            line_end = index.line_end(line_start)
            head = _FACEBOOK_LINE.match(text, line_start, line_end)
            if head is None:
                continue
            date = match_date(text, head.end())
            if date is None or not _rest_of_line_blank(text, index, date.end):
                continue
            quoted = text[line_start : head.start("name")].lstrip().startswith(">")
            found.append(
                _Attribution(
                    platform=Platform.FACEBOOK,
                    start=line_start + _lines.marker_width(text, line_start, line_end),
                    end=date.end,
                    line_start=line_start,
                    name=_clean_name(head.group("name")),
                    handle=None,
                    date_text=" ".join(text[date.start : date.end].split()),
                    date_value=date.date,
                    url=None,
                    quoted=quoted,
                )
            )
    return found


def _tiktok_captions(text: str, index: _lines.LineIndex, taken: list[Embed]) -> list[Embed]:
    """A TikTok embed flattened: "@handle", the caption, then "♬ sound" (each on its line)."""
    if "♬" not in text:
        return []
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


# ---------------------------------------------------------------------------------------------
# bare status URLs (WordPress and oEmbed auto-embeds leave the URL alone on its line)


def _bare_status_urls(text: str, index: _lines.LineIndex, taken: list[Embed]) -> list[Embed]:
    if "/status" not in text:
        return []
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
