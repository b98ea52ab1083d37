"""A lone capitalised name with no title: the subject of a verb, an OCR-damaged repeat.

Each rule has names it must find and charting it must leave alone. Every text here is synthetic;
the names are invented.
"""

from __future__ import annotations

import pytest
from detection_tables import covered, spans_of

from phigate.detection.base import Detector
from phigate.detection.builtin._caps import misread_word, one_letter_off
from phigate.detection.builtin.names import NameRecognizer
from phigate.model import Category

NAMES = Detector([NameRecognizer()])

# (text, the name that must be found)
POSITIVES = [
    # a word no list knows before a verb of reported speech
    ("Pt seen today. Tekiner denies pain.", "Tekiner"),
    ("Seen in clinic, Sergius states he is better.", "Sergius"),
    ("Next appointment: 24th January 2015\nTekiner states the new inhaler helps.", "Tekiner"),
    ("HOSP # 4118\nWALDTRAUT STATES THE NEW INHALER HELPS.", "WALDTRAUT"),
    ("Charge nurse pg 5-5329\nYalın states the new inhaler helps.", "Yalın"),
    # a name before a verb of what a patient does
    ("Overnight Anneliese ambulated with PT.", "Anneliese"),
    ("Oluwaseun ate 50% of breakfast.", "Oluwaseun"),
    ("Overnight Adewunmi refused the 2200 dose.", "Adewunmi"),
    # the surname alone after the full name, possessive, capitals and OCR damage
    ("Pt JOHN TEKINER admitted. Later Tekiner denies chest pain.", "Tekiner"),
    ("TEKINER, JOHN\nMr Tekiner's wife visited.", "Tekiner"),
    ("Name: John Tekiner.\nTEKINER AMBULATED IN HALL.", "TEKINER"),
    ("Name: John Tekiner.\nTekin3r agrees with plan.", "Tekin3r"),
    ("Name: John Tekiner. Follow up: wife of Tekincr called.", "Tekincr"),
    # lists and social prepositions
    ("Visitors: Ines, Bartholomew", "Ines"),
    ("Visitors: Ines, Bartholomew", "Bartholomew"),
    ("Social: went home with Oyelaran.", "Oyelaran"),
    ("She was seen by Kowalczyk today.", "Kowalczyk"),
]


@pytest.mark.parametrize(("text", "name"), POSITIVES)
def test_lone_names_found(text: str, name: str) -> None:
    assert covered(NAMES, text, name), spans_of(NAMES, text, Category.NAME)


# Text in which no name may be found.
NEGATIVES = [
    "Paticnt reports pain. Patient states ok.",
    "Tolerated diet. Ambulated with PT. Denies pain.",
    "Pt ambulated. Zosyn refused. Lasix given.",
    "Started on Keppra. Babinski negative. Seen by Neurology.",
    "Today denies pain. Nursing states no change.",
    "Family Medicine states no change.",
    "PT REFUSED. NEURO STATES NO DEFICIT.",
    "Monday reports no pain.",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_charting_left_alone(text: str) -> None:
    assert spans_of(NAMES, text, Category.NAME) == []


def test_ocr_variant_needs_a_confident_name() -> None:
    """A word one letter off a name is a name only when that name was found in the text."""
    assert spans_of(NAMES, "Tekincr was here.", Category.NAME) == []


def test_misread_word() -> None:
    assert misread_word("paticnt")  # "patient" misread
    assert misread_word("patint")  # a letter missing
    assert not misread_word("tekiner")


def test_one_letter_off() -> None:
    assert one_letter_off("tekincr", "tekiner")
    assert not one_letter_off("tekiner", "tekiner")
    assert not one_letter_off("tekinr", "tekiner")
