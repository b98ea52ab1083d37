"""Identifiers, names, dates and ZIP codes laid out as text tables: the label heads a column."""

from __future__ import annotations

import pytest

from phigate.detection import default_detector
from phigate.detection.builtin._columns import column_cells, header_columns
from phigate.detection.builtin._tokens import ocr_view
from phigate.model import Category

D = default_detector()


def _found(text: str) -> list[tuple[str, Category]]:
    return [(text[f.start : f.end], f.category) for f in D.find_text(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Name | MRN | DOB | Bed\nOrtiz, Nel | 00771234 | 07/19/1938 | 2A\n",
            [("Ortiz, Nel", Category.NAME), ("00771234", Category.MRN), ("07/19/1938", Category.DATE)],
        ),
        (
            "mrn,dob,zip\n771234,1938-07-19,04101\n",
            [("771234", Category.MRN), ("1938-07-19", Category.DATE), ("04101", Category.ZIP)],
        ),
        (
            "MRN\tSSN\tAcct\n771234\t321-54-9876\t66123456\n",
            [("771234", Category.MRN), ("321-54-9876", Category.SSN), ("66123456", Category.ACCOUNT)],
        ),
        (
            "PATIENT            MRN        ACCT#\nORTIZ, NEL         771234     8812345\n",
            [("ORTIZ, NEL", Category.NAME), ("771234", Category.MRN), ("8812345", Category.ACCOUNT)],
        ),
        (
            "MRN      DOB        SSN\n771234   07/19/38   321-54-9876\n",
            [("771234", Category.MRN), ("07/19/38", Category.DATE), ("321-54-9876", Category.SSN)],
        ),
    ],
)
def test_cells_take_the_category_of_their_header(text: str, expected: list[tuple[str, Category]]) -> None:
    found = _found(text)
    for item in expected:
        assert item in found, found


@pytest.mark.parametrize(
    "text",
    [
        "Test | Value | Ref range | Units\nSodium | 139 | 135-145 | mmol/L\nWBC | 7.2 | 4.0-11.0 | K/uL\n",
        "Name | Dose | Route | Freq\nLisinopril | 10 mg | PO | daily\nHeparin | 5000 units | SC | q8h\n",
        "Time  HR  BP  RR  SpO2\n0800  84  128/76  18  96\n1200  90  132/80  20  95\n",
        "Drug,Dose,Units\nInsulin Glargine,22,units\n",
    ],
)
def test_clinical_tables_stay_clean(text: str) -> None:
    assert _found(text) == []


def test_a_cell_that_does_not_fit_its_header_is_not_read() -> None:
    text = "Name | MRN | Room\nunknown | pending | 4B\n"
    assert _found(text) == []


def test_csv_header_needs_label_like_cells() -> None:
    text = "MRN, DOB and the rest were checked at the desk\n771234, 1938\n"
    assert list(column_cells(text, 0, 3)) == []


def test_header_columns_need_two_header_words() -> None:
    assert header_columns("Name  Dose\nAspirin Low  81 mg\n") == ()
    assert header_columns("Patient has no table here.") == ()


@pytest.mark.parametrize(
    ("text", "value"),
    [("Pt unit no: 3391 806s 22\n", "3391 806s 22"), ("MRN 55s190\n", "55s190")],
)
def test_lowercase_s_for_5_inside_a_record_number(text: str, value: str) -> None:
    assert (value, Category.MRN) in _found(text)


@pytest.mark.parametrize("text", ["Symptoms since the 1990s 2 times a year", "She is in her 80s now"])
def test_lowercase_s_after_a_number_stays_a_letter(text: str) -> None:
    assert ocr_view(text) == text
