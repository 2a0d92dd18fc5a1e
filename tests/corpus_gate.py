"""The real-page corpus as a regression gate (like trafilatura's evaluation baseline).

Scoring is the corpus's own ``evaluate.py`` (imported from ../shared/corpus, never copied), so the
figures the gate checks are the ones docs/detection.md reports. The baseline lives in
tests/data/corpus_baseline.json, one key per detector; raise it when detection improves.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from tests.shared import shared_path

BASELINE = Path(__file__).resolve().parent / "data" / "corpus_baseline.json"
TOLERANCE = 1e-9


def load_evaluate() -> ModuleType:
    """The corpus scorer module (skips or fails like every shared-data test when absent)."""
    corpus = shared_path("corpus", "evaluate.py").parent
    sys.path.insert(0, str(corpus))
    try:
        import evaluate  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(corpus))
    return evaluate  # type: ignore[no-any-return]


def assert_holds_baseline(key: str, score: Any) -> None:
    """Fail when a precision, recall or field accuracy drops below the stored baseline."""
    got = score.summary()
    want = json.loads(BASELINE.read_text())[key]
    assert got["crashes"] == 0
    assert got["fp"] <= want["fp"]
    drops = {
        name: (want[name], got[name])
        for name in want
        if name.endswith(("precision", "recall", "_acc")) and got[name] + TOLERANCE < want[name]
    }
    assert not drops, f"{key} figures dropped (baseline, now): {drops}\n" + "\n".join(score.notes)
