"""Names that are also English words, read from their frame: relatives, titles, fields, ages, messages,
``and`` with a name and a name found again (invented sentences); the same words stay words elsewhere.
"""

from __future__ import annotations

import pytest

from phigate.detection.base import Detector
from phigate.detection.builtin.names import NameRecognizer
from phigate.model import Category

DETECTOR = Detector([NameRecognizer()])


def spans(text: str) -> list[tuple[int, int]]:
    return [(f.start, f.end) for f in DETECTOR.find_text(text) if f.category is Category.NAME]


def covered(text: str, value: str, at: int = 0) -> bool:
    """True when every letter of the ``value`` found from ``at`` lies inside a NAME span."""
    start = text.index(value, at)
    found = spans(text)
    return all(
        any(s <= k < e for s, e in found) for k in range(start, start + len(value)) if text[k].isalnum()
    )


def named(text: str) -> list[str]:
    return [text[s:e] for s, e in spans(text)]


# (text, the name that must be covered, where to look for it)
NAMES = [
    # a stop word that is a first name, after a cue, where no auxiliary verb can stand
    ("pt's daughter will at bedside, questions answered", "will", 0),
    ("mother will had a stroke at 70", "will", 0),
    ("daughter will can be reached at home", "will", 0),
    ("transcribed by will from the dictation", "will", 0),
    ("critical value called to will, rn at 0200", "will", 0),
    ("i am referring will for a second opinion", "will", 0),
    ("fax the results attn will.", "will", 0),
    ("vitals stable | rn will\n", "will", 0),
    ("followed in clinic by dr. may.", "may", 0),
    ("cardiology (dr. may) agreed", "may", 0),
    ("hi dr ward, quick question", "ward", 0),
    # a relative and a first name that is a word, before a word that follows people
    ("daughter veer can be reached by phone", "veer", 0),
    ("DAUGHTER SUNNY CAN BE REACHED BY PHONE", "SUNNY", 0),
    ("hcp is son sterling", "sterling", 0),
    ("Ivy (sister) at bedside.", "Ivy", 0),
    ("ivy (sister) at bedside", "ivy", 0),
    ("Dawn, the patient's daughter, phoned.", "Dawn", 0),
    ("Sunny's mother called twice.", "Sunny", 0),
    ("Dusty is her caregiver.", "Dusty", 0),
    # a field's label
    ("HCP: will", "will", 0),
    ("MOTHER: SUNNY", "SUNNY", 0),
    ("cc: baker\n", "baker", 0),
    # a name before an age or a patient's state
    ("Pearl is a 72 yo F with CHF.", "Pearl", 0),
    ("pearl, a 72 yo f, presents with chf", "pearl", 0),
    ("history: faith baker is a 80 yo f", "faith baker", 0),
    ("HPI: scott j. davis is a 55 year old man", "scott j. davis", 0),
    ("Hope was seen and examined.", "Hope", 0),
    ("Nguyen will pick her up at noon.", "Nguyen", 0),
    # messages
    ("it's sunny from 3b, thanks", "sunny", 0),
    ("best regards\n- virginia", "virginia", 0),
    ("hope's meds ran out again", "hope", 0),
    # joined by "and", thanked, collateral, a plan discussed
    ("Ann and Will visited today.", "Will", 0),
    ("Thanks Grace for the referral.", "Grace", 0),
    ("Appreciate input from Priya.", "Priya", 0),
    ("discussed plan with grace.", "grace", 0),
    # a name found again, in lowercase, where a person stands
    ("Leonhard King admitted.\nking denies pain.", "king", 20),
    ("name: leonhard king\npt: king  |  mrn 123", "king", 20),
    ("Patient: Hope Lindqvist\nreminded hope to use the spirometer", "hope", 25),
    ("June Rose, 70, seen.\nHer daughter June visits. june aware of plan.", "june", 40),
]


@pytest.mark.parametrize(("text", "value", "at"), NAMES)
def test_word_names_in_their_frame_are_names(text: str, value: str, at: int) -> None:
    assert covered(text, value, at), named(text)


# (text, a word that must stay a word)
WORDS = [
    ("Hope to discharge tomorrow.", "Hope"),
    ("we hope to discharge tomorrow", "hope"),
    ("Grace period for the insurance.", "Grace"),
    ("will follow up in clinic", "will"),
    ("Will follow up in clinic.", "Will"),
    ("Mark the site prior to surgery.", "Mark"),
    ("mark the site", "mark"),
    ("Young man with chest pain.", "Young"),
    ("young man with cp", "young"),
    ("Foley catheter in place.", "Foley"),
    ("baker's cyst noted on us", "baker"),
    ("Baker cyst on US.", "Baker"),
    ("Temp rose to 38.5 overnight.", "rose"),
    ("temp rose to 38.5", "rose"),
    ("drew blood cultures x2", "drew"),
    ("dr will see pt in am", "will"),
    ("dr may recommend ct", "may"),
    ("son will visit tomorrow", "will"),
    ("son may come in later", "may"),
    ("her dtr has phoned twice today", "has"),
    ("culture went to lab for gram stain", "lab"),
    ("pt sent to ed.", "ed"),
    ("covering md paged, plan for repeat labs", "plan"),
    ("lawyer came to review her will, poa forms", "will"),
    ("HCP: self", "self"),
    ("PCP: unknown", "unknown"),
    ("Mother: deceased", "deceased"),
    ("Hope is a 4 letter word.", "Hope"),
    ("The king is a 4 yo dog.", "king"),
    ("she is a woman of 87 with good family support", "good"),
    ("i'm happy.", "happy"),
    ("this is fine.", "fine"),
    ("He is resting comfortably.", "He"),
    ("The mark was seen on CXR.", "mark"),
    ("Dr. Roe and Will follow up.", "Will"),
    ("Leonhard King admitted.\nwe hope to go home", "hope"),
]


@pytest.mark.parametrize(("text", "word"), WORDS)
def test_the_same_words_as_words_are_not_names(text: str, word: str) -> None:
    assert not covered(text, word), named(text)


def test_a_name_does_not_swallow_the_verb_after_it() -> None:
    assert "jun" in named("wife jun brought in home meds")
    assert "SUNNY" in named("DAUGHTER SUNNY CAN BE REACHED AT HOME")
