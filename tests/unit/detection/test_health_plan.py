from __future__ import annotations

import pytest
from detection_tables import check

from phigate.detection.builtin.health_plan import HealthPlanRecognizer
from phigate.model import Category

H = Category.HEALTH_PLAN
R = HealthPlanRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Member ID: XJH719659571", [("XJH719659571", H, 0.85, 0.95)]),
        ("Subscriber # 88123-01", [("88123-01", H, 0.85, 0.95)]),
        ("Policy number W123456789", [("W123456789", H, 0.85, 0.95)]),
        ("Group no. 55123", [("55123", H, 0.85, 0.95)]),
        ("Medicaid ID: 12345678A", [("12345678A", H, 0.85, 0.95)]),
        ("Medicare 1EG4-TE5-MK73", [("1EG4-TE5-MK73", H, 0.8, 0.9)]),
        ("Insurance ID ZGP 123 456", []),
        ("MBI 1EG4TE5MK73", [("1EG4TE5MK73", H, 0.85, 0.95)]),
        # shapes without a label
        ("card shows 1EG4-TE5-MK73.", [("1EG4-TE5-MK73", H, 0.8, 0.9)]),
        ("old HICN style 123456789A", [("123456789A", H, 0.65, 0.75)]),
        # near misses: MBI with forbidden letters (S, L, O, I, B, Z) or digits in letter positions
        ("code 1SG4-TE5-MK73 and 1EG4-TE5-MK7A", []),
        ("member of the team", []),
        ("policy 2021", []),
        # clinical traps
        ("Plan: increase lisinopril to 20 mg", []),
        ("A1c 7.2%, eGFR 45", []),
    ],
)
def test_health_plan_table(text: str, expected: list[tuple[str, Category, float, float]]) -> None:
    check(R, text, expected)
