"""Surface forms of record, encounter and specimen numbers (MRN) after their labels."""

from __future__ import annotations

import pytest
from detection_tables import findings

from phigate.detection import default_detector
from phigate.detection.builtin.mrn import MRNRecognizer
from phigate.model import Category

R = MRNRecognizer()
_IDENTIFIERS = {
    Category.SSN,
    Category.MRN,
    Category.ACCOUNT,
    Category.HEALTH_PLAN,
    Category.LICENSE,
    Category.ID,
}


def _mrns(text: str) -> list[str]:
    return [span for span, category, _ in findings(R, text) if category is Category.MRN]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        # digit groups that are not dates
        ("MRN: 12-34-56", ["12-34-56"]),
        ("MR No.: 220-11-45", ["220-11-45"]),
        ("MR#: 448-81-22", ["448-81-22"]),
        ("MRN: 448 9 44\nDOB: see chart", ["448 9 44"]),
        # several values after one label
        ("MRN 123456 / 654321", ["123456", "654321"]),
        ("MRNs: 448840, 448841", ["448840", "448841"]),
        ("MRN 448815 (old) / A448816 (new)", ["448815", "A448816"]),
        # wide blanks of aligned forms, words of an update
        ("MRN:                          448901", ["448901"]),
        ("MRN was changed to 448912", ["448912"]),
        ("MRN listed as 448913 in the old system", ["448913"]),
        # bracketed labels, no-break and thin spaces of exported text, CRLF line ends
        ("[MRN]: 448812", ["448812"]),
        ("(MRN): 448813", ["448813"]),
        ("MRN\u00a0448815", ["448815"]),
        ("Patient MRN#\u00a0448832", ["448832"]),
        ("MRN:\u2009448817", ["448817"]),
        ("Medical Record Number\r\n448831\r\n", ["448831"]),
        # registration and inpatient numbers, HL7-style and system-named labels
        ("Reg No: 448813", ["448813"]),
        ("IP No: 448815", ["448815"]),
        ("UHID: 448817", ["448817"]),
        ("PID: 448822", ["448822"]),
        ("Rec. No. 448825", ["448825"]),
        ("Record: 448835", ["448835"]),
        ("MEDITECH #: 448839", ["448839"]),
        ("Medical record number for Jane Doe: 448830", ["448830"]),
        # a comma, a blank line or a masked value between label and value; the label after the value
        ("MRN, 448816", ["448816"]),
        ("MRN\n\n448825", ["448825"]),
        ("MRN ending in 8812", ["8812"]),
        ("Encntr #: 448821", ["448821"]),
        ("Jane Doe, 448818 (MRN), seen today", ["448818"]),
        # exported records: quoted values, attributes, an indented next line
        ('"mrn": "448813"', ["448813"]),
        ("MRN='448817'", ["448817"]),
        ('<mrn value="448823"/>', ["448823"]),
        ("MRN:\n        448812", ["448812"]),
        # glued labels
        ("MedRec#: 448870", ["448870"]),
        ("MedRecNo: 448871", ["448871"]),
    ],
)
def test_record_number_forms(text: str, values: list[str]) -> None:
    assert _mrns(text) == values


@pytest.mark.parametrize(
    "text",
    [
        "Visit on 11-04-2023.",
        "Encounter date 11/04/2023.",
        "MRN 448812, 72 yo M, 5 ft 6 in",
        "Order 2 of 3 completed.",
        "Chart 10 mg dose given.",
        "MRN verified x2.",
        "Specimen A1 and A2 submitted.",
        "Accession time 0830.",
        "h/o PID 2003, treated.",
        "Reg insulin 4 units; rec 1000 mL.",
        "Will record 2 more readings.",
        "Labs, 1234 mL total output.",
        "given 1000 (chart) units",
        "MRN 448812 / DOB 01/02/1960",
        "MRN 448812, 2023 admission",
        "MRN 448812, 1000 units given",
    ],
)
def test_no_extra_record_numbers(text: str) -> None:
    assert [span for span in _mrns(text) if span != "448812"] == []


@pytest.mark.parametrize(
    "text",
    [
        "Metoprolol 25 mg PO BID, lot A448812 exp 2025-06.",
        "Na 138, K 4.1, Cl 101, HCO3 24, BUN 18, Cr 1.1, glucose 112.",
        "ICD-10 E11.65 and I10; CPT 99214.",
        "NDC 0002-3227-30 dispensed.",
        "Ventilator AC 500x12, PEEP 5, FiO2 40%.",
        "BP 120/80, HR 72, RR 16, SpO2 98%.",
        "Heparin drip at 1,200 units/hr; ref range 3.5-5.0.",
        "Visit 2 of 3; encounter 3 of 4; card 2 of 3.",
        "Age group: 65-74. Blood group: O+.",
        "Support group 1234 meets Tuesdays.",
        "Claim filed 11/04/2023. Policy effective 01/01/2024.",
        "License expires 06/30/2025. Member since 2019.",
        "Visa application pending; discover new hobbies.",
        # all-caps nursing shorthand: ventilator settings and ranges of decades
        "RESP: REMAINS ON AC 600X12X.40/5 PEEP.",
        "REMAINS ON SIMV X18X450X50% AND PEEP 8.",
        "HEMODYNAMICS: SBP 110-150S, HR 80S-90S SR.",
    ],
)
def test_clinical_numbers_are_not_identifiers(text: str) -> None:
    found = [f for f in default_detector().find_text(text) if f.category in _IDENTIFIERS]
    assert found == [], [(text[f.start : f.end], f.category) for f in found]
