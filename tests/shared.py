"""Locate ../shared (real pages, fixtures, recordings) for tests that need it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def shared_dir() -> Path | None:
    env = os.environ.get("EMBEDARCHIVE_SHARED")
    p = Path(env) if env else ROOT.parent / "shared"
    return p if p.is_dir() else None


def shared_path(*parts: str) -> Path:
    base = shared_dir()
    if base is None or not base.joinpath(*parts).exists():
        msg = f"shared material {'/'.join(parts)!r} not found (set EMBEDARCHIVE_SHARED)"
        if os.environ.get("EMBEDARCHIVE_REQUIRE_SHARED") == "1":
            pytest.fail(msg)
        pytest.skip(msg)
    return base.joinpath(*parts)
