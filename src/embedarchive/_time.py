"""Times read from remote answers and import files, in UTC."""

from __future__ import annotations

import datetime as dt

__all__ = ["as_utc"]


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
