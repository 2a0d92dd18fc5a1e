"""Twitter/X URL grammar, canonical URLs and snowflake ids (specs §1.5, §4, §6)."""

from __future__ import annotations

import datetime as dt

import pytest

from embedarchive.platforms import twitter

UTC = dt.UTC


@pytest.mark.parametrize(
    ("url", "user", "post_id"),
    [
        (
            "https://twitter.com/sandiegozoo/status/1453110110599868418?ref_src=twsrc%5Etfw",
            "sandiegozoo",
            "1453110110599868418",
        ),
        (
            "https://x.com/sandiegozoo/status/1453110110599868418?ref_src=twsrc%5Etfw",
            "sandiegozoo",
            "1453110110599868418",
        ),
        (
            "https://twitter.com/martinfowler/statuses/463778573589823488",
            "martinfowler",
            "463778573589823488",
        ),
        ("https://twitter.com/#!/jack/status/20", "jack", "20"),
        ("http://www.twitter.com/Foo_Bar/status/123/photo/1", "Foo_Bar", "123"),
        ("https://mobile.twitter.com/a/status/1", "a", "1"),
        ("https://m.x.com/a/status/99/video/1", "a", "99"),
        (
            "https://twitter.com/OpenAI/status/2102808325742322002?s=20&t=abc",
            "OpenAI",
            "2102808325742322002",
        ),
        ("https://x.com/i/web/status/1641086480675225601", None, "1641086480675225601"),
        ("https://twitter.com/i/status/1641086480675225601", "i", "1641086480675225601"),
    ],
)
def test_status_url_grammar(url: str, user: str | None, post_id: str) -> None:
    m = twitter.STATUS_URL_RE.match(url)
    assert m is not None
    assert m["user"] == user
    assert m["id"] == post_id


@pytest.mark.parametrize(
    "url",
    [
        "https://twitter.com/sandiegozoo",
        "https://twitter.com/hashtag/python?src=hash",
        "https://nottwitter.com/a/status/1",
        "https://twitter.com/a_name_far_too_long_for_x/status/1",
        "https://twitter.com/a/status/",
    ],
)
def test_status_url_grammar_rejects(url: str) -> None:
    assert twitter.identify(url) is None


def test_identify_canonicalises() -> None:
    ref = twitter.identify("https://twitter.com/sandiegozoo/status/1453110110599868418?x=1")
    assert ref is not None
    assert ref.url == "https://x.com/sandiegozoo/status/1453110110599868418"
    assert ref.handle == "sandiegozoo"
    ref = twitter.identify("https://twitter.com/i/status/1453110110599868418")
    assert ref is not None
    assert ref.handle is None
    assert ref.url == "https://x.com/i/status/1453110110599868418"


def test_canonical_status_url() -> None:
    assert twitter.canonical_status_url("20", "jack") == "https://x.com/jack/status/20"
    assert twitter.canonical_status_url("20") == "https://x.com/i/status/20"
    assert twitter.canonical_status_url("20", "i") == "https://x.com/i/status/20"
    assert twitter.canonical_status_url("20", "not a handle") == "https://x.com/i/status/20"


@pytest.mark.parametrize(
    ("post_id", "expected"),
    [
        # specs §6 vectors 2, 4, 9, 11, 12 (derived from the snowflake formula)
        ("1453110110599868418", dt.datetime(2021, 10, 26, 21, 23, tzinfo=UTC)),
        ("666616452582129664", dt.datetime(2015, 11, 17, 13, 58, tzinfo=UTC)),
        ("2026092642623201379", dt.datetime(2026, 2, 24, 0, 31, tzinfo=UTC)),
        ("981410230763491328", dt.datetime(2018, 4, 4, 5, 56, tzinfo=UTC)),
        ("506975850596536320", dt.datetime(2014, 9, 3, 1, 23, tzinfo=UTC)),
    ],
)
def test_snowflake_time_vectors(post_id: str, expected: dt.datetime) -> None:
    got = twitter.snowflake_time(post_id)
    assert got is not None
    assert got.replace(second=0, microsecond=0) == expected


def test_snowflake_time_exact_legacy_datetime() -> None:
    # §4.4: data-datetime="2012-12-25T17:36:40+00:00" == snowflake time truncated to seconds
    got = twitter.snowflake_time(283627332974047232)
    assert got == dt.datetime(2012, 12, 25, 17, 36, 40, 379000, tzinfo=UTC)


@pytest.mark.parametrize("value", ["20", "3579860805", 29700859246, "nope", "", -5, "1" * 40])
def test_snowflake_time_none_outside_snowflakes(value: str | int) -> None:
    assert twitter.snowflake_time(value) is None


def test_snowflake_time_boundary() -> None:
    assert twitter.snowflake_time(twitter.PRE_SNOWFLAKE_MAX) is not None


def test_id_range_for_day_matches_spec() -> None:
    assert twitter.id_range_for_day(dt.date(2025, 7, 1)) == (
        1939836346168246272,
        1940198734033846271,
    )


def test_id_range_for_day_is_inclusive_and_contiguous() -> None:
    lo, hi = twitter.id_range_for_day(dt.date(2021, 10, 26))
    assert lo <= 1453110110599868418 <= hi
    next_lo, _ = twitter.id_range_for_day(dt.date(2021, 10, 27))
    assert next_lo == hi + 1
    start = twitter.snowflake_time(lo)
    end = twitter.snowflake_time(hi)
    assert start is not None
    assert end is not None
    assert start == dt.datetime(2021, 10, 26, tzinfo=UTC)
    assert end.date() == dt.date(2021, 10, 26)


def test_id_range_for_day_slack() -> None:
    lo, hi = twitter.id_range_for_day(dt.date(2025, 7, 1), slack_days=1)
    assert (lo, hi) == (
        twitter.id_range_for_day(dt.date(2025, 6, 30))[0],
        twitter.id_range_for_day(dt.date(2025, 7, 2))[1],
    )


def test_handle_re() -> None:
    assert twitter.HANDLE_RE.fullmatch("rajnathsingh")
    assert twitter.HANDLE_RE.fullmatch("a" * 15)
    assert not twitter.HANDLE_RE.fullmatch("a" * 16)
    assert not twitter.HANDLE_RE.fullmatch("emilyliu.me")
