"""The articles the ``archive`` job reads: files, folders, stdin, URLs and WARC files.

Every input becomes zero or more :class:`Article` values (a WARC file holds many articles) or an
:class:`Unreadable` that says why it was skipped; one bad input never stops the others.

* **Files** are read as bytes; HTML or plain text is decided by sniffing the content.
* **Folders** are searched recursively for article files (:data:`ARTICLE_SUFFIXES`) and WARC
  files (:data:`WARC_SUFFIXES`), in sorted order.
* ``-`` reads stdin.
* **http(s) URLs** are fetched with httpx: the user named them, so their hosts are allowed for
  that one fetch (and the redirects it takes, http(s) only, at most five); timeouts and a size
  cap apply; nothing is fetched when the job runs offline.
* **WARC files** (``.warc``, ``.warc.gz``, or content starting ``WARC/``) are read with warcio:
  every ``response`` record whose HTTP status is 2xx and whose Content-Type is ``text/html`` or
  ``text/plain`` becomes an article named by its ``WARC-Target-URI``. warcio is the ``warc``
  extra; without it a WARC input is reported with the install hint.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal

import httpx

from embedarchive._version import __version__

__all__ = [
    "ARTICLE_SUFFIXES",
    "MAX_ARTICLE_BYTES",
    "WARC_SUFFIXES",
    "Article",
    "Unreadable",
    "expand_inputs",
    "is_warc_name",
    "read_inputs",
    "sniff_kind",
]

logger = logging.getLogger(__name__)

ARTICLE_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml", ".txt", ".text", ".md"})
WARC_SUFFIXES = (".warc", ".warc.gz")
#: Articles larger than this (a file, a download, a WARC record) are skipped as unreadable.
MAX_ARTICLE_BYTES = 32 * 1024 * 1024
_MAX_REDIRECTS = 5
_FETCH_TIMEOUT = httpx.Timeout(20.0, connect=5.0)
_WARC_HINT = "reading WARC files needs warcio: pip install 'embedarchive[warc]'"
_HTML_SNIFF = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|p|div|blockquote|article|section|span|iframe|a)[\s>]",
    re.IGNORECASE,
)

Kind = Literal["html", "text"]


@dataclass(frozen=True, slots=True)
class Article:
    """One article to archive: its bytes, how to read them, and where it came from."""

    source: str  # the path, URL, "<stdin>" or WARC-Target-URI, as index.jsonl reports it
    data: bytes
    kind: Kind
    base_url: str | None = None  # for resolving relative links in HTML
    charset: str | None = None  # declared by the HTTP response, when there was one

    def text(self) -> str:
        """The article decoded (declared charset, else UTF-8; undecodable bytes replaced)."""
        try:
            return self.data.decode(self.charset or "utf-8", errors="replace")
        except LookupError:
            return self.data.decode("utf-8", errors="replace")


@dataclass(frozen=True, slots=True)
class Unreadable:
    """An input that gave no article, and why."""

    source: str
    reason: str


def sniff_kind(data: bytes, content_type: str | None = None) -> Kind:
    """``html`` or ``text``: from the Content-Type when it says so, else markup near the start."""
    declared = _declared(content_type or "")
    if declared is not None:
        return declared
    return "html" if _HTML_SNIFF.search(data[:65536]) is not None else "text"


def _is_url(item: str) -> bool:
    return item[:8].lower().startswith(("http://", "https://"))


def is_warc_name(name: str) -> bool:
    """Whether a file name says WARC (``.warc``, ``.warc.gz``): it may hold many articles."""
    return name.lower().endswith(WARC_SUFFIXES)


def expand_inputs(items: Iterable[str]) -> Iterator[str]:
    """Folders become their article and WARC files (sorted); files, URLs and ``-`` stay."""
    for item in items:
        if item == "-" or _is_url(item):
            yield item
            continue
        path = Path(item)
        if not path.is_dir():
            yield item
            continue
        for child in sorted(path.rglob("*")):
            if child.is_file() and (
                child.suffix.lower() in ARTICLE_SUFFIXES or is_warc_name(child.name)
            ):
                yield str(child)


def read_inputs(
    items: Iterable[str],
    *,
    offline: bool = False,
    stdin: IO[bytes] | None = None,
    client: httpx.Client | None = None,
) -> Iterator[Article | Unreadable]:
    """Read every input (see the module docstring); folders are expanded first.

    ``client`` is used for URL inputs (one is created and closed when needed otherwise).
    """
    own: httpx.Client | None = None
    try:
        for item in expand_inputs(items):
            if item == "-":
                yield _from_stdin(stdin)
            elif _is_url(item):
                if offline:
                    yield Unreadable(item, "offline: URLs are not fetched")
                    continue
                if client is None:
                    own = client = httpx.Client(
                        timeout=_FETCH_TIMEOUT,
                        follow_redirects=False,
                        headers={"User-Agent": f"embedarchive/{__version__}"},
                    )
                yield _fetch(item, client)
            else:
                yield from _from_path(Path(item))
    finally:
        if own is not None:
            own.close()


def _from_stdin(stdin: IO[bytes] | None) -> Article | Unreadable:
    if stdin is None:
        return Unreadable("<stdin>", "no stdin to read")
    data = stdin.read(MAX_ARTICLE_BYTES + 1)
    if len(data) > MAX_ARTICLE_BYTES:
        return Unreadable("<stdin>", f"more than {MAX_ARTICLE_BYTES} bytes")
    return Article("<stdin>", data, sniff_kind(data))


def _from_path(path: Path) -> Iterator[Article | Unreadable]:
    source = str(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
            if is_warc_name(path.name) or head.startswith(b"WARC/"):
                handle.seek(0)
                yield from read_warc(handle, source)
                return
            data = head + handle.read(MAX_ARTICLE_BYTES + 1 - len(head))
    except OSError as exc:
        yield Unreadable(source, exc.strerror or str(exc))
        return
    if len(data) > MAX_ARTICLE_BYTES:
        yield Unreadable(source, f"more than {MAX_ARTICLE_BYTES} bytes")
        return
    yield Article(source, data, sniff_kind(data))


def _fetch(url: str, client: httpx.Client) -> Article | Unreadable:
    """GET a user-given article URL: redirects followed by hand (http(s) only), body capped."""
    target = url
    try:
        for _ in range(_MAX_REDIRECTS + 1):
            with client.stream("GET", target, follow_redirects=False) as response:
                location = response.headers.get("location")
                if response.is_redirect and location:
                    target = str(response.url.join(location))
                    if not _is_url(target):
                        return Unreadable(url, f"redirect to a non-HTTP URL {target!r}")
                    continue
                if response.status_code >= 400:
                    return Unreadable(url, f"HTTP {response.status_code}")
                body = _read_capped(response)
                if body is None:
                    return Unreadable(url, f"more than {MAX_ARTICLE_BYTES} bytes")
                content_type = response.headers.get("content-type")
                return Article(
                    url,
                    body,
                    sniff_kind(body, content_type),
                    base_url=str(response.url),
                    charset=response.charset_encoding,
                )
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        return Unreadable(url, f"{type(exc).__name__}: {exc}")
    return Unreadable(url, f"more than {_MAX_REDIRECTS} redirects")


def _read_capped(response: httpx.Response) -> bytes | None:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_ARTICLE_BYTES:
        return None
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > MAX_ARTICLE_BYTES:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def read_warc(stream: IO[bytes], source: str) -> Iterator[Article | Unreadable]:
    """The HTML and plain-text responses of a WARC (or WARC.gz) stream, as articles.

    ``source`` names the WARC file in messages; each article is named by its
    ``WARC-Target-URI``. A damaged record ends the file with an :class:`Unreadable`.
    """
    try:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed
    except ImportError:
        yield Unreadable(source, _WARC_HINT)
        return
    count = 0
    try:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            status = record.http_headers.get_statuscode() or ""
            content_type = record.http_headers.get_header("Content-Type") or ""
            if not status.startswith("2") or _declared(content_type) is None:
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or f"{source}#{count}"
            body = record.content_stream().read(MAX_ARTICLE_BYTES + 1)
            if len(body) > MAX_ARTICLE_BYTES:
                yield Unreadable(uri, f"more than {MAX_ARTICLE_BYTES} bytes")
                continue
            count += 1
            yield Article(
                uri,
                body,
                sniff_kind(body, content_type),
                base_url=uri if _is_url(uri) else None,
                charset=_charset(content_type),
            )
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
        yield Unreadable(source, f"damaged WARC after {count} articles: {str(exc)[:200]}")
        return
    if count == 0:
        logger.info("%s holds no HTML or text responses", source)


def _declared(content_type: str) -> Kind | None:
    """The kind a Content-Type names outright (``None`` for anything else)."""
    media = content_type.split(";", 1)[0].strip().lower()
    if media in ("text/html", "application/xhtml+xml"):
        return "html"
    if media == "text/plain":
        return "text"
    return None


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")[:40]
    return None
