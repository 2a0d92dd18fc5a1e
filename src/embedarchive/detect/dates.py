"""Parse the date lines of embedded posts ("July 1, 2025", "18. März 2018", "2019년 12월 1일").

The Twitter/X widget writes the UTC creation date in the CLDR "long" format of its UI language;
Bluesky, Facebook and old Instagram embeds add a time or a weekday. ``match_date`` recognises a
date that starts at a given offset of a larger text (scraped text glues dates to what follows) and
``parse_date`` a string that is only a date. Both accept native digits, odd whitespace (NBSP, line
breaks inside the date) and every language of ``_months.MONTHS``.

Matching is anchored and bounded: a handful of precompiled patterns, each with bounded
repetitions, are tried at one position and may read at most ``max_len`` + a small constant
characters, so callers can probe many positions in linear total time. A month token is matched
generically (letters and combining marks) and then looked up in a table, which keeps the patterns
small and the language tables readable.
"""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata
from collections.abc import Callable
from itertools import chain
from typing import Final, NamedTuple

from embedarchive.detect._months import MONTHS, WEEKDAYS

__all__ = ["DateMatch", "match_date", "parse_date"]

# Twitter launched in 2006; nothing older can be an embed date.
MIN_YEAR: Final = 2006
MAX_YEAR: Final = 2100
# Thai dates may count years in the Buddhist era (2568 BE = 2025 CE).
_BUDDHIST_OFFSET: Final = 543
# Extra characters a match may read beyond max_len (a trailing particle, lookaheads).
_SLACK: Final = 10


class DateMatch(NamedTuple):
    """A date found in a text: the calendar date, its span and a guess of the format's language."""

    date: datetime.date
    start: int
    end: int
    lang: str


def _mark_class() -> str:
    """Character class of combining marks (Indic vowel signs, Thai tone marks, Hebrew points...).

    Python's ``\\w`` excludes marks, but month names such as जुलाई or กุมภาพันธ์ need them.
    """
    ranges: list[tuple[int, int]] = []
    for cp in chain(range(0x300, 0x3000), range(0xFE20, 0xFE30)):
        if unicodedata.category(chr(cp)).startswith("M"):
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1] = (ranges[-1][0], cp)
            else:
                ranges.append((cp, cp))
    body = "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges)
    return f"[{body}\\u200c\\u200d]"


_LETTER: Final = rf"(?:[^\W\d_]|{_mark_class()})"
_WORD: Final = rf"{_LETTER}{{1,24}}"
# a required gap (any whitespace, including NBSP and line breaks; a text browser wraps a date
# onto an indented line: "Monday, 26\n     October 2020"), and an optional one
_S: Final = r"\s{1,12}"
_O: Final = r"\s{0,12}"
_H: Final = r"[^\S\n\r\f\v]"  # horizontal whitespace only: a time on the next line is not ours
_YEAR: Final = r"(?P<y>\d{4})(?!\d)"
_DAY: Final = r"(?P<d>\d{1,2})(?!\d)"
_NUM_MONTH: Final = r"(?P<m>\d{1,2})(?!\d)"
# Two Levantine Arabic month names are two words; everything else is one token, possibly with
# inner dots (Thai abbreviations like ก.ค.) and a trailing abbreviation dot ("Sept.").
# Irish has two two-word months too (Meán Fómhair, Deireadh Fómhair), and Scottish Gaelic
# writes two with the article glued by a hyphen (t-Sultain, t-Samhain).
_MONTH: Final = (
    rf"(?P<mon>(?:كانون|تشرين){_S}{_LETTER}{{2,10}}|(?:me[aá]n|deireadh){_S}f[oó]mhair"
    rf"|(?:t-)?{_WORD}(?:\.{_LETTER}{{1,4}}){{0,2}}\.?)"
)

_I: Final = re.IGNORECASE
_LEADING_SPACE: Final = re.compile(r"\s{0,12}")
# Direction and zero-width marks (LRM, RLM, embeddings, isolates, ZWSP, BOM) that right-to-left
# pages and copy-paste leave around names and dates; they carry nothing a reader sees.
MARKS: Final = "\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
_DROP_MARKS: Final = str.maketrans("", "", MARKS)

