"""Where the quoted text of a flattened embed starts and ends, and how it reads.

The attribution line (found by ``_attribution``) ends an embed; the post is the run of lines
above it. This module walks that run: exactly for html2text ``> `` quotes, on evidence for
everything else (see docs/detection.md, "Where the quoted text starts"). It also cleans the
lines into the ``text`` field, measures a post's length the way the platform counts it, and
decides whether the platform cut it with "…".
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from typing import TYPE_CHECKING, Final

from embedarchive.detect import _language, _lines, _scripts
from embedarchive.detect._mojibake import unmangled
from embedarchive.detect.dates import match_date
from embedarchive.models import Platform
from embedarchive.platforms import original_url

if TYPE_CHECKING:  # the attribution module imports this one
    from embedarchive.detect._attribution import _Attribution

# A tweet shows at most 280 characters (URLs count 23); long posts are cut near 280 with "…".
# Renderers add display URLs and split words, so allow some slack before calling a block too long.
MAX_BODY_WEIGHT: Final = 330
MAX_BODY_LINES: Final = 14
# Instagram lets a caption run to 2,200 characters: where a renderer's indentation delimits the
# quote, the caption is read up to that (over at most this many wrapped lines)
CAPTION_WEIGHT: Final = 2200
CAPTION_LINES: Final = 60
# Below this weight a trailing "…" is more likely the author's own than the platform's cut.
TRUNCATION_MIN_WEIGHT: Final = 200
_ATTRIBUTION_LINE: Final = re.compile(r"(?:^|[\s>])[—–―-]{1,2}\s?[^\n]{0,100}\(@[^\s()]{1,100}\)")
_TRAILING_MEDIA: Final = re.compile(
    r"\s{0,20}(?:https?://t\.co/\w{1,20}|pic\.(?:twitter|x)\.com/\w{1,20})$"
)
# a label may hold escapes and one level of brackets ("[[image or embed]](…)", Bluesky's
# media link, "[\\[image or embed\\]](…)" escaped); each alternative opens with its own character
_MD_LINK: Final = re.compile(
    r"\[((?:[^\[\]\n\\]|\\[^\n]|\[[^\[\]\n]{0,100}\]){0,400})\]\((https?://[^()\s]{1,500})\)"
)
_MD_AUTOLINK: Final = re.compile(r"<(https?://[^<>\s]{1,500})>")
_MD_ESCAPE: Final = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~])")  # ("\\<" from pandoc)


def group_one(match: re.Match[str]) -> str:
    """A match's first group: what ``pattern.sub(r"\\1", …)`` puts in place of the match, for
    patterns whose first group always takes part in a match.

    (Given a template string, ``sub`` hands it to the ``re`` module's Python code on every
    call, even when nothing matches; a function is called only per match.)"""
    return match.group(1)


# An X status URL up to its id (what follows is matched by each pattern that uses it)
STATUS_URL: Final = r"https?://(?:(?:www|mobile|m)\.)?(?:twitter|x)\.com/[A-Za-z0-9_#!/]{1,40}/status(?:es)?/\d{1,20}"
# A status URL alone on its line (an auto-embed), bare, in "<…>", or as the label of a Markdown
# link to an address of its own (html2text writes "[url](href)" when the href differs from the
# label: tracking parameters, an archived copy's address)
_STATUS_LINE: Final = re.compile(
    rf"[ \t>]*(?:\[({STATUS_URL}[^\s<>\[\]]{{0,200}})\]\(https?://[^()\s]{{1,500}}\)"
    rf"|<?({STATUS_URL}[^\s<>]{{0,200}})>?)[ \t]*"
)
_INSTAGRAM_HEADER: Final = re.compile(
    r"(?:View this post on Instagram|Sieh dir diesen Beitrag auf Instagram an|"
    r"Voir cette publication sur Instagram|Ver esta publicación en Instagram|"
    r"Visualizza questo post su Instagram|Ver essa publicação no Instagram|"
    r"Bekijk dit bericht op Instagram|Zobacz ten post na Instagramie)",
    re.IGNORECASE,
)
# Page furniture that sits next to embeds: captions, credits, "see also" links, table rules.
_BOILERPLATE: Final = re.compile(
    r"(?:photo|image|picture|foto|bild|credit|source|quelle|see also|related|read more|"
    r"article content|advertisement|anzeige|werbung|merken|lire aussi|ver también|leia também)"
    r"\b[^\n]{0,80}$|\|[-: |]{3,}\|?$|\|.{0,300}\|$"
    r"|id:?[ \t]*\d{4,15}$"  # an image's id under it ("ID: 10022662", BuzzFeed)
    # a photo caption ending in its agency's credit: "… following the news [GETTY]"
    r"|.{0,300}[\[(](?:getty(?: images)?|reuters|afp|ap|pa(?: wire)?|epa|alamy|shutterstock|"
    r"rex|ani|pti|dpa)[\])]$",
    re.IGNORECASE,
)
# What a line matching _BOILERPLATE opens with (one of its words, or a table's "|") unless it
# ends with an agency credit: a one-character test that rules out most lines first.
_BOILERPLATE_START: Final = re.compile(r"[pifbcsqrawmlv|]", re.IGNORECASE)


def _boilerplate(content: str) -> bool:
    if content[-1:] not in ")]" and _BOILERPLATE_START.match(content) is None:
        return False
    return _BOILERPLATE.match(content) is not None


_CAPTION_LABEL: Final = re.compile(
    r"(?:image|photo|picture|video|foto|bild|see also|related|read more|lire aussi|"
    r"mehr zum thema|ver también|leia também)\s?:",
    re.IGNORECASE,
)
_LIST_NUMBER: Final = re.compile(r"#?\d{1,3}\\?[.:)]?")  # ("1\\." escaped in Markdown)
LIST_NUMBER_LENGTH: Final = 6  # (the longest it matches)
_MD_HEADING: Final = re.compile(r"#{1,6}[ \t]")
_NUMBERED_HEADING: Final = re.compile(r"\d{1,3}\\?[.)][ \t]+[^.!?:…\n]{1,60}")
# "as follows" (ja, zh): a sentence that says so introduces what comes below it, with a colon
# or a full stop
_AS_FOLLOWS_WORDS: Final = "次のように|以下のように|如下"
_LEAD_IN: Final = re.compile(
    r"\b(?:tweet\w*|twitter|wrote|writes|posted|posts|said|says|added|replied|"
    r"here(?:'s|’s| is| are)|below|following|receipts|tuite\w*|tuit\w*|escribi\w*|"
    r"publicó|schrieb|twitterte|postete|a écrit|a tweeté|écrit|scrive|ha scritto|"
    r"escreveu|publicou|"
    # nl, ca, pl, cs, sv/da/nb, tr, id, ru, uk
    r"schreef|twitterde|va escriure|va piular|napisał\w*|napsal\w*|skrev|yazdı|paylaştı|"
    r"menulis|mencuit|cuit\w*|написал\w*|пишет|заявил\w*|твитнул\w*|написав|пише|"
    r"заявив)\b"
    # ja, zh, ko: no word boundaries
    r"|投稿|ツイート|つぶやい|書き込|写道|发推|推文|트윗|올렸|썼다|" + _AS_FOLLOWS_WORDS,
    re.IGNORECASE,
)
# a lead-in's colon, ASCII or full-width (Chinese, Japanese)
_COLONS: Final = (":", "：")
_AS_FOLLOWS: Final = re.compile(_AS_FOLLOWS_WORDS)


def _quoted_body(
    text: str, index: _lines.LineIndex, attribution: _Attribution, floor: int
) -> tuple[int, list[str]]:
    """html2text style: the body is the run of "> " lines above the attribution."""
    lines: list[str] = []
    start = attribution.line_start
    content_start = start + _lines.marker_width(text, start, attribution.start)
    glued_from = max(floor, attribution.start - 3 * MAX_BODY_WEIGHT, content_start)
    glued = text[glued_from : attribution.start]
    if glued.strip():
        lines.append(glued)
        if glued_from > content_start:
            # cut by the previous embed's end (two attributions on one line) or by the length
            # a post can have: the body opens where the cut left it, not at the line's start
            start = glued_from + len(glued) - len(glued.lstrip())
    weight = 0
    pos = attribution.line_start
    count = 0
    own = _QUOTE_MARKER.match(text, start, min(len(text), start + 40))
    depth = own.group(0).count(">") if own else 1
    while count < MAX_BODY_LINES * 3:
        prev = index.prev_line_start(pos)
        if prev is None or prev < floor:
            break
        raw = text[prev : pos - 1]  # (the line above ends at the newline before ``pos``)
        marker = _QUOTE_MARKER.match(raw)
        if marker is None or marker.group(0).count(">") < depth:
            break  # the end of the quote, or an outer quote the post was nested in
        stripped = raw[marker.start(1) :]
        content = raw[marker.end() :].rstrip()
        if content and lines and lines[-1] and not raw.endswith("  "):
            # html2text wraps long lines (a hard break ends in two spaces): one line again
            joiner = "" if content.endswith("-") and content[-2:-1].isalpha() else " "
            merged = content + joiner + lines[-1]
        else:
            merged = None
        line = merged if merged is not None else content
        if _is_attribution_line(content):
            break  # the previous embed
        if "nstagram" in line and _INSTAGRAM_HEADER.search(line):
            if merged is not None:
                lines.pop()  # the header's own wrapped tail
            break  # "[View this post on Instagram](…)" above a caption
        weight += _weight(content)
        if weight > MAX_BODY_WEIGHT * 2:
            break
        if merged is not None:
            lines[-1] = merged
        else:
            lines.append(content)
        pos = prev
        start = prev + (len(raw) - len(stripped))
        count += 1
    lines.reverse()
    while lines and not lines[0].strip():
        lines.pop(0)
    return start, lines


def _indented_body(
    text: str, index: _lines.LineIndex, attribution: _Attribution, floor: int
) -> tuple[int, list[str]] | None:
    """Layout-keeping renderers (inscriptis) indent a blockquote deeper than the article.

    When the attribution line is indented and the lines above it share exactly its indentation
    (blank lines between paragraphs allowed) up to a line indented less, those lines are the
    post. Returns None when the layout says nothing (no indentation, or the article's prose
    shares it).
    """
    line_start = attribution.line_start
    depth = _lines.indent_width(text, line_start, attribution.start)
    if depth == 0 or attribution.start - line_start != depth:
        return None
    lines: list[str] = []
    weight = 0
    start = attribution.start
    pos = line_start
    numbered = index.cache.get("numbered") is True  # a lynx dump: read lines without them
    # where the indentation closes the quote below too (the article goes on less indented), it
    # delimits the quote: an Instagram caption may then be as long as Instagram lets it be
    caption = attribution.platform == Platform.INSTAGRAM and _dedented_below(
        text, index, attribution.end, depth
    )
    most, most_lines = (
        (CAPTION_WEIGHT, CAPTION_LINES) if caption else (MAX_BODY_WEIGHT, MAX_BODY_LINES)
    )
    while len(lines) < most_lines:
        prev = index.prev_line_start(pos)
        if prev is None or prev < floor:
            return None
        end = pos - 1  # the newline before ``pos`` ends the line above
        raw = text[prev:end]
        pos = prev
        content = raw.strip()
        if numbered and "[" in content:
            content = LINK_NUMBERS.sub("", content).strip()
        if not content:
            continue
        width = _lines.indent_width(text, prev, end)
        if width < depth:
            if width + 2 == depth and content.startswith(_LIST_BULLETS):
                # a list item holds the quote: its first line hangs the bullet in front of the
                # column the rest shares ("    • first line" / "      — Name …")
                weight += _weight(content)
                if weight > most:
                    return None
                lines.append(content[2:].lstrip())
                start = prev + width + 2 + len(content[2:]) - len(content[2:].lstrip())
            break  # the article around the quote
        if width > depth or _is_attribution_line(content) or _is_date_only(content):
            return None
        if "nstagram" in content and _INSTAGRAM_HEADER.fullmatch(content):
            break  # "View this post on Instagram" opens the embed (w3m indents it with the rest)
        weight += _weight(content)
        if weight > most:
            return None
        lines.append(content)
        start = prev + width
    if not lines:
        return None
    lines.reverse()
    return start, lines


def _dedented_below(text: str, index: _lines.LineIndex, end: int, depth: int) -> bool:
    """Whether the first line with text below ``end`` (a few blank lines allowed) is indented
    less than ``depth``, or the text ends: the quote closes there. A renderer that indents all
    of the article's prose (lynx) goes on at the same depth."""
    pos = index.next_line_start(end)
    for _ in range(MAX_BLANKS_BELOW + 1):
        if pos is None:
            return True
        stop = index.line_end(pos)
        if text[pos:stop].strip():
            return _lines.indent_width(text, pos, stop) < depth
        pos = index.next_line_start(pos)
    return False


