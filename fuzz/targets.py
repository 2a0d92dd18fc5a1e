"""What the fuzzers check, without the fuzzer: each target takes one input and raises on a defect.

An input's first byte picks the entry point, the rest is the document. ``run.py`` feeds the
targets from libFuzzer (atheris); ``tests/test_fuzz_regressions.py`` replays every input kept in
``fuzz/regressions/``, so a defect the fuzzer found stays fixed.
"""

from __future__ import annotations

import contextlib
import functools
import tempfile
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

from embedarchive import (
    Archive,
    Embed,
    InputError,
    parse_html,
    parse_text,
    render_snapshot,
    rewrite_html,
    rewrite_text,
)

REGRESSIONS = Path(__file__).resolve().parent / "regressions"


def _split(data: bytes, modes: int) -> tuple[int, bytes, str]:
    mode = data[0] % modes if data else 0
    raw = data[1:]
    return mode, raw, raw.decode("utf-8", "replace")


def _check_spans(embeds: list[Embed], length: int, *, disjoint: bool) -> None:
    end = 0
    for embed in embeds:
        assert 0 <= embed.start <= embed.end <= length, (embed.start, embed.end, length)
        if disjoint:
            assert embed.start >= end, f"embed at {embed.start} overlaps one ending at {end}"
            end = embed.end


def detect(data: bytes) -> None:
    """``parse_text`` and ``parse_html`` on str and bytes: no exception but InputError for
    bytes, spans within the input, text embeds in order and disjoint."""
    mode, raw, text = _split(data, 4)
    if mode == 0:
        _check_spans(parse_text(text), len(text), disjoint=True)
    elif mode == 1:
        _check_spans(parse_html(text), len(text), disjoint=False)
    else:
        detector = parse_text if mode == 2 else parse_html
        with contextlib.suppress(InputError):  # the one error the contract allows for bytes
            detector(raw)


class _InertHtml(HTMLParser):
    """Fails on anything in a card that could run or load: scripts (but JSON-LD), frames,
    objects, forms, ``<base>``, event handlers, and javascript:/data:/vbscript: addresses."""

    _URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "action", "formaction", "xlink:href"})

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            assert dict(attrs).get("type") == "application/ld+json", attrs
        assert tag not in {"iframe", "frame", "object", "embed", "base", "form"}, tag
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name, value)
            if name in self._URL_ATTRIBUTES and value:
                address = "".join(value.split()).lower()
                assert not address.startswith(("javascript:", "data:", "vbscript:")), value


def _assert_inert(html: str) -> None:
    checker = _InertHtml(convert_charrefs=True)
    checker.feed(html)
    checker.close()


def snapshot(data: bytes) -> None:
    """Cards of whatever the detectors find, and a text article rewritten, stay inert HTML;
    rewriting an HTML article does not raise."""
    mode, _, text = _split(data, 3)
    if mode == 0:
        _assert_inert(rewrite_text(text, _archive(), resolve=False))
    elif mode == 1:
        for embed in parse_html(text):
            _assert_inert(render_snapshot(embed))
        rewrite_html(text, _archive(), resolve=False)
    else:
        for embed in parse_text(text):
            _assert_inert(render_snapshot(embed))


@functools.cache
def _archive() -> Archive:
    """One empty offline archive for every input (a store per input would be most of the cost)."""
    folder = tempfile.mkdtemp(prefix="embedarchive-fuzz-")
    return Archive(Path(folder) / "store.sqlite3", offline=True)


TARGETS: dict[str, Callable[[bytes], None]] = {"detect": detect, "snapshot": snapshot}
