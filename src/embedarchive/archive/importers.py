"""Import posts from files people already have into the local store: find the records, store them.

Formats, recognised by name and content:

* the Twitter/X data export: the ``.zip``, the unpacked folder, or one ``tweets.js`` /
  ``tweet.js`` / ``tweets-partN.js`` file (``window.YTD.tweets.part0 = [{"tweet": {...}}, ...]``;
  the author comes from ``data/account.js`` beside it);
* twarc / API v2 JSON Lines: response pages (``data`` + ``includes``) or flattened tweets;
* API v1.1 JSON: one tweet, a list of tweets, or JSON Lines;
* embedarchive's own JSONL export (:meth:`Store.export_jsonl`).

Files are read as streams (zip members too, without extracting them), so size is bounded by the
largest single record, not the file. Each tweet record becomes posts through
:mod:`~embedarchive.archive.tweet_shapes`; each post's raw record is kept as its payload (content
type ``application/json``, status 0: not an HTTP response). A malformed record is skipped and
reported in the :class:`ImportReport`; importing the same file twice changes nothing.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import io
import json
import logging
import os
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from embedarchive.archive.long_posts import LongPosts
from embedarchive.archive.store import Payload, Store, check_post
from embedarchive.archive.tweet_shapes import (  # the loose JSON readers are shared, not public
    V2Includes,
    _d,
    _int,
    _l,
    _s,
    _v1_time,  # noqa: F401 - re-exported: tests reach the v1.1 time parser here
    v1_posts,
    v2_posts,
)
from embedarchive.errors import ImportFormatError, StoreError
from embedarchive.models import Author, Capture, Platform, Post, Provenance

__all__ = ["ImportReport", "import_path"]

logger = logging.getLogger(__name__)

MAX_ERRORS = 20
_BATCH = 500
_CHUNK = 1 << 20
_MAX_RECORD = 256 << 20
_SNIFF = 1 << 16
_SNIFF_RECORDS = 20

_YTD_HEADER = re.compile(r"\s{0,64}window\.YTD\.([A-Za-z_]{1,64})\.part(\d{1,6})\s{0,16}=\s{0,16}")
_EXPORT_TWEETS = re.compile(r"(?:^|/)(?:data/)?(tweets?)(?:-part(\d{1,6}))?\.js$")
_EXPORT_ACCOUNT = re.compile(r"(?:^|/)(?:data/)?account\.js$")
_EXPORT_NOTES = re.compile(r"(?:^|/)(?:data/)?note-tweet(?:-part\d{1,6})?\.js$")
_DELIMITERS = frozenset(" \t\r\n,]}")


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did.

    ``imported`` counts posts (and, for our own export, captures) written; ``unchanged`` those
    already stored as given; ``skipped`` malformed records, of which ``errors`` describes the
    first :data:`MAX_ERRORS` with their record numbers. ``notes`` says what else the caller should
    know (e.g. an export without ``account.js``: its posts have no handle).
    """

    path: str
    format: str
    imported: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


