"""The ``embedarchive`` command: JSON Lines on stdout, progress and errors on stderr."""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import IO, TYPE_CHECKING, TextIO

from embedarchive._version import __version__
from embedarchive.detect.html import parse_html
from embedarchive.detect.text import parse_text
from embedarchive.errors import EmbedArchiveError
from embedarchive.models import Embed, Resolution

if TYPE_CHECKING:
    from concurrent.futures import Future

    from embedarchive.archive.sources.base import Source
    from embedarchive.snapshot.inputs import Article, Unreadable


class Progress:
    """A one-line counter on stderr, shown only when it helps (several inputs, a terminal).

    ``total`` is ``None`` when the number of items is not known in advance (WARC inputs hold
    any number of articles): the line then counts without a total.
    """

    def __init__(self, total: int | None, *, stream: TextIO, enabled: bool) -> None:
        self.total = total
        self.stream = stream
        self.enabled = enabled and (total is None or total > 1)
        self.done = 0

    def step(self, label: str) -> None:
        self.done += 1
        if self.total is not None and self.done > self.total:
            self.total = None  # an input held more items than announced (a WARC by content)
        if self.enabled:
            count = f"{self.done}/{self.total}" if self.total is not None else str(self.done)
            self.stream.write(f"\r[{count}] {label[-60:]:<60}")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.done:
            self.stream.write("\n")
            self.stream.flush()


def _binary_stdin(stdin: TextIO) -> IO[bytes]:
    buffer = getattr(stdin, "buffer", None)
    return buffer if buffer is not None else io.BytesIO(stdin.read().encode("utf-8"))


def _cannot_read(err: TextIO, source: str, reason: str) -> None:
    err.write(f"embedarchive: cannot read {source}: {reason}\n")


def detect(article: Article, fmt: str = "auto") -> list[Embed]:
    """Run the detector ``fmt`` asks for (``auto``: what the input's content says it is)."""
    if fmt == "html" or (fmt == "auto" and article.kind == "html"):
        return parse_html(article.data, base_url=article.base_url)
    return parse_text(article.text())


def _embed_line(embed: Embed, source: str) -> str:
    record = json.loads(embed.model_dump_json())
    record["source"] = source
    return json.dumps(record, ensure_ascii=False)


@dataclasses.dataclass(frozen=True, slots=True)
class _Scanned:
    """What ``scan`` prints for one input: its output lines, or why it has none."""

    source: str
    lines: list[str]
    problem: str | None = None  # unreadable, or the detector refused it
    read: bool = True  # the input was read as an article (a refused one counts too)


def _scan_article(article: Article, fmt: str) -> _Scanned:
    """One article's output lines, or why there are none. Also run in worker processes: the
    lines are made there, so the parent only writes them."""
    try:
        embeds = detect(article, fmt)
    except EmbedArchiveError as exc:
        return _Scanned(article.source, [], str(exc))
    return _Scanned(article.source, [_embed_line(embed, article.source) for embed in embeds])


def _scan_batch(batch: list[Article | Unreadable], fmt: str) -> list[_Scanned]:
    """The outcomes of a run of inputs, in order (a worker's task with ``--jobs``)."""
    return [_scan_input(item, fmt) for item in batch]


def _scan_input(item: Article | Unreadable, fmt: str) -> _Scanned:
    from embedarchive.snapshot.inputs import Unreadable

    if isinstance(item, Unreadable):
        return _Scanned(item.source, [], item.reason, read=False)
    return _scan_article(item, fmt)


# With ``--jobs``, workers take inputs in runs of up to this many articles or bytes: one
# article takes a few milliseconds, about what handing a task to a worker costs the parent.
_BATCH_ARTICLES = 16
_BATCH_BYTES = 4 << 20
# Runs in flight per worker: enough to keep every worker busy while the parent reads and
# writes, few enough that memory stays a few runs per worker.
_AHEAD_PER_JOB = 2


