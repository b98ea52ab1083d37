"""Wider surface forms of ages, dates, SSNs, MRNs and phone numbers: wrapped lines, OCR, family history,
times after dates, masked SSNs, site MRN formats, in-house pagers; with the traps that must stay clean.
"""

from __future__ import annotations

import pytest
from detection_tables import check

from phigate.detection.builtin.age import AgeRecognizer
from phigate.detection.builtin.dates import DateRecognizer
from phigate.detection.builtin.mrn import MRNRecognizer
from phigate.detection.builtin.phone import PhoneRecognizer
from phigate.detection.builtin.ssn import SSNRecognizer
from phigate.model import Category

A, D, S, M, P = Category.AGE, Category.DATE, Category.SSN, Category.MRN, Category.PHONE
Row = tuple[str, list[tuple[str, Category, float, float]]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # hard-wrapped lines read as one
        ("a 92\nyear old woman", [("92", A, 0.85, 0.95)]),
        ("Pt is a\n95 y/o", [("95", A, 0.85, 0.95)]),
        ("92\nyo F", [("92", A, 0.85, 0.95)]),
        # OCR reads e as c and l as 1 in the unit
        ("92 ycar o1d", [("92", A, 0.85, 0.95)]),
        ("Agc: 93", [("93", A, 0.85, 0.95)]),
        ("a nincty-two year old", [("nincty-two", A, 0.85, 0.95)]),
        # glued units keep the whole token
        ("Pt 96y/o, on room air", [("96y/o", A, 0.85, 0.95)]),
        # sex before, clitics, "turn", "a woman of"
        ("Pt: F 92, lives alone", [("92", A, 0.55, 0.65)]),
        ("she's 92 and sharp", [("92", A, 0.65, 0.75)]),
        ("i'm 93 and tired", [("93", A, 0.7, 0.8)]),
        ("He will turn 95 next month", [("95", A, 0.7, 0.8)]),
        ("a lady of 92", [("92", A, 0.65, 0.75)]),
        # family history, deaths, a date of birth, the female sign
        ("FH: Mother alive at 96, father d. at 70", [("96", A, 0.65, 0.75)]),
        ("Father died at 94 of a stroke", [("94", A, 0.65, 0.75)]),
        ("DOB: 03/04/1931 (93)", [("93", A, 0.7, 0.8)]),
        ("92 \u2640 with CHF", [("92", A, 0.8, 0.9)]),
        # names in capitals or with accents, lowercased text, persons before a parenthesis
        ("MARY SMITH (92) ARRIVED", [("92", A, 0.55, 0.65)]),
        ("Mrs. \u00dclker, 98, was seen", [("98", A, 0.55, 0.65)]),
        ("amanda vega (94) arrived by ems", [("94", A, 0.55, 0.65)]),
        ("his mother (96) lives with him", [("96", A, 0.65, 0.75)]),
        # number words: with a sex or a name, and the same age in parentheses
        ("Pt: F ninety-three, lives alone", [("ninety-three", A, 0.55, 0.65)]),
        ("ninety-two (92) year old female", [("ninety-two", A, 0.85, 0.95), ("92", A, 0.85, 0.95)]),
        ("PT IN HER 90S", [("90S", A, 0.7, 0.8)]),
        # a label on one line, a unit word on the next is no measurement
        ("Patient age: ninety six\nUnit No: 123", [("ninety six", A, 0.85, 0.95)]),
        # a lab name in the sentence before does not make the next one a lab value
        ("Na 140, CA 9.1.\n\n101M s/p fall", [("101M", A, 0.8, 0.9)]),
    ],
)
def test_age_wider_forms(text: str, expected: list[tuple[str, Category, float, float]]) -> None:
    check(AgeRecognizer(), text, expected)


@pytest.mark.parametrize(
    "text",
    [
        "room 92, K 95, HR 92, SpO2 94%, BP 190/95, 92%, weight 95 kg, 95th percentile",
        "Tmax 101 F, fever to 101 F, 101 F (38.3 C)",
        "SBP in the 90s; turn 90 degrees; 100 pack years; Interstate 95",
        "Troponin (95), Glucose (95), Weight (95), Score (100)",
        "Mother 72, HTN; Father died at 65; she's 45; a 45 y/o",
        "HR was 92 at rest. O2 sat is 94. Glucose is 101",
        "DOB 1/2/1951 (73)",
    ],
)
def test_age_wider_traps(text: str) -> None:
    check(AgeRecognizer(), text, [])


