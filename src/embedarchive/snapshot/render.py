"""Static cards for posts: safe, self-contained HTML that needs no script and fetches nothing.

:func:`render_snapshot` turns a :class:`~embedarchive.models.Resolution` (or a bare
:class:`~embedarchive.models.Embed`, what the article quoted) into a card: author, handle,
platform, the text with links, mentions and hashtags, media, the quoted post, reply context, the
date, links to the original and to the archived copy, and a state line saying where the text
comes from. The card root is ``<div class="embedarchive-card" data-embedarchive-card ...>`` and
carries its own scoped ``<style>`` and a schema.org ``SocialMediaPosting`` JSON-LD block.

Safety rules, all enforced here rather than trusted to callers:

* every text (names, handles, post text, alt text, archive names) goes through
  :func:`html.escape` with ``quote=True``, after control characters and lone surrogates are
  dropped; names sit in ``<bdi>`` so a right-to-left override cannot flip the card;
* a URL becomes a link only when, after removing the whitespace and control characters browsers
  ignore, its scheme is ``http``, ``https`` (with a host) or ``mailto``; anything else is text;
* the only ``<script>`` is ``application/ld+json`` data, whose ``<``, ``>`` and ``&`` are
  written as ``\\u003c`` etc. so no text can close the element;
* no event handler attribute, no ``url()`` in CSS, no ``<img>`` pointing at the network unless
  ``allow_remote=True``; ``full_page`` documents carry a Content-Security-Policy that forbids
  network access and a no-referrer policy.

The archived copy a card links to is the capture closest in time to the post (its creation time,
else the article's date line; the earliest capture when neither is known): the copy most likely
to show the post as the article saw it.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import functools
import html
import importlib.resources
import json
import logging
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from embedarchive.models import (
    Capture,
    Embed,
    Media,
    Platform,
    Post,
    Resolution,
    ResolutionStatus,
    VerificationStatus,
)
from embedarchive.snapshot._linkify import body_html, profile_url
from embedarchive.snapshot._markup import DROP, attrs, clean, link, safe_url

__all__ = ["CARD_ATTR", "card_css", "render_snapshot", "safe_url"]

logger = logging.getLogger(__name__)

#: The attribute that marks a card's root element (detectors skip elements carrying it).
CARD_ATTR = "data-embedarchive-card"

State = Literal["archived", "quote-only", "differs", "tombstoned"]
Theme = Literal["auto", "light", "dark"]

_MAX_NAME = 300
_MAX_MEDIA = 16
_MAX_QUOTE_DEPTH = 2
_MAX_DIFF = 5_000
_MAX_MEDIA_BYTES = 5 * 1024 * 1024

_LABELS = {
    Platform.TWITTER: "X",
    Platform.BLUESKY: "Bluesky",
    Platform.MASTODON: "Mastodon",
    Platform.THREADS: "Threads",
    Platform.INSTAGRAM: "Instagram",
    Platform.TIKTOK: "TikTok",
    Platform.FACEBOOK: "Facebook",
    Platform.YOUTUBE: "YouTube",
    Platform.LINKEDIN: "LinkedIn",
}
_ARCHIVE_NAMES = {
    "wayback": "the Wayback Machine",
    "archive.today": "archive.today",
    "syndication": "X's embed service",
    "oembed": "the platform's oEmbed service",
    "import": "an imported archive",
}
_MEDIA_WORDS = {"photo": "Photo", "video": "Video", "animated_gif": "GIF", "other": "Attachment"}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_IMAGE_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)

_LANG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8}){0,6}")


# --- small safe building blocks -------------------------------------------------------------


def _iso(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _utc(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def _day_words(day: dt.date) -> str:
    return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"


def _when_words(moment: dt.datetime) -> str:
    moment = _utc(moment)
    return f"{_day_words(moment.date())}, {moment:%H:%M} UTC"


# --- what the card shows --------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Card:
    """Everything a card shows, already chosen from the resolution or embed."""

    platform: Platform
    state: State
    name: str
    handle: str
    text: str
    lang: str | None
    created: dt.datetime | None
    day: dt.date | None
    original: str | None
    post: Post | None
    capture: Capture | None
    archived_from: str | None
    archived_on: dt.datetime | None
    quote: str | None
    diff: str | None


def _best_capture(captures: tuple[Capture, ...], target: dt.datetime | None) -> Capture | None:
    """The successful capture closest to ``target`` (earliest on ties or without a target)."""
    usable = [
        c
        for c in captures
        if (c.status_code is None or 200 <= c.status_code < 300) and safe_url(c.url)
    ]
    if not usable:
        return None
    if target is None:
        return min(usable, key=lambda c: _utc(c.datetime))
    return min(usable, key=lambda c: (abs(_utc(c.datetime) - target), _utc(c.datetime)))


def _state(item: Resolution) -> State:
    if item.post is not None:
        if item.verification.status in (VerificationStatus.EDITED, VerificationStatus.MISMATCH):
            return "differs"
        return "archived"
    if item.status is ResolutionStatus.TOMBSTONED:
        return "tombstoned"
    return "quote-only"


def _card_for(item: Resolution | Embed) -> _Card:
    resolution = item if isinstance(item, Resolution) else None
    embed = item if isinstance(item, Embed) else (resolution.embed if resolution else None)
    post = resolution.post if resolution else None
    state: State = _state(resolution) if resolution else "quote-only"
    platform = post.platform if post else embed.platform if embed else Platform.TWITTER
    created = _utc(post.created_at) if post and post.created_at else None
    day = created.date() if created else embed.date if embed else None
    target = created or (
        dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC) if day else None
    )
    capture = _best_capture(resolution.captures, target) if resolution else None
    archived_from, archived_on = None, None
    if capture is not None:
        archived_from, archived_on = capture.archive, capture.datetime
    elif post is not None and post.provenance is not None:
        archived_from, archived_on = post.provenance.source, post.provenance.fetched_at
    name = (post.author.name if post else None) or (embed.author_name if embed else None)
    handle = (post.author.handle if post else None) or (embed.handle if embed else None)
    return _Card(
        platform=platform,
        state=state,
        name=clean(name, _MAX_NAME),
        handle=clean(handle, _MAX_NAME).lstrip("@"),
        text=clean(post.text if post else embed.text if embed else None),
        lang=(post.lang if post else None) or (embed.lang if embed else None),
        created=created,
        day=day,
        original=safe_url(post.url if post else None) or safe_url(embed.url if embed else None),
        post=post,
        capture=capture,
        archived_from=archived_from,
        archived_on=archived_on,
        quote=clean(embed.text) if embed and embed.text else None,
        diff=resolution.verification.diff if resolution and state == "differs" else None,
    )


# --- media ----------------------------------------------------------------------------------


def _local_image(media_dir: str | None, url: str) -> str | None:
    """A ``data:`` URI for the media file saved under ``media_dir`` (named as the URL's last
    path segment), when it is there and is a PNG, JPEG or GIF; inline so no fetch is needed."""
    if not media_dir:
        return None
    try:
        name = urlsplit(url).path.rsplit("/", 1)[-1]
    except ValueError:  # (an unclosed "[" of an IPv6 host)
        return None
    if not name or name in (".", "..") or "\\" in name:
        return None
    path = Path(media_dir) / name
    try:
        if not path.is_file() or path.stat().st_size > _MAX_MEDIA_BYTES:
            return None
        data = path.read_bytes()
    except OSError:
        logger.debug("media file %s unreadable", path)
        return None
    for magic, mime in _IMAGE_MAGIC:
        if data.startswith(magic):
            return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    return None


def _media_html(media: tuple[Media, ...], *, allow_remote: bool, media_dir: str | None) -> str:
    items: list[str] = []
    for number, item in enumerate(media[:_MAX_MEDIA], start=1):
        word = _MEDIA_WORDS.get(item.kind, "Attachment")
        alt = clean(item.alt_text, 2_000)
        label = f"{word} {number}" + (f": {alt}" if alt else "")
        image = item.preview_url or item.url
        local = _local_image(media_dir, image) or _local_image(media_dir, item.url)
        remote = safe_url(image) if allow_remote else None
        src = local or (remote if remote and remote.lower().startswith("https:") else None)
        if src is not None:
            img = f"<img{attrs({'src': src, 'alt': label, 'loading': 'lazy'})}>"
            inner = link(item.url, img, aria_label=label) if safe_url(item.url) else img
        else:
            inner = link(item.url, html.escape(label, quote=True), aria_label=label)
        items.append(f"<li>{inner}</li>")
    if not items:
        return ""
    return f'<ul class="ea-media" aria-label="Media">{"".join(items)}</ul>'


# --- the card -------------------------------------------------------------------------------


def _header_html(platform: Platform, name: str, handle: str) -> str:
    label = _LABELS.get(platform, platform.value)
    parts = [f'<bdi class="ea-name">{html.escape(name or handle or "Unknown author")}</bdi>']
    if handle:
        shown = f"@<bdi>{html.escape(handle, quote=True)}</bdi>"
        parts.append(" " + link(profile_url(platform, handle), shown, class_="ea-handle"))
    parts.append(f' <span class="ea-platform">on {html.escape(label)}</span>')
    return f'<header class="ea-header">{"".join(parts)}</header>'


def _reply_html(post: Post | None) -> str:
    if post is None or not (post.in_reply_to or post.in_reply_to_handle):
        return ""
    handle = clean(post.in_reply_to_handle, _MAX_NAME)
    if not handle:
        return '<p class="ea-reply">Replying to another post</p>'
    shown = f"@<bdi>{html.escape(handle, quote=True)}</bdi>"
    return (
        f'<p class="ea-reply">Replying to '
        f"{link(profile_url(post.platform, handle), shown, class_='ea-mention')}</p>"
    )


def _time_html(created: dt.datetime | None, day: dt.date | None) -> str:
    if created is not None:
        return f'<time datetime="{_iso(created)}">{_when_words(created)}</time>'
    if day is not None:
        return f'<time datetime="{day.isoformat()}">{_day_words(day)}</time>'
    return ""


def _robust(card: _Card) -> dict[str, str | None]:
    """Robust Links attributes: the original, the archived version and its date."""
    capture = card.capture
    return {
        "data-originalurl": card.original or (safe_url(capture.original) if capture else None),
        "data-versionurl": safe_url(capture.url) if capture else None,
        "data-versiondate": _utc(capture.datetime).date().isoformat() if capture else None,
    }


def _state_html(card: _Card) -> str:
    label = _LABELS.get(card.platform, card.platform.value)
    if card.state in ("quote-only", "tombstoned"):
        return (
            f'<p class="ea-state" role="note">Deleted or unavailable on {html.escape(label)}; '
            "shown from the article's quote</p>"
        )
    source = html.escape(
        _ARCHIVE_NAMES.get(card.archived_from or "", clean(card.archived_from, _MAX_NAME))
    )
    when = f" on {_day_words(_utc(card.archived_on).date())}" if card.archived_on else ""
    archived = f"Archived copy from {source}{when}" if source else "Archived copy"
    if card.state == "archived":
        return f'<p class="ea-state" role="note">{archived}</p>'
    details = ['<details class="ea-diff"><summary>What differs</summary>']
    if card.diff:
        details.append(f"<pre>{_diff_html(clean(card.diff, _MAX_DIFF))}</pre>")
    if card.quote:
        details.append(f'<p>The article quoted:</p><pre dir="auto">{html.escape(card.quote)}</pre>')
    details.append("</details>")
    return (
        f'<div class="ea-state" role="note"><p>The article\'s quote differs from the archived '
        f"post. {archived}.</p>{''.join(details)}</div>"
    )


def _diff_spans(diff: str) -> Iterator[tuple[str, str]]:
    """(kind, text) pieces of ``[-removed-]{+added+}`` diff text; one forward pass."""
    pos = 0
    while pos < len(diff):
        starts = [(i, m) for m in ("[-", "{+") if (i := diff.find(m, pos)) >= 0]
        if not starts:
            break
        at, marker = min(starts)
        closer = "-]" if marker == "[-" else "+}"
        end = diff.find(closer, at + 2)
        if end < 0:
            break
        if at > pos:
            yield "same", diff[pos:at]
        yield ("del" if marker == "[-" else "ins"), diff[at : end + 2]
        pos = end + 2
    if pos < len(diff):
        yield "same", diff[pos:]


def _diff_html(diff: str) -> str:
    out = []
    for kind, text in _diff_spans(diff):
        piece = html.escape(text, quote=True)
        out.append(piece if kind == "same" else f'<span class="ea-{kind}">{piece}</span>')
    return "".join(out)


def _footer_html(card: _Card) -> str:
    label = _LABELS.get(card.platform, card.platform.value)
    parts = [_time_html(card.created, card.day)]
    robust = _robust(card)
    if card.original:
        parts.append(link(card.original, f"View on {html.escape(label)}", **_rb(robust)))
    if card.capture is not None:
        archive = _ARCHIVE_NAMES.get(card.capture.archive, clean(card.capture.archive, 100))
        parts.append(
            link(card.capture.url, f"Archived copy ({html.escape(archive)})", **_rb(robust))
        )
    return f'<footer class="ea-footer">{" ".join(p for p in parts if p)}</footer>'


def _rb(robust: Mapping[str, str | None]) -> dict[str, str | None]:
    """Robust Links attributes as ``link`` keyword names (``data_originalurl`` ...)."""
    return {k.replace("-", "_"): v for k, v in robust.items()}


def _quoted_html(post: Post, depth: int, *, allow_remote: bool, media_dir: str | None) -> str:
    """A smaller nested card for a quoted post, escaped exactly like the main one."""
    name = clean(post.author.name, _MAX_NAME)
    handle = clean(post.author.handle, _MAX_NAME).lstrip("@")
    created = _utc(post.created_at) if post.created_at else None
    label = _LABELS.get(post.platform, post.platform.value)
    inner = [
        _header_html(post.platform, name, handle),
        body_html(clean(post.text), post.lang, post.platform, post),
        _media_html(post.media, allow_remote=allow_remote, media_dir=media_dir),
    ]
    if post.quoted is not None and depth < _MAX_QUOTE_DEPTH:
        inner.append(
            _quoted_html(post.quoted, depth + 1, allow_remote=allow_remote, media_dir=media_dir)
        )
    footer = [_time_html(created, None)]
    if safe_url(post.url):
        footer.append(link(post.url, f"View on {html.escape(label)}", data_originalurl=post.url))
    inner.append(f'<footer class="ea-footer">{" ".join(p for p in footer if p)}</footer>')
    aria = f"Quoted post by {name or handle or 'unknown author'}"
    return f"<section{attrs({'class': 'ea-quoted', 'aria-label': aria})}>{''.join(inner)}</section>"


def _ld_posting(
    platform: Platform,
    *,
    name: str,
    handle: str,
    text: str,
    url: str | None,
    published: str | None,
    lang: str | None,
    quoted: Post | None,
    depth: int,
) -> dict[str, Any]:
    """A schema.org SocialMediaPosting object (quoted posts nest as ``sharedContent``)."""
    author: dict[str, Any] = {"@type": "Person"}
    if name:
        author["name"] = name
    if handle:
        author["alternateName"] = f"@{handle}"
        profile = profile_url(platform, handle)
        if profile:
            author["url"] = profile
    data: dict[str, Any] = {"@type": "SocialMediaPosting", "author": author}
    if url:
        data["url"] = url
    if published:
        data["datePublished"] = published
    if text:
        data["articleBody"] = text
    if lang and _LANG.fullmatch(lang):
        data["inLanguage"] = lang
    if quoted is not None and depth < _MAX_QUOTE_DEPTH:
        data["sharedContent"] = _ld_posting(
            quoted.platform,
            name=clean(quoted.author.name, _MAX_NAME),
            handle=clean(quoted.author.handle, _MAX_NAME).lstrip("@"),
            text=clean(quoted.text),
            url=safe_url(quoted.url),
            published=_iso(quoted.created_at) if quoted.created_at else None,
            lang=quoted.lang,
            quoted=quoted.quoted,
            depth=depth + 1,
        )
    return data


def _json_ld(card: _Card) -> str:
    published = _iso(card.created) if card.created else card.day.isoformat() if card.day else None
    posting = _ld_posting(
        card.platform,
        name=card.name,
        handle=card.handle,
        text=card.text,
        url=card.original,
        published=published,
        lang=card.lang,
        quoted=card.post.quoted if card.post else None,
        depth=0,
    )
    data: dict[str, Any] = {"@context": "https://schema.org", **posting}
    archived = safe_url(card.capture.url) if card.capture else None
    if archived:
        data["archivedAt"] = archived
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # inside <script>, "</script" or "<!--" would end or change the element: keep <, >, & out
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


@functools.cache
def card_css() -> str:
    """The card stylesheet (every selector scoped under ``.embedarchive-card``)."""
    return (
        importlib.resources.files("embedarchive.snapshot")
        .joinpath("card.css")
        .read_text(encoding="utf-8")
    )


def _csp(allow_remote: bool) -> str:
    images = "data: https:" if allow_remote else "data:"
    return (
        f"default-src 'none'; style-src 'unsafe-inline'; img-src {images}; "
        "base-uri 'none'; form-action 'none'"
    )


def render_snapshot(
    item: Resolution | Embed,
    *,
    theme: Theme = "auto",
    lang: str | None = None,
    full_page: bool = False,
    allow_remote: bool = False,
    media_dir: str | None = None,
) -> str:
    """Render ``item`` as a static, self-contained card.

    ``item`` is a :class:`Resolution` (the archived post when one was found, else the article's
    quote) or an :class:`Embed` alone (rendered from the article's quote). ``theme`` picks the
    palette (``auto`` follows ``prefers-color-scheme``). ``lang`` is the language of the post
    text when neither the post nor the embed says (e.g. the article's language); the card's own
    words are English. ``full_page`` returns a complete document with a Content-Security-Policy
    that forbids network access. Media are links; ``media_dir`` inlines media files saved there
    (named as the URL's last path segment) as ``data:`` images, and ``allow_remote`` lets
    ``<img>`` load https media from the network (the CSP then allows it too).
    """
    card = _card_for(item)
    if card.lang is None and lang and _LANG.fullmatch(lang):
        card = dataclasses.replace(card, lang=lang)
    text_lang = card.lang if card.lang and _LANG.fullmatch(card.lang) else None
    label = _LABELS.get(card.platform, card.platform.value)
    who = card.name or (f"@{card.handle}" if card.handle else "unknown author")
    theme_value = theme if theme in ("auto", "light", "dark") else "auto"
    parts = [
        f"<style>{card_css()}</style>",
        f'<article aria-label="{html.escape(f"Post by {who} on {label}", quote=True)}">',
        _header_html(card.platform, card.name, card.handle),
        _reply_html(card.post),
        body_html(card.text, text_lang, card.platform, card.post),
    ]
    if card.post is not None:
        parts.append(_media_html(card.post.media, allow_remote=allow_remote, media_dir=media_dir))
        if card.post.quoted is not None:
            parts.append(
                _quoted_html(card.post.quoted, 1, allow_remote=allow_remote, media_dir=media_dir)
            )
    parts += [
        _state_html(card),
        _footer_html(card),
        "</article>",
        f'<script type="application/ld+json">{_json_ld(card)}</script>',
    ]
    root = attrs(
        {
            "class": "embedarchive-card",
            "data-platform": card.platform.value,
            "data-state": card.state,
            "data-theme": theme_value,
            "lang": "en",
            "dir": "ltr",
            **_robust(card),
        }
    )
    # whatever field a lone surrogate slipped in through, the card stays encodable
    fragment = DROP.sub("", f"<div {CARD_ATTR}{root}>{''.join(parts)}</div>")
    if not full_page:
        return fragment
    title = DROP.sub("", html.escape(f"Post by {who} on {label}", quote=True))
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_csp(allow_remote)}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{title}</title>\n</head>\n<body>\n{fragment}\n</body>\n</html>\n"
    )