def _words(sentence: str) -> int:
    return sum(1 for word in sentence.split() if any(c.isalnum() for c in word))


def _last_lead_in(segment: str) -> int:
    """Where the text after the last lead-in of ``segment`` starts (0: none). A lead-in is a
    sentence ending in a colon that says it introduces something ("Trump's tweet:", "Here's a
    clip of her walking in:") or runs on from the sentence before ("and John McCain:"); a colon
    before a bare link or a list is the post's own, and so is one after a sentence that says
    nothing of the kind (one post in 25 has such a colon: "How iOS 13 FaceTime works: it …")."""
    found = 0
    sentence_start = 0
    for boundary in _SENTENCE_BOUNDARY.finditer(segment):
        stop = segment.rfind(":", boundary.start(), boundary.end())
        if stop != -1 and _OWN_AFTER_COLON.match(segment, boundary.end()) is None:
            sentence = segment[sentence_start : stop + 1].strip()
            if _LEAD_IN.search(sentence) or sentence[:1].islower():
                found = boundary.end()
        sentence_start = boundary.end()
    return found if segment[found:].strip() else 0


_OWN_AFTER_COLON: Final = re.compile(
    r"\s*(?:https?://|pic\.(?:twitter|x)\.com/|[-•*] |[a-h1-9][.)] )"
)


def _limit_date(attribution: _Attribution) -> dt.date | None:
    """The date whose character limit bounds the post (X posts only; None: no known limit)."""
    if attribution.platform != Platform.TWITTER:
        return None
    return attribution.date_value


