"""The default detector runs without error over many generated texts and their variants: notes in
either letter case, notes cut off right after a sentence (a finding that ends the text), and every
string of the synthetic FHIR bundle. A recognizer that raises fails the whole document (fail closed),
so a crash here is a file that cannot be de-identified at all."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from phigate.detection import default_detector
from phigate.evaluation.synth import generate
from phigate.evaluation.synth_structured import fhir_bundle, patients


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _variants(text: str) -> Iterator[str]:
    yield text
    yield text.upper()
    yield text.lower()
    stops = [i for i, ch in enumerate(text) if ch in ".\n"][-4:]
    yield from (text[: i + 1] for i in stops)
    yield from (text[: i + 1].rstrip(".\n") for i in stops)


TEXTS = [
    *(v for doc in generate("dev", docs=120, seed=23) for v in _variants(doc.text)),
    *(v for s in _strings(fhir_bundle(patients(25, seed=4), seed=4)) for v in _variants(s)),
]


@pytest.mark.parametrize("chunk", range(4))
def test_detector_never_fails_and_stays_in_bounds(chunk: int) -> None:
    detector = default_detector()
    for text in TEXTS[chunk::4]:
        for f in detector.find_text(text):
            assert 0 <= f.start < f.end <= len(text), (text, f)


def test_a_place_that_ends_the_text_with_its_full_stop() -> None:
    text = "Discussed plan with Ilse's daughter. MRN MR8183854001 verified. Lives at 3815 Millrace Lane."
    found = {text[f.start : f.end] for f in default_detector().find_text(text)}
    assert "3815 Millrace Lane." in found
