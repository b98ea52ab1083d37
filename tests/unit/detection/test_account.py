from __future__ import annotations

import pytest
from detection_tables import check

from phigate.detection.builtin.account import AccountRecognizer
from phigate.model import Category

A = Category.ACCOUNT
R = AccountRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Acct# 123456789", [("123456789", A, 0.85, 0.95)]),
        ("acct 55123456", [("55123456", A, 0.65, 0.75)]),
        ("Account number: 00-1234-56", [("00-1234-56", A, 0.85, 0.95)]),
        ("Claim #: C2021-998877", [("C2021-998877", A, 0.85, 0.95)]),
        ("Billing ID 7788123", [("7788123", A, 0.85, 0.95)]),
        ("HAR 5551234", [("5551234", A, 0.85, 0.95)]),
        ("Invoice no. INV-000123", [("INV-000123", A, 0.85, 0.95)]),
        # payment cards: Luhn-valid, network first digit
        ("card 4111 1111 1111 1111 on file", [("4111 1111 1111 1111", A, 0.85, 0.95)]),
        ("5500-0000-0000-0004", [("5500-0000-0000-0004", A, 0.85, 0.95)]),
        ("Amex 3782-822463-10005", [("3782-822463-10005", A, 0.85, 0.95)]),
        ("6011000990139424", [("6011000990139424", A, 0.85, 0.95)]),
        # near misses: Luhn fails, wrong first digit, too short
        ("4111 1111 1111 1112", []),
        ("1234 5678 9012 3452", []),
        ("4111 1111 111", []),
        ("account of events", []),
        # clinical traps
        ("Total 1,250 mL; WBC 12.3; plt 245", []),
        ("on account of pain 7/10", []),
    ],
)
def test_account_table(text: str, expected: list[tuple[str, Category, float, float]]) -> None:
    check(R, text, expected)
