"""Import a Twitter/X data export and render a static card for each of its posts.

    python examples/import_and_render.py [OUT_DIR]

examples/data/twitter-export/ is a tiny export of our own making, shaped like the real one
(``data/tweets.js`` and ``data/account.js``). The posts go into a throw-away store; each card is
a standalone HTML page with no script and a Content-Security-Policy that forbids network access.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import embedarchive as ea
from embedarchive.models import Platform
from embedarchive.snapshot.render import render_snapshot

EXPORT = Path(__file__).resolve().parent / "data" / "twitter-export"
POST_IDS = ("1950000000000000101", "1950000000000000102")


def run(out: Path, store: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    with ea.Archive(store, offline=True) as archive:
        report = archive.import_file(EXPORT)
        print(f"imported {report}")
        for post_id in POST_IDS:
            post = archive.store.get_post(Platform.TWITTER, post_id)
            if post is None:
                print(f"post {post_id} missing after the import")
                return 1
            # resolving an embed that names the post gives the card its archived state
            embed = ea.Embed(platform=post.platform, start=0, end=0, url=post.url, post_id=post.id)
            resolution = archive.resolve(embed)
            card = out / f"twitter-{post_id}.html"
            card.write_text(render_snapshot(resolution, full_page=True), encoding="utf-8")
            print(f"@{post.author.handle} {post.created_at:%Y-%m-%d}: {post.text[:50]}… -> {card}")
    return 0


def main() -> int:
    if len(sys.argv) > 1:
        out = Path(sys.argv[1])
        return run(out, out / "archive.sqlite3")
    with tempfile.TemporaryDirectory() as tmp:
        return run(Path(tmp) / "cards", Path(tmp) / "archive.sqlite3")


if __name__ == "__main__":
    raise SystemExit(main())
