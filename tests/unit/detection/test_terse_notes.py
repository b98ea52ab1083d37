"""Names, places and facilities in terse ICU charting: all capitals, all lowercase, shorthand.

Real nursing notes have no case signal and reuse name-list words as charting words (``PT ALERT``,
``lt yellow``, ``RATE INC``), so the recognizers lean on the word lists there. Every text here is
synthetic; the names are invented.
"""

from __future__ import annotations

import pytest
from detection_tables import covered
from detection_tables import spans_of as spans

from phigate.detection.base import Detector
from phigate.detection.builtin._caps import ocr_key
from phigate.detection.builtin.facilities import FacilityRecognizer
from phigate.detection.builtin.names import NameRecognizer
from phigate.detection.builtin.places import PlaceRecognizer
from phigate.detection.builtin.zip_codes import ZipRecognizer
from phigate.model import Category

NAMES = Detector([NameRecognizer()])
PLACES = Detector([PlaceRecognizer(), FacilityRecognizer()])
ZIPS = Detector([ZipRecognizer()])


# (text, the name that must be found)
NAME_POSITIVES = [
    ("SOCIAL: SON BILL VISITED, UPDATED ON PLAN.", "BILL"),  # a common first name after a relative
    ("social: son bill called twice overnight", "bill"),
    ("NEURO: NP CAROL AWARE OF MS CHANGES.", "CAROL"),
    ("DAUGHTER TURVI CAN BE REACHED AT HOME.", "TURVI"),  # a relative: any name-shaped word
    ("WIFE HOPE KOWALCZYK AT BEDSIDE.", "HOPE KOWALCZYK"),  # a word, then a surname
    ("PATIENT BISHOP,DONALD SEEN FOR FOLLOW UP.", "BISHOP,DONALD"),
    ("NURSING NOTE 2/20/19  Pt ZACCHIA, FEDERIGO  Room 465", "ZACCHIA, FEDERIGO"),
    ("Thank you for seeing my patient Joy Zorlu, a 70 year old.", "Joy Zorlu"),
    ("Thank you for seeing my patient Peter Mason, a 70 year old.", "Peter Mason"),
    ("PATIENT VAN KUIJC, JANNE SEEN ON MONDAY.", "VAN KUIJC, JANNE"),
    ("VITALS STABLE | RN HELENA\nCOLLECTED 3/4", "HELENA"),  # a first name ending its line
    ("NEBS GIVEN, RESTING COMFORTABLY NOW. Q. MARLOWE RRT", "Q. MARLOWE"),
    ("OK TO USE AS CENTRAL LINE PER WARREN KAVALIUNAS NP", "WARREN KAVALIUNAS"),
    ("CASE REVIEWED WITH WURAOLA BELL, LCSW.", "WURAOLA BELL"),
    ("Results sent.\n\nJanet Foley, MD\n", "Janet Foley"),  # CLINICAL yields to a first name
    ("Critical result called to Crystal, RN at 10:40.", "Crystal"),
    ("please keep taking apixaban 5 mg po daily. - will portka, rn\n", "will portka"),
    ("please keep taking apixaban 5 mg po daily. - sherry, rn\n", "sherry"),
    ("and now RLL. Stord-Painter MD plans to attempt talc.", "Stord-Painter"),
    ("Mr./Ms. van Goerle presented to clinic.", "van Goerle"),
    ("John Smith IV was admitted for CHF.", "John Smith"),
    ("EMPLOYED BY CHASE, WARD AND NEAL SINCE 2005.", "CHASE, WARD AND NEAL"),
    ("DOUBLE-BARRELLED: FOX-LOPEZ CALLED BACK.", "FOX-LOPEZ"),
    ("Employee ID E698 (Turner, Vincent and Martin) on file.", "Turner, Vincent and Martin"),
]

# charting words after cues, drugs and doses, abbreviations: no name anywhere
NAME_NEGATIVES = [
    "NEURO: PT ALERT, ORIENTED X3, FOLLOWS COMMANDS.",
    "PT COMFORT MAINTAINED. PT. WILL PULL HEAD AWAY WHEN SUCTIONED.",
    "PT MORE AWAKE, PT NOW PLACED ON CPAP. PT WELL SEDATED.",
    "resp: when pt quiet rr 16-22, pt stable, pt awake and calm.",
    "PT AFEBRILE. PT INTUBATED AT 1700. PT MENTATING WELL.",
    "Notified team that pt not understanding plan. Asked good questions.",
    "just spoke with np, pt will be extubated in am.",
    "GIVEN IV LASIX 120MG X2 WITH FAIR RESPONSE. GIVEN ATIVAN .5MG IV X1.",
    "Received lasix 80mg IV BID. Lopressor 5mg IV given. Given 1mg ativan.",
    "O PLS SEE MD NOTE. PER MD'S ORDERS. ASSYMPTOMATIC, PA P'S 50'S.",
    "SKIN: SEE FLOWSHEET. INSULIN PER SLIDING SCALE. SEE PER CAREVUE.",
    "suctioned x3 for thin tan secretions. Lt heel ulcer unchanged.\nLT EAR RED.",
    "A: MS changes ?etiology, will reassess when ms clears.",
    "re-check ptt at 11pm, re-intubated at 0300.\nD/W SON RE: HEART TRANSPLANT.",
    "VENT RATE INC TO 12. TF INC TO GOAL. WO CO SOB.\nThermodilution CO 5.1.",
    "skin excorieated, red and sore. SATS, ABG AND LUNG SOUNDS IMPROVED.",
    "gi-poor po intake. GI-PO INTAKE. KUB-FULL OF STOOL.",
    "Tol diet. Soc: husband in. Pacer at 50. Rec'd fentanyl. Bil bs clear. 2u Reg insulin.",
    "Portuguese/English speaking, a,a,o x3. 68 yrs old Polish speaking male.",
    "CV: BEAR HUGGER ON. PACER SET AT 50. PERI AREA RED. INTUBATED, MECH VENT.",
    "LINE, REASON UNCLEAR.\nCheck K and Mg. Old L subclavian site clean.",
    "D/W PT'S SISTER. PT'S POOR PROGNOSIS DISCUSSED.",
    "500 cc NS bolus given, 250 cc ns repeated.",
    "MET WITH FAMILY - called - ABG drawn.",
]