def _ignore_sigint() -> None:
    """Workers leave Ctrl-C to the main process, which stops them (no traceback from each)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _scan_all(items: Iterable[Article | Unreadable], fmt: str, jobs: int) -> Iterator[_Scanned]:
    """Each input's outcome, in input order; with ``jobs`` > 1 the detectors run in that many
    worker processes."""
    from concurrent.futures import ProcessPoolExecutor

    from embedarchive.snapshot.inputs import Article

    if jobs <= 1:
        for item in items:
            yield _scan_input(item, fmt)
        return
    pending: deque[Future[list[_Scanned]]] = deque()
    # workers start from a clean process (never a fork of this one, which may hold threads)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_ignore_sigint)
    try:
        batch: list[Article | Unreadable] = []
        size = 0
        for item in items:
            batch.append(item)
            size += len(item.data) if isinstance(item, Article) else 0
            if len(batch) < _BATCH_ARTICLES and size < _BATCH_BYTES:
                continue
            pending.append(pool.submit(_scan_batch, batch, fmt))
            batch, size = [], 0
            # write what is finished at the head; wait only when too much is in flight
            while pending and (len(pending) > jobs * _AHEAD_PER_JOB or pending[0].done()):
                yield from pending.popleft().result()
        if batch:
            pending.append(pool.submit(_scan_batch, batch, fmt))
        while pending:
            yield from pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def cmd_scan(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    from embedarchive.snapshot.inputs import expand_inputs, is_warc_name, read_inputs

    # Inputs are read and scanned one at a time (with --jobs, a few per worker), so a folder of
    # any size costs the memory of its largest articles. Only the list of paths is made up
    # front, for the progress line.
    inputs = list(expand_inputs(args.inputs or ["-"]))
    known = not any(is_warc_name(item) for item in inputs)
    show = args.progress and not args.quiet
    progress = Progress(len(inputs) if known else None, stream=err, enabled=show)
    jobs = args.jobs or _usable_cpus()
    total = articles = failures = 0
    read = read_inputs(inputs, offline=args.offline, stdin=_binary_stdin(stdin))
    try:
        for scanned in _scan_all(read, args.format, jobs):
            articles += scanned.read
            if scanned.problem is not None:
                failures += 1
                _cannot_read(err, scanned.source, scanned.problem)
            progress.step(scanned.source)
            for line in scanned.lines:
                out.write(line + "\n")
            total += len(scanned.lines)
    except BrokenProcessPool as exc:
        progress.close()
        err.write(f"embedarchive: a worker process died ({exc}); the inputs from there on are")
        err.write(" not scanned\n")
        return 1
    progress.close()
    if not args.quiet:
        err.write(f"embedarchive: {_count(total, 'embed')} in {_count(articles, 'article')}")
        err.write(f", {failures} unreadable\n" if failures else "\n")
    return 1 if failures else 0


def _usable_cpus() -> int:
    """The CPUs this process may run on (its affinity mask where the system has one)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def cmd_schema(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    from embedarchive import models

    names = ["Embed", "Post", "Capture", "Resolution"] if args.model == "all" else [args.model]
    schemas = {name: getattr(models, name).model_json_schema() for name in names}
    payload = schemas[names[0]] if len(names) == 1 else schemas
    out.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    return 0


# -- archive subcommands: resolve, import, cache ---------------------------------------------

SOURCE_NAMES = ("syndication", "oembed", "wayback", "archive-today")
_RESOLVE_BATCH = 256


def _archive_path(args: argparse.Namespace) -> Path:
    from embedarchive.archive.resolver import default_archive_path

    return Path(args.archive) if args.archive else default_archive_path()


def build_sources(names: str) -> list[Source]:
    """Sources for ``--sources`` (a comma list of :data:`SOURCE_NAMES`), in the order given.

    ``oembed`` stands for the keyless oEmbed endpoints of X, Bluesky, TikTok and YouTube.
    """
    from embedarchive.archive.sources.archive_today import ArchiveToday
    from embedarchive.archive.sources.oembed import OEmbed, TwitterOEmbed
    from embedarchive.archive.sources.syndication import TwitterSyndication
    from embedarchive.archive.sources.wayback import Wayback

    sources: list[Source] = []
    for name in (part.strip().lower() for part in names.split(",")):
        if name == "syndication":
            sources.append(TwitterSyndication())
        elif name == "oembed":
            sources.extend([TwitterOEmbed(), OEmbed.bluesky(), OEmbed.tiktok(), OEmbed.youtube()])
        elif name == "wayback":
            sources.append(Wayback())
        elif name in ("archive-today", "archive.today"):
            sources.append(ArchiveToday())
        elif name:
            raise argparse.ArgumentTypeError(
                f"unknown source {name!r}; choose from {', '.join(SOURCE_NAMES)}"
            )
    return sources


def _embeds_from_jsonl(data: bytes, label: str) -> list[tuple[str, Embed]] | None:
    """Embeds from ``scan`` output (one Embed object plus ``source`` per line), or ``None`` when
    the data is not such JSON Lines (then it is an article)."""
    if data.lstrip()[:1] != b"{":
        return None
    found: list[tuple[str, Embed]] = []
    for line in data.decode("utf-8", errors="replace").splitlines():
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            return None
        if not isinstance(record, dict) or "platform" not in record:
            return None
        source = record.pop("source", None)
        fields = {k: v for k, v in record.items() if k in Embed.model_fields}
        try:
            embed = Embed.model_validate(fields)
        except ValueError:
            return None
        found.append((source if isinstance(source, str) else label, embed))
    return found


def _embeds_of(article: Article) -> list[tuple[str, Embed]]:
    """The embeds ``scan`` wrote (JSON Lines input), else those detected in the article."""
    from_jsonl = _embeds_from_jsonl(article.data, article.source)
    if from_jsonl is not None:
        return from_jsonl
    return [(article.source, embed) for embed in detect(article)]


def _resolution_line(source: str, resolution: Resolution) -> str:
    record = {
        "source": source,
        "embed": resolution.embed.model_dump(mode="json") if resolution.embed else None,
        "resolution": resolution.model_dump(mode="json", exclude={"embed"}),
    }
    return json.dumps(record, ensure_ascii=False)


def cmd_resolve(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    from embedarchive.archive.resolver import Archive

    try:
        sources = build_sources(args.sources) if args.sources else None
    except argparse.ArgumentTypeError as exc:
        err.write(f"embedarchive: {exc}\n")
        return 2
    from embedarchive.snapshot.inputs import Unreadable, read_inputs

    # one article in memory at a time: only the embeds are kept for the batches
    pending: list[tuple[str, Embed]] = []
    failures = 0
    for got in read_inputs(args.inputs or ["-"], offline=args.offline, stdin=_binary_stdin(stdin)):
        if isinstance(got, Unreadable):
            failures += 1
            _cannot_read(err, got.source, got.reason)
            continue
        try:
            pending.extend(_embeds_of(got))
        except EmbedArchiveError as exc:
            failures += 1
            _cannot_read(err, got.source, str(exc))
    show = args.progress and not args.quiet
    counts: dict[str, int] = {}
    try:
        archive = Archive(_archive_path(args), sources=sources, offline=args.offline)
    except EmbedArchiveError as exc:
        err.write(f"embedarchive: {exc}\n")
        return 1
    with archive:
        for first in range(0, len(pending), _RESOLVE_BATCH):
            batch = pending[first : first + _RESOLVE_BATCH]

            def report(done: int, total: int, offset: int = first) -> None:
                if show:
                    err.write(f"\r[{offset + done}/{len(pending)}] resolving")
                    err.flush()

            resolutions = archive.resolve_many(
                [embed for _, embed in batch], concurrency=args.concurrency, progress=report
            )
            for (source, _), resolution in zip(batch, resolutions, strict=True):
                out.write(_resolution_line(source, resolution) + "\n")
                counts[resolution.status.value] = counts.get(resolution.status.value, 0) + 1
            out.flush()
    if show and pending:
        err.write("\n")
    if not args.quiet:
        summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "nothing"
        err.write(f"embedarchive: {len(pending)} embeds resolved: {summary}\n")
    return 1 if failures else 0


def cmd_import(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    from embedarchive.archive.importers import import_path
    from embedarchive.archive.store import Store

    failures = 0
    try:
        store = Store(_archive_path(args))
    except EmbedArchiveError as exc:
        err.write(f"embedarchive: {exc}\n")
        return 1
    with store:
        for path in args.paths:
            try:
                report = import_path(store, path)
            except EmbedArchiveError as exc:
                failures += 1
                err.write(f"embedarchive: cannot import {path}: {exc}\n")
                continue
            out.write(json.dumps(dataclasses.asdict(report), ensure_ascii=False) + "\n")
    return 1 if failures else 0


def cmd_cache(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    from embedarchive.archive.store import Store

    try:
        with Store(_archive_path(args)) as store:
            if args.action == "stats":
                out.write(json.dumps(store.stats()) + "\n")
            elif args.action == "vacuum":
                store.vacuum()
                out.write(json.dumps(store.stats()) + "\n")
            elif args.output and args.output != "-":
                with open(args.output, "w", encoding="utf-8") as target:
                    count = store.export_jsonl(target)
                err.write(f"embedarchive: exported {count} posts and captures to {args.output}\n")
            else:
                store.export_jsonl(out)
    except (OSError, EmbedArchiveError) as exc:
        err.write(f"embedarchive: {exc}\n")
        return 1
    return 0


def cmd_archive(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    from embedarchive.snapshot.job import (
        HostBreaker,
        archive_articles,
        format_summary,
        job_archive,
    )

    try:
        sources = build_sources(args.sources) if args.sources else None
    except argparse.ArgumentTypeError as exc:
        err.write(f"embedarchive: {exc}\n")
        return 2
    if args.concurrency < 1:
        err.write("embedarchive: --concurrency must be at least 1\n")
        return 2
    recorder = None
    if args.warc:
        from embedarchive.snapshot.warc import WarcRecorder

        try:
            recorder = WarcRecorder(args.warc)
        except EmbedArchiveError as exc:
            err.write(f"embedarchive: {exc}\n")
            return 1

    def host_down(host: str, reason: str) -> None:
        err.write(f"embedarchive: {host} is unreachable ({reason}); not asked again in this run\n")
        err.flush()

    show = args.progress and not args.quiet

    def report(stage: str, done: int, total: int) -> None:
        if show:
            err.write(f"\r[{done}/{total}] {stage:<8}")
            err.flush()

    breaker = HostBreaker(on_down=host_down)
    try:
        archive = job_archive(
            _archive_path(args),
            sources=sources,
            offline=args.offline,
            on_exchange=recorder.record_exchange if recorder is not None else None,
            breaker=breaker,
        )
        with archive:
            summary = archive_articles(
                args.inputs,
                args.out,
                archive=archive,
                mode=args.mode,
                warc=recorder,
                theme=args.theme,
                concurrency=args.concurrency,
                breaker=breaker,
                stdin=_binary_stdin(stdin) if "-" in args.inputs else None,
                progress=report,
            )
    except (OSError, EmbedArchiveError) as exc:
        err.write(f"embedarchive: {exc}\n")
        return 1
    finally:
        if recorder is not None:
            recorder.close()
    if show:
        err.write("\n")
    for source, reason in summary.unreadable:
        _cannot_read(err, source, reason)
    for what, reason in summary.failures:
        err.write(f"embedarchive: cannot write {what}: {reason}\n")
    if not args.quiet:
        err.write(format_summary(summary))
    record = {
        "out": str(args.out),
        "articles": summary.articles,
        "embeds": summary.embeds,
        "statuses": dict(sorted(summary.statuses.items())),
        "cards": summary.cards,
        "articles_written": summary.articles_written,
        "unreadable": len(summary.unreadable),
        "failures": len(summary.failures),
        "hosts_down": sorted(summary.hosts_down),
        "warc": args.warc,
        "seconds": round(summary.seconds, 3),
    }
    out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 0 if summary.ok else 1


def _add_archive_job(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    job = sub.add_parser(
        "archive",
        help="the main job: scan, resolve and snapshot articles into a folder",
        description="Scan articles (files, folders, - for stdin, http(s) URLs, WARC files), "
        "resolve every embed, and write OUT/index.jsonl, OUT/cards/*.html and "
        "OUT/articles/*.html (rewritten). A summary table goes to stderr, one JSON summary "
        "line to stdout.",
    )
    job.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="articles, folders, URLs, WARC files, or -"
    )
    job.add_argument("--out", required=True, metavar="DIR", help="output folder (created)")
    job.add_argument("--warc", metavar="FILE", help="also write a WARC 1.1 file (.warc.gz)")
    job.add_argument(
        "--offline", action="store_true", help="no network: answer from the store only"
    )
    job.add_argument(
        "--mode",
        choices=("backup", "replace"),
        default="backup",
        help="backup: keep live embeds with the card as fallback; replace: swap them for "
        "the cards and drop the platform scripts (default: backup)",
    )
    job.add_argument(
        "--theme", choices=("auto", "light", "dark"), default="auto", help="card theme"
    )
    job.add_argument(
        "--archive", metavar="PATH", help="the archive store file (default: user cache folder)"
    )
    job.add_argument(
        "--sources",
        metavar="LIST",
        help=f"comma list of sources to ask, in order ({', '.join(SOURCE_NAMES)})",
    )
    job.add_argument(
        "--concurrency", type=int, default=8, help="embeds resolved at once (default 8)"
    )
    job.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=sys.stderr.isatty(),
        help="show a progress line on stderr (default: when stderr is a terminal)",
    )
    job.add_argument("-q", "--quiet", action="store_true", help="no summary table on stderr")
    job.set_defaults(func=cmd_archive)


def _add_archive_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    archive_help = "the archive store file (default: in the user cache folder)"
    resolve = sub.add_parser(
        "resolve",
        help="resolve embeds against the archive store and remote sources",
        description="Resolve the embeds of articles (HTML or text) or of `scan` output (JSON "
        "Lines). Prints one JSON object per embed: source, embed, resolution.",
    )
    resolve.add_argument(
        "inputs",
        nargs="*",
        metavar="INPUT",
        help="articles, scan JSONL, folders, - for stdin, URLs, WARC files",
    )
    resolve.add_argument("--archive", metavar="PATH", help=archive_help)
    resolve.add_argument(
        "--offline", action="store_true", help="no network: answer from the store only"
    )
    resolve.add_argument(
        "--sources",
        metavar="LIST",
        help=f"comma list of sources to ask, in order ({', '.join(SOURCE_NAMES)}); "
        "default: syndication, X oEmbed, wayback, archive.today",
    )
    resolve.add_argument(
        "--concurrency", type=int, default=8, help="embeds resolved at once (default 8)"
    )
    resolve.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=sys.stderr.isatty(),
        help="show a progress line on stderr (default: when stderr is a terminal)",
    )
    resolve.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    resolve.set_defaults(func=cmd_resolve)

    imp = sub.add_parser(
        "import",
        help="import Twitter/X exports, twarc/v2 JSONL, v1.1 JSON or an embedarchive export",
        description="Import posts into the archive store; prints one JSON report per file.",
    )
    imp.add_argument("paths", nargs="+", metavar="PATH")
    imp.add_argument("--archive", metavar="PATH", help=archive_help)
    imp.set_defaults(func=cmd_import)

    cache = sub.add_parser("cache", help="inspect, export or compact the archive store")
    cache.add_argument("action", choices=("stats", "export", "vacuum"))
    cache.add_argument("--archive", metavar="PATH", help=archive_help)
    cache.add_argument(
        "-o", "--output", metavar="FILE", help="export: write to FILE instead of stdout"
    )
    cache.set_defaults(func=cmd_cache)


def _job_count(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if jobs < 0:
        raise argparse.ArgumentTypeError("must be 0 (one per CPU) or more")
    return jobs


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="embedarchive",
        description="Find embedded social posts in articles, resolve them against archives, "
        "and keep static snapshots.",
    )
    parser.add_argument("--version", action="version", version=f"embedarchive {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    scan = sub.add_parser(
        "scan",
        help="detect embeds in articles (HTML or text); one JSON object per embed",
        description="Detect embedded posts in files, folders, stdin ('-'), URLs or WARC files. "
        "Prints one JSON object per embed (the Embed model plus 'source').",
    )
    scan.add_argument(
        "inputs",
        nargs="*",
        metavar="INPUT",
        help="files, folders, - for stdin, http(s) URLs, WARC files",
    )
    scan.add_argument("--offline", action="store_true", help="do not fetch URL inputs")
    scan.add_argument(
        "--format",
        choices=("auto", "html", "text"),
        default="auto",
        help="how to read the inputs (default: sniff the content)",
    )
    scan.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=sys.stderr.isatty(),
        help="show a progress line on stderr (default: when stderr is a terminal)",
    )
    scan.add_argument(
        "-j",
        "--jobs",
        type=_job_count,
        default=1,
        metavar="N",
        help="detect in N worker processes (0: one per CPU; default 1); output keeps the "
        "inputs' order",
    )
    scan.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    scan.set_defaults(func=cmd_scan)

    schema = sub.add_parser("schema", help="print the JSON Schema of the models")
    schema.add_argument(
        "model",
        nargs="?",
        default="Embed",
        choices=("Embed", "Post", "Capture", "Resolution", "all"),
    )
    schema.set_defaults(func=cmd_schema)
    _add_archive_commands(sub)
    _add_archive_job(sub)
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    stdin: TextIO | None = None,
) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        code: int = args.func(args, out, err, stdin or sys.stdin)
    except BrokenPipeError:  # `embedarchive scan … | head` is fine
        return 0
    except KeyboardInterrupt:
        err.write("embedarchive: interrupted\n")
        return 130
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
