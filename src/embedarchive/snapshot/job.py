"""The main job: scan → resolve → snapshot for a batch of articles, into one output folder.

:func:`archive_articles` reads the inputs (see :mod:`embedarchive.snapshot.inputs`), detects
the embeds, resolves them with ``Archive.resolve_many`` a chunk of articles at a time (about one
batch of embeds, so memory stays bounded whatever the input's size), and writes::

    OUT/index.jsonl          one line per embed: article, embed, resolution, card
    OUT/cards/<name>.html    a full-page card per post (the name is stable across runs)
    OUT/articles/<name>.html each article rewritten (rewrite_html / rewrite_text)

plus, when a :class:`~embedarchive.snapshot.warc.WarcRecorder` is given, every card and
rewritten article as WARC records (the HTTP traffic is recorded by the archive's
``on_exchange`` hook, see :func:`job_archive`).

**Unreachable hosts.** The resolver retries a failed connection a couple of times per request,
which is right for one post but makes a batch crawl when there is no network: every embed would
wait for every source. :func:`job_archive` therefore builds the archive over a
:class:`HostBreaker` transport: connections get a short connect timeout, and after the first
connection failure to a host (refused, no route, DNS failure, connect timeout) that host is
reported once and not contacted again for the rest of the job; its later requests fail at once
as ``unreachable``. A host that was only briefly down is therefore skipped for the whole run:
run the job again later, what was found is in the store already. Articles are rewritten with
the embeds and resolutions the job already has, so rewriting neither scans an article again
nor makes a request, and an article's cards show what its card files show.
"""

from __future__ import annotations

import collections
import dataclasses
import hashlib
import json
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Literal
from urllib.parse import quote

import httpx

from embedarchive.archive.http import ExchangeCallback, HostGate, HttpPolicy, RateLimit
from embedarchive.archive.resolver import Archive
from embedarchive.detect._charset import declared_charset, decode_html
from embedarchive.detect.html import parse_html
from embedarchive.detect.text import parse_text
from embedarchive.errors import EmbedArchiveError, SourceError
from embedarchive.models import Embed, Resolution
from embedarchive.snapshot.inputs import Article, Unreadable, read_inputs
from embedarchive.snapshot.render import render_snapshot
from embedarchive.snapshot.rewrite import cards_spliced, text_document, with_embeds
from embedarchive.snapshot.warc import card_urn

if TYPE_CHECKING:
    from embedarchive.archive.sources.base import Source
    from embedarchive.snapshot.warc import WarcRecorder

__all__ = [
    "HostBreaker",
    "JobSummary",
    "archive_articles",
    "card_name",
    "format_summary",
    "job_archive",
]

logger = logging.getLogger(__name__)

Mode = Literal["backup", "replace"]
Theme = Literal["auto", "light", "dark"]
#: progress(stage, done, total); stage is "read", "resolve" or "write".
ProgressCallback = Callable[[str, int, int], None]

#: Seconds to wait for a TCP (and TLS) connection before calling a host unreachable.
CONNECT_TIMEOUT = 3.0
_RESOLVE_BATCH = 256
# at most this many articles wait in memory for their embeds to be resolved and written
_CHUNK_ARTICLES = 200
_NAME_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


# -- unreachable hosts ----------------------------------------------------------------------------