@pytest.mark.parametrize(("text", "name"), NAME_POSITIVES)
def test_names_in_terse_notes(text: str, name: str) -> None:
    assert covered(NAMES, text, name), (text, spans(NAMES, text, Category.NAME))


@pytest.mark.parametrize("text", NAME_NEGATIVES)
def test_charting_words_are_not_names(text: str) -> None:
    assert spans(NAMES, text, Category.NAME) == []


# (text, the place that must be found)
PLACE_POSITIVES = [
    ("PT TRANSFERRED TO GH FOR EP STUDY.", "GH"),
    ("she is followed at gh by dr healey.", "gh"),
    ("arrived via amb from mercer ew for further eval", "mercer"),
    ("ems was called and pt brought to mercer hosp.", "mercer hosp"),
    ("Plan: transfer to Ashcombe 3, increase activity.", "Ashcombe"),
    ("PT IS 77 YO MAN ADMITTED TO ASHCOMBE6 W/ COPD", "ASHCOMBE6"),
    ("She came to GH EW with family.", "GH"),
    ("will transfer to St. Mary's tomorrow", "St. Mary's"),
    ("TAKEN TO UNION HOSP. WHERE EKG POSITIVE", "UNION HOSP"),
    ("PATIENT WAS SCREENED BY HOLY CROSS REHAB TODAY.", "HOLY CROSS REHAB"),
    ("SON LIVES IN WEST KAITLYN, REACHABLE BY PHONE.", "WEST KAITLYN"),
    ("GREW UP IN DUNN COUNTY; MOVED TO HARVEYBERG IN 2020.", "HARVEYBERG"),
    ("LIVES IN BALTIMORE WITH HER SON.", "BALTIMORE"),
    ("TO: SACRED HEART URGENT CARE  FAX: 555-0100", "SACRED HEART URGENT CARE"),
]

PLACE_NEGATIVES = [
    "She was admitted to OSH with CP. PRESENTED TO EW 8/25. IV NITRO SWITCHED TO PO.",
    "pt will go to IR for picc placement. placed back in AC for transport. RETURNED FROM CATH LAB.",
    "PT TRANSFERRED TO MICU, THEN TO CCU. Pt transferred from TSICU at 6pm. went into AFIB.",
    "WHEN CAN I GO HOME? GOAL IS TO KEEP SBP ~110. PLAN IS TO WEAN VENT.",
    "SHIFTING BACK TO CENTER OF BED. SR TO ST. HIGH PEAKS.\nNSR to ST. No ectopy.",
    "TRACH CARE GIVEN. CONT PULM TOILET. PT AWAITS REHAB PLACEMENT. ASKING TO LEAVE HOSPITAL.",
    "PMH: DEMENTIA-NSG HOME RESIDENT. Patient went to CT Scan. Quinton cath placed.",
    "GI: ABD SOFT, FLAT, NT,ND. PMH: CABG 81, MVR,MI 81. swan placed, RI stable.",
    "AT 9 PM. PT IS 2L POSITIVE. SAT 98. TOL TF. 3 LITERS NC IS ON.",
]


@pytest.mark.parametrize(("text", "place"), PLACE_POSITIVES)
def test_places_in_terse_notes(text: str, place: str) -> None:
    assert covered(PLACES, text, place), (text, spans(PLACES, text, Category.LOCATION))


@pytest.mark.parametrize("text", PLACE_NEGATIVES)
def test_units_and_charting_are_not_places(text: str) -> None:
    assert spans(PLACES, text, Category.LOCATION) == []


def test_decade_is_not_a_zip() -> None:
    assert spans(ZIPS, "SHE THINKS BACK IN 1940S. HX OF MI IN 1980s.", Category.ZIP) == []
    assert spans(ZIPS, "Springfield, IN 46205", Category.ZIP) == ["46205"]


@pytest.mark.parametrize("word", ["5mg", "80MG", "10mg", "8Gm", "4L", "11AM"])
def test_doses_are_not_ocr_words(word: str) -> None:
    assert ocr_key(word) is None


def test_ocr_words_are_still_read() -> None:
    assert ocr_key("Natha1ie") == "nathalie"
    assert ocr_key("8ADOGLIO") == "badoglio"
