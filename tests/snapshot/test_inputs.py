"""Reading the job's inputs: files, folders, stdin, URLs (mocked) and WARC files."""

from __future__ import annotations

import io
from pathlib import Path

import httpx
import pytest
import respx

from embedarchive.snapshot import inputs
from embedarchive.snapshot.inputs import Article, Unreadable, read_inputs, sniff_kind

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"
PAGE = b"<!doctype html><p>An article.</p>"


def test_sniffing() -> None:
    assert sniff_kind(PAGE) == "html"
    assert sniff_kind(b"just words, <3 and a < b") == "text"
    assert sniff_kind(b"<p>markup</p>", "text/plain; charset=utf-8") == "text"
    assert sniff_kind(b"plain", "text/html") == "html"


def test_folder_expands_to_articles_in_order(tmp_path: Path) -> None:
    (tmp_path / "b.html").write_bytes(PAGE)
    (tmp_path / "a.txt").write_text("text", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.htm").write_bytes(PAGE)
    got = list(read_inputs([str(tmp_path)]))
    assert [Path(a.source).name for a in got] == ["a.txt", "b.html", "c.htm"]
    assert [a.kind for a in got if isinstance(a, Article)] == ["text", "html", "html"]


def test_stdin_and_missing_file(tmp_path: Path) -> None:
    got = list(read_inputs(["-", str(tmp_path / "gone.html")], stdin=io.BytesIO(PAGE)))
    assert got[0] == Article("<stdin>", PAGE, "html")
    assert isinstance(got[1], Unreadable) and got[1].source.endswith("gone.html")


def test_oversized_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inputs, "MAX_ARTICLE_BYTES", 10)
    (tmp_path / "big.html").write_bytes(PAGE)
    (got,) = read_inputs([str(tmp_path / "big.html")])
    assert isinstance(got, Unreadable) and "more than 10 bytes" in got.reason


@respx.mock
def test_url_is_fetched_following_redirects() -> None:
    respx.get("https://news.example/a").mock(
        return_value=httpx.Response(301, headers={"location": "/articles/a"})
    )
    respx.get("https://news.example/articles/a").mock(
        return_value=httpx.Response(
            200, content="<p>Caf\xe9</p>".encode("latin-1"),
            headers={"content-type": "text/html; charset=latin-1"},
        )
    )  # fmt: skip
    (got,) = read_inputs(["https://news.example/a"])
    assert isinstance(got, Article)
    assert got.source == "https://news.example/a"
    assert got.base_url == "https://news.example/articles/a"
    assert got.kind == "html" and got.text() == "<p>Café</p>"


@respx.mock
def test_url_failures_are_unreadable() -> None:
    respx.get("https://news.example/gone").mock(return_value=httpx.Response(404))
    respx.get("https://news.example/loop").mock(
        return_value=httpx.Response(302, headers={"location": "https://news.example/loop"})
    )
    respx.get("https://news.example/file").mock(
        return_value=httpx.Response(302, headers={"location": "file:///etc/passwd"})
    )
    respx.get("https://news.example/down").mock(side_effect=httpx.ConnectError("refused"))
    got = list(
        read_inputs([f"https://news.example/{name}" for name in ("gone", "loop", "file", "down")])
    )
    reasons = [item.reason for item in got if isinstance(item, Unreadable)]
    assert len(reasons) == 4
    assert "404" in reasons[0] and "redirects" in reasons[1]
    assert "non-HTTP" in reasons[2] and "ConnectError" in reasons[3]


def test_offline_never_fetches() -> None:
    with respx.mock(assert_all_called=False) as mock:
        route = mock.get("https://news.example/a")
        (got,) = read_inputs(["https://news.example/a"], offline=True)
    assert isinstance(got, Unreadable) and "offline" in got.reason
    assert not route.called


def write_warc(path: Path) -> None:
    warcwriter = pytest.importorskip("warcio.warcwriter")
    headers_mod = pytest.importorskip("warcio.statusandheaders")
    with path.open("wb") as stream:
        writer = warcwriter.WARCWriter(stream, gzip=True)
        for uri, status, ctype, body in [
            ("https://news.example/one", "200 OK", "text/html; charset=utf-8", PAGE),
            ("https://news.example/two.txt", "200 OK", "text/plain", b"plain words"),
            ("https://news.example/logo.png", "200 OK", "image/png", b"\x89PNG"),
            ("https://news.example/missing", "404 Not Found", "text/html", b"<p>gone</p>"),
        ]:
            http = headers_mod.StatusAndHeaders(
                status, [("Content-Type", ctype)], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body), length=len(body), http_headers=http
            )
            writer.write_record(record)


def test_warc_responses_become_articles(tmp_path: Path) -> None:
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc)
    got = list(read_inputs([str(tmp_path)]))  # found in the folder by its suffix
    assert [(a.source, a.kind) for a in got if isinstance(a, Article)] == [
        ("https://news.example/one", "html"),
        ("https://news.example/two.txt", "text"),
    ]
    assert got[0].data == PAGE


def test_damaged_warc_is_reported(tmp_path: Path) -> None:
    good = tmp_path / "good.warc.gz"
    write_warc(good)
    warc = tmp_path / "bad.warc.gz"
    warc.write_bytes(good.read_bytes() + b"this is no WARC record\r\n" * 40)
    got = list(read_inputs([str(warc)]))
    assert [a.source for a in got if isinstance(a, Article)] == [
        "https://news.example/one",
        "https://news.example/two.txt",
    ]
    assert isinstance(got[-1], Unreadable) and got[-1].source == str(warc)
    assert "damaged WARC" in got[-1].reason and len(got[-1].reason) < 300


def test_example_folder_reads(tmp_path: Path) -> None:
    got = list(read_inputs([str(EXAMPLES)]))
    assert got and all(isinstance(a, Article) for a in got)
