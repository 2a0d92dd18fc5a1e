"""Which build of the plain-text detector is running: plain Python or compiled with mypyc."""

from __future__ import annotations

from typing import Literal


def detector_build() -> Literal["mypyc", "python"]:
    """``"mypyc"`` when the plain-text detector's modules are extensions compiled by mypyc
    (a wheel built with ``EMBEDARCHIVE_COMPILE=1``), ``"python"`` when they run as source."""
    from embedarchive.detect import _plain

    return "python" if (_plain.__file__ or "").endswith((".py", ".pyc")) else "mypyc"
