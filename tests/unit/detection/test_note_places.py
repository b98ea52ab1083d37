"""Places as real ICU notes name them: hospitals by short name, homes by name, towns after a cue."""

from __future__ import annotations

import pytest

from phigate.detection.builtin.facilities import FacilityRecognizer
from phigate.detection.builtin.places import PlaceRecognizer


def _facilities(text: str) -> list[str]:
    return [text[m.start : m.end] for m in FacilityRecognizer().find(text)]


def _places(text: str) -> list[str]:
    return [text[m.start : m.end] for m in PlaceRecognizer().find(text)]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("pt being d/c'd to Holy Redeemer Memorial at 3:00pm.", "Holy Redeemer Memorial"),
        ("TAKEN TO LAUREL REGIONAL WHERE CKS POS", "LAUREL REGIONAL"),
        ("was transfered from Memorial Hospital 9/13", "Memorial Hospital"),
        ("ADMITTED FROM THE KEELEY HOUSE AFTER A FALL", "KEELEY HOUSE"),
        ("89 y.o. woman, Grieco House NH resident", "Grieco House"),
        ("MedFlight from Greater Baltimore Med Ctr for cath", "Greater Baltimore Med Ctr"),
        ("start insulin per U Maryland scale.", "U Maryland"),
        ("followed at U of M for years", "U of M"),
        ("?transfer to st mary's tomorrow", "st mary's"),
        ("husband did not come to gh w/pt", "gh"),
        ("PT SENT TO ED AT GH. PT SOMNOLENT", "GH"),
        ("MANAGED BY THE CHF TEAM AT GH, BUT", "GH"),
        ("went to Univ of Iowa for", "Univ of Iowa"),
        ("found unresponsive-> GH EW today", "GH"),
        ("ENC PO FLUIDS. TRANSFER ASHCOMBE 4. ", "ASHCOMBE"),
        ("PT MAY BE W/U BY GBMC FOR TRANSPLANT", "GBMC"),
    ],
)
def test_hospitals_and_homes_by_name(text: str, place: str) -> None:
    assert place in _facilities(text)


@pytest.mark.parametrize(
    "text",
    [
        "HOUSE STAFF NOTIFIED",
        "Written for Regular House Diet",
        "i'm at the general hospital",
        "Surgeon General said so",
        "IN GENERAL HE IS WELL",
        "given 8 U of NPH",
        "Visited St. Mary's for the blessing.",
        "ST ELEVATION IN V2",
        "Referred to Dr. Smith at noon",
        "referred to dr. smith",
        "transferred to ccu today",
        "sent to ir for drain",
        "went to bed at 10",
        "PT MAY BE W/U BY CT",
        "TYLENOL GIVEN. U A,CS SENT",
        "10 U Humalog",
        "TRANSFER FLOOR 2",
        "-> ICU EW",
    ],
)
def test_generic_words_are_not_hospitals(text: str) -> None:
    assert _facilities(text) == []


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("proxy Marcela Carlson who lives in DC. ", "DC"),
        ("he lives nearby in rockport and will visit", "rockport"),
        ("Pt lives in catonsville, husband at bedside", "catonsville"),
    ],
)
def test_towns_after_a_residence_cue(text: str, place: str) -> None:
    assert place in _places(text)


@pytest.mark.parametrize("text", ["Pt is in dc today", "Pt went to bed early", "thrombus in LA noted"])
def test_no_town_without_a_residence_cue(text: str) -> None:
    assert _places(text) == []


def test_a_ward_name_found_after_a_transfer_is_found_again() -> None:
    text = "will transfer to Ashcombe 4 or Ashcombe 5."
    assert _facilities(text) == ["Ashcombe", "Ashcombe"]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("FAMILY ARRIVED FROM THE EASTERN SHORE- DAUGHTER", "EASTERN SHORE"),
        ("on vacation on the Eastern Shore,while", "Eastern Shore"),
        ("arrived from the VA in Balt \nthis", "Balt"),
    ],
)
def test_regions_and_short_city_names(text: str, place: str) -> None:
    assert place in _places(text)


@pytest.mark.parametrize(
    "text", ["the eastern shore of the lake", "moved to the Eastern region", "ejection in dc mode"]
)
def test_no_region_without_a_landform_or_case(text: str) -> None:
    assert _places(text) == []
