"""Places after field labels, before ``native``/``resident``, after wrapped or indirect travel cues,
and towns shaped like a name with a place ending or a place prefix before a first name; clinical
words that must stay (invented sentences)."""

from __future__ import annotations

import pytest

from phigate.detection import default_detector
from phigate.detection.base import Detector
from phigate.detection.builtin.places import PlaceRecognizer
from phigate.model import Category

PLACES = Detector([PlaceRecognizer()])
DETECTOR = default_detector()


def places(text: str) -> list[str]:
    return [text[f.start : f.end] for f in PLACES.find_text(text) if f.category is Category.LOCATION]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Hometown: Yuma", "Yuma"),
        ("Place of birth: Lake Brendaville", "Lake Brendaville"),
        ("City: Ashland", "Ashland"),
        ("Lives: Marshburgh, with a niece", "Marshburgh"),
        ("Notes reviewed.\nResidence: North Corbin, KY", "North Corbin"),
        ("BIRTHPLACE: KETTLEBY", "KETTLEBY"),
        ("A Tulsa native, he drives a truck.", "Tulsa"),
        ("The patient, a lifelong Grand Rapids resident, has asthma.", "Grand Rapids"),
        ("Widow, a Marshburgh native.", "Marshburgh"),
        ("Pt would like to head home to\nDorrance by Sunday.", "Dorrance"),
        ("Was visiting her son in Phoenix when the pain began.", "Phoenix"),
        ("His wife drove him down from Concord today.", "Concord"),
        ("A retired machinist from Flint, married.", "Flint"),
        ("A 71 yo woman from Mobile with dyspnea.", "Mobile"),
        ("Brought in by Edwinfort Fire Rescue.", "Edwinfort"),
        ("Jonesland EMS found him on the floor.", "Jonesland"),
        ("Her niece teaches at Williamston High School.", "Williamston"),
        ("Picked up by Reedburgh police.", "Reedburgh"),
        ("Her son teaches at Brandihaven High School.", "Brandihaven"),
        ("Picked up by East Todd police.", "East Todd"),
        ("Sister (Port Martha) is the proxy.", "Port Martha"),
        ("Son lives in East Chad with his wife.", "East Chad"),
        ("LIVES IN PORT CRYSTAL WITH WIFE.", "PORT CRYSTAL"),
        ("SHE MOVED FROM BETTYVILLE LAST SPRING.", "BETTYVILLE"),
    ],
)
def test_places(text: str, place: str) -> None:
    assert place in places(text)


@pytest.mark.parametrize(
    "text",
    [
        "She is a Spanish native speaker.",
        "A Texas native, he retired early.",
        "A New York native.",
        "Discussed with an Internal Medicine resident.",
        "Seen by a Surgery resident overnight.",
        "Paged a PGY-2 resident.",
        "Native kidney function is poor.",
        "Residence: Home with wife",
        "Residence: Assisted living",
        "Lives: House with 3 steps to enter",
        "County: unknown",
        "Hometown: Not obtained",
        "The city: noisy, he says.",
        "Was visiting her daughter in the ICU.",
        "A 60 yo man from home.",
        "Drove her down from the floor.",
        "Needs reading glasses.",
        "Mobile unit arrived.",
        "Drinks orange juice daily.",
        "Gained independence with ADLs.",
        "Buffalo hump noted.",
        "Hope to extubate tomorrow.",
        "History of grand mal seizures.",
        "Transferred to the ICU.",
        "Mediport in place, flushed.",
        "PLAN RADIATON THERAPY NEXT WEEK.",
        "History of West Nile virus.",
        "Family came from South India.",
        "Moved to North Carolina.",
        "Visiting from West Virginia.",
        "Room is in the West Wing.",
        "Quinton catheter placed.",
        "Bedside commode at night.",
        "Heatherview pillows were ordered.",
        "Positive Babinski sign.",
    ],
)
def test_clinical_words_stay(text: str) -> None:
    assert [f for f in DETECTOR.find_text(text) if f.category is Category.LOCATION] == []
