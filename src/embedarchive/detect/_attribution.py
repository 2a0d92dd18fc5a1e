"""Attribution lines: the ``— Name (@handle) Date`` anchor of a flattened embed.

Every ``(@`` in the text is a candidate; the cheap tests come first, rejected anchors are paid
from a budget proportional to the text, and each candidate reads a bounded window, so the scan
stays linear on any input. Facebook's ``Posted by NAME on DATE`` lines end up here too.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Final, NamedTuple

from embedarchive.detect import _lines
from embedarchive.detect._body import _MD_ESCAPE, _MD_LINK, LINK_NUMBERS, STATUS_URL, group_one
from embedarchive.detect._mojibake import unmangled
from embedarchive.detect._months import WEEKDAYS
from embedarchive.detect.dates import MARKS, DateMatch, match_date
from embedarchive.models import Platform
from embedarchive.platforms._archived import ARCHIVED_PREFIX

logger = logging.getLogger(__name__)

# Anchors that turn out not to be attributions: at least this many are read, and one per this
# many characters of text (the corpus has about one anchor per 800 characters, mostly real).
REJECTED_ANCHOR_FLOOR: Final = 2000
REJECTED_ANCHOR_SPACING: Final = 200
REJECTED_PHRASE_FLOOR: Final = 200  # the same for Facebook's "Posted by" phrases
REJECTED_PHRASE_SPACING: Final = 2000
# How far before "(@" the dash and the name may start.
NAME_WINDOW: Final = 110
# Blank lines (markup whitespace) allowed between an attribution's handle and its date line.
MAX_BLANKS_BEFORE_DATE: Final = 3
# (Markdown writers escape the underscores of a handle: "(@nhk\\_news)")
# "(@handle)", or "([@handle](https://…))" where a Markdown renderer kept the link that
# Bluesky's embed code puts on the handle
# (lynx -dump numbers every link where it stands: "([23]@name.bsky.social)")
_HANDLE_ANCHOR: Final = re.compile(
    r"\(\s?(?:(?:\[\d{1,5}\])?@(?P<plain>[A-Za-z0-9_\\][A-Za-z0-9_.\-\\]{0,99})"
    r"|\[@(?P<linked>[A-Za-z0-9_\\][A-Za-z0-9_.\-\\]{0,99})\]\(https?://[^()\s]{1,500}\))\s?\)"
)
# A URL, or a sentence end followed by more words: a name does not look like this.
_NOT_A_NAME: Final = re.compile(r"https?://|[.!?]\s+\S+\s+\S+\s+\S+")
# A stop after these (any case) or after initials ("U.S", "J") abbreviates; it ends no sentence.
_ABBREVIATION_WORDS: Final = (
    "dr mr mrs ms mx st ste gov sen rep jr sr prof gen lt col capt sgt adm cmdr hon rev fr mt "
    "ft inc co corp ltd no dept univ assn ave vs md phd esq pres maj atty sec dra sra srta mme "
    "ing lic"
)
_ABBREVIATIONS: Final = frozenset(_ABBREVIATION_WORDS.split())
_INITIALS: Final = re.compile(r"(?:[A-Za-z]\.)*[A-Za-z]")
# (direction and zero-width marks around handles and dates count as spacing)
_SPACING: Final = " \t\u00a0" + MARKS
# The number lynx -dump puts before every link's text ("[154]pic.twitter.com/…"), listing the
# link's address under "References" at the end of the dump
LINK_NUMBER: Final = re.compile(rf"{LINK_NUMBERS.pattern}(?=\S)")
_AFTER_ANCHOR: Final = re.compile(rf"[{_SPACING}]{{0,6}}(?:[\w\[\]\n\r]|\Z)")
_MD_TARGET: Final = re.compile(r"\]\((https?://[^()\s]{1,500})\)")
_TWITTER_HANDLE: Final = re.compile(r"[A-Za-z0-9_]{1,15}")
_BSKY_HANDLE: Final = re.compile(
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}"
)
_INSTAGRAM_HANDLE: Final = re.compile(r"[A-Za-z0-9._]{1,30}")
_DASHES: Final = "—–―‒−-"
_SPACED_DASH: Final = re.compile(r"\s[—–―]\s")  # an attribution's dash inside a would-be name
# (any case; grouped by first letter, which is matched as a class: a pattern that ignores case
# from its first character has sre try every alternative at every position of the window)
_INSTAGRAM_SHARED: Final = re.compile(
    r"(?:[Aa](?i: post shared by| (?:photo|video) posted by)"
    r"|[Ee](?i:in Beitrag geteilt von|en bericht gedeeld door)"
    r"|[Uu](?i:ne publication partagée par|na publicación compartida (?:por|de)"
    r"|n post condiviso da|ma publicação compartilhada por)"
    r"|[Bb](?i:eitrag geteilt von))\s"
)


class _Attribution(NamedTuple):  # (a tuple: built for every anchor, cheaper than a dataclass)
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


def _find_attributions(text: str, index: _lines.LineIndex, first: int = 0) -> list[_Attribution]:
    """The attributions whose ``(@handle)`` anchor lies at or after ``first``."""
    found: list[_Attribution] = []
    last_end = 0
    # Real articles hold one "(@" anchor per few hundred characters; a page packed with anchors
    # that are not attributions is built to make us work. Rejected anchors are paid from a budget
    # proportional to the text, so such a page costs about what plain prose costs.
    budget = max(REJECTED_ANCHOR_FLOOR, len(text) // REJECTED_ANCHOR_SPACING)
    for match in _HANDLE_ANCHOR.finditer(text, first):
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


_INSTAGRAM_PHRASES: Final = (
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


_INSTAGRAM_HINT: Final = re.compile("|".join(re.escape(phrase) for phrase in _INSTAGRAM_PHRASES))


def _instagram_hint(text: str, anchor: int) -> bool:
    """Cheap pre-check: could a "shared by NAME" caption end at this handle?"""
    window = text[_caption_lookback(text, anchor) : anchor]
    # every phrase holds one of these pieces, and substring tests cost less than the regex
    for piece in _INSTAGRAM_PIECES:
        if piece in window:
            return _INSTAGRAM_HINT.search(window) is not None
    return False


_INSTAGRAM_PIECES: Final = ("d by", "t von", "e par", "compart", "condiviso", "gedeeld", "a por")


def _caption_lookback(text: str, anchor: int) -> int:
    """Where to look for the caption's "shared by" before a handle: ``CAPTION_LOOKBACK``
    characters back, or that much before the name when a Markdown link of it ends right
    before the handle (its address may be long: an archived copy's)."""
    lookback = max(0, anchor - CAPTION_LOOKBACK)
    if text[max(0, anchor - 2) : anchor].rstrip()[-1:] == ")":  # "[Name](https://…) (@h"
        label_end = text.rfind("](", max(0, anchor - CAPTION_LOOKBACK - MAX_LINKED_ADDRESS), anchor)
        if label_end != -1:
            lookback = max(0, min(lookback, label_end - CAPTION_LOOKBACK))
    return lookback


CAPTION_LOOKBACK: Final = 160
MAX_LINKED_ADDRESS: Final = 520


def _handle_of(match: re.Match[str]) -> str:
    handle = match.group("plain") or match.group("linked")
    return handle.replace("\\", "") if "\\" in handle else handle


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
    raw_handle = _handle_of(match)
    line_start = index.line_start(match.start())
    window_start = max(line_start, match.start() - NAME_WINDOW)
    before = text[window_start : match.start()]
    if "[" in before and LINK_NUMBER.search(before):
        index.cache["numbered"] = True  # lynx -dump: "A post shared by [25]Name (@handle)"

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
    if dash_at is None and match.start() - content_start <= NAME_WINDOW:
        # pretty-printed markup flattened as is: "…https://t.co/x—" + newline + "Name (@h)"
        dash_at = _dash_ending_previous_line(text, line_start)
        if dash_at is not None:
            name = text[content_start : match.start()]
            line_start = index.line_start(dash_at)
        elif not text[content_start : match.start()].strip() and line_start > 0:
            # html2text wrapped a long name: "> — Governor Kristi Noem" + "> (@govkristinoem)"
            above = index.line_start(line_start - 1)
            above_content = above + _lines.marker_width(text, above, line_start - 1)
            dash_at, name = _find_dash(
                text,
                above_content,
                max(above_content, line_start - 1 - NAME_WINDOW),
                text[max(above_content, line_start - 1 - NAME_WINDOW) : line_start - 1],
                line_start - 1,
            )
            if dash_at is not None:
                line_start, quoted = above, quoted or text[above:above_content].lstrip()[:1] == ">"

    after = match.end()
    linked_name = text.startswith("](", after)
    if linked_name:
        # "— [Mark Riedl (@markriedl.bsky.social)](https://bsky.app/profile/…) [date](…)": a
        # Markdown renderer kept the link Bluesky's oEmbed code puts on the name and handle
        target = _MD_TARGET.match(text, after, min(len(text), after + 520))
        if target is None:
            return None
        after = target.end()
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
    if name is not None and linked_name:
        name = name.lstrip(" \t\u00a0")
        if not name.startswith("["):
            return None  # the link opens before the name, not somewhere in the text before it
        name = name[1:]
    if name is not None and not _plausible_name(name):
        return None
    date_text = _date_text(text, date_match.start, date_match.end) if date_match else None
    return _Attribution(
        platform=platform,
        start=start,
        end=date_end,  # (past the date, its link, or else the handle's ")")
        line_start=line_start,
        name=_clean_name(name) if name is not None else None,
        handle=handle,
        date_text=date_text,
        date_value=date_match.date if date_match else None,
        url=url,
        quoted=quoted,
    )


def _find_dash(
    text: str, content_start: int, window_start: int, before: str, anchor: int
) -> tuple[int | None, str | None]:
    """Locate the attribution dash before ``(@``; return its offset and the name after it."""
    # The dash opens the line: "— Name", "-- Name", "? Name" or "â€” Name" (mojibake),
    # "&mdash; Name". (startswith with offsets: slicing the line up to every anchor would be
    # quadratic)
    if anchor - content_start <= NAME_WINDOW + 8:
        for dash in ("&mdash;", "â€”", "â€“", "--", "—", "–", "―", "-", "?"):
            after = content_start + len(dash)
            if (
                text.startswith(dash, content_start, anchor)
                and (dash not in "-?" or text.startswith(" ", after, anchor))
                and _plausible_name(text[after:anchor])
                and _SPACED_DASH.search(text, after, anchor) is None
            ):
                return content_start, text[after:anchor]
            # else a list item ("- text … — Name (@h)"): the attribution's dash is further on
    # Otherwise the rightmost dash followed by a space (or glued: "…pic.twitter.com/X— Name").
    best: int | None = None
    for i in range(len(before) - 1, -1, -1):
        ch = before[i]
        if ch in _DASHES or ch == "?" or (ch in "”“" and before[i - 2 : i] == "â€"):
            nxt = before[i + 1 : i + 2]
            prev = before[i - 1 : i] if i else ""
            if ch in "-?":
                # An ASCII hyphen or "?" only counts with spaces around it (not "Jean-Luc"),
                # and a real dash further left wins ("— ABC 7 News - WJLA (@ABC7News)")
                if best is None and nxt == " " and (prev in ("", " ", "\t") or i == 0):
                    best = i
                continue
            if nxt in (" ", "\u00a0") or nxt == "":
                if best is None or (best - i <= 40 and _plausible_name(before[i + 1 :])):
                    best = i
                break
    if best is None:
        return None, None
    dash_at = window_start + best
    name = text[dash_at + 1 : anchor]
    if text[dash_at] == "-" and text[dash_at - 1 : dash_at] == "-":
        dash_at -= 1
    elif text[dash_at] in "”“":
        dash_at -= 2  # "â€”": the dash's UTF-8 read as cp1252 (a page decoded wrongly)
    return dash_at, name


def _dash_ending_previous_line(text: str, line_start: int) -> int | None:
    """The offset of an em or en dash that ends the line before ``line_start``, if any."""
    i = line_start - 2  # the character before the newline
    stop = max(0, i - 40)
    while i >= stop and text[i] in " \t\u00a0\r":
        i -= 1
    return i if i >= 0 and text[i] in "—–―" else None


def _instagram_attribution(
    text: str, index: _lines.LineIndex, match: re.Match[str], line_start: int
) -> _Attribution | None:
    lookback = _caption_lookback(text, match.start())
    window = text[lookback : match.start()]
    shared = None
    for found in _INSTAGRAM_SHARED.finditer(window):
        shared = found  # the last "shared by" before the handle
    if shared is None or not _INSTAGRAM_HANDLE.fullmatch(_handle_of(match)):
        return None
    raw_name = window[shared.end() :]
    if "\n" in raw_name:  # html2text wrapped the caption over quote lines
        raw_name = _WRAP_BREAK.sub(" ", raw_name)
        raw_name = _MD_LINK_WRAPPED.sub(group_one, raw_name)
    if "](" in raw_name:  # Markdown renderers link the name: "[Vreni Frost](https://…)"
        raw_name = _MD_LINK.sub(group_one, raw_name)
    if "\\" in raw_name:
        raw_name = _MD_ESCAPE.sub(group_one, raw_name)  # "Verbündete\\*r sein" (Markdown)
    if "[" in raw_name:
        raw_name = LINK_NUMBER.sub("", raw_name)  # lynx -dump: "A post shared by [139]Name"
    name = tidy_name(raw_name) or ""
    if len(name) > 80:
        return None
    start = lookback + shared.start()
    if text[start - 1 : start] == "[" and start:
        start -= 1  # the caption is a Markdown link: "[A post shared by …](…)"
    after = match.end()
    url = None
    # "[A post shared by NAME (@handle)](https://www.instagram.com/p/…)": the post's own link
    link = _MD_TARGET.match(text, after, min(len(text), after + 520))
    if link is not None:
        url, after = link.group(1), link.end()
    date_match: DateMatch | None = None
    tail = text[after : after + 24]
    stripped = tail.lstrip(" \t\r\n>")  # also over a quote line html2text wrapped
    for particle in ("on ", "am ", "le ", "el ", "il ", "em ", "op "):
        if stripped.startswith(particle):
            at = after + (len(tail) - len(stripped)) + len(particle)
            date_match = match_date(text, at) or _cleaned_date(text, at)  # "am Jun\n> 17, 2019"
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
        handle=_handle_of(match),
        date_text=_date_text(text, date_match.start, date_match.end) if date_match else None,
        date_value=date_match.date if date_match else None,
        url=url,
        quoted=text[index.line_start(start) : start].lstrip().startswith(">"),
    )


