"""Articles rewritten so their embedded posts survive the platform: cards as fallback or instead.

The page is never re-serialized. :func:`~embedarchive.detect.html.parse_html` gives each
embed's span in the decoded page; the rewrite splices new markup into those spans (and, in
``replace`` mode, cuts the platforms' loader scripts out) and copies every other character as
it was: entities, whitespace, comments and the lack of ``<html><body>`` in a fragment included.

**backup** keeps the live embed and adds its card after it, both in
``<div class="embedarchive-backup" data-embedarchive-backup="script|frame">``. No script decides
when the card shows; a scoped rule does:

* ``script`` embeds (a blockquote that widgets.js, embed.js or the Facebook SDK turns into a
  frame): the card is visible, and a ``:has()`` rule hides it as soon as the wrapper holds the
  frame the platform's script put there. So the card shows exactly when the script was blocked,
  failed or left the post unrendered (deleted posts). Browsers without ``:has()`` show both.
  ``<noscript>`` would not do: it only helps when scripting is off, not when the platform's
  script is blocked or the post is gone.
* ``frame`` embeds (the markup already is an ``<iframe>``): CSS cannot tell whether a frame
  loaded, so the card sits in a closed ``<details>`` ("Archived copy") under the frame.

**replace** swaps each embed's markup for its card and removes the platforms' scripts
(widgets.js, the Instagram/TikTok/Threads/Bluesky embed.js, a Mastodon instance's embed.js for
the page's Mastodon embeds, the Facebook SDK, and short inline loaders that create a script
element with one of those URLs) from the whole page, so nothing on it calls the platform; a
loader URL inside another script's data stays (that is data, not an element).
``parse_html`` on the result finds no live embed: it skips the cards.

Embeds kept as escaped markup in a consent ``<textarea>`` get escaped replacements, so the
click-to-load script injects the card (or the embed and its card) instead of the original.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from embedarchive.archive.resolver import Archive
from embedarchive.detect._charset import decode_html
from embedarchive.detect.html import parse_html
from embedarchive.detect.text import parse_text
from embedarchive.models import Embed, Platform, Resolution
from embedarchive.snapshot.render import render_snapshot

__all__ = ["rewrite_html", "rewrite_text"]

logger = logging.getLogger(__name__)

Mode = Literal["backup", "replace"]

#: Inline scripts longer than this are the page's own code, never a platform loader snippet.
MAX_LOADER = 4000
MAX_SCRIPT_TAG = 4096

# The loader URLs of every platform whose embeds need a script; searched inside src values
# and short inline scripts.
_PLATFORM_SCRIPT = re.compile(
    r"(?:platform\.twitter\.com|platform\.x\.com)/widgets\.js"
    r"|(?:www\.)?instagram\.com/embed\.js"
    r"|(?:www\.)?tiktok\.com/embed\.js"
    r"|connect\.facebook\.net/[A-Za-z_]{2,10}/(?:sdk|all)(?:/debug)?\.js"
    r"|embed\.bsky\.app/static/embed\.js"
    r"|(?:www\.)?threads\.(?:net|com)/embed\.js",
    re.IGNORECASE,
)
# A script element starts here, or a comment (whose "<script" is no element) does.
_SCRIPT_OR_COMMENT = re.compile(r"<!--|<script(?=[\s>/])", re.IGNORECASE)
_SCRIPT_CLOSE = re.compile(r"</script\s{0,100}>", re.IGNORECASE)
_ATTR = re.compile(
    r"""\s((?:[A-Za-z0-9_-]{1,40}-)?src|type)\s{0,20}=\s{0,20}("[^"]{0,4096}"|'[^']{0,4096}'|[^\s"'>]{1,4096})""",
    re.IGNORECASE,
)
_LANG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8}){0,6}")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")

# Hides the card once the platform's script has put its frame into the wrapper.
_BACKUP_CSS = (
    ".embedarchive-backup[data-embedarchive-backup=script]:has(iframe,twitter-widget)"
    ">.embedarchive-fallback{display:none}"
    ".embedarchive-backup>details.embedarchive-fallback>summary{cursor:pointer;margin:.5em 0}"
)
_DOCUMENT_CSS = (
    "body{max-width:42rem;margin:2rem auto;padding:0 1rem;font:17px/1.55 Georgia,serif}"
    "p{margin:0 0 1em}"
)
_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)


@dataclass(frozen=True, slots=True)
class _Edit:
    start: int
    end: int
    markup: str


