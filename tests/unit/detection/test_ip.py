from __future__ import annotations

import pytest
from detection_tables import check

from phigate.detection.builtin.ip import IPRecognizer
from phigate.model import Category

I = Category.IP  # noqa: E741
R = IPRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("from 192.168.1.10.", [("192.168.1.10", I, 0.85, 0.95)]),
        (
            "host 10.0.0.1:8080 and net 10.0.0.0/8",
            [("10.0.0.1:8080", I, 0.85, 0.95), ("10.0.0.0/8", I, 0.85, 0.95)],
        ),
        ("IPv6 2001:db8::7 and fe80::1", [("2001:db8::7", I, 0.85, 0.95), ("fe80::1", I, 0.85, 0.95)]),
        (
            "2001:0DB8:85A3:0000:0000:8A2E:0370:7334.",
            [("2001:0DB8:85A3:0000:0000:8A2E:0370:7334", I, 0.85, 0.95)],
        ),
        ("::ffff:192.0.2.128 mapped", [("::ffff:192.0.2.128", I, 0.85, 0.95)]),
        # near misses
        ("256.1.1.1 and 1.2.3.999", []),
        ("version 1.2.3.4 and v 10.0.0.1", []),
        ("see section 1.2.3.4", []),
        ("release 1.2.3 and 2.3.1", []),
        ("at 14:30:00 and std::vector", []),
        ("a:b:c and ::", []),
        # clinical traps
        ("K 4.1, Hgb 11.3, T 98.6, INR 1.1", []),
        ("3.4.2021 and 12.5.10", []),
    ],
)
def test_ip_table(text: str, expected: list[tuple[str, Category, float, float]]) -> None:
    check(R, text, expected)