_DAY_FIRST: Final = re.compile(
    rf"(?<!\d){_DAY}(?P<dsuf>\.|er|ᵉʳ|st|nd|rd|th|º|°|ª|mh)?{_O}"
    rf"(?P<pre>de{_S}|d['’ʼ]{_O}|dhen{_S})?{_MONTH}"
    rf"{_O}[,،]?{_O}(?:(?:de|del){_S})?(?:(?P<era>ค\.ศ\.|พ\.ศ\.){_O})?{_YEAR}"
    rf"(?:{_O}(?P<part>г|р)(?:\.|(?!{_LETTER})))?",
    _I,
)
_MONTH_FIRST: Final = re.compile(
    rf"{_MONTH}{_O}{_DAY}(?:st|nd|rd|th)?(?:{_O},{_O}|{_S}){_YEAR}",
    _I,
)
# Hungarian "2025. július 1."
_YEAR_FIRST: Final = re.compile(rf"(?<!\d){_YEAR}\.{_O}{_MONTH}{_O}{_DAY}\.?", _I)
# Year, month, day in Bluesky's app languages: Lithuanian "2025 m. liepos 1 d.", Basque
# "2025(e)ko uztailaren 1(a)", Cornish "2025 mis Gortheren 1", Nepali "२०२५ जुलाई १",
# Esperanto "2025-Julio-01"; and Latvian, the day first: "2025. gada 1. jūlijs".
_YEAR_MONTH_DAY: Final = re.compile(
    rf"(?<!\d){_YEAR}(?:(?P<lt>{_S}m\.)|(?P<eu>\(e\)ko)|(?P<kw>{_S}mis))?(?:{_S}|(?P<eo>-))"
    rf"{_MONTH}(?(eo)-|{_S}){_DAY}(?:{_O}d\.(?!{_LETTER})|\(a\))?",
    _I,
)
_LATVIAN: Final = re.compile(rf"(?<!\d){_YEAR}\.{_S}gada{_S}{_DAY}\.{_O}{_MONTH}", _I)
# Japanese, Chinese and Korean: 2025年7月1日, 2016 年 9 月 23 日, 2019년 12월 1일.
_CJK: Final = re.compile(
    rf"(?<!\d){_YEAR}{_O}(?P<ys>年|년){_O}{_NUM_MONTH}{_O}(?:月|월){_O}{_DAY}{_O}(?:日|일|号)"
)
# Pre-2016 Japanese widget: "5月 11, 2012" and "2014, 12月 24".
_JA_MONTH_FIRST: Final = re.compile(rf"(?<!\d){_NUM_MONTH}{_O}月{_O}{_DAY}{_O},{_O}{_YEAR}")
_JA_YEAR_FIRST: Final = re.compile(rf"(?<!\d){_YEAR}{_O},{_O}{_NUM_MONTH}{_O}月{_O}{_DAY}")
# (Bluesky's Vietnamese puts the time first: "lúc 10:05 9 tháng 1, 2025")
_VIETNAMESE: Final = re.compile(
    rf"(?<!\d)(?:l(?:ú|u\u0301)c{_S}\d{{1,2}}:\d{{2}}{_S})?(?:ngày{_S})?{_DAY}{_S}"
    rf"th(?:á|a\u0301)ng{_O}{_NUM_MONTH}"
    rf"(?:{_O},{_O}|{_S}năm{_S}|{_S}){_YEAR}",
    _I,
)
# 2025-07-01, 2025/02/03 and RFC 3339 timestamps (Bluesky oEmbed).
_NUMERIC: Final = re.compile(
    rf"(?<!\d){_YEAR}(?P<sep>[-/]){_NUM_MONTH}(?P=sep){_DAY}"
    r"(?P<time>T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?",
    _I,
)
# " at 12:58 AM", " um 0:31 Uhr", " 17:24", ", 7:02am PST": part of the date line when present.
# (Bluesky's app languages add "a les" (ast), "am" (cy), "ag" (ga), "aig" (gd), "a" (ia),
# "je" (eo), "da" (br), "ing" (jv), and Basque's time in parentheses: "… 1(a) (10:05)")
_TIME: Final = re.compile(
    rf"(?:{_O},?{_O}(?:at|um|à|às|a{_S}las|a{_S}les|alle|om|kl\.?|klo\.?|o|в|lúc|am|ag|aig"
    rf"|a|je|da|ing){_S}|,?{_H}{{1,3}}(?=[01]?\d[:：]|2[0-3][:：])|{_H}{{1,3}}\((?=[0-2]?\d:\d\d\)))"
    rf"(?:[01]?\d|2[0-3])[:：][0-5]\d(?:[:：][0-5]\d)?\)?"
    rf"(?:{_H}{{0,2}}[ap]\.?{_H}?m\.?(?!{_LETTER}))?"
    rf"(?:{_H}{{1,2}}(?-i:Uhr|UTC|GMT|[A-Z]{{1,4}}T)(?!{_LETTER}))?",
    _I,
)
_WEEKDAY_BEFORE: Final = re.compile(rf"(?P<wd>{_WORD}(?:-{_WORD})?){_O},?{_S}")
_WEEKDAY_AFTER: Final = re.compile(rf",?{_S}(?P<wd>{_WORD}(?:-{_WORD})?)(?!{_LETTER})")