class HostBreaker(httpx.AsyncBaseTransport, httpx.BaseTransport):
    """An httpx transport that stops contacting a host after its first connection failure.

    Wraps ``inner`` (default ``httpx.AsyncHTTPTransport()``), caps every request's connect
    timeout at ``connect_timeout``, counts the requests passed on per host (``attempts``) and
    records the hosts it gave up on (``down``: host → reason). ``on_down(host, reason)`` is
    called once per host. Requests to a host that is down raise
    :class:`~embedarchive.errors.SourceError` without touching the network, which the sources
    report as ``unreachable`` and the HTTP client does not retry.

    It is also a (never used) sync transport so that it can travel inside an ``httpx.Client``
    given to ``Archive(client=...)``: the archive then builds and closes its own async client
    over it on the resolver's event loop.
    """

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport | None = None,
        *,
        connect_timeout: float = CONNECT_TIMEOUT,
        on_down: Callable[[str, str], None] | None = None,
    ) -> None:
        self._inner = inner if inner is not None else httpx.AsyncHTTPTransport()
        self.connect_timeout = connect_timeout
        self.on_down = on_down
        self.down: dict[str, str] = {}
        self.attempts: collections.Counter[str] = collections.Counter()
        self._lock = threading.Lock()

    def is_down(self, host: str) -> bool:
        """Whether ``host`` failed to connect earlier in this job."""
        return host.lower() in self.down

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host.lower()
        reason = self.down.get(host)
        if reason is not None:
            raise SourceError(
                f"{host} was unreachable earlier in this job ({reason}); not asked again",
                url=str(request.url),
            )
        timeouts = dict(request.extensions.get("timeout") or {})
        current = timeouts.get("connect")
        timeouts["connect"] = (
            self.connect_timeout if current is None else min(current, self.connect_timeout)
        )
        request.extensions["timeout"] = timeouts
        with self._lock:
            self.attempts[host] += 1
        try:
            return await self._inner.handle_async_request(request)
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            self._mark_down(host, f"{type(exc).__name__}: {exc}"[:200])
            raise

    def _mark_down(self, host: str, reason: str) -> None:
        with self._lock:
            first = host not in self.down
            self.down.setdefault(host, reason)
        if first:
            logger.warning("%s is unreachable (%s); not contacting it again", host, reason)
            if self.on_down is not None:
                self.on_down(host, reason)

    async def aclose(self) -> None:
        await self._inner.aclose()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        raise SourceError("HostBreaker serves async clients only", url=str(request.url))

    def close(self) -> None:
        """Nothing to do: the async side owns the connections (closed by :meth:`aclose`)."""


class _BreakerGate(HostGate):
    """A gate that spends no rate-limit token on a host that is down.

    A request to a down host fails in the transport without reaching the host, so making it
    wait for (or be refused by) the host's token bucket would only slow the job down.
    """

    def __init__(self, breaker: HostBreaker) -> None:
        super().__init__()
        self._breaker = breaker

    def reserve(self, key: str, limit: RateLimit, *, max_wait: float) -> float:
        if self._breaker.is_down(key.partition("/")[0]):
            return 0.0
        return super().reserve(key, limit, max_wait=max_wait)


def job_archive(
    path: str | os.PathLike[str] | None = None,
    *,
    sources: Sequence[Source] | None = None,
    offline: bool = False,
    on_exchange: ExchangeCallback | None = None,
    policy: HttpPolicy | None = None,
    breaker: HostBreaker | None = None,
) -> Archive:
    """An :class:`Archive` set up for a batch job: over a :class:`HostBreaker` (a new one unless
    given) so that an unreachable host is tried once, not once per embed.

    ``on_exchange`` is e.g. ``WarcRecorder.record_exchange``. The archive's rate-limit state is
    private to the job (a gate of its own) so down hosts cost no tokens.
    """
    breaker = breaker if breaker is not None else HostBreaker()
    return Archive(
        path,
        sources=sources,
        offline=offline,
        client=httpx.Client(transport=breaker),
        policy=policy,
        gate=_BreakerGate(breaker),
        on_exchange=on_exchange,
    )


# -- naming ---------------------------------------------------------------------------------------


def _slug(text: str, limit: int = 80) -> str:
    return _NAME_UNSAFE.sub("-", text).strip("-._")[:limit] or "item"


def card_name(resolution: Resolution) -> str:
    """A stable file name (without ``.html``) for the card of ``resolution``.

    ``<platform>-<post id>`` when the post or its id is known; otherwise the platform, the handle
    and a digest of what the article quoted, so the same quote gets the same name on every run.
    """
    embed = resolution.embed
    post = resolution.post
    if post is not None:
        return _slug(f"{post.platform.value}-{post.id}", 120)
    if embed is None:
        return "card"
    if embed.post_id:
        return _slug(f"{embed.platform.value}-{embed.post_id}", 120)
    basis = "\x1f".join(
        [embed.url or "", embed.handle or "", str(embed.date or ""), embed.text or ""]
    )
    digest = hashlib.sha256(basis.encode("utf-8", "replace")).hexdigest()[:12]
    return _slug(f"{embed.platform.value}-{embed.handle or 'post'}-{digest}", 120)


