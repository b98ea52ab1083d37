"""Surface forms of account, claim, health plan and licence numbers after their labels."""

from __future__ import annotations

import pytest
from detection_tables import findings

from phigate.detection.base import Recognizer
from phigate.detection.builtin.account import AccountRecognizer
from phigate.detection.builtin.health_plan import HealthPlanRecognizer
from phigate.detection.builtin.license import LicenseRecognizer
from phigate.model import Category

A, H, L = AccountRecognizer(), HealthPlanRecognizer(), LicenseRecognizer()


def _spans(recognizer: Recognizer, text: str, category: Category) -> list[str]:
    return [span for span, found, _ in findings(recognizer, text) if found is category]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Patient Control No.: 448821", ["448821"]),
        ("Pat. Cntl #: 448822", ["448822"]),
        ("Document Control Number 448824", ["448824"]),
        ("Payer Claim Control Number: 448826", ["448826"]),
        ("DCN: 448820", ["448820"]),
        ("Account Reference: 448831", ["448831"]),
        ("EOB #: 448812", ["448812"]),
        ("Account # 4488 3012 3\nBalance due", ["4488 3012 3"]),
        ("Acct:                         4488123", ["4488123"]),
        ("Acct\u00a0#\u00a0448815", ["448815"]),
        ("Card ending in 4242", ["4242"]),
        ("Visa ending 4243, exp on file", ["4243"]),
        ("card no. ****4244", ["4244"]),
        ("Last 4 of card: 4245", ["4245"]),
    ],
)
def test_account_forms(text: str, values: list[str]) -> None:
    assert _spans(A, text, Category.ACCOUNT) == values


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Member ID W123456789 01\nGroup: 70123", ["W123456789 01", "70123"]),
        ("Primary Ins: UHC  ID: 912345679  Grp: 701234", ["912345679", "701234"]),
        ("Policy/Group: 123456 / 78901", ["123456", "78901"]),
        ("Subscriber ID: XJH 123 456 789\n", ["XJH 123 456 789"]),
        ("Member ID:\u00a0XJH123456788", ["XJH123456788"]),
        ("Group: 12345 Member: 67890", ["12345", "67890"]),
    ],
)
def test_health_plan_forms(text: str, values: list[str]) -> None:
    assert _spans(H, text, Category.HEALTH_PLAN) == values


@pytest.mark.parametrize(
    "text",
    ["Age group: 65-74", "Support group 12345 meets Tuesdays", "Group 2 of the study", "group: 1234"],
)
def test_group_word_is_not_a_label(text: str) -> None:
    assert _spans(H, text, Category.HEALTH_PLAN) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("DL #: NY 123 456 789", "123 456 789"),
        ("DL D123 4567 8901", "D123 4567 8901"),
        ("Driver's License #:           D1234569", "D1234569"),
    ],
)
def test_licence_forms(text: str, value: str) -> None:
    assert _spans(L, text, Category.LICENSE) == [value]


@pytest.mark.parametrize(
    "text", ["Card 3 of 4 reviewed.", "The card 1234 Main St.", "Acct verified 11/04/2023."]
)
def test_not_account(text: str) -> None:
    assert _spans(A, text, Category.ACCOUNT) == []
