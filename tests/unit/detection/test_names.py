"""NAME recognizer: a table of true positives, near misses and clinical traps (all synthetic text)."""

from __future__ import annotations

import pytest

from phigate.detection import RECOGNIZERS
from phigate.detection.base import Detector
from phigate.detection.builtin.names import NameRecognizer
from phigate.model import Category

DETECTOR = Detector([NameRecognizer()])


def found(text: str) -> list[str]:
    """The NAME spans the detector keeps (score >= 0.5), as text."""
    return [text[f.start : f.end] for f in DETECTOR.find_text(text) if f.category is Category.NAME]


def covered(text: str, value: str) -> bool:
    """True when every letter of ``value`` lies inside some reported span."""
    start = text.index(value)
    spans = [(f.start, f.end) for f in DETECTOR.find_text(text)]
    return all(
        any(s <= k < e for s, e in spans) for k in range(start, start + len(value)) if text[k].isalnum()
    )


# (text, the name that must be covered)
POSITIVES = [
    ("John Smith was seen today for follow up.", "John Smith"),
    ("SMITH, John is a 45 yo male with CHF.", "SMITH, John"),
    ("Smith, John A. presented with chest pain.", "Smith, John A"),
    ("Pt. J. Smith seen in clinic today.", "J. Smith"),
    ("Dr. Jane Doe-Patel reviewed the films.", "Jane Doe-Patel"),
    ("Spoke with Mr. O'Neil about the plan.", "O'Neil"),
    ("Case discussed with Dr. McDonald this morning.", "McDonald"),
    ("Seen by Maria de la Cruz in the office.", "Maria de la Cruz"),
    ("Consult by Dr. van der Berg appreciated.", "van der Berg"),
    ("pt john smith seen at bedside, feels better", "john smith"),
    ("PATIENT: JOHN SMITH", "JOHN SMITH"),
    ("Patient Name: OKONKWO, XIAOMING", "OKONKWO, XIAOMING"),
    ("daughter Hope at bedside, updated on plan.", "Hope"),
    ("Husband Baker is the health care proxy.", "Baker"),
    ("Electronically signed by: Priya Venkataraman, MD", "Priya Venkataraman"),
    ("cc: Oluwaseun Adebayo, NP", "Oluwaseun Adebayo"),
    ("Attending: Olga Kuznetsova; Resident: Ahmed Hassan", "Olga Kuznetsova"),
    ("Attending: Olga Kuznetsova; Resident: Ahmed Hassan", "Ahmed Hassan"),
    ("Mother: Fatima Al-Rashid (HCP)", "Fatima Al-Rashid"),
    ("Kevin Foley presented with abdominal pain.", "Kevin Foley"),
    ("Dr. Foley was notified of the result.", "Foley"),
    ("Discussed with Janina Baughman, RN.", "Janina Baughman"),
    ("Nguyen reports less pain overnight.", "Nguyen"),
    ("Per Kowalski, the wound is healing.", "Kowalski"),
    ("-- JS", "JS"),
    ("/s/ J.S., MD", "J.S."),
    ("Seen with interpreter; 王小明 signed consent.", "王小明"),
    ("Referred to Young for cardiology input.", "Young"),
    ("Spoke with patient's daughter May Lyne by phone.", "May Lyne"),
    ("Overnight, Will Young was admitted with sepsis.", "Will Young"),
    # labels and table cells
    ("NAME........... DEJ,PATRYK\nDOB............ 8/21/2010", "DEJ,PATRYK"),
    ("Patient: King, Omowumi  MRN: 981-532-952", "King, Omowumi"),
    ("Emergency contact: Ricardo J. Parkinson (sister) 596-616-0024", "Ricardo J. Parkinson"),
    ("PCP: Dr. Alexandra Ó Raifeartaigh", "Alexandra Ó Raifeartaigh"),
    ("From: Dr. Sarah A. Gould  Phone: +1-779-968-0163", "Sarah A. Gould"),
    ("RE: OLUFUNKE AWOL0WO  DOB 11/13/1969", "OLUFUNKE AWOL0WO"),
    ("Radiologist: Olansile B.  Pager 5-2508", "Olansile B"),
    ("Radiologist: E.Rzucidło  Pager 1-287-465-9550", "E.Rzucidło"),
    ("subscriber WILL HARRIS. Wound photo on file.", "WILL HARRIS"),
    # Last,First and LAST, FIRST M without a cue
    (
        "PROGRESS NOTE  9/6/2020\nYogi,Widisha  MRN 5753127\nS: Widisha reports feeling better.",
        "Yogi,Widisha",
    ),
    (
        "PROGRESS NOTE  9/6/2020\nYogi,Widisha  MRN 5753127\nS: Widisha reports feeling better.",
        "Widisha reports"[:7],
    ),
    ("NURSING NOTE 3/9/24  Pt JONES-KAUFMAN, ASHLEY M  Room 482", "JONES-KAUFMAN, ASHLEY M"),
    ("PROGRESS NOTE  8/22\nÓ SEARCAIGH, HAROLD  MRN 81640360", "Ó SEARCAIGH, HAROLD"),
    ("PROGRESS NOTE  May 3rd\nDE LA TORRE, PEDRO  MRN MR429194", "DE LA TORRE, PEDRO"),
    ("PATIENT MAC DUBHGHAILL, IAN SEEN MARCH 2023 FOR REVIEW", "MAC DUBHGHAILL, IAN"),
    # non-English names: diacritics, particles, multi-part and hyphenated surnames
    ("Per Bilal van 't Riet, the patient's spouse, confusion started Monday.", "Bilal van 't Riet"),
    ("HISTORY: Zita Mac an Bhreithimh is a 37 year old admitted for CHF.", "Zita Mac an Bhreithimh"),
    ("Seen with Dawn Đặng today; Nguyễn Thị Hoa translated.", "Dawn Đặng"),
    ("Thank you for seeing my patient Sjoerd van Tours, a 71 year old teacher.", "Sjoerd van Tours"),
    ("Mother: María José García-Núñez de la Peña called.", "María José García-Núñez de la Peña"),
    ("Pt Marion,\nNatha1ie  Room 489", "Marion,\nNatha1ie"),
    ("Shift assessment for Gülseren Korutürk (MRN 931-215-406) by Tibor Albers, RN.", "Gülseren Korutürk"),
    # lowercase names in sloppy notes
    ("re: eliza pasich  dob 6/4/1971  ssn 839.32.9507", "eliza pasich"),
    ("mychart message from minh hunter (mrn 117-358-903) received 11/22/16", "minh hunter"),
    ("thanks so much, andrew\nstaff response: hi andrew, dr. trần reviewed your message.", "dr. trần"[4:]),
    ("my daughter omkaar can also answer, her number is on file.", "omkaar"),
    ("insulin glargine 10 units subcut once. - kenneth green, rn", "kenneth green"),
    ("left voicemail for pt at 555-0100 on 9/5/23. durodola faleti\n", "durodola faleti"),
    ("natividad leyva called back about her refill; natividad leyva agreed.", "natividad leyva"),
    # employers and firms
    ("Works as a machinist at Becker LLC; missed work on Tuesday.", "Becker LLC"),
    ("Works as a machinist at Clark, Combs and Matthews; missed work.", "Clark, Combs and Matthews"),
    ("Employer....... SANCHEZ-WADE\nPrimary care... Dr. Sunny Tucker", "SANCHEZ-WADE"),
    ("Occupation: machinist at Henry and Sons since 2010.", "Henry and Sons"),
    (
        "member # zqz757793372. group\ncooper, hernandez and garcia.\nlabs inr 1.8",
        "cooper, hernandez and garcia",
    ),
    ("Employee ID E849119 (Simon, Evans and Brown) provided for the claim.", "Simon, Evans and Brown"),
    # signatures, greetings, sign-offs
    ("Seen and examined with resident. /M.Đ.", "M.Đ."),
    ("Dictated by L.Emmen, MD / transcribed 20191129", "L.Emmen"),
    ("Reply: Left voicemail for pt on December 14th. Umang\n", "Umang"),
    ("I am referring Vân for evaluation of possible Hodgkin lymphoma.", "Vân"),
    ("my daughter vân can also answer, her number is on file.", "vân"),
    ("Spoke with the patient's son, Raj Patel, who agrees with the plan.", "Raj Patel"),
    ("Emergency contact: husband Tomasz Wójcik 313-555-0142.", "Tomasz Wójcik"),
    ("Employer: Ford Motor Company.", "Ford Motor Company"),
    ("Per Will D. Brown, the patient's spouse, confusion started Monday.", "Will D. Brown"),
]