def _key(word: str) -> str:
    """Normalise a month or weekday spelling for lookup (case, Turkish i, whitespace, dot)."""
    folded = unicodedata.normalize("NFC", word).casefold()
    # Turkish İ folds to "i̇" and ı stays ı; map both to a plain i so MAYIS, Mayıs, mayis agree.
    folded = folded.replace("i\u0307", "i").replace("ı", "i")
    folded = folded.replace("\u200c", "").replace("\u200d", "").replace("\u00ad", "")
    return " ".join(folded.split()).rstrip(".")


def _unaccented(key: str) -> str | None:
    """The key without accents, for Latin/Greek/Cyrillic only (scraped text often drops them)."""
    bare = "".join(c for c in unicodedata.normalize("NFD", key) if not unicodedata.combining(c))
    if bare == key or any(ord(c) >= 0x530 for c in bare):
        return None
    return bare


def _build_month_table() -> dict[str, tuple[int, tuple[str, ...]]]:
    owners: dict[str, tuple[int, list[str]]] = {}
    for exact in (True, False):  # exact spellings first, so they win over accent-less variants
        for lang, months in MONTHS.items():
            for number, spellings in enumerate(months, start=1):
                for spelling in spellings.split("|"):
                    key = _key(spelling)
                    variant = key if exact else _unaccented(key)
                    if variant is None:
                        continue
                    month, langs = owners.setdefault(variant, (number, []))
                    if month == number and lang not in langs:
                        langs.append(lang)
    return {key: (month, tuple(langs)) for key, (month, langs) in owners.items()}


def _build_weekday_keys() -> frozenset[str]:
    keys = {_key(name) for names in WEEKDAYS.values() for name in names.split("|")}
    return frozenset(keys | {bare for key in keys if (bare := _unaccented(key))})


_MONTH_TABLE: Final = _build_month_table()
_WEEKDAY_KEYS: Final = _build_weekday_keys()


@functools.lru_cache(maxsize=4096)  # month words repeat on every date line; keys are short
def _lookup_month(token: str) -> tuple[int, tuple[str, ...]] | None:
    key = _key(token)
    hit = _MONTH_TABLE.get(key)
    if hit is None and (bare := _unaccented(key)) is not None:
        hit = _MONTH_TABLE.get(bare)
    return hit


@functools.lru_cache(maxsize=4096)
def _is_weekday(token: str) -> bool:
    key = _key(token)
    return key in _WEEKDAY_KEYS or _unaccented(key) in _WEEKDAY_KEYS


def _number(digits: str) -> int:
    """Value of a run of decimal digits in any script (Arabic-Indic, Devanagari, fullwidth...)."""
    if digits.isascii():
        return int(digits)
    value = 0
    for char in digits:
        value = value * 10 + unicodedata.digit(char)
    return value


def _make_date(year: int, month: int, day: int) -> datetime.date | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _pick_lang(langs: tuple[str, ...], prefer: tuple[str, ...]) -> str:
    for lang in prefer:
        if lang in langs:
            return lang
    return langs[0]


# A family returns (date, end offset, language, whether a time is already included) or None.
_Found = tuple[datetime.date, int, str, bool]
_Family = Callable[[str, int, int], _Found | None]


