from __future__ import annotations

import pytest
from detection_tables import check, raw_scores

from phigate.detection.builtin.ssn import SSNRecognizer
from phigate.model import Category

S = Category.SSN
R = SSNRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # true positives
        ("SSN: 123-45-6789.", [("123-45-6789", S, 0.9, 1.0)]),
        ("her ssn is 219 09 9991", [("219 09 9991", S, 0.9, 1.0)]),
        ("Social Security Number 415270097 on file", [("415270097", S, 0.9, 1.0)]),
        ("SS# 539-30-1648", [("539-30-1648", S, 0.9, 1.0)]),
        ("records list 078-05-1121 for the patient", [("078-05-1121", S, 0.8, 0.9)]),
        ("id 412.55.1234 given", [("412.55.1234", S, 0.5, 0.6)]),
        ("SSN: XXX-XX-6789", [("XXX-XX-6789", S, 0.85, 1.0)]),
        ("***-**-4321 was shown", [("***-**-4321", S, 0.7, 0.8)]),
        ("last 4 of SSN 5678", [("5678", S, 0.8, 0.9)]),
        ("SSN ending in 4321", [("4321", S, 0.8, 0.9)]),
        ("Last four digits of the patient's SSN: 1209", [("1209", S, 0.8, 0.9)]),
        # written as an SSN but structurally invalid: kept, with a lower score
        ("SSN: 900-12-3456", [("900-12-3456", S, 0.55, 0.65)]),
        # near misses: invalid area/group/serial without a label, placeholders, wrong shapes
        ("ref 666-12-3456", []),
        ("ref 923-45-6789", []),
        ("SSN: 000-12-3456", []),
        ("SSN: 123-00-4567", []),
        ("SSN: 123-45-0000", []),
        ("order 123-456-7890", []),
        ("1234-56-7890 and 12-345-6789", []),
        ("acct 1123-45-67890", []),
        # bare nine digits are not enough without a label
        ("MRN 123456789", []),
        # clinical traps
        ("Na 138, K 4.1, BP 120/80, 4/5 strength", []),
        ("ICD-10 E11.9, CPT 99214, LOINC 2345-7", []),
        ("dose 325 mg 45 tabs 6789 mL", []),
    ],
)
def test_ssn_table(text: str, expected: list[tuple[str, Category, float, float]]) -> None:
    check(R, text, expected)


def test_bare_nine_digits_are_weak_without_a_label() -> None:
    assert raw_scores(R, "number 123456789 here") == [("123456789", 0.3)]
