from __future__ import annotations

import pytest
from detection_tables import check

from phigate.detection.builtin.email import EmailRecognizer
from phigate.model import Category

E = Category.EMAIL
R = EmailRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("email jane.doe+x@example.org.", [("jane.doe+x@example.org", E, 0.9, 1.0)]),
        ("(j_smith42@mail.example.co.uk)", [("j_smith42@mail.example.co.uk", E, 0.9, 1.0)]),
        ("mailto:o'brien@example.com", [("o'brien@example.com", E, 0.9, 1.0)]),
        ("jane [at] example [dot] org", [("jane [at] example [dot] org", E, 0.8, 0.9)]),
        ("bob(at)example.com", [("bob(at)example.com", E, 0.8, 0.9)]),
        ("a.b@c.io and x@y.travel", [("a.b@c.io", E, 0.9, 1.0), ("x@y.travel", E, 0.9, 1.0)]),
        # near misses
        ("@mention and name@ and @example.org", []),
        ("user@localhost", []),
        ("x@y.c1", []),
        # clinical traps
        ("O2 @ 2L NC, 5 mg @ bedtime", []),
        ("meet at 3 pm at the clinic", []),
    ],
)
def test_email_table(text: str, expected: list[tuple[str, Category, float, float]]) -> None:
    check(R, text, expected)
