"""Ages over 89 in more surroundings: after ``been`` with a person before it, after an age label and an
adverb, after a title and a surname with particles, with other languages' units and labels; and the
temperatures, rates and spans of years that read the same (``101 F po``, ``HR V-paced (100)``,
``smoker x 91 yrs``). Invented sentences.
"""

from __future__ import annotations

import pytest
from detection_tables import check

from phigate.detection.builtin.age import AgeRecognizer
from phigate.model import Category

A = Category.AGE
R = AgeRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "been" after a person
        ("She would have been 95 this spring.", [("95", A, 0.65, 0.75)]),
        ("he has been 101 since March", [("101", A, 0.65, 0.75)]),
        # an age label and an adverb
        ("Age currently 93, lives alone", [("93", A, 0.85, 0.95)]),
        ("age presently 97", [("97", A, 0.85, 0.95)]),
        # a title and a surname with particles, set off by commas, in any case
        ("Mrs. Van Dam, 102, was seen for a rash.", [("102", A, 0.55, 0.65)]),
        ("mrs. de la rosa, 96, was seen today.", [("96", A, 0.55, 0.65)]),
        ("MR. VON HOLT, 91, ARRIVED", [("91", A, 0.55, 0.65)]),
        # other languages' units and labels
        ("Patiente de 94 ans, vit seule.", [("94", A, 0.85, 0.95)]),
        ("paziente di 96 anni", [("96", A, 0.85, 0.95)]),
        (
            "Alter: 92; Idade: 93; Leeftijd: 91",
            [("92", A, 0.85, 0.95), ("93", A, 0.85, 0.95), ("91", A, 0.85, 0.95)],
        ),
        # the familiar forms still hold
        ("93 yo F with fall", [("93", A, 0.85, 0.95)]),
        ("Age/Sex: 91/F", [("91", A, 0.85, 0.95)]),
        ("Sex/Age: F/92", [("92", A, 0.85, 0.95)]),
        ("Ann Lee (94) arrived by EMS", [("94", A, 0.55, 0.65)]),
        ("a woman in her 90s", [("90s", A, 0.7, 0.8)]),
    ],
)
def test_ages_are_found(text: str, expected: list[tuple[str, Category, float, float]]) -> None:
    check(R, text, expected)


@pytest.mark.parametrize(
    "text",
    [
        # a temperature in Fahrenheit: the route, a clock time, an antipyretic or a T max before it
        "100 F orally; 101 F ax; he was 100 F po; 101 F at 2200",
        "Tm 101 F overnight",
        "tylenol given for 101 F",
        # a number after a temperature's F is no age after a sex
        "VS: 101 F, 90, 120/80, 18",
        # a rate in brackets after a rhythm
        "rhythm v-paced(100) per monitor",
        "RHYTHM A-PACED (101), RARE PVC",
        # a span of years, not an age
        "pipe smoker x 91 yrs; smoked for 92 years",
        # vitals, doses, durations, places
        "BP 93/60, HR 95, sat 94%, 93 mg, 90 days, room 95, 95th percentile, x 92 min",
        "age 89; over 90; 90+",
        # a word before a number that is no age label
        "alter 93 mg dose; autonomic (ANS) 95",
    ],
)
def test_age_lookalikes_stay_clean(text: str) -> None:
    check(R, text, [])
