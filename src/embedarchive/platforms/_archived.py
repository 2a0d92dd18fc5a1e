"""The original address behind a web archive's address for it.

Articles are often read from an archived copy: a page saved from the Wayback Machine or
archive.today has its links rewritten to the archive's copies of them
(``https://web.archive.org/web/20191120010203/https://twitter.com/Ilhan/status/…``, or the
site-relative ``/web/20191120010203/https://…``; ``https://archive.ph/o/AbCd/https://…``). The
post a link points at is the one in the original address.
"""

from __future__ import annotations

import re
from typing import Final

# A Wayback Machine address: host (or none: a link relative to the archived page's site),
# "/web/", a 1 to 14 digit timestamp or "*", an optional mode such as "id_", "im_" or "if_",
# then the original address.
_WAYBACK_HOST: Final = r"(?:https?:)?//(?:web\.|wayback\.)?archive\.org"
_WAYBACK_PATH: Final = r"/web/(?:\d{1,14}|\*)(?:[a-z]{2}_)?/"
_WAYBACK: Final = re.compile(f"(?:{_WAYBACK_HOST})?{_WAYBACK_PATH}", re.IGNORECASE)
# archive.today under its mirror names: a rewritten outbound link ("/o/ID/…"), a capture by
# date ("/2019.11.20-010203/…") or the newest or oldest capture of an address.
_TODAY_PREFIX: Final = (
    r"(?:https?:)?//archive\.(?:today|ph|is|li|vn|fo|md)/"
    r"(?:o/[A-Za-z0-9]{1,12}/|\d{4}\.\d\d\.\d\d-\d{6}/|newest/|oldest/)"
)
_ARCHIVE_TODAY: Final = re.compile(_TODAY_PREFIX, re.IGNORECASE)
# Either prefix with its host, for patterns that read an address inside text (a Markdown link
# of an archived page): ``(?:ARCHIVED_PREFIX)?https?://…`` (lower-case hosts, as archives write
# them)
ARCHIVED_PREFIX: Final = f"{_WAYBACK_HOST}{_WAYBACK_PATH}|{_TODAY_PREFIX}"
# an original address whose "//" the archive closed up ("https:/twitter.com/…")
_ONE_SLASH: Final = re.compile(r"(https?:)/(?!/)", re.IGNORECASE)
_SCHEME: Final = re.compile(r"https?://", re.IGNORECASE)
# a copy of a copy is unwrapped this many times at most
MAX_LAYERS: Final = 3


def original_url(url: str) -> str:
    """The address an archive's address stands for, or ``url`` itself when it is no archived
    copy's (or names no address after the archive's prefix)."""
    if "/web/" not in url and "archive." not in url.lower():
        return url  # (most addresses: two substring tests, no pattern)
    for _ in range(MAX_LAYERS):
        prefix = _WAYBACK.match(url) or _ARCHIVE_TODAY.match(url)
        if prefix is None:
            break
        inner = url[prefix.end() :]
        slash = _ONE_SLASH.match(inner)
        if slash is not None:
            inner = slash.group(1) + "//" + inner[slash.end() :]
        elif _SCHEME.match(inner) is None:
            if "." not in inner.split("/", 1)[0]:
                break  # no host after the prefix: an archive's own page
            inner = "https://" + inner
        url = inner
    return url
