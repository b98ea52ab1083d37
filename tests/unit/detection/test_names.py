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


def test_registered_as_builtin() -> None:
    assert "name" in RECOGNIZERS.names()
    assert RECOGNIZERS.create("name").categories == frozenset({Category.NAME})