def _too_long(segment: str, date: dt.date | None) -> bool:
    """Whether ``segment`` is longer than an X post of ``date`` can be.

    X allowed 140 characters until 2017-11-07 and 280 since (longer posts are cut near 280
    with "…" in embeds). Links count 23; since 2016-09-19 attached media (pic.twitter.com)
    and a quoted post's link count nothing, and since 2017-03-30 neither do the @mentions a
    reply opens with. A little slack covers what renderers add (a space before a link).
    """
    if date is None:
        return False
    weight = _weight(segment)
    if date >= MEDIA_FREE:
        weight -= 23 * (segment.count("pic.twitter.com/") + segment.count("pic.x.com/"))
        if "t.co/" in segment:
            weight -= 23  # (perhaps a quoted post's link)
    if date >= MENTIONS_FREE:
        opening = _OPENING_MENTIONS.match(segment)
        if opening is not None:
            weight -= opening.end()
    return weight > _limit(date)


def _limit(date: dt.date) -> int:
    """The most a post of ``date`` may weigh, with the slack."""
    return (140 if date < LIMIT_280 else 280) + LIMIT_SLACK


MEDIA_FREE: Final = dt.date(2016, 9, 19)
MENTIONS_FREE: Final = dt.date(2017, 3, 30)
LIMIT_280: Final = dt.date(2017, 11, 7)
LIMIT_SLACK: Final = 10
_OPENING_MENTIONS: Final = re.compile(r"\s*(?:\.?@\w{1,15}\s+){1,50}")


