"""How fast the local store answers: cached resolutions per second, run by hand.

    python benchmarks/bench_resolve.py [--posts 20000] [--lookups 5000]

Builds a throw-away store of synthetic posts (put in one transaction), then times, offline and
side by side in one run:

* ``Store.get_post`` alone (the floor: one indexed SQLite read + model validation);
* ``Archive.resolve`` of embeds with a status id (store hit + verification);
* ``Archive.resolve`` of text-only embeds (handle + day window + ranking by similarity);
* ``Archive.resolve_many`` over the id embeds (the batch path, concurrency 8).

Prints a table and writes benchmarks/results/resolve-<date>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import embedarchive as ea
from embedarchive.archive.store import Store
from embedarchive.platforms import twitter

WORDS = [
    "bridge",
    "harbour",
    "council",
    "crews",
    "weekend",
    "storm",
    "repairs",
    "open",
    "thank",
    "every",
    "city",
    "night",
    "road",
    "river",
    "water",
    "study",
    "results",
    "basin",
    "sites",
    "nitrates",
    "farmers",
    "levels",
    "tonight",
    "rail",
    "station",
]


def _post(i: int, day: dt.date, rng: random.Random) -> ea.Post:
    lo, hi = twitter.id_range_for_day(day)
    post_id = str(rng.randint(lo, hi))
    handle = f"acct{i % 500}"
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 40)))
    created = twitter.snowflake_time(post_id)
    return ea.Post(
        platform=ea.Platform.TWITTER,
        id=post_id,
        url=twitter.canonical_status_url(post_id, handle),
        author=ea.Author(name=f"Account {i % 500}", handle=handle),
        created_at=created,
        text=text,
        provenance=ea.Provenance(source="bench", fetched_at=dt.datetime.now(dt.UTC)),
    )


def _timed(label: str, count: int, fn: object, repeats: int = 3) -> dict[str, float | str]:
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        runs.append(time.perf_counter() - t0)
    median = statistics.median(runs)
    return {"what": label, "n": count, "seconds": round(median, 4), "per_s": round(count / median)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=20000)
    ap.add_argument("--lookups", type=int, default=3000)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    rng = random.Random(7)
    start = dt.date(2025, 1, 1)
    posts = [_post(i, start + dt.timedelta(days=i % 300), rng) for i in range(args.posts)]
    sample = rng.sample(posts, min(args.lookups, len(posts)))
    id_embeds = [
        ea.Embed(
            platform=ea.Platform.TWITTER,
            start=0,
            end=1,
            handle=p.author.handle,
            post_id=p.id,
            url=p.url,
            text=p.text,
        )
        for p in sample
    ]
    text_embeds = [
        ea.Embed(
            platform=ea.Platform.TWITTER,
            start=0,
            end=1,
            handle=p.author.handle,
            date=p.created_at.date() if p.created_at else None,
            text=p.text,
        )
        for p in sample[: max(1, len(sample) // 3)]
    ]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite3"
        t0 = time.perf_counter()
        with Store(path) as store:
            store.put_posts((p, None) for p in posts)
        fill = time.perf_counter() - t0
        rows = []
        with Store(path) as store:
            rows.append(
                _timed(
                    "Store.get_post",
                    len(sample),
                    lambda: [store.get_post(ea.Platform.TWITTER, p.id) for p in sample],
                )
            )
        with ea.Archive(path=path, offline=True) as archive:
            rows.append(
                _timed(
                    "Archive.resolve (id, cached)",
                    len(id_embeds),
                    lambda: [archive.resolve(e) for e in id_embeds],
                )
            )
            rows.append(
                _timed(
                    "Archive.resolve (handle+date+text, cached)",
                    len(text_embeds),
                    lambda: [archive.resolve(e) for e in text_embeds],
                )
            )
            rows.append(
                _timed(
                    "Archive.resolve_many (id, cached)",
                    len(id_embeds),
                    lambda: archive.resolve_many(id_embeds, concurrency=8),
                )
            )
            found = sum(
                r.status == ea.ResolutionStatus.FOUND
                for r in archive.resolve_many(id_embeds + text_embeds)
            )
    print(
        f"store: {len(posts)} posts filled in {fill:.2f} s; "
        f"{found}/{len(id_embeds) + len(text_embeds)} embeds found"
    )
    print(f"{'what':45} {'n':>6} {'seconds':>8} {'per s':>8}")
    for row in rows:
        print(f"{row['what']:45} {row['n']:>6} {row['seconds']:>8} {row['per_s']:>8}")
    out = args.out or Path(__file__).parent / "results" / f"resolve-{dt.date.today()}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "date": dt.date.today().isoformat(),
                "python": sys.version.split()[0],
                "machine": platform.machine(),
                "posts": len(posts),
                "fill_seconds": round(fill, 3),
                "found": found,
                "rows": rows,
            },
            indent=1,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
