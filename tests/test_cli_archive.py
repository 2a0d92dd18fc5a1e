"""The archive subcommands of the CLI: resolve, import, cache."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import httpx
import respx

from embedarchive.cli import main
from embedarchive.models import Embed, Platform

try:
    from tests.shared import shared_path
except ImportError:  # tests/ itself is the import root
    from shared import shared_path  # type: ignore[no-redef]

SYN = "https://cdn.syndication.twimg.com"
RAJNATH_ID = "1939900000000000001"
RAJNATH_TEXT = (
    "Glad to speak with the US @SecDef Mr. @PeteHegseth today. Excellent discussion to review "
    "the ongoing and new initiatives to further deepen India-US defence partnership and "
    "strengthen cooperation in capacity building.\nConveyed my deep appreciation for the "
    "unwavering support extended by the US to India in its fight against terrorism. Looking "
    "forward to meeting him at an early date."
)


def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err, stdin=io.StringIO(stdin))
    return code, out.getvalue(), err.getvalue()


def lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def v2_jsonl(path: Path) -> Path:
    records = [
        (RAJNATH_ID, "2025-07-01T10:39:01.000Z", RAJNATH_TEXT),
        ("1939900000000000002", "2025-07-01T12:00:00.000Z", "Reviewed the preparedness today."),
    ]
    path.write_text(
        "".join(
            json.dumps(
                {
                    "id": post_id,
                    "text": text,
                    "created_at": created,
                    "author": {"id": "1", "username": "rajnathsingh", "name": "Rajnath Singh"},
                }
            )
            + "\n"
            for post_id, created, text in records
        ),
        encoding="utf-8",
    )
    return path


def scan_line(embed: Embed, source: str) -> str:
    record = json.loads(embed.model_dump_json())
    record["source"] = source
    return json.dumps(record)


def test_import_then_cache_stats_export_vacuum(tmp_path: Path) -> None:
    db = str(tmp_path / "a.sqlite3")
    bad = tmp_path / "notes.txt"
    bad.write_text("not an export\n", encoding="utf-8")
    code, out, err = run("import", str(v2_jsonl(tmp_path / "t.jsonl")), str(bad), "--archive", db)
    assert code == 1  # one file failed
    (report,) = lines(out)
    assert report["imported"] == 2 and report["skipped"] == 0
    assert "notes.txt" in err

    code, out, _ = run("cache", "stats", "--archive", db)
    assert code == 0 and lines(out)[0]["posts"] == 2

    exported = tmp_path / "export.jsonl"
    code, _, err = run("cache", "export", "--archive", db, "-o", str(exported))
    assert code == 0 and "exported 2" in err
    code, out, _ = run("cache", "export", "--archive", db)
    assert [r["type"] for r in lines(out)].count("post") == 2

    other = str(tmp_path / "b.sqlite3")
    code, out, _ = run("import", str(exported), "--archive", other)
    assert code == 0 and lines(out)[0]["imported"] == 2

    code, out, _ = run("cache", "vacuum", "--archive", db)
    assert code == 0 and lines(out)[0]["posts"] == 2


def test_resolve_offline_from_scan_output_and_an_article(tmp_path: Path) -> None:
    db = str(tmp_path / "a.sqlite3")
    assert run("import", str(v2_jsonl(tmp_path / "t.jsonl")), "--archive", db)[0] == 0
    text_embed = Embed(
        platform=Platform.TWITTER,
        start=0,
        end=5,
        handle="rajnathsingh",
        date=dt.date(2025, 7, 1),
        text=RAJNATH_TEXT[:150] + "…",
        truncated=True,
    )
    unknown = Embed(platform=Platform.TWITTER, start=9, end=20, post_id="20", handle="jack")
    stdin = scan_line(text_embed, "article.html") + "\n" + scan_line(unknown, "article.html")
    with respx.mock(assert_all_called=False) as router:
        route = router.route().mock(return_value=httpx.Response(500))
        code, out, err = run("resolve", "--offline", "--archive", db, "-", stdin=stdin)
        assert route.call_count == 0
    assert code == 0
    first, second = lines(out)
    assert first["source"] == "article.html"
    assert first["embed"]["handle"] == "rajnathsingh"
    assert first["resolution"]["status"] == "found"
    assert first["resolution"]["post"]["id"] == RAJNATH_ID
    assert first["resolution"]["verification"]["status"] == "truncated"
    assert second["resolution"]["status"] == "skipped"
    assert "1 found" in err and "1 skipped" in err

    article = shared_path("examples", "marathi_article.txt")
    code, out, _ = run("resolve", "--offline", "--archive", db, str(article))
    assert code == 0
    records = [r for r in lines(out) if r["embed"]["handle"] == "rajnathsingh"]
    assert len(records) == 1 and records[0]["source"] == str(article)
    assert records[0]["resolution"]["post"]["id"] == RAJNATH_ID


def test_resolve_online_with_chosen_sources(tmp_path: Path) -> None:
    post_id = "1641086480675225601"
    body = shared_path(
        "fixtures", "embeds", "syndication_tweet_result_1641086480675225601_photo.json"
    ).read_bytes()
    embed = Embed(
        platform=Platform.TWITTER,
        start=0,
        end=5,
        url=f"https://twitter.com/SamuelSusla/status/{post_id}",
        post_id=post_id,
    )
    db = str(tmp_path / "a.sqlite3")
    with respx.mock() as router:
        route = router.get(f"{SYN}/tweet-result").mock(
            return_value=httpx.Response(200, content=body)
        )
        for _ in range(2):
            code, out, _ = run(
                "resolve", "--sources", "syndication", "--archive", db, "-q", "-",
                stdin=scan_line(embed, "x.html"),
            )  # fmt: skip
            assert code == 0
            (record,) = lines(out)
            assert record["resolution"]["status"] == "found"
            assert record["resolution"]["post"]["author"]["handle"] == "SamuelSusla"
        assert route.call_count == 1  # the second run was answered by the store

    code, _, err = run("resolve", "--sources", "syndication,nope", "--archive", db, "-")
    assert code == 2 and "unknown source 'nope'" in err
