"""Rewrite an article so it no longer depends on the platform: embeds replaced by cards.

    python examples/rewrite_article.py [OUT_FILE]

The two Riverside Festival posts come from the example export (imported into a throw-away
store, so their cards are archived copies); the third post is in no archive, so its card shows
the article's own quote. ``replace`` mode also removes widgets.js; ``backup`` would keep each
live embed with the card as its fallback.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

import embedarchive as ea
from embedarchive.snapshot.rewrite import rewrite_html

HERE = Path(__file__).resolve().parent
ARTICLE = HERE / "articles" / "river-festival.html"


def main() -> int:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    with tempfile.TemporaryDirectory() as tmp:
        with ea.Archive(Path(tmp) / "archive.sqlite3", offline=True) as archive:
            archive.import_file(HERE / "data" / "twitter-export")
            original = ARTICLE.read_text(encoding="utf-8")
            rewritten = rewrite_html(original, archive, mode="replace")
        out = target or Path(tmp) / "river-festival.html"
        out.write_text(rewritten, encoding="utf-8")
        print(f"{ARTICLE.name}: {len(ea.parse_html(original))} live embeds before, "
              f"{len(ea.parse_html(rewritten))} after")  # fmt: skip
        print(f"cards: {rewritten.count('data-embedarchive-card')}, "
              f"widgets.js left: {'widgets.js' in rewritten}")  # fmt: skip
        states = re.findall(r'<div data-embedarchive-card[^>]*? data-state="([a-z-]+)"', rewritten)
        print("card states:", ", ".join(states))
        print("written to", out if target else "(a temporary file)")
        ok = ea.parse_html(rewritten) == [] and "widgets.js" not in rewritten
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
