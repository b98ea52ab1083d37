"""Helpers for the recognizer tables: run one recognizer the way the detector does and compare."""

from __future__ import annotations

from collections.abc import Sequence

from phigate.detection.base import Detector, Recognizer
from phigate.model import Category

#: An expected finding: the exact covered text, its category, and the allowed score range.
Expected = tuple[str, Category, float, float]


def findings(recognizer: Recognizer, text: str) -> list[tuple[str, Category, float]]:
    """What the detector keeps from ``recognizer`` alone: merged spans scoring 0.5 or more."""
    return [(text[f.start : f.end], f.category, f.score) for f in Detector([recognizer]).find_text(text)]


def check(recognizer: Recognizer, text: str, expected: Sequence[Expected]) -> None:
    """Assert that ``recognizer`` finds exactly ``expected`` in ``text`` (spans, categories, scores)."""
    got = findings(recognizer, text)
    assert [(span, category) for span, category, _ in got] == [(e[0], e[1]) for e in expected], got
    for (span, _, score), (_, _, lo, hi) in zip(got, expected, strict=True):
        assert lo <= score <= hi, f"{span!r} scored {score}, expected {lo}..{hi}"


def raw_scores(recognizer: Recognizer, text: str) -> list[tuple[str, float]]:
    """Every match the recognizer yields, weak ones included, as (text, score)."""
    return [(text[m.start : m.end], m.score) for m in recognizer.find(text)]
