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
        ("a 92 y/o woman", [("92", A, 0.85, 0.95)]),
        ("92-year-old man", [("92", A, 0.85, 0.95)]),
        ("aged 95, lives alone", [("95", A, 0.85, 0.95)]),
        ("Age: 101", [("101", A, 0.85, 0.95)]),
        ("age of 93", [("93", A, 0.85, 0.95)]),
        ("ninety-two year old", [("ninety-two", A, 0.85, 0.95)]),
        ("92yo F", [("92yo", A, 0.85, 0.95)]),
        ("92 yrs", [("92", A, 0.85, 0.95)]),
        ("93 y.o. female", [("93", A, 0.85, 0.95)]),
        ("she is 104 years of age", [("104", A, 0.85, 0.95)]),
        ("one hundred and one years old", [("one hundred and one", A, 0.85, 0.95)]),
        ("aged ninety", [("ninety", A, 0.85, 0.95)]),
        ("a woman in her 90s", [("90s", A, 0.7, 0.8)]),
        ("in his late nineties", [("nineties", A, 0.7, 0.8)]),
        (
            "a nonagenarian and a centenarian",
            [("nonagenarian", A, 0.75, 0.85), ("centenarian", A, 0.75, 0.85)],
        ),
        # 89 and younger are not identifiers
        ("a 45 y/o, aged 89, 89-year-old", []),
        ("ninety minutes later; in the 1990s", []),
        # near misses and traps
        ("192 years; 1.92 years; age 92%; aged 95 mg", []),
        ("SpO2 95% on RA, HR 98 bpm, 99.1 F", []),
        ("glucose 95, 100 mg, 120/90 mmHg", []),
        ("CPT 99214 and 90 days supply", []),
    ],
)
def test_age_table(text: str, expected: list[tuple[str, Category, float, float]]) -> None:
    check(R, text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("92yoF with CHF", [("92yoF", A, 0.85, 0.95)]),
        ("aged 92 years", [("92", A, 0.85, 0.95)]),
        ("Age/Sex: 92/F", [("92", A, 0.85, 0.95)]),
        ("92F with CHF", [("92F", A, 0.8, 0.9)]),
        ("she is 92.", [("92", A, 0.65, 0.75)]),
        ("her 101st birthday", [("101st", A, 0.85, 0.95)]),
        # temperatures and vitals that look like "92F" or "is 92"
        ("T 99F, Temp 100 F, Tmax 101F", []),
        ("HR is 92. she is 92 kg. pt was 95% on RA", []),
    ],
)
def test_age_more_forms(text: str, expected: list[tuple[str, Category, float, float]]) -> None:
    check(R, text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("AGE........ 92 | SEX F", [("92", A, 0.85, 0.95)]),
        ("Age (years): 95", [("95", A, 0.85, 0.95)]),
        ("one-hundred-year-old", [("one-hundred", A, 0.85, 0.95)]),
        ("Mary Smith, 92, presented", [("92", A, 0.55, 0.65)]),
        ("John Smith (92) was seen", [("92", A, 0.55, 0.65)]),
        ("Sex/Age: F/92", [("92", A, 0.85, 0.95)]),
        ("she turned 101 last week", [("101", A, 0.65, 0.75)]),
        ("she is ninety-two", [("ninety-two", A, 0.65, 0.75)]),
        # set-off numbers that are lab values or vitals
        ("Troponin, 95, then HR (92) and Glucose (95)", []),
        ("the value, 92, was", []),
    ],
)
def test_age_forms_in_forms_and_prose(text: str, expected: list[tuple[str, Category, float, float]]) -> None:
    check(R, text, expected)