def _post_sentences(segment: str, date: dt.date | None = None) -> int:
    """Where the post starts in a long line that ends with it (``get_text(" ")`` renderings).

    Sentence by sentence from the end: the last one is the post's; one before it joins when it
    carries tweet marks (mentions, tags, links, emoji), when the sentence after it opens in lower
    case, or while the post stays short (most posts run over one sentence, article sentences
    are longer); a lead-in ending in ":", another language or an unmarked sentence ends the
    post, and so does its length.
    """
    cut = max(0, len(segment) - MAX_BODY_WEIGHT)
    space = segment.find(" ", cut)
    floor = space + 1 if space != -1 and cut else cut
    bounds = [m.end() for m in _SENTENCE_BOUNDARY.finditer(segment, floor)]
    bounds = [floor, *(b for b in bounds if b < len(segment.rstrip()))]
    start = bounds[-1]
    post_words: dict[str, int] | None = None  # function words of the post so far, by language
    for i in range(len(bounds) - 2, -1, -1):
        sentence = segment[bounds[i] : start].strip()
        if _too_long(segment[bounds[i] :], date):
            break  # longer than a post of its date can be
        if sentence.endswith(":") and len(sentence) > 40:
            break  # "… what the coach said about it:" introduces the post
        if _is_list_number(sentence) or _INSTAGRAM_HEADER.search(sentence):
            break  # "6." numbering a listicle's embeds, "View this post on Instagram"
        if not (_tweetish(sentence) or segment[start : start + 1].islower()):
            # a short sentence joins a short post, unless it introduces it ("Among the
            # responses:", but a label such as "BREAKING:" opens it) or is in another language
            if _weight(segment[bounds[i] :]) > SHORT_POST or (
                sentence.endswith(":") and _words(sentence) > 2
            ):
                break
            if post_words is None:
                post_words = _language.scores(segment[start:])
            sentence_words = _language.scores(sentence)
            if _language.differs(sentence_words, post_words):
                break
            _language.add(post_words, sentence_words)
        elif post_words is not None:
            _language.add(post_words, _language.scores(sentence))
        start = bounds[i]
    lone_period = start >= 2 and segment[start - 3 : start - 2] in " :"  # (or at the start)
    if lone_period and segment.startswith(". @", start - 2):
        start -= 2  # a lone "." before a mention opens the post: ".@user", seen by everyone
    return start


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
    words: dict[str, int] = {}  # function words of the body so far, by language
    line_start = attribution.line_start
    glued_from = max(floor, line_start, attribution.start - 3 * MAX_BODY_WEIGHT)
    glued_from += _lines.marker_width(text, glued_from, attribution.start)
    after_embed = floor > line_start and floor >= attribution.start - 3 * MAX_BODY_WEIGHT
    if after_embed:
        # right after the previous embed on its line (a page flattened to one line): a
        # listicle's number or a speaker's label there heads this embed ("… 2023 2. Wondering
        # who …", "… 2016 Ted Cruz: Ted Cruz's net worth …")
        heading = _GLUED_HEADING.match(text, glued_from, attribution.start)
        if heading is not None:
            glued_from = heading.end()
    list_item = text.startswith(_LIST_BULLETS, glued_from, attribution.start) and glued_from == (
        line_start + _lines.marker_width(text, line_start, attribution.start)
    )
    if list_item:
        glued_from += 2  # a list item holding the whole embed (trafilatura, Markdown)
    glued = text[glued_from : attribution.start]
    if "nstagram" in glued:
        header = _last_instagram_header(glued)
        if header is not None:
            # "View this post on Instagram   A post shared by …" glued on one line: the
            # header opens the embed, so the caption is what lies between the two, if anything
            caption = glued[header:]
            lead = len(caption) - len(caption.lstrip())
            return glued_from + header + lead, [caption.strip()] if caption.strip() else []
    weight = 0
    start = attribution.start
    date = _limit_date(attribution)
    if glued.strip():
        segment = glued
        offset = attribution.start - len(glued)
        # the last place where one block's sentence ran into the next block
        joint = max(_GLUED_BLOCKS.finditer(segment), key=lambda m: m.end(), default=None)
        if joint is not None and joint.end() >= 20:
            # "… pointed it out.Yes this is real …": markup flattened without separators
            # (lxml text_content, get_text("")) glues the post to the paragraph before it
            segment, offset = segment[joint.end() :], offset + joint.end()
            if not _too_long(segment, date):
                lines.append(segment.strip())
                return offset, lines
            # the paragraph's sentences ran on into the post: longer than a post can be
        long_line = _weight(segment) > MAX_BODY_WEIGHT
        lead_in = _last_lead_in(segment) if after_embed and not long_line else 0
        if lead_in:
            # between two embeds on one line: "… as she thought: @annapickard …" introduces
            # the post with a colon, and the post starts after it
            segment = segment[lead_in:]
            offset += lead_in
        if long_line or _too_long(segment, date):
            # A long merged line (a page flattened to one line), or more than a post of its
            # date can hold: keep the sentences at its end that can be one post.
            cut = _post_sentences(segment, date)
            segment = segment[cut:]
            offset += cut
            lines.append(segment.strip())
            return offset + (len(segment) - len(segment.lstrip())), lines
        lines.append(segment.strip())
        start = offset + (len(segment) - len(segment.lstrip()))
        weight = _weight(segment)
        _language.add(words, _language.scores(segment))
        if weight > MAX_BODY_WEIGHT * 0.8 or (list_item and lines[0]):
            return start, lines  # (the item's bullet opens the post: nothing above is in it)
    pos = attribution.line_start
    blank_delimited = False
    blanks_below = 0  # blank lines between the attribution and the post
    blanks_above = 0  # blank lines in a row above the post's lines, in the markup's whitespace
    crossed = False  # the walk crossed a blank line between paragraphs of the post
    top_indent = -1  # indentation of the post's top line read so far (-1: none read)
    below_blank = False  # the line below the current one is blank
    script = _scripts.line_script(lines[0]) if lines else None
    numbered = index.cache.get("numbered") is True  # a lynx dump: read lines without them
    while len(lines) < MAX_BODY_LINES:
        prev = index.prev_line_start(pos)
        if prev is None or prev < floor:
            break
        raw = text[prev : pos - 1]  # (the line above ends at the newline before ``pos``)
        content = raw.strip()
        if numbered and "[" in content:
            content = LINK_NUMBERS.sub("", content).strip()
        if not content:
            if raw and lines and not blank_delimited:
                pos = prev  # an indented empty line: a <br> inside the post (trafilatura)
                continue
            if lines and blanks_below > 1 and blanks_above < MAX_BLANKS_BELOW:
                # several blank lines under the post: the markup's own whitespace, which parts
                # nothing above the post either; the lines are read as a stripped rendering
                # reads them, each on its evidence
                blanks_above += 1
                pos = prev
                continue
            if lines and not below_blank and _paragraphs_around(text, attribution.line_start):
                # blank lines part every paragraph here, the post's own too: the line above
                # joins on the evidence a line break needs
                crossed = below_blank = True
                pos = prev
                continue
            if lines:
                opening = _opening_paragraph(text, index, prev, floor, weight=weight, script=script)
                if opening is not None:
                    # "#FRAITA 29è 2-0" or "🇺🇦 FT: …" + blank line + the rest of the post
                    start, first = opening
                    lines.append(first)
                break  # a blank line above the body ends the post
            # One blank line between post and attribution marks a paragraph-delimited
            # rendering, where the paragraph is the post. Several come from the markup's own
            # whitespace (get_text("\n") without strip, selectolax): they part nothing, and the
            # walk goes on with the evidence of an undelimited text.
            blanks_below += 1
            if blanks_below > MAX_BLANKS_BELOW:
                break
            blank_delimited = blanks_below == 1
            pos = prev
            continue
        if (
            _is_attribution_line(content)
            or _is_date_only(content)
            or _is_list_number(content)
            or content.startswith(("```", "~~~"))  # a Markdown code fence around the embed
            or (content[:1] == "#" and _MD_HEADING.match(content) is not None)
            or ("nstagram" in content and _INSTAGRAM_HEADER.fullmatch(content))
            or ((len(content) <= 100 or "|" in content) and _boilerplate(content))
            or ("/status" in content and _STATUS_LINE.fullmatch(content))
        ):
            break
        indent = len(raw) - len(raw.lstrip())
        if (
            top_indent >= INDENT_DROP
            and indent == 0
            and len(lines[-1]) >= INDENTED_OPENING
            and not lines[-1][:1].islower()
        ):
            # a renderer that strips lines kept the quote's own indentation on the post's
            # opening paragraph (trafilatura): the flush line above it is the article's. (A
            # paragraph's source line wrapped at a link opens lower case; a text browser's
            # wrapped tail is short.)
            break
        line_weight = _weight(content)
        if weight + line_weight > MAX_BODY_WEIGHT or (
            lines
            and date is not None
            and weight + line_weight > _limit(date)
            and _too_long("\n".join([content, *reversed(lines)]), date)
        ):
            break  # longer than a post (of its date) can be
        if lines and content[:1].isdigit() and _numbered_heading(content, lines[-1]):
            break  # "5. Dating apps": a listicle's heading over its fifth embed
        if lines and _follows_label(text, index, prev):
            break  # "Image:" / "See also:" above this line: a caption or a link, not the post
        # an ASCII line under a Latin post is Latin (or too short to tell): skip the count
        line_script = (
            script if script == "latin" and content.isascii() else _scripts.line_script(content)
        )
        if script and line_script and line_script != script:
            break
        line_words = _language.scores(content) if line_script == "latin" else {}
        if lines and line_words and _language.differs(line_words, words):
            break  # the article's language above a post in another one (same script)
        if lines:
            if (
                content.endswith(_COLONS)
                and (_LEAD_IN.search(content, max(0, len(content) - 50)) or content[:1].islower())
                and not _lone_token(lines[-1])
            ):
                # "He wrote on X:" introduces the post and is not part of it (but "Read more:"
                # followed by a bare link is the post's own)
                break
            if content.endswith("。") and _AS_FOLLOWS.search(content):
                break  # "首相は次のように投稿した。": "posted as follows." leads in too
            if content.endswith(_SPACED_ELLIPSES) and len(content.split()) >= 4:
                break  # "Just in case you haven't seen it yet …" leads in like a colon
            if _sentence_end(lines[-1]) and content[-1:].isalpha() and not _lone_token(content):
                # "… in the journal Misinformation review" + ".": a lone period after a link's
                # words ends an article sentence (a post's own links are URLs, tags, mentions)
                break
            if (
                len(lines) > 1
                and content[-1:] in ".!?"
                and lines[-1][:1] in "#@"
                and lines[-2][:1] in ":-–—|"
                and _lone_token(lines[-1])
            ):
                # "… with two bodies." + "#QZ8501" + ": Search teams …": the tag opens the post
                break
            # "Thread:" may open a post, but a colon above a reply's "@user" introduces it
            if content[-1:] == ":" and _SPEAKER_LABEL.fullmatch(content):
                break  # "Ted Cruz:" labels the post below with a person's name
            opener = (
                content.endswith(":") and len(content) <= 100 and lines[-1].lstrip("[")[:1] != "@"
            )
            # across a blank line the line above is a paragraph of its own: a broken sentence
            # or a short line is no evidence there
            if not (
                (blank_delimited and not crossed)
                or opener
                or (not below_blank and _continues(content, lines[-1]))
                or _tweetish(content)
                # a sentence without final punctuation is rarely article prose
                or (
                    len(content) >= 25
                    and not _terminal_end(content)
                    and not _title_case(content)  # headlines and menu items have no period
                )
                or (
                    line_weight <= SHORT_PARAGRAPH
                    and not (below_blank and _article_sentence(content))
                    and weight + line_weight <= 280
                    and not index_fragmented(text, index, markup_blanks=blanks_below > 1)
                )
                or _below_post_opener(text, index, prev, floor)
                or (raw[-1:] == " " and not below_blank and _kept_break_space(text, prev, floor))
                # the costliest test last: it reads the article's language above the line
                or _foreign_like_post(
                    text,
                    prev,
                    floor,
                    line_script=line_script,
                    body_script=script,
                    line=line_words,
                    body=words,
                )
            ):
                break
        lines.append(content)
        below_blank = False
        blanks_above = 0
        weight += line_weight
        _language.add(words, line_words)
        script = script or line_script
        start = prev + indent
        top_indent = indent
        pos = prev
        if (
            content.endswith(":")
            and len(lines) > 1
            and content[:1] not in _CONTINUATION
            and not _lone_token(lines[-2])  # "WATCH LIVE:" + a link labels the link
        ):
            break  # a post may open with "Thread:"; nothing above such a line is the post
    start = _trim_top(text, index, lines, start, floor)
    lines.reverse()
    return start, lines


# trafilatura's indented opening paragraph: at least this much indentation, this many characters
INDENT_DROP: Final = 8
INDENTED_OPENING: Final = 60


def _kept_break_space(text: str, line_start: int, floor: int) -> bool:
    """Whether the line at ``line_start`` ends with a space that only a line break inside a
    post explains: a renderer that strips its lines (trafilatura) keeps the space the post's
    author typed before a ``<br>``, and no line of the article above (down to the previous
    embed, ``floor``; one line at least) ends or starts with one."""
    window = text[max(floor, line_start - WHITESPACE_WINDOW) : line_start]
    if _kept_spaces(window) or "\t" in window:
        return False  # (a renderer that keeps the markup's whitespace: the space says nothing)
    return window.find("\n", 0, len(window) - 1) != -1  # (a whole line above to tell by)


