"""Places and facilities found once with confidence are found again at their other mentions in the
same note, in any letter case; common words are not (all synthetic)."""

from __future__ import annotations

import pytest

from phigate.detection.base import Detector
from phigate.detection.builtin._mentions import distinct
from phigate.detection.builtin.facilities import FacilityRecognizer
from phigate.detection.builtin.places import PlaceRecognizer
from phigate.model import Category

DETECTOR = Detector([PlaceRecognizer(), FacilityRecognizer()])


def _locations(text: str) -> list[str]:
    return [text[f.start : f.end] for f in DETECTOR.find_text(text) if f.category is Category.LOCATION]


AGAIN = [
    (
        "Transferred from Kettlesburgh General on 3/2. Back to KETTLESBURGH today; kettlesburgh team called.",
        ["Kettlesburgh General", "KETTLESBURGH", "kettlesburgh"],
    ),
    (
        "Pt lives in Marlowton with wife. Wife drove from marlowton today. MARLOWTON EMS notified.",
        ["Marlowton", "marlowton", "MARLOWTON"],
    ),
    ("Seen at Brannock Clinic. Follow up at brannock clinic soon.", ["Brannock Clinic", "brannock clinic"]),
    (
        "seen at mercy clinic after a fall.\nplan: follow up at mercy clinic within 1 week.\nmercy clinic\n",
        ["mercy clinic", "mercy clinic", "mercy clinic"],
    ),
    ("TRANSFERRED FROM HARBORVIEW FOR CATH. HARBORVIEW TEAM CALLED.", ["HARBORVIEW", "HARBORVIEW"]),
]


@pytest.mark.parametrize(("text", "places"), AGAIN)
def test_a_place_found_once_is_found_again(text: str, places: list[str]) -> None:
    assert _locations(text) == places


CUED = [
    ("DAUGHTER HAS A NEW JOB IN SAN JOSE, VISITS WEEKENDS.", "SAN JOSE"),
    ("DAUGHTER ROSA OF MODESTO CALLED TONIGHT.", "MODESTO"),
    ("daughter rosa of modesto called tonight.", "modesto"),
    ("PT LIKELY TO TRANSFER TO REHAB(GOOD SAMARITAN MEMORIAL) FRIDAY.", "GOOD SAMARITAN MEMORIAL"),
    ("Pt likely to transfer to rehab(good samaritan Memorial) friday.", "good samaritan Memorial"),
    ("PER WEXCOMBE 5 NURSE, FOLEY DRAINING 15CC/HR.", "WEXCOMBE"),
    ("per wexcombe 5 nurse, foley draining 15cc/hr.", "wexcombe"),
    ("PLAN: WEXCOMBE 6 THIS EVENING, WEAN O2.", "WEXCOMBE"),
    ("plan: wexcombe 2 in am, pain control.", "wexcombe"),
]


@pytest.mark.parametrize(("text", "place"), CUED)
def test_places_after_cues_in_one_case(text: str, place: str) -> None:
    assert place in _locations(text)


NOT_AGAIN = [
    # a place of common words found once is not a place wherever its words stand
    "Lives in Harbor Springs. The harbor was calm; springs of the bed checked.",
    "Surgeon from Harbor called. Pt asked about the harbor view.",
    # a known name in lowercase with no head word after it in a text with capitals
    "Pelvic mass general surgery to see. No mass general concerns.",
    "SON OF PT CALLED. GIVEN LASIX 20 RN AWARE.",
    "plan: diurese 2 l today. plan: monitor 2 hours.",
]


@pytest.mark.parametrize("text", NOT_AGAIN)
def test_common_words_are_not_found_again(text: str) -> None:
    found = _locations(text)
    assert not any(place.islower() for place in found), found


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (("kettlesburgh",), True),
        (("north", "kenneth"), True),
        (("harbor",), False),
        (("sacred", "heart"), False),
        (("texas",), False),
        (("ab",), False),
        (("sepsis",), False),
    ],
)
def test_distinct_names(name: tuple[str, ...], expected: bool) -> None:
    assert distinct(name) is expected
