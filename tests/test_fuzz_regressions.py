"""Every input the fuzzers found a defect with (fuzz/regressions/<target>/) stays fixed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

FUZZ = Path(__file__).resolve().parent.parent / "fuzz"
sys.path.insert(0, str(FUZZ))

import targets  # noqa: E402  (fuzz/targets.py: the checks, without the fuzzer)

CASES = sorted(
    (target, path)
    for target in targets.TARGETS
    for path in (FUZZ / "regressions" / target).glob("*")
    if path.is_file()
)


def test_there_are_regressions_to_replay() -> None:
    assert CASES


@pytest.mark.parametrize(("target", "path"), CASES, ids=[f"{t}/{p.name}" for t, p in CASES])
def test_fuzz_regression_passes(target: str, path: Path) -> None:
    targets.TARGETS[target](path.read_bytes())


@pytest.mark.parametrize("target", sorted(targets.TARGETS))
def test_targets_take_empty_and_odd_inputs(target: str) -> None:
    for data in (b"", b"\x00", b"\x01<blockquote", b"\x02\xff\xfe(@a) July 1, 2025"):
        targets.TARGETS[target](data)


def test_the_inert_check_catches_what_it_looks_for() -> None:
    # the check the snapshot target relies on must fail on live markup
    for live in (
        "<script>alert(1)</script>",
        '<a href=" javascript:alert(1)">x</a>',
        '<img src="x" onerror="alert(1)">',
        "<iframe src='https://example.com'></iframe>",
    ):
        with pytest.raises(AssertionError):
            targets._assert_inert(live)
    targets._assert_inert('<script type="application/ld+json">{}</script><a href="https://x">x</a>')
