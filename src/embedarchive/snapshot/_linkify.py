"""Post text as card HTML: links, @mentions and #hashtags linked for the post's platform.

A post's text is read once with one pattern (URLs, mentions, tags); t.co links show the
display form and point at the expanded URL the post's entities give; a mention or a tag links
only when it fits the platform's handle grammar. Everything else is escaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from urllib.parse import quote

from embedarchive.models import Platform, Post
from embedarchive.snapshot._markup import MAX_URL, attrs, clean, link

__all__ = ["body_html", "profile_url"]

MAX_ENTITIES = 64
# One pass over the text: links, mentions, hashtags. Every repetition is bounded, the
# alternatives start with different characters, so the scan is linear.
_TOKEN = re.compile(
    r"(?P<url>(?:https?://|www\.)[^\s<>\"]{1,2048})"
    r"|(?<![\w@.])@(?P<mention>[A-Za-z0-9_][A-Za-z0-9_.-]{0,252}(?:@[A-Za-z0-9.-]{1,253})?)"
    r"|(?<![\w&#])#(?P<tag>\w{1,139})",
    re.IGNORECASE,
)
_TWITTER_HEAD = re.compile(r"[A-Za-z0-9_]{1,16}")
_TRAILING_PUNCT = ".,;:!?…'\"’”)]}>"
_HANDLE_GRAMMAR: dict[Platform, re.Pattern[str]] = {
    Platform.TWITTER: re.compile(r"[A-Za-z0-9_]{1,15}"),
    Platform.BLUESKY: re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.){1,8}[A-Za-z0-9-]{1,63}"),
    Platform.MASTODON: re.compile(r"[A-Za-z0-9_.-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})"),
    Platform.THREADS: re.compile(r"[A-Za-z0-9_.]{1,30}"),
    Platform.INSTAGRAM: re.compile(r"[A-Za-z0-9_.]{1,30}"),
    Platform.TIKTOK: re.compile(r"[A-Za-z0-9_.]{1,24}"),
}


# --- platform links -------------------------------------------------------------------------


def profile_url(platform: Platform, handle: str) -> str | None:
    grammar = _HANDLE_GRAMMAR.get(platform)
    if grammar is None or not grammar.fullmatch(handle):
        return None
    if platform is Platform.TWITTER:
        return f"https://x.com/{handle}"
    if platform is Platform.BLUESKY:
        return f"https://bsky.app/profile/{handle}"
    if platform is Platform.MASTODON:
        user, _, host = handle.partition("@")
        return f"https://{host}/@{user}"
    if platform is Platform.THREADS:
        return f"https://www.threads.net/@{handle}"
    if platform is Platform.INSTAGRAM:
        return f"https://www.instagram.com/{handle}/"
    return f"https://www.tiktok.com/@{handle}"


def _hashtag_url(platform: Platform, tag: str) -> str | None:
    if platform is Platform.TWITTER:
        return f"https://x.com/hashtag/{quote(tag, safe='')}"
    if platform is Platform.BLUESKY:
        return f"https://bsky.app/hashtag/{quote(tag, safe='')}"
    if platform is Platform.INSTAGRAM:
        return f"https://www.instagram.com/explore/tags/{quote(tag, safe='')}/"
    return None


def _mention(platform: Platform, raw: str) -> tuple[str | None, int]:
    """(profile URL, length of ``raw`` that is the handle) for a ``@raw`` token."""
    if platform is Platform.TWITTER:
        head = _TWITTER_HEAD.match(raw)
        size = head.end() if head else 0
        if size == 0 or size > 15:  # longer runs are not X handles: leave the token as text
            return None, len(raw)
        return profile_url(platform, raw[:size]), size
    handle = raw.rstrip(".-")
    return profile_url(platform, handle), len(handle)


def _entity_urls(post: Post | None) -> dict[str, tuple[str, str]]:
    """t.co URL → (display form, expanded URL), from the post's ``urls`` and ``media`` entities."""
    found: dict[str, tuple[str, str]] = {}
    if post is None:
        return found
    for kind in ("urls", "media"):
        items = post.entities.get(kind)
        if not isinstance(items, list):
            continue
        for raw in items[:MAX_ENTITIES]:
            if not isinstance(raw, Mapping):
                continue
            short, display, expanded = (
                raw.get("url"),
                raw.get("display_url"),
                raw.get("expanded_url"),
            )
            if isinstance(short, str) and isinstance(expanded, str):
                found[short] = (display if isinstance(display, str) else expanded, expanded)
    return found


def _split_url(raw: str) -> tuple[str, str]:
    """A matched URL and the trailing punctuation that belongs to the sentence, not the URL."""
    end = len(raw)
    while end > 0 and raw[end - 1] in _TRAILING_PUNCT:
        if raw[end - 1] == ")" and raw.count("(", 0, end) >= raw.count(")", 0, end):
            break
        end -= 1
    return raw[:end], raw[end:]


def _text_html(text: str, platform: Platform, entities: Mapping[str, tuple[str, str]]) -> str:
    """One line of post text as escaped HTML with links, mentions and hashtags linked."""
    out: list[str] = []
    pos = 0
    for match in _TOKEN.finditer(text):
        out.append(html.escape(text[pos : match.start()], quote=True))
        pos = match.end()
        token = match.group(0)
        if match.group("url") is not None:
            url, tail = _split_url(token)
            display, target = entities.get(url, (url, url))
            if target.lower().startswith("www."):
                target = "https://" + target
            out.append(link(target, html.escape(clean(display, MAX_URL), quote=True)))
            out.append(html.escape(tail, quote=True))
        elif match.group("mention") is not None:
            profile, size = _mention(platform, match.group("mention"))
            handle = html.escape(match.group("mention")[:size], quote=True)
            out.append(link(profile, f"@{handle}", class_="ea-mention"))
            out.append(html.escape(match.group("mention")[size:], quote=True))
        else:
            tag = match.group("tag")
            tag_url = None if tag.isdigit() else _hashtag_url(platform, tag)
            out.append(link(tag_url, html.escape(token, quote=True), class_="ea-hashtag"))
    out.append(html.escape(text[pos:], quote=True))
    return "".join(out)


def body_html(text: str, lang: str | None, platform: Platform, post: Post | None) -> str:
    """The post text: one ``<p>`` per line (readable without CSS), blank lines become gaps."""
    if not text.strip():
        return '<div class="ea-text ea-empty" dir="auto"><p class="ea-line">(no text)</p></div>'
    entities = _entity_urls(post)
    lines: list[str] = []
    gap = False
    for line in text.split("\n"):
        if not line.strip():
            gap = bool(lines)
            continue
        cls = "ea-line ea-gap" if gap else "ea-line"
        lines.append(f'<p class="{cls}">{_text_html(line, platform, entities)}</p>')
        gap = False
    return f"<div{attrs({'class': 'ea-text', 'dir': 'auto', 'lang': lang})}>{''.join(lines)}</div>"
