"""WARC output: warcinfo first, linked request/response pairs, resource records for cards and
articles, files that warcio's own ``check`` and ``index`` accept, and traffic recorded from a
real resolution."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import subprocess
import sys
import threading
from base64 import b32encode
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from warcio.archiveiterator import ArchiveIterator

from embedarchive.archive.http import HostGate, HttpPolicy
from embedarchive.archive.resolver import Archive
from embedarchive.archive.sources.syndication import TwitterSyndication
from embedarchive.errors import SnapshotError
from embedarchive.models import Embed, Platform, Post, Resolution, ResolutionStatus
from embedarchive.snapshot.warc import ORIGINAL_FIELD, WarcRecorder, card_urn

try:
    from tests.shared import shared_path
except ImportError:  # tests/ itself is the import root
    from shared import shared_path  # type: ignore[no-redef]

PHOTO_ID = "1641086480675225601"
CARD_HTML = '<div class="embedarchive-card" data-embedarchive-card>Ünïcödé ✓ &amp; text</div>'


def read_records(path: Path) -> list[dict[str, Any]]:
    """Every record as plain data, read back with warcio (digests checked)."""
    out: list[dict[str, Any]] = []
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream, check_digests=True):
            body = record.content_stream().read()
            out.append(
                {
                    "type": record.rec_type,
                    "uri": record.rec_headers.get_header("WARC-Target-URI"),
                    "id": record.rec_headers.get_header("WARC-Record-ID"),
                    "version": record.rec_headers.protocol,
                    "headers": dict(record.rec_headers.headers),
                    "http": record.http_headers,
                    "body": body,
                    "digest_ok": record.digest_checker.passed,
                }
            )
    return out


def warcio_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "warcio.cli", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def sha1_digest(data: bytes) -> str:
    return "sha1:" + b32encode(hashlib.sha1(data).digest()).decode("ascii")


def exchange(url: str, body: bytes, **headers: str) -> tuple[httpx.Request, httpx.Response]:
    """A completed exchange; with a gzip Content-Encoding the wire bytes are compressed."""
    request = httpx.Request("GET", url, headers={"User-Agent": "embedarchive-test"})
    wire = gzip.compress(body) if headers.get("content-encoding") == "gzip" else body
    response = httpx.Response(200, headers=headers, content=wire, request=request)
    assert response.content == body
    return request, response


def test_records_read_back_in_order_with_matching_bodies(tmp_path: Path) -> None:
    out = tmp_path / "out.warc.gz"
    body = b'{"id_str": "1", "text": "caf\xc3\xa9"}'
    request, response = exchange(
        "https://cdn.syndication.twimg.com/tweet-result?id=1&token=abc",
        body,
        **{"content-type": "application/json", "content-encoding": "gzip", "x-note": "kept"},
    )
    when = dt.datetime(2025, 7, 1, 12, 30, 5, 123456, tzinfo=dt.UTC)
    with WarcRecorder(out, software="embedarchive/test") as recorder:
        recorder.record_exchange(request, response, body)
        response_id = recorder.response_id(str(request.url))
        card_id = recorder.record_card(
            "urn:embedarchive:card:twitter:1",
            CARD_HTML,
            refers_to="https://x.com/someone/status/1",
            date=when,
        )
        article_id = recorder.record_article("https://example.org/news/story", "<p>story</p>")
        assert recorder.response_id("https://example.org/never") is None

    with gzip.open(out, "rb") as raw:  # gzip members, one per record, readable as one stream
        assert raw.read(9) == b"WARC/1.1\r"
    records = read_records(out)
    assert [r["type"] for r in records] == [
        "warcinfo",
        "response",
        "request",
        "resource",
        "resource",
    ]
    assert all(r["version"] == "WARC/1.1" for r in records)
    assert all(r["digest_ok"] in (True, None) for r in records)
    assert b"software: embedarchive/test" in records[0]["body"]

    resp, req, card, article = records[1:]
    assert resp["id"] == response_id and resp["uri"] == str(request.url)
    assert resp["body"] == body
    assert resp["http"].get_statuscode() == "200"
    # httpx decoded the body: the recorded message must not claim an encoding it lacks
    assert resp["http"].get_header("Content-Encoding") is None
    assert resp["http"].get_header("Content-Length") == str(len(body))
    assert resp["http"].get_header("x-note") == "kept"
    assert resp["headers"]["WARC-Payload-Digest"] == sha1_digest(body)

    assert req["headers"]["WARC-Concurrent-To"] == response_id
    assert req["headers"]["WARC-Date"] == resp["headers"]["WARC-Date"]
    assert req["http"].protocol == "GET"  # the request line: method, target, version
    assert req["http"].statusline == "/tweet-result?id=1&token=abc HTTP/1.1"
    assert req["http"].get_header("User-Agent") == "embedarchive-test"

    assert card["id"] == card_id and card["uri"] == "urn:embedarchive:card:twitter:1"
    assert card["headers"]["Content-Type"] == "text/html; charset=utf-8"
    assert card["headers"][ORIGINAL_FIELD] == "https://x.com/someone/status/1"
    assert card["headers"]["WARC-Date"] == "2025-07-01T12:30:05.123456Z"
    assert card["body"].decode("utf-8") == CARD_HTML
    assert article["id"] == article_id and article["body"] == b"<p>story</p>"
    assert len({r["id"] for r in records}) == len(records)


@pytest.mark.parametrize("compress", [True, False])
def test_warcio_check_and_index_accept_the_file(tmp_path: Path, compress: bool) -> None:
    out = tmp_path / ("out.warc.gz" if compress else "out.warc")
    with WarcRecorder(out, gzip=compress) as recorder:
        for n in range(3):
            body = json.dumps({"n": n, "text": "ß" * n}).encode()
            recorder.record_exchange(*exchange(f"https://example.org/{n}", body), body)
        recorder.record_card("urn:embedarchive:card:twitter:7", CARD_HTML)
        recorder.record_article("file:///articles/a.html", "<html><body>a</body></html>")

    check = warcio_cli("check", "-v", str(out))
    assert check.returncode == 0, check.stdout + check.stderr
    assert "digest pass" in check.stdout

    index = warcio_cli("index", "-f", "warc-type,warc-target-uri,http:status", str(out))
    assert index.returncode == 0, index.stderr
    rows = [json.loads(line) for line in index.stdout.splitlines()]
    assert [row["warc-type"] for row in rows] == ["warcinfo"] + ["response", "request"] * 3 + [
        "resource",
        "resource",
    ]
    assert [row.get("http:status") for row in rows if row["warc-type"] == "response"] == ["200"] * 3
    assert rows[-2]["warc-target-uri"] == "urn:embedarchive:card:twitter:7"


def test_concurrent_writers_do_not_interleave_records(tmp_path: Path) -> None:
    out = tmp_path / "threads.warc.gz"
    with WarcRecorder(out) as recorder:

        def work(worker: int) -> None:
            for n in range(20):
                body = f"{worker}-{n}".encode() * 50
                recorder.record_exchange(*exchange(f"https://example.org/{worker}/{n}", body), body)
                recorder.record_card(f"urn:embedarchive:card:twitter:{worker}{n}", CARD_HTML)

        threads = [threading.Thread(target=work, args=(w,)) for w in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    records = read_records(out)
    assert len(records) == 1 + 4 * 20 * 3
    responses = {r["id"]: r for r in records if r["type"] == "response"}
    for request in (r for r in records if r["type"] == "request"):
        pair = responses[request["headers"]["WARC-Concurrent-To"]]
        assert pair["uri"] == request["uri"]
        worker, n = pair["uri"].rsplit("/", 2)[-2:]
        assert pair["body"] == f"{worker}-{n}".encode() * 50
    assert all(r["digest_ok"] in (True, None) for r in records)


def test_header_values_cannot_break_out_of_their_line(tmp_path: Path) -> None:
    out = tmp_path / "odd.warc.gz"
    with WarcRecorder(out) as recorder:
        recorder.record_card(
            "urn:embedarchive:card:twitter:1\r\nWARC-Type: response",
            CARD_HTML,
            refers_to="https://x.com/a\r\nWARC-Injected: yes",
        )
    records = read_records(out)
    assert [r["type"] for r in records] == ["warcinfo", "resource"]
    assert "WARC-Injected" not in records[1]["headers"]
    assert records[1]["body"].decode() == CARD_HTML


def test_closed_recorder_and_unwritable_path_raise_snapshot_errors(tmp_path: Path) -> None:
    recorder = WarcRecorder(tmp_path / "x.warc.gz")
    recorder.close()
    recorder.close()  # idempotent
    with pytest.raises(SnapshotError, match="closed"):
        recorder.record_article("https://example.org/", "<p>late</p>")
    with pytest.raises(SnapshotError, match="cannot write"):
        WarcRecorder(tmp_path / "missing-folder" / "x.warc.gz")


def test_card_urns_use_the_post_id_or_a_digest_of_the_embed() -> None:
    embed = Embed(platform=Platform.TWITTER, start=5, end=90, handle="someone", text="hello")
    moved = embed.model_copy(update={"start": 500, "end": 590})
    other = embed.model_copy(update={"text": "hello!"})
    urn = card_urn(embed)
    assert urn.startswith("urn:embedarchive:card:twitter:sha1-")
    assert card_urn(moved) == urn  # the same quote elsewhere is the same card
    assert card_urn(other) != urn
    with_id = embed.model_copy(update={"post_id": "12345"})
    assert card_urn(with_id) == "urn:embedarchive:card:twitter:12345"
    post = Post(
        platform=Platform.MASTODON, id="https://m.example/@a/1", url="https://m.example/@a/1"
    )
    found = Resolution(embed=embed, status=ResolutionStatus.FOUND, post=post)
    assert card_urn(found) == "urn:embedarchive:card:mastodon:https%3A%2F%2Fm.example%2F%40a%2F1"
    assert card_urn(Resolution(embed=embed, status=ResolutionStatus.SKIPPED)) == urn
    with pytest.raises(SnapshotError):
        card_urn(Resolution(status=ResolutionStatus.SKIPPED))


def test_a_resolution_records_the_syndication_exchange(tmp_path: Path) -> None:
    payload = shared_path(
        "fixtures", "embeds", f"syndication_tweet_result_{PHOTO_ID}_photo.json"
    ).read_bytes()
    handle = json.loads(payload)["user"]["screen_name"]
    embed = Embed(
        platform=Platform.TWITTER,
        start=0,
        end=10,
        handle=handle,
        post_id=PHOTO_ID,
        url=f"https://twitter.com/{handle}/status/{PHOTO_ID}",
        detector="html",
    )
    out = tmp_path / "resolve.warc.gz"
    with (
        WarcRecorder(out) as recorder,
        respx.mock(assert_all_called=True) as router,
        Archive(
            tmp_path / "store.sqlite3",
            sources=[TwitterSyndication()],
            policy=HttpPolicy(retries=0, limits={}),
            gate=HostGate(),
            on_exchange=recorder.record_exchange,
        ) as archive,
    ):
        router.get("https://cdn.syndication.twimg.com/tweet-result").mock(
            return_value=httpx.Response(
                200,
                content=gzip.compress(payload),
                headers={"content-type": "application/json", "content-encoding": "gzip"},
            )
        )
        resolution = archive.resolve(embed)
        assert resolution.status is ResolutionStatus.FOUND
        assert resolution.post is not None and resolution.post.id == PHOTO_ID

    records = read_records(out)
    assert [r["type"] for r in records] == ["warcinfo", "response", "request"]
    response, request = records[1:]
    assert response["body"] == payload  # decoded, as the resolver parsed it
    assert response["http"].get_header("Content-Encoding") is None
    assert response["uri"].startswith("https://cdn.syndication.twimg.com/tweet-result?")
    assert f"id={PHOTO_ID}" in response["uri"]
    assert request["headers"]["WARC-Concurrent-To"] == response["id"]
    assert resolution.post.provenance is not None
    assert resolution.post.provenance.url == response["uri"]
    assert warcio_cli("check", str(out)).returncode == 0
