"""Hospitals and towns in nursing notes written in capitals: initials after transfer, stay,
procedure and care words, initials taken from a facility's full name in the same note, buildings
with their floor, towns after travel words; clinical abbreviations in the same places left alone.
All text is invented.
"""

from __future__ import annotations

import pytest

from phigate.detection import default_detector
from phigate.model import Category

DETECTOR = default_detector()


def places(text: str) -> list[str]:
    return [text[f.start : f.end] for f in DETECTOR.find_text(text) if f.category is Category.LOCATION]


FOUND = [
    ("PT TRANSFERRED FROM OSH (KGH) FOR CATH.", "KGH"),
    ("S/P CABG @ KGH 2 YRS AGO.", "KGH"),
    ("ECHO @ KGH: EF 30%.", "KGH"),
    ("F/U WITH CARDIOLOGY AT KGH.", "KGH"),
    ("PCP AT KGH. NO CHANGES.", "KGH"),
    ("HX OF MULTIPLE ADMITS TO KGH.", "KGH"),
    ("ADMITTED 5/2 TO KGH WITH CHF.", "KGH"),
    ("INTUBATED AT KGH AND TRANSFERRED HERE.", "KGH"),
    ("PREVIOUSLY AT KGH FOR PNA.", "KGH"),
    ("PT HAS HX OF CAD, S/P PCI TO LAD AT KGH (2004).", "KGH"),
    ("MRI AT KGH 5/2 SHOWED MASS.", "KGH"),
    ("PT D/C HOME FROM KGH.", "KGH"),
    ("TRANSFERRED OSH->KGH FOR CABG.", "KGH"),
    ("KGH ONCOLOGY FOLLOWING.", "KGH"),
    ("RECENT KGH ADMISSION FOR PNA.", "KGH"),
    ("PT TO MICU FROM KGH ED.", "KGH"),
    ("pt well known to kgh, here for cath.", "kgh"),
    ("s/p cabg @ kgh 2 yrs ago.", "kgh"),
    ("AWAITING BED ON WEXCOMBE 3.", "WEXCOMBE"),
    ("DAUGHTER DRIVING IN FROM TRELAWNEY TOMORROW.", "TRELAWNEY"),
    ("SISTER FLYING IN FROM TRELAWNEY.", "TRELAWNEY"),
    ("WIFE AND DAUGHTER HERE FROM TRELAWNEY.", "TRELAWNEY"),
    ("SON ON HIS WAY FROM TRELAWNEY.", "TRELAWNEY"),
    ("LIVES W/ WIFE IN TRELAWNEY.", "TRELAWNEY"),
    ("PT ADMITTED TO OSH IN TRELAWNEY.", "TRELAWNEY"),
    ("lives alone at 12 birch st. in salisbury. dtr visits daily.", "salisbury"),
]


@pytest.mark.parametrize(("text", "place"), FOUND)
def test_places_after_cues_in_capitals(text: str, place: str) -> None:
    assert place in places(text)


def test_initials_from_the_full_name_in_the_same_note() -> None:
    text = "PT WAS AT KETTLESBURGH GENERAL HOSPITAL LAST WEEK. KGH RECORDS REQUESTED."
    assert places(text) == ["KETTLESBURGH GENERAL HOSPITAL", "KGH"]
    text = "TRANSFERRED FROM KETTLESBURGH GENERAL (KGH) WITH CP. KGH CALLED BACK."
    assert places(text).count("KGH") == 2


def test_initials_need_a_name_with_a_head_word() -> None:
    # "St. Luke's" has no hospital word: "SL" stays sublingual
    assert places("SEEN AT ST. LUKE'S LAST MONTH. NTG 0.4 MG SL X1.") == ["ST. LUKE'S"]


@pytest.mark.parametrize(
    "text",
    [
        "GOING TO OR AT 1400. CT AT 1300. TO MRI. FROM PACU. TO CCU. FROM EW. FROM THE ED.",
        "PLAN TO SEND TO IR FOR A PICC, THEN TRANSFER TO MICU. BACK FROM THE OR.",
        "PT WITH CP AT REST. HR AT NSR. K AT 3.2. NO SOB AT HS.",
        "ECHO @ BS THIS AM. CATH @ 1400. SATS 95% @ 4L NC.",
        "TF @ GOAL. ADMITTED TO LTAC 5/2. D/C TO ECF.",
        "ON HALOPERIDOL 0.5MG PO Q8H. RR 19 ON PSVOF 12.",
        "HX FROM OSH (ICU) TEAM. DNR ADMISSION.",
        "INCREASE AMBULATION AND RESUME POSTOP THORACIC SURGERY CARE",
        "INCREASE AMBULATION AND RESUME POSTOP CARDIAC SURGERY CARE",
        "FAMILY FROM OUT OF STATE (OHIO).",
    ],
)
def test_clinical_abbreviations_after_the_same_cues_are_no_places(text: str) -> None:
    assert places(text) == []
