"""Places in terse charting: shorthand and misspelt cues, lowercase and capitals, labels, care homes,
counties and public services named after a town (synthetic text, invented places)."""

from __future__ import annotations

import pytest

from phigate.detection.base import Detector
from phigate.detection.builtin.facilities import FacilityRecognizer, cue_key
from phigate.detection.builtin.places import PlaceRecognizer
from phigate.model import Category

DETECTOR = Detector([PlaceRecognizer(), FacilityRecognizer()])


def locations(text: str) -> list[str]:
    return [text[f.start : f.end] for f in DETECTOR.find_text(text) if f.category is Category.LOCATION]


FOUND = [
    # shorthand and misspelt verbs of living and moving
    ("lvs in colvin w/ wife", "colvin"),
    ("LIVS ALONE IN QUANSET.", "QUANSET"),
    ("pt trasnferred frm Ostrander General for cath", "Ostrander General"),
    ("RETIRED, LIVES IN KESSLING", "KESSLING"),
    # lowercase notes: names no list knows, known cities that are words, two-word towns
    ("retired, lives in brisbee", "brisbee"),
    ("visiting family in bend, fell on ice", "bend"),
    ("mvc near bend, restrained driver", "bend"),
    ("flew in from ashgrove springs yesterday", "ashgrove springs"),
    ("pt from bel air. vss.", "bel air"),
    ("pt from nashua. family aware.", "nashua"),
    ("presenting to maple grove w/ chest pain", "maple grove"),
    # a town before "area", events, sites
    ("CC: from Lindqvist area;", "Lindqvist"),
    ("FELL AT THE WALMART IN BRISBEE;", "BRISBEE"),
    ("MVA near Elkton, ambulatory at scene", "Elkton"),
    ("went to urgent care in Wrenfield yesterday", "Wrenfield"),
    # labels after another label and in capitals
    ("CC: HOMETOWN: FARGO. VSS.", "FARGO"),
    ("S/O: Hometown: Caldermoor.", "Caldermoor"),
    ("- OSH: St. Ignatius;", "St. Ignatius"),
    # discharge shorthand before a care home
    ("d/c to Levindale today", "Levindale"),
    ("REHAB: HARWOOD MANOR;", "HARWOOD MANOR"),
    ("SOCIAL: SNF: EMBERLY GARDENS. FAMILY AWARE.", "EMBERLY GARDENS"),
    ("snf: meadowlark nursing home", "meadowlark nursing home"),
    ("plan d/c to Sunnyvale Nursing and Rehab vs home", "Sunnyvale Nursing and Rehab"),
    ("dispo - brightwater health and rehab once bed available", "brightwater health and rehab"),
    # mistyped heads, hyphenated names
    ("tx from sutton hosptial for cardiac cath.", "sutton hosptial"),
    ("HX OF ADMISSIONS TO WILLOWBEND HOSPTIAL", "WILLOWBEND HOSPTIAL"),
    ("transferred today from dorrance-whitby hosp for cath", "dorrance-whitby hosp"),
    # names in brackets after an outside hospital or a home's resident
    ("CAME FRM OSH (ELLICOTT CITY) INTUBATED", "ELLICOTT CITY"),
    ("NH RESIDENT (HEARTLAND OF MARLOWE). FAMILY AWARE.", "HEARTLAND OF MARLOWE"),
    # initials after "pt from", records and employers
    ("neuro: pt from mhh for further care", "mhh"),
    ("outside hosp records from bmc reviewed.", "bmc"),
    ("HUSBAND CEO OF QRX.  SMOKER", "QRX"),
    ("retired from USPS", "USPS"),
    # counties and public services named after a town
    ("social: cecil county ems brought pt in.", "cecil county"),
    ("neuro: found by wexley county police", "wexley county"),
    ("ambulance from bangor fire dept", "bangor"),
    ("Dispo/SW: ambulance from Ashgrove fire dept. VSS.", "Ashgrove"),
    # addresses: a bulleted street line, a unit after a dotted suffix
    ("- 59707 w cold spring pike, norcutt", "59707 w cold spring pike"),
    ("lives at 21 old mill hwy. #206", "21 old mill hwy. #206"),
]


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_found(text: str, expected: str) -> None:
    assert expected in locations(text)


NOT_FOUND = [
    "DISPO: Full Code",
    "Plan: For MRI in the morning",
    "tender but not in bursa; son aware",
    "rash in peri area, cream applied",
    "was in usoh until this am",
    "believed she was staying in vermont.",
    "transferred to micu.",
    "lives in pain",
    "came from rehab.",
    "pt from the floor.",
    "lives in apt.",
    "lives in trailer park.",
    "pt lives with mother in law.",
    "moved to chair.",
    "went to dialysis.",
    "transferred to stepdown.",
    "the fire dept arrived",
    "State police found him",
    "Local EMS called",
    "each county has its own rules",
    "works at MICU",
    "worked with PT today",
    "from OSH (records pending)",
    "OSH (CT head neg)",
    "osh (see above)",
    "SNF: House rules",
    "Foley in place, pt from home",
    "Hope to extubate; nonunion of L tibia",
    "lives in Maryland",
    "flew in from Florida",
    "pt from ltach w/ fever",
    "s/p x-ray clinic",
]


@pytest.mark.parametrize("text", NOT_FOUND)
def test_not_found(text: str) -> None:
    assert locations(text) == []


def test_generic_word_is_no_town() -> None:
    assert locations("lives in ballard section of city.") == ["ballard"]


def test_street_stops_before_with() -> None:
    assert locations("pt lives at 12 dogwood ln w/ son") == ["12 dogwood ln"]


def test_bullet_is_no_range() -> None:
    assert locations("BP 120/80 - 5 mg given") == []


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("lvs", "lives"),
        ("frm", "from"),
        ("transfered", "transferred"),
        ("trasnferred", "transferred"),
        ("xferred", "transferred"),
        ("lives", "lives"),
        ("transformed", "transformed"),  # an English word is no typo
        ("pt", "pt"),
    ],
)
def test_cue_key(key: str, expected: str) -> None:
    assert cue_key(key) == expected