def _read_date(
    text: str, index: _lines.LineIndex, pos: int
) -> tuple[DateMatch | None, int, str | None]:
    """Read the date after ``(@handle)``: same line, ``[date](url)``, or the next line (bs4)."""
    line_end = index.line_end(pos)
    i = pos
    while i < line_end and text[i] in _SPACING:
        i += 1
    if i == line_end:
        # Date on the next non-blank line, possibly behind quote markers; up to three blank
        # lines between come from the markup's whitespace (get_text("\n") unstripped)
        nxt = index.next_line_start(pos)
        for _ in range(MAX_BLANKS_BEFORE_DATE + 1):
            if nxt is None:
                return None, pos, None
            line_end = index.line_end(nxt)
            i = nxt + _lines.marker_width(text, nxt, line_end)
            while i < line_end and text[i] in _SPACING:
                i += 1
            if i < line_end:
                break
            nxt = index.next_line_start(nxt)
        else:
            return None, pos, None
    number = None
    if text[i : i + 1] == "[" and (mark := LINK_NUMBER.match(text, i, i + 8)) is not None:
        # lynx -dump's number of the date's link: "(@h) [155]November 19, 2019"; its address
        # is in the dump's list of references
        number = text[i + 1 : mark.end() - 1]
        i = mark.end()
        index.cache["numbered"] = True  # (the walk over the post reads lines without them)
    bracket = text[i : i + 1] == "["
    begin = i + 1 if bracket else i
    found = match_date(text, begin)
    span = found or _cleaned_date(text, begin)
    if span is None:
        if bracket and (empty := _EMPTY_DATE_LINK.match(text, i, i + 720)) is not None:
            # "[](https://twitter.com/…/status/…)": the date link of a page that left its
            # label empty, kept by Markdown renderers on the attribution's next line
            return None, empty.end(), empty.group(1)
        return None, pos, None
    end = span.end
    url: str | None = None
    if bracket:
        # html2text wraps long lines, also inside "[November 18,\n> 2019](url)"
        md = _MD_LINK_WRAPPED.match(text, i, min(len(text), i + 700))
        if md is not None:
            url = md.group(2)
            end = md.end()
    elif number is not None:
        url = lynx_references(text, index).get(number)
    else:
        # "July 1, 2025 https://twitter.com/…/status/…" or "(https://…)" right after the date
        after = text[end : end + 1]
        link = (
            _LINK_AFTER_DATE.match(text, end, min(len(text), end + 260))
            if after and after in _LINK_AFTER_DATE_FIRST
            else None
        )
        if link is not None and link.end() <= index.line_end(end):
            url = link.group("url")
            end = link.end()
    return span, end, url


