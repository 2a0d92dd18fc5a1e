"""``embedarchive archive``: the main job on the command line."""

from __future__ import annotations

import io
import json
import socket
from pathlib import Path

import pytest

from embedarchive.archive import resolver
from embedarchive.archive.sources.archive_today import ArchiveToday
from embedarchive.archive.sources.base import Source
from embedarchive.archive.sources.oembed import TwitterOEmbed
from embedarchive.archive.sources.syndication import TwitterSyndication
from embedarchive.archive.sources.wayback import Wayback
from embedarchive.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err, stdin=io.StringIO(stdin))
    return code, out.getvalue(), err.getvalue()


def test_offline_run_writes_folder_warc_and_summary(tmp_path: Path) -> None:
    out, warc = tmp_path / "out", tmp_path / "job.warc.gz"
    code, stdout, stderr = run(
        "archive", str(EXAMPLES / "articles"), "--out", str(out), "--offline",
        "--archive", str(tmp_path / "store.sqlite3"), "--warc", str(warc), "--mode", "replace",
    )  # fmt: skip
    assert code == 0, stderr
    summary = json.loads(stdout)
    index = (out / "index.jsonl").read_text(encoding="utf-8").splitlines()
    assert summary["embeds"] == len(index) > 0
    assert summary["cards"] == len(list((out / "cards").glob("*.html")))
    assert summary["articles_written"] == len(list((out / "articles").glob("*.html")))
    assert summary["hosts_down"] == []
    for label in ("articles", "embeds", "skipped", "cards written", "articles written"):
        assert label in stderr
    warcio = pytest.importorskip("warcio.archiveiterator")
    with warc.open("rb") as stream:
        records = [
            (r.rec_type, r.rec_headers.get_header("WARC-Target-URI"))
            for r in warcio.ArchiveIterator(stream)
        ]
    assert records[0][0] == "warcinfo"
    cards = [uri for kind, uri in records if uri and uri.startswith("urn:embedarchive:card:")]
    articles = [uri for kind, uri in records if uri and uri.startswith("urn:embedarchive:article")]
    assert len(cards) == summary["cards"]
    assert len(articles) == summary["articles_written"]


def test_stdin_and_text_input(tmp_path: Path) -> None:
    text = (EXAMPLES / "articles" / "harbour-bridge-scraped.txt").read_text(encoding="utf-8")
    code, stdout, _ = run(
        "archive", "-", "--out", str(tmp_path / "out"), "--offline", "-q",
        "--archive", str(tmp_path / "s.sqlite3"),
        stdin=text,
    )  # fmt: skip
    assert code == 0
    assert json.loads(stdout)["embeds"] >= 1
    line = json.loads((tmp_path / "out" / "index.jsonl").read_text().splitlines()[0])
    assert line["article"] == "<stdin>"
    assert (tmp_path / "out" / "articles" / "stdin.html").is_file()


def test_unreadable_input_gives_exit_1_and_a_message(tmp_path: Path) -> None:
    code, _, stderr = run(
        "archive", str(tmp_path / "nope.html"), "--out", str(tmp_path / "out"), "--offline",
        "--archive", str(tmp_path / "s.sqlite3"),
    )  # fmt: skip
    assert code == 1
    assert "cannot read" in stderr and "nope.html" in stderr


def test_usage_errors(tmp_path: Path) -> None:
    base = ["archive", str(EXAMPLES / "articles"), "--out", str(tmp_path / "o")]
    assert run(*base, "--sources", "nonsense")[0] == 2
    assert run(*base, "--concurrency", "0")[0] == 2
    with pytest.raises(SystemExit):
        run("archive", str(EXAMPLES / "articles"))  # --out is required


def test_unreachable_network_is_reported_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    base = f"http://127.0.0.1:{port}"

    def refusing() -> list[Source]:
        return [
            TwitterSyndication(base_url=base),
            TwitterOEmbed(base_url=base),
            Wayback(base_url=base, availability_url=base),
            ArchiveToday(base_url=base),
        ]

    monkeypatch.setattr(resolver, "default_sources", refusing)
    code, stdout, stderr = run(
        "archive", str(EXAMPLES / "articles"), "--out", str(tmp_path / "out"),
        "--archive", str(tmp_path / "s.sqlite3"),
    )  # fmt: skip
    assert code == 0, stderr
    assert stderr.count("is unreachable") == 1
    summary = json.loads(stdout)
    assert summary["hosts_down"] == ["127.0.0.1"]
    assert summary["cards"] == summary["embeds"] > 0


def test_help_lists_the_archive_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["archive", "--help"])
    shown = capsys.readouterr().out
    assert "--warc" in shown and "--offline" in shown and "--mode" in shown


def test_rewritten_article_keeps_its_declared_charset(tmp_path: Path) -> None:
    page = (
        '<html><head><meta charset="windows-1252"><title>Café</title></head><body>'
        "<p>Le café du port ferme à 18 h.</p>"
        '<blockquote class="twitter-tweet"><p lang="fr">Fermeture du quai ce soir 🚧</p>'
        "&mdash; Port (@port_example) "
        '<a href="https://twitter.com/port_example/status/1940025929224945741">July 1, 2025</a>'
        "</blockquote></body></html>"
    )
    source = tmp_path / "cafe.html"
    source.write_bytes(page.encode("cp1252", "xmlcharrefreplace"))
    code, _, stderr = run(
        "archive", str(source), "--out", str(tmp_path / "out"), "--offline", "-q",
        "--archive", str(tmp_path / "s.sqlite3"), "--mode", "replace",
    )  # fmt: skip
    assert code == 0, stderr
    (written,) = (tmp_path / "out" / "articles").glob("*.html")
    data = written.read_bytes()
    text = data.decode("cp1252")  # the bytes are what the page's <meta charset> says
    assert 'charset="windows-1252"' in text
    assert "Le café du port" in text
    assert "data-embedarchive-card" in text
    assert "🚧".encode() not in data  # outside windows-1252: written as a character reference
