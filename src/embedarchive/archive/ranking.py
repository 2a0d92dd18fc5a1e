"""Ranking candidate posts against an embed's quote: the clear best one, or the plausible ones.

The resolver asks this when an embed shows a handle and a date but no post id: the posts of that
day are scored by :func:`~embedarchive.archive.verify.similarity` with the quote, and one is
taken only when it scores at least :data:`MATCH_SCORE` and leads the next by :data:`MATCH_MARGIN`.
Candidates and captures from several places (store, sources) are merged here first, one per id.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from embedarchive.archive.verify import similarity
from embedarchive.models import Capture, Embed, Post

__all__ = [
    "MATCH_MARGIN",
    "MATCH_SCORE",
    "MAX_CANDIDATES",
    "PLAUSIBLE_SCORE",
    "Ranked",
    "merge_captures",
    "merge_posts",
    "rank",
    "score",
]

logger = logging.getLogger(__name__)

#: A candidate must score at least this (similarity with the quote) to be taken as the post.
MATCH_SCORE = 0.6
#: ... and be this far ahead of the next candidate.
MATCH_MARGIN = 0.15
#: Candidates scoring below this are not listed as plausible in an ``ambiguous`` resolution.
PLAUSIBLE_SCORE = 0.35
#: Most candidates listed in an ``ambiguous`` resolution.
MAX_CANDIDATES = 10


def score(quote: str, post: Post) -> float:
    """How well ``post`` explains an article's ``quote``: the better of whole-text similarity
    and, for quotes the embed cut with "…", similarity with the post's start of the same length."""
    whole = similarity(quote, post.text)
    stripped = quote.rstrip()
    if not stripped.endswith(("…", "...")):
        return whole
    cut = stripped.rstrip("….").split()
    if not cut:
        return whole
    head = " ".join(post.text.split()[: len(cut)])
    return max(whole, similarity(" ".join(cut), head))


@dataclass(frozen=True, slots=True)
class Ranked:
    """The outcome of :func:`rank`: the clear ``best`` post, or else the ``plausible`` ones."""

    best: Post | None
    plausible: tuple[Post, ...]


def rank(embed: Embed, candidates: Sequence[Post]) -> Ranked:
    """Pick the clear best candidate for the quote, or list the plausible ones."""
    if not candidates:
        return Ranked(None, ())
    if not embed.text or not embed.text.strip():
        # A date line alone cannot tell two posts of one day apart, nor prove the only one.
        same_day = [p for p in candidates if p.created_at and p.created_at.date() == embed.date]
        return Ranked(None, tuple((same_day or list(candidates))[:MAX_CANDIDATES]))
    scored = sorted(
        ((score(embed.text, post), post) for post in candidates),
        key=lambda pair: (-pair[0], pair[1].id),
    )
    top, best = scored[0]
    second = scored[1][0] if len(scored) > 1 else 0.0
    logger.debug("best candidate %s scores %.3f (next %.3f)", best.id, top, second)
    if top >= MATCH_SCORE and top - second >= MATCH_MARGIN:
        return Ranked(best, ())
    plausible = tuple(post for value, post in scored if value >= PLAUSIBLE_SCORE)
    return Ranked(None, plausible[:MAX_CANDIDATES])


def merge_posts(*groups: Iterable[Post]) -> list[Post]:
    """One post per id, the first seen winning, in the order first seen."""
    seen: dict[str, Post] = {}
    for group in groups:
        for post in group:
            seen.setdefault(post.id, post)
    return list(seen.values())


def merge_captures(*groups: Iterable[Capture]) -> tuple[Capture, ...]:
    """One capture per (archive, URL), the first seen winning, oldest first."""
    seen: dict[tuple[str, str], Capture] = {}
    for group in groups:
        for capture in group:
            seen.setdefault((capture.archive, capture.url), capture)
    return tuple(sorted(seen.values(), key=lambda c: (c.datetime, c.url)))
