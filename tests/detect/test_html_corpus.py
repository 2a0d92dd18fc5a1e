"""parse_html on the 145 real pages: no figure may drop below the stored baseline.

Matches by (platform, post id) else URL; detections on negative pages are false positives except
on neg-script-only pages (the corpus scorer's rules).
"""

from __future__ import annotations

import types

import pytest
from tests.corpus_gate import assert_holds_baseline, load_evaluate

from embedarchive.detect.html import parse_html


@pytest.mark.corpus
@pytest.mark.filterwarnings(
    "ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning"
)
def test_html_detector_holds_its_corpus_baseline() -> None:
    evaluate = load_evaluate()
    by_page, sources, _ = evaluate.load()
    score = evaluate.eval_html(types.SimpleNamespace(parse_html=parse_html), by_page, sources)
    assert_holds_baseline("html", score)
