"""Long posts of an X data export get their full text from note-tweet.js."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import pytest

from embedarchive.archive.importers import import_path
from embedarchive.archive.long_posts import LongPosts
from embedarchive.archive.store import Store
from embedarchive.models import Author, Platform, Post

EXPORT = Path(__file__).resolve().parent.parent / "data" / "imports" / "twitter-export-long"
LONG = "1940025929224945741"
SHORT = "1940026345857744901"
FULL_END = "which the council will review in October. The full decision: https://t.co/Harb0urRd1"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "archive.sqlite3")


def test_export_folder_completes_the_long_post(store: Store) -> None:
    report = import_path(store, EXPORT)
    assert report.imported == 2
    assert "note-tweet.js: 1 of 2 long posts given their full text" in report.notes
    long = store.get_post(Platform.TWITTER, LONG)
    assert long is not None
    assert long.text.endswith(FULL_END)
    assert long.links == ("https://example.org/council/harbour-road-trial",)
    short = store.get_post(Platform.TWITTER, SHORT)
    assert short is not None
    assert short.text == "Full story on the vote in our live blog now."


def test_zip_and_single_file_read_the_notes_too(tmp_path: Path) -> None:
    archive = tmp_path / "twitter-2025.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for path in sorted((EXPORT / "data").iterdir()):
            z.write(path, f"data/{path.name}")
    zipped = Store(tmp_path / "zip.sqlite3")
    import_path(zipped, archive)
    single = Store(tmp_path / "single.sqlite3")
    import_path(single, EXPORT / "data" / "tweets.js")
    for store in (zipped, single):
        post = store.get_post(Platform.TWITTER, LONG)
        assert post is not None
        assert post.text.endswith(FULL_END)


def test_without_note_tweet_js_the_cut_text_stays(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "export"
    shutil.copytree(EXPORT, folder)
    (folder / "data" / "note-tweet.js").unlink()
    report = import_path(store, folder)
    assert not any("note-tweet" in note for note in report.notes)
    post = store.get_post(Platform.TWITTER, LONG)
    assert post is not None
    assert post.text.endswith("which the council will …")


def test_importing_twice_changes_nothing(store: Store) -> None:
    import_path(store, EXPORT)
    again = import_path(store, EXPORT)
    assert (again.imported, again.unchanged) == (0, 2)


def _post(text: str, when: dt.datetime) -> Post:
    return Post(
        id="1",
        platform=Platform.TWITTER,
        url="https://x.com/a/status/1",
        author=Author(handle="a"),
        created_at=when,
        text=text,
    )


def _note(text: str, when: str) -> dict[str, object]:
    return {"noteTweet": {"noteTweetId": "9", "createdAt": when, "core": {"text": text}}}


WHEN = dt.datetime(2025, 7, 1, 12, 33, 20, tzinfo=dt.UTC)
CUT = "The council voted 31 to 12 tonight to close the harbour road to cars on weekends …"
WHOLE = "The council voted 31 to 12 tonight to close the harbour road to cars on weekends from May."


def test_pairs_by_time_and_beginning() -> None:
    notes = LongPosts([_note(WHOLE, "2025-07-01T12:33:21.000Z")])
    assert notes.complete(_post(CUT, WHEN)).text == WHOLE
    assert notes.used == 1


@pytest.mark.parametrize(
    ("records", "why"),
    [
        ([_note(WHOLE, "2025-07-01T12:40:00.000Z")], "created minutes apart"),
        (
            [_note("Another long post entirely, of the same second.", "2025-07-01T12:33:20Z")],
            "text",
        ),
        (
            [
                _note(WHOLE, "2025-07-01T12:33:20Z"),
                _note(WHOLE + " Again.", "2025-07-01T12:33:20Z"),
            ],
            "two notes could be it",
        ),
        ([{"noteTweet": {"createdAt": "not a time", "core": {"text": WHOLE}}}], "bad time"),
        # an offset that moves year 1 out of range in UTC
        ([_note(WHOLE, "0001-01-01T00:00:00+01:00")], "time out of range"),
        ([{"something": "else"}, "junk", None], "not notes"),
    ],
)
def test_no_clear_pair_leaves_the_post_alone(records: list[object], why: str) -> None:
    post = _post(CUT, WHEN)
    assert LongPosts(records).complete(post) is post, why
