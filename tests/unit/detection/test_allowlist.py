from __future__ import annotations

import pytest

from phigate.detection.allowlist import (
    is_clinical_fraction,
    is_clinical_number,
    is_code,
    is_ratio,
    is_time,
    looks_like_icd10,
    measurement_follows,
    value_label_before,
)


def _span(text: str, value: str) -> tuple[int, int]:
    start = text.index(value)
    return start, start + len(value)


@pytest.mark.parametrize(
    ("text", "value", "expected"),
    [
        ("BP 120/80 sitting", "120/80", True),
        ("4/5 strength in the LUE", "4/5", True),
        ("2/6 systolic murmur", "2/6", True),
        ("VA 20/40 OD", "20/40", True),
        ("APGAR 8/9", "8/9", True),
        ("pain 7/10", "7/10", True),
        ("take 1/2 tab", "1/2", True),
        ("120/80 mmHg", "120/80", True),
        ("seen 3/14 in clinic", "3/14", False),
        ("admitted 3/4 from home", "3/4", False),
    ],
)
def test_clinical_fractions(text: str, value: str, expected: bool) -> None:
    assert is_clinical_fraction(text, *_span(text, value)) is expected


@pytest.mark.parametrize(
    ("text", "value", "expected"),
    [
        ("metoprolol 25 mg", "25", True),
        ("K 4.1 mmol/L", "4.1", True),
        ("SpO2 98%", "98", True),
        ("T 98.6F", "98.6", True),
        ("Na 138", "138", True),
        ("GCS 15", "15", True),
        ("CPT 99214", "99214", True),
        ("viral load 1500000 copies", "1500000", True),
        ("MRN 1234567", "1234567", False),
        ("call 5550199 now", "5550199", False),
        ("room 412 in", "412", False),
    ],
)
def test_clinical_numbers(text: str, value: str, expected: bool) -> None:
    assert is_clinical_number(text, *_span(text, value)) is expected


def test_units_labels_times_ratios_and_codes() -> None:
    assert measurement_follows("25 mg", 2) and measurement_follows("10mg", 2)
    assert not measurement_follows("25 mgx", 2) and not measurement_follows("25 patients", 2)
    assert value_label_before("Hgb 11.3", 4) and not value_label_before("seen 11/3", 5)
    for time in ("14:30", "2pm", "2:30 p.m.", "09:15:30"):
        assert is_time(time, 0, len(time))
    assert not is_time("3/4", 0, 3) and not is_time("25:99", 0, 5)
    assert is_ratio("1:2", 0, 3) and is_ratio("titer 1:10", 6, 10)
    assert not is_ratio("at 1:10 pm", 3, 7) and not is_ratio("a/b", 0, 3)
    assert looks_like_icd10("E11.9") and looks_like_icd10("I10") and looks_like_icd10("s72.001a")
    assert not looks_like_icd10("U07") and not looks_like_icd10("E1")
    assert is_code("ICD-10 E11.9", 7, 12) and is_code("CPT 99214", 4, 9)
    assert not is_code("MRN 99214", 4, 9)