_EMPTY_DATE_LINK: Final = re.compile(
    rf"\[\]\(((?:{ARCHIVED_PREFIX})?{STATUS_URL}[^()\s]{{0,200}})\)"
)


def lynx_references(text: str, index: _lines.LineIndex) -> dict[str, str]:
    """The addresses of a lynx dump's numbered links, from its "References" list at the end
    (read once per text; empty for any other text)."""
    cached = index.cache.get("lynx")
    if isinstance(cached, dict):
        return cached
    found: dict[str, str] = {}
    at = text.rfind("\nReferences\n")
    if at != -1:
        for ref in _LYNX_REFERENCE.finditer(text, at):
            found[ref.group(1)] = ref.group(2)
    index.cache["lynx"] = found
    return found


_LYNX_REFERENCE: Final = re.compile(r"^ {0,8}(\d{1,5})\. (\S{1,2000})$", re.MULTILINE)


def _date_text(text: str, start: int, end: int) -> str:
    """The date as written, on one line: without html2text's line wraps and escapes."""
    written = text[start:end]
    if "\n" in written:
        written = _WRAP_BREAK.sub(" ", written)  # "November 18,\n> 2019"
    if "\\" in written:
        written = _MD_ESCAPE.sub(group_one, written)  # "25\\. September 2018"
    return " ".join(written.split())


