"""Surface forms of Social Security numbers after a label: any grouping, leaders, wraps, OCR letters."""

from __future__ import annotations

import pytest
from detection_tables import findings

from phigate.detection.builtin.ssn import SSNRecognizer
from phigate.model import Category

R = SSNRecognizer()


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("SSN: 123 456 789", "123 456 789"),
        ("SSN: 556 - 77 - 8888", "556 - 77 - 8888"),
        ("SSN: 123-45-\n6789 on file", "123-45-\n6789"),
        ("SSN: 123-45\n-6789 on file", "123-45\n-6789"),
        ("Soc.Sec.No.123456781", "123456781"),
        ("SSN......123-45-6713", "123-45-6713"),
        ("SSN:                         123-45-6789", "123-45-6789"),
        ("Número de Seguro Social: 123 45 6784", "123 45 6784"),
        ("seguro social 123456786", "123456786"),
        ("SSNs: 123-45-6717 / 234-56-7891", "234-56-7891"),
        ("SSN:\u00a0123456789", "123456789"),
        ("SSN: 123/45/6789", "123/45/6789"),
        ("SSN: 123_45_6789", "123_45_6789"),
        ("SSN: ___-__-1234 (masked)", "___-__-1234"),
        # OCR letters for digits, in either case
        ("ssn: 354 s2 2659\nnext line", "354 s2 2659"),
        ("ssn (on file): s74-27-1598\n", "s74-27-1598"),
        ("SSN 75L-47-7710\nPRIOR AUTH", "75L-47-7710"),
        ("SSN: 427.80.L802\nWOUND CARE", "427.80.L802"),
    ],
)
def test_labelled_ssn_forms(text: str, value: str) -> None:
    assert (value, Category.SSN) in [(span, category) for span, category, _ in findings(R, text)]


def test_invalid_labelled_ssn_scores_lower() -> None:
    (_, _, score), *_ = findings(R, "SSN: 912 70 1234")
    assert 0.5 <= score < 0.9


@pytest.mark.parametrize(
    "text",
    [
        "SSN: lost card, will bring next visit",
        "SSN: see chart",
        "SSN: Sioux Falls office",
        "Social: smokes 1 ppd x 20 yrs",
        "SS 100 mg daily",
        "SSN: 000 12 3456",  # placeholder
    ],
)
def test_not_ssn(text: str) -> None:
    assert findings(R, text) == []
