"""Which writing system a line of text is in (Latin, Cyrillic, Devanagari, CJK, ...).

A change of script between an article and the post it quotes (a Marathi article around an
English post) is the clearest boundary plain text has. Links and @mentions are left out: they
are ASCII whatever the language.
"""

from __future__ import annotations

import re
from typing import Final

LINK: Final = re.compile(r"(?:https?://|pic\.twitter\.com/|pic\.x\.com/)\S{1,300}")


def links_in(text: str) -> list[re.Match[str]]:
    """What ``LINK.finditer(text)`` finds, tried only where "http" or "pic." opens.

    (The pattern opens with "h" or "p", so sre would test every character of the text against
    that class and try a match at each "h" and "p"; two substring searches find the only
    places where a link can start.)
    """
    found: list[re.Match[str]] = []
    http = text.find("http")
    pic = text.find("pic.")
    while http != -1 or pic != -1:
        at = pic if http == -1 or (pic != -1 and pic < http) else http
        link = LINK.match(text, at)
        pos = link.end() if link is not None else at + 1
        if link is not None:
            found.append(link)
        if http != -1 and http < pos:
            http = text.find("http", pos)
        if pic != -1 and pic < pos:
            pic = text.find("pic.", pos)
    return found


def line_script(content: str) -> str | None:
    """The dominant writing system of a line (Latin, Devanagari, CJK, ...), ignoring links.

    None when the line has too few letters to tell (a hashtag, a number, an emoji).
    """
    chunk = content[:400]
    if "://" in chunk or "pic." in chunk:
        chunk = LINK.sub(" ", chunk)
    if "@" in chunk:
        chunk = _MENTION.sub(" ", chunk)  # handles are ASCII whatever the post's language
    if "[image or embed]" in chunk:
        chunk = chunk.replace("[image or embed]", " ")  # Bluesky's media placeholder, in English
    if chunk.isascii():  # the common case: are there eight letters at all?
        return "latin" if _EIGHT_ASCII_LETTERS.match(chunk) else None
    if _NON_LATIN_LETTER.search(chunk) is None:  # Latin with accents, curly quotes, dashes
        return "latin" if _EIGHT_LATIN_LETTERS.match(chunk) else None
    return letters_script(chunk, more_than=7)


# letters and non-letters are disjoint, so this stops after the eighth letter without backtracking
_EIGHT_ASCII_LETTERS: Final = re.compile(r"(?:[^A-Za-z]{0,400}[A-Za-z]){8}")
_LATIN: Final = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_EIGHT_LATIN_LETTERS: Final = re.compile(rf"(?:[^{_LATIN}]{{0,400}}[{_LATIN}]){{8}}")
# A letter of any script the table below knows other than Latin.
_NON_LATIN_LETTER: Final = re.compile(
    "[\u0370-\u03ff\u0400-\u052f\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff"
    "\u0900-\u0e7f\u1100-\u11ff\u1f00-\u1fff\u3040-\u30ff\u3130-\u318f\u3400-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\ufb50-\ufdff\ufe70-\ufeff\uff00-\uffef]"
)
_MENTION: Final = re.compile(r"@\w{1,30}")
# Letters of the writing systems news articles come in; one C-speed scan each.
_SCRIPTS: Final = tuple(
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


def letters_script(chunk: str, more_than: int = 0) -> str | None:
    """The writing system most letters of ``chunk`` are in, if it has over ``more_than``."""
    best, most = None, more_than
    for name, letters in _SCRIPTS:
        n = len(letters.findall(chunk))
        if n > most:
            best, most = name, n
    return best