def _cleaned_date(text: str, begin: int) -> DateMatch | None:
    """A date behind html2text's Markdown escapes (``27\\. August 2018``) or wrapped onto the
    next quote line (``November 18,\n> 2019``), mapped back to offsets in ``text``."""
    window = text[begin : begin + 120]
    if "\n" not in window and "\\" not in window:
        return None
    kept: list[int] = []  # offsets in ``window`` of the characters the cleaned text keeps
    pieces: list[str] = []
    last = 0
    for brk in _WRAP_OR_ESCAPE.finditer(window):
        pieces.append(window[last : brk.start()])
        kept.extend(range(last, brk.start()))
        if brk.group(0).startswith("\\"):
            pieces.append(brk.group(0)[1:])  # the escaped character itself
            kept.append(brk.start() + 1)
        else:
            pieces.append(" ")
            kept.append(brk.start())
        last = brk.end()
    pieces.append(window[last:])
    kept.extend(range(last, len(window)))
    found = match_date("".join(pieces), 0)
    if found is None:
        return None
    return DateMatch(
        found.date, begin + kept[found.start], begin + kept[found.end - 1] + 1, found.lang
    )


# "July 1, 2025 https://twitter.com/…/status/…", "<https://…>" or "(https://…)" after a date
_LINK_AFTER_DATE: Final = re.compile(
    rf"[ \t]*(?:(?P<open>[(<])|>[ \t]*)?(?P<url>{STATUS_URL}[^\s<>()]{{0,200}})(?(open)[)>])[ \t]*"
)
_LINK_AFTER_DATE_FIRST: Final = frozenset(" \t(<>h")  # (what a match opens with)
_WRAP_BREAK: Final = re.compile(r"[ \t]*\n[ \t]*(?:>[ \t]?){1,8}")
_WRAP_OR_ESCAPE: Final = re.compile(f"{_WRAP_BREAK.pattern}|{_MD_ESCAPE.pattern}")
# a Markdown link whose label html2text may have wrapped over quote lines
_MD_LINK_WRAPPED: Final = re.compile(r"\[([^\[\]]{0,400})\]\((https?://[^()\s]{1,500})\)")


