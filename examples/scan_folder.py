"""Scan a folder of articles (HTML or scraped text) and print what each embedded post says.

python examples/scan_folder.py [FOLDER]      # default: examples/articles
"""

from __future__ import annotations

import sys
from pathlib import Path

import embedarchive as ea


def main(folder: Path) -> int:
    total = 0
    for path in sorted(folder.iterdir()):
        data = path.read_bytes()
        embeds = (
            ea.parse_html(data)
            if path.suffix in (".html", ".htm")
            else ea.parse_text(data.decode("utf-8", errors="replace"))
        )
        for embed in embeds:
            total += 1
            print(f"{path.name}: {embed.platform} @{embed.handle} {embed.date} {embed.url or ''}")
            print(f"    {embed.text!r}")
    print(f"{total} embedded posts")
    return 0 if total else 1


if __name__ == "__main__":
    default = Path(__file__).resolve().parent / "articles"
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else default))
