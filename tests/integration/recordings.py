"""Recorded Wayback responses from ../shared/fixtures/archives, in shapes tests can serve.

Everything is read from the shared folder at test time (third-party material is never copied
into the repo); the helpers skip the calling test when the folder is absent.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import gzip
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from email.utils import format_datetime
from typing import Any

try:
    from tests.shared import shared_path
except ImportError:  # pragma: no cover - depends on how pytest put tests/ on sys.path
    from shared import shared_path  # type: ignore[no-redef]

ARCHIVES = ("fixtures", "archives")
# Headers that described the transfer of the recorded body, not the body we serve again.
_TRANSFER_HEADERS = {"content-encoding", "transfer-encoding", "content-length", "connection"}


@dataclass(frozen=True)
class Recorded:
    """One recorded HTTP response: status, headers (name -> value) and the decoded body."""

    status: int
    headers: dict[str, str]
    body: bytes


def archive_file(*parts: str) -> bytes:
    """Bytes of a file under fixtures/archives (skips the test when absent)."""
    return shared_path(*ARCHIVES, *parts).read_bytes()


def capture_body(digest: str) -> bytes:
    """The raw ``id_`` payload of a cancel-culture capture stored gzipped under its digest."""
    return gzip.decompress(archive_file("cancel-culture", f"{digest}.gz"))


def cassette(name: str) -> list[Recorded]:
    """The responses of an EDGI cassette, from its decoded JSON view."""
    return list(_cassette(name))


@functools.lru_cache(maxsize=32)
def _cassette(name: str) -> tuple[Recorded, ...]:
    data = json.loads(archive_file("edgi-wayback", "decoded", f"{name}.json"))
    return tuple(_recorded(item["response"]) for item in data["interactions"])


def cassette_requests(name: str) -> list[str]:
    """The request URIs of an EDGI cassette, in order."""
    data = json.loads(archive_file("edgi-wayback", "decoded", f"{name}.json"))
    return [item["request"]["uri"] for item in data["interactions"]]


def _recorded(response: dict[str, Any]) -> Recorded:
    headers = {
        name: ", ".join(values) if isinstance(values, list) else str(values)
        for name, values in response["headers"].items()
        if name.lower() not in _TRANSFER_HEADERS
    }
    return Recorded(int(response["status"]), headers, response["body"].encode("utf-8"))


@dataclass(frozen=True)
class StoreRow:
    """A row of cancel-culture's store contents: a real CDX capture with its payload digest."""

    url: str
    timestamp: str
    digest: str
    mimetype: str
    status: str


def store_rows() -> list[StoreRow]:
    """Rows of cancel-culture/store-contents.csv (url,timestamp,digest,mimetype,status)."""
    text = archive_file("cancel-culture", "store-contents.csv").decode("utf-8")
    return [StoreRow(*row) for row in csv.reader(text.splitlines()) if len(row) == 5]


CDX_HEADER = ("urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length")


def surt(url: str) -> str:
    """A good-enough SURT urlkey for twitter.com status URLs (lower-cased, reversed host)."""
    rest = url.split("://", 1)[-1]
    host, _, path = rest.partition("/")
    host = host.lower().removeprefix("www.")
    return ",".join(reversed(host.split("."))) + ")/" + path.lower()


def cdx_json(
    rows: Iterable[Sequence[str]],
    *,
    header: Sequence[str] = CDX_HEADER,
    resume_key: str | None = None,
) -> bytes:
    """A CDX ``output=json`` body: header row, rows, then ``[]`` + ``[key]`` when paging."""
    table: list[list[str]] = [list(header), *(list(r) for r in rows)]
    if resume_key is not None:
        table += [[], [resume_key]]
    return json.dumps(table).encode("utf-8")


def cdx_row(
    url: str,
    timestamp: str,
    digest: str,
    mimetype: str = "text/html",
    status: str = "200",
    length: str = "-",
) -> list[str]:
    """One CDX row in the default field order."""
    return [surt(url), timestamp, url, mimetype, status, digest, length]


def memento_headers(
    timestamp: str, original: str, content_type: str = "text/html"
) -> dict[str, str]:
    """Headers of an ``id_`` memento: the real ones from the EDGI test_get_memento recording,
    with Memento-Datetime and Link rewritten for this capture."""
    recorded = dict(cassette("test_get_memento")[0].headers)
    lowered = {k.lower(): k for k in recorded}
    for name in ("memento-datetime", "link", "content-type"):
        recorded.pop(lowered.get(name, name), None)
    when = dt.datetime.strptime(timestamp, "%Y%m%d%H%M%S").replace(tzinfo=dt.UTC)
    recorded["Memento-Datetime"] = format_datetime(when, usegmt=True)
    recorded["Link"] = f'<{original}>; rel="original"'
    recorded["Content-Type"] = content_type
    return recorded
