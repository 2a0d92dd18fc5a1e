"""WARC 1.1 output: the HTTP traffic of a resolution, the cards and the rewritten articles.

warcio's own capture (``capture_http``) only hooks ``http.client``, so httpx traffic is written
here, record by record, from what :class:`~embedarchive.archive.http.HttpClient` hands its
``on_exchange`` callback. Every exchange becomes a ``response`` record (status line, headers,
body) and a ``request`` record, linked by ``WARC-Concurrent-To``; cards and articles become
``resource`` records. The file starts with a ``warcinfo`` record naming the software.

httpx has already removed any Content-Encoding and chunked framing when the body reaches us, so
the recorded response is re-framed as HTTP/1.1 with the decoded body: ``Content-Encoding`` and
``Transfer-Encoding`` are dropped and ``Content-Length`` states the recorded body's length.
Replay tools then serve exactly the bytes the resolver parsed.

warcio is an optional dependency (``pip install 'embedarchive[warc]'``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import os
import threading
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any, Self
from urllib.parse import quote

from embedarchive._version import __version__
from embedarchive.errors import SnapshotError
from embedarchive.models import Embed, Resolution

if TYPE_CHECKING:
    import httpx

__all__ = ["WarcRecorder", "card_urn"]

logger = logging.getLogger(__name__)

HTML_TYPE = "text/html; charset=utf-8"
INSTALL_HINT = "writing WARC files needs warcio: pip install 'embedarchive[warc]'"
# httpx undid these before we see the body; the recorded message carries its own length.
_DROPPED_RESPONSE_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})
# Resource records may not carry WARC-Refers-To (WARC 1.1, section 5.11), so the URL of the
# post a card shows goes into this extension field; readers that do not know it ignore it.
ORIGINAL_FIELD = "EmbedArchive-Original-URI"


def card_urn(item: Resolution | Embed) -> str:
    """The stable URI of a post's card: ``urn:embedarchive:card:<platform>:<key>``.

    The key is the post id (the resolved post's, else the embed's), percent-encoded; an embed
    without an id is keyed by the SHA-1 of what it shows (everything but its offsets), so the
    same quote in two articles names one card.
    """
    embed = item.embed if isinstance(item, Resolution) else item
    post = item.post if isinstance(item, Resolution) else None
    if post is not None:
        return f"urn:embedarchive:card:{post.platform.value}:{quote(post.id, safe='')}"
    if embed is None:
        raise SnapshotError("a resolution without a post or an embed has no card")
    if embed.post_id:
        return f"urn:embedarchive:card:{embed.platform.value}:{quote(embed.post_id, safe='')}"
    shown = embed.model_dump_json(exclude={"start", "end"})
    digest = hashlib.sha1(shown.encode("utf-8"), usedforsecurity=False).hexdigest()
    return f"urn:embedarchive:card:{embed.platform.value}:sha1-{digest}"


def _warcio() -> tuple[Any, Any]:
    try:
        from warcio.statusandheaders import StatusAndHeaders
        from warcio.warcwriter import WARCWriter
    except ImportError as exc:
        raise SnapshotError(INSTALL_HINT) from exc
    return WARCWriter, StatusAndHeaders


def _warc_date(when: dt.datetime | None) -> str:
    """WARC 1.1 dates: UTC with microseconds (naive datetimes are taken as UTC)."""
    when = when or dt.datetime.now(dt.UTC)
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC).replace(tzinfo=None)
    return when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _clean(value: str) -> str:
    # A header value must stay on its line whatever a server or a mock put in it.
    return value.replace("\r", " ").replace("\n", " ")


class WarcRecorder:
    """Write WARC/1.1 records to ``path`` (gzip-compressed per record unless ``gzip=False``).

    Opening the recorder creates (or truncates) the file and writes the ``warcinfo`` record;
    use it as a context manager or call :meth:`close`. Every ``record_*`` method is safe to
    call from several threads (the resolver calls :meth:`record_exchange` from its loop
    thread); those writing one record return its ``WARC-Record-ID``. Raises
    :class:`~embedarchive.SnapshotError` when warcio is missing or the file cannot be written.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        gzip: bool = True,
        software: str = f"embedarchive/{__version__}",
        info: Mapping[str, str] | None = None,
    ) -> None:
        writer_class, self._status_and_headers = _warcio()
        self.path = Path(path)
        self._lock = threading.Lock()
        self._response_ids: dict[str, str] = {}
        try:
            self._file: IO[bytes] = self.path.open("wb")
        except OSError as exc:
            raise SnapshotError(f"cannot write the WARC file {self.path}: {exc}") from exc
        self._writer = writer_class(self._file, gzip=gzip, warc_version="1.1")
        fields = {"software": software, "format": "WARC File Format 1.1"}
        fields.update(info or {})
        with self._lock:
            record = self._writer.create_warcinfo_record(self.path.name, fields)
            self._write(record)

    # -- records

    def record_exchange(
        self, request: httpx.Request, response: httpx.Response, body: bytes
    ) -> None:
        """Write one HTTP exchange: a ``response`` record and its ``request`` record.

        Signature of ``HttpClient``/``Archive`` ``on_exchange``. ``body`` is the body as read
        (already decoded from any Content-Encoding). :meth:`response_id` gives the response
        record's id afterwards.
        """
        url = str(request.url)
        date = _warc_date(None)
        response_headers = [
            (name, _clean(value))
            for name, value in response.headers.multi_items()
            if name.lower() not in _DROPPED_RESPONSE_HEADERS
        ]
        response_headers.append(("Content-Length", str(len(body))))
        reason = _clean(response.reason_phrase or "")
        http_response = self._status_and_headers(
            f"{response.status_code} {reason}".rstrip(), response_headers, protocol="HTTP/1.1"
        )
        target = request.url.raw_path.decode("ascii", "replace") or "/"
        try:
            request_body = request.content
        except Exception:  # a streamed request body was never read: record it as empty
            request_body = b""
        request_headers = [(name, _clean(value)) for name, value in request.headers.multi_items()]
        # warcio writes "<protocol> <statusline>": for a request line that is the method first
        http_request = self._status_and_headers(
            f"{target} HTTP/1.1", request_headers, protocol=request.method
        )
        with self._lock:
            response_record = self._writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                length=len(body),
                http_headers=http_response,
                warc_headers_dict={"WARC-Date": date},
            )
            response_id: str = response_record.rec_headers.get_header("WARC-Record-ID")
            request_record = self._writer.create_warc_record(
                url,
                "request",
                payload=io.BytesIO(request_body),
                length=len(request_body),
                http_headers=http_request,
                warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": response_id},
            )
            self._write(response_record)
            self._write(request_record)
            self._response_ids[url] = response_id
        logger.debug("WARC: recorded %s %s (%d bytes)", request.method, url, len(body))

    def record_card(
        self,
        url: str,
        html: str,
        *,
        refers_to: str | None = None,
        date: dt.datetime | None = None,
    ) -> str:
        """Write a card (see :func:`card_urn` for its ``url``) as a ``resource`` record.

        ``refers_to`` is the URL of the post the card shows, kept in the extension field
        ``EmbedArchive-Original-URI``; ``date`` is when the card was made (default: now).
        """
        extra = {ORIGINAL_FIELD: _clean(refers_to)} if refers_to else {}
        return self._resource(url, html, date, extra)

    def record_article(self, url: str, html: str, *, date: dt.datetime | None = None) -> str:
        """Write a rewritten article as a ``resource`` record under ``url``."""
        return self._resource(url, html, date, {})

    def response_id(self, url: str) -> str | None:
        """The record id of the last response recorded for ``url`` in this file, if any."""
        with self._lock:
            return self._response_ids.get(url)

    # -- plumbing

    def _resource(
        self, url: str, html: str, date: dt.datetime | None, extra: Mapping[str, str]
    ) -> str:
        data = html.encode("utf-8", "replace")
        headers = {"WARC-Date": _warc_date(date), **extra}
        with self._lock:
            record = self._writer.create_warc_record(
                _clean(url),
                "resource",
                payload=io.BytesIO(data),
                length=len(data),
                warc_content_type=HTML_TYPE,
                warc_headers_dict=headers,
            )
            record_id: str = record.rec_headers.get_header("WARC-Record-ID")
            self._write(record)
        return record_id

    def _write(self, record: Any) -> None:
        if self._file.closed:
            raise SnapshotError(f"the WARC file {self.path} is closed")
        try:
            self._writer.write_record(record)
        except OSError as exc:
            raise SnapshotError(f"cannot write to the WARC file {self.path}: {exc}") from exc

    def close(self) -> None:
        """Flush and close the file (idempotent)."""
        with self._lock:
            if not self._file.closed:
                self._file.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
