"""Long posts of a Twitter/X data export: the full text that ``note-tweet.js`` keeps.

Posts over 280 characters ("note tweets") appear in ``tweets.js`` cut short; their whole text
sits in ``data/note-tweet.js`` (``window.YTD.note_tweet.part0 = [{"noteTweet": {...}}]``) under
an id of its own, with no link to the tweet. A note is created in the same second as its tweet
and its text starts with the tweet's shown text, so that is how the two are paired: by time
(within ``WINDOW``) and by the beginning of the text. A note that does not pair clearly is left
alone rather than given to the wrong post.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from embedarchive._time import as_utc
from embedarchive.archive.tweet_shapes import _d  # the loose JSON readers are shared
from embedarchive.models import Post

# How far apart a note and its tweet may have been created.
WINDOW = dt.timedelta(seconds=2)
# How many leading characters of the tweet's text must open the note's text.
PREFIX = 40


@dataclass(frozen=True, slots=True)
class _Note:
    created_at: dt.datetime
    text: str
    links: tuple[str, ...]


def _stem(text: str) -> str:
    """The text with whitespace collapsed, trailing links and the cut's "…" removed."""
    words = text.split()
    while words and (words[-1].startswith(("https://t.co/", "http://t.co/")) or words[-1] == "…"):
        words.pop()
    return " ".join(words).rstrip("…").rstrip()


class LongPosts:
    """The notes of one export, looked up by a post's creation time and text."""

    def __init__(self, records: Iterable[Any]) -> None:
        notes: list[_Note] = []
        for record in records:
            note = _d(_d(record).get("noteTweet"))
            core = _d(note.get("core"))
            text, created = core.get("text"), note.get("createdAt")
            if not isinstance(text, str) or not isinstance(created, str) or not text:
                continue
            try:
                when = as_utc(dt.datetime.fromisoformat(created.replace("Z", "+00:00")))
            except ValueError:
                continue
            if when is None:
                continue
            links = tuple(
                url
                for item in core.get("urls") or ()
                if isinstance(url := _d(item).get("expandedUrl"), str) and url
            )
            notes.append(_Note(when, text, links))
        notes.sort(key=lambda n: n.created_at)
        self._notes = notes
        self._times = [n.created_at for n in notes]
        self.used = 0  # how many posts got their full text

    def __len__(self) -> int:
        return len(self._notes)

    def complete(self, post: Post) -> Post:
        """``post`` with the full text of its note, or unchanged when no note pairs with it."""
        if not self._notes or post.created_at is None:
            return post
        lo = bisect.bisect_left(self._times, post.created_at - WINDOW)
        hi = bisect.bisect_right(self._times, post.created_at + WINDOW)
        stem = _stem(post.text)[:PREFIX]
        if len(stem) < min(PREFIX, 10):
            return post  # too little text to tell one note from another
        matches = [n for n in self._notes[lo:hi] if " ".join(n.text.split()).startswith(stem)]
        if len(matches) != 1 or len(matches[0].text) <= len(post.text.rstrip("…")):
            return post
        note = matches[0]
        self.used += 1
        links = post.links + tuple(link for link in note.links if link not in post.links)
        return post.model_copy(update={"text": note.text, "links": links})
