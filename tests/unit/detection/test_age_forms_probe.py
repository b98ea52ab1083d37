"""Ages over 89 in form fields whose next line starts another field or reading (``Age: 92\nHR 72``,
``Age: 97\nMin. assist``, ``Sex / Age: M / 98\nD/C plan``), with ``Years old:`` as a label, a sex
before the number opening a line after a reading (``6\nF, 96``), a bracketed name, age and sex before
vitals, a lowercase name, age and sex, and a patient banner (``LEE,ANN 4829130 F 92``); and the
durations, temperatures and readings that still read as none. Invented text.
"""

from __future__ import annotations

import pytest
from detection_tables import check

from phigate.detection.builtin.age import AgeRecognizer
from phigate.model import Category

A = Category.AGE
R = AgeRecognizer()


@pytest.mark.parametrize(
    ("text", "age"),
    [
        # the next line opens another field or reading: no unit of the age above it
        ("BP 140/82.\nAge at admission: 92\nHR 95, RR 18.", "92"),
        ("Age: 97\nMin. assist for transfers", "97"),
        ("Age: 103\nWeeks since surgery: 3", "103"),
        ("Age: 91\nD/C plan: SNF", "91"),
        ("Age: 100\nD.O.B.: 01/02/1925\nSex: F", "100"),
        ("Aged: 104\nDays on abx: 3", "104"),
        ("Age =  95\nHrs of sleep: 6", "95"),
        ("aged 101\nhr 72 bp 110/60", "101"),
        ("Age: ninety-nine\nMin assist x1.", "ninety-nine"),
        ("Sex / Age : M / 98\nD/C planning in progress.", "98"),
        ("Sex / Age : F / 104\nHR 95", "104"),
        ("Pt is 93\nHR 80 regular", "93"),
        # "Years old:" as a label
        ("Years old: 98\nHR 95", "98"),
        ("Years of age: 94", "94"),
        # a sex and a comma opening a line, after a reading on the line above
        ("Hrs of sleep: 6\nF, 96\nHrs of sleep: 6", "96"),
        # a field holding age and sex ends its line: the vitals below are no temperature's
        ("Patient: Odile (92, M)\nHR 88, RR 16.", "92"),
        ("Demographics: 101/M/White\nTemp 98.6 F, SpO2 96%.", "101"),
        # a lowercase name, age and sex
        ("patient: odile brannagh-voss, 98, m", "98"),
        # a banner: name, record number, sex, age
        ("QUILLFEATHER,ODILE 7762128 F 92", "92"),
    ],
)
def test_ages_in_fields_and_banners(text: str, age: str) -> None:
    check(R, text, [(age, A, 0.55, 0.95)])


@pytest.mark.parametrize(
    "text",
    [
        # a unit on the next line of wrapped prose still makes a duration
        "She has been NPO for 92\ndays now per family.",
        "tube feeds held x 96\nhours for the procedure",
        # a column of vitals: a temperature, then a rate on the next line
        "Vitals:\n101 F\nHR 92",
        # temperatures and readings after a sex-looking F
        "Tmax 101 F, HR 92",
        "T 100 F po\nHR 96",
        # a discharge after a bare number is no age
        "SBP 95\nD/C home with PT",
        # numbers before a sex in a banner that is not a record number
        "Room 94 F\nBed 2",
        "BP 92/60, HR 95, SpO2 98%, glucose 97, 95 mg, Room 94, in 1992, 99.1 F, 96 hours",
        "age 45 F; 92 units insulin; 90 days of abx",
    ],
)
def test_lookalikes_stay_clean(text: str) -> None:
    check(R, text, [])
