"""Places by their cues in ICU notes: hospital initials and wards after a stay, a name found again,
towns after residence and visitor cues, lowercase addresses; and the clinical phrases that are not
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


HOSPITALS = [
    # initials after a stay, a procedure, a discharge or before an emergency room
    ("Pt is a 70 yo male well known to GH with hx of CHF.", "GH"),
    ("PT HAD CABG AT GH IN 1999.", "GH"),
    ("PT HAS HAD MULTIPLE ADMISSIONS TO GH.", "GH"),
    ("pt was d/c'd from gh 2 weeks ago.", "gh"),
    ("CABG c/b ugib that she had at gh. She presents", "gh"),
    ("PT WAS IN GH EW FOR 6 HRS.", "GH"),
    ("GH EW: BP 90/50, HR 120.", "GH"),
    ("pt is well known to bidmc, hx of chf.", "bidmc"),
    ("PT MAY BE W/U BY BWMC FOR TRANSPLANT.", "BWMC"),
    # a hospital that is also a word, in lowercase before an emergency room
    ("pt went to harbor er with cp.", "harbor"),
    # wards with a floor number
    ("PT CALLED OUT TO FARR 2.", "FARR"),
    ("belongings found from farrowgate 5.  pt aware", "farrowgate"),
    # a saint's name after a transfer, without 's
    ("sent from st agnes for cath.", "st agnes"),
    ("PT WAS TRANSFERRED FROM ST JOSEPH FOR CABG.", "ST JOSEPH"),
]


@pytest.mark.parametrize(("text", "place"), HOSPITALS)
def test_hospitals_by_initials_and_wards(text: str, place: str) -> None:
    assert place in _locations(text)


NAMED_AGAIN = [
    ("TRANSFERRED FROM BRAXTON HOSPITAL. 7/23 AT BRAXTON- 2 FFP GIVEN.", ["BRAXTON HOSPITAL", "BRAXTON"]),
    ("Seen at Holy Cross Hospital. Accepted at Holy Cross for rehab.", ["Holy Cross Hospital", "Holy Cross"]),
    ("sent to GH for an echo. GH echo lab notified.", ["GH", "GH"]),
    ("from Harbor Hospital 3/6. Pt went to Harbor on 3/6.", ["Harbor Hospital", "Harbor"]),
]


@pytest.mark.parametrize(("text", "places"), NAMED_AGAIN)
def test_a_facility_named_again_by_its_name(text: str, places: list[str]) -> None:
    assert _locations(text) == places


TOWNS = [
    # residence cues a few words before the preposition, visitors' roles, sites
    ("Pt lives alone in Hazelwood, retired.", "Hazelwood"),
    ("LIVES WITH SON AND FAMILY IN ROCKVILLE.", "ROCKVILLE"),
    ("Cardiologist from Linwood in this am to see pt.", "Linwood"),
    ("Son from Tampa called for update.", "Tampa"),
    ("Had a flat at the motel in Bend overnight.", "Bend"),
    ("transfer from Good Samaritan s/p fall.", "Good Samaritan"),
    # a city that shares a word with a state or country
    ("Pt lives in Columbia with her husband.", "Columbia"),
    # lowercase known cities after a cue
    ("pt lives alone in glen burnie.", "glen burnie"),
    ("pt from dundalk, lives with son.", "dundalk"),
    # capitals: the place ends before English words, a state is no part of it
    ("PT WAS SEEN AT MERCER LAST WEEK.", "MERCER"),
    ("Daughter moved to Austin Texas in May.", "Austin"),
    # regions, campuses
    ("family from Eastern Shore arrived.", "Eastern Shore"),
    ("radiation planning on North Campus today.", "North Campus"),
    # lowercase rural routes, units and the city after a box
    ("my new address is rural route 7, box 471, shawnview", "rural route 7, box 471"),
    ("my new address is p.o. box 144, suite 433 for the bills", "suite 433"),
    ("mailing address: po box 9410, leslietown\npacemaker checked", "leslietown"),
]


@pytest.mark.parametrize(("text", "place"), TOWNS)
def test_towns_after_a_cue(text: str, place: str) -> None:
    assert place in _locations(text)


NOT_PLACES = [
    # clinical phrases read as streets or cities
    "SINCE 6/2 PT HAS FALLEN X 2. MOST RECENT FALL ON 6/9",
    "PT HAD BASELINE 1 ST DEGREE AV BLOCK AND COREG HELD",
    "HR 60s 1st AV block. PAD 22-26",
    "NSR WITH ONE 8 BEAT RUN OF VT NOTED.",
    "RESP NC 4L TOL WELL SATS 99%",
    "STARTED ON PROPOFOL ON ARRIVAL, DC'D WHEN WEANED.",
    "At this point, MS is the only barrier",
    "PT GIVEN MG,CA, AND K.",
    "MAY NEED MORE BP MEDS TO LOWER SBP.",
    "PAIN IN UPPER LEFT CHEST THAT SHE STATED",
    "DOPAMINE TITRATED TO MAX 11.4 MCG/KG",
    "believed she was at a motel in Conneticut.",
    "elbow infection localized, not in bursa \nwife in",
    # care phrases read as facilities
    "WILL, ADVANCE DIRECTIVES AND HEALTH CARE PROXY.",
    "contact social worker concerning rehab placement.",
    "cont to provide supportive care.",
    "plan- cont supprotive care, wife updated.",
    "case worker is working on setting up hopsice care",
    "GENERAL TRACH CARE GIVEN, ALL IS WELL.",
    "PRIAMRY CARE MD UPDATED THE FAMILY TODAY.",
    "P: CON'T REHAB/PT",
    "was o2 dep at prev rehab site",
    "PLAN DISCHARGE TO HOME IN THE NEXT 48HRS.",
    # units, rooms, rhythms and doses after a transfer or a stay
    "MOVE BACK TO Ward5.",
    "Transfer to Step Down when bed available.",
    "Taken to Operating Room at 0900.",
    "Sent to Pathology Lab for review.",
    "Discharged to Self Care.",
    "Representative from Social Work met family.",
    "ABG PRIOR TO INTUBATION 7.23/115/38",
    "she is to recieve 1 bag on call to or.",
    "V PACING TO JUNCTIONAL 60'S-70'S",
    "his sister plans to visit next month from fla, pt",
    "Pt well known to this unit.",
    "HR returned to NSR, 70s.",
    "transferred from PACU in stable condition.",
    "Follow up with CHF clinic.",
    "Specimen: GMC 071 plate",
]


@pytest.mark.parametrize("text", NOT_PLACES)
def test_clinical_phrases_are_not_places(text: str) -> None:
    assert _locations(text) == []