class _Bad:
    """A record that could not even be parsed as JSON."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason


Records = Iterator[tuple[int, Any]]


# -- reading JSON as streams ------------------------------------------------------------------


def _iter_values(stream: IO[str], head: str = "", *, array: bool) -> Records:
    """Yield (number, value) for each JSON value in ``stream``.

    ``array``: the stream holds one JSON array whose items are yielded; otherwise it holds
    whitespace-separated values. A syntax error ends the stream with one ``_Bad`` (there is no
    reliable place to resume inside a broken array).
    """
    decoder = json.JSONDecoder()
    buf, pos, eof, number = head, 0, False, 0

    def fill(want: int = _CHUNK) -> bool:
        nonlocal buf, pos, eof
        chunk = stream.read(want)
        if not chunk:
            eof = True
            return False
        buf, pos = buf[pos:] + chunk, 0
        return True

    def skip_space() -> bool:
        nonlocal pos
        while True:
            while pos < len(buf) and buf[pos] in " \t\r\n":
                pos += 1
            if pos < len(buf):
                return True
            if not fill():
                return False

    if array:
        if not skip_space() or buf[pos] != "[":
            yield 1, _Bad("expected a JSON array")
            return
        pos += 1
    expect_comma = False
    while True:
        if not skip_space():
            if array:
                yield number + 1, _Bad("the file ends before the array is closed (truncated?)")
            return
        if array and buf[pos] == "]":
            return
        if array and expect_comma:
            if buf[pos] != ",":
                yield number + 1, _Bad(f"expected ',' between items, found {buf[pos]!r}")
                return
            pos += 1
            expect_comma = False
            continue
        number += 1
        while True:
            try:
                value, end = decoder.raw_decode(buf, pos)
            except RecursionError:
                yield number, _Bad("JSON nested too deeply")
                return
            except json.JSONDecodeError as exc:
                if eof or len(buf) - pos > _MAX_RECORD:
                    yield number, _Bad(f"invalid JSON ({exc.msg})")
                    return
                # Read at least as much again as is pending, so a large item is re-parsed only
                # a logarithmic number of times.
                fill(max(_CHUNK, len(buf) - pos))
                continue
            # A number cut by the chunk boundary ("0." of "0.5") decodes as a shorter number:
            # read on until a delimiter follows it.
            cut = end == len(buf) or (
                isinstance(value, int | float) and buf[end] not in _DELIMITERS
            )
            if cut and not eof and fill():
                continue
            break
        pos = end
        expect_comma = array
        yield number, value


def _iter_lines(stream: IO[str], head: str = "") -> Records:
    """Yield (line number, value) for JSON Lines; a bad line is reported and reading goes on."""

    def lines() -> Iterator[str]:
        for line in io.StringIO(head):
            # the sniffed head usually ends inside a line: finish it from the stream
            yield line if line.endswith("\n") else line + stream.readline(_MAX_RECORD)
        while line := stream.readline(_MAX_RECORD):
            yield line

    for number, line in enumerate(lines(), start=1):
        if len(line) >= _MAX_RECORD and not line.endswith("\n"):
            while (rest := stream.readline(_MAX_RECORD)) and not rest.endswith("\n"):
                pass
            yield number, _Bad(f"line longer than {_MAX_RECORD} characters")
            continue
        text = line.strip()
        if not text:
            continue
        try:
            yield number, json.loads(text)
        except (ValueError, RecursionError) as exc:
            yield number, _Bad(f"invalid JSON ({exc})"[:200])


def _open_text(path: Path) -> IO[str]:
    with path.open("rb") as probe:
        gzipped = probe.read(2) == b"\x1f\x8b"  # twarc output is often kept gzipped
    raw = gzip.open(path, "rb") if gzipped else path.open("rb")  # noqa: SIM115 - wrapper owns it
    # errors="replace": a stray bad byte costs one character, never the import.
    return io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace")


def _opener(path: Path) -> Callable[[], IO[str]]:
    return lambda: _open_text(path)


# -- record shapes ----------------------------------------------------------------------------


def _kind(value: Any) -> str | None:
    if not isinstance(value, dict):
        return None
    if value.get("type") in ("post", "capture", "payload", "embedarchive-export"):
        return "own"
    if isinstance(value.get("tweet"), dict):
        return "export"
    if isinstance(value.get("data"), list | dict) or (
        "errors" in value and "data" not in value and "id" not in value
    ):
        return "v2page"
    if "id_str" in value or isinstance(value.get("user"), dict) or "full_text" in value:
        return "v1"
    if "id" in value and ("text" in value or "note_tweet" in value):
        return "v2"
    return None


_FORMATS = {
    "own": "embedarchive-jsonl",
    "export": "twitter-export",
    "v2page": "twitter-v2",
    "v2": "twitter-v2",
    "v1": "twitter-v1.1",
}


# -- the import run ---------------------------------------------------------------------------


class _Run:
    """Counts, batches and error messages of one import."""

    def __init__(self, store: Store, path: Path) -> None:
        self.store = store
        self.path = path
        self.now = dt.datetime.now(dt.UTC)
        self.imported = self.unchanged = self.skipped = 0
        self.errors: list[str] = []
        self.notes: list[str] = []
        self._batch: list[tuple[Post, Payload | None]] = []
        # Within one file the first copy of a post wins: includes/quoted copies of the same tweet
        # may differ slightly, and letting the last one win would make a re-import rewrite it.
        self._seen: set[int | str] = set()
        self.long_posts: LongPosts | None = None  # note-tweet.js of an export

    def provenance(self, where: str) -> Provenance:
        return Provenance(source="import", url=where, fetched_at=self.now)

    def error(self, where: str, number: int, reason: str) -> None:
        self.skipped += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(f"{where}: record {number}: {reason}")

    def add(self, post: Post, raw: dict[str, Any] | None) -> None:
        key: int | str = int(post.id) if post.id.isdigit() else f"{post.platform}:{post.id}"
        if key in self._seen:
            return
        try:
            check_post(post)
        except StoreError as exc:
            raise ValueError(str(exc)) from exc
        self._seen.add(key)
        payload = None
        if raw is not None and post.provenance is not None and post.provenance.url is not None:
            body = json.dumps(raw, ensure_ascii=False, separators=(",", ":")).encode()
            payload = (post.provenance.url, 0, "application/json", body)
        self._batch.append((post, payload))
        if len(self._batch) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        if self._batch:
            counts = self.store.put_posts(self._batch)
            self.imported += counts.written
            self.unchanged += counts.unchanged
            self._batch = []

    def report(self, fmt: str) -> ImportReport:
        self.flush()
        return ImportReport(
            path=str(self.path),
            format=fmt,
            imported=self.imported,
            unchanged=self.unchanged,
            skipped=self.skipped,
            errors=tuple(self.errors),
            notes=tuple(self.notes),
        )


def _top_id(value: dict[str, Any]) -> str | None:
    return _s(value.get("id_str")) or _s(value.get("id"))


def _import_record(run: _Run, where: str, number: int, value: Any, account: Author | None) -> None:
    kind = _kind(value)
    prov = run.provenance(where)
    # Each post keeps the record it was read from as its payload; embedded tweets (quoted,
    # retweeted) stay inside their parent's payload.
    if kind == "export":
        top = _top_id(value["tweet"])
        for read in v1_posts(value["tweet"], account, prov):
            if read.id != top:
                run.add(read, None)
            elif run.long_posts is None:
                run.add(read, value)
            else:  # a long post's text is cut in tweets.js; note-tweet.js has all of it
                run.add(run.long_posts.complete(read), value)
    elif kind == "v1":
        for post in v1_posts(value, account, prov):
            run.add(post, value if post.id == _top_id(value) else None)
    elif kind == "v2":
        for post in v2_posts(value, V2Includes(), prov):
            run.add(post, value if post.id == _top_id(value) else None)
    elif kind == "v2page":
        inc = V2Includes.of(value)
        data = value.get("data")
        tweets = [data] if isinstance(data, dict) else _l(data)
        for item in [*tweets, *inc.tweets.values()]:
            try:
                for post in v2_posts(_d(item), inc, prov):
                    run.add(post, item if post.id == _top_id(_d(item)) else None)
            except ValueError as exc:
                run.error(where, number, f"tweet {_d(item).get('id')!r}: {exc}"[:300])
    elif kind == "own":
        _import_own(run, value)
    else:
        raise ValueError("not a tweet or post record")


def _import_own(run: _Run, value: dict[str, Any]) -> None:
    kind = value["type"]
    if kind == "embedarchive-export":
        if (_int(value.get("version")) or 0) > 1:
            run.notes.append(f"export version {value.get('version')} is newer than this reader (1)")
    elif kind == "payload":
        body = base64.b64decode(str(value["body_b64"]), validate=True)
        run.store.put_payload(
            (str(value["url"]), int(value["status"]), str(value["content_type"]), body)
        )
    elif kind == "post":
        post = Post.model_validate(value["post"])
        run.add(post, None)
    else:
        capture = Capture.model_validate(value["capture"])
        platform = Platform(value["platform"])
        run.flush()
        added = run.store.put_captures(platform, _s(value.get("post_id")), [capture])
        run.imported += added
        run.unchanged += 1 - added


def _consume(
    run: _Run, where: str, records: Iterable[tuple[int, Any]], account: Author | None
) -> None:
    for number, value in records:
        if isinstance(value, _Bad):
            run.error(where, number, value.reason)
            continue
        try:
            _import_record(run, where, number, value, account)
        except (ValueError, TypeError, KeyError, RecursionError) as exc:
            run.error(where, number, f"{type(exc).__name__}: {exc}"[:300])


# -- formats ----------------------------------------------------------------------------------


def _sniff(records: Records) -> tuple[str | None, Records]:
    """Peek at the first records to name the format; return it with the records, unconsumed."""
    peeked: list[tuple[int, Any]] = []
    found = None
    for item in records:
        peeked.append(item)
        found = _kind(item[1])
        if found or len(peeked) >= _SNIFF_RECORDS:
            break

    def replay() -> Records:
        yield from peeked
        yield from records

    return (_FORMATS[found] if found else None), replay()


def _ytd_records(stream: IO[str], where: str) -> tuple[str, Records]:
    head = stream.read(max(_SNIFF, 1024))
    match = _YTD_HEADER.match(head.lstrip("\ufeff"))
    if match is None:
        raise ImportFormatError(f"{where} is not a Twitter data export file", path=where)
    return match.group(1), _iter_values(stream, head.lstrip("\ufeff")[match.end() :], array=True)


def _read_account(opener: Callable[[], IO[str]], where: str, run: _Run) -> Author | None:
    try:
        with opener() as stream:
            _, records = _ytd_records(stream, where)
            for _, value in records:
                account = _d(_d(value).get("account"))
                if account:
                    return Author(
                        name=_s(account.get("accountDisplayName")),
                        handle=_s(account.get("username")),
                        id=_s(account.get("accountId")),
                    )
    except (ImportFormatError, OSError, ValueError) as exc:
        run.notes.append(f"{where} could not be read ({exc}); posts imported without a handle")
        return None
    run.notes.append(f"{where} names no account; posts imported without a handle")
    return None


def _read_long_posts(note_files: list[tuple[str, Callable[[], IO[str]]]], run: _Run) -> None:
    records: list[Any] = []
    for where, opener in note_files:
        try:
            with opener() as stream:
                name, values = _ytd_records(stream, where)
                if name == "note_tweet":
                    records += [value for _, value in values if not isinstance(value, _Bad)]
        except (ImportFormatError, OSError, ValueError) as exc:
            run.notes.append(f"{where} could not be read ({exc}); long posts keep cut text")
    if records:
        run.long_posts = LongPosts(records)


def _import_export(
    run: _Run,
    tweet_files: list[tuple[str, Callable[[], IO[str]]]],
    account_file: tuple[str, Callable[[], IO[str]]] | None,
    note_files: list[tuple[str, Callable[[], IO[str]]]],
) -> None:
    if account_file is None:
        run.notes.append("account.js not found: posts imported without a handle")
        account = None
    else:
        account = _read_account(account_file[1], account_file[0], run)
    _read_long_posts(note_files, run)
    for where, opener in tweet_files:
        with opener() as stream:
            try:
                name, records = _ytd_records(stream, where)
            except ImportFormatError:
                run.notes.append(f"{where}: not a window.YTD file, skipped")
                continue
            if name not in ("tweet", "tweets"):
                run.notes.append(f"{where}: holds {name!r}, not tweets; skipped")
                continue
            _consume(run, where, records, account)
    if run.long_posts is not None:
        run.notes.append(
            f"note-tweet.js: {run.long_posts.used} of {len(run.long_posts)} long posts given "
            "their full text"
        )


def _part_order(name: str) -> tuple[int, str]:
    match = _EXPORT_TWEETS.search(name)
    return (int(match.group(2) or 0) if match else 0, name)


def _import_zip(run: _Run, path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if not n.endswith("/")]
        tweets = sorted((n for n in names if _EXPORT_TWEETS.search(n)), key=_part_order)
        if not tweets:
            raise ImportFormatError(
                f"{path} is a zip file without data/tweets.js: not a Twitter/X data export",
                path=path,
            )
        accounts = [n for n in names if _EXPORT_ACCOUNT.search(n)]
        notes = [n for n in names if _EXPORT_NOTES.search(n)]

        def opener(member: str) -> Callable[[], IO[str]]:
            return lambda: io.TextIOWrapper(
                archive.open(member), encoding="utf-8-sig", errors="replace"
            )

        _import_export(
            run,
            [(f"{path}!/{n}", opener(n)) for n in tweets],
            (f"{path}!/{accounts[0]}", opener(accounts[0])) if accounts else None,
            [(f"{path}!/{n}", opener(n)) for n in notes],
        )


def _folder_files(folder: Path) -> tuple[list[Path], Path | None, list[Path]]:
    """The tweets parts, account.js and note-tweet parts of an unpacked export."""
    for base in (folder / "data", folder):
        if base.is_dir():
            files = [p for p in base.iterdir() if p.is_file()]
            tweets = sorted(
                (p for p in files if _EXPORT_TWEETS.fullmatch(p.name)),
                key=lambda p: _part_order(p.name),
            )
            if tweets:
                account = base / "account.js"
                notes = sorted(p for p in files if _EXPORT_NOTES.fullmatch(p.name))
                return tweets, account if account.is_file() else None, notes
    return [], None, []


def _import_file(run: _Run, path: Path) -> str:
    with _open_text(path) as stream:
        head = stream.read(_SNIFF)
        start = head.lstrip("\ufeff \t\r\n")
        if not start:
            raise ImportFormatError(f"{path} is empty: nothing to import", path=path)
        if start.startswith("window.YTD."):
            match = _YTD_HEADER.match(start)
            if match is None or match.group(1) not in ("tweet", "tweets"):
                what = match.group(1) if match else "an unknown part"
                raise ImportFormatError(
                    f"{path} holds {what!r} of a Twitter/X data export, not tweets; import "
                    "tweets.js, the data folder or the .zip",
                    path=path,
                )
            account = path.with_name("account.js")
            notes = path.with_name("note-tweet.js")
            _import_export(
                run,
                [(str(path), _opener(path))],
                (str(account), _opener(account)) if account.is_file() else None,
                [(str(notes), _opener(notes))] if notes.is_file() else [],
            )
            return _FORMATS["export"]
        if start[0] == "[":
            records = _iter_values(stream, head, array=True)
        elif start[0] == "{":
            if "\n" not in head:
                # twarc pages easily exceed the sniffed head: read the whole first line
                head += stream.readline(_MAX_RECORD)
            first = head.lstrip("\ufeff").split("\n", 1)[0]
            try:
                json.loads(first)
                one_per_line = True
            except (ValueError, RecursionError):
                # a broken first record still looks like one line; pretty JSON opens with "{"
                one_per_line = len(first.strip()) > 1 and first.rstrip().endswith("}")
            records = (
                _iter_lines(stream, head)
                if one_per_line
                else _iter_values(stream, head, array=False)
            )
        else:
            raise ImportFormatError(
                f"{path} is not JSON, JSON Lines or a Twitter export", path=path
            )
        fmt, records = _sniff(records)
        if fmt is None:
            raise ImportFormatError(
                f"{path} holds JSON, but no tweets or posts embedarchive can read", path=path
            )
        _consume(run, str(path), records, None)
        return fmt


def import_path(store: Store, path: str | os.PathLike[str]) -> ImportReport:
    """Import a Twitter/X export (.zip, folder or tweets.js), twarc/v2 JSONL, v1.1 JSON or our own
    JSONL export into ``store``.

    Raises :class:`~embedarchive.errors.ImportFormatError` (naming the path) when the file is none
    of these; malformed records inside a known format are skipped and listed in the report.
    """
    target = Path(path)
    run = _Run(store, target)
    # absolute, so the provenance of imported posts still names the file from elsewhere
    target = target.absolute()
    try:
        if target.is_dir():
            tweets, account, notes = _folder_files(target)
            if not tweets:
                raise ImportFormatError(
                    f"{target} is a folder without tweets.js: not a Twitter/X data export",
                    path=target,
                )
            _import_export(
                run,
                [(str(p), _opener(p)) for p in tweets],
                (str(account), _opener(account)) if account else None,
                [(str(p), _opener(p)) for p in notes],
            )
            fmt = _FORMATS["export"]
        elif zipfile.is_zipfile(target):
            _import_zip(run, target)
            fmt = _FORMATS["export"]
        else:
            fmt = _import_file(run, target)
    except OSError as exc:
        run.flush()  # keep what was read before the failure
        raise ImportFormatError(f"{target} cannot be read: {exc}", path=target) from exc
    except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
        run.flush()
        raise ImportFormatError(
            f"{target} is a damaged zip or gzip file ({exc}); the records before the damage "
            "were imported",
            path=target,
        ) from exc
    except (NotImplementedError, RuntimeError) as exc:
        # zipfile: an unsupported compression method or an encrypted member
        run.flush()
        raise ImportFormatError(f"{target} cannot be unpacked: {exc}", path=target) from exc
    report = run.report(fmt)
    logger.info(
        "imported %s (%s): %d new, %d unchanged, %d skipped",
        target,
        fmt,
        report.imported,
        report.unchanged,
        report.skipped,
    )
    return report
