from __future__ import annotations

import pytest
from detection_tables import check

from phigate.detection.builtin.phone import PhoneRecognizer
from phigate.model import Category

P, F = Category.PHONE, Category.FAX
R = PhoneRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Call (617) 555-0199 today", [("(617) 555-0199", P, 0.85, 0.95)]),
        ("call 617-555-0199.", [("617-555-0199", P, 0.85, 0.95)]),
        ("reach her at 617.555.0199", [("617.555.0199", P, 0.85, 0.95)]),
        ("Phone: 617 555 0199", [("617 555 0199", P, 0.9, 1.0)]),
        ("Phone: +1 617 555 0199 x123", [("+1 617 555 0199 x123", P, 0.95, 1.0)]),
        ("1-800-555-0199 toll free", [("1-800-555-0199", P, 0.9, 1.0)]),
        ("dial 001-312-555-0147", [("001-312-555-0147", P, 0.9, 1.0)]),
        ("617-555-0199 ext. 45", [("617-555-0199 ext. 45", P, 0.9, 1.0)]),
        ("617-555-0199, extension 6", [("617-555-0199, extension 6", P, 0.9, 1.0)]),
        ("(617)555-0199", [("(617)555-0199", P, 0.85, 0.95)]),
        ("Faker style 155-234-5678", [("155-234-5678", P, 0.65, 0.75)]),
        ("Tel 6175550199", [("6175550199", P, 0.85, 0.95)]),
        ("Cell: 555-0199", [("555-0199", P, 0.85, 0.95)]),
        ("local 555-0199 noted", [("555-0199", P, 0.5, 0.6)]),
        ("+44 20 7946 0958 (London)", [("+44 20 7946 0958", P, 0.8, 0.9)]),
        ("pager 4-1234", [("4-1234", P, 0.75, 0.85)]),
        ("beeper #51234", [("51234", P, 0.75, 0.85)]),
        ("call x4567 for the desk", [("4567", P, 0.65, 0.75)]),
        # fax by context
        ("Fax: 617-555-0142", [("617-555-0142", F, 0.9, 1.0)]),
        ("F: (617) 555-0142", [("(617) 555-0142", F, 0.9, 1.0)]),
        ("617-555-0142 (fax)", [("617-555-0142", F, 0.9, 1.0)]),
        (
            "Phone: 617-555-0199, Fax: 617-555-0142",
            [("617-555-0199", P, 0.9, 1.0), ("617-555-0142", F, 0.9, 1.0)],
        ),
        (
            "P: 617-555-0199 F: 617-555-0142",
            [("617-555-0199", P, 0.9, 1.0), ("617-555-0142", F, 0.9, 1.0)],
        ),
        # near misses and traps
        ("6175550199 without context", []),
        ("SSN 123-45-6789", []),
        ("2021-03-04 and 03-04-2021 and 20210304 1430", []),
        ("BP 120/80 HR 72 RR 18 SpO2 98% on 2L", []),
        ("ICD-10 E11.9; CPT 99214; LOINC 2345-7", []),
        ("metoprolol 25 mg x 1000 mg total", []),
        ("192.168.1.10 and version 10.2.3", []),
        ("card 4111 1111 1111 1111", []),
    ],
)
def test_phone_table(text: str, expected: list[tuple[str, Category, float, float]]) -> None:
    check(R, text, expected)