def _article_name(source: str, taken: set[str]) -> str:
    tail = source.rstrip("/").split("://", 1)[-1]
    stem = re.sub(r"\.(?:html?|xhtml|shtml|txt|text|md)$", "", tail, flags=re.IGNORECASE)
    name = _slug(stem.rsplit("/", 1)[-1] if "://" not in source else stem.replace("/", "-"))
    if name in taken:
        digest = hashlib.sha256(source.encode("utf-8", "replace")).hexdigest()[:8]
        name = f"{name}-{digest}"
    taken.add(name)
    return name


# -- the job --------------------------------------------------------------------------------------


@dataclasses.dataclass
class JobSummary:
    """What :func:`archive_articles` did."""

    articles: int = 0
    embeds: int = 0
    statuses: collections.Counter[str] = dataclasses.field(default_factory=collections.Counter)
    cards: int = 0
    articles_written: int = 0
    unreadable: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    failures: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    hosts_down: dict[str, str] = dataclasses.field(default_factory=dict)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when every input was read and every card and article written."""
        return not self.unreadable and not self.failures


@dataclasses.dataclass
class _Scanned:
    article: Article
    embeds: list[Embed]


def _detect(article: Article) -> list[Embed]:
    if article.kind == "html":
        return parse_html(article.data, base_url=article.base_url)
    return parse_text(article.text())


def archive_articles(
    inputs: Iterable[str],
    out_dir: str | os.PathLike[str],
    *,
    archive: Archive,
    mode: Mode = "backup",
    warc: WarcRecorder | None = None,
    theme: Theme = "auto",
    concurrency: int = 8,
    breaker: HostBreaker | None = None,
    stdin: IO[bytes] | None = None,
    progress: ProgressCallback | None = None,
) -> JobSummary:
    """Scan, resolve and snapshot every article of ``inputs`` into ``out_dir``.

    See the module docstring for the output layout. ``archive`` resolves the embeds (use
    :func:`job_archive` for a batch, and pass its ``breaker`` to have the hosts it gave up on in
    the summary); an offline archive answers from its store and every embed still gets a card
    from what its article quoted. ``mode`` is how articles are rewritten (``backup`` keeps live
    embeds with the card as fallback, ``replace`` swaps them for the cards). Input, render and
    write failures are collected in the summary; they do not stop the job.
    """
    started = time.monotonic()
    out = Path(out_dir)
    (out / "cards").mkdir(parents=True, exist_ok=True)
    (out / "articles").mkdir(parents=True, exist_ok=True)
    summary = JobSummary()
    writer = _Writer(out, mode=mode, theme=theme, warc=warc, summary=summary)
    written = 0

    def finish(chunk: list[_Scanned], index: IO[str]) -> None:
        """Resolve the embeds of a chunk of articles, then write its cards and articles."""
        nonlocal written
        embeds = [embed for entry in chunk for embed in entry.embeds]
        resolutions = _resolve_all(archive, embeds, concurrency, progress)
        position = 0
        for entry in chunk:
            mine = resolutions[position : position + len(entry.embeds)]
            position += len(entry.embeds)
            for resolution in mine:
                summary.statuses[resolution.status.value] += 1
                card = writer.card(resolution)
                index.write(_index_line(entry.article.source, resolution, card) + "\n")
            writer.article(entry.article, entry.embeds, mine)
            written += 1
            if progress is not None:
                progress("write", written, summary.articles)

    with (out / "index.jsonl").open("w", encoding="utf-8") as index:
        # Articles go through in chunks of about one resolver batch of embeds, so the job
        # holds a chunk in memory, not the whole input.
        chunk: list[_Scanned] = []
        waiting = 0
        for item in read_inputs(inputs, offline=archive.offline, stdin=stdin):
            if isinstance(item, Unreadable):
                summary.unreadable.append((item.source, item.reason))
                continue
            try:
                embeds = _detect(item)
            except EmbedArchiveError as exc:
                summary.unreadable.append((item.source, str(exc)))
                continue
            chunk.append(_Scanned(item, embeds))
            summary.articles += 1
            summary.embeds += len(embeds)
            waiting += len(embeds)
            if progress is not None:
                progress("read", summary.articles, summary.articles)
            if waiting >= _RESOLVE_BATCH or len(chunk) >= _CHUNK_ARTICLES:
                finish(chunk, index)
                chunk, waiting = [], 0
        if chunk:
            finish(chunk, index)
    summary.cards = len(writer.cards)
    if breaker is not None:
        summary.hosts_down = dict(breaker.down)
    summary.seconds = time.monotonic() - started
    return summary


def _resolve_all(
    archive: Archive,
    embeds: list[Embed],
    concurrency: int,
    progress: ProgressCallback | None,
) -> list[Resolution]:
    resolutions: list[Resolution] = []
    for first in range(0, len(embeds), _RESOLVE_BATCH):
        batch = embeds[first : first + _RESOLVE_BATCH]

        def report(done: int, total: int, offset: int = first) -> None:
            if progress is not None:
                progress("resolve", offset + done, len(embeds))

        resolutions.extend(archive.resolve_many(batch, concurrency=concurrency, progress=report))
    return resolutions


class _Writer:
    """Writes the cards (once per name) and the rewritten articles of one job."""

    def __init__(
        self,
        out: Path,
        *,
        mode: Mode,
        theme: Theme,
        warc: WarcRecorder | None,
        summary: JobSummary,
    ) -> None:
        self.out = out
        self.mode: Mode = mode
        self.theme: Theme = theme
        self.warc = warc
        self.summary = summary
        self.cards: set[str] = set()
        self._article_names: set[str] = set()

    def card(self, resolution: Resolution) -> str | None:
        """Write the card of ``resolution`` unless done already; its path relative to ``out``."""
        name = card_name(resolution)
        relative = f"cards/{name}.html"
        if name in self.cards:
            return relative
        try:
            html = render_snapshot(resolution, theme=self.theme, full_page=True)
            (self.out / relative).write_text(html, encoding="utf-8")
        except (EmbedArchiveError, OSError) as exc:
            self.summary.failures.append((relative, str(exc)))
            return None
        self.cards.add(name)
        if self.warc is not None:
            original = (resolution.post.url if resolution.post else None) or (
                resolution.embed.url if resolution.embed else None
            )
            self.warc.record_card(card_urn(resolution), html, refers_to=original)
        return relative

    def article(
        self, article: Article, embeds: Sequence[Embed], resolutions: Sequence[Resolution]
    ) -> None:
        """Rewrite ``article`` in the job's mode (HTML) or as a document (text), with a card
        for each of its ``embeds`` from its resolution."""
        relative = f"articles/{_article_name(article.source, self._article_names)}.html"
        items = with_embeds(embeds, resolutions)
        try:
            if article.kind == "html":
                html = cards_spliced(decode_html(article.data), embeds, items, mode=self.mode)
                # keep the page's <meta charset> true: write it in the charset it declares
                charset = declared_charset(article.data) or "utf-8"
                if charset.startswith("utf"):
                    charset = "utf-8"
                (self.out / relative).write_bytes(html.encode(charset, "xmlcharrefreplace"))
            else:
                html = text_document(article.text(), embeds, items)
                (self.out / relative).write_text(html, encoding="utf-8")
        except (EmbedArchiveError, OSError) as exc:
            self.summary.failures.append((article.source, str(exc)))
            return
        self.summary.articles_written += 1
        if self.warc is not None:
            # not under the article's own URL: that names the page as published
            urn = f"urn:embedarchive:article:{quote(article.source, safe='')}"
            self.warc.record_article(urn, html)


def _index_line(source: str, resolution: Resolution, card: str | None) -> str:
    record = {
        "article": source,
        "embed": resolution.embed.model_dump(mode="json") if resolution.embed else None,
        "resolution": resolution.model_dump(mode="json", exclude={"embed"}),
        "card": card,
    }
    return json.dumps(record, ensure_ascii=False)


def format_summary(summary: JobSummary) -> str:
    """The summary table the CLI prints on stderr."""
    rows = [
        ("articles", summary.articles),
        ("embeds", summary.embeds),
        *((f"  {status}", count) for status, count in sorted(summary.statuses.items())),
        ("cards written", summary.cards),
        ("articles written", summary.articles_written),
    ]
    if summary.unreadable:
        rows.append(("inputs unreadable", len(summary.unreadable)))
    if summary.failures:
        rows.append(("failures", len(summary.failures)))
    width = max(len(label) for label, _ in rows)
    lines = [f"{label:<{width}}  {count:>6}" for label, count in rows]
    lines.append(f"{'seconds':<{width}}  {summary.seconds:>6.1f}")
    for host, reason in sorted(summary.hosts_down.items()):
        lines.append(f"unreachable: {host} ({reason})")
    return "\n".join(lines) + "\n"