def _trim_top(text: str, index: _lines.LineIndex, lines: list[str], start: int, floor: int) -> int:
    """Take back what the walk read above the post (``lines`` run bottom-up and are trimmed in
    place); returns where the body starts then."""
    if len(lines) > 1 and _sentence_end(lines[-1]) and lines[-2][:1] not in "@#":
        # the walk stopped above a lone "." that ends the sentence above it, not the post's
        lines.pop()
        start = index.next_line_start(start) or start
        start += _lines.indent_width(text, start, index.line_end(start))
    if len(lines) > 1 and _BULLET.match(lines[-1]):
        start = _drop_article_list(text, index, lines, start, floor)
    if (
        lines
        and lines[-1].startswith(_LIST_BULLETS)
        and not any(line.startswith(_LIST_BULLETS) for line in lines[:-1])
    ):
        # the page's list item holds the embed ("- first line" / "rest" / "— Name …"): a
        # bullet on the post's first line alone is the page's, not the post's
        stripped = lines[-1][2:].lstrip()
        start += len(lines[-1]) - len(stripped)
        lines[-1] = stripped
    return start


def _drop_article_list(
    text: str, index: _lines.LineIndex, lines: list[str], start: int, floor: int
) -> int:
    """Drop the list items at the top of ``lines`` (bottom-up) when an article's lead-in that
    the walk did not take introduces them (``… came about like this:`` over ``- item`` lines)
    and the post goes on below them: the list is the article's. Returns where the body starts
    then. (A post that is all list items, right under a lead-in, keeps them.)"""
    if _BULLET.match(lines[0]):
        return start
    above = index.prev_line_start(start)
    if above is not None and above >= floor and not text[above : start - 1].strip():
        above = index.prev_line_start(above)  # (one blank line in a paragraph document)
    if (
        above is None
        or above < floor
        or not text[above : index.line_end(above)].rstrip().endswith(":")
    ):
        return start
    items = 0
    while _BULLET.match(lines[-1 - items]):
        items += 1
    del lines[len(lines) - items :]
    # the body now opens at the first non-blank line below the items (lines[0] is one)
    pos: int | None = start
    while pos is not None and items >= 0:
        if text[pos : index.line_end(pos)].strip():
            items -= 1
            if items < 0:
                break
        pos = index.next_line_start(pos)
    if pos is None:
        return start
    return pos + _lines.indent_width(text, pos, index.line_end(pos))


# A sentence end glued to the capital that opens the next block ("…it out.Yes this …"); a
# lower-case letter before the stop rules out abbreviations such as "U.S.A".
_GLUED_BLOCKS: Final = re.compile(r"[a-zà-ÿ][.!?…][\"”’]?(?=[A-ZÀ-Þ“])")
# The end of a sentence inside a line: a stop, then spaces (the next sentence starts after them).
_SENTENCE_BOUNDARY: Final = re.compile(r"[.!?…:。！？][\"”’»)]{0,2}\s+")
_LIST_BULLETS: Final = ("- ", "* ", "• ", "+ ")
_BULLET: Final = re.compile(r"(?:[-*•+·]|\d{1,2}\\?[.)])[ \t]")
# What a line that goes on with the sentence above opens with: a lower-case letter (links too),
# punctuation, a hashtag or mention
_CONTINUATION: Final = frozenset(
    "abcdefghijklmnopqrstuvwxyz" + "".join(map(chr, range(0xE0, 0x100))) + "ß#@.,;:!?)]|»”’…/-"
)
_LONE_TOKEN: Final = re.compile(r"[#@]\w{1,60}|(?:https?://|pic\.twitter\.com/)\S{1,200}")
# A document is "fragmented" (BeautifulSoup get_text("\n") style) when more than this share of
# its lines are lone links, tags, mentions or punctuation split off a sentence.
FRAGMENTED_SHARE: Final = 0.05
# Blank lines part every paragraph when at least this share of the line breaks in the
# PARAGRAPH_WINDOW characters above an attribution are in blank lines (trafilatura's Markdown:
# 0.95 as a median over whole pages; get_text("\n"): 0), among at least PARAGRAPH_MIN_LINES.
PARAGRAPH_SHARE: Final = 0.85
PARAGRAPH_MIN_LINES: Final = 8
PARAGRAPH_WINDOW: Final = 1500
_SPACES_LINE: Final = re.compile(r"\n[ \t\u00a0]+(?=\n)")  # a line of spaces: markup whitespace
# On a page flattened to one line, sentences join a post while it weighs up to this.
SHORT_POST: Final = 140
# Blank lines between an attribution and its post beyond this many end the walk with no body.
MAX_BLANKS_BELOW: Final = 8
# In unfragmented text, a short line (weight up to this) above the post may be one of its
# paragraphs when the whole still fits in a post; in a paragraph document, also across a blank
# line, unless it reads like an article's sentence (a post's short paragraphs rarely do).
SHORT_PARAGRAPH: Final = 60
# How much text above a line tells the article's language (see _foreign_like_post).
CONTEXT: Final = 800
_DIGITS: Final = re.compile(r"\d+")
_ITEM_BULLETS: Final = "-•・*▪️📌✅👉"  # ("-" first: a literal in the class below)
_LIST_ITEM: Final = re.compile(rf"(\(\d{{1,2}}\)|\d{{1,2}}[.)]|[a-h]\)|[{_ITEM_BULLETS}])\s?\S")
# what a list item opens with, digits aside
_ITEM_FIRST: Final = frozenset("(abcdefgh" + _ITEM_BULLETS)
_TOKEN_START: Final = re.compile(r"[#@]\w|https?://|pic\.(?:twitter|x)\.com/")
# what a link, hashtag or mention opens with
_TOKEN_FIRST: Final = frozenset("#@hp")
_TAG_OPENS_SENTENCE: Final = re.compile(
    r"[#@]\w{1,60}:? +(?!https?://|pic\.(?:twitter|x)\.com/)[^\s#@]"
)
_FRAGMENT: Final = re.compile(r"[^\w\s]{1,3}")
_QUOTE_MARKER: Final = re.compile(r"[ \t]*(?:[*+\-][ \t]+)?(>)[> \t]*")
_TERMINAL_END: Final = re.compile(r"[.!?。！？…\"”»:)]$")
_TERMINAL: Final = frozenset('.!?。！？…"”»:)')


def _terminal_end(line: str) -> bool:
    """``_TERMINAL_END.search(line)``, read off the last character (the pattern's class, tried
    at every position, costs a pass over the line)."""
    last = line[-1:]
    return last in _TERMINAL or (last == "\n" and line[-2:-1] in _TERMINAL)


_EMOJI_CLASS: Final = r"[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF]"
_EMOJI: Final = re.compile(_EMOJI_CLASS)
_TWEETISH: Final = re.compile(
    r"(?:^|[\s(\[])[@#][^\W\d][\w]{0,30}|t\.co/\w|pic\.(?:twitter|x)\.com/|" + _EMOJI_CLASS
)
# A line that is only a link, tag, mention or punctuation split off a sentence. The pattern opens
# with the newline before the line: a literal first character lets the regex engine skip to the
# next line at C speed instead of trying every offset (the first line is tested on its own).
_FRAGMENT_BODY: Final = (
    r"[ \t]*(?:[#@]\w{1,60}|https?://\S{1,300}|pic\.twitter\.com/\S{1,40}|[^\w\s]{1,3}"
    r"|[.,;:!?)].{0,300})[ \t]*(?=\n|\Z)"
)
_FRAGMENT_LINE: Final = re.compile("\n" + _FRAGMENT_BODY)
_BLANK_LINE: Final = re.compile(r"\n[ \t]{0,200}(?=\n)")
_FRAGMENT_FIRST_LINE: Final = re.compile(_FRAGMENT_BODY)


