"""The exceptions embedarchive raises, all rooted at :class:`EmbedArchiveError`.

```
EmbedArchiveError
├── InputError                 the input cannot be read as text or HTML
├── StoreError                 the local archive file
│   ├── StoreCorruptError      not a readable SQLite archive
│   └── StoreVersionError      written by a newer embedarchive
├── ImportFormatError          a file given to Archive.import_file is not a known export
├── SourceError                a remote source answered with something unusable
│   ├── HostNotAllowedError    a request to a host outside the allow-list was refused
│   ├── RateLimitedError       the host asked us to slow down (carries retry_after)
│   ├── ResponseTooLargeError  a response exceeded the size cap
│   └── OfflineError           a request was needed but the archive is offline
└── SnapshotError              a snapshot could not be rendered or written
```

Every error says what the caller can do about it; errors caused by another exception keep it as
``__cause__``.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "EmbedArchiveError",
    "HostNotAllowedError",
    "ImportFormatError",
    "InputError",
    "OfflineError",
    "RateLimitedError",
    "ResponseTooLargeError",
    "SnapshotError",
    "SourceError",
    "StoreCorruptError",
    "StoreError",
    "StoreVersionError",
]


class EmbedArchiveError(Exception):
    """Base class of every error embedarchive raises on purpose.

    Catch this to handle all of them; anything else escaping the library is a bug.
    """


class InputError(EmbedArchiveError, ValueError):
    """The input is not something a detector can read (wrong type, undecodable bytes).

    Pass ``str`` or ``bytes``; for bytes in an unusual charset, decode them yourself first.
    """


class StoreError(EmbedArchiveError):
    """The local archive store cannot be used. ``path`` names the file."""

    def __init__(self, message: str, *, path: Path | str | None = None) -> None:
        super().__init__(message)
        self.path = Path(path) if path is not None else None


class StoreCorruptError(StoreError):
    """The store file is not a readable embedarchive database.

    Move the file aside (the message names it) and let embedarchive create a new one; an export
    made with ``embedarchive cache export`` can be imported again.
    """


class StoreVersionError(StoreError):
    """The store file was written by a newer embedarchive whose schema this version cannot read.

    Upgrade embedarchive, or point ``Archive(path=...)`` at another file.
    """


class ImportFormatError(EmbedArchiveError):
    """A file given to ``Archive.import_file`` is not a format embedarchive can import.

    Supported: Twitter/X data exports (the .zip, the folder, ``tweets.js``), twarc / API v2 JSONL,
    API v1.1 JSON, and embedarchive's own JSONL export.
    """

    def __init__(self, message: str, *, path: Path | str | None = None) -> None:
        super().__init__(message)
        self.path = Path(path) if path is not None else None


class SourceError(EmbedArchiveError):
    """A remote source could not be asked, or answered with something unusable.

    ``url`` is the request that failed, when there was one.
    """

    def __init__(self, message: str, *, url: str | None = None) -> None:
        super().__init__(message)
        self.url = url


class HostNotAllowedError(SourceError):
    """A request to a host outside the allow-list of the configured sources was refused.

    Articles cannot make embedarchive fetch arbitrary hosts; add a source for the host if you
    trust it.
    """


class RateLimitedError(SourceError):
    """The host asked us to slow down (HTTP 429) or is paused after doing so.

    ``retry_after`` says how many seconds to wait before asking again.
    """

    def __init__(self, message: str, *, url: str | None = None, retry_after: float = 60.0) -> None:
        super().__init__(message, url=url)
        self.retry_after = retry_after


class ResponseTooLargeError(SourceError):
    """A response exceeded the size cap of the HTTP policy; raise ``max_response_bytes`` if it is
    legitimate."""


class OfflineError(SourceError):
    """A network request was needed but the archive runs with ``offline=True``.

    Run online, or import the posts into the store first.
    """


class SnapshotError(EmbedArchiveError):
    """A snapshot (card, rewritten article, WARC record) could not be produced or written."""
