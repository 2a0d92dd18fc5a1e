"""The ``embedarchive`` command: JSON Lines on stdout, progress and errors on stderr."""

from __future__ import annotations

import argparse
import dataclasses
import functools
import io
import json
import sys
from collections.abc import Sequence
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import IO, TYPE_CHECKING, TextIO

from embedarchive._build import detector_build
from embedarchive._version import __version__
from embedarchive._workers import in_order, usable_cpus
from embedarchive.detect.html import parse_html
from embedarchive.detect.text import parse_text
from embedarchive.errors import EmbedArchiveError
from embedarchive.models import Embed, Resolution

if TYPE_CHECKING:
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

    lines: list[str]
    problem: str | None = None  # unreadable, or the detector refused it


def _scan_run(run: list[Article | Unreadable], fmt: str) -> list[_Scanned]:
    """The outcomes of a run of inputs, in order. With ``--jobs`` this runs in a worker, so
    the output lines are made there and the main process only writes them."""
    from embedarchive.snapshot.inputs import Unreadable

    scanned: list[_Scanned] = []
    for item in run:
        if isinstance(item, Unreadable):
            scanned.append(_Scanned([], item.reason))
            continue
        try:
            embeds = detect(item, fmt)
        except EmbedArchiveError as exc:
            scanned.append(_Scanned([], str(exc)))
            continue
        scanned.append(_Scanned([_embed_line(embed, item.source) for embed in embeds]))
    return scanned


def _input_size(item: Article | Unreadable) -> int:
    return len(getattr(item, "data", b""))


def cmd_scan(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    from embedarchive.snapshot.inputs import Unreadable, expand_inputs, is_warc_name, read_inputs

    # Inputs are read and scanned one at a time (with --jobs, a few per worker), so a folder of
    # any size costs the memory of its largest articles. Only the list of paths is made up
    # front, for the progress line.
    inputs = list(expand_inputs(args.inputs or ["-"]))
    known = not any(is_warc_name(item) for item in inputs)
    show = args.progress and not args.quiet
    progress = Progress(len(inputs) if known else None, stream=err, enabled=show)
    jobs = args.jobs or usable_cpus()
    total = articles = failures = 0
    read = read_inputs(inputs, offline=args.offline, stdin=_binary_stdin(stdin))
    work = functools.partial(_scan_run, fmt=args.format)
    try:
        for item, scanned in in_order(read, work, jobs=jobs, size=_input_size):
            articles += not isinstance(item, Unreadable)
            if scanned.problem is not None:
                failures += 1
                _cannot_read(err, item.source, scanned.problem)
            progress.step(item.source)
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
    parser.add_argument(
        "--version",
        action="version",
        version=f"embedarchive {__version__} (plain-text detector: {detector_build()})",
    )
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
