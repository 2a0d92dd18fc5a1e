"""The SQLite archive store: round trips, upsert rules, captures, negatives, safety."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import multiprocessing
import os
import sqlite3
import tempfile
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from embedarchive.archive import store as store_module
from embedarchive.archive.store import Store, payload_digest
from embedarchive.errors import StoreCorruptError, StoreError, StoreVersionError
from embedarchive.models import Author, Capture, Media, Platform, Post, Provenance

T0 = dt.datetime(2025, 7, 1, 10, 20, 30, tzinfo=dt.UTC)


def make_post(
    post_id: str = "1940000000000000000",
    *,
    handle: str | None = "RajnathSingh",
    text: str = "hello world",
    created_at: dt.datetime | None = T0,
    source: str = "syndication",
    fetched_at: dt.datetime = T0,
    media: tuple[Media, ...] = (),
    platform: Platform = Platform.TWITTER,
) -> Post:
    return Post(
        platform=platform,
        id=post_id,
        url=f"https://x.com/{handle or 'i'}/status/{post_id}",
        author=Author(name="Someone", handle=handle),
        created_at=created_at,
        text=text,
        media=media,
        provenance=Provenance(source=source, fetched_at=fetched_at),
    )


@pytest.fixture
def store(tmp_path: Path) -> Any:
    with Store(tmp_path / "cache" / "archive.sqlite3") as s:
        yield s


# -- opening ------------------------------------------------------------------------------------


def test_new_store_creates_folders_schema_and_wal(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "archive.sqlite3"
    with Store(path) as s:
        stats = s.stats()
        assert stats["schema_version"] == store_module.SCHEMA_VERSION == 1
        assert stats["path"] == str(path)
        assert stats["posts"] == stats["captures"] == stats["negatives"] == stats["payloads"] == 0
    assert path.is_file()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA application_id").fetchone()[0] == store_module.APPLICATION_ID
    finally:
        conn.close()


def test_reopen_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "archive.sqlite3"
    with Store(path) as s:
        s.put_post(make_post())
    with Store(path) as s:
        assert s.get_post(Platform.TWITTER, "1940000000000000000") == make_post()


def test_random_bytes_file_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "archive.sqlite3"
    path.write_bytes(os.urandom(4096))
    with pytest.raises(StoreCorruptError) as info:
        Store(path)
    assert str(path) in str(info.value)
    assert "move it aside" in str(info.value)
    assert info.value.path == path
    assert info.value.__cause__ is not None


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE songs (title TEXT)")
    conn.execute("INSERT INTO songs VALUES ('la')")
    conn.commit()
    conn.close()
    with pytest.raises(StoreCorruptError, match="not an embedarchive store"):
        Store(path)
    # refused, not modified
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT title FROM songs").fetchall() == [("la",)]
    conn.close()


def test_newer_schema_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "archive.sqlite3"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {store_module.SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreVersionError) as info:
        Store(path)
    assert str(path) in str(info.value)
    assert "upgrade embedarchive" in str(info.value)


def test_migrations_run_in_order_from_stored_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "archive.sqlite3"
    with Store(path) as s:
        s.put_post(make_post())

    applied: list[int] = []

    def to_v2(conn: sqlite3.Connection) -> None:
        applied.append(2)
        conn.execute("ALTER TABLE posts ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0")

    def to_v3(conn: sqlite3.Connection) -> None:
        applied.append(3)
        # relies on v2 having run first
        conn.execute("UPDATE posts SET pinned = 1")

    monkeypatch.setattr(store_module, "MIGRATIONS", (*store_module.MIGRATIONS, to_v2, to_v3))
    with Store(path) as s:
        assert s.stats()["schema_version"] == 3
        assert s.get_post(Platform.TWITTER, "1940000000000000000") == make_post()
    assert applied == [2, 3]
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT pinned FROM posts").fetchall() == [(1,)]
    conn.close()
    # a second open has nothing left to do
    with Store(path):
        pass
    assert applied == [2, 3]


def test_failed_migration_rolls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "archive.sqlite3"
    Store(path).close()

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x INTEGER)")
        conn.execute("THIS IS NOT SQL")

    monkeypatch.setattr(store_module, "MIGRATIONS", (*store_module.MIGRATIONS, broken))
    with pytest.raises(StoreError):
        Store(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "half_done" not in names
    conn.close()


def test_closed_store_raises(tmp_path: Path) -> None:
    s = Store(tmp_path / "a.sqlite3")
    s.close()
    s.close()  # idempotent
    with pytest.raises(StoreError, match="closed"):
        s.get_post(Platform.TWITTER, "1")


# -- posts --------------------------------------------------------------------------------------


def test_get_missing_post_is_none(store: Store) -> None:
    assert store.get_post(Platform.TWITTER, "404") is None


def test_payload_is_stored_and_linked(store: Store) -> None:
    body = b'{"id_str": "1940000000000000000"}'
    url = "https://cdn.syndication.twimg.com/tweet-result?id=1940000000000000000"
    store.put_post(make_post(), payload=(url, 200, "application/json", body))
    post = store.get_post(Platform.TWITTER, "1940000000000000000")
    assert post is not None
    assert post.provenance is not None
    expected_id = base64.b32encode(hashlib.sha1(body).digest()).decode()
    assert post.provenance.payload_id == expected_id == payload_digest(body)
    assert store.get_payload(expected_id) == (url, 200, "application/json", body)
    assert store.get_payload("NOPE") is None
    assert store.stats()["payloads"] == 1


def test_payload_without_provenance_gets_one(store: Store) -> None:
    bare = make_post().model_copy(update={"provenance": None})
    store.put_post(bare, payload=("https://example.org/x", 200, "text/html", b"<p>x</p>"))
    post = store.get_post(Platform.TWITTER, bare.id)
    assert post is not None
    assert post.provenance is not None
    assert post.provenance.url == "https://example.org/x"
    assert post.provenance.payload_id == payload_digest(b"<p>x</p>")


def test_newer_fetch_wins_older_does_not(store: Store) -> None:
    store.put_post(make_post(text="v2", fetched_at=T0 + dt.timedelta(days=1)))
    store.put_post(make_post(text="v1 older", fetched_at=T0))
    got = store.get_post(Platform.TWITTER, "1940000000000000000")
    assert got is not None
    assert got.text == "v2"
    store.put_post(make_post(text="v3", fetched_at=T0 + dt.timedelta(days=2)))
    got = store.get_post(Platform.TWITTER, "1940000000000000000")
    assert got is not None
    assert got.text == "v3"


def test_import_never_replaces_richer_fetched_post(store: Store) -> None:
    photo = Media(url="https://pbs.twimg.com/media/a.jpg")
    store.put_post(make_post(text="the full long text", media=(photo,), source="syndication"))
    later = T0 + dt.timedelta(days=30)
    store.put_post(make_post(text="the full…", source="import", fetched_at=later))
    store.put_post(make_post(text="the full long text", source="import", fetched_at=later))
    got = store.get_post(Platform.TWITTER, "1940000000000000000")
    assert got is not None
    assert got.provenance is not None
    assert got.provenance.source == "syndication"
    assert got.media == (photo,)
    # an import that is at least as rich does replace it
    richer = make_post(
        text="the full long text!", media=(photo,), source="import", fetched_at=later
    )
    store.put_post(richer)
    assert store.get_post(Platform.TWITTER, "1940000000000000000") == richer


def test_put_posts_counts_unchanged(store: Store) -> None:
    posts = [make_post(str(1000 + i), text=f"post {i}") for i in range(5)]
    assert store.put_posts((p, None) for p in posts) == (5, 0)
    # same content fetched again later: unchanged, and the stored copy is kept as it was
    later = Provenance(source="syndication", fetched_at=T0 + dt.timedelta(days=1))
    refetched = [p.model_copy(update={"provenance": later}) for p in posts]
    assert store.put_posts((p, None) for p in refetched) == (0, 5)
    assert store.get_post(Platform.TWITTER, "1000") == posts[0]


def test_find_posts_by_handle_and_window(store: Store) -> None:
    day = dt.timedelta(days=1)
    store.put_posts(
        [
            (make_post("1", handle="RajnathSingh", created_at=T0 - day), None),
            (make_post("2", handle="rajnathsingh", created_at=T0), None),
            (make_post("3", handle="RAJNATHSINGH", created_at=T0 + dt.timedelta(hours=5)), None),
            (make_post("4", handle="RajnathSingh", created_at=T0 + day), None),
            (make_post("5", handle="someoneelse", created_at=T0), None),
            (make_post("6", handle="RajnathSingh", created_at=None), None),
            (make_post("7", handle="RajnathSingh", platform=Platform.BLUESKY), None),
        ]
    )
    found = store.find_posts(Platform.TWITTER, "@RajnathSingh", T0, T0 + day)
    assert [p.id for p in found] == ["2", "3"]  # latest is exclusive, oldest first
    assert [
        p.id for p in store.find_posts(Platform.TWITTER, "rajnathsingh", T0, T0 + day, limit=1)
    ] == ["2"]
    wide = store.find_posts(Platform.TWITTER, "RAJNATHsingh", T0 - 2 * day, T0 + 2 * day)
    assert [p.id for p in wide] == ["1", "2", "3", "4"]
    assert store.find_posts(Platform.TWITTER, "nobody", T0 - day, T0 + day) == []


def test_too_deep_entities_are_refused_whole_batch(store: Store) -> None:
    deep: Any = []
    for _ in range(store_module.MAX_ENTITY_DEPTH + 1):
        deep = [deep]
    bad = make_post("2").model_copy(update={"entities": {"x": deep}})
    with pytest.raises(StoreError, match="nested deeper"):
        store.put_posts([(make_post("1"), None), (bad, None)])
    assert store.stats()["posts"] == 0  # the batch is one transaction
    quoted = make_post("3")
    for i in range(store_module.MAX_QUOTE_DEPTH + 1):
        quoted = make_post(f"q{i}").model_copy(update={"quoted": quoted})
    with pytest.raises(StoreError, match="quotes nested"):
        store.put_post(quoted)


def test_naive_datetimes_are_taken_as_utc(store: Store) -> None:
    naive = T0.replace(tzinfo=None)
    store.put_post(make_post("9", created_at=naive))
    assert [
        p.id for p in store.find_posts(Platform.TWITTER, "rajnathsingh", T0, T0 + dt.timedelta(1))
    ] == ["9"]


# -- captures -----------------------------------------------------------------------------------


def capture(ts: str, *, archive: str = "wayback", status: int | None = 200) -> Capture:
    original = "https://twitter.com/RajnathSingh/status/1940000000000000000"
    return Capture(
        archive=archive,
        url=f"https://web.archive.org/web/{ts}/{original}",
        original=original,
        datetime=dt.datetime.strptime(ts, "%Y%m%d%H%M%S").replace(tzinfo=dt.UTC),
        status_code=status,
        digest="3KQVYC56SMX4LL6QGQEZZGXMOVNZR2XX",
        mimetype="text/html",
    )


def test_captures_dedupe_and_order(store: Store) -> None:
    late, early = capture("20250702000000"), capture("20250701120000", status=None)
    assert store.put_captures(Platform.TWITTER, "1940000000000000000", [late, early]) == 2
    assert store.put_captures(Platform.TWITTER, "1940000000000000000", [early]) == 0
    assert store.get_captures(Platform.TWITTER, "1940000000000000000") == [early, late]
    assert store.get_captures(Platform.TWITTER, "1") == []
    assert store.stats()["captures"] == 2


def test_capture_without_post_id_gets_it_later(store: Store) -> None:
    c = capture("20250703000000")
    assert store.put_captures(Platform.TWITTER, None, [c]) == 1
    assert store.get_captures(Platform.TWITTER, "1940000000000000000") == []
    assert store.put_captures(Platform.TWITTER, "1940000000000000000", [c]) == 0
    assert store.get_captures(Platform.TWITTER, "1940000000000000000") == [c]


# -- negatives ----------------------------------------------------------------------------------


def test_negative_results_expire(store: Store) -> None:
    store.put_negative(
        Platform.TWITTER, "1", "tombstoned", detail="TweetTombstone", ttl=dt.timedelta(days=1)
    )
    store.put_negative(Platform.TWITTER, "2", "not_found", ttl=dt.timedelta(seconds=-1))
    assert store.get_negative(Platform.TWITTER, "1") == ("tombstoned", "TweetTombstone")
    assert store.get_negative(Platform.TWITTER, "2") is None
    assert store.get_negative(Platform.BLUESKY, "1") is None
    assert store.stats()["negatives"] == 2
    store.vacuum()
    assert store.stats()["negatives"] == 1
    assert store.get_negative(Platform.TWITTER, "1") == ("tombstoned", "TweetTombstone")


def test_negative_status_is_checked(store: Store) -> None:
    with pytest.raises(StoreError, match="not_found"):
        store.put_negative(Platform.TWITTER, "1", "gone", ttl=dt.timedelta(days=1))  # type: ignore[arg-type]


# -- export -------------------------------------------------------------------------------------


def test_export_jsonl_lines(store: Store) -> None:
    store.put_post(
        make_post("1"), payload=("https://a.example/1", 200, "application/json", b"\x00\xffraw")
    )
    store.put_post(make_post("2", handle=None))
    store.put_captures(Platform.TWITTER, "1", [capture("20250701120000")])
    store.put_captures(Platform.TWITTER, None, [capture("20250702120000")])
    out = io.StringIO()
    assert store.export_jsonl(out) == 4
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert records[0]["type"] == "embedarchive-export"
    assert [r["type"] for r in records[1:]] == ["payload", "post", "post", "capture", "capture"]
    assert base64.b64decode(records[1]["body_b64"]) == b"\x00\xffraw"
    assert Post.model_validate(records[2]["post"]) == store.get_post(Platform.TWITTER, "1")
    assert records[4]["post_id"] == "1"
    assert records[5]["post_id"] is None
    assert Capture.model_validate(records[4]["capture"]) == capture("20250701120000")


def test_vacuum_keeps_data(store: Store) -> None:
    store.put_posts((make_post(str(i), text="x" * 500), None) for i in range(200))
    store.vacuum()
    assert store.stats()["posts"] == 200
    assert store.get_post(Platform.TWITTER, "199") == make_post("199", text="x" * 500)


# -- concurrency --------------------------------------------------------------------------------


def _writer(path: str, worker: int, count: int) -> None:
    with Store(path) as s:
        for i in range(count):
            s.put_post(make_post(f"{worker}{i:06d}", text=f"w{worker} n{i}"))
            if i % 50 == 0:
                s.put_captures(
                    Platform.TWITTER, f"{worker}{i:06d}", [capture(f"2025070{worker + 1}{i:06d}")]
                )


def _inherited_writer(s: Store, worker: int, count: int) -> None:
    for i in range(count):
        s.put_post(make_post(f"9{worker}{i:06d}"))


def test_several_processes_write_one_file(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    Store(path).close()
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_writer, args=(str(path), w, 200)) for w in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0, 0, 0]
    with Store(path) as s:
        assert s.stats()["posts"] == 800
        assert s.stats()["captures"] == 16
        for w in range(4):
            for i in (0, 199):
                got = s.get_post(Platform.TWITTER, f"{w}{i:06d}")
                assert got is not None
                assert got.text == f"w{w} n{i}"


def test_forked_child_reconnects(tmp_path: Path) -> None:
    s = Store(tmp_path / "inherit.sqlite3")
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_inherited_writer, args=(s, w, 50)) for w in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0]
    s.put_post(make_post("1"))
    assert s.stats()["posts"] == 101
    s.close()


def test_threads_share_one_store(store: Store) -> None:
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            for i in range(50):
                store.put_post(make_post(f"{worker}{i:04d}"))
                assert store.get_post(Platform.TWITTER, f"{worker}{i:04d}") is not None
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.stats()["posts"] == 400


# -- property: any post round-trips -------------------------------------------------------------

_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
_times = st.datetimes(
    min_value=dt.datetime(1990, 1, 1),
    max_value=dt.datetime(2100, 1, 1),
    timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=5, minutes=30))]),
)
_media = st.builds(
    Media,
    kind=st.sampled_from(["photo", "video", "animated_gif", "other"]),
    url=st.text(min_size=1, max_size=40),
    preview_url=st.none() | st.text(max_size=40),
    alt_text=st.none() | st.text(max_size=40),
    width=st.none() | st.integers(0, 10_000),
    height=st.none() | st.integers(0, 10_000),
)


def _posts(depth: int = 1) -> st.SearchStrategy[Post]:
    return st.builds(
        Post,
        platform=st.sampled_from(list(Platform)),
        id=st.text(min_size=1, max_size=25),
        url=st.text(max_size=60),
        author=st.builds(
            Author,
            name=st.none() | st.text(max_size=20),
            handle=st.none() | st.text(max_size=20),
            id=st.none() | st.text(max_size=20),
        ),
        created_at=st.none() | _times,
        text=st.text(max_size=300),
        lang=st.none() | st.text(max_size=5),
        media=st.lists(_media, max_size=3).map(tuple),
        links=st.lists(st.text(max_size=30), max_size=3).map(tuple),
        entities=st.dictionaries(st.text(max_size=10), _json, max_size=4),
        quoted=st.none() | _posts(depth - 1) if depth > 0 else st.none(),
        in_reply_to=st.none() | st.text(max_size=20),
        in_reply_to_handle=st.none() | st.text(max_size=20),
        provenance=st.none()
        | st.builds(
            Provenance,
            source=st.text(max_size=10),
            url=st.none() | st.text(max_size=30),
            fetched_at=_times,
            payload_id=st.none() | st.text(max_size=10),
        ),
    )


@settings(max_examples=100, deadline=None)
@given(post=_posts())
def test_any_post_round_trips(post: Post) -> None:
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "p.sqlite3") as s:
        s.put_post(post)
        assert s.get_post(post.platform, post.id) == post
        # written again unchanged, it stays the same
        assert s.put_posts([(post, None)]) == (0, 1)
        assert s.get_post(post.platform, post.id) == post
