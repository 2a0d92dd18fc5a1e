"""Reading one parsed embed fragment: which platform's markup it is, and its post's fields.

``_READERS`` maps an embed kind (``_kind``) to a reader that turns the fragment's root element
into an ``Embed`` with offsets left at 0: identity from links and data attributes, and, where
the markup carries them, the author, date, text and links of the post.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Final, NamedTuple
from urllib.parse import parse_qs, urljoin, urlsplit

from bs4.element import Comment, NavigableString, PageElement, Tag

from embedarchive._soup import parse_markup
from embedarchive._time import parse_timestamp
from embedarchive.detect._attribution import tidy_name
from embedarchive.detect._body import looks_truncated
from embedarchive.detect._fragments import BARE_NAMES, WIDGET_ATTRIBUTES
from embedarchive.detect.dates import MARKS, match_date, parse_date
from embedarchive.models import Embed, Platform
from embedarchive.platforms import PostRef, identify_url, original_url, tiktok, twitter

MAX_PARAGRAPHS: Final = 200
MAX_ANCHORS: Final = 200
_DASH_LINE: Final = re.compile(
    r"(?:^|\s|[^\w\s])(?:—|–|--|-|&mdash;|\?)\s*([^\n()]{0,120}?)\s*\(\s?@([A-Za-z0-9_]{1,15})\s?\)"
)
_INSTAGRAM_SHARED: Final = re.compile(
    r"(?:shared by|posted by|geteilt von|gepostet von|partagée par|publiée par|compartida por|"
    r"publicada por|compartilhada por|condiviso da|pubblicato da|gedeeld door|geplaatst door|"
    r"udostępniony przez|delad av)\s+(.{0,120}?)\s*\(@([A-Za-z0-9._]{1,30})\)",
    re.IGNORECASE | re.DOTALL,
)
_FB_POSTED: Final = re.compile(
    r"(?:Posted by|Publicado por|Publié par|Gepostet von|Pubblicato da)\s+(.{1,120}?)\s+"
    r"(?:on|en|le|am|il)\s+(.{4,60})$",
    re.IGNORECASE,
)


_Reader = Callable[[Tag, str | None], Embed | None]


def _classes(tag: Tag) -> list[str]:
    value = tag.get("class")
    if isinstance(value, list):
        return [str(v) for v in value]
    return str(value).split() if value else []


def _kind(root: Tag, classes: str) -> str:
    name = root.name.lower()
    if root.get("data-component-name") in _SUBSTACK_COMPONENTS:
        return "substack"
    if _BBC_EMBED.match(str(root.get("data-e2e") or "")):
        return "bbc"
    if name == "amp-twitter" or root.get("data-tweetid"):
        return "amp-twitter"
    if name in _AMP_PLATFORMS:
        return "amp"
    if name == "twitterwidget" or (
        root.get("data-tweet-id") and (name == "iframe" or "twitter-tweet" in classes)
    ):
        return "twitter-rendered"
    if "twitter-tweet-rendered" in classes:
        return "twitter-rendered"
    if name == "iframe":
        src = " ".join(_frame_sources(root))
        if "mastodon-embed" in classes or (
            "/embed" in src and "/@" in src and "threads." not in src  # (Threads: /@user/post/…)
        ):
            return "mastodon"
        if "platform.twitter.com/embed" in src or "platform.x.com/embed" in src:
            return "twitter-rendered"
        if (
            "cdn.embedly.com/" in src
            or "iframe.ly/" in src
            or "/media/oembed" in src
            or "media-oembed-content" in classes
        ):
            return "proxy"
        return "iframe"  # YouTube, LinkedIn, and players and plugins of the others
    if name == "lite-youtube":
        return "amp"
    if name in _EMBETTY:
        return "embetty"
    if "embedly-card" in classes or "iframely-embed" in classes:
        return "proxy"
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
    if "react-tweet-theme" in classes:
        return "react-tweet"
    if _placeholder_platform(root, classes) is not None:
        return "data-embed"
    if name in BARE_NAMES and _stripped_tweet(root):
        return "twitter"
    if name == "blockquote":
        # the embed code's own data attributes stay where its class was stripped (Readability)
        for attribute, kind in _STRIPPED_KINDS:
            if root.get(attribute):
                return kind
    if root.find("iframe") is not None:
        frame = root.find("iframe")
        if isinstance(frame, Tag):
            return _kind(frame, " ".join(_classes(frame)).lower())
    return ""


def _frame_sources(frame: Tag) -> list[str]:
    """An iframe's addresses: ``src``, then those lazy loading keeps until the frame scrolls
    into view (``data-src``, ``data-lazy-src``, …) while ``src`` holds a placeholder."""
    found = [str(frame.get("src") or "")]
    for name, value in frame.attrs.items():
        if name.startswith("data-") and name.endswith("src") and isinstance(value, str):
            found.append(value)
    return found


def _frame_ref(frame: Tag, base_url: str | None) -> PostRef | None:
    """The post or video the first recognized address of an iframe points to."""
    for source in _frame_sources(frame):
        ref = identify_url(_link(source, base_url) or "")
        if ref is not None:
            return ref
    return None


def _link(href: object, base_url: str | None) -> str | None:
    if not isinstance(href, str) or not href.strip():
        return None
    href = href.strip()
    if base_url:
        try:
            href = urljoin(base_url, href)
        except ValueError:
            return href
    # an archived article's links lead to the archive's copies: the post links the originals
    return original_url(href)


def _query(address: str) -> dict[str, list[str]]:
    """The query parameters of an address from the page; none when it does not parse (an
    unclosed ``[`` of an IPv6 host makes ``urlsplit`` raise)."""
    try:
        return parse_qs(urlsplit(address).query)
    except ValueError:
        return {}


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
    return _tidy_lines("".join(_walk_text(p, lambda tag: tag.name == "p")))


def _tidy_lines(text: str) -> str:
    """Each line's whitespace collapsed, blank lines dropped."""
    lines = (" ".join(line.split()) for line in text.split("\n"))
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
    date_text = (
        " ".join(anchor.get_text(" ").split()).strip(MARKS + " ") or None
        if anchor is not None
        else None
    )
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
    return _tweet(
        name=name,
        handle=handle,
        date=date,
        date_text=date_text,
        text=text,
        ref=ref,
        links=links,
        form=form,
        lang=lang,
    )


def _tweet(
    *,
    name: str | None,
    handle: str | None,
    date: dt.date | None,
    date_text: str | None,
    text: str,
    ref: PostRef | None,
    links: tuple[str, ...],
    form: str,
    lang: str | None = None,
) -> Embed:
    """An X post read from markup (a date's text is kept only when it parsed)."""
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


_STRIPPED_KINDS: Final = (
    ("data-instgrm-permalink", "instagram"),
    ("data-bluesky-uri", "bluesky"),
    ("data-text-post-permalink", "threads"),
)


def _stripped_tweet(root: Tag) -> bool:
    """Whether a blockquote with no embed class is an X embed whose classes were stripped (an
    HTML sanitizer, Readability): it ends as the embed code does, with the status link, and
    keeps the widget's attributes (``data-lang``, ``data-dnt``, …), an attribution
    ``— Name (@handle)`` of that account, or nothing but the link (a placeholder), or the link
    is left without a label as a date link can be. A quote that merely links to a post, in
    its text, does not."""
    anchor, ref = _status_link(root)
    if anchor is None or ref is None or anchor.find_next("a", href=True) is not None:
        return False
    if not WIDGET_ATTRIBUTES.isdisjoint(root.attrs):
        return True  # the widget's own attributes (data-lang, data-conversation, …) stayed
    label = anchor.get_text(" ", strip=True)
    if not label or label == root.get_text(" ", strip=True):
        return True  # the date link left empty, or a placeholder holding the link alone
    attribution = _attribution(root.get_text(" "))
    return attribution is not None and (
        ref.handle is None or attribution[1].casefold() == ref.handle.casefold()
    )


_ATTRIBUTION_START: Final = re.compile(r"\s*(?:—|–|―|--|-|&mdash;|\?)\s*")
_HANDLE_IN_PARENS: Final = re.compile(r"\(\s?@([A-Za-z0-9_]{1,15})\s?\)")
_BSKY_HANDLE_IN_PARENS: Final = re.compile(r"\(\s?@([A-Za-z0-9][A-Za-z0-9.:\-]{0,252})\s?\)")


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
    return tidy_name(prefix), last.group(1)


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
    return _tidy_lines("".join(chunks))


def _attr(tag: Tag, name: str) -> str | None:
    value = tag.get(name)
    return str(value) if value else None


def _read_twitter_id(root: Tag, base_url: str | None) -> Embed | None:
    post_id = _attr(root, "data-tweetid") or _attr(root, "data-tweet-id")
    frame = root if root.name.lower() == "iframe" else root.find("iframe")
    if post_id is None and isinstance(frame, Tag):
        post_id = _attr(frame, "data-tweet-id")
    if post_id is None and isinstance(frame, Tag):
        for src in _frame_sources(frame):
            post_id = next(iter(_query(src).get("id", [])), None)
            if post_id is not None:
                break
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
        author_name=tidy_name(shared.group(1)) if shared else None,
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


def _date_and_time(text: str) -> dt.date | None:
    """The date of a date link that may go on with a time in any language: Bluesky's embed
    code writes the app language's date and time ("9 gennaio 2025 alle ore 10:05",
    "2025年1月9日 上午10:05"), whose connectors the date matcher does not all know."""
    date = parse_date(text)
    if date is not None:
        return date
    found = match_date(text)
    if found is None or found.start != 0:
        return None
    # what follows the date is short and the link holds a time ("… 10:05 n tufat")
    tail_ok = len(text) - found.end <= MAX_TIME_TAIL
    return found.date if tail_ok and _CLOCK.search(text, found.start) else None


MAX_TIME_TAIL: Final = 30
_CLOCK: Final = re.compile(r"\d{1,2}[:.：]\d{2}")  # (any script's digits: "१०:०५")


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
    date = _date_and_time(date_text) if date_text else None
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


def _read_react_tweet(root: Tag, base_url: str | None) -> Embed | None:
    """Vercel's react-tweet (a static tweet that Next.js sites render on the server):
    ``div.react-tweet-theme > article`` with the name and ``@handle`` as ``span[title]``, the
    text in a ``p`` whose CSS-module class opens with ``tweet-body``, and the post's URL on the
    "Read replies" link (the date's link and ``<time>`` are added in the browser only)."""
    # the post's own links (its date, "Read replies") come after its text, which may link other
    # posts, and after a quoted post's card: take those by their class, else the last one
    ref = None
    for anchor in root.find_all("a", href=True, limit=MAX_ANCHORS):
        found = identify_url(_link(anchor.get("href"), base_url) or "")
        if found is not None and found.platform == Platform.TWITTER and found.post_id:
            ref = found
            if any(("created-at" in c or "replies" in c) for c in _classes(anchor)):
                break
    if ref is None:
        return None
    titles = [str(span["title"]) for span in root.find_all("span", title=True, limit=8)]
    handle = next((t[1:] for t in titles if t.startswith("@")), None) or ref.handle
    name = next((t for t in titles if not t.startswith("@")), None)
    body = next(
        (
            p
            for p in root.find_all("p", limit=MAX_PARAGRAPHS)
            if any(c.startswith("tweet-body") for c in _classes(p))
        ),
        None,
    )
    text = _own_text(body) if body is not None else ""
    time = root.find("time", attrs={"datetime": True})
    date, date_text = None, None
    if isinstance(time, Tag):  # (a page saved after the browser drew the date)
        date = parse_date(str(time["datetime"])[:10])
        date_text = " ".join(time.get_text(" ").split()) or None
    links = (
        tuple(link for a in _own_anchors(body) if (link := _link(a.get("href"), base_url)))
        if body is not None
        else ()
    )
    return _tweet(
        name=name,
        handle=handle,
        date=date,
        date_text=date_text,
        text=text,
        ref=ref,
        links=links,
        form="react-tweet",
    )


def _read_mastodon(root: Tag, base_url: str | None) -> Embed | None:
    urls = [_attr(root, "data-embed-url") or ""]
    if root.name.lower() == "iframe":
        urls += _frame_sources(root)
    ref = next(
        (r for u in urls if u and (r := identify_url(u.removesuffix("/embed"))) is not None), None
    )
    if ref is None:
        anchor = root.find("a", href=True)
        ref = identify_url(str(anchor["href"])) if isinstance(anchor, Tag) else None
    if ref is None or ref.platform != Platform.MASTODON:
        return None
    return _from_ref(ref, root.name.lower())


def _read_iframe(root: Tag, base_url: str | None) -> Embed | None:
    """A player or plugin frame: YouTube, LinkedIn, and pages saved after Instagram's, TikTok's,
    Facebook's, Bluesky's or Threads' script replaced the embed with its iframe."""
    ref = _frame_ref(root, base_url)
    if ref is None or ref.platform not in _FRAME_PLATFORMS:
        return None
    return _from_ref(ref, "iframe")


_FRAME_PLATFORMS: Final = (
    Platform.YOUTUBE,
    Platform.LINKEDIN,
    Platform.INSTAGRAM,
    Platform.TIKTOK,
    Platform.FACEBOOK,
    Platform.BLUESKY,
    Platform.THREADS,
)


def _read_amp(root: Tag, base_url: str | None) -> Embed | None:
    """AMP components: ``amp-instagram`` (``data-shortcode``), ``amp-tiktok`` (``data-src``, a
    URL or an id), ``amp-youtube`` (``data-videoid``), ``amp-facebook`` (``data-href``)."""
    name = root.name.lower()
    if name == "amp-facebook":
        found = _read_facebook(root, base_url)
        return found.model_copy(update={"form": "amp"}) if found is not None else None
    url: str | None = None
    if name == "amp-instagram":
        code = _attr(root, "data-shortcode") or ""
        url = f"https://www.instagram.com/p/{code}/" if _SHORTCODE.fullmatch(code) else None
    elif name == "amp-tiktok":
        source = _attr(root, "data-src") or ""
        url = tiktok.canonical_video_url(source) if source.isdigit() else _link(source, base_url)
    elif name in ("amp-youtube", "lite-youtube"):
        video = _attr(root, "data-videoid") or _attr(root, "videoid") or ""
        url = f"https://www.youtube.com/watch?v={video}" if _VIDEO_ID.fullmatch(video) else None
    ref = identify_url(url) if url else None
    if ref is None or ref.platform != _AMP_PLATFORMS[name]:
        return None
    return _from_ref(ref, "amp" if name.startswith("amp-") else name)


_AMP_PLATFORMS: Final = {
    "amp-instagram": Platform.INSTAGRAM,
    "amp-facebook": Platform.FACEBOOK,
    "amp-tiktok": Platform.TIKTOK,
    "amp-youtube": Platform.YOUTUBE,
    "lite-youtube": Platform.YOUTUBE,  # the lite-youtube-embed web component (videoid)
}
_SHORTCODE: Final = re.compile(r"[A-Za-z0-9_-]{5,40}")
_VIDEO_ID: Final = re.compile(r"[A-Za-z0-9_-]{11}")


def _read_proxy(root: Tag, base_url: str | None) -> Embed | None:
    """A post framed by an embed service: Embedly (``cdn.embedly.com/widgets/`` frames,
    ``blockquote.embedly-card``), Iframely (``cdn.iframe.ly`` frames, ``div.iframely-embed``)
    or a Drupal site's own oEmbed frame (``iframe.media-oembed-content`` of
    ``/media/oembed?url=…``). The post's address is a ``url`` (or ``src``) parameter of the
    frame, or the card's link; a service's short id alone names no post."""
    frames = [root] if root.name.lower() == "iframe" else root.find_all("iframe", limit=4)
    addresses = [s for frame in frames if isinstance(frame, Tag) for s in _frame_sources(frame)]
    for anchor in root.find_all("a", limit=MAX_ANCHORS):
        if isinstance(anchor, Tag):
            addresses += [_attr(anchor, "href") or "", _attr(anchor, "data-iframely-url") or ""]
    classes = _classes(root)
    if "iframely-embed" in classes or any("iframe.ly/" in a for a in addresses):
        service = "iframely"
    elif "media-oembed-content" in classes or any("/media/oembed" in a for a in addresses):
        service = "drupal-oembed"
    else:
        service = "embedly"
    for address in addresses:
        query = _query(address)
        for candidate in (*query.get("url", ()), *query.get("src", ()), address):
            ref = identify_url(_link(candidate, base_url) or "")
            if ref is not None:
                return _from_ref(ref, service)
    return None


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


def _read_substack(root: Tag, base_url: str | None) -> Embed | None:
    """Substack's own embeds, drawn on its server: the element names its component in
    ``data-component-name`` and carries the post as JSON in ``data-attrs`` (an X post's URL,
    text, author and time; an Instagram post's shortcode, page title and author; a Bluesky
    post's AT URI, text, author and time). Without readable JSON, the post's link (X) or
    player frame (Bluesky) inside still names it."""
    read = _SUBSTACK_COMPONENTS.get(str(root.get("data-component-name")))
    if read is None:
        return None  # (the kind came from a frame inside the fragment, not from its root)
    try:
        attrs = json.loads(str(root.get("data-attrs") or ""))
    except (ValueError, RecursionError):
        attrs = None
    if not isinstance(attrs, dict):
        attrs = {}
    return read(root, attrs, base_url)


def _substack_tweet(root: Tag, attrs: dict[str, object], base_url: str | None) -> Embed | None:
    ref = identify_url(_link(_string(attrs.get("url")), base_url) or "")
    if ref is None and root.name.lower() == "a":
        ref = identify_url(_link(root.get("href"), base_url) or "")
    if ref is None:
        ref = _status_link(root)[1]
    if ref is None or ref.platform != Platform.TWITTER:
        return None
    username = _string(attrs.get("username")) or ""
    text, links = _substack_text(_string(attrs.get("full_text")), base_url)
    name = tidy_name(_string(attrs.get("name")) or "")
    date = _utc_day(attrs.get("date"))
    date_text = None  # (the JSON's is a machine timestamp, not the date as the card writes it)
    if not (username and text and name and date):
        # JSON cut short or left out: what the card draws (its name, handle, text and footer)
        drawn = _drawn_substack_card(root, base_url)
        username = username or drawn.handle
        name = name or drawn.name
        if not text:
            text, links = drawn.text, drawn.links
        if date is None:
            date, date_text = drawn.date, drawn.date_text
    return _tweet(
        name=name,
        handle=username if twitter.HANDLE_RE.fullmatch(username) else ref.handle,
        date=date,
        date_text=date_text,
        text=text,
        ref=ref,
        links=links,
        form="substack",
    )


class _DrawnCard(NamedTuple):
    name: str | None
    handle: str
    text: str
    links: tuple[str, ...]
    date: dt.date | None
    date_text: str | None


def _drawn_substack_card(root: Tag, base_url: str | None) -> _DrawnCard:
    """What Substack's X card shows: ``.tweet-author-name``, ``.tweet-author-handle``
    (``@handle``), ``.tweet-text`` and ``.tweet-date`` (``9:14 PM ∙ Jan 28, 2023``)."""

    def part(css_class: str) -> Tag | None:
        found = root.find(class_=css_class)
        return found if isinstance(found, Tag) else None

    name_tag, handle_tag = part("tweet-author-name"), part("tweet-author-handle")
    text_tag, date_tag = part("tweet-text"), part("tweet-date")
    handle = handle_tag.get_text().strip().removeprefix("@") if handle_tag else ""
    # the text in paragraphs of its own (pages) or right in the element
    paragraphs: list[Tag] = []
    if text_tag is not None:
        nested = text_tag.find_all("p", limit=MAX_PARAGRAPHS)
        paragraphs = [p for p in nested if isinstance(p, Tag)] or [text_tag]
    text = _post_text(paragraphs)
    links = tuple(
        link
        for p in paragraphs
        for a in _own_anchors(p)
        if (link := _link(a.get("href"), base_url))
    )
    date = date_text = None
    if date_tag is not None:
        shown = " ".join(date_tag.get_text().split())
        mark = shown.find("∙")
        found = match_date(shown, mark + 1) if mark != -1 else None
        if found is not None:
            date, date_text = found.date, shown[: found.end]
    return _DrawnCard(
        name=tidy_name(name_tag.get_text()) if name_tag else None,
        handle=handle if twitter.HANDLE_RE.fullmatch(handle) else "",
        text=text,
        links=links,
        date=date,
        date_text=date_text,
    )


def _substack_instagram(root: Tag, attrs: dict[str, object], base_url: str | None) -> Embed | None:
    code = _string(attrs.get("instagram_id")) or ""
    if not _SHORTCODE.fullmatch(code):
        return None
    ref = identify_url(f"https://www.instagram.com/p/{code}/")
    if ref is None:
        return None
    handle = (_string(attrs.get("author_name")) or "").removeprefix("@")
    # the page's title: 'BBC News on Instagram: "Pakistan's prime minister says …'
    title = _INSTAGRAM_TITLE.fullmatch(" ".join((_string(attrs.get("title")) or "").split()))
    caption = title["caption"].rstrip('"”') if title else ""
    return Embed(
        platform=Platform.INSTAGRAM,
        start=0,
        end=0,
        author_name=tidy_name(title["name"]) if title else None,
        handle=handle if _INSTAGRAM_HANDLE.fullmatch(handle) else ref.handle,
        date=_utc_day(attrs.get("timestamp")),
        text=caption or None,
        truncated=caption.endswith("…"),  # (the title holds the caption's start only)
        url=ref.url,
        post_id=ref.post_id,
        detector="html",
        form="substack",
    )


def _substack_bluesky(root: Tag, attrs: dict[str, object], base_url: str | None) -> Embed | None:
    ref = identify_url(_string(attrs.get("uri")) or "")
    frame = root.find("iframe")
    if ref is None and isinstance(frame, Tag):
        ref = _frame_ref(frame, base_url)
    if ref is None or ref.platform != Platform.BLUESKY:
        return None
    handle = (_string(attrs.get("authorHandle")) or "").lower()
    text = _tidy_lines(_string(attrs.get("text")) or "")  # (plain text: links not marked)
    return Embed(
        platform=Platform.BLUESKY,
        start=0,
        end=0,
        author_name=tidy_name(_string(attrs.get("authorName")) or ""),
        handle=handle if _BSKY_HANDLE.fullmatch(handle) else ref.handle,
        date=_utc_day(attrs.get("createdAt")),
        text=text or None,
        url=ref.url,
        post_id=ref.post_id,
        detector="html",
        form="substack",
    )


def _string(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _utc_day(value: object) -> dt.date | None:
    """The UTC day of a timestamp the JSON holds, if it is one."""
    moment = parse_timestamp(value)
    return moment.date() if moment is not None else None


def _substack_text(value: str | None, base_url: str | None) -> tuple[str, tuple[str, ...]]:
    """An X post's text as the JSON holds it (its own line breaks, its links as
    ``<a class="tweet-url" href="…">label</a>``): lines without blank ones, and the links."""
    if not value:
        return "", ()
    soup = parse_markup(value.replace("\n", "<br>"))
    if soup is None:
        return "", ()
    links = tuple(link for a in _own_anchors(soup) if (link := _link(a.get("href"), base_url)))
    return _own_text(soup), links


_SubstackReader = Callable[[Tag, dict[str, object], str | None], Embed | None]
_SUBSTACK_COMPONENTS: Final[dict[str, _SubstackReader]] = {
    "Twitter2ToDOM": _substack_tweet,
    "InstagramToDOM": _substack_instagram,
    "BlueskyCreateBlueskyEmbed": _substack_bluesky,
}
_INSTAGRAM_TITLE: Final = re.compile(
    r"(?P<name>.{1,120}?) on Instagram: [\"“](?P<caption>.*)", re.DOTALL
)
_INSTAGRAM_HANDLE: Final = re.compile(r"[A-Za-z0-9._]{1,30}")
_BSKY_HANDLE: Final = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,10}[a-z]{2,63}")


def _read_bbc(root: Tag, base_url: str | None) -> Embed | None:
    """BBC's social embed container (its open-source Simorgh pages): ``data-e2e`` names the
    platform and the post's address (``twitter-embed-https://twitter.com/…/status/…``). After
    the reader's consent it holds the platform's own embed markup, read as such; behind the
    consent banner it holds none, and the address alone names the post."""
    inner = _inner_embed(root, base_url, "bbc")
    if inner is not None:
        return inner
    match = _BBC_EMBED.match(str(root.get("data-e2e") or ""))
    ref = identify_url(match["url"]) if match is not None else None
    return _from_ref(ref, "bbc") if ref is not None else None


def _inner_embed(root: Tag, base_url: str | None, outer: str) -> Embed | None:
    """The first embed a container holds in the platform's own markup, read as such."""
    for inner in root.find_all(_INNER_EMBED_TAGS, limit=MAX_INNER_EMBEDS):
        if not isinstance(inner, Tag) or inner is root:
            continue
        kind = _kind(inner, " ".join(_classes(inner)).lower())
        if kind and kind != outer and (found := _READERS[kind](inner, base_url)) is not None:
            return found
    return None


def _read_data_embed(root: Tag, base_url: str | None) -> Embed | None:
    """A site's own placeholder that names the post in data attributes, for its script to draw
    later: ``<div data-embed-type="twitter" data-embed-id="567053242429734913">`` (Time), or
    the post's address in ``data-url`` and the like. Embed markup inside is read as such."""
    inner = _inner_embed(root, base_url, "data-embed")
    if inner is not None:
        return inner
    platform = _placeholder_platform(root, " ".join(_classes(root)).lower())
    ref: PostRef | None = None
    for name in _PLACEHOLDER_URLS:
        url = _link(root.get(name), base_url)
        ref = identify_url(url) if url else None
        if ref is not None:
            break
    if ref is None and platform == Platform.TWITTER:
        post_id = next(
            (value for name in _PLACEHOLDER_IDS if (value := (_attr(root, name) or "").strip())),
            "",
        )
        if _TWEET_ID.fullmatch(post_id):
            ref = identify_url(twitter.canonical_status_url(post_id))
    if ref is None or ref.platform != platform:
        return None
    return _from_ref(ref, "data-embed")


def _placeholder_platform(root: Tag, classes: str) -> Platform | None:
    """The platform a site's placeholder names: its ``data-embed-type``, or for a bare
    ``data-embed-id`` the ``embed-twitter`` class (Time's and CNN's pages)."""
    platform = _EMBED_TYPES.get(str(root.get("data-embed-type") or "").lower())
    if platform is None and root.get("data-embed-id") and "embed-twitter" in classes.split():
        return Platform.TWITTER
    return platform


# The platform names such placeholders give, and where they keep the post's address or id
_EMBED_TYPES: Final = {
    "twitter": Platform.TWITTER,
    "x": Platform.TWITTER,
    "tweet": Platform.TWITTER,
    "instagram": Platform.INSTAGRAM,
    "tiktok": Platform.TIKTOK,
    "facebook": Platform.FACEBOOK,
    "bluesky": Platform.BLUESKY,
    "mastodon": Platform.MASTODON,
    "threads": Platform.THREADS,
    "linkedin": Platform.LINKEDIN,
    "youtube": Platform.YOUTUBE,
}
_PLACEHOLDER_URLS: Final = ("data-url", "data-embed-url", "data-href", "data-src", "data-embed-src")
_PLACEHOLDER_IDS: Final = ("data-embed-id", "data-tweet-id", "data-id")


_BBC_EMBED: Final = re.compile(r"[a-z]{2,12}-embed-(?P<url>https?://\S{1,2000})")
_INNER_EMBED_TAGS: Final = ["blockquote", "iframe", "div", "amp-twitter", "amp-instagram"]
MAX_INNER_EMBEDS: Final = 50


def _read_embetty(root: Tag, base_url: str | None) -> Embed | None:
    """heise's Embetty web components, which load a post through the site's own server:
    ``<embetty-tweet status="ID">``, ``<embetty-mastodon status="<status URL>">`` and
    ``<embetty-video type="youtube" video-id="ID">``."""
    name = root.name.lower()
    status = (_attr(root, "status") or "").strip()
    url: str | None = None
    if name == "embetty-tweet" and _TWEET_ID.fullmatch(status):
        url = twitter.canonical_status_url(status)
    elif name == "embetty-mastodon":
        url = _link(status, base_url)
    elif name == "embetty-video" and (_attr(root, "type") or "").lower() == "youtube":
        video = _attr(root, "video-id") or ""
        url = f"https://www.youtube.com/watch?v={video}" if _VIDEO_ID.fullmatch(video) else None
    ref = identify_url(url) if url else None
    if ref is None or ref.platform != _EMBETTY[name]:
        return None
    return _from_ref(ref, "embetty")


_EMBETTY: Final = {
    "embetty-tweet": Platform.TWITTER,
    "embetty-mastodon": Platform.MASTODON,
    "embetty-video": Platform.YOUTUBE,
}
_TWEET_ID: Final = re.compile(r"\d{1,20}")


_READERS: Final[dict[str, _Reader]] = {
    "twitter": _read_twitter,
    "amp-twitter": _read_twitter_id,
    "twitter-rendered": _read_twitter_id,
    "instagram": _read_instagram,
    "tiktok": _read_tiktok,
    "facebook": _read_facebook,
    "bluesky": _read_bluesky,
    "mastodon": _read_mastodon,
    "threads": _read_by_url(Platform.THREADS, ("data-text-post-permalink",)),
    "react-tweet": _read_react_tweet,
    "iframe": _read_iframe,
    "amp": _read_amp,
    "bare-url": _read_bare_url,
    "proxy": _read_proxy,
    "substack": _read_substack,
    "bbc": _read_bbc,
    "embetty": _read_embetty,
    "data-embed": _read_data_embed,
}
