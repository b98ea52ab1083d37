"""Facility recognizer: named hospitals and clinics found, generic facility words left alone."""

from __future__ import annotations

import pytest

from phigate.detection import RECOGNIZERS
from phigate.detection.base import Detector
from phigate.detection.builtin.facilities import FacilityRecognizer

DETECTOR = Detector([FacilityRecognizer()])


def found(text: str) -> list[str]:
    return [text[f.start : f.end] for f in DETECTOR.find_text(text)]


POSITIVES = [
    ("Transferred from St. Mary's Hospital overnight.", "St. Mary's Hospital"),
    ("Admitted to Mercy Medical Center for sepsis.", "Mercy Medical Center"),
    ("Follows at Lakeside Family Clinic monthly.", "Lakeside Family Clinic"),
    ("Records requested from Mass General.", "Mass General"),
    ("Second opinion at Johns Hopkins.", "Johns Hopkins"),
    ("Treated at University of Iowa Hospitals in 2019.", "University of Iowa Hospitals"),
    (
        "Outside films from Hospital of the University of Pennsylvania.",
        "Hospital of the University of Pennsylvania",
    ),
    ("Discharged to Valley View Nursing Home.", "Valley View Nursing Home"),
    ("Seen at Children's Hospital of Springfield.", "Children's Hospital of Springfield"),
    ("PT at Oakwood Surgical Associates twice weekly.", "Oakwood Surgical Associates"),
    ("to: hernandez clinic  fax: 1-493-743-0777", "hernandez clinic"),
    ("to: mercy nursing home  fax: (221)190-3852", "mercy nursing home"),
    ("Records from St. Luke's Regional Medical Center arrived.", "St. Luke's Regional Medical Center"),
    ("TO: ST. MARY'S SURGICAL CENTER  FAX: +1 318 534 5273", "ST. MARY'S SURGICAL CENTER"),
    ("Transferred from Lakeside Hospita1 overnight.", "Lakeside Hospita1"),
    ("FACE SHEET  East Judy Imaging Center\nName: Roe, Ana", "East Judy Imaging Center"),
]


@pytest.mark.parametrize(("text", "facility"), POSITIVES)
def test_named_facilities(text: str, facility: str) -> None:
    assert facility in found(text)


NEGATIVES = [
    "Admitted to the hospital for observation.",
    "Seen in the Emergency Department, then the ICU.",
    "Radiology read pending; Family Clinic follow up in 2 weeks.",
    "Outside Hospital records reviewed.",
    "Community Hospital transfer declined. General Hospital policy.",
    "Medical history reviewed; health maintenance up to date.",
    "Follow up with Cardiology Clinic and the Pain Clinic.",
    "follow up at the heart failure clinic; went home with home care.",
    "Lives at home; our clinic will call. Urgent care visit last week.",
    "Primary Care and Family Medicine follow up in 2 weeks.",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_generic_facility_words(text: str) -> None:
    assert found(text) == []


def test_label_before_double_space_is_not_part_of_the_name() -> None:
    assert found("Pathologist: Ana Roe, MD  Walker Health Center  7/1/24") == ["Walker Health Center"]


def test_sentence_boundary_is_not_crossed() -> None:
    assert found("Seen at Mercy Hospital. Community Hospital declined.") == ["Mercy Hospital"]


def test_registered_as_builtin() -> None:
    assert "facility" in RECOGNIZERS.names()