def _rest_of_line_blank(text: str, index: _lines.LineIndex, pos: int) -> bool:
    # look at a bounded stretch only: on a 1 MB line, slicing to the line's end per anchor
    # would be quadratic
    return _BLANK_REST.match(text, pos, min(len(text), pos + 202)) is not None


_BLANK_REST: Final = re.compile(r"[ \t\u00a0\r\u200b]{0,200}(?:\n|\Z)")


def _tweet_evidence(text: str, lo: int, hi: int) -> bool:
    chunk = text[lo:hi]
    return "pic.twitter.com/" in chunk or "t.co/" in chunk or "pic.x.com/" in chunk


def _plausible_name(name: str) -> bool:
    name = name.strip()
    if len(name) > 80 or "\n" in name or "(@" in name:
        return False
    if len(name.split()) > 12:
        return False
    if "." not in name and ":" not in name and "!" not in name and "?" not in name:
        return True  # (what every match of _NOT_A_NAME holds)
    found = _NOT_A_NAME.search(name)
    while found is not None:
        if name[found.start()] != "." or not _abbreviation(name, found.start()):
            return False  # a link, or a sentence that ends and three more words
        found = _NOT_A_NAME.search(name, found.start() + 1)
    return True


def _abbreviation(name: str, stop: int) -> bool:
    """Whether the "." at ``stop`` ends an abbreviation ("Dr.", "U.S.", "Anthony S.")."""
    before = name[:stop].rsplit(None, 1)
    word = before[-1].lstrip("(\"'“‘") if before else ""
    return word.lower() in _ABBREVIATIONS or _INITIALS.fullmatch(word) is not None


