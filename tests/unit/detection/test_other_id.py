from __future__ import annotations

import pytest
from detection_tables import check

from phigate.detection.builtin.other_id import OtherIdRecognizer
from phigate.model import Category

I = Category.ID  # noqa: E741
R = OtherIdRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Patient ID: P-448812", [("P-448812", I, 0.85, 0.95)]),
        ("Study ID ABC-123-0042", [("ABC-123-0042", I, 0.85, 0.95)]),
        ("badge #5521", [("5521", I, 0.85, 0.95)]),
        ("employee ID E12345", [("E12345", I, 0.85, 0.95)]),
        ("case number 2021-CV-00123", [("2021-CV-00123", I, 0.85, 0.95)]),
        ("ref# 99812", [("99812", I, 0.85, 0.95)]),
        ("ref 99812", [("99812", I, 0.65, 0.75)]),
        ("ticket #12345678", [("12345678", I, 0.85, 0.95)]),
        ("item #55123 ordered", []),  # an order item number identifies no person
        (
            "uuid 123e4567-e89b-12d3-a456-426614174000",
            [("123e4567-e89b-12d3-a456-426614174000", I, 0.8, 0.9)],
        ),
        ("random 12345678 seen", [("12345678", I, 0.5, 0.6)]),
        ("record no 1234567", [("1234567", I, 0.55, 0.65)]),
        ("code XJH719659571 on card", [("XJH719659571", I, 0.5, 0.6)]),
        # near misses: too short, no digits, seven digits without context
        ("ID: pending and ID 12", []),
        ("call 1234567 later", []),
        ("AB12C and ABCDEFGH", []),
        # clinical traps
        ("viral load 1500000 copies/mL; platelets 250000 /uL", []),
        ("HIV RNA 1200000 copies", []),
        ("CPT 99214, ICD E11.9, LOINC 2345-7, NDC 0002323730", []),
        ("BRCA1, HbA1c, COVID19, SARS-CoV-2, CD4 350", []),
    ],
)
def test_other_id_table(text: str, expected: list[tuple[str, Category, float, float]]) -> None:
    check(R, text, expected)
