"""Ages given as the age at a life event (``diagnosed at 91``, ``lived to 99``), and the rates, vitals
and settings after ``at`` that must stay clean.
"""

from __future__ import annotations

import pytest

from phigate.detection.builtin.age import AgeRecognizer


def _ages(text: str) -> list[str]:
    return [text[m.start : m.end] for m in AgeRecognizer().find(text)]


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("She was diagnosed with breast cancer at 91.", "91"),
        ("Widowed at 90, she lives alone.", "90"),
        ("He retired from teaching and moved to Florida at 93", "93"),
        ("She stopped driving at 92.", "92"),
        ("Mother fell at 94 and broke her hip", "94"),
        ("pt, still at 95, lives alone", "95"),
        ("She quit smoking at 90", "90"),
        ("Father lived to 99", "99"),
        ("his mother lived until 101", "101"),
    ],
)
def test_age_at_a_life_event(text: str, age: str) -> None:
    assert _ages(text) == [age]


@pytest.mark.parametrize(
    "text",
    [
        "Sats fell at 92 on room air",
        "HR dropped at 92",
        "Levo started at 100",
        "she was started on heparin at 100",
        "patient's HR at 95",
        "BP lived to 100",
        "diagnosed at 92 days of life",
        "she was placed on CPAP at 100%",
        "Pt seen at 92 Main St",
    ],
)
def test_rates_vitals_and_places_after_at_are_not_ages(text: str) -> None:
    assert _ages(text) == []
