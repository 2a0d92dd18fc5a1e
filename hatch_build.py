"""Wheel build hook: compile the plain-text detector with mypyc when asked to.

``EMBEDARCHIVE_COMPILE=1 pip install .`` (or ``pip wheel .``) builds a wheel whose plain-text
detector modules are C extensions made by mypyc from the same typed source; without the
variable, and for editable installs, the package stays pure Python. The compiled modules
behave the same (the test suite runs on both builds in CI) and take about a third less time; see
docs/performance.md. The build needs a C compiler and the Python headers.

Run as a script (``python hatch_build.py BUILD_LIB BUILD_TEMP``), this file is the compile step
itself; the hook runs it in a child process so that mypy and setuptools stay out of hatchling.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

# The plain-text detector: everything parse_text runs on every page and every embed.
# (parse_text itself stays in Python: it takes bytes too, and a compiled function would
# reject them before it could decode them.)
COMPILED = [
    "src/embedarchive/detect/_plain.py",
    "src/embedarchive/detect/_attribution.py",
    "src/embedarchive/detect/_body.py",
    "src/embedarchive/detect/_fragments.py",
    "src/embedarchive/detect/_language.py",
    "src/embedarchive/detect/_lines.py",
    "src/embedarchive/detect/_months.py",
    "src/embedarchive/detect/_mojibake.py",
    "src/embedarchive/detect/_scripts.py",
    "src/embedarchive/detect/_substack.py",
    "src/embedarchive/detect/_unattributed.py",
    "src/embedarchive/detect/dates.py",
]
SWITCH = "EMBEDARCHIVE_COMPILE"


def _wanted() -> bool:
    return os.environ.get(SWITCH, "").strip().lower() in {"1", "true", "yes", "on"}


def _compile(build_lib: str, build_temp: str) -> None:
    """Generate C with mypyc and build the extensions into ``build_lib``."""
    from mypyc.build import mypycify
    from setuptools import Distribution
    from setuptools.command.build_ext import build_ext

    extensions = mypycify(
        [*COMPILED, "--config-file", "pyproject.toml"],
        opt_level="3",
        group_name="embedarchive",
        target_dir=str(Path(build_temp) / "c"),
    )
    command = build_ext(Distribution({"name": "embedarchive", "ext_modules": extensions}))
    command.build_lib = build_lib
    command.build_temp = build_temp
    command.ensure_finalized()
    command.run()


try:
    from hatchling.builders.hooks.plugin.interface import BuildHookInterface
except ImportError:  # run as the compile step, where hatchling need not be importable
    BuildHookInterface = object


class MypycBuildHook(BuildHookInterface):  # type: ignore[misc]
    """Hatchling's ``custom`` hook: adds the compiled modules to a platform wheel."""

    def dependencies(self) -> list[str]:
        if not _wanted():
            return []
        # mypy type-checks the package while it compiles, so it needs what the package imports
        return ["mypy>=1.10", "setuptools>=68", *self.metadata.core.dependencies]

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable" or not _wanted():
            return
        root = Path(self.root)
        out = root / "build" / "mypyc"
        shutil.rmtree(out, ignore_errors=True)  # (nothing left from another interpreter's build)
        with tempfile.TemporaryDirectory() as temp:
            done = subprocess.run(  # noqa: S603 (this interpreter, this file, our own paths)
                [sys.executable, str(root / "hatch_build.py"), str(out), temp],
                cwd=root,
                check=False,
            )
        if done.returncode:
            raise RuntimeError(
                f"compiling the plain-text detector with mypyc failed (exit {done.returncode}, "
                "its output is above). It needs a C compiler and the Python headers; without "
                f"{SWITCH}=1 the package installs as pure Python."
            )
        suffixes = (".so", ".pyd")
        built = [path for path in out.rglob("*") if path.name.endswith(suffixes)]
        if len(built) <= len(COMPILED):  # one extension a module, plus the shared library
            raise RuntimeError(f"mypyc built {len(built)} extensions into {out}")
        for path in built:
            build_data["force_include"][str(path)] = path.relative_to(out).as_posix()
        build_data["pure_python"] = False
        build_data["infer_tag"] = True


if __name__ == "__main__":
    _compile(sys.argv[1], sys.argv[2])