def markdown_document(text: str, index: _lines.LineIndex) -> bool:
    """Whether the text is Markdown (it holds a ``[label](http…)`` link): its backslashes are
    escapes (trafilatura and markdownify escape ``_`` and ``*`` outside quotes too)."""
    cached = index.cache.get("markdown")
    if cached is None:
        cached = "](http" in text
        index.cache["markdown"] = cached
    return bool(cached)


def _paragraphs_around(text: str, line_start: int) -> bool:
    """Whether blank lines part every paragraph of the text above ``line_start`` (trafilatura's
    Markdown, newspaper, resiliparse, inscriptis): a blank line above a post then says nothing
    of where the post starts. Read on the article around the embed, not the whole page, whose
    menus and tables often go line by line."""
    window = text[max(0, line_start - PARAGRAPH_WINDOW) : line_start]
    newlines = window.count("\n")
    if newlines < PARAGRAPH_MIN_LINES or 2 * window.count("\n\n") < PARAGRAPH_SHARE * newlines:
        return False
    # not the markup's own whitespace (get_text("\n") unstripped): lines of spaces, long runs
    noise = window.count("\n\n\n\n") + sum(1 for _ in _SPACES_LINE.finditer(window))
    return noise * 10 <= newlines


def index_fragmented(text: str, index: _lines.LineIndex, *, markup_blanks: bool = False) -> bool:
    """Whether a renderer split sentences at every link (BeautifulSoup ``get_text("\\n")``).

    With ``markup_blanks`` the blank lines are the markup's whitespace (an unstripped
    rendering), and the share is of the lines with text, which they would dilute.
    """
    key = "fragmented-dense" if markup_blanks else "fragmented"
    cached = index.cache.get(key)
    if cached is None:
        lines = index.count
        if markup_blanks:
            lines -= sum(1 for _ in _BLANK_LINE.finditer(text))
        enough = FRAGMENTED_SHARE * max(1, lines)
        pieces = 1 if _FRAGMENT_FIRST_LINE.match(text) else 0
        for _ in _FRAGMENT_LINE.finditer(text):
            pieces += 1
            if pieces > enough:
                break  # the answer is known: no need to read the rest
        cached = pieces > enough
        index.cache[key] = cached
    return bool(cached)


def _item_kind(item: re.Match[str]) -> str:
    kind = _DIGITS.sub("0", item.group(1))
    return "a)" if len(kind) == 2 and kind[0].isalpha() else kind


def _numbered_heading(content: str, below: str) -> bool:
    """Whether ``content`` is a listicle's numbered heading ("5. Dating apps"), not an item
    of a list the post below it goes on with."""
    return _NUMBERED_HEADING.fullmatch(content) is not None and not _same_list(content, below)


def _same_list(upper: str, lower: str) -> bool:
    if not (_may_be_item(upper) and _may_be_item(lower)):
        return False
    upper_item, lower_item = _LIST_ITEM.match(upper), _LIST_ITEM.match(lower)
    return bool(upper_item and lower_item and _item_kind(upper_item) == _item_kind(lower_item))


def _may_be_item(line: str) -> bool:
    first = line[:1]
    return first in _ITEM_FIRST or first.isdecimal()


def _lone_token(line: str) -> bool:
    """Whether the line is one hashtag, mention or link alone."""
    return line[:1] in _TOKEN_FIRST and _LONE_TOKEN.fullmatch(line) is not None


def _sentence_end(line: str) -> bool:
    """Whether the line is a sentence's stop alone (with its closing quotes or bracket)."""
    return len(line) <= 3 and _SENTENCE_END.fullmatch(line) is not None


def _continues(upper: str, lower: str) -> bool:
    """Whether ``lower`` carries on the sentence of ``upper`` (a renderer broke the line)."""
    # (each pattern is tried only where the line's first character, or its length, allows it)
    if len(lower) <= 3 and _FRAGMENT.fullmatch(lower):
        # "?" or "." alone was cut off the sentence above; it belongs to a short line or a
        # lone mention, rarely to a long article sentence. A sentence that a link's words end
        # ("… in the journal Misinformation review" + ".") is the article's: posts link URLs.
        if _lone_token(upper):
            return True
        return len(upper) <= 60 and not (_sentence_end(lower) and upper[-1:].isalpha())
    if len(upper) <= 3 and _FRAGMENT.fullmatch(upper):
        return True  # ".@user …" opens a post; "." after a lone "#tag" line ends its sentence
    if lower[:1] in _CLOSING:
        return True  # a line opening with punctuation was cut off the sentence above
    if _lone_token(upper):
        return True  # a lone hashtag, mention or link was split out of the sentence around it
    if lower[:1] in _TOKEN_FIRST and _TOKEN_START.match(lower):
        # "… the Base" + "#Esperanza": a link, tag or mention line goes on from the line above,
        # unless that line introduced something ("… super adorable:" + "@reply …")
        if upper.endswith(":") and lower.startswith("@"):
            return False
        # A renderer that splits sentences at links leaves the tag alone on its line; one that
        # goes on with words after the tag was not split there, and under a finished sentence
        # the tag opens a sentence of its own ("… in Pangkalan Bun." + "#QZ8501 search: DNA
        # tests …"). (A line of tags alone is how many posts end: "… tonight." + "#GoHawks #NFL")
        return not (upper[-1:] in ".!?" and _TAG_OPENS_SENTENCE.match(lower) is not None)
    if _same_list(upper, lower):
        return True  # items of one list: "(1) …" / "(2) …", "・…" / "・…", "- …" / "- …"
    # a sentence that has not ended goes on in a line opening in lower case
    return lower[:1] in _CONTINUATION and not _terminal_end(upper)


def _foreign_like_post(
    text: str,
    line_start: int,
    floor: int,
    *,
    line_script: str | None,
    body_script: str | None,
    line: dict[str, int],
    body: dict[str, int],
) -> bool:
    """Whether the line is in the post's language or script, and the article above is not.

    A German article quoting an English post, or an English one quoting a Ukrainian post: the
    lines above the post that share its language belong to it. The article's language is read
    from the text just above the line (up to ``CONTEXT`` characters, not past the previous embed).
    """
    context = text[max(floor, line_start - CONTEXT) : line_start]
    if line_script is not None and line_script != "latin":
        return line_script == body_script and _scripts.letters_script(context) not in (
            None,
            line_script,
        )
    lang = _language.dominant(line, least=2, margin=2)
    if lang is None:
        return False
    # a body of one short line ("Israel Today on Telegram") shows its language by one word
    if lang != _language.dominant(body, least=1 if line[lang] >= 3 else 2, margin=2):
        return False
    article = _language.dominant(_language.scores_of(context), least=4, margin=2)
    return article is not None and article != lang


def _below_post_opener(text: str, index: _lines.LineIndex, line_start: int, floor: int) -> bool:
    """Whether the line above this one opens the post, so that this line is inside it.

    A lone ``#hashtag`` or ``@mention`` line (a renderer split it out of the post's first
    sentence), a line opening with an emoji, or a lead-in such as "Trump's tweet:".
    """
    above = index.prev_line_start(line_start)
    if above is None or above < floor:
        return False
    content = text[above : index.line_end(above)].strip()
    if not content or len(content) > MAX_BODY_WEIGHT:
        return False
    if content[0] in "#@":
        return _lone_token(content)
    if content.endswith(":"):
        return _LEAD_IN.search(content, max(0, len(content) - 50)) is not None
    return _EMOJI.match(content) is not None


