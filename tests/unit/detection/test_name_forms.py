"""NAME forms of real notes: portal messages, nurse notes, signatures, credentials, employers (synthetic)."""

from __future__ import annotations

import pytest

from phigate.detection.base import Detector
from phigate.detection.builtin.names import NameRecognizer
from phigate.model import Category

DETECTOR = Detector([NameRecognizer()])


def covered(text: str, value: str) -> bool:
    """True when every letter and digit of ``value`` lies inside some reported NAME span."""
    start = text.index(value)
    spans = [(f.start, f.end) for f in DETECTOR.find_text(text) if f.category is Category.NAME]
    return all(
        any(s <= k < e for s, e in spans) for k in range(start, start + len(value)) if text[k].isalnum()
    )


def found(text: str) -> list[str]:
    return [text[f.start : f.end] for f in DETECTOR.find_text(text) if f.category is Category.NAME]


# (text, the name that must be covered)
FORMS = [
    # lowercase notes: initials, LAST, FIRST, stop words as first names
    ("from: robert a. griffin <rg@example.com>", "robert a. griffin"),
    ("mychart message from i. parkinson (mrn 123) received today", "i. parkinson"),
    ("patient white, erin a. seen 11/8 for baker cyst.", "white, erin a"),
    ("patient fadipe,adesua seen 18th of march", "fadipe,adesua"),
    ("please fax records attn will williams.", "will williams"),
    ("ondansetron 8 mg im tid. - will portka, rn", "will portka"),
    ("erino durán, rn and korede fagunwa, pa-c.", "korede fagunwa"),
    ("spoke with müsemma yılmaz (health care proxy) by phone.", "müsemma yılmaz"),
    ("left voicemail for pt on 3/2. misty k. hansen", "misty k. hansen"),
    ("left voicemail for pt on 3 may 2019. paula ó rónáin", "paula ó rónáin"),
    ("thanks bob", "bob"),
    # a sender, a nickname, the subject of reported speech
    ("Message from Ana Sousa received via the portal.", "Ana Sousa"),
    ("Call from Błażej Kowal re: refill", "Błażej Kowal"),
    ("Noted the patient prefers to be called 'Sunny' during visits.", "Sunny"),
    ("She goes by Bea.", "Bea"),
    ("Mark reports he is sleeping better.", "Mark"),
    ("S: Will states the new inhaler helps.", "Will"),
    ("Jun states the new inhaler helps.", "Jun"),
    ("ATSUSHI DENIES DYSURIA OR FLANK PAIN.", "ATSUSHI"),
    # labels, "by" after a label that is also a verb, wrapped lines, hyphens and particles
    ("Ordering: SMITH, JOHN A", "SMITH, JOHN A"),
    ("Transcribed by Adesua from dictation by A. Aderogba.", "Adesua"),
    ("Transcribed by Adesua from dictation by A. Aderogba.", "A. Aderogba"),
    ("Shift assessment by Gregory\nWilliams, RN.", "Gregory\nWilliams"),
    ("Discussed with Shelley Ward-Delgado, RN.", "Shelley Ward-Delgado"),
    ("Mohammed al-Rashid is a 54 year old man.", "Mohammed al-Rashid"),
    ("Patient de la Cruz, María José admitted overnight.", "de la Cruz, María José"),
    ("Therapy by Jan van der Berg, DPT.", "Jan van der Berg"),
    ("Mai, Vân  MRN 2479245837\nS: Vân reports feeling better.", "S: Vân"[3:]),
    ("Dictated by Dr. Jones\nJ.S./mk\n", "J.S"),
    ("Dictated by Dr. Jones\nJ.S./mk\n", "mk"),
    # employers
    ("He works at Acme Plumbing as a pipe fitter.", "Acme Plumbing"),
    ("lives w/ girlfriend kayla, works at walmart", "walmart"),
    ("Works as a machinist at Wright, Ward and Diaz; missed work.", "Wright, Ward and Diaz"),
    ("Employee ID E698662 (Turner, Vincent and Martin) provided", "Turner, Vincent and Martin"),
    ("EMPLOYEE ID 570-9644 (FOX-LOPEZ) PROVIDED FOR THE CLAIM.", "FOX-LOPEZ"),
    ("employee id bkln0360 (garcia-davis) provided for the claim.", "garcia-davis"),
]


@pytest.mark.parametrize(("text", "name"), FORMS)
def test_name_forms(text: str, name: str) -> None:
    assert covered(text, name), found(text)


# text that holds no name at all
NOT_NAMES = [
    "Swan-Ganz catheter placed. Jackson-Pratt drain. Non-Hodgkin lymphoma. Brown-Sequard.",
    "long-term follow-up; brown-green drainage; well-being discussed.",
    "Echo reports EF 55%. Patient states she is better. Monday reports of pain.",
    "Nursing reports no events overnight. Family states agreement with the plan.",
    "CAN I SPEAK TO A REAL PERSON?!?!",
    "Seen in the walk-in clinic; works at night as a guard.",
    "Call from pharmacy re: refill",
    "PT/OT\nHEENT: normal",
    "Pt refused Foley. Mark on left knee. Will follow up. Grace period for payment.",
    "Babinski sign negative; Cushing syndrome ruled out; no Parkinson tremor.",
]


@pytest.mark.parametrize("text", NOT_NAMES)
def test_clinical_words_are_not_names(text: str) -> None:
    assert found(text) == []


def test_name_stops_before_capitalised_words_in_capital_text() -> None:
    text = "MESSAGE FROM MARK ELLIS RECEIVED VIA THE PORTAL."
    assert found(text) == ["MARK ELLIS"]


def test_reported_speech_with_a_word_name_does_not_propagate() -> None:
    text = "Mark reports he is sleeping better. Mark the site before surgery."
    assert found(text) == ["Mark"]
