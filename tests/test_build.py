"""The two builds of the plain-text detector: source, or compiled with mypyc (hatch_build.py)."""

from __future__ import annotations

import importlib
import importlib.util
import os
from pathlib import Path

import pytest

from embedarchive._build import detector_build
from embedarchive.cli import main

ROOT = Path(__file__).resolve().parent.parent


def _compiled_modules() -> list[str]:
    spec = importlib.util.spec_from_file_location("hatch_build", ROOT / "hatch_build.py")
    assert spec is not None and spec.loader is not None
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    paths: list[str] = hook.COMPILED
    return [p.removeprefix("src/").removesuffix(".py").replace("/", ".") for p in paths]


def test_the_compiled_list_names_the_plain_text_detector() -> None:
    modules = _compiled_modules()
    assert "embedarchive.detect._plain" in modules
    # parse_text takes bytes and other types (InputError): it must stay plain Python
    assert "embedarchive.detect.text" not in modules
    assert "embedarchive.detect._input" not in modules


def test_every_listed_module_is_of_the_reported_build() -> None:
    build = detector_build()
    for name in _compiled_modules():
        file = importlib.import_module(name).__file__ or ""
        assert file.endswith(".py") == (build == "python"), (name, file)


def test_the_build_is_the_one_installed() -> None:
    import embedarchive

    from_source = Path(embedarchive.__file__ or "").resolve().is_relative_to(ROOT / "src")
    if os.environ.get("EMBEDARCHIVE_REQUIRE_COMPILED") == "1":  # CI's compiled-build stage
        assert not from_source
        assert detector_build() == "mypyc"
    elif from_source:  # an editable install (or src on the path): the hook compiles nothing
        assert detector_build() == "python"
    else:
        pytest.skip("an installed wheel: either build is right")


def test_version_names_the_build(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert f"(plain-text detector: {detector_build()})" in capsys.readouterr().out