@pytest.mark.parametrize(("text", "name"), POSITIVES)
def test_true_positives(text: str, name: str) -> None:
    assert covered(text, name), found(text)


# Near misses and clinical traps: nothing here is a name.
NEGATIVES = [
    "Foley catheter placed and draining clear urine.",
    "Babinski sign negative bilaterally.",
    "History of Parkinson disease and Crohn's disease.",
    "Bell's palsy resolved. Murphy sign negative. Graves disease on methimazole.",
    "Glasgow Coma Scale 15. Apgar scores 8 and 9.",
    "Baker's cyst noted on ultrasound. Swan-Ganz catheter in place.",
    "Will follow up in two weeks. Mark the chart. Hope to wean oxygen.",
    "Grace period for insurance discussed with the patient.",
    "CHIEF COMPLAINT: CHEST PAIN",
    "HISTORY OF PRESENT ILLNESS: The patient reports dyspnea.",
    "Started Lasix 40 mg PO daily; continue Norco PRN.",
    "BP 132/84, HR 88, RR 16, SpO2 97% on RA. Na 138, K 4.1, Cr 1.2.",
    "Patient lives in Texas and travels to Mexico often.",
    "Brown-Sequard syndrome unlikely given exam.",
    "Seen in March, follow up in June.",
    "Transferred to the ICU from the emergency department.",
    # near misses: cue words followed by things that are not names
    "Prescriber DEA BM7743049, NPI 1495659512.",
    "Telehealth session connected from IP address 147.65.49.129.",
    "Pt moved from Maine in 2018. I'll be in Florida from Wednesday until 11/20.",
    "Lives with husband in a second-floor apartment.",
    "Patient reports less pain; patient tolerated diet.",
    "History of Wolff-Parkinson-White pattern; Apley test negative.",
    "Started Eliquis 5 mg BID and continue Lasix.",
    "Group therapy twice weekly; support group on Fridays.",
    "Daughter can be reached at the number on file.",
    "ADDRESS........ 9814 DOYLE CREST SUITE 276",
    "Thanks, and see you at the next visit.",
    "Hi, I have a question about my meds.",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_clinical_traps_are_not_names(text: str) -> None:
    assert found(text) == []


def test_lone_ambiguous_word_scores_below_threshold() -> None:
    matches = list(NameRecognizer().find("The plan: Hope for recovery. Baker did not call."))
    assert all(m.score < 0.5 for m in matches)


def test_title_gives_high_score_and_dictionary_name_a_lower_one() -> None:
    titled = {("Nakamura" if m.start == 4 else "?"): m.score for m in NameRecognizer().find("Dr. Nakamura")}
    assert titled["Nakamura"] >= 0.9
    lone = [m.score for m in NameRecognizer().find("Yesterday Nguyen came in.")]
    assert lone and 0.5 <= max(lone) < 0.7


def test_propagation_covers_other_mentions() -> None:
    text = "Daughter Hope Okafor visited. Later Hope called; okafor family updated. Hope is stable."
    spans = found(text)
    assert spans.count("Hope") >= 2  # first name alone, capitalised, after a confident full name
    assert "okafor" in spans  # lowercase surname


def test_foley_catheter_not_propagated_from_dr_foley() -> None:
    text = "Dr. Foley saw the patient. Foley catheter removed."
    assert found(text) == ["Foley"]
    assert DETECTOR.find_text(text)[0].start == 4


def test_offsets_are_code_points_with_non_ascii_text() -> None:
    text = "Café visit — patient José Álvarez-Núñez seen by Dr. Łukasz Wiśniewski."
    spans = found(text)
    assert "José Álvarez-Núñez" in spans
    assert "Łukasz Wiśniewski" in spans


def test_empty_and_name_free_text() -> None:
    assert list(NameRecognizer().find("")) == []
    assert found("no acute distress, afebrile, tolerating diet") == []


def test_propagation_reaches_sentence_starts_and_lowercase() -> None:
    text = "Yogi,Widisha  MRN 5753127\nS: Widisha reports feeling better. Called widisha at home."
    spans = found(text)
    assert "Widisha" in spans and "widisha" in spans


def test_firm_suffix_in_any_case_but_not_english_words() -> None:
    assert found("employee id jip7476 (davis llc) provided") == ["davis llc"]
    assert found("Referred to the Support Group and the Care Group.") == []


def test_word_stream_offsets_and_flags() -> None:
    from phigate.detection.builtin._caps import ocr_key, words

    text = "Dr. José Álvarez-Núñez, MD saw Natha1ie."
    w = words(text)
    assert [text[s:e] for s, e in zip(w.starts, w.ends, strict=True)] == w.words
    assert w.keys[1] == "jose" and w.flag(1) & 1  # folded accents; a first name
    assert [w.words[j] for j in w.capitals] == ["Dr", "José", "Álvarez", "Núñez", "MD", "Natha1ie"]
    assert ocr_key("Natha1ie") == "nathalie" and ocr_key("B12") is None and ocr_key("x4567") is None


def test_registered_as_builtin() -> None:
    assert "name" in RECOGNIZERS.names()
    assert RECOGNIZERS.create("name").categories == frozenset({Category.NAME})
