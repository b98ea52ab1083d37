from __future__ import annotations

import pytest
from detection_tables import check

from phigate.detection.builtin.mrn import MRNRecognizer
from phigate.model import Category

M = Category.MRN
R = MRNRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MRN: 00123456", [("00123456", M, 0.85, 0.95)]),
        ("MR# 1234567", [("1234567", M, 0.85, 0.95)]),
        ("MRN12345678 on the band", [("12345678", M, 0.85, 0.95)]),
        ("Medical record number is A123456.", [("A123456", M, 0.85, 0.95)]),
        ("Medical Record No. 7654321", [("7654321", M, 0.85, 0.95)]),
        ("med-rec #: 99812", [("99812", M, 0.85, 0.95)]),
        ("Acc# RAD-2021-000123", [("RAD-2021-000123", M, 0.85, 0.95)]),
        ("Accession number: 21-CT-004512", [("21-CT-004512", M, 0.85, 0.95)]),
        ("Specimen ID: S21-12345", [("S21-12345", M, 0.85, 0.95)]),
        ("CSN 123456789", [("123456789", M, 0.85, 0.95)]),
        ("Encounter #: 44556677", [("44556677", M, 0.85, 0.95)]),
        ("chart 55512345", [("55512345", M, 0.65, 0.75)]),
        ("(MRN 5551234)", [("5551234", M, 0.85, 0.95)]),
        # "MRN" glued to the word before it and to its digits
        ("pt idMrn:5551234 on file", [("5551234", M, 0.8, 0.9)]),
        ("bandmrn#1234567 and xMRN12", [("1234567", M, 0.8, 0.9)]),
        ("notemrnMRN7654321", [("7654321", M, 0.8, 0.9)]),
        # distinctive shapes without a label
        ("path report S21-12345 shows", [("S21-12345", M, 0.55, 0.65)]),
        (
            "CT-21-12345 and RAD-2021-000123",
            [("CT-21-12345", M, 0.55, 0.65), ("RAD-2021-000123", M, 0.55, 0.65)],
        ),
        # near misses
        ("MRN: pending", []),
        ("MRN 12", []),
        ("chart 2021 review", []),
        ("the chart 123", []),
        ("Mr. Smith was seen", []),
        # clinical traps
        ("CT chest 3 mm nodule; COVID-19 negative; T2-weighted", []),
        ("ICD-10 E11.9, CPT 99214", []),
    ],
)
def test_mrn_table(text: str, expected: list[tuple[str, Category, float, float]]) -> None:
    check(R, text, expected)
