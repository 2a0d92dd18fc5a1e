"""Substack's own X cards, flattened to text.

Substack draws embedded X posts on its server as a card of its own: the author's avatar
(``alt="Twitter avatar for @handle"``), name and handle, the text, perhaps a link card, then a
footer with the time and date (``9:14 PM ∙ Jan 28, 2023``) and the counts (``1,204 Likes
88 Retweets``). No "— Name (@handle)" line is left for the attribution reader, so the footer's
date is the anchor here, and the header above it gives the account:

* on a line of its own, ``Harbour Watch @harbourwatch`` (html2text, markdownify, inscriptis,
  pandoc, lynx, w3m), or the name and ``@harbourwatch`` on two lines (BeautifulSoup);
* in Markdown, after the avatar's image (``![Twitter avatar for @h](…)Name @hText…](status
  URL)``, header and text glued inside the card's link), where the link gives the post's id;
* on one long line (``get_text(" ")``), the first ``Name @handle`` after a sentence's end.

The text runs from the header to the footer, without the link card, a quoted post's header or
the renderer's markup. Each candidate reads a bounded window after the previous one, and
candidates without a card are paid from a budget, so the scan stays linear.
"""

from __future__ import annotations

import re
from typing import Final

from embedarchive.detect import _lines
from embedarchive.detect._body import STATUS_URL, _clean_body, looks_truncated
from embedarchive.detect.dates import match_date
from embedarchive.models import Embed, Platform
from embedarchive.platforms import identify_url

FOOTER_MARK: Final = "∙"  # U+2219, between the card's time and date