def rewrite_html(
    article_html: str | bytes,
    archive: Archive,
    *,
    mode: Mode = "backup",
    resolve: bool = True,
    base_url: str | None = None,
) -> str:
    """Rewrite an article so its embedded posts no longer depend on the platform.

    The embeds are found with :func:`~embedarchive.parse_html` (``base_url`` resolves relative
    links) and resolved with ``archive.resolve_many`` (an offline archive answers from its
    store alone); with ``resolve=False`` each card shows only what the article quoted.
    ``mode="backup"`` keeps each live embed with its card as the fallback; ``"replace"`` swaps
    the embed for its card and removes the platforms' scripts. Everything else is copied as it
    was. Bytes are decoded with the page's declared charset and the result is ``str``: write
    it as UTF-8 and keep the ``<meta charset>`` honest, or encode it in the page's charset with
    ``errors="xmlcharrefreplace"``. Raises :class:`~embedarchive.StoreError` when the archive's
    store is broken and :class:`~embedarchive.InputError` for input that is not str or bytes.
    """
    if mode not in ("backup", "replace"):
        raise ValueError(f"mode must be 'backup' or 'replace', not {mode!r}")
    text = decode_html(article_html)
    embeds = parse_html(text, base_url=base_url)
    return cards_spliced(text, embeds, _items(embeds, archive, resolve), mode=mode)


def cards_spliced(
    text: str,
    embeds: Sequence[Embed],
    items: Sequence[Resolution | Embed],
    *,
    mode: Mode = "backup",
) -> str:
    """What :func:`rewrite_html` makes of ``text`` once its embeds (``parse_html`` of this very
    string) are resolved: ``items`` holds, for each embed, its resolution (see
    :func:`with_embeds`) or the embed itself. The archive job calls it with the resolutions
    it already has, so no article is scanned or resolved twice."""
    edits: list[_Edit] = []
    floor = 0
    for embed, item in zip(embeds, items, strict=True):
        if embed.start < floor or embed.end <= embed.start:
            continue  # never splice into a span already replaced
        card = render_snapshot(item)
        original = text[embed.start : embed.end]
        escaped = embed.form.endswith("textarea")
        if mode == "replace":
            markup = html.escape(card, quote=False) if escaped else card
        else:
            markup = _backup(original, card, escaped=escaped)
        edits.append(_Edit(embed.start, embed.end, markup))
        floor = embed.end
    if mode == "replace":
        edits = _merge(edits, _platform_scripts(text, _mastodon_hosts(embeds)))
    logger.debug("rewrite_html: %d embeds, %d edits (%s)", len(embeds), len(edits), mode)
    return _splice(text, edits)


def rewrite_text(
    article_text: str,
    archive: Archive,
    *,
    resolve: bool = True,
    title: str | None = None,
    lang: str | None = None,
) -> str:
    """Render a plain-text article as an HTML document with a card for each quoted post.

    Embeds are found with :func:`~embedarchive.parse_text` and resolved like
    :func:`rewrite_html` does. The text around them becomes escaped paragraphs (blank lines
    separate paragraphs, single line breaks become ``<br>``). ``title`` defaults to the first
    line; ``lang`` is the article's language (also the cards' default for post text). The
    document carries a Content-Security-Policy that forbids network access.
    """
    embeds = parse_text(article_text)
    return text_document(
        article_text, embeds, _items(embeds, archive, resolve), title=title, lang=lang
    )


