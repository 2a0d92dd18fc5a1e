"""embedarchive: find embedded social posts in articles, resolve them against archives, verify
the quotes, and keep static snapshots.

The public surface is small: the two detectors, the ``Archive`` resolver, the models and the
errors. Everything else lives in private modules and may change.
"""

import logging

from embedarchive import sources
from embedarchive._version import __version__
from embedarchive.archive.resolver import Archive
from embedarchive.detect.html import parse_html
from embedarchive.detect.text import parse_text
from embedarchive.errors import (
    EmbedArchiveError,
    HostNotAllowedError,
    ImportFormatError,
    InputError,
    OfflineError,
    RateLimitedError,
    ResponseTooLargeError,
    SnapshotError,
    SourceError,
    StoreCorruptError,
    StoreError,
    StoreVersionError,
)
from embedarchive.models import (
    Attempt,
    Author,
    Capture,
    Embed,
    Media,
    Platform,
    Post,
    Provenance,
    Resolution,
    ResolutionStatus,
    Verification,
    VerificationStatus,
)
from embedarchive.snapshot.render import render_snapshot
from embedarchive.snapshot.rewrite import rewrite_html, rewrite_text

__all__ = [
    "Archive",
    "Attempt",
    "Author",
    "Capture",
    "Embed",
    "EmbedArchiveError",
    "HostNotAllowedError",
    "ImportFormatError",
    "InputError",
    "Media",
    "OfflineError",
    "Platform",
    "Post",
    "Provenance",
    "RateLimitedError",
    "Resolution",
    "ResolutionStatus",
    "ResponseTooLargeError",
    "SnapshotError",
    "SourceError",
    "StoreCorruptError",
    "StoreError",
    "StoreVersionError",
    "Verification",
    "VerificationStatus",
    "__version__",
    "parse_html",
    "parse_text",
    "render_snapshot",
    "rewrite_html",
    "rewrite_text",
    "sources",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
