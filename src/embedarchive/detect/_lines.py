"""Line arithmetic over one string, so that detectors can walk lines without copying them."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from typing import Final

_NEWLINE: Final = re.compile("\n")
# Lines are looked up with a bounded str.find/rfind first; only a line longer than this makes the
# index of every newline worth building (once), which keeps hostile one-line inputs linear.
_WINDOW: Final = 4096


class LineIndex:
    """Line boundaries of ``text``: bounded scans for ordinary lines, an index for long ones."""

    __slots__ = ("_breaks", "_length", "_text", "cache")

    def __init__(self, text: str) -> None:
        self._text = text
        self._length = len(text)
        self._breaks: list[int] | None = None
        self.cache: dict[str, object] = {}  # per-document facts detectors compute once

    def _all_breaks(self) -> list[int]:
        if self._breaks is None:
            self._breaks = [m.start() for m in _NEWLINE.finditer(self._text)]
        return self._breaks

    @property
    def count(self) -> int:
        """Number of lines."""
        return self._text.count("\n") + 1

    def line_start(self, pos: int) -> int:
        """Offset of the first character of the line holding ``pos``."""
        lo = max(0, pos - _WINDOW)
        found = self._text.rfind("\n", lo, pos)
        if found != -1 or lo == 0:
            return found + 1
        breaks = self._all_breaks()
        i = bisect.bisect_left(breaks, pos)
        return breaks[i - 1] + 1 if i else 0

    def line_end(self, pos: int) -> int:
        """Offset of the newline ending the line holding ``pos`` (or the text's length)."""
        hi = min(self._length, pos + _WINDOW)
        found = self._text.find("\n", pos, hi)
        if found != -1:
            return found
        if hi == self._length:
            return self._length
        breaks = self._all_breaks()
        i = bisect.bisect_left(breaks, pos)
        return breaks[i] if i < len(breaks) else self._length

    def next_line_start(self, pos: int) -> int | None:
        """Start of the line after the one holding ``pos``; None on the last line."""
        end = self.line_end(pos)
        return end + 1 if end < self._length else None

    def prev_line_start(self, line_start: int) -> int | None:
        """Start of the line before the line starting at ``line_start``; None on the first."""
        if line_start == 0:
            return None
        return self.line_start(line_start - 1)

    def line_starts_containing(self, text: str, needle: str) -> Iterator[int]:
        """Starts of the lines that contain ``needle``, each once, in order."""
        pos = text.find(needle)
        last = -1
        while pos != -1:
            start = self.line_start(pos)
            if start != last:
                yield start
                last = start
            pos = text.find(needle, self.line_end(pos))


def marker_width(text: str, line_start: int, limit: int) -> int:
    """Width of the indentation and ``>`` quote markers that open a line (up to ``limit``)."""
    return _leading(text, line_start, limit, " \t\u00a0>")


def indent_width(text: str, line_start: int, limit: int) -> int:
    """Number of spaces and tabs that open a line (up to ``limit``)."""
    return _leading(text, line_start, limit, " \t")


def _leading(text: str, start: int, limit: int, chars: str) -> int:
    i = start
    while i < limit and text[i] in chars:
        i += 1
    return i - start


class Spans:
    """``(start, end)`` spans of one string, asked whether a stretch overlaps any of them in
    O(log n) (a page may hold thousands of embeds). Overlapping spans are merged."""

    __slots__ = ("_ends", "_starts")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in sorted(spans):
            if self._ends and start < self._ends[-1]:
                self._ends[-1] = max(self._ends[-1], end)
            else:
                self._starts.append(start)
                self._ends.append(end)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` shares a character with one of the spans."""
        # disjoint spans in order end in order too: only the last one that starts before
        # ``end`` can reach past ``start``
        i = bisect.bisect_left(self._starts, end) - 1
        return i >= 0 and self._ends[i] > start
