"""Line arithmetic over one string, so that detectors can walk lines without copying them."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

_NEWLINE = re.compile("\n")


class LineIndex:
    """Offsets of every newline in ``text``; all lookups are O(log n)."""

    __slots__ = ("_breaks", "_length")

    def __init__(self, text: str) -> None:
        self._breaks = [m.start() for m in _NEWLINE.finditer(text)]
        self._length = len(text)

    def line_start(self, pos: int) -> int:
        """Offset of the first character of the line holding ``pos``."""
        i = bisect.bisect_left(self._breaks, pos)
        return self._breaks[i - 1] + 1 if i else 0

    def line_end(self, pos: int) -> int:
        """Offset of the newline ending the line holding ``pos`` (or the text's length)."""
        i = bisect.bisect_left(self._breaks, pos)
        return self._breaks[i] if i < len(self._breaks) else self._length

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
    i = line_start
    while i < limit and text[i] in " \t\u00a0>":
        i += 1
    return i - line_start
