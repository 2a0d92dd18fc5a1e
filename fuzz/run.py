#!/usr/bin/env python3
"""Fuzz a target with libFuzzer (atheris), coverage-guided over the package's own code.

    python fuzz/seeds.py                                   # seed inputs from ../shared
    python fuzz/run.py detect fuzz/corpus/detect -max_total_time=1800
    python fuzz/run.py snapshot fuzz/corpus/snapshot -max_total_time=1800

Arguments after the target's name go to libFuzzer (``-help=1`` lists them). A failing input is
written to ``crash-…`` or ``timeout-…`` in the working directory; once fixed, keep it in
``fuzz/regressions/<target>/`` so that the tests replay it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris  # not a project dependency: pip install atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))

with atheris.instrument_imports(include=["embedarchive"]):
    import targets


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in targets.TARGETS:
        sys.exit(f"usage: run.py {{{','.join(targets.TARGETS)}}} [libFuzzer arguments]")
    target = targets.TARGETS[sys.argv[1]]
    atheris.Setup([sys.argv[0], *sys.argv[2:]], target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
