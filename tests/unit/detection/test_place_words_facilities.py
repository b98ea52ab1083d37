"""Hospitals called by one plain word or a short name (invented sentences)."""

from __future__ import annotations

import pytest

from phigate.detection import default_detector
from phigate.detection.base import Detector
from phigate.detection.builtin.facilities import FacilityRecognizer
from phigate.model import Category

FACILITIES = Detector([FacilityRecognizer()])
DETECTOR = default_detector()


def facilities(text: str) -> list[str]:
    return [text[f.start : f.end] for f in FACILITIES.find_text(text) if f.category is Category.LOCATION]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Transferred from Mercy for a higher level of care.", "Mercy"),
        ("Prior admission at Methodist for CHF.", "Methodist"),
        ("Born at Children's, term.", "Children's"),
        ("Taken by ambulance to the Baptist ED.", "Baptist"),
        ("Had CABG at the Brigham in 2015.", "Brigham"),
        ("Follows with cardiology at Good Sam.", "Good Sam"),
        ("Records from Tufts were reviewed.", "Tufts"),
        ("Delivered at Lahey.", "Lahey"),
        ("cc: dr. ann roe; mercy hospital\nsent by fax", "mercy hospital"),
        ("pathology read at providence clinic on 3/2", "providence clinic"),
    ],
)
def test_short_hospital_names(text: str, name: str) -> None:
    assert name in facilities(text)


@pytest.mark.parametrize(
    "text",
    [
        "He switched to Children's Motrin.",
        "Was given Children's Tylenol at home.",
        "He is Methodist and prays daily.",
        "A Baptist minister visited.",
        "Lord have mercy, she said.",
        "lord have mercy. hospital stay was long.",
        "Takes St. John's wort daily.",
    ],
)
def test_plain_words_stay(text: str) -> None:
    assert [f for f in DETECTOR.find_text(text) if f.category is Category.LOCATION] == []
