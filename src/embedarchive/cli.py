"""The ``embedarchive`` command: JSON Lines on stdout, progress and errors on stderr."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TextIO

from embedarchive._version import __version__
from embedarchive.detect.html import parse_html
from embedarchive.detect.text import parse_text
from embedarchive.errors import EmbedArchiveError
from embedarchive.models import Embed

ARTICLE_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml", ".txt", ".text", ".md"})
_HTML_SNIFF = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|p|div|blockquote|article|section|span|iframe|a)[\s>]",
    re.IGNORECASE,
)


class Progress:
    """A one-line counter on stderr, shown only when it helps (several inputs, a terminal)."""

    def __init__(self, total: int, *, stream: TextIO, enabled: bool) -> None:
        self.total = total
        self.stream = stream
        self.enabled = enabled and total > 1
        self.done = 0

    def step(self, label: str) -> None:
        self.done += 1
        if self.enabled:
            self.stream.write(f"\r[{self.done}/{self.total}] {label[-60:]:<60}")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


def iter_inputs(items: Iterable[str]) -> Iterator[str]:
    """Expand folders into their article files (sorted); keep files and ``-`` as given."""
    for item in items:
        path = Path(item)
        if item != "-" and path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in ARTICLE_SUFFIXES:
                    yield str(child)
        else:
            yield item


def read_input(item: str, stdin: TextIO) -> bytes:
    """The raw bytes of a file or of stdin (``-``)."""
    if item == "-":
        return stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read().encode()
    return Path(item).read_bytes()


def looks_like_html(data: bytes) -> bool:
    """Content sniffing: markup tags near the start mean HTML, anything else is plain text."""
    return _HTML_SNIFF.search(data[:65536]) is not None


def detect(data: bytes, fmt: str) -> list[Embed]:
    """Run the detector ``fmt`` asks for (``auto`` sniffs the content)."""
    if fmt == "html" or (fmt == "auto" and looks_like_html(data)):
        return parse_html(data)
    return parse_text(data.decode("utf-8", errors="replace"))


def _embed_line(embed: Embed, source: str) -> str:
    record = json.loads(embed.model_dump_json())
    record["source"] = source
    return json.dumps(record, ensure_ascii=False)


def cmd_scan(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    inputs = list(iter_inputs(args.inputs or ["-"]))
    progress = Progress(len(inputs), stream=err, enabled=args.progress and not args.quiet)
    failures = 0
    total = 0
    for item in inputs:
        label = "<stdin>" if item == "-" else item
        try:
            data = read_input(item, stdin)
            embeds = detect(data, args.format)
        except (OSError, EmbedArchiveError) as exc:
            failures += 1
            progress.close() if progress.enabled else None
            err.write(f"embedarchive: cannot read {label}: {exc}\n")
            progress.step(label)
            continue
        for embed in embeds:
            out.write(_embed_line(embed, label) + "\n")
        total += len(embeds)
        progress.step(label)
    progress.close()
    if not args.quiet:
        err.write(f"embedarchive: {total} embeds in {len(inputs) - failures} inputs")
        err.write(f", {failures} unreadable\n" if failures else "\n")
    return 1 if failures else 0


def cmd_schema(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    from embedarchive import models

    names = ["Embed", "Post", "Capture", "Resolution"] if args.model == "all" else [args.model]
    schemas = {name: getattr(models, name).model_json_schema() for name in names}
    payload = schemas[names[0]] if len(names) == 1 else schemas
    out.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    return 0


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
        description="Detect embedded posts in files, folders or stdin ('-'). Prints one JSON "
        "object per embed (the Embed model plus 'source').",
    )
    scan.add_argument("inputs", nargs="*", metavar="INPUT", help="files, folders, or - for stdin")
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
