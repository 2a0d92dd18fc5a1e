"""Wayback playback: what one ``id_`` request for an archived capture returned.

A Wayback redirect to another timestamp carries no ``Memento-Datetime`` and means "not this
capture"; an archived 3xx/404/429 carries one and is data about the past.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from embedarchive.archive.http import HttpResponse

__all__ = ["Playback", "PlaybackKind", "classify_playback"]

# How the Wayback Machine names an excluded or access-controlled URL, in playback and in the
# CDX index alike.
_BLOCK_MARKERS = (
    "AdministrativeAccessControlException",
    "RobotAccessControlException",
    "Blocked Site Error",
)

PlaybackKind = Literal["memento", "elsewhere", "no_memento", "blocked", "throttled", "unavailable"]


@dataclass(frozen=True, slots=True)
class Playback:
    """What one ``id_`` request returned.

    ``memento``: an archived response (``status_code`` is the archived status: 200, 3xx, 404,
    429…); ``elsewhere``: a Wayback redirect to another capture (no ``Memento-Datetime``);
    ``no_memento``: nothing archived there; ``blocked``: excluded or access-controlled;
    ``throttled``: the Wayback Machine itself answered 429; ``unavailable``: 5xx.
    """

    kind: PlaybackKind
    status_code: int
    url: str
    content_type: str = ""
    body: bytes = b""
    location: str | None = None
    detail: str | None = None
    retry_after: float | None = None


def classify_playback(response: HttpResponse) -> Playback:
    """Classify a playback response (see ``Playback``)."""
    headers = response.headers
    status = response.status_code
    content_type = str(headers.get("content-type", ""))
    runtime_error = str(headers.get("x-archive-wayback-runtime-error", ""))

    def made(kind: PlaybackKind, detail: str | None = None, *, body: bytes = b"") -> Playback:
        location = headers.get("location")
        return Playback(kind, status, response.url, content_type, body, location, detail)

    if "memento-datetime" in headers:
        return made("memento", body=response.content)
    if status in (301, 302, 303, 307, 308):
        return made("elsewhere", headers.get("x-archive-redirect-reason"))
    head = response.content[:200_000]
    if status == 403 or any(marker in runtime_error for marker in _BLOCK_MARKERS):
        return made("blocked", runtime_error or "403 from the Wayback Machine")
    if status == 200 and b"has been excluded from the Wayback Machine" in head:
        return made("blocked", "excluded from the Wayback Machine")
    if status == 429:
        return made("throttled", "the Wayback Machine answered 429")
    if status >= 500:
        return made("unavailable", f"Wayback playback answered {status}")
    if status == 404 or b"has not archived that URL" in head:
        return made("no_memento", runtime_error or "not archived")
    # A 200 without Memento-Datetime is not an archived response we can trust.
    return made("no_memento", f"status {status} without Memento-Datetime")