# Languages whose long format writes the day with a dot ("1. juli 2025").
_DOTTED_DAY: Final = ("de", "da", "no", "fi", "cs")


def _day_first(text: str, pos: int, endpos: int) -> _Found | None:
    m = _DAY_FIRST.match(text, pos, endpos)
    if m is None or (hit := _lookup_month(m["mon"])) is None:
        return None
    month, langs = hit
    year = _number(m["y"])
    if m["era"] == "พ.ศ." or ("th" in langs and year >= MIN_YEAR + _BUDDHIST_OFFSET):
        year -= _BUDDHIST_OFFSET
    found = _make_date(year, month, _number(m["d"]))
    if found is None:
        return None
    part, pre, dsuf = m["part"], (m["pre"] or "").casefold(), (m["dsuf"] or "").casefold()
    if part:
        prefer: tuple[str, ...] = ("ru",) if part.casefold() == "г" else ("uk",)
    elif m["era"]:
        prefer = ("th",)
    elif pre.startswith("d") and not pre.startswith("de"):
        prefer = ("ca",)
    elif pre or "de" in m.group(0).casefold().split():
        prefer = ("es", "pt", "ca")
    elif dsuf == ".":
        prefer = _DOTTED_DAY
    elif dsuf == "er":
        prefer = ("fr",)
    else:
        # English month names are capitalised ("19 december 2017" is Dutch, not British), and
        # without the day's dot German/Nordic readings are the less likely ones.
        skip = (*_DOTTED_DAY, "en") if m["mon"][:1].islower() else _DOTTED_DAY
        prefer = tuple(lang for lang in langs if lang not in skip)
    lang = _pick_lang(langs, prefer)
    return found, m.end(), "en-gb" if lang == "en" else lang, False


def _month_first(text: str, pos: int, endpos: int) -> _Found | None:
    m = _MONTH_FIRST.match(text, pos, endpos)
    if m is None or (hit := _lookup_month(m["mon"])) is None:
        return None
    month, langs = hit
    found = _make_date(_number(m["y"]), month, _number(m["d"]))
    return None if found is None else (found, m.end(), _pick_lang(langs, ("en",)), False)


def _year_first(text: str, pos: int, endpos: int) -> _Found | None:
    m = _YEAR_FIRST.match(text, pos, endpos)
    if m is None or (hit := _lookup_month(m["mon"])) is None:
        return None
    month, langs = hit
    found = _make_date(_number(m["y"]), month, _number(m["d"]))
    return None if found is None else (found, m.end(), _pick_lang(langs, ("hu",)), False)


def _year_month_day(text: str, pos: int, endpos: int) -> _Found | None:
    m = _YEAR_MONTH_DAY.match(text, pos, endpos) or _LATVIAN.match(text, pos, endpos)
    if m is None or (hit := _lookup_month(m["mon"])) is None:
        return None
    month, langs = hit
    found = _make_date(_number(m["y"]), month, _number(m["d"]))
    if found is None:
        return None
    groups = m.groupdict()
    marked = next((lang for lang in ("lt", "eu", "kw", "eo") if groups.get(lang)), None)
    lang = "lv" if m.re is _LATVIAN else (marked or _pick_lang(langs, ("ne",)))
    return found, m.end(), lang, False


def _numeric(pattern: re.Pattern[str], lang: Callable[[re.Match[str]], str]) -> _Family:
    def family(text: str, pos: int, endpos: int) -> _Found | None:
        m = pattern.match(text, pos, endpos)
        if m is None:
            return None
        found = _make_date(_number(m["y"]), _number(m["m"]), _number(m["d"]))
        has_time = bool(m.groupdict().get("time"))
        return None if found is None else (found, m.end(), lang(m), has_time)

    return family


_DIGIT_FAMILIES: Final[tuple[_Family, ...]] = (
    _numeric(_NUMERIC, lambda m: "und"),
    _numeric(_CJK, lambda m: "ko" if m["ys"] == "년" else ("zh" if " " in m.group(0) else "ja")),
    _numeric(_JA_YEAR_FIRST, lambda m: "ja"),
    _numeric(_JA_MONTH_FIRST, lambda m: "ja"),
    _year_first,
    _year_month_day,
    _day_first,
    _numeric(_VIETNAMESE, lambda m: "vi"),
)
_LETTER_FAMILIES: Final[tuple[_Family, ...]] = (_month_first, _numeric(_VIETNAMESE, lambda m: "vi"))


