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
        # no subject: the event itself dates the age
        ("First hip fracture at 94", "94"),
        ("had a stroke at 91", "91"),
        ("Hip replacement at 92, doing well", "92"),
        ("Fall at 95 with hip fx", "95"),
        ("falls at 92, now uses a walker", "92"),
        ("diagnosed with AD at 91", "91"),
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
        # an event word next to a reading, a unit, a range, an address or a risk score
        "stroke volume at 95",
        "SBP fall at 90",
        "stopped levo at 90",
        "Morse fall score at 95",
        "fall risk at 95",
        "fx reduced at 90 degrees",
        "fractured at 90 to 100",
        "CABG x3 at 92 Main St",
        "cancer at 93 on RA",
        "stopped at 95",
    ],
)
def test_rates_vitals_and_places_after_at_are_not_ages(text: str) -> None:
    assert _ages(text) == []


def test_two_events_in_one_sentence() -> None:
    assert _ages("had MI at 90 and CABG at 92") == ["90", "92"]


@pytest.mark.parametrize(
    ("text", "ages"),
    [
        # a reading taken on a pressor, oxygen or a ventilator is no age
        ("she is now 100 on levo", []),
        ("she is 93 on RA", []),
        ("She is 93 on room air", []),
        ("he was 95 on 4L NC", []),
        ("she is 92 on the vent", []),
        ("she is 95 on BiPAP", []),
        # a drug or a service is no reading
        ("she is 93 on warfarin", ["93"]),
        ("she is 93 on warfarin, RA", ["93"]),
        ("she is 93 on hospice", ["93"]),
    ],
)
def test_age_before_on(text: str, ages: list[str]) -> None:
    assert _ages(text) == ages
