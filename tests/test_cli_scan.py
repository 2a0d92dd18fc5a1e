"""``embedarchive scan`` and ``schema``: JSON Lines out, errors and progress on stderr."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from embedarchive.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "articles"
TEXT = "Hello world pic.twitter.com/x1\n— A B (@ab) July 1, 2025\n"


def _run(argv: list[str], stdin: str = "") -> tuple[int, list[dict[str, object]], str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err, stdin=io.StringIO(stdin))
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    return code, lines, err.getvalue()


def test_scan_a_folder_sniffs_html_and_text() -> None:
    code, lines, err = _run(["scan", str(EXAMPLES), "--no-progress"])
    assert code == 0
    sources = {Path(str(line["source"])).name for line in lines}
    assert {"harbour-bridge.html", "harbour-bridge-scraped.txt"} <= sources
    html = [line for line in lines if str(line["source"]).endswith("harbour-bridge.html")]
    assert {line["detector"] for line in html} == {"html"}
    assert "embeds in" in err


def test_scan_stdin_and_format_override() -> None:
    code, lines, err = _run(["scan", "-", "--no-progress"], stdin=TEXT)
    assert code == 0
    assert err == "embedarchive: 1 embed in 1 article\n"
    assert [(line["handle"], line["date"], line["source"]) for line in lines] == [
        ("ab", "2025-07-01", "<stdin>")
    ]
    # forced HTML reading of plain text finds no markup embed
    code, lines, _ = _run(["scan", "-", "--format", "html", "-q"], stdin=TEXT)
    assert (code, lines) == (0, [])


def test_unreadable_input_is_reported_and_the_rest_is_scanned(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    code, lines, err = _run(["scan", str(tmp_path / "missing.txt"), str(good), "--no-progress"])
    assert code == 1
    assert [line["handle"] for line in lines] == ["ab"]
    assert "cannot read" in err and "missing.txt" in err


def test_scan_reads_warc_response_records(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "pages.warc.gz"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        body = (EXAMPLES / "harbour-bridge.html").read_bytes()
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            "https://news.example/bridge",
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=headers,
        )
        writer.write_record(record)
    code, lines, _ = _run(["scan", str(path), "--no-progress"])
    assert code == 0
    assert {line["source"] for line in lines} == {"https://news.example/bridge"}
    assert any(line["post_id"] == "1940000000000000001" for line in lines)


def test_url_inputs_are_not_fetched_offline() -> None:
    code, lines, err = _run(["scan", "https://news.example/a", "--offline", "--no-progress"])
    assert (code, lines) == (1, [])
    assert "offline" in err


def test_progress_line_for_several_inputs() -> None:
    _, _, err = _run(["scan", str(EXAMPLES), "--progress"])
    assert "\r[1/" in err


def test_scan_writes_each_article_before_reading_the_next(tmp_path: Path, monkeypatch: Any) -> None:
    # a folder of any size costs the memory of one article: nothing is read ahead
    from embedarchive.snapshot import inputs

    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(TEXT, encoding="utf-8")
    events: list[str] = []
    real_from_path = inputs._from_path

    def reading(path: Path) -> Any:
        events.append(f"read {path.name}")
        yield from real_from_path(path)

    class Recording(io.StringIO):
        def write(self, text: str) -> int:
            events.append(f"write {json.loads(text)['source'].rsplit('/', 1)[-1]}")
            return len(text)

    monkeypatch.setattr(inputs, "_from_path", reading)
    code = main(["scan", str(tmp_path), "-q"], stdout=Recording(), stderr=io.StringIO())
    assert code == 0
    assert events == [
        "read a.txt",
        "write a.txt",
        "read b.txt",
        "write b.txt",
        "read c.txt",
        "write c.txt",
    ]


def test_progress_counts_without_a_total_for_warc_inputs(tmp_path: Path) -> None:
    # a WARC holds any number of articles: the line counts what was read
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    with (tmp_path / "b.warc").open("wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        for page in ("one", "two"):
            body = TEXT.encode("utf-8")
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/plain")], "HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    f"https://news.example/{page}",
                    "response",
                    payload=io.BytesIO(body),
                    length=len(body),
                    http_headers=headers,
                )
            )
    _, lines, err = _run(["scan", str(tmp_path), "--progress"])
    assert len(lines) == 3
    assert "\r[1] " in err and "\r[3] " in err
    assert "/2]" not in err


def test_schema_prints_the_embed_json_schema() -> None:
    out = io.StringIO()
    assert main(["schema"], stdout=out, stderr=io.StringIO()) == 0
    schema = json.loads(out.getvalue())
    assert schema["title"] == "Embed"
    assert "handle" in schema["properties"]


def test_python_dash_m_runs_the_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "embedarchive", "scan", "-", "-q"],
        input=TEXT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0
    assert json.loads(done.stdout)["handle"] == "ab"


def test_jobs_give_the_same_output_in_the_same_order(tmp_path: Path) -> None:
    # worker processes detect; the parent writes each input's lines in input order, and
    # unreadable inputs are reported where they stand
    for i in range(12):
        (tmp_path / f"{i:02d}.txt").write_text(TEXT.replace("(@ab)", f"(@ab{i})"), "utf-8")
    (tmp_path / "05.txt").write_bytes(b"")  # an empty article: no embed
    argv = ["scan", str(EXAMPLES), str(tmp_path), str(tmp_path / "missing.txt"), "--no-progress"]
    one = _run([*argv, "--jobs", "1"])
    two = _run([*argv, "--jobs", "2"])
    assert one == two
    code, lines, err = two
    assert code == 1 and "missing.txt" in err
    handles = [line["handle"] for line in lines if str(line["source"]).startswith(str(tmp_path))]
    assert handles == [f"ab{i}" for i in range(12) if i != 5]
    assert _run([*argv, "--jobs", "0"]) == one  # one worker per CPU


def test_jobs_keep_only_a_few_articles_in_flight(tmp_path: Path, monkeypatch: Any) -> None:
    from embedarchive import _workers
    from embedarchive.snapshot import inputs

    for i in range(30):
        (tmp_path / f"{i:02d}.txt").write_text(TEXT, encoding="utf-8")
    reads: list[int] = []
    real_from_path = inputs._from_path
    written = 0

    def reading(path: Path) -> Any:
        reads.append(written)
        yield from real_from_path(path)

    class Counting(io.StringIO):
        def write(self, text: str) -> int:
            nonlocal written
            written += 1
            return len(text)

    monkeypatch.setattr(inputs, "_from_path", reading)
    monkeypatch.setattr(_workers, "RUN_ITEMS", 2)  # workers take runs of two articles
    code = main(
        ["scan", str(tmp_path), "-q", "--jobs", "2"], stdout=Counting(), stderr=io.StringIO()
    )
    assert (code, written) == (0, 30)
    # the n-th article is read only once all but the last few runs before it were written:
    # two runs a worker in flight, one being handed over, one being filled
    ahead = max(n - done for n, done in enumerate(reads))
    assert ahead <= (2 * _workers.AHEAD_PER_JOB + 2) * 2


def test_jobs_must_be_a_count(capsys: pytest.CaptureFixture[str]) -> None:
    for bad in ("-1", "many"):
        with pytest.raises(SystemExit) as exited:
            main(["scan", "-", "--jobs", bad], stdout=io.StringIO(), stderr=io.StringIO())
        assert exited.value.code == 2
        assert "--jobs" in capsys.readouterr().err


def test_a_dead_worker_stops_the_scan_with_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from concurrent.futures.process import BrokenProcessPool

    from embedarchive import cli

    real_in_order = cli.in_order

    def dying(items: Any, work: Any, *, jobs: int, size: Any) -> Any:
        outcomes = real_in_order(items, work, jobs=1, size=size)
        yield next(outcomes)  # the first input is written, then a worker is killed
        raise BrokenProcessPool("killed")

    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(TEXT, encoding="utf-8")
    monkeypatch.setattr(cli, "in_order", dying)
    code, lines, err = _run(["scan", str(tmp_path), "--jobs", "2", "--no-progress"])
    assert code == 1
    assert [Path(str(line["source"])).name for line in lines] == ["a.txt"]
    assert "worker process died (killed)" in err
