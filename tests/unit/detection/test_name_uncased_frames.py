"""Lone names where the case says nothing (lowercase notes, all-capitals lines) and lone names that
only a frame of communication makes names: ``paged sokolov``, ``OYELARAN UPDATED``, ``(ann, dtr)``,
``by mark, rn``, ``signed out to Heath``; and names grown over the words next to them.

Each rule has names it must find and charting it must leave alone. Every text here is synthetic;
the names are invented.
"""

from __future__ import annotations

import pytest
from detection_tables import covered, spans_of

from phigate.detection.base import Detector
from phigate.detection.builtin.names import NameRecognizer
from phigate.model import Category

NAMES = Detector([NameRecognizer()])

# (text, the name that must be found)
POSITIVES = [
    # a name that is no word, told, paged or quoted, in a lowercase note or an all-capitals line
    ("paged sokolov re: k 5.9, will recheck.", "sokolov"),
    ("care handed over to priya at 1900.", "priya"),
    ("renata in to visit after dinner.", "renata"),
    ("tremblay notified of drop in bp.", "tremblay"),
    ("CASE D/W STAVROS, AGREES WITH PLAN.", "STAVROS"),
    ("MESSAGE LEFT WITH YUSUF TO CALL BACK.", "YUSUF"),
    ("kaylee to visit after work.", "kaylee"),
    # a word no list knows, spelled like a name, in the same frames
    ("OYELARAN UPDATED ON PLAN.", "OYELARAN"),
    ("awaiting call back from okonjo.", "okonjo"),
    # a relation next to the name
    ("family (ann, dtr) updated at bedside.", "ann"),
    ("VALENTINA, PT'S DAUGHTER, CALLED TWICE.", "VALENTINA"),
    ("whitfield (hcp) wants all care.", "whitfield"),
    # a name grown over a first name, an initial or a surname next to it
    ("2) BUD OKONKWO (SON) 555-0100.", "BUD OKONKWO"),
    ("new afib on tele, w. kaminski aware.", "w. kaminski"),
    ("ROSALIND THERESA ZELENKOVA FROM NUTRITION SAW PT, RECS GIVEN.", "ROSALIND THERESA ZELENKOVA"),
    # a first name alone, or an initial and a surname, before a credential
    ("ASSESSMENT BY MARK, RN.", "MARK"),
    ("critical result called to brandy, rn at 0900.", "brandy"),
    ("bp 82/40, k. petrov pa at bedside.", "k. petrov"),
    ("BP 82/40, K. PETROV PA AT BEDSIDE.", "K. PETROV"),
    # title case: a frequent name that is also a word, or a word no list knows, in a frame
    ("Heparin held per Baker.", "Baker"),
    ("Pt signed out to Heath at 1900.", "Heath"),
    ("Tekiner at bedside, updated.", "Tekiner"),
    ("Ekwueme notified of K 6.1.", "Ekwueme"),
    ("Message left for Mbeki to call back.", "Mbeki"),
    # a title written for either sex, and a lone role word before a name spelled like one
    ("history: mr./ms. bell presented to clinic.", "bell"),
    ("report given to oncoming rn adaeze.", "adaeze"),
]


@pytest.mark.parametrize(("text", "name"), POSITIVES)
def test_uncased_names_found(text: str, name: str) -> None:
    assert covered(NAMES, text, name), spans_of(NAMES, text, Category.NAME)


# Text in which no name may be found.
NEGATIVES = [
    "paged renal fellow re: k.",
    "KEEP SBP < 140 PER NSURG.",
    "pt requesting tylenol, asking for mylanta too.",
    "echo planned for thurs, wife aware.",
    "introducer left in, cordis flushed.",
    "transferred from oakdale rehab for further eval.",
    "Transferred from Amyville Family Practice for care.",
    "GOOD SAMARITAN MEDICAL CENTER",
    "ortho to see pt tomorrow. hospice to visit today.",
    "SEEN BY ID, RECS APPRECIATED. ECHO TECH AT BEDSIDE.",
    "spoke with wife, daughter at bedside.",
    "Heparin per protocol. Per Pharmacy, vanco level pending.",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_charting_left_alone(text: str) -> None:
    assert spans_of(NAMES, text, Category.NAME) == []


def test_grown_name_is_one_span() -> None:
    """A name grown over its neighbours is reported once, whole."""
    text = "2) BUD OKONKWO (SON) 555-0100."
    assert spans_of(NAMES, text, Category.NAME) == ["BUD OKONKWO"]
