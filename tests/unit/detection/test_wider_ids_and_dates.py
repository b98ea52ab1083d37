"""Wider forms of dates, ages and identifiers: nursing-note date ranges and event cues, two-digit years
after a month, misspelt ages, the left side before a body part, lowercase codes, OCR in SSNs and dates,
and identifier labels in other wordings and languages; with the doses, grades, settings and durations
of the same shapes. All text is invented.
"""

from __future__ import annotations

import pytest
from detection_tables import check

from phigate.detection.base import Recognizer
from phigate.detection.builtin.account import AccountRecognizer
from phigate.detection.builtin.age import AgeRecognizer
from phigate.detection.builtin.dates import DateRecognizer
from phigate.detection.builtin.mrn import MRNRecognizer
from phigate.detection.builtin.other_id import OtherIdRecognizer
from phigate.detection.builtin.ssn import SSNRecognizer
from phigate.model import Category

D = Category.DATE


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ranges written with an arrow, after a month or a month/day; two days before a month
        ("progress note\nnov 3->4\n7p-7a", [("nov 3->4", D, 0.5, 0.6)]),
        ("NPN 11/3 -> 4 7p-7a", [("11/3", D, 0.8, 0.9), ("4", D, 0.8, 0.9)]),
        ("seen 11/3 and 4.", [("11/3", D, 0.8, 0.9), ("4", D, 0.8, 0.9)]),
        ("seen 11/3 and 4 units given", [("11/3", D, 0.8, 0.9)]),
        ("NURSING NOTE OCT 23->24 1900->0700", [("OCT 23->24", D, 0.85, 0.95)]),
        ("NURSING NOTE 23/24 OCT 1900->0700", [("23/24 OCT", D, 0.85, 0.95)]),
        ("Seen March 2019-2020 annually.", [("March 2019", D, 0.85, 0.95)]),
        # a range of dates, not of fractions; a side after a month/day over its day
        ("Cooling blanket on 3/3-3/4.", [("3/3", D, 0.8, 0.9), ("3/4", D, 0.8, 0.9)]),
        ("PICC line placed 11/3 left arm.", [("11/3", D, 0.8, 0.9)]),
        # event cues of nursing notes, and cues that date only right before the date
        ("Trach 3/4, peg 3/5.", [("3/4", D, 0.8, 0.9), ("3/5", D, 0.8, 0.9)]),
        ("To OR 3/4 for ex lap.", [("3/4", D, 0.8, 0.9)]),
        ("Dressing changed 3/4 by surgery.", [("3/4", D, 0.8, 0.9)]),
        ("HD 3/4, next HD 3/6.", [("3/4", D, 0.8, 0.9), ("3/6", D, 0.8, 0.9)]),
        ("Addendum 3/4: family in to visit.", [("3/4", D, 0.8, 0.9)]),
        ("pt became hypotensive 3/6 overnight.", [("3/6", D, 0.55, 0.65)]),
        ("RESULTS\n6/17 | ABG 7.47/57/106 | final", [("6/17", D, 0.8, 0.9)]),
        # two-digit years after a month
        ("Seen Mar 96 for MI.", [("Mar 96", D, 0.85, 0.95)]),
        ("CABG Dec 98, stent May 02.", [("Dec 98", D, 0.85, 0.95), ("May 02", D, 0.85, 0.95)]),
        ("seen in clinic nov 96 for follow up", [("nov 96", D, 0.7, 0.8)]),
        ("Seen Spring 96 and in Fall '97.", [("Spring 96", D, 0.55, 0.65), ("Fall '97", D, 0.55, 0.65)]),
        ("Admitted Christmas 96.", [("Christmas 96", D, 0.7, 0.8)]),
        # two-digit years marked with an apostrophe in a history list
        ("PMH: HTN.\nCVA 71'.\nAppendectomy 78'.", [("71", D, 0.55, 0.65), ("78", D, 0.55, 0.65)]),
        ("AAA repair in 12' c/b DVT", [("12", D, 0.55, 0.65)]),
        ("Ambulated 30' with PT. HOB 30'. HR 70-80' nsr, pt is 5'10\"", []),
        # misspelt month names
        (
            "Seen Janurary 3, 2019 and Agust 5.",
            [("Janurary 3, 2019", D, 0.85, 0.95), ("Agust 5", D, 0.85, 0.95)],
        ),
        # doses, grades, settings, durations and verbs
        ("formula changed to 2/3 str Jevity", []),
        ("given 1/4 amp D50 for fs 52.", []),
        ("Feeds restarted at 1/4 rate.", []),
        ("Vent\nchanged over to 5/5.", []),
        ("strength 4/5 left arm, rales 1/3-1/2 bilat", []),
        ("Symptoms began 13/7 days ago.", []),
        ("O2 SAT DEC 98, may 96 be repeated", []),
        ("pt had a fall 45 min ago, fall 12 feet", []),
        ("Dec 40 mg, jan 45 mg", []),
        ("PSV 12/8 | FiO2 35%", []),
    ],
)
def test_nursing_date_forms(text: str, expected: list[tuple[str, Category, float, float]]) -> None:
    check(DateRecognizer(), text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pt is a ninty-two year old woman.", ["ninty-two"]),
        ("a nintey-five-year-old man", ["nintey-five"]),
        ("She is ninetey one years old.", ["ninetey one"]),
        ("Age: 93 L hip fracture", ["93"]),
        ("93 L hip fx s/p ORIF", ["93"]),
        ("Pt 93 R hip fracture", ["93"]),
        ("OYINDASOLA SALAMI (95) ARRIVED BY EMS.", ["95"]),
        ("oyindasola salami (95) arrived by ems.", ["95"]),
        ("She turncd 100 last month.", ["100"]),
        # not ages
        ("ninty percent of patients", []),
        ("Blood Pressure (95) stable.", []),
        ("See Figure (93) for details.", []),
        ("given 93 L NS", []),
        ("HR 93 L radial, sats 93 R arm", []),
    ],
)
def test_age_forms(text: str, expected: list[str]) -> None:
    check(AgeRecognizer(), text, [(span, Category.AGE, 0.55, 0.95) for span in expected])