def _clean_name(name: str) -> str | None:
    if "\\" in name:
        name = _MD_ESCAPE.sub(group_one, name)  # Markdown renderers escape "*" and "_" in names
    if "[" in name:
        name = LINK_NUMBER.sub("", name)  # lynx -dump: "A post shared by [25]Alejandra Guzmán"
    return tidy_name(name)


def tidy_name(name: str) -> str | None:
    """An author name on one line, without direction marks, a quote marker a renderer wrapped
    into it, or the honorific "さん"."""
    name = " ".join(name.split()).strip(" " + MARKS)
    while name.startswith(">"):
        name = name[1:].lstrip(" " + MARKS)  # "A post shared by\n> Manuela Reimann"
    name = unmangled(name)
    if name.endswith("さん"):
        name = name[: -len("さん")]
    return name or None


# Between the words: spaces (&nbsp; before the date), none before a Markdown link
# (trafilatura: "Posted by[Name](…)"), or a line break where a renderer puts each link on its
# own line (BeautifulSoup get_text("\n"): "Posted by" / "Name" / "on" / date) or wraps (html2text)
_FB_GAP: Final = r"(?:[ \t\u00a0]*\n[ \t>\u00a0]*|[ \t\u00a0]+)"
# (the name's line breaks take their indentation possessively: a line's spaces could otherwise
# also be the name's own characters, and a line that opens nothing would be tried every way
# of splitting every indented line of the name's 120 characters, exponential in the lines)
_FACEBOOK_HEAD: Final = re.compile(
    r"(?:Posted by|Publicado por|Publié par|Publiée par|Gepostet von|Pubblicato da)"
    rf"(?:{_FB_GAP}|(?=\[))(?P<name>(?:[^\n]|\n[ \t>]{{0,8}}+){{1,120}}?){_FB_GAP}"
    rf"(?:on|en|em|le|am|il){_FB_GAP}(?:\[(?P<number>\d{{1,5}})\])?(?P<link>\[)?"
)


# Facebook's SDK writes the long date with its weekday first in the languages of the phrases
# above (en, es, pt, fr, de, it): "Monday, September 12, 2016", "Jueves, 12 de noviembre de 2020"
def _weekdays(*langs: str) -> str:
    """The weekday names of ``langs`` as regex alternatives, longest first ("Cumartesi" before
    "Cuma")."""
    names = {name for lang in langs for name in WEEKDAYS[lang].split("|")}
    return "|".join(sorted(names, key=lambda name: (-len(name), name)))


_FACEBOOK_WEEKDAY: Final = re.compile(
    rf"(?:{_weekdays('en', 'es', 'pt', 'fr', 'de', 'it')}),?\s", re.IGNORECASE
)
_FACEBOOK_PHRASES: Final = (
    "Posted by",
    "Publicado por",
    "Publié par",
    "Publiée par",
    "Gepostet von",
    "Pubblicato da",
)


def _facebook_phrases(text: str) -> tuple[list[str], bool]:
    """The phrases of Facebook's "Posted by NAME on DATE" line that occur in ``text``, and
    whether Mastodon's or Threads' "Post by @user" card does.

    Each ``in`` test is a full scan of the text, so the phrases that open with "P" are found by
    one regex scan, which sre runs as a search for that letter.
    """
    found = ["Gepostet von"] if "Gepostet von" in text else []
    # "ş" first: a one-character search that most pages fail fast (in a two-byte string it
    # looks for the byte of "_", where "paylaştı" costs a full search)
    if "ş" in text and _FACEBOOK_SHARED in text:
        found.append(_FACEBOOK_SHARED)
    seen: dict[str, None] = {}  # (in order of first occurrence)
    for match in _P_PHRASE.finditer(text):
        seen[match.group()] = None
        if len(seen) == len(_P_FORMS):
            break
    card = "Post by" in seen
    if "Posted by" in seen:
        found.append("Posted by")
    found += [phrase for phrase in seen if phrase not in ("Post by", "Posted by")]
    return found, card


