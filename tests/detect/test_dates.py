"""Tests for the date-line parser (embedarchive.detect.dates)."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from embedarchive.detect import _months
from embedarchive.detect.dates import DateMatch, match_date, parse_date

try:
    from tests.shared import shared_path
except ImportError:  # tests/ itself on sys.path (rootdir-less runs)
    from shared import shared_path  # type: ignore[no-redef]

D = dt.date
JULY_1 = D(2025, 7, 1)
SNOWFLAKE_EPOCH_MS = 1288834974657


def snowflake_date(status_id: int) -> dt.date:
    """UTC calendar date of a Twitter snowflake id."""
    created_ms = (status_id >> 22) + SNOWFLAKE_EPOCH_MS
    return dt.datetime.fromtimestamp(created_ms / 1000, tz=dt.UTC).date()


# Verbatim dates from real embeds (specs/embed_formats.md §2.2, §5) with the language they show.
CONFIRMED = [
    ("October 26, 2021", D(2021, 10, 26), "en"),
    ("July 1, 2025", JULY_1, "en"),
    ("Jul 1, 2025", JULY_1, "en"),
    ("Sept. 13, 2017", D(2017, 9, 13), "en"),
    ("28 September 2018", D(2018, 9, 28), "en-gb"),
    ("4 de abril de 2018", D(2018, 4, 4), "es"),
    ("13 de septiembre de 2017", D(2017, 9, 13), "es"),
    ("17 de febrero de 2014", D(2014, 2, 17), "es"),
    ("5 de fevereiro de 2017", D(2017, 2, 5), "pt"),
    ("4 de março de 2019", D(2019, 3, 4), "pt"),
    ("27 de agosto de 2009", D(2009, 8, 27), "es"),  # es and pt spell it alike
    ("16 de novembre de 2018", D(2018, 11, 16), "ca"),
    ("25 d’agost de 2017", D(2017, 8, 25), "ca"),
    ("25 d'agost de 2017", D(2017, 8, 25), "ca"),
    ("19 décembre 2018", D(2018, 12, 19), "fr"),
    ("8 février 2018", D(2018, 2, 8), "fr"),
    ("29 août 2017", D(2017, 8, 29), "fr"),
    ("1er juillet 2025", JULY_1, "fr"),
    ("17 dicembre 2017", D(2017, 12, 17), "it"),
    ("25 novembre 2016", D(2016, 11, 25), "fr"),  # fr and it spell it alike
    ("23 maggio 2021", D(2021, 5, 23), "it"),
    ("19 december 2017", D(2017, 12, 19), "nl"),
    ("12 januari 2017", D(2017, 1, 12), "nl"),
    ("17 februari 2019", D(2019, 2, 17), "nl"),
    ("23. November 2015", D(2015, 11, 23), "de"),
    ("18. März 2018", D(2018, 3, 18), "de"),
    ("18. Maerz 2018", D(2018, 3, 18), "de"),
    ("2. April 2017", D(2017, 4, 2), "de"),
    ("8 marca 2018", D(2018, 3, 8), "pl"),
    ("19 maja 2016", D(2016, 5, 19), "pl"),
    ("3 stycznia 2016", D(2016, 1, 3), "pl"),
    ("20 lipca 2015", D(2015, 7, 20), "pl"),
    ("7 czerwca 2018", D(2018, 6, 7), "pl"),
    ("24 марта 2019 г.", D(2019, 3, 24), "ru"),
    ("7 июля 2016 г.", D(2016, 7, 7), "ru"),
    ("7 июля 2016\nг.", D(2016, 7, 7), "ru"),
    ("11 декабря 2016 г.", D(2016, 12, 11), "ru"),
    ("1 Mayıs 2018", D(2018, 5, 1), "tr"),
    ("13 Kasım 2016", D(2016, 11, 13), "tr"),
    ("15 Şubat 2016", D(2016, 2, 15), "tr"),
    ("27 Ocak 2018", D(2018, 1, 27), "tr"),
    ("22 Maret 2019", D(2019, 3, 22), "id"),
    ("2018年4月12日", D(2018, 4, 12), "ja"),
    ("2025年1月21日", D(2025, 1, 21), "ja"),
    ("2011年5月4日", D(2011, 5, 4), "ja"),
    ("2019년 12월 1일", D(2019, 12, 1), "ko"),
    ("2017년 3월 19일", D(2017, 3, 19), "ko"),
    ("2020年9月25日", D(2020, 9, 25), "ja"),
    ("2010年1月6日", D(2010, 1, 6), "ja"),
    ("2016 年 9 月 23 日", D(2016, 9, 23), "zh"),
    ("5月 11, 2012", D(2012, 5, 11), "ja"),
    ("1月 22, 2013", D(2013, 1, 22), "ja"),
    ("2014, 12月 24", D(2014, 12, 24), "ja"),
    ("2015, 4月 6", D(2015, 4, 6), "ja"),
    ("2025/02/03", D(2025, 2, 3), "und"),
    ("2025-07-01", JULY_1, "und"),
    ("2025-09-21T23:32:56.394Z", D(2025, 9, 21), "und"),
    ("November 25, 2024 at 12:58 AM", D(2024, 11, 25), "en"),
    ("November 25, 2024 at 12:58\u202fAM", D(2024, 11, 25), "en"),
    ("2025年4月15日 17:24", D(2025, 4, 15), "ja"),
    ("Apr 21, 2024 at 15:09", D(2024, 4, 21), "en"),
    ("Monday, September 12, 2016", D(2016, 9, 12), "en"),
    ("Monday, 26 October 2020", D(2020, 10, 26), "en-gb"),
    ("Jueves, 12 de noviembre de 2020", D(2020, 11, 12), "es"),
    ("9 Ocak 2017 Pazartesi", D(2017, 1, 9), "tr"),
    ("Nov 10, 2016 at 7:02am PST", D(2016, 11, 10), "en"),
    ("Mär 12, 2018 um 12:30 PDT", D(2018, 3, 12), "de"),
    ("23. Okt 2017 um 0:31 Uhr", D(2017, 10, 23), "de"),
]

# CLDR "long" predictions for 1 July 2025 (specs §2.3) plus close variants.
PREDICTED = [
    ("1 يوليو 2025", "ar"),
    ("1 تموز 2025", "ar"),
    ("1 জুলাই, 2025", "bn"),
    ("1. července 2025", "cs"),
    ("1. juli 2025", "de"),  # da/no/de share it; the dot says German-style
    ("1 Ιουλίου 2025", "el"),
    ("1 ژوئیه 2025", "fa"),
    ("1. heinäkuuta 2025", "fi"),
    ("Hulyo 1, 2025", "fil"),
    ("1 ביולי 2025", "he"),
    ("1 जुलाई 2025", "hi"),
    ("2025. július 1.", "hu"),
    ("1 Julai 2025", "ms"),
    ("1 iulie 2025", "ro"),
    ("1 juli 2025", "nl"),
    ("1 กรกฎาคม ค.ศ. 2025", "th"),
    ("1 กรกฎาคม 2568", "th"),
    ("1 ก.ค. 2568", "th"),
    ("1 липня 2025 р.", "uk"),
    ("1 юли 2025 г.", "bg"),  # Bluesky, a Bulgarian embedder's locale
    ("1 جولائی، 2025", "ur"),
    ("1 tháng 7, 2025", "vi"),
    ("ngày 1 tháng 7 năm 2025", "vi"),
    ("2025年7月1日", "ja"),
]

NATIVE_DIGITS = [
    "١ يوليو ٢٠٢٥",  # Arabic-Indic
    "۱ ژوئیه ۲۰۲۵",  # Extended Arabic-Indic (Persian)
    "۱ جولائی، ۲۰۲۵",  # Urdu
    "१ जुलाई २०२५",  # Devanagari
    "১ জুলাই, ২০২৫",  # Bengali
    "๑ กรกฎาคม ๒๕๖๘",  # Thai digits, Buddhist era
    "２０２５年７月１日",  # fullwidth
    "２０２５-０７-０１",
]

NEGATIVES = [
    "",
    "May",
    "march",
    "March 2019",
    "2025",
    "1 2025",
    "Feb 30, 2020",
    "February 29, 2019",
    "31 April 2018",
    "12 monkeys 2020",
    "July 1, 1999",
    "July 1, 2101",
    "July 1, 20255",
    "July 123, 2025",
    "Julyy 1, 2025",
    "2025-13-01",
    "2025-02-30",
    "2025/7",
    "2025年13月1日",
    "The meeting in May was long.",
    "On 3 occasions in 2020 we met.",
    "Monday, the 12th",
    "Monday, 2025",
]


@pytest.mark.parametrize(("text", "expected", "lang"), CONFIRMED)
def test_confirmed_formats(text: str, expected: dt.date, lang: str) -> None:
    assert parse_date(text) == expected
    found = match_date(text)
    assert found == DateMatch(expected, 0, len(text), lang)


@pytest.mark.parametrize(("text", "lang"), PREDICTED)
def test_cldr_predictions_for_1_july_2025(text: str, lang: str) -> None:
    found = match_date(text)
    assert found is not None
    assert (found.date, found.start, found.end, found.lang) == (JULY_1, 0, len(text), lang)


@pytest.mark.parametrize("text", NATIVE_DIGITS)
def test_native_digits(text: str) -> None:
    assert parse_date(text) == JULY_1


@pytest.mark.parametrize("text", NEGATIVES)
def test_negatives(text: str) -> None:
    assert parse_date(text) is None
    assert match_date(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "1 MAYIS 2018",
        "1 mayis 2018",
        "1 MAYİS 2018",
        "15 ŞUBAT 2016",
        "18. MÄRZ 2018",
        "18. marz 2018",
        "19 decembre 2018",
        "july 1, 2025",
        "JULY 1, 2025",
        "1 ΙΟΥΛΊΟΥ 2025",
        "1 ИЮЛЯ 2025 Г.",
    ],
)
def test_case_and_accent_insensitive(text: str) -> None:
    assert parse_date(text) is not None


@pytest.mark.parametrize("space", ["\u00a0", "\u202f", "\u2009", "\n", "  ", "\r\n"])
def test_odd_whitespace_inside_the_date(space: str) -> None:
    assert parse_date(f"24{space}марта{space}2019{space}г.") == D(2019, 3, 24)
    assert parse_date(f"July{space}1,{space}2025") == JULY_1
    assert parse_date(f"18.{space}März{space}2018") == D(2018, 3, 18)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("July 1st, 2025", JULY_1),
        ("1st July 2025", JULY_1),
        ("1º de julio de 2025", JULY_1),
        ("1 de julho de 2025", JULY_1),
        ("1. Juli 2025 um 15:09", JULY_1),
        ("1 juillet 2025 à 15:09", JULY_1),
        ("1 de julio de 2025, 15:09", JULY_1),
        ("1 July 2025 at 15:09", JULY_1),
        ("Dienstag, 1. Juli 2025", JULY_1),
        ("terça-feira, 1 de julho de 2025", JULY_1),
        ("١ كانون الثاني ٢٠٢٥", D(2025, 1, 1)),
        ("2025-07-01T10:00:00+02:00", JULY_1),
    ],
)
def test_variants_seen_in_other_tools(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


def test_glued_continuation_ends_after_the_year() -> None:
    found = match_date("July 1, 2025यावर्षी")
    assert found is not None
    assert (found.date, found.start, found.end) == (JULY_1, 0, 12)
    assert parse_date("July 1, 2025यावर्षी") is None


def test_match_at_an_offset_and_on_the_next_line() -> None:
    line = "— Rajnath Singh (@rajnathsingh) July 1, 2025Glad to speak"
    pos = line.index(")") + 1
    found = match_date(line, pos)
    assert found is not None
    assert line[found.start : found.end] == "July 1, 2025"
    text = "— San Diego Zoo (@sandiegozoo) \nOctober 26, 2021\n"
    found = match_date(text, text.index(")") + 1)
    assert found is not None
    assert text[found.start : found.end] == "October 26, 2021"
    assert found.date == D(2021, 10, 26)


@pytest.mark.parametrize(
    ("text", "span_text"),
    [
        ("November 25, 2024 at 12:58 AM]", "November 25, 2024 at 12:58 AM"),
        ("2025-09-21T23:32:56.394Z and more", "2025-09-21T23:32:56.394Z"),
        ("7 июля 2016\nг. Подробнее", "7 июля 2016\nг."),
        ("July 1, 2025\n12:30 is not ours", "July 1, 2025"),
        ("July 1, 2025 at noon", "July 1, 2025"),
        ("May 2, 2019 at 3:00pm PDT", "May 2, 2019 at 3:00pm PDT"),
        ("Posted on Monday, September 12, 2016.", None),
    ],
)
def test_span_includes_time_and_particles_only(text: str, span_text: str | None) -> None:
    found = match_date(text)
    if span_text is None:
        assert found is None
    else:
        assert found is not None
        assert text[found.start : found.end] == span_text


def test_pos_out_of_range_and_leading_digit_guard() -> None:
    assert match_date("July 1, 2025", -1) is None
    assert match_date("July 1, 2025", 99) is None
    assert match_date("July 1, 2025", 12) is None
    # Starting inside a number must not turn "2024 July" into a day.
    assert match_date("124 July 2025", 1) is None


def test_max_len_bounds_what_is_read() -> None:
    text = "Wednesday, 18 November 2015 at 12:58 AM PST"
    assert match_date(text, max_len=5) is None
    found = match_date(text)
    assert found is not None
    assert found.end == len(text)


def test_month_tables_are_consistent() -> None:
    from embedarchive.detect.dates import _key, _unaccented

    months: dict[str, int] = {}
    for lang, table in _months.MONTHS.items():
        assert len(table) == 12, lang
        for number, spellings in enumerate(table, start=1):
            for spelling in spellings.split("|"):
                key = _key(spelling)
                for variant in (key, _unaccented(key)):
                    if variant is not None:
                        assert months.setdefault(variant, number) == number, (lang, spelling)
    weekdays = {_key(w) for names in _months.WEEKDAYS.values() for w in names.split("|")}
    assert len(weekdays) >= 70
    assert not weekdays & months.keys()


# --- real material from ../shared -------------------------------------------------------------


def _last_links(name: str) -> list[tuple[str, str]]:
    soup = BeautifulSoup(shared_path("fixtures", "embeds", name).read_text("utf-8"), "html.parser")
    out = []
    for quote in soup.find_all("blockquote"):
        links = quote.find_all("a")
        if links:
            out.append((links[-1].get_text(), str(links[-1].get("href", ""))))
    return out


def test_localized_dates_fixture_matches_snowflake_time() -> None:
    links = _last_links("twitter_blockquote_localized_dates.html")
    assert len(links) >= 25
    for text, href in links:
        status = re.search(r"/status(?:es)?/(\d+)", href)
        assert status is not None, href
        parsed = parse_date(text)
        assert parsed is not None, text
        assert abs(parsed - snowflake_date(int(status.group(1)))) <= dt.timedelta(days=1), text


def test_legacy_fixture_dates_match_snowflake_time() -> None:
    checked = 0
    for text, href in _last_links("twitter_blockquote_legacy_and_variants.html"):
        status = re.search(r"/status(?:es)?/(\d+)", href)
        parsed = parse_date(text)
        if status is None or parsed is None:
            continue
        assert abs(parsed - snowflake_date(int(status.group(1)))) <= dt.timedelta(days=1), text
        checked += 1
    assert checked >= 12


@pytest.mark.parametrize("name", ["bluesky_embeds.html", "facebook_fb_post_embeds.html"])
def test_other_platform_date_links_parse(name: str) -> None:
    texts = [text for text, _ in _last_links(name)]
    assert texts
    assert all(parse_date(text) is not None for text in texts), texts


@pytest.mark.corpus
def test_corpus_truth_dates() -> None:
    rows = [
        json.loads(line)
        for line in shared_path("corpus", "truth.jsonl").read_text("utf-8").splitlines()
        if line.strip()
    ]
    dated = [row for row in rows if row.get("date_text")]
    assert len(dated) >= 200
    for row in dated:
        expected = dt.date.fromisoformat(row["date"])
        assert parse_date(row["date_text"]) == expected, row["date_text"]


def test_marathi_example_date_span() -> None:
    expected = json.loads(
        shared_path("fixtures", "embeds", "marathi_article_expected_parse.json").read_text("utf-8")
    )
    text = shared_path("examples", "marathi_article.txt").read_text("utf-8")
    handle = f"(@{expected['screen_name']})"
    found = match_date(text, text.index(handle) + len(handle))
    assert found is not None
    assert found.date == dt.date.fromisoformat(expected["date"])
    assert text[found.start : found.end] == expected["date_text"]
    assert found.end == expected["span"]["end"]


@pytest.mark.parametrize("name", ["text_renderings_real.txt", "text_renderings_generated.md"])
def test_text_renderings_dash_lines(name: str) -> None:
    text = shared_path("fixtures", "embeds", name).read_text("utf-8")
    handles = list(re.finditer(r"\(@\w{1,15}\)\]?\s{0,3}\[?", text))
    assert len(handles) >= 8
    found = 0
    for handle in handles:
        tail = text[handle.end() : handle.end() + 3]
        if not tail.strip() or not tail[0].isalnum():
            continue  # a dash line whose date was lost
        hit = match_date(text, handle.end())
        assert hit is not None, text[handle.end() : handle.end() + 40]
        assert 2012 <= hit.date.year <= 2026
        found += 1
    assert found >= 8


# --- properties ---------------------------------------------------------------------------------

_ALPHABET = st.sampled_from(
    [
        *"0123456789 ,.-/:年月日년월일г.р\n\u00a0",
        *("July", "Juli", "mayıs", "de", "d’", "at", "AM", "Monday", "ก.ค.", "١", "२", "T", "Z"),
    ]
)
_TEXTS = st.one_of(st.text(max_size=80), st.lists(_ALPHABET, max_size=30).map("".join))


@settings(max_examples=400, deadline=None)
@given(_TEXTS, st.integers(min_value=-5, max_value=90), st.integers(min_value=0, max_value=80))
def test_match_date_never_raises_and_stays_in_bounds(text: str, pos: int, max_len: int) -> None:
    found = match_date(text, pos, max_len=max_len)
    if found is not None:
        assert 0 <= pos <= found.start < found.end <= len(text)
        assert found.end <= pos + max_len + 10
        assert 2006 <= found.date.year <= 2100


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_parse_date_agrees_with_full_match(text: str) -> None:
    stripped = text.strip()
    found = match_date(stripped, max_len=len(stripped))
    parsed = parse_date(text)
    if found is not None and found.start == 0 and found.end == len(stripped):
        assert parsed == found.date
    else:
        assert parsed is None


@settings(max_examples=200, deadline=None)
@given(_TEXTS, st.integers(min_value=0, max_value=40))
def test_result_depends_only_on_the_window(text: str, pos: int) -> None:
    assert match_date(text, pos) == match_date(text[: pos + 70], pos)


_TEMPLATES = {
    "en": "{month} {d}, {y}",
    "de": "{d}. {month} {y}",
    "es": "{d} de {month} de {y}",
    "ru": "{d} {month} {y} г.",
    "pl": "{d} {month} {y}",
    "tr": "{d} {month} {y}",
    "hu": "{y}. {month} {d}.",
    "el": "{d} {month} {y}",
    "hi": "{d} {month} {y}",
    "ar": "{d} {month} {y}",
    "th": "{d} {month} {y}",
    "fil": "{month} {d}, {y}",
}


@settings(max_examples=300, deadline=None)
@given(
    st.dates(min_value=D(2006, 1, 1), max_value=D(2100, 12, 31)),
    st.sampled_from(sorted(_TEMPLATES)),
    st.integers(min_value=0, max_value=5),
    st.sampled_from(["", "Glued text", " and more", "]", "\n\nNext paragraph"]),
)
def test_rendered_dates_round_trip(date: dt.date, lang: str, form: int, tail: str) -> None:
    spellings = _months.MONTHS[lang][date.month - 1].split("|")
    text = _TEMPLATES[lang].format(month=spellings[form % len(spellings)], d=date.day, y=date.year)
    assert parse_date(text) == date
    found = match_date(text + tail)
    assert found is not None
    assert (found.date, found.end) == (date, len(text))


def test_native_digit_conversion_matches_unicodedata() -> None:
    for zero in ("0", "٠", "۰", "०", "০", "๐", "０"):
        digits = "".join(chr(ord(zero) + int(c)) for c in "2025")
        assert unicodedata.digit(digits[-1]) == 5
        assert parse_date(f"{digits}-07-01") == JULY_1


def test_adversarial_megabyte_completes() -> None:
    chunk = "1 July 2025 May 12 2019 2025年12月 de de de 31. März 123456789 Ιουλίου ١٢٣ "
    text = (chunk * (1_000_000 // len(chunk) + 1))[:1_000_000]
    digits = "7" * 1_000_000
    hits = 0
    for big in (text, digits):
        for pos in range(0, len(big), 1000):
            if match_date(big, pos) is not None:
                hits += 1
    assert hits > 0


_BLUESKY_APP = json.loads(
    (Path(__file__).parent.parent / "data" / "bluesky_app_dates.json").read_text(encoding="utf-8")
)
_BLUESKY_CASES = [
    (lang, line, dt.date.fromisoformat(day))
    for lang, lines in sorted(_BLUESKY_APP["lines"].items())
    for line, day in zip(lines, _BLUESKY_APP["dates"], strict=True)
]


# The app languages whose month names this project added for Bluesky's dates, and those
# whose time connector the date matcher knows (the time is then part of the span).
_BLUESKY_ADDED = {"am", "ast", "az", "br", "cy", "eo", "eu", "fy", "ga", "gd", "gl", "haw"}
_BLUESKY_ADDED |= {"ia", "kab", "km", "kw", "lt", "lv", "ne"}
_TIME_IN_SPAN = _BLUESKY_ADDED - {"am", "az", "kab", "km", "ne"} | {"en", "fr", "de", "es"}


@pytest.mark.parametrize(("lang", "line", "expected"), _BLUESKY_CASES)
def test_bluesky_app_languages(lang: str, line: str, expected: dt.date) -> None:
    # Bluesky's embed dialog writes the date and time in the app's language (ICU's output)
    found = match_date(line)
    assert found is not None, line
    assert found.date == expected
    # (the language is a guess: May is "may", "Mai", "maio" or "Mei" in several languages)
    if lang in _BLUESKY_ADDED and expected.month != 5:
        assert found.lang == lang
    if lang in _TIME_IN_SPAN:
        assert found.end == len(line), line


def test_bluesky_app_language_dates_in_an_attribution_line() -> None:
    from embedarchive import parse_text

    for lang, line, expected in _BLUESKY_CASES:
        text = f"Ferries every twenty minutes tonight.\n— Harbour (@harbour.bsky.social) {line}\n"
        (embed,) = parse_text(text)
        assert (embed.handle, embed.date) == ("harbour.bsky.social", expected), (lang, line)


@pytest.mark.parametrize(
    "text",
    [
        "2025 mis 9",  # no month
        "2025-Foo-09",
        "2025(e)ko foo 9(a)",
        "2025. gada 9. foo",
        "lúc 10:05 hôm qua",
        "9mh dhen Foo 2025",
    ],
)
def test_bluesky_app_language_shapes_need_a_month(text: str) -> None:
    assert match_date(text) is None
