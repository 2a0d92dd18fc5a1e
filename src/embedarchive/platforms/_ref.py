"""The value every platform module returns for a recognised post URL."""

from __future__ import annotations

from typing import NamedTuple

from embedarchive.models import Platform

__all__ = ["PostRef"]


class PostRef(NamedTuple):
    """A post identified from its URL: platform, id, handle and canonical URL."""

    platform: Platform
    post_id: str | None
    handle: str | None
    url: str