def text_document(
    article_text: str,
    embeds: Sequence[Embed],
    items: Sequence[Resolution | Embed],
    *,
    title: str | None = None,
    lang: str | None = None,
) -> str:
    """What :func:`rewrite_text` makes of ``article_text`` once its embeds (``parse_text`` of
    this very string) are resolved; ``items`` as for :func:`cards_spliced`."""
    lang = lang if lang and _LANG.fullmatch(lang) else None
    body: list[str] = []
    pos = 0
    for embed, item in zip(embeds, items, strict=True):
        if embed.start < pos:
            continue
        body.extend(_paragraphs(article_text[pos : embed.start]))
        body.append(render_snapshot(item, lang=lang))
        pos = embed.end
    body.extend(_paragraphs(article_text[pos:]))
    if title is None:
        first = next((line.strip() for line in article_text.splitlines() if line.strip()), "")
        title = first[:120] or "Article"
    lang_attr = f' lang="{lang}"' if lang else ""
    return (
        f'<!doctype html>\n<html{lang_attr}>\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_DOCUMENT_CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


# -- pieces ---------------------------------------------------------------------------------------


def _items(embeds: Sequence[Embed], archive: Archive, resolve: bool) -> list[Resolution | Embed]:
    """What each card is rendered from: its resolution, or the embed alone."""
    if not resolve or not embeds:
        return list(embeds)
    return list(with_embeds(embeds, archive.resolve_many(embeds)))


def with_embeds(embeds: Sequence[Embed], resolutions: Sequence[Resolution]) -> list[Resolution]:
    """Each resolution with the article's embed it answers, for the card to show what the
    article quoted."""
    return [
        resolution if resolution.embed is not None else resolution.model_copy(update={"embed": e})
        for e, resolution in zip(embeds, resolutions, strict=True)
    ]


def _backup(original: str, card: str, *, escaped: bool) -> str:
    """The live embed, then its card as a fallback, in one wrapper (see the module docstring)."""
    framed = "<iframe" in (html.unescape(original) if escaped else original).lower()
    if framed:
        fallback = (
            '<details class="embedarchive-fallback"><summary>Archived copy</summary>'
            f"{card}</details>"
        )
    else:
        fallback = f'<div class="embedarchive-fallback">{card}</div>'
    head = (
        f'<div class="embedarchive-backup" data-embedarchive-backup="'
        f'{"frame" if framed else "script"}"><style>{_BACKUP_CSS}</style>'
    )
    tail = f"{fallback}</div>"
    if escaped:
        return html.escape(head, quote=False) + original + html.escape(tail, quote=False)
    return head + original + tail


def _mastodon_hosts(embeds: Sequence[Embed]) -> frozenset[str]:
    hosts: set[str] = set()
    for embed in embeds:
        if embed.platform is Platform.MASTODON and embed.url:
            try:
                host = urlsplit(embed.url).hostname
            except ValueError:
                continue
            if host:
                hosts.add(host.lower())
    return frozenset(hosts)


def _platform_scripts(text: str, mastodon_hosts: frozenset[str]) -> list[_Edit]:
    """Spans of the platforms' script elements, found in one linear pass over the page.

    Script contents and comments are skipped whole, so a loader quoted inside another script's
    string or inside a comment is never taken for an element.
    """
    cuts: list[_Edit] = []
    pos = 0
    next_gt = -1  # the first ">" at or after the current start tag; only ever moves forward
    while True:
        found = _SCRIPT_OR_COMMENT.search(text, pos)
        if found is None:
            return cuts
        if found.group().startswith("<!--"):
            close = text.find("-->", found.end())
            if close == -1:
                return cuts
            pos = close + 3
            continue
        if next_gt < found.end():
            next_gt = text.find(">", found.end())
            if next_gt == -1:
                return cuts  # no tag can end anywhere after this
        if next_gt - found.start() > MAX_SCRIPT_TAG:
            pos = found.end()  # not a start tag we read: skip it
            continue
        head_end = next_gt + 1
        close_tag = _SCRIPT_CLOSE.search(text, head_end)
        if close_tag is None:
            return cuts  # the rest of the page is this script's text
        start_tag = text[found.start() : head_end]
        attrs = {m.group(1).lower(): m.group(2).strip("\"'") for m in _ATTR.finditer(start_tag)}
        content = text[head_end : close_tag.start()]
        if _is_platform_script(attrs, content, mastodon_hosts):
            cuts.append(_Edit(found.start(), close_tag.end(), ""))
        pos = close_tag.end()


def _is_platform_script(
    attrs: dict[str, str], content: str, mastodon_hosts: frozenset[str]
) -> bool:
    if "json" in attrs.get("type", "").lower():
        return False  # data, not code
    # lazy and consent loaders keep the URL in data-src, data-cmp-src, ... until it is wanted
    sources = [html.unescape(value) for name, value in attrs.items() if name.endswith("src")]
    if sources:
        return any(_loads_platform(src, mastodon_hosts) for src in sources)
    # An inline loader is short and inserts a script element with the platform's URL; longer
    # code, or code that only mentions the URL (a template string), is the page's own.
    return (
        len(content) <= MAX_LOADER
        and "createElement" in content
        and _PLATFORM_SCRIPT.search(content) is not None
    )


def _loads_platform(src: str, mastodon_hosts: frozenset[str]) -> bool:
    if _PLATFORM_SCRIPT.search(src):
        return True
    try:
        parts = urlsplit(src if "//" in src else "")
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    return host in mastodon_hosts and parts.path.endswith("/embed.js")


def _merge(embed_edits: list[_Edit], cuts: list[_Edit]) -> list[_Edit]:
    """Embed edits win; a script cut inside a replaced embed is already gone."""
    merged = list(embed_edits)
    spans = [(edit.start, edit.end) for edit in embed_edits]
    index = 0
    for cut in cuts:
        while index < len(spans) and spans[index][1] <= cut.start:
            index += 1
        if index < len(spans) and spans[index][0] < cut.end:
            continue  # overlaps an embed's span
        merged.append(cut)
    merged.sort(key=lambda edit: edit.start)
    return merged


def _splice(text: str, edits: Sequence[_Edit]) -> str:
    pieces: list[str] = []
    pos = 0
    for edit in edits:
        pieces.append(text[pos : edit.start])
        pieces.append(edit.markup)
        pos = edit.end
    pieces.append(text[pos:])
    return "".join(pieces)


def _paragraphs(text: str) -> list[str]:
    out: list[str] = []
    for block in _BLANK_LINE.split(text.replace("\r\n", "\n")):
        lines = [line.strip() for line in block.strip().split("\n")]
        if any(lines):
            out.append("<p>" + "<br>\n".join(html.escape(line) for line in lines) + "</p>")
    return out
