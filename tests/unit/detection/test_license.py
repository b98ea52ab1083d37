from __future__ import annotations

import pytest
from detection_tables import check

from phigate.detection.builtin.license import LicenseRecognizer
from phigate.model import Category

L = Category.LICENSE
R = LicenseRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DL# D1234567", [("D1234567", L, 0.85, 0.95)]),
        ("DL: D1234567", [("D1234567", L, 0.65, 0.75)]),
        ("Driver's license: S123-4567-8901", [("S123-4567-8901", L, 0.85, 0.95)]),
        ("RN License 1234567", [("1234567", L, 0.85, 0.95)]),
        ("Medical license G12345", [("G12345", L, 0.85, 0.95)]),
        ("Passport no. X12345678", [("X12345678", L, 0.85, 0.95)]),
        ("certificate number 2021-00456", [("2021-00456", L, 0.85, 0.95)]),
        ("DEA AB1234563", [("AB1234563", L, 0.9, 1.0)]),
        ("NPI: 1234567893", [("1234567893", L, 0.9, 1.0)]),
        # written as an NPI or DEA but failing the check: kept, lower
        ("NPI 1234567890", [("1234567890", L, 0.55, 0.65)]),
        ("DEA# AB1234564", [("AB1234564", L, 0.55, 0.65)]),
        # check digits without a label
        ("prescriber BX1234563 signed", [("BX1234563", L, 0.8, 0.9)]),
        ("provider 1234567893", [("1234567893", L, 0.5, 0.6)]),
        # near misses: failing check digits, wrong first letter/digit
        ("AB1234564 and BX1234560", []),
        ("IB1234563 and OB1234563", []),
        ("1234567890 and 3234567893", []),
        ("license to practice", []),
        # clinical traps
        ("Hgb 11.3 g/dL, BP 119/73", []),
        ("Cr 1.2 mg/dL. DL 123", []),
    ],
)
def test_license_table(text: str, expected: list[tuple[str, Category, float, float]]) -> None:
    check(R, text, expected)
