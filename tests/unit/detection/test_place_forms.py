"""LOCATION and ZIP forms of real notes: rural routes, unnumbered streets, city lines, cues (synthetic)."""

from __future__ import annotations

import pytest

from phigate.detection.base import Detector
from phigate.detection.builtin.facilities import FacilityRecognizer
from phigate.detection.builtin.places import PlaceRecognizer
from phigate.detection.builtin.zip_codes import ZipRecognizer
from phigate.model import Category

DETECTOR = Detector([PlaceRecognizer(), ZipRecognizer(), FacilityRecognizer()])


def spans(text: str, category: Category) -> list[str]:
    return [text[f.start : f.end] for f in DETECTOR.find_text(text) if f.category is category]


PLACES = [
    # rural routes, boxes and numbered roads, and the city after them
    ("Mailing: Rte 9 Box 14, Millbrook, NY 12545", "Rte 9 Box 14"),
    ("Home: 4410 County Road 12, Elkhart, IN 46514", "4410 County Road 12"),
    ("Address: RR 2 Box 45, Hartford, SD 57033", "RR 2 Box 45"),
    ("Address: HC 8 Box 27, Hensontown\nGuarantor account 1", "Hensontown"),
    ("Mailing: PO Box 6879, New Katie\nGrew up nearby", "New Katie"),
    # streets with no house number
    ("Pedestrians must enter on Brown Dale St. the first three months", "Brown Dale St"),
    ("Anne lives on Curry Haven street.", "Curry Haven street"),
    ("The bus station is on Arnold Gateway", "Arnold Gateway"),
    # a city line after a street line, with no state or ZIP; wrapped; a country line after it
    ("lives at 454 Samantha Islands, West Micheleport", "West Micheleport"),
    ("Address: 07728 Seth Field, South Dawn\nADMINISTRATIVE:", "South Dawn"),
    ("37623 Castro Freeway\n Apt. 069\n North Robertport\n Libyan Arab Jamahiriya 28531", "North Robertport"),
    (">39426 Carla Mall\n>Suite 454\n>Thomasmouth\n>Uzbekistan 71356", "Thomasmouth"),
    ("1229 Thomas Forge Apt. 496  East\nMarie, CA 01463-7148", "East\nMarie"),
    # cities after a cue, and place-shaped names
    ("Lives in St. Cloud, MN.", "St. Cloud"),
    ("She moved to Ft. Myers.", "Ft. Myers"),
    ("West Timothyton bridge is falling down.", "West Timothyton"),
    ("son lives in lake heidiland, reachable at 555-0100", "lake heidiland"),
    ("grew up in king county; moved to millerborough in 2009.", "king county"),
    ("grew up in king county; moved to millerborough in 2009.", "millerborough"),
    ("visiting from north adamshire for the holidays.", "north adamshire"),
    # facility heads damaged by OCR
    ("To: Sacred Heart Medical Ccnter  Fax: 555-0100", "Sacred Heart Medical Ccnter"),
]


@pytest.mark.parametrize(("text", "place"), PLACES)
def test_place_forms(text: str, place: str) -> None:
    assert place in spans(text, Category.LOCATION)


ZIPS = [
    ("My zip code is 31869", "31869"),
    ("Address: 051 Arnold Summit, Apt. 654, North Shawn WI 3S9l8", "3S9l8"),
    ("7221 Fletcher Greens Suite 137\n   East Amandaberg\n    WY\n    55241\n", "55241"),
    ("37623 Castro Freeway\n Apt. 069\n North Robertport\n Libyan Arab Jamahiriya 28531", "28531"),
]


@pytest.mark.parametrize(("text", "zip_code"), ZIPS)
def test_zip_forms(text: str, zip_code: str) -> None:
    assert zip_code in spans(text, Category.ZIP)


NOT_PLACES = [
    "Patient was admitted to the Medical ICU.",
    "HR 88 RR 20 SpO2 98% on Room Air. Pt on Bed Rest, on Heparin Drip, on Lasix.",
    "He is on Medicare Part D; BUN 20 Cr 1.1; NSR 72, SR 60.",
    "Lives in South Carolina with his son.",
    "Visited St. Mary's for the blessing.",
]


@pytest.mark.parametrize("text", NOT_PLACES)
def test_clinical_text_and_states_are_not_places(text: str) -> None:
    assert spans(text, Category.LOCATION) == []


def test_street_line_followed_by_a_label_is_not_a_city() -> None:
    assert spans("12 Oak St\nDiagnosis: influenza", Category.LOCATION) == ["12 Oak St"]
