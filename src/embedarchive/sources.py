"""The remote sources an :class:`~embedarchive.Archive` can ask, in one public namespace.

``ea.sources.TwitterSyndication()``, ``ea.sources.TwitterOEmbed()``, ``ea.sources.Wayback()``,
``ea.sources.ArchiveToday()`` and the generic ``ea.sources.OEmbed.bluesky()`` /
``.mastodon(host)`` / ``.tiktok()`` / ``.youtube()``; each takes ``base_url=`` for mirrors and
tests. ``Source`` is the protocol a custom source implements.
"""

from embedarchive.archive.sources.archive_today import ArchiveToday
from embedarchive.archive.sources.base import Lookup, PostQuery, Source, SourceResult
from embedarchive.archive.sources.oembed import MastodonOEmbed, OEmbed, TwitterOEmbed
from embedarchive.archive.sources.syndication import TwitterSyndication
from embedarchive.archive.sources.wayback import Wayback

__all__ = [
    "ArchiveToday",
    "Lookup",
    "MastodonOEmbed",
    "OEmbed",
    "PostQuery",
    "Source",
    "SourceResult",
    "TwitterOEmbed",
    "TwitterSyndication",
    "Wayback",
]