def _last_instagram_header(segment: str) -> int | None:
    """The end of the last "View this post on Instagram" (any language) in ``segment``."""
    last = None
    for found in _INSTAGRAM_HEADER.finditer(segment):
        last = found.end()
    if last is not None and (target := _LINK_TARGET.match(segment, last)) is not None:
        last = target.end()  # "[View this post on Instagram](https://…)" (Markdown)
    return last


_LINK_TARGET: Final = re.compile(r"\]\([^()\s]{0,500}\)")


def _opening_paragraph(
    text: str, index: _lines.LineIndex, blank: int, floor: int, *, weight: int, script: str | None
) -> tuple[int, str] | None:
    """A one-line paragraph above the blank line at ``blank`` that opens the post: where it
    starts, and its text.

    Renderers that separate paragraphs with blank lines (Markdown, trafilatura) split a post of
    several paragraphs like the article around it. A paragraph that opens with a hashtag, a
    mention or an emoji, stands alone between blank lines and fits in the post with the rest,
    is the post's first one: article paragraphs rarely open that way.
    """
    line = index.prev_line_start(blank)
    if line is None or line < floor:
        return None
    above = index.prev_line_start(line)
    if above is not None and above >= floor and text[above : line - 1].strip():
        return None  # not a paragraph of one line
    raw = text[line : blank - 1]
    content = raw.strip()
    if not content or weight + _weight(content) > 280:
        return None
    if not (_OPENING_TOKEN.match(content) or _EMOJI.match(content)):
        return None
    if _is_attribution_line(content) or content.endswith(":"):
        return None
    own = _scripts.line_script(content)
    if script and own and own != script:
        return None
    return line + (len(raw) - len(raw.lstrip())), content


_OPENING_TOKEN: Final = re.compile(r"\[?[#@][^\W\d]")  # (a Markdown link may hold the tag)


# "Ted Cruz:" labels the post below with a person's name (the article does, unlike "BREAKING:"
# or "Thread:", which open posts)
_SPEAKER_LABEL: Final = re.compile(r"(?:[A-Z][a-z’'.-]{1,20} ){1,3}[A-Z][a-z’'.-]{1,20}:")
_GLUED_HEADING: Final = re.compile(rf"(?:#?\d{{1,3}}[.:)]|{_SPEAKER_LABEL.pattern})[ \t]+(?=\S)")
_SPACED_ELLIPSES: Final = (" …", " ...")  # a lead-in's (a post cut short ends with a glued "…")


def _article_sentence(content: str) -> bool:
    """Whether a short paragraph reads like an article's sentence: capitalized, three words or
    more, ended by a period or a colon (or by a spaced ellipsis that leads in to what follows)."""
    if content.endswith(_SPACED_ELLIPSES):
        return True
    return (
        content[:1].isupper()
        and _PLAIN_SENTENCE_END.search(content) is not None
        and len(content.split()) >= 3
    )


_PLAIN_SENTENCE_END: Final = re.compile(r"[^.:][.:][\"”’»)]?$")


def _title_case(content: str) -> bool:
    """Whether most words of the line are capitalized, as in a headline ("Trump To Attend …")."""
    words = content.split()
    if len(words) < 5:
        return False
    capitalized = sum(1 for word in words if word[:1].isupper() or word[:1].isdigit())
    return capitalized * 4 >= len(words) * 3


def _tweetish(content: str) -> bool:
    # the pattern has no literal to skip to, so rule out most prose with C-speed tests first:
    # every branch needs "@", "#", "t.co/", "pic." or (outside ASCII) an emoji, and without
    # the first four only the emoji can match (one character class: sre skips to it)
    if "@" in content or "#" in content or "t.co/" in content or "pic." in content:
        return _TWEETISH.search(content) is not None
    return not content.isascii() and _EMOJI.search(content) is not None


def _is_attribution_line(content: str) -> bool:
    if "(@" not in content:
        return False
    return _ATTRIBUTION_LINE.search(content) is not None


def _is_date_only(content: str) -> bool:
    if len(content) > 40 or _DIGIT.search(content) is None:
        return False
    if content[0] in "#@" or "://" in content or content.startswith(("pic.twitter.", "pic.x.")):
        return False  # the short lines with digits that are most often tested: tags and links
    found = match_date(content, 0)
    return found is not None and not content[found.end :].strip()


def _follows_label(text: str, index: _lines.LineIndex, line_start: int) -> bool:
    if text[max(0, line_start - 3) : line_start].strip()[-1:] != ":":
        return False  # labels end with a colon: most lines are ruled out by their last character
    above = index.prev_line_start(line_start)
    if above is None or line_start - above > 40:
        return False
    return _CAPTION_LABEL.fullmatch(text[above : line_start - 1].strip()) is not None


def _is_list_number(content: str) -> bool:
    # "#1:", "2." or "3)" alone on a line numbers the embeds of a listicle
    return len(content) <= LIST_NUMBER_LENGTH and _LIST_NUMBER.fullmatch(content) is not None


def _weight(segment: str) -> int:
    """Length as the platform counts it: every URL is 23 characters.

    A Markdown link counts as its label, as the post shows it (``[@user](https://…)``).
    """
    if "](" in segment:
        segment = _MD_LINK.sub(group_one, segment)
    total = len(segment)
    if "://" not in segment and "pic." not in segment:
        return total
    for link in _scripts.links_in(segment):
        total -= len(link.group(0)) - 23
    return total


_DIGIT: Final = re.compile(r"\d")


def _clean_body(
    lines: list[str],
    *,
    markdown: bool,
    escaped: bool = False,
    numbered: bool = False,
    glued: list[bool] | None = None,
) -> tuple[str, list[str]]:
    """The post's text and links from its lines: ``markdown`` for html2text quotes (paragraphs
    and escapes), ``escaped`` for Markdown escapes outside quotes (``@nhk\\_news``),
    ``numbered`` for a lynx dump's link numbers (``[154]pic.twitter.com/…``), ``glued`` for
    the lines that ran on into the next one in the source (:func:`glued_lines`)."""
    links: list[str] = []
    out: list[str] = []
    for raw in lines:
        line = raw
        if numbered and "[" in line:
            line = LINK_NUMBERS.sub("", line)
        if markdown or "](" in line:  # Markdown links also come outside quotes (trafilatura)
            line = _MD_LINK.sub(lambda m: _keep_link(m, links), line)
        if "<http" in line:  # Markdown autolinks: "<https://t.co/x>" (markdownify)
            line = _MD_AUTOLINK.sub(group_one, line)
        if markdown or (escaped and "\\" in line):
            line = _MD_ESCAPE.sub(group_one, line)
        out.append(line.strip())
    kept = [i for i, line in enumerate(out) if line]
    parts = [out[i] for i in kept]
    glued = [glued[i] for i in kept] if glued is not None and len(glued) == len(out) else None
    # blank quote lines separate paragraphs; the contract joins paragraphs with one "\n"
    body = _join_lines(parts, markdown=markdown, glued=glued)
    if body.startswith(". @"):
        body = "." + body[2:]  # ".@user" parted by a renderer that joins nodes with spaces
    # (links glued in the text are still two links: "https://t.co/xpic.twitter.com/y")
    spaced = body if glued is None else _join_lines(parts, markdown=markdown)
    if " ." in body or " ," in body or " '" in body or " ’" in body:
        # a renderer that joins every text node with a space (get_text(" "), html-text,
        # boilerpy3) parts a hashtag's or mention's link from the punctuation after it:
        # "#ISS . All", "@POTUS 's comments"; nobody writes a space there
        body = _SPACED_AFTER_TAG.sub(_closed_up, body)
    if " :" in body and _language.dominant(_language.scores(body)) != "fr":
        # the same before a colon ("@ChiefofNavy : today's", "#Europawahl :"), but French
        # writes a space there
        body = _SPACED_COLON_AFTER_TAG.sub(_closed_up, body)
    body = unmangled(body)  # (a page decoded with the wrong code page: "arrancĂł")
    if "://" in body or "pic." in body:  # (every link token holds one of these)
        for link in _scripts.links_in(spaced):
            value = link.group(0).rstrip(".,;:!?)]»\"'…")
            if value not in links:
                links.append(value)
    return body, links