M, I, A, S = Category.MRN, Category.ID, Category.ACCOUNT, Category.SSN  # noqa: E741
MRN, OTHER, ACCOUNT, SSN = MRNRecognizer(), OtherIdRecognizer(), AccountRecognizer(), SSNRecognizer()


@pytest.mark.parametrize(
    ("recognizer", "text", "expected"),
    [
        # record numbers: grouped digits, a note in brackets, labels of other sites and languages
        (MRN, "MRN: 12 34 56 78", [("12 34 56 78", M, 0.85, 0.95)]),
        (MRN, "MRN (Epic): 4412093", [("4412093", M, 0.85, 0.95)]),
        (MRN, "Medical Record Number (MRN): 4412093", [("4412093", M, 0.85, 0.95)]),
        (MRN, "U/N: 4412093", [("4412093", M, 0.85, 0.95)]),
        (MRN, "Numéro de dossier : 4412093", [("4412093", M, 0.85, 0.95)]),
        (MRN, "Historia clínica: 4412093", [("4412093", M, 0.85, 0.95)]),
        (MRN, "Nº prontuário 4412093", [("4412093", M, 0.85, 0.95)]),
        (MRN, "Patienten-Nr.: 4412093", [("4412093", M, 0.85, 0.95)]),
        (MRN, "Cartella clinica n. 4412093", [("4412093", M, 0.85, 0.95)]),
        (MRN, "Expediente: 4412093", [("4412093", M, 0.65, 0.75)]),
        (MRN, "MRN \u2014 12\u201334\u201356\u201378", [("12\u201334\u201356\u201378", M, 0.85, 0.95)]),
        (MRN, "MRN: 12 - 34 - 56 - 78", [("12 - 34 - 56 - 78", M, 0.85, 0.95)]),
        (MRN, "ED #: 4412093", [("4412093", M, 0.85, 0.95)]),
        (MRN, "License: NR-123456", []),
        (MRN, "HC 34 cm, HC: 34.5 cm at birth", []),
        (MRN, "Chart (see attached) 12 mg", []),
        # lowercase codes and national numbers; measurements and the codes of things
        (OTHER, "specimen labeled with name and e826864820 are tan fragments", [("e826864820", I, 0.5, 0.6)]),
        (OTHER, "tube labeled mr641026 sent", [("mr641026", I, 0.5, 0.6)]),
        (OTHER, "SIN: 123 456 789", [("123 456 789", I, 0.65, 0.75)]),
        (OTHER, "NI number: AB123456C", [("AB123456C", I, 0.85, 0.95)]),
        (OTHER, "viral load x1000000 copies, po2 100000", []),
        (OTHER, "lot ab123456 exp 2025", []),
        (OTHER, "in a rut 2019", []),
        # account labels in other languages
        (ACCOUNT, "Numéro de compte: 4412093", [("4412093", A, 0.85, 0.95)]),
        (ACCOUNT, "Kontonummer: 4412093", [("4412093", A, 0.85, 0.95)]),
        (ACCOUNT, "Cuenta: 4412093", [("4412093", A, 0.65, 0.75)]),
        (ACCOUNT, "la cuenta 12", []),
        # an OCR letter first in the middle group of an SSN
        (SSN, "SSN: 354 S2 2659", [("354 S2 2659", S, 0.9, 0.95)]),
        (SSN, "SSN: 354 O2 2659", [("354 O2 2659", S, 0.9, 0.95)]),
        (SSN, "seen at 354 Sloan St", []),
    ],
)
def test_identifier_forms(
    recognizer: Recognizer, text: str, expected: list[tuple[str, Category, float, float]]
) -> None:
    check(recognizer, text, expected)


def test_ocr_l_before_a_slash_date() -> None:
    check(DateRecognizer(), "FAX COVER  Date: l/15/25  Pages: 3", [("l/15/25", D, 0.9, 0.95)])
    check(DateRecognizer(), "L4/5 disc and ml/15/25", [])
