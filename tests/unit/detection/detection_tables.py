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


def spans_of(detector: Detector, text: str, category: Category) -> list[str]:
    """The spans of ``category`` that ``detector`` keeps (score >= 0.5), as text."""
    return [text[f.start : f.end] for f in detector.find_text(text) if f.category is category]


def covered(detector: Detector, text: str, value: str) -> bool:
    """True when every letter and digit of ``value`` lies inside some span ``detector`` reports."""
    start = text.index(value)
    found = [(f.start, f.end) for f in detector.find_text(text)]
    return all(
        any(s <= k < e for s, e in found) for k in range(start, start + len(value)) if text[k].isalnum()
    )
