"""The data embedarchive hands out: frozen pydantic v2 models with a JSON round-trip.

``Embed`` is what an article shows; ``Post`` is what the platform (or an archive) says the post
was; ``Capture`` is one archived copy; ``Resolution`` ties them together with a ``Verification``
of the article's quote.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "Attempt",
    "Author",
    "Capture",
    "Embed",
    "Media",
    "Platform",
    "Post",
    "Provenance",
    "Resolution",
    "ResolutionStatus",
    "Verification",
    "VerificationStatus",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)


class Platform(StrEnum):
    """The platform a post lives on."""

    TWITTER = "twitter"
    BLUESKY = "bluesky"
    MASTODON = "mastodon"
    THREADS = "threads"
    INSTAGRAM = "instagram"
    TIKTOK = "tiktok"
    FACEBOOK = "facebook"
    YOUTUBE = "youtube"
    LINKEDIN = "linkedin"


class Embed(_Frozen):
    """One embedded post as an article shows it.

    Offsets ``start``/``end`` index the input ``str`` (for bytes input: the decoded text) and
    cover the whole embed: quoted text and attribution. Every other field is ``None`` (or empty)
    when the article does not show it.
    """

    platform: Platform = Field(description="Platform of the post.")
    start: int = Field(ge=0, description="Offset of the embed's first character in the input.")
    end: int = Field(ge=0, description="Offset just past the embed's last character.")
    author_name: str | None = Field(
        None, description="Display name as shown, e.g. 'Rajnath Singh'."
    )
    handle: str | None = Field(None, description="Account handle without '@', e.g. 'rajnathsingh'.")
    date: dt.date | None = Field(None, description="Calendar date of the date line (UTC for X).")
    date_text: str | None = Field(None, description="The date as written, e.g. 'July 1, 2025'.")
    text: str | None = Field(
        None,
        description="Quoted post text, paragraphs joined by newlines, without quote markers "
        "or attribution.",
    )
    truncated: bool = Field(False, description="True when the platform cut the text with '…'.")
    url: str | None = Field(None, description="Canonical post URL when known.")
    post_id: str | None = Field(None, description="Platform post id when known.")
    lang: str | None = Field(None, description="Language of the post text when the markup says it.")
    links: tuple[str, ...] = Field((), description="Links inside the post text, in order.")
    detector: Literal["html", "text"] = Field("text", description="Which detector found it.")
    form: str = Field(
        "",
        description="The shape it was found in, e.g. 'blockquote', 'iframe', 'amp', "
        "'attribution', 'status-url'.",
    )


class Author(_Frozen):
    """The account that wrote a post."""

    name: str | None = None
    handle: str | None = None
    id: str | None = None


class Media(_Frozen):
    """A photo, video or other attachment of a post."""

    kind: Literal["photo", "video", "animated_gif", "other"] = "photo"
    url: str
    preview_url: str | None = None
    alt_text: str | None = None
    width: int | None = None
    height: int | None = None


class Provenance(_Frozen):
    """Where a post's data came from."""

    source: str = Field(description="Source name, e.g. 'syndication', 'wayback', 'import'.")
    url: str | None = Field(None, description="The URL the payload was fetched from.")
    fetched_at: dt.datetime = Field(description="When it was fetched or imported (UTC).")
    payload_id: str | None = Field(None, description="Key of the raw payload in the store.")


class Post(_Frozen):
    """A post as the platform or an archive recorded it."""

    platform: Platform
    id: str
    url: str
    author: Author = Field(default_factory=Author)
    created_at: dt.datetime | None = Field(None, description="Creation time, UTC.")
    text: str = ""
    lang: str | None = None
    media: tuple[Media, ...] = ()
    links: tuple[str, ...] = ()
    entities: dict[str, Any] = Field(default_factory=dict)
    quoted: Post | None = None
    in_reply_to: str | None = Field(None, description="Id of the post this one replies to.")
    in_reply_to_handle: str | None = None
    provenance: Provenance | None = None


class Capture(_Frozen):
    """One archived copy (memento) of a post's URL."""

    archive: str = Field(description="Archive name, e.g. 'wayback', 'archive.today'.")
    url: str = Field(description="The memento URL.")
    original: str = Field(description="The URL that was archived.")
    datetime: dt.datetime = Field(description="Capture time, UTC.")
    status_code: int | None = None
    digest: str | None = None
    mimetype: str | None = None


class VerificationStatus(StrEnum):
    """How the article's quote compares with the archived post."""

    MATCH = "match"
    TRUNCATED = "truncated"
    EDITED = "edited"
    MISMATCH = "mismatch"
    UNVERIFIABLE = "unverifiable"


class Verification(_Frozen):
    """The outcome of comparing the article's quote with the archived text."""

    status: VerificationStatus
    similarity: float | None = Field(None, ge=0.0, le=1.0)
    diff: str | None = None


class ResolutionStatus(StrEnum):
    """What resolving an embed found out."""

    FOUND = "found"
    TOMBSTONED = "tombstoned"
    NOT_FOUND = "not_found"
    AMBIGUOUS = "ambiguous"
    UNREACHABLE = "unreachable"
    SKIPPED = "skipped"


class Attempt(_Frozen):
    """What one source said while resolving an embed."""

    source: str
    outcome: str
    detail: str | None = None
    url: str | None = None


class Resolution(_Frozen):
    """What is known about one embed after asking the store and the sources."""

    embed: Embed | None = None
    status: ResolutionStatus
    post: Post | None = None
    captures: tuple[Capture, ...] = ()
    verification: Verification = Field(
        default_factory=lambda: Verification(status=VerificationStatus.UNVERIFIABLE)
    )
    attempts: tuple[Attempt, ...] = ()
    candidates: tuple[Post, ...] = ()
    retry_after: float | None = None