def _match_core(text: str, pos: int, endpos: int) -> _Found | None:
    if pos >= endpos:
        return None
    families = _DIGIT_FAMILIES if text[pos].isdecimal() else _LETTER_FAMILIES
    for family in families:
        found = family(text, pos, endpos)
        if found is not None:
            return found
    return None


# The default widget language writes "July 1, 2025"; most date lines are that, so it is tried
# first with one plain pattern before the general families.
_ENGLISH_MONTHS: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_ENGLISH: Final = re.compile(
    # (any whitespace between the parts: pretty-printed markup flattened as is breaks lines there)
    "("
    + "|".join(_ENGLISH_MONTHS)
    + r")\s{1,50}([1-9]|[12][0-9]|3[01]),\s{1,50}(20[0-9][0-9])(?![0-9])"
)
_ENGLISH_NUMBER: Final = {name: number for number, name in enumerate(_ENGLISH_MONTHS, start=1)}


def _english(text: str, pos: int, endpos: int) -> _Found | None:
    m = _ENGLISH.match(text, pos, endpos)
    if m is None:
        return None
    found = _make_date(int(m[3]), _ENGLISH_NUMBER[m[1]], int(m[2]))
    return None if found is None else (found, m.end(), "en", False)


def match_date(text: str, pos: int = 0, *, max_len: int = 60) -> DateMatch | None:
    """Match a date that starts at ``text[pos]`` (after optional whitespace).

    The date may be followed by anything (glued text, a closing bracket). A time after it
    (" at 12:58 AM", " um 0:31 Uhr", "T23:32:56.394Z") and a weekday before or after it
    ("Monday, ...", "... Pazartesi") are included in the span. Reads at most about ``max_len``
    characters from ``pos``. Returns None when no date starts there or ``pos`` is out of range.
    """
    if pos < 0 or pos > len(text):
        return None
    endpos = min(len(text), pos + max(max_len, 0) + _SLACK)
    begin = pos
    if text[pos : pos + 1].isspace():  # (most dates start right at ``pos``)
        start = _LEADING_SPACE.match(text, pos, endpos)
        begin = start.end() if start is not None else pos
    found = _english(text, begin, endpos) or _match_core(text, begin, endpos)
    if found is None:
        weekday = _WEEKDAY_BEFORE.match(text, begin, endpos)
        if weekday is None or not _is_weekday(weekday["wd"]):
            return None
        found = _match_core(text, weekday.end(), endpos)
        if found is None:
            return None
    date, end, lang, has_time = found
    if not has_time and _may_open_time(text, end, endpos):
        time = _TIME.match(text, end, endpos)
        if time is not None:
            end = time.end()
    weekday = _WEEKDAY_AFTER.match(text, end, endpos)
    if weekday is not None and _is_weekday(weekday["wd"]):
        end = weekday.end()
    return DateMatch(date, begin, end, lang)


# What a time after a date opens with, past its spacing and comma: the first letter of a word
# that introduces it ("at", "um", "à", "o", "в", … in any case, as the pattern reads them), a
# digit, or "(" ("(12:58)")
_TIME_FIRST: Final = frozenset("ADIJKLOUadijklouÀàİıВвᲀ\u212a(")


def _may_open_time(text: str, end: int, endpos: int) -> bool:
    """Whether a time may follow a date that ends at ``end`` (most dates end a line): spares
    a pattern that would try each of its words there."""
    i = end
    while i < endpos and (text[i].isspace() or text[i] == ","):
        i += 1
    return i < endpos and (text[i] in _TIME_FIRST or text[i].isdecimal())


def parse_date(text: str) -> datetime.date | None:
    """Parse a string that is exactly a date (surrounding whitespace allowed), else None."""
    stripped = text.translate(_DROP_MARKS).strip()
    if not stripped:
        return None
    found = match_date(stripped, 0, max_len=len(stripped))
    if found is None or found.end != len(stripped):
        return None
    return found.date