# lynx -dump's link numbers ("[154]pic.twitter.com/…", "[24]" alone for an image's link)
LINK_NUMBERS: Final = re.compile(r"\[\d{1,5}\]")
# (and a plural's possessive apostrophe: "@wesbos ' course")
_SPACED_AFTER_TAG: Final = re.compile(
    r"([#@][^\s#@.,'’]{1,100}) ([.,](?!\S)|['’]s\b|(?<=s )['’](?=\s))"
)


_SPACED_COLON_AFTER_TAG: Final = re.compile(r"([#@][^\s#@.,:'’]{1,100}) (:)(?!\S)")


def _closed_up(match: re.Match[str]) -> str:
    return match.group(1) + match.group(2)


def _join_lines(lines: list[str], *, markdown: bool, glued: list[bool] | None = None) -> str:
    """Join body lines: paragraphs with "\n", fragments a renderer split at links with a space
    (none where the source had none, when ``glued`` says so)."""
    if not lines:
        return ""
    parts = [lines[0]]
    for i, (upper, lower) in enumerate(itertools.pairwise(lines)):
        if (
            not markdown
            and upper[-1:] in "/#@:"  # (what a broken link or tag ends with: a cheap test first)
            and (
                (lower[:1].isalnum() and _BROKEN_TOKEN.search(upper, max(0, len(upper) - 30)))
                or (lower.startswith("//") and upper.endswith(("https:", "http:")))
            )
        ):
            pass  # a renderer that wraps lines (w3m) broke a link or tag: "https://" / "t.co/…"
        elif not markdown and _cjk_wrapped(upper, lower):
            pass  # a line of Chinese or Japanese, which puts no space between words, wrapped
        elif markdown or not _continues(upper, lower) or _same_list(upper, lower):
            parts.append("\n")  # (a list's items keep their lines)
        elif glued is not None and not glued[i]:
            parts.append(" ")  # the source's own space at the node boundary ("@Meta ?")
        elif glued is not None and _TOKEN_START.match(lower):
            pass  # a link, tag or mention right after the text, as the source had it
        elif lower[:1] not in _CLOSING and not (upper == "." and lower[:1] == "@"):
            parts.append(" ")  # (".@user" opens a post that the author wants all to see)
        parts.append(lower)
    return "".join(parts)


def glued_lines(text: str, start: int, stop: int, lines: list[str]) -> list[bool] | None:
    """Whether each of a post's ``lines`` (its text from ``start`` to ``stop``) ran on into the
    next with no space in the source, in a rendering that keeps the markup's whitespace.

    ``get_text("\\n")`` without stripping puts a line break at every node boundary and keeps
    the spaces around it: "lesson! " + "https://t.co/…" had a space before the link,
    "from 2014." + "https://t.co/…" had none. A rendering that strips its lines says nothing
    (None), nor does one whose lines cannot be matched to the source.
    """
    window = text[max(0, start - WHITESPACE_WINDOW) : start]
    if _kept_spaces(window) < WHITESPACE_FLOOR:
        return None  # (no line of the article around keeps a space at its end or start)
    raws = text[start:stop].split("\n")
    found: list[bool] = []
    kept: list[str] = []
    for upper, lower in itertools.pairwise([*raws, ""]):
        if not upper.strip():
            continue
        kept.append(upper.strip())
        found.append(bool(lower.strip()) and not upper[-1:].isspace() and not lower[:1].isspace())
    return found if kept == lines else None


WHITESPACE_WINDOW: Final = 2000
WHITESPACE_FLOOR: Final = 3


def _kept_spaces(window: str) -> int:
    """How many lines of ``window`` end or start with a space: a rendering that keeps the
    markup's whitespace has them, one that strips its lines has none."""
    return window.count(" \n") + window.count("\n ")


# What a line cut off the sentence above it opens with
_CLOSING: Final = frozenset(".,;:!?)]…»”’'")
# Kana, Han, full-width letters and digits, and the CJK brackets and commas: what a sentence of
# Chinese or Japanese goes on with (not its stops 。！？, where the post may break its line)
_CJK_INSIDE: Final = (
    "\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
    "\u3001\u300c-\u3011\uff0c"
)
_CJK_CHAR: Final = re.compile(f"[{_CJK_INSIDE}]")
# A line a renderer wrapped is about this wide (w3m: 80 columns, two a CJK character)
WRAPPED_CJK_COLUMNS: Final = 60


def _cjk_wrapped(upper: str, lower: str) -> bool:
    """Whether a renderer that wraps lines (w3m, lynx) broke a sentence of Chinese or Japanese
    between ``upper`` and ``lower``: the line is full, and the break falls inside the sentence
    (a post's own line break there keeps its space)."""
    if lower[:1].isascii() or upper[-1:].isascii():
        return False  # (every character of the class is beyond ASCII)
    if not (_CJK_CHAR.match(lower) and _CJK_CHAR.match(upper[-1:])):
        return False
    token = upper.rsplit(None, 1)[-1]
    if token[:1] in "#@":
        return False  # a hashtag or mention ends at the break: the space after it is real
    columns = len(upper) + len(_CJK_CHAR.findall(upper))
    return columns >= WRAPPED_CJK_COLUMNS


# The end of a line that breaks a token in two: a link's scheme or the host of a post's
# short link without the rest, or a lone "#" or "@"
_BROKEN_TOKEN: Final = re.compile(
    r"(?:https?://|\b(?:pic\.(?:twitter|x)\.com|t\.co)/|(?<!\S)[#@])$"
)
# a sentence's end split off after a link: ".", "!", "\"." or "»."
_SENTENCE_END: Final = re.compile(r"[\"'”’»)\]]{0,2}[.!?…。！？]")


def _keep_link(match: re.Match[str], links: list[str]) -> str:
    label, href = match.group(1), match.group(2)
    href = original_url(href)  # (an archived article links the archive's copies)
    if href not in links:
        links.append(href)
    return label


def looks_truncated(body: str) -> bool:
    if "…" not in body and "..." not in body:
        return False  # most posts: decided by one scan
    core = body.rstrip()
    while True:
        # a trailing link is at most about 70 characters: search only the end of the text
        tail = _TRAILING_MEDIA.search(core, max(0, len(core) - 80))
        if tail is None:
            break
        core = core[: tail.start()]
    if not (core.endswith("…") or core.endswith("...")):
        return False
    return _weight(body) >= TRUNCATION_MIN_WEIGHT