def substack_cards(text: str, taken: list[Embed]) -> list[Embed]:
    """The Substack X cards of ``text`` that no embed in ``taken`` covers."""
    spans = _lines.Spans((e.start, e.end) for e in taken)
    found: list[Embed] = []
    budget = max(REJECTED_FLOOR, len(text) // REJECTED_SPACING)
    floor = 0  # no card reads its header before this offset (the previous candidate)
    pos = text.find(FOOTER_MARK)
    while pos != -1 and budget > 0:
        card = _card(text, pos, floor)
        if card is None:
            budget -= 1
        elif not spans.overlaps(card.start, card.end):
            found.append(card)
        floor = card.end if card is not None else pos + 1
        pos = text.find(FOOTER_MARK, max(pos + 1, floor))
    return found


REJECTED_FLOOR: Final = 50
REJECTED_SPACING: Final = 2_000
HEADER_REACH: Final = 1_500  # the header, a post's text, a link card and their markup
IMAGE_REACH: Final = 250  # from an image's "![" to its address's avatar name
MAX_HEADER_LINES: Final = 80  # (renderers that keep the markup's blank lines: pandoc's HTML)

# "9:14 PM ∙ " right before the mark's date (pandoc Markdown opens "[" before the time)
_TIME: Final = re.compile(r"\d{1,2}:\d{2}[ \u00a0\u202f]?[AaPp]\.?[Mm]\.?[ \u00a0]?$")
# The avatar's alt text names the handle (Markdown, pandoc's plain text, lynx, w3m); an
# avatar without alt text still names it in its address
_AVATAR: Final = re.compile(
    r"Twitter avatar for\s{1,3}\\?@(\w{1,15})"
    r"|substackcdn\.com/image/twitter_name/[^/\s)]{1,40}/(\w{1,15})\."
)
_IMAGE: Final = re.compile(r"!\[[^\[\]]{0,200}\]\([^()\s]{1,500}\)(?:\{[^{}]{0,300}\})?")
# A header line: the name, then the handle (or the handle alone, the name on the line above)
_HEADER_LINE: Final = re.compile(
    r"[ \t>]*(?:\[?([^\n@]{1,80}?)[ \t]*\]?(?:\{[^{}\n]{0,80}\})?)?\[?\\?@(\w{1,15})"
)
_STATUS: Final = re.compile(rf"({STATUS_URL})")
_RULE: Final = re.compile(r"[ \t]*(?:\* \* \*|-{3,}|━{3,}|_{3,})[ \t]*$")
_COUNTS: Final = re.compile(r"(?:Likes?|Retweets?|Replies|Reply)\b")  # ("1,204Likes")
# what a renderer leaves of the card's markup: pandoc's fenced divs and attributes
_FENCE: Final = re.compile(r"[ \t]*:{3,}[^\n]*$")
_ATTRIBUTES: Final = re.compile(r"\]?\{[.#][^{}\n]{0,200}\}?|^[^{}\n]{0,80}\}")
# a link card's first line is its domain ("example.org"); lynx numbers the card's link alone
_DOMAIN: Final = r"(?:[a-z0-9-]{1,63}\.){1,4}[a-z]{2,12}"
_DOMAIN_LINE: Final = re.compile(rf"(?:\[\d{{1,5}}\])?{_DOMAIN}")
_INLINE_LINK_CARD: Final = re.compile(rf"(?<=\s){_DOMAIN}(?=\s+[A-Z])")
_NUMBER_LINE: Final = re.compile(r"\[\d{1,5}\]")
_EMPTY_LINK: Final = re.compile(r"\[\]\([^()\s]{1,500}\)(?:\{[^{}]{0,300}\})?")


def _card(text: str, mark: int, floor: int) -> Embed | None:
    """The card whose footer holds the mark at ``mark``, if a header stands above it."""
    line_start = text.rfind("\n", 0, mark) + 1
    before = text[max(line_start, mark - 16) : mark]
    time = _TIME.search(before)
    if time is None:
        return None
    time_start = mark - len(before) + time.start()
    at = mark + 1
    while text[at : at + 1] in (" ", "\u00a0"):
        at += 1
    date = match_date(text, at)
    if date is None:
        return None
    low = max(floor, time_start - HEADER_REACH)
    header = _header(text, low, time_start)
    if header is None:
        return None
    start, body_start, name, handle, markdown = header
    end = _footer_end(text, date.end)
    block = text[body_start:time_start]
    if "\n" not in block.strip() and (card := _INLINE_LINK_CARD.search(block)) is not None:
        block = block[: card.start()]  # one line: the link card's domain opens its title
    lines = _body_lines(block, markdown=markdown)
    body, links = _clean_body(lines, markdown=markdown, numbered=False)
    url = post_id = None
    for status in _STATUS.finditer(text, max(0, start - 2), end):
        ref = identify_url(status.group(1))
        if (
            ref is not None
            and ref.handle is not None
            and ref.handle.casefold() == handle.casefold()
        ):
            url, post_id = ref.url, ref.post_id
            break
    if not body and url is None:
        return None  # a name, a handle and a time: a byline, not a card
    return Embed(
        platform=Platform.TWITTER,
        start=start,
        end=end,
        author_name=name,
        handle=handle,
        date=date.date,
        date_text=" ".join(text[time_start : date.end].split()),
        text=body or None,
        truncated=looks_truncated(body),
        url=url,
        post_id=post_id,
        links=tuple(link for link in links if "/status/" not in link),
        detector="text",
        form="substack",
    )


def _header(text: str, low: int, stop: int) -> tuple[int, int, str | None, str, bool] | None:
    """Where the card starts, where its text starts, the author's name and handle, and whether
    the renderer wrote Markdown; None without a header between ``low`` and ``stop``."""
    avatar = _AVATAR.search(text, low, stop)
    if avatar is not None:
        handle = avatar.group(1) or avatar.group(2)
        # the header follows the avatar's image (Markdown) or its alt text's line
        image = next(
            (
                found
                for found in _IMAGE.finditer(text, max(low, avatar.start() - IMAGE_REACH), stop)
                if found.end() > avatar.start()
            ),
            None,
        )
        if image is not None and image.start() > avatar.start():
            image = None
        after = image.end() if image is not None else avatar.end()
        if text[after : after + 1] == "]":  # lynx and pandoc close the alt text's brackets
            after += 1
        # (glued to the text in html2text's Markdown: "Name @handleText…")
        own = _own_handle(text, handle, after, stop)
        if own is None:
            return None
        name = _name(text[after : own[0]])
        start = _line_start_or_link(text, avatar.start(), low)
        markdown = image is not None or "](" in text[start:stop]
        return start, own[1], name, handle, markdown
    # no avatar: the top-most header line within reach of the footer
    best: tuple[int, int, str | None, str] | None = None
    line = _lines_up(text, low, stop)
    for line_start, line_end in line:
        content = text[line_start:line_end]
        match = _HEADER_LINE.fullmatch(content.rstrip())
        if match is None:
            continue
        name = _name(match.group(1) or "")
        if name is None and line_start > low:
            above_end = line_start - 1
            above_start = text.rfind("\n", low, above_end) + 1
            name = _name(text[above_start:above_end])  # BeautifulSoup: "Name \n@handle"
            if name is not None:
                best = (above_start, line_start + match.end(), name, match.group(2))
                continue
        if name is not None:
            best = (line_start, line_start + match.end(), name, match.group(2))
    if best is None:
        return _one_line_header(text, low, stop)
    start, body_start, name, handle = best
    return start, body_start, name, handle, "](" in text[start:stop]


def _own_handle(text: str, handle: str, start: int, stop: int) -> tuple[int, int] | None:
    """The span of the first ``@handle`` (any case, perhaps Markdown-escaped ``\\@``) between
    ``start`` and ``stop``; what follows may be glued to it ("@handleText…")."""
    wanted = handle.casefold()
    at = text.find("@", start, stop)
    while at != -1:
        end = at + 1 + len(handle)
        if end <= stop and text[at + 1 : end].casefold() == wanted:
            return (at - 1 if at > start and text[at - 1] == "\\" else at), end
        at = text.find("@", at + 1, stop)
    return None


def _one_line_header(
    text: str, low: int, stop: int
) -> tuple[int, int, str | None, str, bool] | None:
    """The header of a card on one long line (``get_text(" ")``): the first ``Name @handle``
    that follows a sentence's end, the line's start or another card's counts, with at most six
    words of name, each capitalized (or the handle itself). A mention in the post follows words
    of the post, not the end of a sentence and a name."""
    line_start = text.rfind("\n", 0, stop) + 1
    begin = max(low, line_start, stop - ONE_LINE_REACH)
    if stop - line_start < ONE_LINE_MIN:
        return None  # (a short line: the line-by-line reading above found no header)
    for handle in _INLINE_HANDLE.finditer(text, begin, stop):
        reach = max(begin, handle.start() - 200)
        words = list(_WORD.finditer(text, reach, handle.start()))
        name: list[re.Match[str]] = []
        bounded = False
        for word in reversed(words):
            token = word.group()
            if token[-1] in _SENTENCE_END or token in _COUNT_WORDS:
                bounded = True
                break
            name.insert(0, word)
            if len(name) > MAX_NAME_WORDS:
                break
        else:
            bounded = reach == line_start  # the name opens the line
        if not bounded or not 1 <= len(name) <= MAX_NAME_WORDS:
            continue
        user = handle.group(1)
        if all(_name_word(w.group(), user) for w in name):
            start = name[0].start()
            return start, handle.end(), " ".join(w.group() for w in name), user, False
    return None


def _name_word(word: str, handle: str) -> bool:
    """Whether a word may be part of a name: capitalized, no letter (an emoji, a flag), or the
    handle itself ("hardmaru @hardmaru")."""
    return word[:1].isupper() or not word[:1].isalpha() or word.lower() == handle.lower()


ONE_LINE_REACH: Final = 700  # a post, a link card and the header before the footer's time
ONE_LINE_MIN: Final = 200
MAX_NAME_WORDS: Final = 6
_WORD: Final = re.compile(r"\S+")
_INLINE_HANDLE: Final = re.compile(r"(?<= )@(\w{1,15})(?= )")
_SENTENCE_END: Final = frozenset('.!?…"”’)]')
_COUNT_WORDS: Final = frozenset({"Likes", "Like", "Retweets", "Retweet"})


def _lines_up(text: str, low: int, stop: int) -> list[tuple[int, int]]:
    """The lines between ``low`` and ``stop``, nearest the footer first, at most a card's."""
    found: list[tuple[int, int]] = []
    end = text.rfind("\n", low, stop)
    while end != -1 and len(found) < MAX_HEADER_LINES:
        start = text.rfind("\n", low, end) + 1
        if start <= low and low > 0 and text[low - 1 : low] != "\n":
            break  # the line reaches above the window: not the card's
        found.append((start, end))
        if start <= low:
            break
        end = start - 1
    return found


def _name(raw: str) -> str | None:
    """An author name from what precedes the handle, or None if it is no name."""
    raw = "\n".join(line for line in raw.split("\n") if not _FENCE.fullmatch(line))
    raw = _IMAGE.sub("", raw)  # (a second copy of the avatar: "![](…)![](…)Name @handle")
    name = _ATTRIBUTES.sub("", raw).replace("[", "").replace("]", "")
    name = " ".join(name.split()).strip(" >")
    if not name or len(name) > 60 or len(name.split()) > 8 or "://" in name:
        return None
    if name[-1:] in ".!?:;," or name.lower().startswith("twitter avatar"):
        return None
    return name


def _line_start_or_link(text: str, at: int, low: int) -> int:
    """The start of the card at the avatar ``at``: its Markdown link's "[" or its line's start."""
    start = text.rfind("\n", low, at) + 1 if at > low else low
    head = text[start:at]
    opening = head.rfind("[")
    if opening != -1 and head[opening:].startswith(("[![", "[!")):
        return start + opening
    return max(start, low)


def _body_lines(block: str, *, markdown: bool) -> list[str]:
    """The post's lines in what lies between the header and the footer's time."""
    lines: list[str] = []
    for raw in block.split("\n"):
        line = raw.strip()
        # the text ends where a quoted post's header starts, or (Markdown) where the card's
        # link closes: "…text](status URL)"
        stop = _TEXT_END.search(line)
        if stop is not None:
            rest = line[stop.end() :]
            line = line[: stop.start()]
            closes = stop.group().startswith("](")
            if closes and not lines and not line.strip(" ["):
                continue  # the header's own link closes here ("AK @_akhaliq](…)"): text follows
            if closes:
                # links the post holds follow its text's link, labelled with their display
                # address ("[huggingface.co/nitrosocke/spi…](https://huggingface.co/…)")
                labels = [label.group(1) for label in _DISPLAY_LINK.finditer(rest)]
                line = " ".join([line.rstrip(), *labels]) if labels else line
        if markdown:
            line = _EMPTY_LINK.sub("", line)
            if _FENCE.fullmatch(line):
                continue
            if line.startswith("[") and "](" in line and "](https://t.co/" not in line:
                break  # a link card as one Markdown link
            line = _ATTRIBUTES.sub("", line).lstrip("[").replace("\\@", "@")
        if line and (_DOMAIN_LINE.fullmatch(line) or _NUMBER_LINE.fullmatch(line)):
            break  # a link card's domain (or lynx's number for its link): not the post's
        lines.append(line)
        if stop is not None:
            break
    while lines and not lines[-1].strip(" [\\"):
        lines.pop()
    if markdown:  # a line break in Markdown is a wrap; a blank line parts paragraphs
        return [" ".join(p.split("\n")) for p in "\n".join(lines).split("\n\n") if p.strip()]
    return lines


_DISPLAY_LINK: Final = re.compile(
    r"\[((?:[\w-]{1,63}\.){1,4}[a-z]{2,12}/[^\s\[\]]{0,100})\]\([^()\s]{1,500}\)"
)
_TEXT_END: Final = re.compile(
    rf"!?\[?Twitter avatar for|!\[[^\[\]]{{0,200}}\]\([^()\s]{{0,200}}twitter_name/"
    rf"|\]\({STATUS_URL}[^()\s]{{0,300}}\)"
)


def _footer_end(text: str, date_end: int) -> int:
    """The end of the card's footer: past the rule and the counts' line, if they follow."""
    inline = _INLINE_COUNTS.match(text, date_end)
    if inline is not None:  # "… 2023 1,204 Likes 88 Retweets" (one line, or glued)
        return date_end + len(inline.group().rstrip())
    pos = date_end
    for _ in range(FOOTER_LINES):
        nl = text.find("\n", pos)
        line_end = len(text) if nl == -1 else nl
        line = text[pos:line_end]
        if len(line) <= MAX_COUNTS_LINE and _COUNTS.search(line):
            return pos + len(line.rstrip())
        if (
            pos != date_end
            and line.strip()
            and not _RULE.fullmatch(line)
            and not _FENCE.fullmatch(line)
            and not line.strip(" \t]").startswith("{")
        ):
            break  # the article goes on: no counts under this card
        if nl == -1:
            break
        pos = nl + 1
    return date_end


_INLINE_COUNTS: Final = re.compile(
    r"(?:[ \t\u00a0]?(?:\[\d{1,5}\])?\d[\d.,]{0,12}[KkMm]?[ \t\u00a0]?"
    r"(?:Likes?|Retweets?|Replies|Reply)\b){1,4}"
)
MAX_COUNTS_LINE: Final = 200  # (pandoc's counts line carries two links and their attributes)
FOOTER_LINES: Final = 8  # the date's line, blank lines, a rule, pandoc's fences
