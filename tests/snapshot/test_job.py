"""The main job as a library function: output layout, offline runs, unreachable hosts."""

from __future__ import annotations

import html
import json
import socket
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from embedarchive.archive.resolver import Archive
from embedarchive.archive.sources.archive_today import ArchiveToday
from embedarchive.archive.sources.base import Source
from embedarchive.archive.sources.oembed import TwitterOEmbed
from embedarchive.archive.sources.syndication import TwitterSyndication
from embedarchive.archive.sources.wayback import Wayback
from embedarchive.detect.html import parse_html
from embedarchive.models import Embed, Platform, Resolution, ResolutionStatus
from embedarchive.snapshot.job import (
    HostBreaker,
    archive_articles,
    card_name,
    format_summary,
    job_archive,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"

TWEET = (
    '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">{text}</p>&mdash; {name} '
    '(@{handle}) <a href="https://twitter.com/{handle}/status/{post_id}">{date}</a></blockquote>'
    '\n<script async src="https://platform.twitter.com/widgets.js"></script>'
)


def article(number: int) -> str:
    """A small article of our own with two tweets (ids differ per article)."""
    tweets = "\n<p>Meanwhile, elsewhere.</p>\n".join(
        TWEET.format(
            text=f"Update {number}.{k}: the ferry timetable changes on Monday &amp; stays.",
            name="Ferry Desk",
            handle="ferrydesk",
            post_id=f"19600000000000{number:03d}{k:02d}",
            date="August 4, 2025",
        )
        for k in (1, 2)
    )
    return f"<!doctype html><html><body><h1>Story {number}</h1>\n{tweets}\n</body></html>\n"


@pytest.fixture
def five_articles(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(1, 6):
        (folder / f"story-{number}.html").write_text(article(number), encoding="utf-8")
    return folder


def closed_port() -> int:
    """A local port nobody listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def refusing_sources(port: int) -> list[Source]:
    """The default sources, all pointed at a local address that refuses connections."""
    base = f"http://127.0.0.1:{port}"
    return [
        TwitterSyndication(base_url=base),
        TwitterOEmbed(base_url=base),
        Wayback(base_url=base, availability_url=base),
        ArchiveToday(base_url=base),
    ]


class CountingTransport(httpx.AsyncBaseTransport):
    """Counts the requests that really try to connect."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.count = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.count += 1
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


def read_index(out: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in (out / "index.jsonl").read_text().splitlines()]


def test_offline_job_on_the_examples_writes_the_layout(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with Archive(tmp_path / "store.sqlite3", offline=True) as archive:
        summary = archive_articles([str(EXAMPLES)], out, archive=archive, mode="replace")
    sources = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".html", ".txt"))
    lines = read_index(out)
    assert summary.ok
    assert summary.articles == len(sources) == summary.articles_written
    assert summary.embeds == len(lines) > 0
    assert sum(summary.statuses.values()) == summary.embeds
    assert set(summary.statuses) == {"skipped"}  # offline and an empty store: quotes only
    assert {line["article"] for line in lines} == {str(p) for p in sources}
    for line in lines:
        card = out / str(line["card"])
        assert card.is_file()
        page = card.read_text(encoding="utf-8")
        assert "data-embedarchive-card" in page and "Content-Security-Policy" in page
        embed = line["embed"]
        assert isinstance(embed, dict)
        assert str(embed["text"]).split()[0] in page  # the card shows the article's own quote
    assert summary.cards == len(list((out / "cards").iterdir()))
    for rewritten in (out / "articles").iterdir():
        html = rewritten.read_text(encoding="utf-8")
        assert "data-embedarchive-card" in html
        assert parse_html(html) == []  # replace mode: no live embed is left
        assert "platform.twitter.com/widgets.js" not in html


def test_backup_mode_keeps_the_live_embed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    source = EXAMPLES / "river-festival.html"
    with Archive(tmp_path / "store.sqlite3", offline=True) as archive:
        archive_articles([str(source)], out, archive=archive, mode="backup")
    html = (out / "articles" / "river-festival.html").read_text(encoding="utf-8")
    assert html.count('class="twitter-tweet"') == len(parse_html(source.read_text()))
    assert "data-embedarchive-card" in html


def test_unreachable_sources_are_tried_once_and_cards_still_written(
    five_articles: Path, tmp_path: Path
) -> None:
    counting = CountingTransport()
    reported: list[str] = []
    breaker = HostBreaker(counting, on_down=lambda host, reason: reported.append(host))
    port = closed_port()
    out = tmp_path / "out"
    started = time.monotonic()
    with job_archive(
        tmp_path / "store.sqlite3", sources=refusing_sources(port), breaker=breaker
    ) as archive:
        summary = archive_articles(
            [str(five_articles)], out, archive=archive, concurrency=4, breaker=breaker
        )
    elapsed = time.monotonic() - started
    assert summary.articles == 5
    assert summary.embeds == 10
    assert summary.statuses == {"unreachable": 10}
    assert summary.cards == 10 == len(list((out / "cards").glob("twitter-*.html")))
    # all four sources share the refusing host: it is reported once and, after the requests
    # already under way when it first failed, never contacted again
    assert reported == ["127.0.0.1"]
    assert set(summary.hosts_down) == {"127.0.0.1"}
    assert 1 <= counting.count <= 4
    assert breaker.attempts["127.0.0.1"] == counting.count
    assert elapsed < 10
    line = read_index(out)[0]
    resolution = line["resolution"]
    assert isinstance(resolution, dict)
    details = [str(a.get("detail")) for a in resolution["attempts"]]
    assert any("not asked again" in d or "cannot reach" in d for d in details)
    page = (out / str(line["card"])).read_text(encoding="utf-8")
    assert "ferry timetable" in page


def test_card_names_are_stable_and_safe() -> None:
    embed = Embed(
        platform=Platform.TWITTER,
        start=0,
        end=10,
        handle="../../etc",
        text="a quote",
        date=None,
    )
    first = card_name(Resolution(embed=embed, status=ResolutionStatus.SKIPPED))
    again = card_name(Resolution(embed=embed.model_copy(update={"start": 5, "end": 20}),
                                 status=ResolutionStatus.UNREACHABLE))  # fmt: skip
    other = card_name(
        Resolution(embed=embed.model_copy(update={"text": "b"}), status=ResolutionStatus.SKIPPED)
    )
    assert first == again != other
    assert "/" not in first and not first.startswith(".")
    with_id = embed.model_copy(update={"post_id": "123"})
    assert card_name(Resolution(embed=with_id, status=ResolutionStatus.SKIPPED)) == "twitter-123"


def test_unreadable_inputs_are_reported_not_fatal(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with Archive(tmp_path / "store.sqlite3", offline=True) as archive:
        summary = archive_articles(
            [str(tmp_path / "missing.html"), str(EXAMPLES / "harbour-bridge.html"),
             "https://news.example/story"],
            out,
            archive=archive,
        )  # fmt: skip
    assert summary.articles == 1
    assert [source for source, _ in summary.unreadable] == [
        str(tmp_path / "missing.html"),
        "https://news.example/story",
    ]
    assert "offline" in summary.unreadable[1][1]
    assert not summary.ok
    table = format_summary(summary)
    assert "inputs unreadable" in table and "cards written" in table


def test_online_job_records_traffic_cards_and_articles_in_warc(tmp_path: Path) -> None:
    warc_mod = pytest.importorskip("warcio.archiveiterator")
    from embedarchive.snapshot.warc import WarcRecorder

    try:
        from tests.shared import shared_path
    except ImportError:  # tests/ itself is the import root
        from shared import shared_path  # type: ignore[no-redef]

    post_id = "1641086480675225601"
    payload = shared_path(
        "fixtures", "embeds", f"syndication_tweet_result_{post_id}_photo.json"
    ).read_bytes()
    record = json.loads(payload)
    handle = record["user"]["screen_name"]
    page = tmp_path / "in" / "story.html"
    page.parent.mkdir()
    page.write_text(
        TWEET.format(text=html.escape(record["text"]), name="Someone", handle=handle, post_id=post_id,
                     date="March 23, 2023"),
        encoding="utf-8",
    )  # fmt: skip
    asked: list[str] = []

    def serve(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.host)
        if request.url.path == "/tweet-result":
            return httpx.Response(
                200, content=payload, headers={"content-type": "application/json"}
            )
        return httpx.Response(404)

    breaker = HostBreaker(httpx.MockTransport(serve))
    out, warc = tmp_path / "out", tmp_path / "job.warc.gz"
    with (
        WarcRecorder(warc) as recorder,
        job_archive(
            tmp_path / "store.sqlite3", on_exchange=recorder.record_exchange, breaker=breaker
        ) as archive,
    ):
        summary = archive_articles(
            [str(page.parent)], out, archive=archive, mode="replace", warc=recorder
        )
    assert summary.statuses == {"found": 1} and summary.hosts_down == {}
    assert asked == ["cdn.syndication.twimg.com"]  # found at the first source: nothing more
    card = (out / "cards" / f"twitter-{post_id}.html").read_text(encoding="utf-8")
    assert 'data-state="archived"' in card
    with warc.open("rb") as stream:
        kinds = [
            (r.rec_type, str(r.rec_headers.get_header("WARC-Target-URI")))
            for r in warc_mod.ArchiveIterator(stream)
        ]
    assert [k for k, _ in kinds] == ["warcinfo", "response", "request", "resource", "resource"]
    assert kinds[1][1].startswith("https://cdn.syndication.twimg.com/tweet-result?")
    assert kinds[3][1] == f"urn:embedarchive:card:twitter:{post_id}"
    assert kinds[4][1].startswith("urn:embedarchive:article:")


def test_articles_go_through_in_chunks_with_the_same_output(
    tmp_path: Path, five_articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a large folder is not held in memory: a chunk is resolved and written before the next is
    # read, and the output is the same as in one chunk
    from embedarchive.snapshot import job

    def run(out: Path) -> tuple[list[dict[str, object]], dict[str, str], list[str]]:
        events: list[str] = []

        def progress(stage: str, done: int, total: int) -> None:
            if stage != "resolve":
                events.append(f"{stage} {done}")

        with Archive(tmp_path / f"{out.name}.sqlite3", offline=True) as archive:
            summary = archive_articles(
                [str(five_articles)], out, archive=archive, progress=progress
            )
        assert summary.ok and summary.articles == summary.articles_written == 5
        assert summary.embeds == 10
        pages = {p.name: p.read_text(encoding="utf-8") for p in (out / "articles").iterdir()}
        return read_index(out), pages, events

    whole_index, whole_pages, whole_events = run(tmp_path / "whole")
    assert whole_events == [
        *(f"read {n}" for n in range(1, 6)),
        *(f"write {n}" for n in range(1, 6)),
    ]
    monkeypatch.setattr(job, "_CHUNK_ARTICLES", 2)
    index, pages, events = run(tmp_path / "chunked")
    assert events == [
        "read 1", "read 2", "write 1", "write 2",
        "read 3", "read 4", "write 3", "write 4",
        "read 5", "write 5",
    ]  # fmt: skip
    assert index == whole_index and pages == whole_pages


def test_each_article_is_scanned_and_resolved_once(
    tmp_path: Path, five_articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the rewritten articles reuse the job's embeds and resolutions: no second parse, no
    # second lookup, and an article shows the same card as its card file
    from embedarchive.snapshot import job, rewrite
    from embedarchive.snapshot.inputs import Article

    scans: list[str] = []
    real_detect = job._detect

    def counting_detect(item: Article) -> list[Embed]:
        scans.append(item.source)
        return real_detect(item)

    def never(*args: object, **kwargs: object) -> object:
        raise AssertionError("an article was scanned a second time")

    monkeypatch.setattr(job, "_detect", counting_detect)
    monkeypatch.setattr(rewrite, "parse_html", never)
    monkeypatch.setattr(rewrite, "parse_text", never)
    looked_up: list[int] = []
    real_resolve_many = Archive.resolve_many

    def counting_resolve_many(self: Archive, embeds: list[Embed], **kwargs: Any) -> object:
        looked_up.append(len(embeds))
        return real_resolve_many(self, embeds, **kwargs)

    monkeypatch.setattr(Archive, "resolve_many", counting_resolve_many)
    out = tmp_path / "out"
    with Archive(tmp_path / "store.sqlite3", offline=True) as archive:
        summary = archive_articles([str(five_articles)], out, archive=archive, mode="replace")
    assert summary.ok and summary.articles_written == 5
    assert len(scans) == 5 and sum(looked_up) == summary.embeds == 10
    page = (out / "articles" / "story-1.html").read_text(encoding="utf-8")
    for line in read_index(out):
        if str(line["article"]).endswith("story-1.html"):
            card = (out / str(line["card"])).read_text(encoding="utf-8")
            embed = line["embed"]
            assert isinstance(embed, dict)
            quote = str(embed["text"])
            assert html.escape(quote, quote=False) in card
            assert html.escape(quote, quote=False) in page
