"""The corpus as a regression gate for parse_text: no figure may drop below the stored baseline.

Scoring is the corpus's own evaluate.py (imported from ../shared/corpus, never copied), so the
figures here are the ones docs/detection.md reports. Raise the baseline when detection improves.
"""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest
from tests.shared import shared_path

from embedarchive.detect.text import parse_text

BASELINE = Path(__file__).resolve().parent.parent / "data" / "corpus_baseline.json"
TOLERANCE = 1e-9


@pytest.mark.corpus
@pytest.mark.filterwarnings(
    "ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning"
)
def test_text_detector_holds_its_corpus_baseline() -> None:
    corpus = shared_path("corpus", "evaluate.py").parent
    sys.path.insert(0, str(corpus))
    try:
        import evaluate  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(corpus))
    detectors = types.SimpleNamespace(parse_text=parse_text)
    by_page, sources, renderings = evaluate.load()
    score, _ = evaluate.eval_text(detectors, by_page, sources, renderings)
    got = score.summary()
    want = json.loads(BASELINE.read_text())["text"]
    assert got["crashes"] == 0
    drops = {
        key: (want[key], got[key])
        for key in want
        if key.endswith(("precision", "recall", "_acc")) and got[key] + TOLERANCE < want[key]
    }
    assert not drops, f"corpus figures dropped (baseline, now): {drops}\n" + "\n".join(score.notes)
