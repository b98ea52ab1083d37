"""OCR letters inside numbers (``l01``, ``1OO``, ``S79-8991``, ``4S22 7663 45``, ``l0/2``): the OCR view
reads them as digits, so the number recognizers find the identifier; spine levels, lab names, ICD-10
codes, pathology numbers and words with the same letters stay as written.
"""

from __future__ import annotations

import pytest
from detection_tables import check

from phigate.detection.base import Recognizer
from phigate.detection.builtin._labels import label_scan
from phigate.detection.builtin._tokens import chunk_index, ocr_view
from phigate.detection.builtin.age import AgeRecognizer
from phigate.detection.builtin.dates import DateRecognizer
from phigate.detection.builtin.mrn import MRNRecognizer
from phigate.detection.builtin.phone import PhoneRecognizer
from phigate.detection.builtin.ssn import SSNRecognizer
from phigate.model import Category

A, D, S, M, P = Category.AGE, Category.DATE, Category.SSN, Category.MRN, Category.PHONE


@pytest.mark.parametrize(
    ("text", "view"),
    [
        ("age l01 years", "age 101 years"),
        ("a 1OO year old", "a 100 year old"),
        ("ext. 31OO.", "ext. 3100."),
        ("seen 2OO5", "seen 2005"),
        ("call S79-8991", "call 579-8991"),
        ("at +1 626 S76 1629 re", "at +1 626 576 1629 re"),
        ("MRN 4S22 7663 45", "MRN 4522 7663 45"),
        ("seen l0/2 and l2/3/21", "seen 10/2 and 12/3/21"),
        ("SSN l57-56-3296", "SSN 157-56-3296"),
        ("ext l77.", "ext 177."),
        ("Cell: +l (551) 892-7871", "Cell: +1 (551) 892-7871"),
        ("2021-10-3lT02:20:49Z", "2021-10-31T02:20:49Z"),
        ("NOTE 2019-09-07 O2:51 Pt", "NOTE 2019-09-07 02:51 Pt"),
        ("UDI (O1)00742545126063(21)GB9458", "UDI (01)00742545126063(21)GB9458"),
        ("seen O6.09.2022", "seen 06.09.2022"),
    ],
)
def test_ocr_view_reads_letters_inside_numbers_as_digits(text: str, view: str) -> None:
    assert ocr_view(text) == view


@pytest.mark.parametrize(
    "text",
    [
        "L5-S1, C5-6, T12, t12-l1, l5-s1, l4/5, l1/2 disc",
        "O2 sat 95%, 2L O2, CO2 24, SpO2 98, HCO3 22, IO ok",
        "lOO and blOOd, SOB, IS 750, x1OO, H2O",
        "ICD S72.001A, O24.4, I10, I48.91, S21-12345, SP-21-1234",
        "Lasix 40mg BID, KCl 20 mEq, D5 1/2 NS",
        "l01.5 F",
    ],
)
def test_ocr_view_leaves_clinical_letters(text: str) -> None:
    assert ocr_view(text) == text


def test_a_text_and_its_ocr_view_have_the_same_labels() -> None:
    text = "MRN 4S22 7663 45, DOB l0/2/1950, callback (523)l75-O613"
    view = ocr_view(text)
    assert view == "MRN 4522 7663 45, DOB 10/2/1950, callback (523)175-0613"
    assert label_scan(view) == label_scan(text)
    assert label_scan(view).text == view
    assert chunk_index(view) == chunk_index(text)
    assert label_scan(text).of("MRN").starts == (0,)
    assert label_scan(text).of("DOB").words == ("dob",)
    assert label_scan(text).of("PHONE").words == ("callback",)


@pytest.mark.parametrize(
    ("recognizer", "text", "expected"),
    [
        (AgeRecognizer(), "a 1OO year old woman", [("1OO", A, 0.85, 0.95)]),
        (AgeRecognizer(), "age l01 years", [("l01", A, 0.85, 0.95)]),
        (DateRecognizer(), "seen l0/2 for", [("l0/2", D, 0.8, 0.9)]),
        (DateRecognizer(), "NOTE 2019-09-07 O2:51 Pt", [("2019-09-07 O2:51", D, 0.9, 1.0)]),
        (SSNRecognizer(), "SSN (on file): l57-56-3296", [("l57-56-3296", S, 0.9, 1.0)]),
        (SSNRecognizer(), "SSN 079 81\n4396\nPt seen", [("079 81\n4396", S, 0.9, 1.0)]),
        (PhoneRecognizer(), "call S79-8991 today", [("S79-8991", P, 0.85, 0.95)]),
        (PhoneRecognizer(), "Paged at +1 626 S76 1629 re", [("+1 626 S76 1629", P, 0.9, 1.0)]),
        (PhoneRecognizer(), "Charge nurse pg 118O4", [("118O4", P, 0.75, 0.85)]),
        (PhoneRecognizer(), "call 345-521-0527 ext l77.", [("345-521-0527 ext l77", P, 0.9, 1.0)]),
        (MRNRecognizer(), "MRN 4S22 7663 45\nSex F", [("4S22 7663 45", M, 0.85, 0.95)]),
    ],
)
def test_ocr_numbers_are_found(
    recognizer: Recognizer, text: str, expected: list[tuple[str, Category, float, float]]
) -> None:
    check(recognizer, text, expected)


@pytest.mark.parametrize(
    ("recognizer", "text"),
    [
        (SSNRecognizer(), "SSN 079 81\n\n4396 units"),
        (DateRecognizer(), "l4/5 disc bulge; L5-S1 fusion; T12 fx"),
        (PhoneRecognizer(), "SOB, IS 750, O2 95%, SpO2 98"),
    ],
)
def test_ocr_lookalikes_stay_clean(recognizer: Recognizer, text: str) -> None:
    check(recognizer, text, [])
