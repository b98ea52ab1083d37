"""Ages after ``at`` (and ``by``, ``until``, ``since``, ``now``) in a clause about a person, described
ages (``a spry 93``) and histories (``98 s/p``), with the readings, rates, settings, ranges and
addresses after ``at`` that must stay clean; and ages under a JSON ``age`` key.
"""

from __future__ import annotations

import pytest
from detection_tables import check, findings

from phigate.detection.builtin.age import AgeRecognizer
from phigate.model import Category

A = Category.AGE
R = AgeRecognizer()


def _ages(text: str) -> list[str]:
    return [span for span, _, _ in findings(R, text)]


@pytest.mark.parametrize(
    ("text", "age"),
    [
        # a person before or after "at"
        ("At 93 she still lives alone.", "93"),
        ("At 92, she walks a mile daily.", "92"),
        ("at 94 he remains independent in ADLs", "94"),
        ("She is remarkably active at 95.", "95"),
        ("Now at 91, he still drives.", "91"),
        ("Even at 95 she does her own shopping.", "95"),
        ("The patient, at 96, continues to garden.", "96"),
        ("Mrs. Lopez at 94 is fully independent.", "94"),
        ("He is fully independent even now at 92.", "92"),
        ("Pt remains active at 92, plays bridge weekly.", "92"),
        ("Her husband at nearly 98 does the cooking.", "98"),
        ("At ninety-three she lives alone.", "ninety-three"),
        ("AT 97 SHE STILL MANAGES HER OWN FINANCES.", "97"),
        # no subject: how the person lives or is
        ("Lives independently at 92 with daily help from her son.", "92"),
        ("Independent at 90, uses a cane.", "90"),
        ("Remarkably spry at 101.", "101"),
        # by, until, since, now
        ("By 93 she had stopped driving.", "93"),
        ("Until 92 he lived alone.", "92"),
        ("Since 95, she has used a walker.", "95"),
        ("Now 93, she lives with her niece.", "93"),
        ("She, now 96, lives alone.", "96"),
        # OCR reads "e" as "c"
        ("At 93 shc still livcs alonc.", "93"),
        ("Hc is activc at 95.", "95"),
        # a described person, a history, a verb
        ("She is a spry 93 and lives alone.", "93"),
        ("He is an active 95 who golfs.", "95"),
        ("Pt is a 93 w/ CHF and AF.", "93"),
        ("Nursing note\n\n98 s/p left hip fracture, intubated.", "98"),
        ("she is approaching 100", "100"),
        ("pt aged ~93", "93"),
    ],
)
def test_age_after_at_about_a_person(text: str, age: str) -> None:
    assert _ages(text) == [age]


@pytest.mark.parametrize(
    "text",
    [
        # a verb that sets a level
        "she was at 90 for a brief period",
        "Pt is at 95 on NC",
        "pt is now at 100",
        "she is running at 95",
        "Pt was bolused and now at 100",
        # a reading, rhythm, fluid, drug, oxygen or position in the clause
        "her SBP started to rise, she was at 90 for a while",
        "Pt remains in afib at 110",
        "pt in sinus tach at 115 most of the shift",
        "Pt comfortable at 92 with 2L NC",
        "Pt now 95 on 2L",
        "pt with temps at 101",
        "she spiked at 101 overnight",
        "Pt's BS at 110",
        "pt's u/o at 100 this shift",
        "pt remains on levophed at 100",
        "she was started on heparin at 100",
        "He is 6 ft tall, weighs at 95.",
        "Pt positioned with HOB at 90",
        "sats a healthy 95",
        # a unit, a range, a count, an address
        "She was ambulating at 100 feet.",
        "PT IN SR AT 90 TO 105 WITH PVCS",
        "she was seen by 100 people",
        "Pt lost 5 lbs, now 95",
        "she had 3 BMs, now 100",
        "He lives at 104 Elm St.",
        "she was seen at 92 Main Street",
        # neither a person nor how they live
        "Continues at 100.",
        "Goal set at 95.",
    ],
)
def test_readings_rates_and_places_after_at_are_not_ages(text: str) -> None:
    assert _ages(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("At 93 she still lives alone.", [("93", A, 0.55, 0.65)]),
        ("She is a spry 93.", [("93", A, 0.55, 0.65)]),
        ("98 s/p fall", [("98", A, 0.55, 0.65)]),
    ],
)
def test_age_after_at_scores(text: str, expected: list[tuple[str, Category, float, float]]) -> None:
    check(R, text, expected)


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ('{"name": "Ann Lee", "age": 93, "sex": "F"}', "93"),
        ("{'age': 101}", "101"),
    ],
)
def test_age_in_json(text: str, age: str) -> None:
    assert _ages(text) == [age]


@pytest.mark.parametrize("text", ['{"stage": 95}', '"page": 95', '{"weight": 95}'])
def test_other_json_keys_are_not_ages(text: str) -> None:
    assert _ages(text) == []
