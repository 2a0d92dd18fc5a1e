"""parse_text on the corpus renderings (bs4, trafilatura, html2text, reference texts): no figure
may drop below the stored baseline.

An embed is expected where its attribution survived the rendering; a detection matches by
(handle, date) or post id (the corpus scorer's rules).
"""

from __future__ import annotations

import types

import pytest
from tests.corpus_gate import assert_holds_baseline, load_evaluate

from embedarchive.detect.text import parse_text


@pytest.mark.corpus
@pytest.mark.filterwarnings(
    "ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning"
)
def test_text_detector_holds_its_corpus_baseline() -> None:
    evaluate = load_evaluate()
    by_page, sources, renderings = evaluate.load()
    score, _ = evaluate.eval_text(
        types.SimpleNamespace(parse_text=parse_text), by_page, sources, renderings
    )
    assert_holds_baseline("text", score)
