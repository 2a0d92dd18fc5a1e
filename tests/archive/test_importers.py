"""Importing Twitter/X exports, twarc/v2 JSONL, v1.1 JSON and our own export into the store."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.shared import shared_path

from embedarchive.archive import importers
from embedarchive.archive.importers import ImportReport, import_path
from embedarchive.archive.store import Store
from embedarchive.errors import ImportFormatError
from embedarchive.models import Capture, Media, Platform, Post, Provenance

DATA = Path(__file__).resolve().parent.parent / "data" / "imports"
EXPORT = DATA / "twitter-export"
RAJ_LONG = "1940700792222650514"
RAJ_PHOTO = "1939836341973946514"
DESK_LIVE = "1939992500106170514"
DESK_PHOTO = "1940018798392250514"
DESK_REPLY = "1940319534183354514"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "archive.sqlite3") as s:
        yield s


def get(store: Store, post_id: str) -> Post:
    post = store.get_post(Platform.TWITTER, post_id)
    assert post is not None, post_id
    return post


def content(post: Post) -> dict[str, Any]:
    data = post.model_dump(mode="json", exclude={"provenance"})
    if data["quoted"]:
        data["quoted"].pop("provenance")
    return data


def snowflake_time(post_id: str) -> dt.datetime:
    return dt.datetime.fromtimestamp(((int(post_id) >> 22) + 1288834974657) / 1000, tz=dt.UTC)


# -- Twitter/X data export ----------------------------------------------------------------------


def test_export_folder(store: Store) -> None:
    report = import_path(store, EXPORT)
    assert report == ImportReport(path=str(EXPORT), format="twitter-export", imported=3)

    live = get(store, DESK_LIVE)
    assert live.url == f"https://x.com/ExampleNewsDesk/status/{DESK_LIVE}"
    assert (live.author.name, live.author.handle, live.author.id) == (
        "Example News Desk",
        "ExampleNewsDesk",
        "1234567890123456789",
    )
    assert live.created_at == dt.datetime(2025, 7, 1, 10, 20, 30, tzinfo=dt.UTC)
    assert live.created_at == snowflake_time(DESK_LIVE)
    # text as the platform had it (t.co kept), expanded links and entities beside it
    assert live.text.endswith("Read: https://t.co/Ab12Cd34Ef")
    assert live.links == ("https://example.org/news/2025/07/01/monsoon-report",)
    assert live.entities["hashtags"][0]["text"] == "monsoon"
    assert live.lang == "en"

    photo = get(store, DESK_PHOTO)
    assert photo.lang == "hi"
    assert photo.text.startswith("पुणे में भारी बारिश")
    assert photo.links == ()
    assert [m.kind for m in photo.media] == ["photo", "video"]
    assert photo.media[0] == Media(
        kind="photo",
        url="https://pbs.twimg.com/media/GuAbCdEfGhIjKlM.jpg",
        width=2048,
        height=1365,
    )
    assert photo.media[1].url.endswith("/1280x720/HiGh.mp4?tag=12")  # highest bitrate mp4
    assert photo.media[1].preview_url is not None
    assert photo.media[1].preview_url.endswith("QwErTy.jpg")

    reply = get(store, DESK_REPLY)
    assert reply.in_reply_to == RAJ_PHOTO
    assert reply.in_reply_to_handle == "rajnathsingh"
    assert reply.text == "@rajnathsingh Thank you, we have updated the report & the map."


def test_export_keeps_raw_record_as_payload(store: Store) -> None:
    import_path(store, EXPORT)
    post = get(store, DESK_REPLY)
    assert post.provenance is not None
    assert post.provenance.source == "import"
    assert post.provenance.url == str(EXPORT / "data" / "tweets-part1.js")
    assert post.provenance.payload_id is not None
    payload = store.get_payload(post.provenance.payload_id)
    assert payload is not None
    url, status, content_type, body = payload
    assert (url, status, content_type) == (post.provenance.url, 0, "application/json")
    raw = json.loads(body)
    assert raw["tweet"]["id_str"] == DESK_REPLY
    assert raw["tweet"]["favorite_count"] == "2"


def _zip_export(tmp_path: Path, *, top: str = "twitter-2025-07-04-abc123/") -> Path:
    target = tmp_path / "twitter-export.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for file in sorted(EXPORT.rglob("*")):
            if file.is_file():
                zf.write(file, top + file.relative_to(EXPORT).as_posix())
        zf.writestr(top + "data/like.js", "window.YTD.like.part0 = [ ]")
        zf.writestr(top + "Your archive.html", "<html></html>")
    return target


def test_export_zip_equals_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = _zip_export(tmp_path)

    def no_extract(*args: object, **kwargs: object) -> None:
        raise AssertionError("the zip must be streamed, not extracted")

    monkeypatch.setattr(zipfile.ZipFile, "extract", no_extract)
    monkeypatch.setattr(zipfile.ZipFile, "extractall", no_extract)
    with Store(tmp_path / "zip.sqlite3") as from_zip, Store(tmp_path / "dir.sqlite3") as from_dir:
        report = import_path(from_zip, archive)
        assert (report.format, report.imported, report.skipped, report.errors) == (
            "twitter-export",
            3,
            0,
            (),
        )
        import_path(from_dir, EXPORT)
        for pid in (DESK_LIVE, DESK_PHOTO, DESK_REPLY):
            assert content(get(from_zip, pid)) == content(get(from_dir, pid))
        provenance = get(from_zip, DESK_REPLY).provenance
        assert provenance is not None
        assert provenance.url is not None
        assert provenance.url.endswith(
            "twitter-export.zip!/twitter-2025-07-04-abc123/data/tweets-part1.js"
        )


def test_single_tweets_js_finds_account_beside_it(store: Store) -> None:
    report = import_path(store, EXPORT / "data" / "tweets.js")
    assert (report.imported, report.notes) == (2, ())
    assert get(store, DESK_LIVE).author.handle == "ExampleNewsDesk"
    assert store.get_post(Platform.TWITTER, DESK_REPLY) is None  # part1 not asked for


def test_export_without_account_imports_without_handle(store: Store) -> None:
    report = import_path(store, DATA / "twitter-export-2019")
    assert report.imported == 1
    assert any("account.js" in note for note in report.notes)
    post = get(store, "1194821747602362514")
    assert post.author.handle is None
    assert post.url == "https://x.com/i/status/1194821747602362514"
    # old header window.YTD.tweet.part0 with items not wrapped in {"tweet": ...}
    assert post.text == "Polling stations open at 7 am today."
    assert post.created_at == snowflake_time(post.id)


def test_export_parts_in_order_and_drifted_names(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "export" / "data"
    folder.mkdir(parents=True)
    shutil.copy(EXPORT / "data" / "account.js", folder)
    shutil.copy(EXPORT / "data" / "tweets.js", folder / "tweets-part2.js")
    shutil.copy(EXPORT / "data" / "tweets-part1.js", folder / "tweets-part10.js")
    (folder / "deleted-tweets.js").write_text("window.YTD.deleted_tweets.part0 = [ ]")
    report = import_path(store, tmp_path / "export")
    assert report.imported == 3
    assert store.stats()["posts"] == 3


def test_truncated_export_keeps_what_came_before(tmp_path: Path, store: Store) -> None:
    text = (EXPORT / "data" / "tweets.js").read_text()
    cut = tmp_path / "tweets.js"
    cut.write_text(text[: text.index('"id_str" : "1940018798392250514"')])
    report = import_path(store, cut)
    assert report.imported == 1
    assert report.skipped == 1
    assert "record 2" in report.errors[0]
    assert get(store, DESK_LIVE).author.handle is None  # no account.js beside it


# -- twarc / API v2 -----------------------------------------------------------------------------


def test_twarc_v2_pages(store: Store) -> None:
    report = import_path(store, DATA / "twarc_v2_pages.jsonl")
    assert (report.format, report.imported, report.skipped) == ("twitter-v2", 4, 0)

    long_post = get(store, RAJ_LONG)
    assert long_post.author.handle == "rajnathsingh"
    # note_tweet holds the full text; `text` was cut with "…"
    assert not long_post.text.endswith("…")
    assert len(long_post.text) > 280
    assert long_post.links == ("https://example.gov.in/relief",)
    assert long_post.quoted is not None
    assert long_post.quoted.id == DESK_LIVE
    assert long_post.quoted.author.handle == "ExampleNewsDesk"
    # the quoted tweet from includes.tweets is a post of its own too
    assert content(get(store, DESK_LIVE)) == content(long_post.quoted)

    photo = get(store, RAJ_PHOTO)
    assert photo.created_at == dt.datetime(2025, 6, 30, 23, 59, 59, tzinfo=dt.UTC)
    assert photo.links == ()  # the only url entity is the photo's
    assert photo.media == (
        Media(
            kind="photo",
            url="https://pbs.twimg.com/media/GuXyZaBcDeFgHiJ.jpg",
            alt_text="Officers at a briefing table",
            width=1600,
            height=1066,
        ),
    )

    reply = get(store, DESK_REPLY)  # a page whose `data` is one object
    assert (reply.in_reply_to, reply.in_reply_to_handle) == (RAJ_PHOTO, "rajnathsingh")
    assert reply.text == "@rajnathsingh Thank you, we have updated the report & the map."


def test_twarc_flattened_equals_pages(tmp_path: Path) -> None:
    with Store(tmp_path / "a.sqlite3") as pages, Store(tmp_path / "b.sqlite3") as flat:
        import_path(pages, DATA / "twarc_v2_pages.jsonl")
        report = import_path(flat, DATA / "twarc_v2_flat.jsonl")
        assert (report.format, report.imported, report.skipped) == ("twitter-v2", 4, 0)
        for pid in (RAJ_LONG, RAJ_PHOTO, DESK_LIVE, DESK_REPLY):
            assert content(get(flat, pid)) == content(get(pages, pid))


def test_v2_capture_from_shared_fixture(tmp_path: Path, store: Store) -> None:
    wrapper = json.loads(
        shared_path(
            "fixtures",
            "archives",
            "archivindex-wbm",
            "AAECAEPAY73XXBBONESVJ5TTEPSONRD3.wrapper.json",
        ).read_text()
    )
    page = tmp_path / "page.json"
    page.write_text(json.dumps(wrapper["content"], indent=2))  # pretty-printed, not JSONL
    report = import_path(store, page)
    ids = {wrapper["content"]["data"]["id"]}
    ids.update(t["id"] for t in wrapper["content"]["includes"].get("tweets", []))
    assert (report.format, report.imported) == ("twitter-v2", len(ids))
    post = get(store, wrapper["content"]["data"]["id"])
    # the author is not in includes.users (the URL's handle is the replied-to account)
    assert post.author.handle is None
    assert post.author.id == wrapper["content"]["data"]["author_id"]
    assert post.in_reply_to_handle == "JesseBWatters"
    assert post.text == wrapper["content"]["data"]["text"]  # empty note_tweet: keep `text`
    assert post.created_at == snowflake_time(post.id).replace(microsecond=0)


def test_v2_page_with_a_bad_tweet_keeps_the_others(tmp_path: Path, store: Store) -> None:
    page = json.loads((DATA / "twarc_v2_pages.jsonl").read_text().splitlines()[0])
    page["data"].append({"id": "x1", "text": "no numeric id"})
    page["data"].append({"id": "1940700792222650999", "text": "bad time", "created_at": "soon"})
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(page) + "\n")
    report = import_path(store, path)
    assert report.imported == 3  # two data tweets and the quoted one from includes
    assert report.skipped == 2
    assert all("record 1" in e for e in report.errors)


# -- API v1.1 -----------------------------------------------------------------------------------


def test_v1_single_pretty_object(store: Store) -> None:
    report = import_path(store, DATA / "v1_single.json")
    assert (report.format, report.imported) == ("twitter-v1.1", 2)
    post = get(store, RAJ_LONG)
    source = json.loads((DATA / "v1_single.json").read_text())
    assert post.text == source["extended_tweet"]["full_text"]
    assert post.links == ("https://example.gov.in/relief",)
    assert post.author.handle == "rajnathsingh"
    assert post.quoted is not None
    assert post.quoted.id == DESK_LIVE
    assert get(store, DESK_LIVE).author.handle == "ExampleNewsDesk"


def test_v1_list_with_retweet(store: Store) -> None:
    report = import_path(store, DATA / "v1_list.json")
    assert (report.format, report.imported) == ("twitter-v1.1", 3)
    retweet = get(store, "1940025090000000000")
    assert retweet.text.startswith("RT @ExampleNewsDesk:")
    original = get(store, DESK_LIVE)  # the retweeted post is stored in its own right
    assert original.author.handle == "ExampleNewsDesk"
    assert original.text.startswith("Our live coverage")


def test_v1_jsonl_malformed_records_are_reported(store: Store) -> None:
    report = import_path(store, DATA / "v1_malformed.jsonl")
    assert report.imported == 3
    assert report.skipped == 4
    numbers = [e.split(": record ")[1].split(":")[0] for e in report.errors]
    assert numbers == ["2", "3", "5", "6"]
    assert "invalid JSON" in report.errors[0]
    assert "tweet id" in report.errors[1]
    assert "created_at" in report.errors[2]


def test_errors_are_capped(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "many.jsonl"
    good = (DATA / "v1_malformed.jsonl").read_text().splitlines()[0]
    path.write_text("\n".join([good] + ["{broken"] * 50) + "\n")
    report = import_path(store, path)
    assert report.skipped == 50
    assert len(report.errors) == importers.MAX_ERRORS


@pytest.mark.parametrize(
    ("name", "expected_id", "handle"),
    [
        (("cancel-culture", "890659426796945408.json"), "890659426796945408", "DrupalLeaks"),
        (("archivindex-wbm", "52X5DKJPYNC46EOKDXZFLI77RGAGPZH7.json"), None, None),
    ],
)
def test_v1_real_captures(
    store: Store, name: tuple[str, str], expected_id: str | None, handle: str | None
) -> None:
    path = shared_path("fixtures", "archives", *name)
    raw = json.loads(path.read_text())
    report = import_path(store, path)
    assert (report.format, report.imported, report.skipped) == ("twitter-v1.1", 1, 0)
    post = get(store, raw["id_str"])
    if expected_id:
        assert post.id == expected_id
    assert post.author.handle == (handle or raw["user"]["screen_name"])
    assert post.text == raw["text"]
    assert post.in_reply_to == raw["in_reply_to_status_id_str"]
    assert post.created_at == dt.datetime.fromtimestamp(int(raw["timestamp_ms"]) / 1000, tz=dt.UTC)


# -- idempotence, round trip ----------------------------------------------------------------------

ALL_INPUTS = [
    "twitter-export",
    "twitter-export-2019",
    "twitter-export/data/tweets.js",
    "twarc_v2_pages.jsonl",
    "twarc_v2_flat.jsonl",
    "v1_single.json",
    "v1_list.json",
    "v1_malformed.jsonl",
]


@pytest.mark.parametrize("name", ALL_INPUTS)
def test_importing_twice_changes_nothing(store: Store, name: str) -> None:
    first = import_path(store, DATA / name)
    before = io.StringIO()
    store.export_jsonl(before)
    second = import_path(store, DATA / name)
    assert first.imported > 0
    assert (second.imported, second.unchanged) == (0, first.imported + first.unchanged)
    assert second.skipped == first.skipped
    after = io.StringIO()
    store.export_jsonl(after)
    assert before.getvalue().splitlines()[1:] == after.getvalue().splitlines()[1:]


def test_zip_imported_twice_changes_nothing(tmp_path: Path, store: Store) -> None:
    archive = _zip_export(tmp_path)
    assert import_path(store, archive).imported == 3
    again = import_path(store, archive)
    assert (again.imported, again.unchanged) == (0, 3)


def _filled_store(path: Path) -> Store:
    s = Store(path)
    for name in ALL_INPUTS:
        import_path(s, DATA / name)
    fetched = Post(
        platform=Platform.BLUESKY,
        id="3kabc",
        url="https://bsky.app/profile/a.example/post/3kabc",
        text="from another source",
        provenance=Provenance(
            source="syndication", fetched_at=dt.datetime(2025, 7, 5, tzinfo=dt.UTC)
        ),
    )
    s.put_post(
        fetched, payload=("https://public.api.bsky.app/x", 200, "application/json", b"\x00{}")
    )
    original = f"https://twitter.com/rajnathsingh/status/{RAJ_PHOTO}"
    s.put_captures(
        Platform.TWITTER,
        RAJ_PHOTO,
        [
            Capture(
                archive="wayback",
                url=f"https://web.archive.org/web/20250701000000/{original}",
                original=original,
                datetime=dt.datetime(2025, 7, 1, tzinfo=dt.UTC),
                status_code=200,
                digest="3KQVYC56SMX4LL6QGQEZZGXMOVNZR2XX",
                mimetype="application/json",
            )
        ],
    )
    s.put_captures(
        Platform.TWITTER,
        None,
        [
            Capture(
                archive="archive.today",
                url="https://archive.ph/abcde",
                original=original,
                datetime=dt.datetime(2025, 7, 2, tzinfo=dt.UTC),
            )
        ],
    )
    return s


def test_export_then_import_into_new_store(tmp_path: Path) -> None:
    with _filled_store(tmp_path / "a.sqlite3") as a, Store(tmp_path / "b.sqlite3") as b:
        exported = tmp_path / "export.jsonl"
        with exported.open("w") as out:
            count = a.export_jsonl(out)
        report = import_path(b, exported)
        stats_a, stats_b = a.stats(), b.stats()
        assert report.format == "embedarchive-jsonl"
        assert (report.imported, report.skipped) == (count, 0)
        for key in ("posts", "captures", "payloads"):
            assert stats_a[key] == stats_b[key]
        out_a, out_b = io.StringIO(), io.StringIO()
        a.export_jsonl(out_a)
        b.export_jsonl(out_b)
        assert out_a.getvalue().splitlines()[1:] == out_b.getvalue().splitlines()[1:]
        for line in out_a.getvalue().splitlines()[1:]:
            record = json.loads(line)
            if record["type"] == "post":
                post = Post.model_validate(record["post"])
                assert b.get_post(post.platform, post.id) == post
                if post.provenance and post.provenance.payload_id:
                    assert b.get_payload(post.provenance.payload_id) == a.get_payload(
                        post.provenance.payload_id
                    )
        assert b.get_captures(Platform.TWITTER, RAJ_PHOTO) == a.get_captures(
            Platform.TWITTER, RAJ_PHOTO
        )
        again = import_path(b, exported)
        assert (again.imported, again.unchanged) == (0, count)


def test_import_does_not_replace_a_richer_fetched_post(store: Store) -> None:
    full = get_full_fetched()
    store.put_post(full)
    import_path(store, DATA / "twarc_v2_pages.jsonl")
    assert get(store, RAJ_PHOTO) == full


def get_full_fetched() -> Post:
    return Post(
        platform=Platform.TWITTER,
        id=RAJ_PHOTO,
        url=f"https://x.com/rajnathsingh/status/{RAJ_PHOTO}",
        text="Reviewed the preparedness of the armed forces for monsoon relief, with more text.",
        media=(Media(url="https://pbs.twimg.com/a.jpg"), Media(url="https://pbs.twimg.com/b.jpg")),
        provenance=Provenance(
            source="syndication", fetched_at=dt.datetime(2025, 7, 1, tzinfo=dt.UTC)
        ),
    )


def test_gzipped_jsonl(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "tweets.jsonl.gz"
    path.write_bytes(gzip.compress((DATA / "twarc_v2_flat.jsonl").read_bytes()))
    assert import_path(store, path).imported == 4


# -- unknown formats ---------------------------------------------------------------------------


def _bad_inputs(tmp_path: Path) -> dict[str, Path]:
    empty_dir = tmp_path / "empty"
    empty_dir.mkdir()
    not_export = tmp_path / "photos.zip"
    with zipfile.ZipFile(not_export, "w") as zf:
        zf.writestr("a.txt", "hello")
    broken_zip = tmp_path / "broken.zip"
    broken_zip.write_bytes(_zip_export(tmp_path).read_bytes()[:-60])
    (tmp_path / "empty.json").write_text("  \n")
    (tmp_path / "garbage.bin").write_bytes(bytes(range(256)) * 4)
    return {
        "text": DATA / "notes.txt",
        "json": DATA / "unknown.json",
        "account": EXPORT / "data" / "account.js",
        "empty dir": empty_dir,
        "zip": not_export,
        "broken zip": broken_zip,
        "empty": tmp_path / "empty.json",
        "garbage": tmp_path / "garbage.bin",
        "missing": tmp_path / "nope.jsonl",
    }


def test_unknown_formats_raise_with_path(tmp_path: Path, store: Store) -> None:
    for name, path in _bad_inputs(tmp_path).items():
        with pytest.raises(ImportFormatError) as info:
            import_path(store, path)
        assert info.value.path is not None, name
        assert str(path.name) in str(info.value), name
    assert store.stats()["posts"] == 0


# -- streaming ---------------------------------------------------------------------------------


def _post_contents(s: Store) -> list[dict[str, Any]]:
    out = io.StringIO()
    s.export_jsonl(out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    return [content(Post.model_validate(r["post"])) for r in records if r["type"] == "post"]


@pytest.mark.parametrize(
    "name",
    [
        "twitter-export",
        "v1_list.json",
        "v1_single.json",
        "twarc_v2_pages.jsonl",
        "v1_malformed.jsonl",
    ],
)
def test_tiny_chunks_read_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    with Store(tmp_path / "a.sqlite3") as normal, Store(tmp_path / "b.sqlite3") as tiny:
        expected = import_path(normal, DATA / name)
        monkeypatch.setattr(importers, "_CHUNK", 7)
        monkeypatch.setattr(importers, "_SNIFF", 64)
        got = import_path(tiny, DATA / name)
        assert (got.imported, got.skipped, got.format) == (
            expected.imported,
            expected.skipped,
            expected.format,
        )
        assert _post_contents(tiny) == _post_contents(normal)


def test_large_jsonl_is_streamed(tmp_path: Path, store: Store) -> None:
    template = json.loads((DATA / "v1_list.json").read_text())[1]
    path = tmp_path / "big.jsonl"
    base = int(DESK_REPLY)
    with path.open("w") as out:
        for i in range(5000):
            out.write(
                json.dumps({**template, "id_str": str(base + (i << 22)), "id": base + (i << 22)})
                + "\n"
            )
    report = import_path(store, path)
    assert (report.imported, report.skipped) == (5000, 0)
    assert store.stats()["posts"] == 5000


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=15,
)


@settings(max_examples=150, deadline=None)
@given(
    items=st.lists(json_values, max_size=8),
    chunk=st.integers(1, 64),
    indent=st.sampled_from([None, 1]),
)
def test_streamed_array_equals_json_loads(items: list[Any], chunk: int, indent: int | None) -> None:
    text = json.dumps(items, indent=indent)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(importers, "_CHUNK", chunk)
        got = [v for _, v in importers._iter_values(io.StringIO(text), array=True)]
    assert got == items


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.one_of(
        st.binary(max_size=300),
        st.text(max_size=300).map(str.encode),
        st.lists(json_values, max_size=4).map(lambda v: "\n".join(map(json.dumps, v)).encode()),
        st.text(max_size=200).map(lambda t: ("window.YTD.tweets.part0 = [" + t).encode()),
        st.text(max_size=200).map(lambda t: ('{"id_str": "1", "full_text": ' + t).encode()),
    )
)
def test_any_input_imports_or_raises_format_error(
    tmp_path: Path, store: Store, data: bytes
) -> None:
    path = tmp_path / "input.json"
    path.write_bytes(data)
    try:
        report = import_path(store, path)
    except ImportFormatError as exc:
        failure: ImportFormatError | None = exc
    else:
        failure = None
        assert min(report.imported, report.unchanged, report.skipped) >= 0
    assert failure is None or failure.path == path


@pytest.mark.parametrize("depth", [100, 250, 5000])
def test_deeply_nested_records_are_skipped(tmp_path: Path, store: Store, depth: int) -> None:
    deep = "[" * depth + "]" * depth
    path = tmp_path / "deep.jsonl"
    path.write_text(
        f'{{"id_str": "123", "full_text": "x", "entities": {{"deep": {deep}}}}}\n'
        '{"id_str": "124", "full_text": "y"}\n'
    )
    report = import_path(store, path)
    assert (report.imported, report.skipped) == (1, 1)
    assert "record 1" in report.errors[0]
    assert get(store, "124").text == "y"


@settings(max_examples=200, deadline=None)
@given(
    when=st.datetimes(min_value=dt.datetime(2006, 1, 1), max_value=dt.datetime(2100, 1, 1)),
    offset_minutes=st.integers(-23 * 60, 23 * 60),
)
def test_v1_time_matches_strptime(when: dt.datetime, offset_minutes: int) -> None:
    zone = dt.timezone(dt.timedelta(minutes=offset_minutes))
    text = when.replace(microsecond=0, tzinfo=zone).strftime("%a %b %d %H:%M:%S %z %Y")
    expected = dt.datetime.strptime(text, "%a %b %d %H:%M:%S %z %Y").astimezone(dt.UTC)
    assert importers._v1_time(text) == expected
