"""Places in notes written all in capitals or all in lowercase: facility names, towns after cues,
counties, address city lines, hospital initials; and the charting phrases in such notes that are not
places (all synthetic)."""

from __future__ import annotations

import pytest

from phigate.detection.base import Detector
from phigate.detection.builtin.facilities import FacilityRecognizer
from phigate.detection.builtin.places import PlaceRecognizer
from phigate.model import Category

DETECTOR = Detector([PlaceRecognizer(), FacilityRecognizer()])


def _locations(text: str) -> list[str]:
    return [text[f.start : f.end] for f in DETECTOR.find_text(text) if f.category is Category.LOCATION]


FOUND = [
    # lowercase facilities named after a person, a saint or a charity
    ("okafor clinic\n12 pine road\nsomewhere", "okafor clinic"),
    ("cc: dr. ann lee; thornbury medical center\nplan: rest", "thornbury medical center"),
    ("referred to dr. kim at st. agnes's hospital. seen today", "st. agnes's hospital"),
    ("pathologist: bo li, md  frost medical center  2020-01-02", "frost medical center"),
    ("face sheet  mercy rehabilitation center\nname: x", "mercy rehabilitation center"),
    ("face sheet  garnerland urgent care\nname: x", "garnerland urgent care"),
    ("seen at holy cross for her transplant, doing well.", "holy cross"),
    ("PT HAD A VALVE REPAIR AT HOLY CROSS LAST YEAR.", "HOLY CROSS"),
    ("was transferred from memorial hospital on 3/2 for cath.", "memorial hospital"),
    # short hospital names and initials in any case
    ("FOLLOWING U IOWA PROTOCOL FOR INSULIN.", "U IOWA"),
    ("per u iowa consult, increase the drip.", "u iowa"),
    ("pt may be evaluated by gsmc for transplant.", "gsmc"),
    ("pt transferred to brannock micu overnight.", "brannock"),
    ("plan: transfer wexcombe 4 in am.", "wexcombe"),
    # lowercase towns, regions and counties after cues
    ("a 70 year old retired farmer from north delia.", "north delia"),
    ("a retired nurse from kettlesburgh.", "kettlesburgh"),
    ("son lives in lake harold, reachable by phone.", "lake harold"),
    ("lives with husband and three daughters in ossingdale.", "ossingdale"),
    ("lives with her husband in marlow county.", "marlow county"),
    ("family drove up from the eastern shore- arrived 2am.", "eastern shore"),
    ("nephew works at the va in tacoma, visits weekends.", "tacoma"),
    ("other relatives in san antonio were called.", "san antonio"),
    # a lowercase address city line after a street line
    ("mailing address: 12 oak mills suite 3, port lucinda\nnotes: none", "port lucinda"),
    # all-capitals names after a strong cue
    ("71 YO ADMITTED TO DRUMMOND HOSPITL AFTER SYNCOPE.", "DRUMMOND HOSPITL"),
    ("WIFE (STILL AT HOME IN KETTLESBURGH) CALLED.", "KETTLESBURGH"),
]


@pytest.mark.parametrize(("text", "place"), FOUND)
def test_places_in_one_case_are_found(text: str, place: str) -> None:
    assert place in _locations(text)


NOT_PLACES = [
    "PLAN: KEEP COMFORT FOCUSED NURSING CARE, TITRATE DRIPS.",
    "PRONOUNCED. POST MORTEM CARE GIVEN TO PT.",
    "PROGRESS DIET AND RESUME PREOP VASCULAR SURGERY CARE",
    "pls refer to carevue, cont routine postop trach care and suction",
    "PT GOT UP TO COMMODDE X3, SMALL BM.",
    "HE WAS IN ATRIAL TRIGEMANY OVERNIGHT.",
    "VENT WEANED BACK TO PREVIUOS MODE.",
    "ANXIOUS R/T HOSP. ENCOURAGED TO REST.",
    "RHYTHM SB 44-58, 1 DEGREE AV BLOCK, RARE PVCS.",
    "RECEIVED 7U REG INSULIN SQ FOR FS 262.",
    "96 YO LADY ADMITTED VIA EW WITH SOB.",
    "LINES: 3 ANTECUBITAL IVS INFUSING WELL.",
    "brief 9 beat run nsvt at 0300, lytes sent.",
    "went from new onset afib to sinus.",
    "report in the section of careview.",
    "rounds on the west wing today.",
]


@pytest.mark.parametrize("text", NOT_PLACES)
def test_charting_in_one_case_is_no_place(text: str) -> None:
    assert _locations(text) == []
