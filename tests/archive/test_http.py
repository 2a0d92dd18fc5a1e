"""The HTTP policy: allow-list, offline, caps, retries, 429 pauses and token buckets."""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest
import respx

from embedarchive.archive.http import (
    DEFAULT_GATE,
    DEFAULT_LIMITS,
    HostGate,
    HttpClient,
    HttpPolicy,
    HttpResponse,
    RateLimit,
    _retry_after_seconds,
)
from embedarchive.errors import (
    HostNotAllowedError,
    OfflineError,
    RateLimitedError,
    ResponseTooLargeError,
    SourceError,
)


class FakeTime:
    """A monotonic clock that only moves when the code under test sleeps (or a test says so)."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def make_client(
    fake: FakeTime,
    *,
    hosts: tuple[str, ...] = ("api.test",),
    gate: HostGate | None = None,
    **kwargs: Any,
) -> HttpClient:
    return HttpClient(
        allowed_hosts=hosts,
        gate=gate or HostGate(clock=fake.clock),
        sleep=fake.sleep,
        jitter=lambda: 0.5,  # makes the backoff factor exactly 1
        **kwargs,
    )


def run(factory: Callable[[], Awaitable[Any]]) -> Any:
    return asyncio.run(factory())  # type: ignore[arg-type]


async def _get(client: HttpClient, url: str, **kwargs: Any) -> HttpResponse:
    try:
        return await client.get(url, **kwargs)
    finally:
        await client.aclose()


# --- allow-list -------------------------------------------------------------------------------


@respx.mock
def test_allowed_host_is_fetched_and_params_merge() -> None:
    route = respx.get("https://api.test/x").mock(
        return_value=httpx.Response(200, json={"ok": True})
    )
    client = make_client(FakeTime())
    resp = run(lambda: _get(client, "https://API.test/x?a=1", params={"b": "2"}))
    assert resp.status_code == 200
    assert resp.json() == {"ok": True}
    assert route.call_count == 1
    sent = route.calls.last.request.url
    assert dict(sent.params) == {"a": "1", "b": "2"}


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.test/x",
        "https://api.test.evil.net/x",
        "https://evilapi.test/x",
        "https://www.api.test/x",
        "https://sub.api.test/x",
        "ftp://api.test/x",
        "file:///etc/passwd",
    ],
)
def test_hosts_outside_the_list_are_refused_without_a_request(url: str) -> None:
    with respx.mock(assert_all_called=False) as router:
        catch_all = router.route().mock(return_value=httpx.Response(200))
        client = make_client(FakeTime())
        with pytest.raises(HostNotAllowedError) as info:
            run(lambda: _get(client, url))
        assert catch_all.call_count == 0
        assert info.value.url is not None


@respx.mock
def test_www_variant_must_be_listed_explicitly() -> None:
    respx.get("https://www.api.test/x").mock(return_value=httpx.Response(204))
    client = make_client(FakeTime(), hosts=("api.test", "WWW.api.test"))
    assert run(lambda: _get(client, "https://www.api.test/x")).status_code == 204


@respx.mock
def test_redirect_to_a_foreign_host_is_refused() -> None:
    respx.get("https://api.test/r").mock(
        return_value=httpx.Response(302, headers={"Location": "https://evil.test/steal"})
    )
    foreign = respx.get("https://evil.test/steal").mock(return_value=httpx.Response(200))
    client = make_client(FakeTime())
    with pytest.raises(HostNotAllowedError, match=r"evil\.test"):
        run(lambda: _get(client, "https://api.test/r", follow_redirects=True))
    assert foreign.call_count == 0


@respx.mock
def test_redirects_within_the_list_are_followed_and_recorded() -> None:
    respx.get("https://api.test/a").mock(
        return_value=httpx.Response(301, headers={"Location": "/b"})
    )
    respx.get("https://other.test/c").mock(return_value=httpx.Response(200, text="done"))
    respx.get("https://api.test/b").mock(
        return_value=httpx.Response(307, headers={"Location": "https://other.test/c"})
    )
    seen: list[tuple[str, int, bytes]] = []
    client = make_client(
        FakeTime(),
        hosts=("api.test", "other.test"),
        on_exchange=lambda req, resp, body: seen.append((str(req.url), resp.status_code, body)),
    )
    resp = run(lambda: _get(client, "https://api.test/a", follow_redirects=True))
    assert (resp.url, resp.status_code, resp.text) == ("https://other.test/c", 200, "done")
    assert [(u, s) for u, s, _ in seen] == [
        ("https://api.test/a", 301),
        ("https://api.test/b", 307),
        ("https://other.test/c", 200),
    ]
    assert seen[-1][2] == b"done"


@respx.mock
def test_redirect_is_returned_when_not_following() -> None:
    respx.get("https://api.test/a").mock(
        return_value=httpx.Response(302, headers={"Location": "https://evil.test/"})
    )
    client = make_client(FakeTime())
    resp = run(lambda: _get(client, "https://api.test/a"))
    assert resp.status_code == 302
    assert resp.headers["location"] == "https://evil.test/"


@respx.mock
def test_redirect_loop_stops_after_five_hops() -> None:
    route = respx.get("https://api.test/loop").mock(
        return_value=httpx.Response(302, headers={"Location": "/loop"})
    )
    client = make_client(FakeTime())
    with pytest.raises(SourceError, match="redirects"):
        run(lambda: _get(client, "https://api.test/loop", follow_redirects=True))
    assert route.call_count == 6


# --- offline, size cap, user agent ------------------------------------------------------------


def test_offline_makes_no_request() -> None:
    with respx.mock(assert_all_called=False) as router:
        route = router.route().mock(return_value=httpx.Response(200))
        client = make_client(FakeTime(), offline=True)
        with pytest.raises(OfflineError):
            run(lambda: _get(client, "https://api.test/x"))
        assert route.call_count == 0


@respx.mock
def test_declared_size_over_the_cap_is_refused() -> None:
    respx.get("https://api.test/big").mock(return_value=httpx.Response(200, content=b"x" * 2000))
    client = make_client(FakeTime(), policy=HttpPolicy(max_response_bytes=1000))
    with pytest.raises(ResponseTooLargeError, match="1000"):
        run(lambda: _get(client, "https://api.test/big"))


@respx.mock
def test_streamed_body_over_the_cap_is_cut_off() -> None:
    produced: list[int] = []

    async def chunks() -> AsyncIterator[bytes]:
        for i in range(100):
            produced.append(i)
            yield b"y" * 100

    respx.get("https://api.test/stream").mock(return_value=httpx.Response(200, content=chunks()))
    client = make_client(FakeTime(), policy=HttpPolicy(max_response_bytes=1000))
    with pytest.raises(ResponseTooLargeError):
        run(lambda: _get(client, "https://api.test/stream"))
    assert len(produced) < 100  # stopped reading early


@respx.mock
def test_body_at_the_cap_is_accepted() -> None:
    respx.get("https://api.test/ok").mock(return_value=httpx.Response(200, content=b"z" * 1000))
    client = make_client(FakeTime(), policy=HttpPolicy(max_response_bytes=1000))
    assert len(run(lambda: _get(client, "https://api.test/ok")).content) == 1000


@respx.mock
def test_user_agent_is_sent_and_can_be_overridden() -> None:
    route = respx.get("https://api.test/ua").mock(return_value=httpx.Response(200))
    client = make_client(FakeTime(), policy=HttpPolicy(user_agent="tester/1.0"))
    run(lambda: _get(client, "https://api.test/ua"))
    assert route.calls.last.request.headers["user-agent"] == "tester/1.0"
    client = make_client(FakeTime())
    run(lambda: _get(client, "https://api.test/ua", headers={"User-Agent": "custom"}))
    assert route.calls.last.request.headers["user-agent"] == "custom"
    client = make_client(FakeTime())
    run(lambda: _get(client, "https://api.test/ua"))
    assert route.calls.last.request.headers["user-agent"].startswith("embedarchive/")


def test_injected_client_is_used_and_left_open() -> None:
    hits: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        hits.append(str(request.url))
        return httpx.Response(200, text="from transport")

    async def go() -> tuple[str, bool]:
        inner = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        fake = FakeTime()
        client = make_client(fake, client=inner)
        resp = await client.get("https://api.test/t")
        await client.aclose()
        closed = inner.is_closed
        await inner.aclose()
        return resp.text, closed

    text, closed = asyncio.run(go())
    assert text == "from transport"
    assert hits == ["https://api.test/t"]
    assert closed is False


# --- retries ----------------------------------------------------------------------------------


@respx.mock
def test_503_is_retried_with_backoff_then_succeeds() -> None:
    route = respx.get("https://api.test/flaky").mock(
        side_effect=[httpx.Response(503), httpx.Response(502), httpx.Response(200, text="ok")]
    )
    fake = FakeTime()
    client = make_client(fake)
    resp = run(lambda: _get(client, "https://api.test/flaky"))
    assert resp.status_code == 200
    assert route.call_count == 3
    assert fake.sleeps == [0.5, 1.0]  # backoff 0.5 doubled, jitter factor 1


@respx.mock
def test_5xx_is_returned_after_the_retries_run_out() -> None:
    route = respx.get("https://api.test/down").mock(return_value=httpx.Response(500))
    client = make_client(FakeTime(), policy=HttpPolicy(retries=3))
    assert run(lambda: _get(client, "https://api.test/down")).status_code == 500
    assert route.call_count == 4


@respx.mock
def test_404_is_not_retried() -> None:
    route = respx.get("https://api.test/missing").mock(return_value=httpx.Response(404))
    fake = FakeTime()
    client = make_client(fake)
    assert run(lambda: _get(client, "https://api.test/missing")).status_code == 404
    assert route.call_count == 1
    assert fake.sleeps == []


@respx.mock
def test_archived_5xx_with_memento_datetime_is_data_not_a_failure() -> None:
    route = respx.get("https://api.test/web/1/x").mock(
        return_value=httpx.Response(
            503, headers={"Memento-Datetime": "Tue, 01 Jul 2025 10:00:00 GMT"}
        )
    )
    client = make_client(FakeTime())
    assert run(lambda: _get(client, "https://api.test/web/1/x")).status_code == 503
    assert route.call_count == 1


@respx.mock
def test_transport_errors_are_retried_then_raised_as_source_error() -> None:
    route = respx.get("https://api.test/dead").mock(side_effect=httpx.ConnectError("refused"))
    fake = FakeTime()
    client = make_client(fake)
    with pytest.raises(SourceError, match="3 attempts") as info:
        run(lambda: _get(client, "https://api.test/dead"))
    assert route.call_count == 3
    assert isinstance(info.value.__cause__, httpx.ConnectError)


@respx.mock
def test_timeout_then_success() -> None:
    route = respx.get("https://api.test/slow").mock(
        side_effect=[httpx.ReadTimeout("slow"), httpx.Response(200, text="late")]
    )
    client = make_client(FakeTime())
    assert run(lambda: _get(client, "https://api.test/slow")).text == "late"
    assert route.call_count == 2


# --- 429 and the shared gate ------------------------------------------------------------------


@respx.mock
def test_429_without_retry_after_pauses_the_host_for_every_client() -> None:
    route = respx.get("https://api.test/busy").mock(return_value=httpx.Response(429))
    other = respx.get("https://other.test/fine").mock(return_value=httpx.Response(200))
    fake = FakeTime()
    gate = HostGate(clock=fake.clock)
    first = make_client(fake, gate=gate, hosts=("api.test", "other.test"))
    assert run(lambda: _get(first, "https://api.test/busy")).status_code == 429

    second = make_client(fake, gate=gate, hosts=("api.test", "other.test"))
    with pytest.raises(RateLimitedError) as info:
        run(lambda: _get(second, "https://api.test/busy"))
    assert info.value.retry_after == pytest.approx(60.0)
    assert route.call_count == 1
    # other hosts are not paused
    third = make_client(fake, gate=gate, hosts=("api.test", "other.test"))
    assert run(lambda: _get(third, "https://other.test/fine")).status_code == 200
    assert other.call_count == 1

    fake.now += 61
    route.mock(return_value=httpx.Response(200))
    fourth = make_client(fake, gate=gate)
    assert run(lambda: _get(fourth, "https://api.test/busy")).status_code == 200


@respx.mock
def test_429_retry_after_seconds_sets_the_pause() -> None:
    respx.get("https://api.test/busy").mock(
        return_value=httpx.Response(429, headers={"Retry-After": "7"})
    )
    fake = FakeTime()
    gate = HostGate(clock=fake.clock)
    run(lambda: _get(make_client(fake, gate=gate), "https://api.test/busy"))
    assert gate.paused_for("API.test") == pytest.approx(7.0)
    with pytest.raises(RateLimitedError) as info:
        run(lambda: _get(make_client(fake, gate=gate), "https://api.test/busy"))
    assert info.value.retry_after == pytest.approx(7.0)


@respx.mock
def test_429_retry_after_http_date_sets_the_pause() -> None:
    when = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=120)
    respx.get("https://api.test/busy").mock(
        return_value=httpx.Response(
            429, headers={"Retry-After": email.utils.format_datetime(when, usegmt=True)}
        )
    )
    fake = FakeTime()
    gate = HostGate(clock=fake.clock)
    run(lambda: _get(make_client(fake, gate=gate), "https://api.test/busy"))
    assert 110 <= gate.paused_for("api.test") <= 121


@respx.mock
def test_archived_429_does_not_pause() -> None:
    respx.get("https://api.test/web/x").mock(
        return_value=httpx.Response(
            429, headers={"Memento-Datetime": "Tue, 01 Jul 2025 10:00:00 GMT"}
        )
    )
    fake = FakeTime()
    gate = HostGate(clock=fake.clock)
    run(lambda: _get(make_client(fake, gate=gate), "https://api.test/web/x"))
    assert gate.paused_for("api.test") == 0.0


def test_retry_after_parsing() -> None:
    now = dt.datetime(2025, 7, 1, 12, 0, tzinfo=dt.UTC)
    assert _retry_after_seconds("30", now=now) == 30.0
    assert _retry_after_seconds("Tue, 01 Jul 2025 12:01:30 GMT", now=now) == 90.0
    assert _retry_after_seconds("Tue, 01 Jul 2025 11:00:00 GMT", now=now) == 0.0
    assert _retry_after_seconds("soon", now=now) is None
    assert _retry_after_seconds("", now=now) is None
    assert _retry_after_seconds(None, now=now) is None
    assert _retry_after_seconds("9" * 9, now=now) == 24 * 3600.0
    # a year past the C library's: no pause rather than an OverflowError
    assert _retry_after_seconds("Mon, 01 Jan 99999999999999999999 00:00:00 GMT", now=now) is None


# --- token buckets ----------------------------------------------------------------------------


def test_limit_lookup_prefers_the_longest_key() -> None:
    policy = HttpPolicy()
    assert policy.limit_for("web.archive.org", "/cdx/search/cdx") == (
        "web.archive.org/cdx",
        DEFAULT_LIMITS["web.archive.org/cdx"],
    )
    assert policy.limit_for("web.archive.org", "/web/2020/x")[0] == "web.archive.org"  # type: ignore[index]
    assert policy.limit_for("archive.org", "/wayback/available")[0] == (  # type: ignore[index]
        "archive.org/wayback/available"
    )
    assert policy.limit_for("archive.org", "/details/x") is None
    assert policy.limit_for("example.org", "/") is None


@respx.mock
def test_token_bucket_spaces_requests_and_refills() -> None:
    respx.get("https://api.test/cdx").mock(return_value=httpx.Response(200))
    fake = FakeTime()
    gate = HostGate(clock=fake.clock)
    policy = HttpPolicy(limits={"api.test/cdx": RateLimit(4, 2.0)}, max_wait=10.0)

    async def burst(n: int) -> None:
        client = make_client(fake, gate=gate, policy=policy)
        for _ in range(n):
            await client.get("https://api.test/cdx")
        await client.aclose()

    asyncio.run(burst(4))
    assert fake.sleeps == []  # the burst fits the bucket
    asyncio.run(burst(2))
    assert fake.sleeps == [pytest.approx(0.5), pytest.approx(0.5)]  # 4 per 2 s -> one per 0.5 s
    fake.now += 100  # a long idle time refills only up to the capacity
    fake.sleeps.clear()
    asyncio.run(burst(5))
    assert fake.sleeps == [pytest.approx(0.5)]


@respx.mock
def test_wait_longer_than_max_wait_raises_rate_limited() -> None:
    route = respx.get("https://api.test/cdx/q").mock(return_value=httpx.Response(200))
    fake = FakeTime()
    gate = HostGate(clock=fake.clock)
    policy = HttpPolicy(limits={"api.test/cdx": RateLimit(2, 60.0)}, max_wait=5.0)
    client = make_client(fake, gate=gate, policy=policy)

    async def go() -> None:
        await client.get("https://api.test/cdx/q")
        await client.get("https://api.test/cdx/q")
        await client.get("https://api.test/cdx/q")

    with pytest.raises(RateLimitedError) as info:
        asyncio.run(go())
    assert info.value.retry_after == pytest.approx(30.0)
    assert route.call_count == 2
    assert fake.sleeps == []
    # the refused call took no token: after 30 s exactly one more fits
    fake.now += 30
    asyncio.run(client.get("https://api.test/cdx/q"))
    assert route.call_count == 3


@respx.mock
def test_pool_is_shared_between_keys_and_unlimited_paths_are_free() -> None:
    respx.get(url__startswith="https://api.test/").mock(return_value=httpx.Response(200))
    fake = FakeTime()
    gate = HostGate(clock=fake.clock)
    limits = {
        "api.test/cdx": RateLimit(1, 60.0, pool="p"),
        "api.test/timemap": RateLimit(1, 60.0, pool="p"),
    }
    client = make_client(fake, gate=gate, policy=HttpPolicy(limits=limits, max_wait=1.0))

    async def go() -> None:
        await client.get("https://api.test/cdx")
        for _ in range(5):
            await client.get("https://api.test/other")
        await client.get("https://api.test/timemap")

    with pytest.raises(RateLimitedError):
        asyncio.run(go())


def test_concurrent_tasks_share_one_bucket() -> None:
    fake = FakeTime()
    gate = HostGate(clock=fake.clock)
    limit = RateLimit(2, 1.0)
    waits = [gate.reserve("k", limit, max_wait=10.0) for _ in range(5)]
    # reservations queue up: 2 free, then one every 0.5 s
    assert waits == [0.0, 0.0, pytest.approx(0.5), pytest.approx(1.0), pytest.approx(1.5)]


def test_default_gate_is_shared_and_rate_limit_validates() -> None:
    client = HttpClient(allowed_hosts=["a.test"])
    assert client.gate is DEFAULT_GATE
    asyncio.run(client.aclose())
    with pytest.raises(ValueError, match="RateLimit"):
        RateLimit(0, 1.0)


def test_invalid_url_is_a_source_error() -> None:
    client = make_client(FakeTime())
    with pytest.raises(SourceError):
        run(lambda: _get(client, "http://[::1"))
