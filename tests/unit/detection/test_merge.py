"""How the detector turns recognizer matches into findings: validation and deterministic merging."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from phigate.detection.base import Detector, Match, merge_findings
from phigate.errors import DetectionError
from phigate.model import Category, Finding


class Fixed:
    """Yields the matches it was given, whatever the text."""

    version = "1"

    def __init__(self, rid: str, *matches: Match) -> None:
        self.id = rid
        self.matches = matches
        self.categories = frozenset(m.category for m in matches) or frozenset({Category.ID})

    def find(self, text: str) -> Iterator[Match]:
        """The fixed matches."""
        yield from self.matches


def spans(findings: list[Finding]) -> list[tuple[int, int, str, float, str]]:
    return [(f.start, f.end, f.category.value, f.score, f.recognizer) for f in findings]


def test_overlaps_merge_into_their_union_and_keep_the_best_member() -> None:
    detector = Detector(
        [
            Fixed("a-name", Match(0, 10, Category.NAME, 0.7), Match(30, 35, Category.NAME, 0.9)),
            Fixed("b-place", Match(5, 20, Category.LOCATION, 0.8), Match(35, 40, Category.LOCATION, 0.6)),
            Fixed("c-zip", Match(18, 25, Category.ZIP, 0.6)),
        ]
    )
    assert spans(detector.find_text("x" * 50, segment=3)) == [
        (0, 25, "LOCATION", 0.8, "b-place"),  # 0-10, 5-20 and 18-25 chain into one span
        (30, 35, "NAME", 0.9, "a-name"),  # touching is not overlapping
        (35, 40, "LOCATION", 0.6, "b-place"),
    ]
    assert {f.segment for f in detector.find_text("x", segment=3)} == {3}


def test_ties_go_to_the_longer_span_then_category_then_recognizer_whatever_the_order() -> None:
    recognizers = [
        Fixed("z-id", Match(0, 8, Category.ID, 0.9)),
        Fixed("y-mrn", Match(2, 8, Category.MRN, 0.9)),
        Fixed("x-account", Match(0, 8, Category.ACCOUNT, 0.9)),
        Fixed("w-account", Match(0, 8, Category.ACCOUNT, 0.9)),
    ]
    results = {
        tuple(spans(Detector(list(order)).find_text("12345678")))
        for order in itertools.permutations(recognizers)
    }
    assert results == {((0, 8, "ACCOUNT", 0.9, "w-account"),)}


def test_low_scores_and_empty_spans_are_dropped() -> None:
    detector = Detector(
        [
            Fixed(
                "a",
                Match(0, 4, Category.ID, 0.49),
                Match(5, 5, Category.ID, 0.9),
                Match(6, 9, Category.ID, 0.5),
            )
        ]
    )
    assert spans(detector.find_text("x" * 10)) == [(6, 9, "ID", 0.5, "a")]
    assert Detector([Fixed("a")]).find_text("anything") == []


@pytest.mark.parametrize(
    "bad", [Match(-1, 4, Category.ID, 0.9), Match(0, 4, Category.ID, 1.5)], ids=["negative", "score"]
)
def test_a_recognizer_returning_an_invalid_match_stops_detection(bad: Match) -> None:
    with pytest.raises(DetectionError, match="recognizer broken returned an invalid match"):
        Detector([Fixed("broken", bad)]).find_text("x" * 10)


def test_merge_findings_keeps_segments_apart_and_sorts_them() -> None:
    found = [
        Finding(1, 0, 5, Category.NAME, 0.9, "n"),
        Finding(0, 3, 9, Category.DATE, 0.8, "d"),
        Finding(0, 0, 4, Category.NAME, 0.9, "n"),
        Finding(1, 4, 6, Category.DATE, 0.95, "d"),
    ]
    assert merge_findings(found) == [
        Finding(0, 0, 9, Category.NAME, 0.9, "n"),
        Finding(1, 0, 6, Category.DATE, 0.95, "d"),
    ]
    assert merge_findings([]) == []
