"""Mastodon: status URLs on any instance and snowflake-like status ids (specs §4.5, §5)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

from embedarchive.models import Platform
from embedarchive.platforms._ref import PostRef

__all__ = ["STATUS_URL_RE", "canonical_status_url", "identify", "status_time"]

# https://<host>/@user/<id>, /@user@remote/<id>, /users/<user>/statuses/<id>, optional /embed;
# Truth Social (a Mastodon server) also links /@user/posts/<id>.
STATUS_URL_RE: Final = re.compile(
    r"https?://(?P<host>[A-Za-z0-9][A-Za-z0-9.\-]{0,252}\.[A-Za-z]{2,63})"
    r"/(?:@(?P<user>[A-Za-z0-9_]{1,30})(?:@[A-Za-z0-9.\-]{1,253})?(?:/posts)?"
    r"|users/(?P<user2>[A-Za-z0-9_]{1,30})/statuses)"
    r"/(?P<id>\d{1,20})(?![\d])",
    re.IGNORECASE,
)


def canonical_status_url(host: str, user: str, status_id: str) -> str:
    """``https://<host>/@<user>/<id>``."""
    return f"https://{host.lower()}/@{user}/{status_id}"


def identify(url: str) -> PostRef | None:
    """Parse a Mastodon status URL; the handle is ``user@host``."""
    m = STATUS_URL_RE.match(url.strip())
    if m is None:
        return None
    host = m["host"].lower()
    user = m["user"] or m["user2"]
    return PostRef(
        Platform.MASTODON, m["id"], f"{user}@{host}", canonical_status_url(host, user, m["id"])
    )


def status_time(status_id: str | int) -> dt.datetime | None:
    """Creation time (UTC) of a status id (``unix_ms << 16 | seq``) on its origin server."""
    try:
        value = int(status_id)
    except (TypeError, ValueError):
        return None
    if value < 1 << 16 or value >= 1 << 63:
        return None
    return dt.datetime.fromtimestamp((value >> 16) / 1000, tz=dt.UTC)
