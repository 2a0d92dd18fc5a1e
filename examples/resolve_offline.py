"""Resolve the embeds of an article against a local archive, offline, and verify the quote.

    python examples/resolve_offline.py

It imports a tiny API v2 JSONL record (as twarc writes them) into a throw-away store, then
resolves the scraped article's tweet, which carries no status URL, by handle + date + text.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import embedarchive as ea

HERE = Path(__file__).resolve().parent
RECORD = {
    "data": [
        {
            "id": "1940000000000000001",
            "author_id": "12",
            "created_at": "2025-07-01T06:02:00.000Z",
            "lang": "en",
            "text": "The harbour bridge is open again. Thank you to every crew who worked through "
            "the nights &amp; weekends to get it done. https://t.co/ExAmPle001",
        }
    ],
    "includes": {
        "users": [{"id": "12", "username": "examplecity", "name": "Example City Council"}]
    },
}


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "tweets.jsonl"
        export.write_text(json.dumps(RECORD) + "\n", encoding="utf-8")
        with ea.Archive(path=Path(tmp) / "archive.sqlite3", offline=True) as archive:
            print(archive.import_file(export))
            text = (HERE / "articles" / "harbour-bridge-scraped.txt").read_text(encoding="utf-8")
            for embed in ea.parse_text(text):
                resolution = archive.resolve(embed)
                post = resolution.post
                print(embed.handle, embed.date, "->", resolution.status, post.url if post else None)
                print("verification:", resolution.verification.status)
                if resolution.status != ea.ResolutionStatus.FOUND:
                    return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
