"""LinkedIn: feed-update URNs in post and embed URLs (specs §4.5, §5)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

from embedarchive.models import Platform
from embedarchive.platforms._ref import PostRef

__all__ = ["POST_URL_RE", "canonical_post_url", "identify", "urn_time"]

POST_URL_RE: Final = re.compile(
    r"https?://(?:www\.)?linkedin\.com/(?:embed/)?feed/update/"
    r"urn:li:(?P<kind>activity|share|ugcPost):(?P<id>\d{1,25})(?!\d)",
    re.IGNORECASE,
)


def canonical_post_url(kind: str, number: str) -> str:
    """``https://www.linkedin.com/feed/update/urn:li:<kind>:<n>/``."""
    return f"https://www.linkedin.com/feed/update/urn:li:{kind}:{number}/"


def identify(url: str) -> PostRef | None:
    """Parse a LinkedIn feed-update URL; the post id is the full URN."""
    m = POST_URL_RE.match(url.strip())
    if m is None:
        return None
    kind = {"activity": "activity", "share": "share", "ugcpost": "ugcPost"}[m["kind"].lower()]
    return PostRef(
        Platform.LINKEDIN, f"urn:li:{kind}:{m['id']}", None, canonical_post_url(kind, m["id"])
    )


def urn_time(number: str | int) -> dt.datetime | None:
    """Creation time (UTC) in the number of an activity/share URN (its top 41 bits are Unix ms)."""
    try:
        value = int(str(number).rsplit(":", 1)[-1])
    except ValueError:
        return None
    if value <= 0 or value >= 1 << 63:
        return None
    return dt.datetime.fromtimestamp((value >> 22) / 1000, tz=dt.UTC)