_P_FORMS: Final = ("Post by", *(phrase for phrase in _FACEBOOK_PHRASES if phrase.startswith("P")))
# one literal letter first, then the rest: sre looks for the "P" as fast as str.find does
_P_PHRASE: Final = re.compile(
    "P(?:" + "|".join(re.escape(form[1:]) for form in sorted(_P_FORMS, key=len, reverse=True)) + ")"
)
# Turkish names the page first and ends the date with its weekday:
# "Cem Yılmaz paylaştı: 9 Ocak 2017 Pazartesi"
_FACEBOOK_SHARED: Final = "paylaştı"
_SHARED_TAIL: Final = re.compile(
    rf"paylaştı:?(?:{_FB_GAP})?(?:\[(?P<number>\d{{1,5}})\])?(?P<link>\[)?"
)
_TURKISH_WEEKDAYS: Final = _weekdays("tr")
_TURKISH_WEEKDAY_END: Final = re.compile(rf"(?:{_TURKISH_WEEKDAYS})$")
# (after the date: glued, a space, or html2text's wrap onto the next quote line)
_TURKISH_WEEKDAY: Final = re.compile(
    rf"(?:{_WRAP_BREAK.pattern}|[ \t\u00a0]?)(?:{_TURKISH_WEEKDAYS})"
)
# the page's name as a Markdown link right before the verb: "[Cem Yılmaz](…) paylaştı:"
_LINKED_NAME_END: Final = re.compile(
    r"\[([^\[\]\n]{1,120})\]\(https?://[^()\s]{1,500}\)[ \t\u00a0]*$"
)
MAX_NAME_WORDS: Final = 6
MAX_NAME_CHARS: Final = 60


