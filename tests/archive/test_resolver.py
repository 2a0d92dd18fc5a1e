"""The resolver: store first, sources in order, negatives, offline, the no-URL path, batches."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from embedarchive.archive.http import HostGate, HttpClient, HttpPolicy
from embedarchive.archive.resolver import (
    OFFLINE_DETAIL,
    Archive,
    default_archive_path,
    default_sources,
    lookup_for,
    score,
)
from embedarchive.archive.sources.archive_today import ArchiveToday, CoolDown
from embedarchive.archive.sources.base import Lookup, PostQuery, SourceResult
from embedarchive.archive.sources.syndication import TwitterSyndication
from embedarchive.archive.sources.wayback import Wayback
from embedarchive.errors import RateLimitedError
from embedarchive.models import (
    Author,
    Embed,
    Platform,
    Post,
    Provenance,
    ResolutionStatus,
    VerificationStatus,
)

try:
    from tests.shared import shared_path
except ImportError:  # tests/ itself is the import root
    from shared import shared_path  # type: ignore[no-redef]

SYN = "https://cdn.syndication.twimg.com"
WB = "https://web.archive.org"
ATODAY = "https://archive.ph"
IDS = {
    "1703436713362870723": "syndication_tweet_result_1703436713362870723.json",
    "1641086480675225601": "syndication_tweet_result_1641086480675225601_photo.json",
    "1641895049427550208": "syndication_tweet_result_1641895049427550208_quoted.json",
    "1629262255744503809": "syndication_tweet_result_1629262255744503809_card.json",
}
RAJNATH_TEXT = (
    "Glad to speak with the US @SecDef Mr. @PeteHegseth today. Excellent discussion to review "
    "the ongoing and new initiatives to further deepen India-US defence partnership and "
    "strengthen cooperation in capacity building.\nConveyed my deep appreciation for the "
    "unwavering support extended by the US to India in its fight against terrorism. Looking "
    "forward to meeting him at an early date."
)
DECOY_TEXT = (
    "Chaired a meeting with the senior officers of the Ministry of Defence today to review the "
    "preparedness of the Armed Forces."
)


def payload(post_id: str) -> bytes:
    return shared_path("fixtures", "embeds", IDS[post_id]).read_bytes()


def tweet(post_id: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(payload(post_id))
    return data.get("data", data)


def status_embed(post_id: str, *, text: str | None = None) -> Embed:
    handle = tweet(post_id)["user"]["screen_name"]
    return Embed(
        platform=Platform.TWITTER,
        start=0,
        end=10,
        handle=handle,
        url=f"https://twitter.com/{handle}/status/{post_id}",
        post_id=post_id,
        text=text,
        detector="html",
        form="blockquote",
    )


def text_embed(text: str | None, *, handle: str = "rajnathsingh", truncated: bool = False) -> Embed:
    return Embed(
        platform=Platform.TWITTER,
        start=0,
        end=10,
        handle=handle,
        date=dt.date(2025, 7, 1),
        text=text,
        truncated=truncated,
    )


def stored_post(post_id: str, text: str, hour: int, handle: str = "rajnathsingh") -> Post:
    return Post(
        platform=Platform.TWITTER,
        id=post_id,
        url=f"https://x.com/{handle}/status/{post_id}",
        author=Author(name="Rajnath Singh", handle=handle),
        created_at=dt.datetime(2025, 7, 1, hour, tzinfo=dt.UTC),
        text=text,
        provenance=Provenance(source="import", fetched_at=dt.datetime(2025, 7, 2, tzinfo=dt.UTC)),
    )


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_archive(tmp_path: Path, clock: FakeClock) -> Iterator[Any]:
    made: list[Archive] = []

    def make(**kwargs: Any) -> Archive:
        kwargs.setdefault("path", tmp_path / "archive.sqlite3")
        kwargs.setdefault("gate", HostGate(clock=clock))
        kwargs.setdefault("sleep", clock.sleep)
        kwargs.setdefault("policy", HttpPolicy(retries=0, limits={}))
        archive = Archive(**kwargs)
        made.append(archive)
        return archive

    yield make
    for archive in made:
        archive.close()


def cdx_empty(router: respx.MockRouter) -> respx.Route:
    return router.get(f"{WB}/cdx/search/cdx").mock(
        return_value=httpx.Response(200, json=[["urlkey", "timestamp", "original"]])
    )


# -- identity ----------------------------------------------------------------------------------


def test_lookup_for_reads_ids_and_urls() -> None:
    embed = Embed(platform=Platform.TWITTER, start=0, end=1, url="https://x.com/a_b/status/42?s=20")
    item = lookup_for(embed)
    assert item == Lookup(Platform.TWITTER, "42", "https://x.com/a_b/status/42", "a_b")
    no_id = Embed(platform=Platform.TWITTER, start=0, end=1, handle="a", date=dt.date(2025, 1, 1))
    assert lookup_for(no_id) is None
    post_url = "https://bsky.app/profile/alice.example/post/3kxyz"
    bluesky = Embed(platform=Platform.BLUESKY, start=0, end=1, url=post_url)
    assert lookup_for(bluesky) == Lookup(Platform.BLUESKY, "3kxyz", post_url, "alice.example")
    no_handle = Embed(platform=Platform.TWITTER, start=0, end=1, post_id="77")
    assert lookup_for(no_handle) == Lookup(
        Platform.TWITTER, "77", "https://x.com/i/status/77", None
    )
    not_numeric = Embed(platform=Platform.TWITTER, start=0, end=1, post_id="abc")
    assert lookup_for(not_numeric) is None


def test_defaults_and_allow_list(make_archive: Any) -> None:
    assert default_archive_path().name == "archive.sqlite3"
    assert "embedarchive" in str(default_archive_path())
    names = [source.name for source in default_sources()]
    assert names == ["syndication", "oembed-twitter", "wayback", "archive.today"]
    archive = make_archive(sources=[TwitterSyndication(), Wayback()])
    assert archive.allowed_hosts == {"cdn.syndication.twimg.com", "web.archive.org", "archive.org"}


# -- lookups by id -----------------------------------------------------------------------------


def test_found_by_syndication_then_answered_by_the_store(make_archive: Any) -> None:
    post_id = "1703436713362870723"
    archive = make_archive(sources=[TwitterSyndication(), Wayback()])
    with respx.mock(assert_all_called=False) as router:
        syn = router.get(f"{SYN}/tweet-result").mock(
            return_value=httpx.Response(
                200, content=payload(post_id), headers={"content-type": "application/json"}
            )
        )
        cdx = cdx_empty(router)
        embed = status_embed(post_id, text=tweet(post_id)["text"])
        first = archive.resolve(embed)
        assert first.status is ResolutionStatus.FOUND
        assert first.post is not None and first.post.id == post_id
        assert first.post.author.handle == "rhaksw"
        assert [a.source for a in first.attempts] == ["store", "syndication"]
        assert first.verification.status in (VerificationStatus.MATCH, VerificationStatus.EDITED)
        assert syn.call_count == 1 and cdx.call_count == 0  # found: archives not asked

        second = archive.resolve(embed)
        assert syn.call_count == 1 and cdx.call_count == 0  # the store answered
        assert second.status is ResolutionStatus.FOUND
        assert second.post == first.post
        assert [(a.source, a.outcome) for a in second.attempts] == [("store", "found")]
        assert second.verification == first.verification

    stored = archive.store.get_post(Platform.TWITTER, post_id)
    assert stored is not None and stored.provenance is not None
    assert stored.provenance.payload_id is not None
    raw = archive.store.get_payload(stored.provenance.payload_id)
    assert raw is not None and raw[3] == payload(post_id)


def test_tombstone_asks_the_archives_then_remembers_until_the_ttl(make_archive: Any) -> None:
    archive = make_archive(sources=[TwitterSyndication(), Wayback()])
    embed = status_embed("1641086480675225601")
    body = {
        "__typename": "TweetTombstone",
        "tombstone": {"text": {"text": "This Post was deleted"}},
    }
    with respx.mock(assert_all_called=True) as router:
        syn = router.get(f"{SYN}/tweet-result").mock(return_value=httpx.Response(200, json=body))
        cdx = cdx_empty(router)
        first = archive.resolve(embed)
        assert first.status is ResolutionStatus.TOMBSTONED
        assert [(a.source, a.outcome) for a in first.attempts][1:] == [
            ("syndication", "tombstoned"),
            ("wayback", "not_found"),
        ]
        calls = (syn.call_count, cdx.call_count)
        assert calls[0] == 1 and calls[1] >= 1
        again = archive.resolve(embed)
        assert again.status is ResolutionStatus.TOMBSTONED
        assert again.attempts[0].source == "store"
        assert again.attempts[0].detail == "This Post was deleted"
        assert (syn.call_count, cdx.call_count) == calls


def test_negatives_expire(make_archive: Any) -> None:
    archive = make_archive(sources=[TwitterSyndication()], negative_ttl=dt.timedelta(0))
    with respx.mock() as router:
        syn = router.get(f"{SYN}/tweet-result").mock(return_value=httpx.Response(200, json={}))
        assert archive.resolve(status_embed("1641086480675225601")).status is (
            ResolutionStatus.NOT_FOUND
        )
        assert archive.resolve(status_embed("1641086480675225601")).status is (
            ResolutionStatus.NOT_FOUND
        )
        assert syn.call_count == 2


def test_not_found_everywhere_is_stored_as_negative(make_archive: Any) -> None:
    archive = make_archive(sources=[TwitterSyndication(), Wayback()])
    with respx.mock() as router:
        syn = router.get(f"{SYN}/tweet-result").mock(return_value=httpx.Response(404))
        cdx_empty(router)
        result = archive.resolve(status_embed("1641086480675225601"))
        assert result.status is ResolutionStatus.NOT_FOUND
        assert result.retry_after is None
        assert archive.resolve(status_embed("1641086480675225601")).attempts[0].outcome == (
            "not_found"
        )
        assert syn.call_count == 1
    assert archive.store.get_negative(Platform.TWITTER, "1641086480675225601") is not None


def test_unreachable_takes_the_smallest_retry_after_and_stores_nothing(
    make_archive: Any,
) -> None:
    archive = make_archive(sources=[TwitterSyndication(), Wayback()])
    with respx.mock() as router:
        router.get(f"{SYN}/tweet-result").mock(
            return_value=httpx.Response(429, headers={"retry-after": "120"})
        )
        router.get(f"{WB}/cdx/search/cdx").mock(return_value=httpx.Response(429))
        result = archive.resolve(status_embed("1641086480675225601"))
    assert result.status is ResolutionStatus.UNREACHABLE
    assert result.retry_after == 60.0  # Wayback's 60 s beats syndication's 120 s
    assert {a.outcome for a in result.attempts[1:]} == {"unreachable"}
    assert archive.store.get_negative(Platform.TWITTER, "1641086480675225601") is None


def test_with_captures_asks_archive_today_after_the_post_is_found(make_archive: Any) -> None:
    post_id = "1641086480675225601"
    timemap = (
        f'<https://twitter.com/SamuelSusla/status/{post_id}>; rel="original",\n'
        f'<{ATODAY}/abcde>; rel="first memento"; datetime="Wed, 29 Mar 2023 15:00:00 GMT",\n'
        f'<{ATODAY}/fghij>; rel="last memento"; datetime="Thu, 30 Mar 2023 09:00:00 GMT"\n'
    )
    archive = make_archive(
        sources=[TwitterSyndication(), ArchiveToday(cooldown=CoolDown())], with_captures=True
    )
    with respx.mock() as router:
        router.get(f"{SYN}/tweet-result").mock(
            return_value=httpx.Response(200, content=payload(post_id))
        )
        router.get(url__startswith=f"{ATODAY}/timemap/").mock(
            return_value=httpx.Response(
                200, text=timemap, headers={"content-type": "application/link-format"}
            )
        )
        result = archive.resolve(status_embed(post_id))
    assert result.status is ResolutionStatus.FOUND
    assert [c.url for c in result.captures] == [f"{ATODAY}/abcde", f"{ATODAY}/fghij"]
    assert [c.url for c in archive.store.get_captures(Platform.TWITTER, post_id)] == [
        f"{ATODAY}/abcde",
        f"{ATODAY}/fghij",
    ]
    # the next resolution lists the stored captures without asking anyone
    with respx.mock() as router:
        again = archive.resolve(status_embed(post_id))
    assert again.captures == result.captures


def test_offline_makes_no_request(make_archive: Any) -> None:
    archive = make_archive(sources=[TwitterSyndication(), Wayback()], offline=True)
    with respx.mock(assert_all_called=False) as router:
        route = router.route().mock(return_value=httpx.Response(500))
        missing = archive.resolve(status_embed("1641086480675225601"))
        searched = archive.resolve(text_embed("anything at all"))
        assert route.call_count == 0
    assert missing.status is ResolutionStatus.SKIPPED
    assert missing.attempts[-1].detail == OFFLINE_DETAIL
    assert searched.status is ResolutionStatus.SKIPPED
    assert searched.attempts[-1].detail == OFFLINE_DETAIL


def test_sync_client_settings_are_used(make_archive: Any) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=payload(request.url.params["id"]))

    client = httpx.Client(transport=httpx.MockTransport(handler), headers={"X-Test": "yes"})
    archive = make_archive(sources=[TwitterSyndication()], client=client)
    result = archive.resolve(status_embed("1629262255744503809"))
    assert result.status is ResolutionStatus.FOUND
    assert len(seen) == 1 and seen[0].headers["x-test"] == "yes"
    assert seen[0].headers["user-agent"].startswith("embedarchive/")
    client.close()


# -- fake sources for the decision rules -------------------------------------------------------


class FakeSource:
    """A source answering from a table; it counts its calls."""

    hosts = frozenset({"fake.example"})

    def __init__(
        self,
        name: str,
        *,
        lookups: Sequence[SourceResult | Exception] = (),
        searches: Sequence[SourceResult] = (),
        platforms: frozenset[Platform] = frozenset({Platform.TWITTER}),
    ) -> None:
        self.name = name
        self.platforms = platforms
        self._lookups = list(lookups)
        self._searches = list(searches)
        self.calls: list[str] = []

    async def lookup(self, item: Lookup, http: HttpClient) -> SourceResult:
        self.calls.append(item.post_id)
        answer = self._lookups.pop(0) if len(self._lookups) > 1 else self._lookups[0]
        if isinstance(answer, Exception):
            raise answer
        return answer

    async def search(self, query: PostQuery, http: HttpClient) -> SourceResult:
        self.calls.append(f"search:{query.handle}:{query.earliest.date()}:{query.latest.date()}")
        if not self._searches:
            return SourceResult("unsupported")
        return self._searches.pop(0) if len(self._searches) > 1 else self._searches[0]


def test_deleted_post_found_in_an_archive(make_archive: Any) -> None:
    archived = stored_post("1940000000000000001", "an archived text", 9)
    platform = FakeSource("platform", lookups=[SourceResult("tombstoned", detail="deleted")])
    wayback = FakeSource("wayback", lookups=[SourceResult("found", post=archived)])
    archive = make_archive(sources=[platform, wayback])
    embed = Embed(platform=Platform.TWITTER, start=0, end=1, post_id=archived.id, text="other")
    result = archive.resolve(embed)
    assert result.status is ResolutionStatus.FOUND
    assert result.post == archived
    assert result.verification.status is VerificationStatus.MISMATCH
    assert [a.outcome for a in result.attempts] == ["not_found", "tombstoned", "found"]


def test_source_errors_become_attempts(make_archive: Any) -> None:
    raising = FakeSource("raising", lookups=[RateLimitedError("slow down", retry_after=7.0)])
    broken = FakeSource("broken", lookups=[ZeroDivisionError("bug")])
    archive = make_archive(sources=[raising, broken])
    result = archive.resolve(Embed(platform=Platform.TWITTER, start=0, end=1, post_id="5"))
    assert result.status is ResolutionStatus.UNREACHABLE
    assert result.retry_after == 7.0
    assert [(a.source, a.outcome) for a in result.attempts[1:]] == [
        ("raising", "unreachable"),
        ("broken", "error"),
    ]


def test_skipped_embeds(make_archive: Any) -> None:
    archive = make_archive(sources=[FakeSource("x", lookups=[SourceResult("not_found")])])
    nothing = archive.resolve(Embed(platform=Platform.TWITTER, start=0, end=1, text="hi"))
    assert nothing.status is ResolutionStatus.SKIPPED
    assert "neither" in (nothing.attempts[-1].detail or "")
    bluesky = archive.resolve(
        Embed(platform=Platform.BLUESKY, start=0, end=1, url="https://bsky.app/profile/a/post/3")
    )
    assert bluesky.status is ResolutionStatus.SKIPPED
    assert bluesky.attempts[-1].detail == "no configured source covers bluesky"


# -- the no-URL path -----------------------------------------------------------------------------


def write_v2_jsonl(path: Path, posts: Sequence[tuple[str, str, str]]) -> Path:
    """A tiny twarc-flattened v2 JSONL file: (id, created_at, text) by @rajnathsingh."""
    lines = [
        json.dumps(
            {
                "id": post_id,
                "text": text,
                "created_at": created,
                "author_id": "183093247",
                "author": {"id": "183093247", "username": "rajnathsingh", "name": "Rajnath Singh"},
                "lang": "en",
            }
        )
        for post_id, created, text in posts
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def marathi_embed() -> Embed:
    from embedarchive.detect.text import parse_text

    text = shared_path("examples", "marathi_article.txt").read_text(encoding="utf-8")
    embeds = [e for e in parse_text(text) if e.handle == "rajnathsingh"]
    assert len(embeds) == 1
    return embeds[0]


def test_marathi_embed_found_among_imported_posts(make_archive: Any, tmp_path: Path) -> None:
    expected = json.loads(
        shared_path("fixtures", "embeds", "marathi_article_expected_parse.json").read_text()
    )
    window = expected["candidate_status_id_range_utc_day"]
    target_id = str(int(window["min"]) + 100_000_000_000)
    decoy_id = str(int(window["min"]) + 200_000_000_000)
    source = write_v2_jsonl(
        tmp_path / "tweets.jsonl",
        [
            (target_id, "2025-07-01T10:39:01.000Z", RAJNATH_TEXT),
            (decoy_id, "2025-07-01T12:00:00.000Z", DECOY_TEXT),
        ],
    )
    archive = make_archive(sources=[TwitterSyndication(), Wayback()])
    report = archive.import_file(source)
    assert report.imported == 2 and report.skipped == 0
    embed = marathi_embed()
    assert embed.post_id is None and embed.date == dt.date(2025, 7, 1)
    with respx.mock(assert_all_called=False) as router:
        route = router.route().mock(return_value=httpx.Response(500))
        result = archive.resolve(embed)
        assert route.call_count == 0  # the store had a clear best
    assert result.status is ResolutionStatus.FOUND
    assert result.post is not None and result.post.id == target_id
    assert result.verification.status is VerificationStatus.TRUNCATED
    assert result.attempts[0].source == "store"


def test_near_identical_posts_are_ambiguous(make_archive: Any) -> None:
    archive = make_archive(sources=[], offline=True)
    first = stored_post("1939900000000000001", RAJNATH_TEXT, 9)
    second = stored_post("1939900000000000002", RAJNATH_TEXT.replace("Glad", "Happy"), 10)
    archive.store.put_posts([(first, None), (second, None)])
    result = archive.resolve(text_embed(RAJNATH_TEXT[:200] + "…", truncated=True))
    assert result.status is ResolutionStatus.AMBIGUOUS
    assert {p.id for p in result.candidates} == {first.id, second.id}
    assert result.verification.status is VerificationStatus.UNVERIFIABLE


def test_a_date_line_alone_is_never_found(make_archive: Any) -> None:
    archive = make_archive(sources=[], offline=True)
    only = stored_post("1939900000000000001", RAJNATH_TEXT, 9)
    archive.store.put_post(only)
    result = archive.resolve(text_embed(None))
    assert result.status is ResolutionStatus.AMBIGUOUS
    assert result.candidates == (only,)


def test_window_is_the_day_plus_minus_one(make_archive: Any) -> None:
    target = stored_post("1939900000000000001", RAJNATH_TEXT, 9)
    searcher = FakeSource("searcher", searches=[SourceResult("found", candidates=(target,))])
    archive = make_archive(sources=[searcher])
    result = archive.resolve(text_embed(RAJNATH_TEXT))
    assert searcher.calls == ["search:rajnathsingh:2025-06-30:2025-07-03"]
    assert result.status is ResolutionStatus.FOUND
    assert result.verification.status is VerificationStatus.MATCH
    # the searched candidate was stored: the next resolution asks nobody
    assert archive.resolve(text_embed(RAJNATH_TEXT)).attempts[-1].source == "store"
    assert len(searcher.calls) == 1


def test_unmatched_quote_is_not_found(make_archive: Any) -> None:
    decoy = stored_post("1939900000000000003", DECOY_TEXT, 9)
    searcher = FakeSource("searcher", searches=[SourceResult("not_found")])
    archive = make_archive(sources=[searcher])
    archive.store.put_post(decoy)
    result = archive.resolve(text_embed(RAJNATH_TEXT))
    assert result.status is ResolutionStatus.NOT_FOUND
    assert searcher.calls and result.candidates == ()


def test_score_prefers_the_start_of_a_long_post_for_cut_quotes() -> None:
    post = stored_post("1", RAJNATH_TEXT + " " + DECOY_TEXT * 3, 9)
    cut = RAJNATH_TEXT[:120] + "…"
    assert score(cut, post) > 0.9
    assert score(DECOY_TEXT, stored_post("2", RAJNATH_TEXT, 9)) < 0.35


# -- batches ---------------------------------------------------------------------------------


def test_resolve_many_keeps_order_and_waits_out_a_429(make_archive: Any, clock: FakeClock) -> None:
    ids = list(IDS)
    answered: list[str] = []

    def reply(request: httpx.Request) -> httpx.Response:
        post_id = request.url.params["id"]
        if not answered:
            answered.append("429")
            return httpx.Response(429, headers={"retry-after": "30"})
        answered.append(post_id)
        return httpx.Response(200, content=payload(post_id))

    progress: list[tuple[int, int]] = []
    archive = make_archive(sources=[TwitterSyndication()])
    with respx.mock() as router:
        route = router.get(f"{SYN}/tweet-result").mock(side_effect=reply)
        results = archive.resolve_many(
            [status_embed(i) for i in ids], concurrency=1, progress=lambda *p: progress.append(p)
        )
        assert route.call_count == len(ids) + 1  # the paused host got no request meanwhile
    assert [r.post.id if r.post else None for r in results] == ids
    assert all(r.status is ResolutionStatus.FOUND for r in results)
    assert clock.sleeps == [30.0]
    assert any(a.outcome == "deferred" for a in results[0].attempts)
    assert progress[-1] == (len(ids), len(ids)) and len(progress) == len(ids)


def test_resolve_many_gives_up_when_the_pause_exceeds_the_budget(
    make_archive: Any, clock: FakeClock
) -> None:
    slow = FakeSource(
        "slow", lookups=[SourceResult("unreachable", detail="paused", retry_after=900.0)]
    )
    archive = make_archive(sources=[slow])
    embeds = [Embed(platform=Platform.TWITTER, start=0, end=1, post_id=str(i)) for i in range(3)]
    results = archive.resolve_many(embeds, max_defer=60.0)
    assert [r.status for r in results] == [ResolutionStatus.UNREACHABLE] * 3
    assert [r.retry_after for r in results] == [900.0] * 3
    assert clock.sleeps == [] and len(slow.calls) == 3


def test_resolve_many_stops_after_max_rounds(make_archive: Any, clock: FakeClock) -> None:
    slow = FakeSource("slow", lookups=[SourceResult("unreachable", retry_after=5.0)])
    archive = make_archive(sources=[slow])
    embeds = [Embed(platform=Platform.TWITTER, start=0, end=1, post_id="9")]
    (result,) = archive.resolve_many(embeds, max_rounds=2)
    assert clock.sleeps == [5.0, 5.0] and len(slow.calls) == 3
    assert result.status is ResolutionStatus.UNREACHABLE
    assert [a.outcome for a in result.attempts].count("deferred") == 2


def test_async_api_from_a_running_loop(make_archive: Any) -> None:
    post = stored_post("1939900000000000001", RAJNATH_TEXT, 9)

    async def main() -> list[ResolutionStatus]:
        async with make_archive(sources=[], offline=True) as archive:
            archive.store.put_post(post)
            one = await archive.aresolve(text_embed(RAJNATH_TEXT))
            many = await archive.aresolve_many([text_embed(RAJNATH_TEXT), text_embed("x")])
            blocking = archive.resolve(text_embed(RAJNATH_TEXT))  # works inside a loop too
            return [one.status, *(r.status for r in many), blocking.status]

    assert asyncio.run(main()) == [
        ResolutionStatus.FOUND,
        ResolutionStatus.FOUND,
        ResolutionStatus.SKIPPED,  # offline, and nothing in the store matches
        ResolutionStatus.FOUND,
    ]


def test_other_platforms_go_to_their_oembed_source(make_archive: Any) -> None:
    from embedarchive.archive.sources.oembed import OEmbed

    body = shared_path("fixtures", "embeds", "youtube_oembed.json").read_bytes()
    video = Embed(
        platform=Platform.YOUTUBE,
        start=0,
        end=1,
        url="https://www.youtube.com/watch?v=iwGFalTRHDA",
        text="Trololo",
    )
    archive = make_archive(sources=[TwitterSyndication(), OEmbed.youtube()])
    with respx.mock() as router:
        route = router.get("https://www.youtube.com/oembed").mock(
            return_value=httpx.Response(
                200, content=body, headers={"content-type": "application/json"}
            )
        )
        first = archive.resolve(video)
        second = archive.resolve(video)
        assert route.call_count == 1
    assert first.status is ResolutionStatus.FOUND
    assert first.post is not None and first.post.author.name == "KamoKatt"
    assert [(a.source, a.outcome) for a in first.attempts] == [
        ("store", "not_found"),
        ("oembed-youtube", "found"),
    ]  # syndication covers X only and was not asked
    assert second.post == first.post and second.attempts[0].source == "store"
    assert first.verification.status is VerificationStatus.MATCH


def test_the_store_answers_on_the_callers_thread(
    make_archive: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a cached resolution does not wait for the resolver's loop thread: only what the store
    # leaves to the sources crosses to it
    from embedarchive.archive import _loop

    archive = make_archive(sources=[TwitterSyndication()])
    cached = stored_post("1940000000000000001", "The talks went well today.", hour=9)
    archive.store.put_post(cached)
    hops: list[str] = []
    real_run = _loop.LoopThread.run

    def counting_run(self: _loop.LoopThread, coro: Any) -> Any:
        hops.append(coro.__qualname__)
        return real_run(self, coro)

    monkeypatch.setattr(_loop.LoopThread, "run", counting_run)

    def by_id(post_id: str, text: str | None = None) -> Embed:
        return Embed(
            platform=Platform.TWITTER,
            start=0,
            end=1,
            handle="rajnathsingh",
            post_id=post_id,
            text=text,
        )

    found = archive.resolve(by_id(cached.id, cached.text))
    assert found.status is ResolutionStatus.FOUND and found.post == cached
    skipped = archive.resolve(Embed(platform=Platform.TWITTER, start=0, end=1, text="no id"))
    assert skipped.status is ResolutionStatus.SKIPPED
    assert hops == []
    with respx.mock() as router:
        router.get(f"{SYN}/tweet-result").mock(return_value=httpx.Response(404))
        missing = archive.resolve(by_id("1940000000000000002"))
    assert missing.status is ResolutionStatus.NOT_FOUND
    assert hops == ["Archive._ask_sources"]
    assert [a.source for a in missing.attempts] == ["store", "syndication"]
