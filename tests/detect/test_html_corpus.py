"""The corpus as a regression gate for parse_html: no figure may drop below the stored baseline.

Scoring is the corpus's own evaluate.py html part (imported from ../shared/corpus, never copied):
matches by (platform, post id) else URL; detections on negative pages are false positives except
on neg-script-only pages. The baseline is tests/data/corpus_baseline.json, key "html".
"""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest
from tests.shared import shared_path

from embedarchive.detect.html import parse_html

BASELINE = Path(__file__).resolve().parent.parent / "data" / "corpus_baseline.json"
TOLERANCE = 1e-9


@pytest.mark.corpus
@pytest.mark.filterwarnings(
    "ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning"
)
def test_html_detector_holds_its_corpus_baseline() -> None:
    corpus = shared_path("corpus", "evaluate.py").parent
    sys.path.insert(0, str(corpus))
    try:
        import evaluate  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(corpus))
    by_page, sources, _ = evaluate.load()
    score = evaluate.eval_html(types.SimpleNamespace(parse_html=parse_html), by_page, sources)
    got = score.summary()
    want = json.loads(BASELINE.read_text())["html"]
    assert got["crashes"] == 0
    assert got["fp"] <= want["fp"]
    drops = {
        key: (want[key], got[key])
        for key in want
        if key.endswith(("precision", "recall", "_acc")) and got[key] + TOLERANCE < want[key]
    }
    assert not drops, f"corpus figures dropped (baseline, now): {drops}\n" + "\n".join(score.notes)
