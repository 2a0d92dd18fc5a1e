"""``as_utc``: the one conversion of remote times to UTC."""

from __future__ import annotations

import datetime as dt

from embedarchive._time import as_utc


def test_naive_times_are_utc_and_offsets_are_converted() -> None:
    assert as_utc(dt.datetime(2025, 7, 1, 12, 0)) == dt.datetime(2025, 7, 1, 12, 0, tzinfo=dt.UTC)
    eastern = dt.timezone(dt.timedelta(hours=-5))
    converted = as_utc(dt.datetime(2025, 7, 1, 23, 30, tzinfo=eastern))
    assert converted == dt.datetime(2025, 7, 2, 4, 30, tzinfo=dt.UTC)
    assert converted is not None and converted.tzinfo is dt.UTC


def test_an_offset_that_leaves_the_representable_years_gives_none() -> None:
    ahead = dt.timezone(dt.timedelta(hours=14))
    behind = dt.timezone(dt.timedelta(hours=-14))
    assert as_utc(dt.datetime(1, 1, 1, 0, 0, tzinfo=ahead)) is None
    assert as_utc(dt.datetime(9999, 12, 31, 23, 0, tzinfo=behind)) is None
