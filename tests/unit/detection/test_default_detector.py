from __future__ import annotations

import importlib
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

import phigate.detection as detection
from phigate.detection import RECOGNIZERS, build_detector, default_detector, recognizer_ids
from phigate.detection.base import Detector, Recognizer
from phigate.detection.builtin import DEFAULT_PLUGINS
from phigate.errors import DetectionError
from phigate.model import SAFE_HARBOR_LETTER, Category
from phigate.registry import Registry
from phigate.samples import sample_texts

#: The pattern recognizers of this package (names and places come from their own modules).
PATTERN_IDS = (
    "account",
    "age-over-89",
    "biometric",
    "date",
    "device",
    "email",
    "health-plan",
    "ip-address",
    "license",
    "mrn",
    "other-id",
    "phone",
    "photo",
    "url",
    "us-ssn",
    "vehicle",
)
_MODULES = (
    "account age biometric dates device email health_plan ip license mrn other_id phone photo url ssn vehicle"
).split()
#: Only this package's recognizers, so these tests do not depend on the names and places modules.
PATTERNS: Registry[Recognizer] = Registry(
    "recognizer",
    group="phigate.no-such-group",
    defaults=[f"phigate.detection.builtin.{m}:register" for m in _MODULES],
)


def _patterns(**kwargs: object) -> Detector:
    return build_detector(PATTERN_IDS, registry=PATTERNS, **kwargs)  # type: ignore[arg-type]


def test_default_detector_is_built_once_and_shared_across_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(detection, "_default", None)
    with ThreadPoolExecutor(max_workers=8) as pool:
        built = list(pool.map(lambda _: default_detector(), range(16)))
    assert all(d is built[0] for d in built)
    assert set(PATTERN_IDS) <= set(built[0].versions)
    assert tuple(sorted(built[0].versions)) == recognizer_ids()


def test_every_builtin_recognizer_is_well_formed() -> None:
    for rid in recognizer_ids():
        recognizer = RECOGNIZERS.create(rid)
        assert isinstance(recognizer, Recognizer)
        assert recognizer.id == rid and recognizer.version
        assert recognizer.categories and recognizer.categories <= set(Category)


def test_pattern_recognizers_cover_every_category_but_names_and_places() -> None:
    assert PATTERNS.names() == PATTERN_IDS
    covered = set().union(*(PATTERNS.create(rid).categories for rid in PATTERN_IDS))
    assert covered == set(SAFE_HARBOR_LETTER) - {Category.NAME, Category.LOCATION, Category.ZIP}


def test_every_builtin_module_registers_through_its_hook() -> None:
    for value in DEFAULT_PLUGINS:
        module, _, attr = value.partition(":")
        assert callable(getattr(importlib.import_module(module), attr))


def test_exclude_and_min_score() -> None:
    detector = build_detector(PATTERN_IDS, exclude=["us-ssn"], min_score=0.9, registry=PATTERNS)
    assert "us-ssn" not in detector.versions
    text = "call 617-555-0199 or local 555-0199"
    assert [text[f.start : f.end] for f in detector.find_text(text)] == ["617-555-0199"]


def test_offsets_are_code_points_in_the_original_text() -> None:
    detector = _patterns()
    text = "Zoë Ünal 😀 — İstanbul: tel 617-555-0199, DOB 3/4/1931, e-mail zoë@example.org"
    found = {text[f.start : f.end]: f.category for f in detector.find_text(text)}
    assert found["617-555-0199"] is Category.PHONE
    assert found["3/4/1931"] is Category.DATE


class _Exploding:
    id = "exploding"
    version = "1"
    categories = frozenset({Category.ID})

    def find(self, text: str) -> list[object]:
        raise RuntimeError("a pattern blew up")


class _Counting:
    id = "counting"
    version = "1"
    categories = frozenset({Category.ID})

    def __init__(self) -> None:
        self.texts: list[str] = []

    def find(self, text: str) -> list[object]:
        self.texts.append(text)
        return []


def test_warm_up_runs_over_the_sample_notes_once() -> None:
    counting = _Counting()
    detector = Detector([counting])  # type: ignore[list-item]
    assert not detector.warmed
    detector.warm_up(sample_texts())
    detector.warm_up(sample_texts())
    assert detector.warmed and counting.texts == list(sample_texts())
    assert len(sample_texts()) >= 9 and all(len(text) > 400 for text in sample_texts())


def test_a_failing_recognizer_stops_detection() -> None:
    detector = _patterns()
    broken = type(detector)([*detector.recognizers, _Exploding()])
    with pytest.raises(DetectionError, match="recognizer exploding failed: RuntimeError"):
        broken.find_text("MRN 1234567")


ADVERSARIAL = [
    "1" * 60_000,
    "1-" * 30_000,
    "1 " * 30_000,
    "(555) " * 10_000,
    "MRN: " * 12_000,
    "MRN # no. is of " * 4_000,
    "a@" * 30_000,
    ":" * 60_000,
    "1:" * 30_000,
    "www." * 15_000,
    "http://" + "a" * 60_000,
    "March " * 10_000,
    "the 4th of " * 6_000,
    "X-" * 30_000,
    "ninety-" * 8_000,
    "photo " * 10_000,
    "A1" * 30_000,
    "." * 60_000,
    "4111 " * 12_000,
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=lambda t: repr(t[:12]))
def test_patterns_stay_linear_on_adversarial_input(text: str) -> None:
    detector = _patterns()
    started = time.process_time()
    detector.find_text(text)
    assert time.process_time() - started < 5.0
