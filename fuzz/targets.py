"""What the fuzzers check, without the fuzzer: each target takes one input and raises on a defect.

``detect`` and ``snapshot`` take an article; ``responses`` takes what a remote source or an
import file could hold (archived pages, tweet JSON, CDX, TimeMaps, oEmbed, exports), where any
exception but an ``EmbedArchiveError`` is a defect.

An input's first byte picks the entry point, the rest is the document. ``run.py`` feeds the
targets from libFuzzer (atheris); ``tests/test_fuzz_regressions.py`` replays every input kept in
``fuzz/regressions/``, so a defect the fuzzer found stays fixed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import tempfile
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from embedarchive import (
    Archive,
    Embed,
    EmbedArchiveError,
    InputError,
    Platform,
    parse_html,
    parse_text,
    render_snapshot,
    rewrite_html,
    rewrite_text,
)
from embedarchive.archive.sources.archive_today import timemap_captures
from embedarchive.archive.sources.capture_parsers import gone_reason, parse_capture, redirect_target
from embedarchive.archive.sources.cdx import parse_cdx
from embedarchive.archive.sources.oembed import parse_oembed
from embedarchive.archive.sources.syndication import parse_tweet_result

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
        # (parse_text is typed for str: bytes must give InputError, not a crash)
        detector: Callable[[Any], list[Embed]] = parse_text if mode == 2 else parse_html
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
    rewriting an HTML article (either mode) does not raise."""
    mode, _, text = _split(data, 3)
    if mode == 0:
        _assert_inert(rewrite_text(text, _archive(), resolve=False))
    elif mode == 1:
        for embed in parse_html(text):
            _assert_inert(render_snapshot(embed))
        rewrite_html(text, _archive(), mode="backup", resolve=False)
        rewrite_html(text, _archive(), mode="replace", resolve=False)
    else:
        for embed in parse_text(text):
            _assert_inert(render_snapshot(embed))


@functools.cache
def _archive() -> Archive:
    """One empty offline archive for every input (a store per input would be most of the cost)."""
    folder = tempfile.mkdtemp(prefix="embedarchive-fuzz-")
    return Archive(Path(folder) / "store.sqlite3", offline=True)


_STATUS = "https://twitter.com/jack/status/20"
_FETCHED = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def responses(data: bytes) -> None:
    """Parsers of remote answers and import files: they return or raise an EmbedArchiveError,
    nothing else."""
    mode, body, text = _split(data, 9)
    with contextlib.suppress(EmbedArchiveError):
        if mode in (0, 1):
            content_type = "text/html; charset=utf-8" if mode == 0 else "application/json"
            parse_capture(body, content_type, _STATUS)
            gone_reason(body, content_type)
            redirect_target(body)
        elif mode == 2:
            parse_cdx(body)
        elif mode == 3:
            timemap_captures(text, archive="archive.today")
        elif mode in (4, 5):
            try:
                payload = json.loads(text)
            except ValueError:
                return  # the parsers below take decoded JSON
            if not isinstance(payload, dict):
                return
            if mode == 4:
                parse_tweet_result(payload, fetched_at=_FETCHED, url=_STATUS)
            else:
                for platform in (Platform.TWITTER, Platform.BLUESKY, Platform.MASTODON):
                    parse_oembed(
                        payload,
                        platform=platform,
                        post_id="20",
                        url=_STATUS,
                        fetched_at=_FETCHED,
                        source="oembed",
                    )
        else:
            suffix = (".jsonl", ".json", ".js")[mode - 6]
            folder = Path(tempfile.mkdtemp(prefix="embedarchive-fuzz-import-"))
            path = folder / f"tweets{suffix}"
            path.write_bytes(body)
            try:
                _archive().import_file(path)
            finally:
                path.unlink()
                folder.rmdir()


TARGETS: dict[str, Callable[[bytes], None]] = {
    "detect": detect,
    "snapshot": snapshot,
    "responses": responses,
}
