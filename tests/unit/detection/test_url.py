from __future__ import annotations

import pytest
from detection_tables import check

from phigate.detection.builtin.url import URLRecognizer
from phigate.model import Category

U = Category.URL
R = URLRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "see https://portal.example.org/pt/8812?x=1.",
            [("https://portal.example.org/pt/8812?x=1", U, 0.9, 1.0)],
        ),
        ("(http://a.example.com/c)", [("http://a.example.com/c", U, 0.9, 1.0)]),
        ("ftp://files.example.net/x", [("ftp://files.example.net/x", U, 0.9, 1.0)]),
        ("www.myclinic-example.com/records, then", [("www.myclinic-example.com/records", U, 0.85, 0.95)]),
        ("myhealth.hospital.org/p/1", [("myhealth.hospital.org/p/1", U, 0.8, 0.9)]),
        ("visit example.com today", [("example.com", U, 0.7, 0.8)]),
        ("http://10.2.3.4/records", [("http://10.2.3.4/records", U, 0.9, 1.0)]),
        ("wiki (https://en.example.org/wiki/A_(b))", [("https://en.example.org/wiki/A_(b)", U, 0.9, 1.0)]),
        # not URLs
        ("e.g. and i.e. and Dr.Smith and report.pdf", []),
        ("jane@example.com", []),
        ("version 1.2.3 and 3.4 mg", []),
        ("end of sentence.Next one", []),
    ],
)
def test_url_table(text: str, expected: list[tuple[str, Category, float, float]]) -> None:
    check(R, text, expected)


def test_bare_domains_before_and_after_full_urls() -> None:
    text = "link owens.com/~carr then http://www.gates.com/carr and later example.org"
    check(
        R,
        text,
        [
            ("owens.com/~carr", U, 0.8, 0.9),
            ("http://www.gates.com/carr", U, 0.9, 1.0),
            ("example.org", U, 0.7, 0.8),
        ],
    )
