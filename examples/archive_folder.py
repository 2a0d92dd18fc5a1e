"""Archive a folder of articles, offline: a card per embedded post, each article rewritten.

    python examples/archive_folder.py [OUT_DIR]

The same job as ``embedarchive archive examples/articles --out OUT_DIR --offline``, as a
library call. Offline, with an empty store, every card is made from what the article quoted;
import an export first (see import_and_render.py) to get archived copies instead.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import embedarchive as ea
from embedarchive.snapshot.job import archive_articles, format_summary

ARTICLES = Path(__file__).resolve().parent / "articles"


def run(out: Path, store: Path) -> int:
    with ea.Archive(store, offline=True) as archive:
        summary = archive_articles([str(ARTICLES)], out, archive=archive, mode="replace")
    print(format_summary(summary), end="")
    with (out / "index.jsonl").open(encoding="utf-8") as index:
        for line in index:
            record = json.loads(line)
            status = record["resolution"]["status"]
            print(f"{record['article']}: {record['embed']['platform']} -> {record['card']} "
                  f"({status})")  # fmt: skip
    print("articles:", ", ".join(sorted(p.name for p in (out / "articles").iterdir())))
    return 0 if summary.ok and summary.cards > 0 else 1


def main() -> int:
    if len(sys.argv) > 1:
        out = Path(sys.argv[1])
        return run(out, out / "archive.sqlite3")
    with tempfile.TemporaryDirectory() as tmp:
        return run(Path(tmp) / "out", Path(tmp) / "archive.sqlite3")


if __name__ == "__main__":
    raise SystemExit(main())
