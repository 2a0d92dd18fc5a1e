"""The local archive: posts, their raw payloads, captures and negative results in one SQLite file.

The file is safe to share between threads and processes: WAL journal, a busy timeout, and every
write in its own ``BEGIN IMMEDIATE`` transaction. Its schema carries a version
(``PRAGMA user_version``) and an application id, so a file written by a newer embedarchive, or a
file that is not an embedarchive store at all, is refused with a clear error instead of being
damaged.

Export format (``Store.export_jsonl``), one JSON object per line, in this order:

``{"type": "embedarchive-export", "version": 1, "exported_at": "<ISO 8601>"}``
    a header, always first.
``{"type": "payload", "id": ..., "url": ..., "status": ..., "content_type": ..., "body_b64": ...}``
    a raw payload (base64 body); written before the posts that refer to it.
``{"type": "post", "post": {...}}``
    a :class:`~embedarchive.models.Post` as its JSON dump, provenance included.
``{"type": "capture", "platform": ..., "post_id": ..., "capture": {...}}``
    a :class:`~embedarchive.models.Capture`; ``post_id`` may be null.

``embedarchive.archive.importers.import_path`` reads it back (the header is optional there).
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Literal, NamedTuple, Self

from embedarchive.errors import StoreCorruptError, StoreError, StoreVersionError
from embedarchive.models import Capture, Platform, Post, Provenance

__all__ = [
    "APPLICATION_ID",
    "MAX_ENTITY_DEPTH",
    "MAX_QUOTE_DEPTH",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "NegativeStatus",
    "Payload",
    "PutCounts",
    "Store",
    "check_post",
    "payload_digest",
]

logger = logging.getLogger(__name__)

NegativeStatus = Literal["not_found", "tombstoned"]

Payload = tuple[str, int, str, bytes]
"""A raw response as fetched: (url, HTTP status, content type, body)."""

# "EArc": marks the file as ours, so a foreign SQLite database is never migrated by accident.
APPLICATION_ID = 0x45417263
BUSY_TIMEOUT_MS = 30_000
EXPORT_VERSION = 1
_PAGE = 500


def _migrate_v1(conn: sqlite3.Connection) -> None:
    conn.execute(
        """CREATE TABLE payloads (
            id TEXT PRIMARY KEY,
            url TEXT NOT NULL,
            status INTEGER NOT NULL,
            content_type TEXT NOT NULL,
            body BLOB NOT NULL,
            size INTEGER NOT NULL,
            fetched_at INTEGER NOT NULL
        )"""
    )
    conn.execute(
        """CREATE TABLE posts (
            platform TEXT NOT NULL,
            post_id TEXT NOT NULL,
            handle TEXT,
            created_at INTEGER,
            source TEXT,
            fetched_at INTEGER NOT NULL,
            payload_id TEXT,
            data TEXT NOT NULL,
            PRIMARY KEY (platform, post_id)
        )"""
    )
    conn.execute("CREATE INDEX posts_by_handle ON posts (platform, handle, created_at)")
    conn.execute(
        """CREATE TABLE captures (
            rowid INTEGER PRIMARY KEY,
            archive TEXT NOT NULL,
            url TEXT NOT NULL,
            original TEXT NOT NULL,
            platform TEXT,
            post_id TEXT,
            datetime INTEGER NOT NULL,
            status_code INTEGER,
            digest TEXT,
            mimetype TEXT,
            UNIQUE (archive, url)
        )"""
    )
    conn.execute("CREATE INDEX captures_by_post ON captures (platform, post_id)")
    conn.execute(
        """CREATE TABLE negatives (
            platform TEXT NOT NULL,
            post_id TEXT NOT NULL,
            status TEXT NOT NULL,
            detail TEXT,
            expires_at INTEGER NOT NULL,
            recorded_at INTEGER NOT NULL,
            PRIMARY KEY (platform, post_id)
        )"""
    )


Migration = Callable[[sqlite3.Connection], None]

MIGRATIONS: tuple[Migration, ...] = (_migrate_v1,)
"""``MIGRATIONS[n]`` takes a store from schema version ``n`` to ``n + 1``; append, never edit."""

SCHEMA_VERSION = len(MIGRATIONS)


MAX_ENTITY_DEPTH = 64
MAX_QUOTE_DEPTH = 16


def check_post(post: Post) -> None:
    """Raise :class:`StoreError` if ``post`` is nested too deeply to be stored and read back.

    pydantic's JSON reader stops at about 200 levels; real entities are a few levels deep, so a
    deeper post is hostile or broken input.
    """
    level: Post | None = post
    for _ in range(MAX_QUOTE_DEPTH + 1):
        if level is None:
            return
        stack: list[tuple[Any, int]] = [(level.entities, 1)]
        while stack:
            value, depth = stack.pop()
            if depth > MAX_ENTITY_DEPTH:
                raise StoreError(
                    f"post {post.id!r}: entities nested deeper than {MAX_ENTITY_DEPTH} levels"
                )
            children = value.values() if isinstance(value, dict) else value
            stack.extend((v, depth + 1) for v in children if isinstance(v, dict | list | tuple))
        level = level.quoted
    raise StoreError(f"post {post.id!r}: quotes nested deeper than {MAX_QUOTE_DEPTH} levels")


class PutCounts(NamedTuple):
    """How many posts a batch write changed and how many it found already stored as given."""

    written: int
    unchanged: int


def payload_digest(body: bytes) -> str:
    """Return the payload id of ``body``: base32 SHA-1, the digest the Wayback CDX uses."""
    return base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")  # noqa: S324


def _ms(value: dt.datetime) -> int:
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return int(value.timestamp() * 1000)


def _from_ms(value: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(value / 1000, tz=dt.UTC)


def _now_ms() -> int:
    return _ms(dt.datetime.now(dt.UTC))


def _richness(post: Post) -> tuple[int, int]:
    return (len(post.text), len(post.media))


def _content(post: Post) -> dict[str, Any]:
    # Everything except provenance (also the quoted post's): two copies that differ only in when
    # they were fetched are the same post, so a re-import reports them as unchanged.
    data = post.model_dump(mode="json")
    level: dict[str, Any] | None = data
    while level is not None:
        level.pop("provenance", None)
        level = level.get("quoted")
    return data


class Store:
    """The SQLite archive file. Open it once per process and share it between threads.

    ``Store(path)`` creates the parent folders and the schema when the file is new, migrates an
    older schema, and raises :class:`StoreCorruptError` or :class:`StoreVersionError` when the
    file cannot be used. Use it as a context manager or call :meth:`close`.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._pid = os.getpid()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot create the folder for the archive store {self.path}: {exc}", path=self.path
            ) from exc
        self._connect()

    # -- connection and schema -------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        try:
            # Autocommit mode: transactions are opened explicitly in _write() so that each one is
            # BEGIN IMMEDIATE (see there).
            conn = sqlite3.connect(
                self.path,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error as exc:
            raise StoreError(
                f"cannot open the archive store {self.path}: {exc}", path=self.path
            ) from exc
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._check_and_migrate(conn)
            conn.execute("PRAGMA journal_mode = WAL")
            # In WAL mode NORMAL is still crash-safe for the database; it may lose the last commits
            # on power loss, which a cache can afford.
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
        except BaseException:
            conn.close()
            raise
        self._conn = conn
        self._pid = os.getpid()
        return conn

    def _check_and_migrate(self, conn: sqlite3.Connection) -> None:
        try:
            with self._transaction(conn):
                app_id = conn.execute("PRAGMA application_id").fetchone()[0]
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                tables = conn.execute(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                ).fetchone()[0]
                if app_id == 0 and version == 0 and tables == 0:
                    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                elif app_id != APPLICATION_ID:
                    raise self._corrupt("it is an SQLite database, but not an embedarchive store")
                if version > len(MIGRATIONS):
                    raise StoreVersionError(
                        f"the archive store {self.path} has schema version {version}, newer than "
                        f"this embedarchive understands ({len(MIGRATIONS)}); upgrade embedarchive "
                        "or use another file",
                        path=self.path,
                    )
                for step in range(version, len(MIGRATIONS)):
                    logger.info("migrating %s from schema %d to %d", self.path, step, step + 1)
                    MIGRATIONS[step](conn)
                    conn.execute(f"PRAGMA user_version = {step + 1}")
        except sqlite3.DatabaseError as exc:
            raise self._translate(exc) from exc

    def _corrupt(self, why: str) -> StoreCorruptError:
        return StoreCorruptError(
            f"the archive store {self.path} cannot be read ({why}); move it aside and embedarchive "
            "will create a new one (an export made with `embedarchive cache export` can be "
            "imported again)",
            path=self.path,
        )

    def _translate(self, exc: sqlite3.Error) -> StoreError:
        message = str(exc)
        if isinstance(exc, sqlite3.OperationalError) and ("locked" in message or "busy" in message):
            return StoreError(
                f"the archive store {self.path} stayed locked by another process for "
                f"{BUSY_TIMEOUT_MS // 1000} s; try again",
                path=self.path,
            )
        if "not a database" in message or "malformed" in message or "corrupt" in message:
            return self._corrupt(message)
        return StoreError(f"archive store {self.path}: {message}", path=self.path)

    @contextlib.contextmanager
    def _transaction(self, conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
        # IMMEDIATE takes the write lock up front. A deferred transaction that reads and then
        # writes can fail with SQLITE_BUSY at once (no busy wait) when another process committed
        # in between, which is exactly the multi-process case.
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(f"the archive store {self.path} is closed", path=self.path)
        if self._pid != os.getpid():
            # A forked child must not use its parent's connection; it gets its own.
            return self._connect()
        return self._conn

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            conn = self._connection()
            try:
                with self._transaction(conn):
                    yield conn
            except sqlite3.Error as exc:
                raise self._translate(exc) from exc

    @contextlib.contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            conn = self._connection()
            try:
                yield conn
            except sqlite3.Error as exc:
                raise self._translate(exc) from exc

    # -- posts and payloads ----------------------------------------------------------------

    def put_post(self, post: Post, *, payload: Payload | None = None) -> None:
        """Store ``post`` (and the raw ``payload`` it was read from, if given).

        For a post already stored, the copy with the newer ``provenance.fetched_at`` wins, except
        that an import (``provenance.source == "import"``) never replaces a fetched post that has
        more text or more media.
        """
        self.put_posts([(post, payload)])

    def put_posts(self, items: Iterable[tuple[Post, Payload | None]]) -> PutCounts:
        """Store many posts in one transaction (the rules of :meth:`put_post` apply to each).

        A post that :func:`check_post` refuses raises :class:`StoreError` and nothing of the
        batch is written.
        """
        written = unchanged = 0
        with self._write() as conn:
            for post, payload in items:
                if self._put_one(conn, post, payload):
                    written += 1
                else:
                    unchanged += 1
        return PutCounts(written, unchanged)

    def _put_one(self, conn: sqlite3.Connection, post: Post, payload: Payload | None) -> bool:
        check_post(post)
        if payload is not None:
            payload_id = self._put_payload(conn, payload)
            provenance = post.provenance or Provenance(
                source="unknown", url=payload[0], fetched_at=dt.datetime.now(dt.UTC)
            )
            post = post.model_copy(
                update={"provenance": provenance.model_copy(update={"payload_id": payload_id})}
            )
        row = conn.execute(
            "SELECT data FROM posts WHERE platform = ? AND post_id = ?",
            (post.platform.value, post.id),
        ).fetchone()
        if row is not None:
            old = Post.model_validate_json(row[0])
            if _content(old) == _content(post) or not self._replaces(old, post):
                return False
        fetched = post.provenance.fetched_at if post.provenance else None
        conn.execute(
            "INSERT OR REPLACE INTO posts (platform, post_id, handle, created_at, source, "
            "fetched_at, payload_id, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                post.platform.value,
                post.id,
                post.author.handle.casefold() if post.author.handle else None,
                _ms(post.created_at) if post.created_at else None,
                post.provenance.source if post.provenance else None,
                _ms(fetched) if fetched else 0,
                post.provenance.payload_id if post.provenance else None,
                post.model_dump_json(),
            ),
        )
        return True

    @staticmethod
    def _replaces(old: Post, new: Post) -> bool:
        old_source = old.provenance.source if old.provenance else None
        new_source = new.provenance.source if new.provenance else None
        if new_source == "import" and old_source not in (None, "import"):
            old_rich, new_rich = _richness(old), _richness(new)
            if old_rich[0] > new_rich[0] or old_rich[1] > new_rich[1]:
                return False
        old_at = _ms(old.provenance.fetched_at) if old.provenance else 0
        new_at = _ms(new.provenance.fetched_at) if new.provenance else 0
        return new_at >= old_at

    def _put_payload(self, conn: sqlite3.Connection, payload: Payload) -> str:
        url, status, content_type, body = payload
        payload_id = payload_digest(body)
        # Content-addressed: the same bytes are kept once, with the URL they were first seen at.
        conn.execute(
            "INSERT OR IGNORE INTO payloads (id, url, status, content_type, body, size, fetched_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (payload_id, url, status, content_type, body, len(body), _now_ms()),
        )
        return payload_id

    def put_payload(self, payload: Payload) -> str:
        """Store a raw payload on its own and return its id (see :func:`payload_digest`)."""
        with self._write() as conn:
            return self._put_payload(conn, payload)

    def get_payload(self, payload_id: str) -> Payload | None:
        """Return the raw payload stored under ``payload_id``: (url, status, content type, body)."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT url, status, content_type, body FROM payloads WHERE id = ?", (payload_id,)
            ).fetchone()
        if row is None:
            return None
        return (row[0], row[1], row[2], bytes(row[3]))

    def get_post(self, platform: Platform, post_id: str) -> Post | None:
        """Return the stored post, or None."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT data FROM posts WHERE platform = ? AND post_id = ?",
                (Platform(platform).value, post_id),
            ).fetchone()
        return Post.model_validate_json(row[0]) if row else None

    def find_posts(
        self,
        platform: Platform,
        handle: str,
        earliest: dt.datetime,
        latest: dt.datetime,
        *,
        limit: int = 200,
    ) -> list[Post]:
        """Posts by ``handle`` (any case, with or without "@") created in [earliest, latest).

        Posts without a creation time are not returned. Oldest first.
        """
        with self._read() as conn:
            rows = conn.execute(
                "SELECT data FROM posts WHERE platform = ? AND handle = ? AND created_at >= ? "
                "AND created_at < ? ORDER BY created_at, post_id LIMIT ?",
                (
                    Platform(platform).value,
                    handle.lstrip("@").casefold(),
                    _ms(earliest),
                    _ms(latest),
                    limit,
                ),
            ).fetchall()
        return [Post.model_validate_json(row[0]) for row in rows]

    # -- captures --------------------------------------------------------------------------

    def put_captures(
        self, platform: Platform, post_id: str | None, captures: Iterable[Capture]
    ) -> int:
        """Store captures of a post's URL; return how many were new.

        A capture is identified by (archive, memento URL). When a capture is stored again with a
        ``post_id`` it lacked before, the id is filled in.
        """
        added = 0
        with self._write() as conn:
            for capture in captures:
                before = conn.total_changes
                conn.execute(
                    "INSERT OR IGNORE INTO captures (archive, url, original, platform, post_id, "
                    "datetime, status_code, digest, mimetype) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        capture.archive,
                        capture.url,
                        capture.original,
                        Platform(platform).value,
                        post_id,
                        _ms(capture.datetime),
                        capture.status_code,
                        capture.digest,
                        capture.mimetype,
                    ),
                )
                if conn.total_changes != before:
                    added += 1
                elif post_id is not None:
                    conn.execute(
                        "UPDATE captures SET post_id = ?, platform = ? WHERE archive = ? "
                        "AND url = ? AND post_id IS NULL",
                        (post_id, Platform(platform).value, capture.archive, capture.url),
                    )
        return added

    def get_captures(self, platform: Platform, post_id: str) -> list[Capture]:
        """Captures stored for a post, oldest first."""
        with self._read() as conn:
            rows = conn.execute(
                "SELECT archive, url, original, datetime, status_code, digest, mimetype "
                "FROM captures WHERE platform = ? AND post_id = ? ORDER BY datetime, url",
                (Platform(platform).value, post_id),
            ).fetchall()
        return [self._capture(row) for row in rows]

    @staticmethod
    def _capture(row: Any) -> Capture:
        return Capture(
            archive=row[0],
            url=row[1],
            original=row[2],
            datetime=_from_ms(row[3]),
            status_code=row[4],
            digest=row[5],
            mimetype=row[6],
        )

    # -- negative results ------------------------------------------------------------------

    def put_negative(
        self,
        platform: Platform,
        post_id: str,
        status: NegativeStatus,
        *,
        detail: str | None = None,
        ttl: dt.timedelta,
    ) -> None:
        """Remember that a post was ``"not_found"`` or ``"tombstoned"`` for ``ttl``."""
        if status not in ("not_found", "tombstoned"):
            raise StoreError(
                f"a negative result is 'not_found' or 'tombstoned', not {status!r}", path=self.path
            )
        now = _now_ms()
        with self._write() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO negatives (platform, post_id, status, detail, expires_at, "
                "recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    Platform(platform).value,
                    post_id,
                    status,
                    detail,
                    now + int(ttl.total_seconds() * 1000),
                    now,
                ),
            )

    def get_negative(self, platform: Platform, post_id: str) -> tuple[str, str | None] | None:
        """Return (status, detail) of an unexpired negative result, or None."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT status, detail FROM negatives WHERE platform = ? AND post_id = ? "
                "AND expires_at > ?",
                (Platform(platform).value, post_id, _now_ms()),
            ).fetchone()
        return (row[0], row[1]) if row else None

    # -- maintenance -----------------------------------------------------------------------

    def stats(self) -> dict[str, int | str]:
        """Counts of stored things, the file size in bytes (with its WAL), path, schema version."""
        with self._read() as conn:
            counts: dict[str, int | str] = {
                name: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
                for name, table in (
                    ("posts", "posts"),
                    ("captures", "captures"),
                    ("negatives", "negatives"),
                    ("payloads", "payloads"),
                )
            }
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        size = 0
        for suffix in ("", "-wal"):
            with contextlib.suppress(OSError):
                size += os.path.getsize(f"{self.path}{suffix}")
        counts.update(bytes=size, path=str(self.path), schema_version=version)
        return counts

    def export_jsonl(self, out: IO[str]) -> int:
        """Write every payload, post and capture to ``out`` (format in the module docstring).

        Returns the number of posts and captures written.
        """
        header = {
            "type": "embedarchive-export",
            "version": EXPORT_VERSION,
            "exported_at": dt.datetime.now(dt.UTC).isoformat(),
        }
        out.write(json.dumps(header) + "\n")
        count = 0
        with self._read() as conn:
            for pid, url, status, ctype, body in self._pages(
                conn, "SELECT id, url, status, content_type, body FROM payloads ORDER BY id"
            ):
                record = {
                    "type": "payload",
                    "id": pid,
                    "url": url,
                    "status": status,
                    "content_type": ctype,
                    "body_b64": base64.b64encode(bytes(body)).decode("ascii"),
                }
                out.write(json.dumps(record) + "\n")
            for (data,) in self._pages(conn, "SELECT data FROM posts ORDER BY platform, post_id"):
                out.write('{"type": "post", "post": ' + data + "}\n")
                count += 1
            for row in self._pages(
                conn,
                "SELECT archive, url, original, datetime, status_code, digest, mimetype, "
                "platform, post_id FROM captures ORDER BY rowid",
            ):
                capture = self._capture(row[:7])
                out.write(
                    json.dumps(
                        {
                            "type": "capture",
                            "platform": row[7],
                            "post_id": row[8],
                            "capture": capture.model_dump(mode="json"),
                        }
                    )
                    + "\n"
                )
                count += 1
        return count

    @staticmethod
    def _pages(conn: sqlite3.Connection, sql: str) -> Iterator[Any]:
        cursor = conn.execute(sql)
        while rows := cursor.fetchmany(_PAGE):
            yield from rows

    def vacuum(self) -> None:
        """Drop expired negative results and compact the file."""
        with self._write() as conn:
            conn.execute("DELETE FROM negatives WHERE expires_at <= ?", (_now_ms(),))
        with self._read() as conn:
            conn.execute("VACUUM")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        """Close the connection; further calls raise :class:`StoreError`."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"
