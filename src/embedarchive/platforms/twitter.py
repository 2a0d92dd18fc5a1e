"""Twitter/X: status-URL grammar, canonical URLs and snowflake ids (specs §1.5, §4)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

from embedarchive.models import Platform
from embedarchive.platforms._ref import PostRef

__all__ = [
    "HANDLE_RE",
    "PRE_SNOWFLAKE_MAX",
    "STATUS_URL_RE",
    "TWEPOCH_MS",
    "canonical_status_url",
    "id_range_for_day",
    "identify",
    "snowflake_time",
]

#: Milliseconds since the Unix epoch of snowflake time zero (2010-11-04T01:42:54.657Z).
TWEPOCH_MS: Final = 1288834974657
#: Ids below this are sequential pre-snowflake ids that carry no timestamp.
PRE_SNOWFLAKE_MAX: Final = 29700859247

HANDLE_RE: Final = re.compile(r"[A-Za-z0-9_]{1,15}")

# Every quantifier is bounded and the alternatives are disjoint, so matching is linear.
# The user alternative also matches "i" (of /i/status/); callers treat "i" as "unknown".
STATUS_URL_RE: Final = re.compile(
    r"(?:https?:)?(?://)?(?:(?:www|mobile|m)\.)?(?:twitter|x)\.com/(?:#!/)?"
    r"(?:(?P<user>[A-Za-z0-9_]{1,15})|i/web)/status(?:es)?/(?P<id>\d{1,20})(?!\d)",
    re.IGNORECASE,
)


def canonical_status_url(post_id: str, handle: str | None = None) -> str:
    """Return ``https://x.com/<handle>/status/<id>`` (``/i/status/<id>`` without a handle)."""
    if handle and handle.lower() != "i" and HANDLE_RE.fullmatch(handle):
        return f"https://x.com/{handle}/status/{post_id}"
    return f"https://x.com/i/status/{post_id}"


def identify(url: str) -> PostRef | None:
    """Parse a Twitter/X status URL; ``None`` when ``url`` is not one."""
    m = STATUS_URL_RE.match(url.strip())
    if m is None:
        return None
    post_id = str(int(m["id"]))
    user = m["user"]
    handle = user if user and user.lower() != "i" else None
    return PostRef(Platform.TWITTER, post_id, handle, canonical_status_url(post_id, handle))


def snowflake_time(post_id: str | int) -> dt.datetime | None:
    """Creation time (UTC) encoded in a snowflake id; ``None`` for pre-snowflake or bad ids."""
    try:
        value = int(post_id)
    except (TypeError, ValueError):
        return None
    if value < PRE_SNOWFLAKE_MAX or value >= 1 << 63:
        return None
    ms = (value >> 22) + TWEPOCH_MS
    return dt.datetime.fromtimestamp(ms / 1000, tz=dt.UTC)


def _day_start_ms(day: dt.date) -> int:
    start = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    return int(start.timestamp()) * 1000


def id_range_for_day(day: dt.date, slack_days: int = 0) -> tuple[int, int]:
    """Inclusive range of snowflake ids created on the UTC ``day`` (widened by ``slack_days``).

    Use it as a filter over known candidates; the range holds ~3.6e14 ids per day.
    """
    first = day - dt.timedelta(days=slack_days)
    after = day + dt.timedelta(days=slack_days + 1)
    lo = max(0, (_day_start_ms(first) - TWEPOCH_MS) << 22)
    hi = max(0, ((_day_start_ms(after) - TWEPOCH_MS) << 22) - 1)
    return lo, hi