def _facebook_attributions(
    text: str, index: _lines.LineIndex, phrases: list[str]
) -> list[_Attribution]:
    """The "Posted by NAME on DATE" lines of Facebook's embed (localized, the date opening with
    its weekday); on their own line or run into the text around them, the name and the date
    perhaps Markdown links (the date's to the post)."""
    found: list[_Attribution] = []
    # phrases that open no attribution are paid from a budget, as rejected "(@" anchors are;
    # a real page holds a few such phrases, and each costs more to reject than an anchor
    budget = max(REJECTED_PHRASE_FLOOR, len(text) // REJECTED_PHRASE_SPACING)
    for phrase in phrases:
        read = (
            _facebook_attribution_name_first
            if phrase == _FACEBOOK_SHARED
            else _facebook_attribution
        )
        pos = text.find(phrase)
        while pos != -1:
            attribution = read(text, index, pos)
            if attribution is not None:
                found.append(attribution)
            else:
                budget -= 1
                if budget <= 0:
                    logger.warning(
                        "parse_text: too many %r open no Facebook attribution; stopped at %d",
                        phrase,
                        pos,
                    )
                    return found
            pos = text.find(phrase, pos + len(phrase))
    return found


def _facebook(
    text: str,
    *,
    line_start: int,
    start: int,
    end: int,
    name: str,
    date: DateMatch,
    date_text: str,
    url: str | None,
) -> _Attribution:
    """A Facebook line's attribution: a page's name and a date (``date_text`` as written,
    the weekday a glued page needed included), no handle."""
    return _Attribution(
        platform=Platform.FACEBOOK,
        start=start,
        end=end,
        line_start=line_start,
        name=_clean_name(name),
        handle=None,
        date_text=date_text,
        date_value=date.date,
        url=url,
        quoted=text[line_start : line_start + 16].lstrip().startswith(">"),
    )


def _facebook_attribution_name_first(
    text: str, index: _lines.LineIndex, pos: int
) -> _Attribution | None:
    """Facebook's Turkish line, ``NAME paylaştı: DATE``: on its own line, split over three lines
    (a renderer's line per link), run into the text, or with Markdown links."""
    tail = _SHARED_TAIL.match(text, pos, min(len(text), pos + 40))
    if tail is None:
        return None
    begin = tail.end()
    date = match_date(text, begin) or _cleaned_date(text, begin)
    if date is None or date.lang != "tr":
        return None
    end = date.end
    url = lynx_references(text, index).get(tail.group("number")) if tail["number"] else None
    date_text = _date_text(text, date.start, date.end)
    if _TURKISH_WEEKDAY_END.search(date_text) is None:
        # Facebook's date always ends with its weekday; a page run together without spaces
        # glues the next word to it ("9 Ocak 2017 PazartesiGösteri"), which the date does not take
        weekday = _TURKISH_WEEKDAY.match(text, end)
        if weekday is None:
            return None
        end = weekday.end()
        date_text = _date_text(text, date.start, end)
    if tail.group("link"):
        link = _MD_LINK_WRAPPED.match(text, begin - 1, min(len(text), begin + 700))
        if link is None:
            return None
        end, url = link.end(), link.group(2)
    named = _name_before(text, index, pos)
    if named is None:
        return None
    start, name, own_line = named
    if own_line and not _rest_of_line_blank(text, index, end):
        return None  # a line of its own ends with the date, as with "Posted by"
    line_start = index.line_start(start)
    return _facebook(
        text,
        line_start=line_start,
        start=start,
        end=end,
        name=name,
        date=date,
        date_text=date_text,
        url=url,
    )


def _name_before(text: str, index: _lines.LineIndex, pos: int) -> tuple[int, str, bool] | None:
    """The page name that ends right before ``pos``: where it starts, the name, and whether it
    opens its line. A verb that opens its line takes the line above as the name."""
    line_start = index.line_start(pos)
    lead_start = max(line_start, pos - 200)  # (bounded: a page flattened to one line)
    lead = text[lead_start:pos]
    if not lead.strip(" \t>\u00a0"):
        above = index.prev_line_start(line_start)
        if above is None:
            return None
        lead_start = max(above, line_start - 201)
        lead = text[lead_start : line_start - 1]
    linked = _LINKED_NAME_END.search(lead)
    if linked is not None:
        start = lead_start + linked.start()
        name = linked.group(1)
    else:
        content = lead.rstrip(" \t\u00a0")
        stripped = content.lstrip(" \t>\u00a0")
        if stripped.startswith("[") and LINK_NUMBER.match(stripped):
            stripped = LINK_NUMBER.sub("", stripped, count=1)  # lynx: "[8]Cem Yılmaz paylaştı"
            index.cache["numbered"] = True
        words = stripped.split()
        if (
            words
            and len(words) <= MAX_NAME_WORDS
            and len(stripped) <= MAX_NAME_CHARS
            and _plausible_name(stripped)
        ):
            name = stripped  # the whole line: a name may hold lower-case words
        else:
            # run into the text: its capitalized last words ("…/cmylmz/Cem Yılmaz")
            name = _capitalized_tail(words)
        if not name:
            return None
        start = lead_start + len(content) - len(name)
    if not _plausible_name(name) or not name[:1].isupper():
        return None
    # (a bounded slice: on a page flattened to one line, the line starts far back)
    line_start = index.line_start(start)
    own_line = start - line_start <= 16 and not text[line_start:start].strip(" \t>\u00a0")
    return start, name, own_line


def _capitalized_tail(words: list[str]) -> str:
    """The capitalized words that end ``words`` (at most ``MAX_NAME_WORDS``); the last one may
    be glued to what comes before it (``…/cmylmz/Cem``)."""
    kept: list[str] = []
    for word in reversed(words[-MAX_NAME_WORDS:]):
        if word[:1].isupper():
            kept.append(word)
            continue
        glued = next(
            (
                i
                for i in range(len(word) - 1, 0, -1)
                if word[i].isupper() and not word[i - 1].isalpha()
            ),
            None,
        )
        if glued is not None:
            kept.append(word[glued:])
        break
    return " ".join(reversed(kept))


def _facebook_attribution(text: str, index: _lines.LineIndex, pos: int) -> _Attribution | None:
    head = _FACEBOOK_HEAD.match(text, pos, min(len(text), pos + 400))
    if head is None:
        return None
    begin = head.end()
    if _FACEBOOK_WEEKDAY.match(text, begin) is None:
        return None  # "Posted by Admin on March 3, 2020": a blog's byline, not Facebook's
    date = match_date(text, begin) or _cleaned_date(text, begin)
    if date is None:
        return None
    end, url = date.end, None
    if head.group("link"):
        link = _MD_LINK_WRAPPED.match(text, begin - 1, min(len(text), begin + 700))
        if link is None:
            return None
        end, url = link.end(), link.group(2)
    elif head.group("number"):  # lynx -dump: the date's link is in the list of references
        url = lynx_references(text, index).get(head.group("number"))
    name = head.group("name")
    if "\n" in name:
        name = _WRAP_BREAK.sub(" ", name)
    if "](" in name:
        name = _MD_LINK_WRAPPED.sub(group_one, name)
    if "[" in name and LINK_NUMBER.search(name):
        name = LINK_NUMBER.sub("", name)  # lynx -dump: "Posted by [1]Joseph Romm on [2]…"
        index.cache["numbered"] = True
    name = name.strip().strip("[]")
    if not _plausible_name(name):
        return None
    line_start = index.line_start(pos)
    # (bounded slices: on a page flattened to one line, the line starts far back)
    opens_line = pos - line_start <= 16 and not text[line_start:pos].strip(" \t>\u00a0")
    if opens_line and not _rest_of_line_blank(text, index, end):
        # on a line of its own, the embed's line ends with its date; a blog's byline goes on
        # ("… on Monday, March 2, 2020 in News | 3 comments"). Run into the text (a page
        # flattened to one line), the date may be followed by anything.
        return None
    return _facebook(
        text,
        line_start=line_start,
        start=pos,
        end=end,
        name=name,
        date=date,
        date_text=_date_text(text, date.start, date.end),
        url=url,
    )
