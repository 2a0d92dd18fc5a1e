"""Times read from remote answers and import files, in UTC."""

from __future__ import annotations

import datetime as dt

__all__ = ["as_utc", "parse_timestamp"]


def as_utc(moment: dt.datetime) -> dt.datetime | None:
    """``moment`` in UTC (a time without an offset is taken as UTC), or ``None`` when the
    conversion leaves the years a ``datetime`` holds (an offset that moves year 1 or 9999
    out of range)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    try:
        return moment.astimezone(dt.UTC)
    except OverflowError:
        return None


def parse_timestamp(value: object) -> dt.datetime | None:
    """A platform's timestamp in UTC: ISO 8601 / RFC 3339 (``2025-07-01T12:33:21.000Z``) or the
    X API v1.1 form (``Wed Oct 10 20:19:24 +0000 2018``); ``None`` for anything else."""
    if not isinstance(value, str) or len(value) > MAX_TIMESTAMP:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = dt.datetime.strptime(value, "%a %b %d %H:%M:%S %z %Y")
        except ValueError:
            return None
    return as_utc(parsed)


MAX_TIMESTAMP = 64
