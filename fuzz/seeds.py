#!/usr/bin/env python3
"""Seed inputs for the fuzzers: windows of the corpus pages and renderings around embed markers.

    python fuzz/seeds.py [--shared ../shared] [--out fuzz/corpus]

Writes ``<out>/<target>/seed-N`` for every target, each input opening with the byte that picks
the entry point (see ``targets.py``), so that every entry point starts from real documents.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKERS = (b"(@", b"blockquote", b"Posted by", "\u266c".encode(), b"iframe", b"/status/", b"<a ")
WINDOW = (1500, 500)  # bytes before and after a marker


def windows(document: bytes) -> list[bytes]:
    found = []
    for marker in MARKERS:
        at = document.find(marker)
        if at != -1:
            found.append(document[max(0, at - WINDOW[0]) : at + WINDOW[1]])
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_shared = Path(os.environ.get("EMBEDARCHIVE_SHARED", ROOT.parent / "shared"))
    parser.add_argument("--shared", type=Path, default=default_shared)
    parser.add_argument("--out", type=Path, default=ROOT / "fuzz" / "corpus")
    args = parser.parse_args()
    corpus = args.shared / "corpus"
    texts = sorted((corpus / "text").glob("*.txt"))
    pages = sorted((corpus / "html").glob("*.html"))
    pages += sorted((args.shared / "fixtures" / "embeds").glob("*.html"))
    pages += sorted((ROOT / "tests" / "data" / "html").glob("*.html"))
    # (first byte: the entry point; detect: 0 text, 1 HTML; snapshot: 2 text cards, 1 HTML)
    plan = {"detect": ((texts, 0), (pages, 1)), "snapshot": ((texts, 2), (pages, 1))}
    for target, sources in plan.items():
        seeds = [
            bytes([mode]) + window
            for files, mode in sources
            for path in files
            for window in windows(path.read_bytes())
        ]
        write(args.out / target, seeds)
    write(args.out / "responses", responses_seeds(args.shared))


# responses: an entry point per kind of file (see targets.responses)
_RESPONSE_MODES = {
    ".html": (0,),
    ".json": (1, 4, 5, 7),
    ".cdx": (2,),
    ".txt": (2,),
    ".link": (3,),
    ".jsonl": (6,),
    ".js": (8,),
}


def responses_seeds(shared: Path) -> list[bytes]:
    """Recorded answers of the archives and platforms, and the tests' import files, whole."""
    files = [
        *(shared / "fixtures" / "archives").rglob("*"),
        *(shared / "fixtures" / "embeds").glob("*.json"),
        *(ROOT / "tests" / "data" / "imports").rglob("*"),
    ]
    seeds = []
    for path in sorted(files):
        modes = _RESPONSE_MODES.get(path.suffix, ())
        if path.is_file() and modes and path.stat().st_size <= MAX_SEED:
            seeds += [bytes([mode]) + path.read_bytes() for mode in modes]
    return seeds


MAX_SEED = 200_000


def write(folder: Path, seeds: list[bytes]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for count, seed in enumerate(seeds):
        (folder / f"seed-{count}").write_bytes(seed)
    print(f"{folder}: {len(seeds)} seeds")


if __name__ == "__main__":
    main()
