"""Hostile and random inputs for both detectors: they finish, in linear time, with valid embeds.

The inputs mirror benchmarks/bench_detect.py at a size that keeps this file fast. Linearity is
checked by timing a 4x input against the 1x input (min of 3 runs): a linear detector takes
about 4x, a quadratic one 16x, so a bound of 10x separates them without flaking on a busy machine.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import embedarchive as ea

Detector = Callable[[str], list[ea.Embed]]

SIZE = 25_000  # linearity compares SIZE with 4 * SIZE
SURVIVAL_SIZE = 200_000
# A linear detector takes ~4x on a 4x input; quadratic takes ~16x.
GROWTH_BOUND = 10.0
# Below this the timer and the allocator dominate; nothing to learn from the ratio.
NOISE_FLOOR_S = 0.02


def _fill(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit.encode("utf-8")))


def _long_line(size: int) -> str:
    sentence = "The minister said the talks went well and more would follow soon. "
    return _fill(sentence * 3 + "— Rajnath Singh (@rajnathsingh) July 1, 2025 ", size)


def _nested_divs(size: int) -> str:
    depth = max(1, size // 11)
    return "<div>" * depth + "x" + "</div>" * depth


HOSTILE: dict[str, Callable[[int], str]] = {
    "open-paren-at": lambda n: _fill("(@", n),
    "dash-handle-no-date": lambda n: _fill("— a (@a) ", n),
    "one-long-line": _long_line,
    "attribution-lines": lambda n: _fill("— a (@a) July 1, 2025\n", n),
    "unclosed-blockquotes": lambda n: _fill(
        '<blockquote class="twitter-tweet"><p lang="en">x</p>— a (@a) ', n
    ),
    "post-by-cards": lambda n: _fill("Post by @a@b.c" + " " * 30, n),
    "sound-marks": lambda n: _fill("@a ♬ ♬", n),
    "posted-by": lambda n: _fill("Posted by a on Monday, ", n),
    # embeds of every kind in turn: each new one is checked against those already found
    "attributions-cards-captions": lambda n: _fill(
        "Post text\n— A (@a) July 1, 2025\nPost by @ab@c.de View on Mastodon\n@ab cap\n♬ s\n", n
    ),
    "facebook-lines-on-one-line": lambda n: _fill(
        "x Posted by Ann Lee on Monday, July 1, 2025 ", n
    ),
    "turkish-facebook-lines": lambda n: _fill("Ali Veli paylaştı: 9 Ocak 2017 Pazartesi ", n),
    "turkish-verbs": lambda n: _fill("paylaştı:", n),
    "linked-handles": lambda n: _fill("— [a ([@a.b](https://c.d/e))](https://f.g/h) ", n),
    # the pivots that find markers, everywhere: each occurrence is checked against its markers
    "marker-pivots": lambda n: _fill("-embed/tweet-nstagram.fb-/plugins/threads.", n),
    # entities left by a regex that stripped the markup; escapes nested level upon level
    "entity-attributions": lambda n: _fill("x&amp;y&mdash; a (@a) July 1, 2025\n", n),
    "nested-escapes": lambda n: "(@a) &" + "amp;" * (n // 4),
    # lynx -dump's link numbers, before dates and everywhere, and a long list of references
    "lynx-numbers": lambda n: _fill("x [1]y (@a) [22]July 1, 2025\n", n) + "\nReferences\n",
    "lynx-references": lambda n: (
        "(@a) [7]July 1, 2025\n\nReferences\n\n" + _fill("   7. https://x.com/a/status/1\n", n)
    ),
    # raw HTML left in Markdown: links that open nothing, tags without an end
    "raw-links": lambda n: "(@a) July 1, 2025\n" + _fill('<a x"</a <div ', n),
    "raw-linked-attributions": lambda n: (
        "</" + _fill("<a href='http://a'>b</a>(@a) July 1, 2025\n", n)
    ),
    # a raw tag that never closes, wrapped over indented lines (found by fuzzing: each line's
    # indentation could be split between the wrap and the tag's text, exponential in lines)
    "raw-tags-wrapped-unclosed": lambda n: (
        "(@a) July 1, 2025\n</div>" + _fill('<a href="a" b' + "\n        z" * 3 + " <", n)
    ),
    "facebook-names-over-indented-lines": lambda n: (
        "(@a) July 1, 2025\n" + _fill("Posted by X" + "\n        y" * 3 + " zz\n", n)
    ),
    # Substack's X cards: footers with no header, headers and avatars with no footer, cards
    "substack-footers": lambda n: _fill("9:14 PM ∙ Jan 28, 2023\n", n),
    "substack-marks": lambda n: _fill("∙ ", n),
    "substack-avatars": lambda n: (
        _fill("![Twitter avatar for @h](x)N @h", n) + "1:00 PM ∙ Jan 1, 2020"
    ),
    "substack-cards": lambda n: _fill("N @h\nx\n9:14 PM ∙ Jan 28, 2023\n", n),
    # one long line: many handles before each footer, and names after sentence ends
    "substack-one-line-handles": lambda n: _fill("@a " * 30 + "1:00 PM ∙ Jan 1, 2020 ", n),
    "substack-one-line-names": lambda n: _fill("X. Ab Cd @a " * 20 + "1:00 PM ∙ Jan 1, 2020 ", n),
    "nested-divs": _nested_divs,
    "angle-and-amp": lambda n: _fill("<&<<&&&<", n),
    # embed tags that never close ("<amp-twitter <amp-twitter …"): each one's start tag was
    # read to the end of its reach, 100 kB took 45 s; Substack's components too, and Embetty's
    "unclosed-embed-tags": lambda n: _fill("<amp-twitter <embetty-tweet <twitterwidget ", n),
    "unclosed-component-tags": lambda n: _fill('<a data-component-name="Twitter2ToDOM" ', n),
    # blockquotes read by their tag alone (an embed whose classes were stripped): quotes far
    # from any status link, and unclosed nested ones that each hold one
    "bare-blockquotes": lambda n: _fill("<blockquote>", n),
    "bare-blockquotes-with-status": lambda n: _fill("<blockquote><blockquote>/status(@", n),
    "bare-pre-with-status": lambda n: _fill("<pre><pre>/status(@", n),
}


def test_nested_escaped_line_ends_are_decoded_once() -> None:
    # each decoding of "&amp;…#13;&amp;…#10;" layers would make one more "\r\n", and one
    # more level of reading, per layer: 300 layers overflowed the stack
    parts = ["(@a) July 1, 2025\n&mdash; x\n"]
    for level in range(300):
        escaped = "&" + "amp;" * level
        parts.append(f"{escaped}#13;{escaped}#10;")
    doc = "".join(parts)
    _check_spans(ea.parse_text(doc), len(doc))


# Shapes that fuzzing found exponential: each line's indentation could be split between a line
# break and the text around it, every way of splitting every line tried when nothing matched.
EXPONENTIAL_SHAPES = {
    # a raw tag that never closes, wrapped over indented lines
    "raw-tag": "(@a) July 1, 2025\n</div>" + '<a href="a" b' + "\n        z" * 60 + " <" + "</a>",
    # a Facebook "Posted by" whose would-be name runs over indented lines and opens nothing
    "facebook-name": "(@a) July 1, 2025\nPosted by X" + "\n        y" * 60 + " zz",
}


@pytest.mark.parametrize("name", sorted(EXPONENTIAL_SHAPES))
def test_shapes_that_were_exponential_are_read_at_once(name: str) -> None:
    # run in a child process: the exponential patterns these pin would hang, not fail
    code = "import sys, embedarchive; print(len(embedarchive.parse_text(sys.stdin.read())))"
    done = subprocess.run(
        [sys.executable, "-c", code],
        input=EXPONENTIAL_SHAPES[name],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1"


def _check_spans(embeds: list[ea.Embed], length: int) -> None:
    """Every embed is an Embed whose span lies in the input; spans are sorted and disjoint."""
    previous_end = 0
    for embed in embeds:
        assert isinstance(embed, ea.Embed)
        assert 0 <= embed.start <= embed.end <= length
        assert embed.start >= previous_end, "embeds overlap or are out of order"
        previous_end = embed.end


def _best_of_three(func: Detector, doc: str) -> float:
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        func(doc)
        best = min(best, time.perf_counter() - t0)
    return best


def _assert_linear(func: Detector, make: Callable[[int], str]) -> None:
    small, large = make(SIZE), make(4 * SIZE)
    t_small, t_large = _best_of_three(func, small), _best_of_three(func, large)
    assert t_large <= max(GROWTH_BOUND * t_small, NOISE_FLOOR_S), (
        f"4x input took {t_large / max(t_small, 1e-9):.1f}x the time "
        f"({t_small * 1000:.1f} ms -> {t_large * 1000:.1f} ms)"
    )


# ---------------------------------------------------------------------------------------------
# hostile inputs


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_parse_text_survives_hostile_input(name: str) -> None:
    doc = HOSTILE[name](SURVIVAL_SIZE)
    _check_spans(ea.parse_text(doc), len(doc))


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_parse_html_survives_hostile_input(name: str) -> None:
    doc = HOSTILE[name](SURVIVAL_SIZE)
    _check_spans(ea.parse_html(doc), len(doc))
    data = doc.encode("utf-8")
    _check_spans(ea.parse_html(data), len(data.decode("utf-8")))


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_parse_text_is_linear_on_hostile_input(name: str) -> None:
    _assert_linear(ea.parse_text, HOSTILE[name])


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_parse_html_is_linear_on_hostile_input(name: str) -> None:
    _assert_linear(ea.parse_html, HOSTILE[name])


def test_hostile_attribution_lines_are_all_found() -> None:
    # The repeated attribution lines are each a valid (if empty) embed: a detector that gives
    # up on volume instead of staying linear would find fewer.
    doc = HOSTILE["attribution-lines"](SIZE)
    embeds = ea.parse_text(doc)
    assert len(embeds) == doc.count("\n")
    assert {(e.handle, e.date) for e in embeds} == {("a", dt.date(2025, 7, 1))}


# ---------------------------------------------------------------------------------------------
# property tests: any text, and tweet-like documents with planted attributions

_TOKENS = [
    "(@",
    "∙",
    "9:14 PM ∙ ",
    "Twitter avatar for @a_b",
    "( @",
    ")",
    "@a_b",
    "— ",
    "–",
    "-- ",
    "- ",
    "?",
    "> ",
    ">",
    "\n",
    "\n\n",
    " ",
    "\u00a0",
    "July 1, 2025",
    "1. Juli 2025",
    "2025年7月1日",
    "…",
    "...",
    "pic.twitter.com/AbC",
    "https://t.co/xyz",
    "https://twitter.com/a/status/123",
    "https://x.com/abc/status/1940000000000000000",
    "/status",
    "♬",
    "A post shared by ",
    "Name",
    "word",
    "#tag",
    "[",
    "](",
    "\\",
    "さん",
    # shapes read since 2026-12-07: list items, Markdown outside quotes, glued blocks,
    # indented layout, a dash ending the line above the name, old Instagram captions
    "- ",
    "  ",
    "<https://t.co/x>",
    # rewritten before reading: entities, raw links and tags, mojibake, lynx's link numbers
    "&mdash; ",
    "&amp;",
    "&#8212;",
    "<a href='https://x.com/a/status/1'>",
    "</a>",
    "</div>",
    "â€” ",
    "Ã©",
    "[12]",
    "\nReferences\n\n   12. https://x.com/a/status/12\n",
    "```",
    "out.Yes",
    "—\n",
    "A photo posted by ",
    "(@a)](https://www.instagram.com/p/AbC/)",
    "Die Agentur hat das und ",
    "the talks were ",
    # since the second session of 2026-12-07: headers glued on a caption's line, opening
    # paragraphs across blank lines, escapes in Markdown documents
    "View this post on Instagram",
    "[View this post on Instagram](https://www.instagram.com/p/AbC/)",
    "🇺🇦 ",
    "[#tag](https://twitter.com/hashtag/tag)",
    "\\_",
    "\\*",
    # since the third session of 2026-12-07: paragraph documents, lists under lead-ins,
    # numbered headings, spaced hyphens in names, short sentences on one-line pages
    "\n\n",
    "like this:\n",
    "5. Dating apps\n",
    "1\\.",
    "## ",
    " - WJLA ",
    "Among the responses: ",
    "BREAKING: ",
    "\u200f",
    "\u2066",
    "\r\n",
    '<blockquote class="twitter-tweet"><p>',
    # since the fourth session of 2026-12-07: Mastodon and Threads cards, hanging bullets
    "Post by @a",
    "@b.social",
    "View on Mastodon",
    "View on\n> Threads](https://www.threads.net/@a/post/AbC)",
    "    \u2022 ",
    "([@a.bsky.social](https://bsky.app/profile/a))",
    "[[image or embed]](https://bsky.app/x)",
    "](https://bsky.app/y) ",
    "♬ original sound - ab",
    "[@ab](https://www.tiktok.com/@ab)",
    "Posted by [A](https://www.facebook.com/a) on ",
    "Monday, September 12, 2016",
    # since the ninth session of 2026-12-07: skip links before embeds (BBC)
    "Skip Twitter post by @a ",
    "Skip twitter post 2 by ",
    # since the thirteenth session: a lone period before a mention (".@user"), spaced
    ": . @ab ",
]

_ANY_TEXT = st.one_of(
    st.text(),
    st.lists(st.sampled_from(_TOKENS) | st.text(max_size=4), max_size=60).map("".join),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_ANY_TEXT)
def test_parse_text_never_raises_and_spans_are_valid(text: str) -> None:
    _check_spans(ea.parse_text(text), len(text))


def _squash(value: str) -> str:
    return "".join(value.split())


# No "[" or "\\": html2text links and escapes are rewritten in the body, so the body is not a
# substring of the input there. ">" stays out too: quote markers are dropped from every line.
# Nor "&" and "<" (entities are decoded, raw tags dropped) or the letters that open a
# wrong code page's mojibake ("Ã©" is repaired to "é").
_REWRITTEN = "[\\>&<ÃÂĂâÄÅ"
_PLAIN_TOKENS = [t for t in _TOKENS if not any(c in t for c in _REWRITTEN)]
_PLAIN_TEXT = st.lists(
    st.sampled_from(_PLAIN_TOKENS)
    | st.text(
        st.characters(blacklist_characters=_REWRITTEN, blacklist_categories=["Cs"]), max_size=4
    ),
    max_size=60,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_PLAIN_TEXT)
def test_parse_text_body_comes_from_the_input(text: str) -> None:
    squashed = _squash(text)
    for embed in ea.parse_text(text):
        if embed.text is not None:
            assert _squash(embed.text) in squashed


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_parse_html_never_raises_on_bytes(data: bytes) -> None:
    embeds = ea.parse_html(data)
    _check_spans(embeds, len(data.decode("utf-8", "replace")))


# --- tweet-like documents ------------------------------------------------------------------

_MONTHS = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
}


def _render_date(date: dt.date, lang: str) -> str:
    if lang == "ja":
        return f"{date.year}年{date.month}月{date.day}日"
    month = _MONTHS[lang].split()[date.month - 1]
    return {
        "en": f"{month} {date.day}, {date.year}",
        "de": f"{date.day}. {month} {date.year}",
        "fr": f"{date.day} {month} {date.year}",
        "es": f"{date.day} de {month} de {date.year}",
    }[lang]


_WORD = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzéü"), min_size=1, max_size=9)
_PROSE_LINE = st.lists(_WORD, min_size=3, max_size=25).map(lambda ws: " ".join(ws) + ".")
_POST_WORD = _WORD | st.sampled_from(
    ["@someone", "#news", "pic.twitter.com/Xy12", "https://t.co/ab"]
)
_POST_LINE = st.lists(_POST_WORD, min_size=1, max_size=12).map(" ".join)
_NAME = st.lists(
    st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz"), min_size=1, max_size=8).map(
        str.capitalize
    ),
    min_size=1,
    max_size=3,
).map(" ".join)
_HANDLE = st.text(
    st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"),
    min_size=1,
    max_size=15,
)


@st.composite
def _planted_embed(draw: st.DrawFn) -> tuple[list[str], str, dt.date]:
    handle = draw(_HANDLE)
    date = draw(st.dates(min_value=dt.date(2007, 1, 1), max_value=dt.date(2099, 12, 31)))
    lang = draw(st.sampled_from(["en", "de", "fr", "es", "ja"]))
    glued = draw(st.booleans())
    dash = draw(st.sampled_from(["—", "–"] if glued else ["—", "–", "-", "--", "―"]))
    body = draw(st.lists(_POST_LINE, min_size=1, max_size=3))
    attribution = f"{dash} {draw(_NAME)} (@{handle}) {_render_date(date, lang)}"
    if glued:
        body[-1] += attribution
    else:
        body.append(attribution)
    return body, handle, date


@st.composite
def _tweet_document(draw: st.DrawFn) -> tuple[str, list[tuple[str, dt.date]]]:
    lines: list[str] = []
    planted: list[tuple[str, dt.date]] = []
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        lines += draw(st.lists(_PROSE_LINE, max_size=3))
        if draw(st.booleans()):
            lines.append("")
        body, handle, date = draw(_planted_embed())
        lines += body
        planted.append((handle, date))
    lines += draw(st.lists(_PROSE_LINE, max_size=2))
    return "\n".join(lines), planted


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_tweet_document())
def test_planted_attributions_are_found(case: tuple[str, list[tuple[str, dt.date]]]) -> None:
    doc, planted = case
    embeds = ea.parse_text(doc)
    _check_spans(embeds, len(doc))
    found = [(e.handle, e.date) for e in embeds]
    assert found == planted
    for embed in embeds:
        assert embed.text is None or _squash(embed.text) in _squash(doc)


@settings(max_examples=100, deadline=None)
@given(_tweet_document(), st.sampled_from(["\r\n", "\n\n", "\n \n", "\u2028"]))
def test_planted_attributions_survive_other_line_breaks(
    case: tuple[str, list[tuple[str, dt.date]]], newline: str
) -> None:
    doc, planted = case
    assume(newline != "\n")
    doc = doc.replace("\n", newline)
    assert [(e.handle, e.date) for e in ea.parse_text(doc)] == planted
