"""The one-character tests that spare the detector a pattern call agree with the patterns.

The plain-text detector asks many small questions of each line ("is it a lone hashtag?", "does
it open like a list item?"). Most lines fail them on their first character or their length, so
each pattern is tried only where those allow a match. These tests check that the shortcuts
never change an answer: on every character as a line's first, and on any text.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from embedarchive.detect import _attribution, _body, _scripts, dates

# Every character of the Basic Multilingual Plane and the emoji blocks, as a line's first
FIRSTS = [chr(c) for c in (*range(0xD800), *range(0xE000, 0x10000), *range(0x1F000, 0x1FB00))]
# What may follow the first character in a match of each pattern
TAILS = ("", "x", " x", ")x", "1)x", "1. x", "ttps://t.co/x", "ic.twitter.com/x", "tag")


def test_continuation_chars_are_what_the_pattern_opened_with() -> None:
    pattern = re.compile(r"[a-zà-ÿß#@.,;:!?)\]|»”’…/-]|https?://|pic\.twitter\.com/")
    wrong = [
        first + tail
        for first in FIRSTS
        for tail in TAILS
        if (pattern.match(first + tail) is not None) != ((first + tail)[:1] in _body._CONTINUATION)
    ]
    assert wrong == []


def test_closing_chars_are_what_the_pattern_matched() -> None:
    pattern = re.compile(r"[.,;:!?)\]…»”’']")
    wrong = [c for c in FIRSTS if (pattern.match(c) is not None) != (c in _body._CLOSING)]
    assert wrong == []


def test_list_items_open_with_an_item_first_character() -> None:
    missed = [
        first + tail
        for first in FIRSTS
        for tail in TAILS
        if _body._LIST_ITEM.match(first + tail) and not _body._may_be_item(first + tail)
    ]
    assert missed == []
    assert _body._may_be_item("12) item") and _body._may_be_item("▪️ item")
    assert not _body._may_be_item("") and not _body._may_be_item("Item")


@pytest.mark.parametrize(
    "line",
    ["#tag", "@user", "https://t.co/abc", "pic.twitter.com/abc", "#tag words", "", "p", "h", "."],
)
def test_lone_token_cases(line: str) -> None:
    assert _body._lone_token(line) == (_body._LONE_TOKEN.fullmatch(line) is not None)


_ALPHABET = st.sampled_from("#@hp.!?…”’)]\"' xa1(-•。：:/t")
_LINES = st.text(alphabet=_ALPHABET, max_size=8) | st.text(max_size=8)


@given(_LINES)
def test_shortcuts_agree_with_their_patterns(line: str) -> None:
    assert _body._lone_token(line) == (_body._LONE_TOKEN.fullmatch(line) is not None)
    assert _body._sentence_end(line) == (_body._SENTENCE_END.fullmatch(line) is not None)
    assert _body._is_list_number(line) == (_body._LIST_NUMBER.fullmatch(line) is not None)
    if _body._LIST_ITEM.match(line):
        assert _body._may_be_item(line)
    if _body._TOKEN_START.match(line):
        assert line[:1] in _body._TOKEN_FIRST


def _plausible_name_always_searching(name: str) -> bool:
    """``_plausible_name`` as it was before its shortcut: the pattern is always tried."""
    name = name.strip()
    if len(name) > 80 or "\n" in name or "(@" in name or len(name.split()) > 12:
        return False
    found = _attribution._NOT_A_NAME.search(name)
    while found is not None:
        if name[found.start()] != "." or not _attribution._abbreviation(name, found.start()):
            return False
        found = _attribution._NOT_A_NAME.search(name, found.start() + 1)
    return True


@given(st.text(alphabet=st.sampled_from("Ab .!?:/hts@xyJU"), max_size=40))
def test_plausible_name_shortcut_agrees(name: str) -> None:
    assert _attribution._plausible_name(name) == _plausible_name_always_searching(name)


# The caption phrase as written before its first letter became a class of its own
_SHARED_ANY_CASE = re.compile(
    r"(?:A post shared by|A (?:photo|video) posted by|Ein Beitrag geteilt von|"
    r"Une publication partagée par|Una publicación compartida por|Una publicación compartida de|"
    r"Un post condiviso da|Uma publicação compartilhada por|Een bericht gedeeld door|"
    r"Beitrag geteilt von)\s",
    re.IGNORECASE,
)
_SHARED_PHRASES = (
    "A post shared by",
    "A photo posted by",
    "A video posted by",
    "Ein Beitrag geteilt von",
    "Une publication partagée par",
    "Una publicación compartida por",
    "Una publicación compartida de",
    "Un post condiviso da",
    "Uma publicação compartilhada por",
    "Een bericht gedeeld door",
    "Beitrag geteilt von",
)


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


@pytest.mark.parametrize("phrase", _SHARED_PHRASES)
def test_instagram_caption_phrase_matches_as_in_any_case(phrase: str) -> None:
    wrong = [
        first
        for first in FIRSTS
        if _spans(_SHARED_ANY_CASE, f"x {first}{phrase[1:]} N")
        != _spans(_attribution._INSTAGRAM_SHARED, f"x {first}{phrase[1:]} N")
    ]
    assert wrong == []
    for variant in (phrase.upper(), phrase.lower(), phrase.swapcase(), phrase.title()):
        text = f"… {variant}\tName"
        assert _spans(_attribution._INSTAGRAM_SHARED, text) == _spans(_SHARED_ANY_CASE, text)
        assert _spans(_attribution._INSTAGRAM_SHARED, text)


@given(
    st.lists(st.one_of(st.sampled_from(_SHARED_PHRASES), st.text(max_size=6)), max_size=8).map(
        " ".join
    )
)
def test_instagram_caption_phrase_agrees_on_any_text(text: str) -> None:
    assert _spans(_attribution._INSTAGRAM_SHARED, text) == _spans(_SHARED_ANY_CASE, text)


_TIME_TAILS = ("", "t 12:58", "m 0:31 Uhr", "2:58 PM", "12:58", " 12:58", "1:30)", "s 9:15", "x")


@pytest.mark.parametrize("lead", ["", " ", ",", ", ", " \u00a0", "\n  "])
def test_a_time_opens_where_the_shortcut_allows(lead: str) -> None:
    text = "July 1, 2025"
    missed = [
        first + tail
        for first in FIRSTS
        for tail in _TIME_TAILS
        if dates._TIME.match(text + lead + first + tail, len(text))
        and not dates._may_open_time(text + lead + first + tail, len(text), len(text) + 30)
    ]
    assert missed == []


@given(st.text(max_size=30))
def test_time_shortcut_never_hides_a_match(after: str) -> None:
    text = "1 July 2025" + after
    if dates._TIME.match(text, 11, len(text)):
        assert dates._may_open_time(text, 11, len(text))


_TWEET_MARKS = st.sampled_from(["@", "#", "t.co/x", "pic.twitter.com/x", "😀", "☀", "é", " ", "a"])


@given(st.lists(st.one_of(_TWEET_MARKS, st.text(max_size=4)), max_size=10).map("".join))
def test_tweetish_shortcut_agrees_with_its_pattern(line: str) -> None:
    assert _body._tweetish(line) == (_body._TWEETISH.search(line) is not None)


def test_tweetish_on_any_first_character() -> None:
    wrong = [
        line
        for first in FIRSTS
        for line in (first, f"x {first}", f"é {first}")
        if _body._tweetish(line) != (_body._TWEETISH.search(line) is not None)
    ]
    assert wrong == []


@given(
    st.lists(
        st.one_of(
            st.sampled_from(["shared by", "Geteilt von", "posted by", "(@", ") ", "]("]),
            st.text(max_size=40),
        ),
        max_size=8,
    ).map("".join),
    st.integers(min_value=0, max_value=400),
)
def test_instagram_hint_reads_the_window_before_the_handle(text: str, anchor: int) -> None:
    anchor = min(anchor, len(text))
    window = text[_attribution._caption_lookback(text, anchor) : anchor]
    expected = _attribution._INSTAGRAM_HINT.search(window) is not None
    assert _attribution._instagram_hint(text, anchor) == expected


_LINK_PIECES = st.sampled_from(
    [
        "http",
        "https://",
        "http://t.co/x",
        "pic.",
        "pic.twitter.com/",
        "pic.x.com/a",
        " ",
        "\n",
        "h",
        "p",
    ]
)


@given(st.lists(st.one_of(_LINK_PIECES, st.text(max_size=5)), max_size=12).map("".join))
def test_links_in_finds_what_the_pattern_finds(text: str) -> None:
    expected = [m.span() for m in _scripts.LINK.finditer(text)]
    assert [m.span() for m in _scripts.links_in(text)] == expected


def test_links_in_long_runs_without_spaces() -> None:
    # the pattern reads at most 300 characters after the opening: a link may open inside a run
    # that an earlier link's match stopped short of
    text = "https://" + "x" * 400 + "pic.twitter.com/a" + "y" * 290 + "http://b c"
    expected = [m.span() for m in _scripts.LINK.finditer(text)]
    assert [m.span() for m in _scripts.links_in(text)] == expected
    assert len(expected) >= 2


@given(st.text(alphabet=st.sampled_from(list('.!?。！？…"”»:)\n x')), max_size=6))
def test_terminal_end_reads_the_pattern_off_the_last_character(line: str) -> None:
    assert _body._terminal_end(line) == (_body._TERMINAL_END.search(line) is not None)


def test_terminal_end_on_any_last_character() -> None:
    wrong = [
        line
        for last in FIRSTS
        for line in (f"x{last}", f"x{last}\n", last)
        if _body._terminal_end(line) != (_body._TERMINAL_END.search(line) is not None)
    ]
    assert wrong == []