DATES: list[Row] = [
    ("on Mar.4.21 at noon", [("Mar.4.21", D, 0.85, 0.95)]),
    ("at 04 Mar 2021 14:30 in ED", [("04 Mar 2021 14:30", D, 0.85, 0.95)]),
    ("March 4th, 2021 at 2:30 PM", [("March 4th, 2021 at 2:30 PM", D, 0.85, 0.95)]),
    ("Mar 4 @ 1430", [("Mar 4 @ 1430", D, 0.85, 0.95)]),
    ("on September 7th, 2024\nat 7:50 PM for", [("September 7th, 2024\nat 7:50 PM", D, 0.85, 0.95)]),
    ("seen 03/04/2021 at 14:30", [("03/04/2021 at 14:30", D, 0.9, 1.0)]),
    ("drawn 2024-12-20t20:50:05z ok", [("2024-12-20t20:50:05z", D, 0.9, 1.0)]),
    ("4 - 6 March 2021", [("4 - 6 March 2021", D, 0.85, 0.95)]),
    ("on the twenty-fourth of July", [("the twenty-fourth of July", D, 0.55, 0.65)]),
    ("started around the sccond of August", [("the sccond of August", D, 0.85, 0.95)]),
    ("on 15th\nof November", [("15th\nof November", D, 0.85, 0.95)]),
    ("Thursday 3/4 clinic", [("3/4", D, 0.8, 0.9)]),
    ("CT 3/4 showed", [("3/4", D, 0.8, 0.9)]),
    ("from 3/2 to 3/4", [("3/2", D, 0.8, 0.9), ("3/4", D, 0.65, 0.75)]),
    ("Next appointment: 3-7-16\nUnit No: 5514", [("3-7-16", D, 0.9, 1.0)]),
    # traps stay clean
    ("per 1/2 tab; increased to 3/4 tab; Q3 2021; at 14:30", []),
]


@pytest.mark.parametrize(("text", "expected"), DATES)
def test_date_wider_forms(text: str, expected: list[tuple[str, Category, float, float]]) -> None:
    check(DateRecognizer(), text, expected)


@pytest.mark.parametrize(
    ("recognizer", "text", "expected"),
    [
        (SSNRecognizer(), "Social Security number on fi1e ends in 4940.", [("4940", S, 0.8, 0.9)]),
        (SSNRecognizer(), "SSN: XXX-XX-1234", [("XXX-XX-1234", S, 0.85, 0.95)]),
        (MRNRecognizer(), "MRN 0012 3456 78\nSex F", [("0012 3456 78", M, 0.85, 0.95)]),
        (MRNRecognizer(), "M.R.N. 1234567", [("1234567", M, 0.85, 0.95)]),
        (MRNRecognizer(), "seen in clinic (chartMRN04857211) today", [("04857211", M, 0.8, 0.9)]),
        (
            MRNRecognizer(),
            "UR# 123456 and URN 654321",
            [("123456", M, 0.85, 0.95), ("654321", M, 0.85, 0.95)],
        ),
        (MRNRecognizer(), "MRN 1234567 92 yo F", [("1234567", M, 0.85, 0.95)]),
        (PhoneRecognizer(), "Tel. (555) 555 - 1234", [("(555) 555 - 1234", P, 0.85, 1.0)]),
        (PhoneRecognizer(), "reachable at 811-252-2409, cxt 12.", [("811-252-2409, cxt 12", P, 0.9, 1.0)]),
        (
            PhoneRecognizer(),
            "vocera 45678; spectralink 4-5678",
            [("45678", P, 0.75, 0.85), ("4-5678", P, 0.75, 0.85)],
        ),
        (PhoneRecognizer(), "Charge nurse pg 58449\ncc: Dr. Lee", [("58449", P, 0.75, 0.85)]),
    ],
)
def test_number_wider_forms(
    recognizer: SSNRecognizer | MRNRecognizer | PhoneRecognizer,
    text: str,
    expected: list[tuple[str, Category, float, float]],
) -> None:
    check(recognizer, text, expected)
