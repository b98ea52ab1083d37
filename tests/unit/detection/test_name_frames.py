"""Names whose case says little: lowercase notes, all-capitals lines, lone names framed as people.

Each rule has names it must find and text it must leave alone. Every text here is synthetic; the
names are invented.
"""

from __future__ import annotations

import pytest
from detection_tables import covered, spans_of

from phigate.detection.base import Detector
from phigate.detection.builtin.names import NameRecognizer, _Doc
from phigate.model import Category

NAMES = Detector([NameRecognizer()])

# (text, the name that must be found)
POSITIVES = [
    # full names in a lowercase note: a middle initial, surname first, with or without a space
    ("seen and examined mary a. nguyen today.", "mary a. nguyen"),
    ("seen and examined yasmin e. tekiner today.", "yasmin e. tekiner"),
    ("nguyen, mary is a 65 yo female.", "nguyen, mary"),
    ("kowalczyk,john 65 yo admitted with cp.", "kowalczyk,john"),
    ("tekiner, yasmin 65 yo admitted with cp.", "tekiner, yasmin"),
    ("kowalczyk john (pt) transferred from floor.", "kowalczyk john"),
    ("lives with her daughter. joy martinez arrived by ems.", "joy martinez"),
    ("message left for isabel cushing re: labs.", "isabel cushing"),
    # surname first and comma forms in capitals
    ("KOWALCZYK JOHN (PT) TRANSFERRED FROM FLOOR.", "KOWALCZYK JOHN"),
    ("JOHNSON, HOPE IS A 65 YO FEMALE.", "JOHNSON, HOPE"),
    ("BAKER, OLUWASEUN IS A 65 YO FEMALE.", "BAKER, OLUWASEUN"),
    ("Tekiner, Yasmin is a 65 yo female.", "Tekiner, Yasmin"),
    # a frequent first name alone where the case says nothing, framed as a person
    ("update given to mary by phone.", "mary"),
    ("pt went out to lunch with linda and her son.", "linda"),
    ("PT WENT OUT TO LUNCH WITH LINDA AND HER SON.", "LINDA"),
    ("john is the health care proxy.", "john"),
    ("husband (carlos) updated on plan of care.", "carlos"),
    ("husband (oluwaseun) updated on plan of care.", "oluwaseun"),
    ("yasmin (daughter) called for update.", "yasmin"),
    # a first name that is also a word, capitalised mid-sentence in a frame
    ("Plan discussed with pt and Grace at bedside.", "Grace"),
    ("Pt went out to lunch with Hope and her son.", "Hope"),
    # a word no list knows next to a relation
    ("Wife (Tekiner) at bedside.", "Tekiner"),
    ("Pt's neighbor, Oyelaran, found her down.", "Oyelaran"),
    # a stop word as a first name before a surname, at a sentence start
    ("HPI: Will Weiss is a 80 year old man.", "Will Weiss"),
    # the repeats of a confident name: a stop-word first name, a lowercase surname that is a word
    ("Pt Will Oyelaran admitted. Later, Will asked for water.", "Will asked"),
    ("mr. baker admitted. later baker denies pain this am.", "baker denies"),
    # an eponym as a surname before a credential; letters with diacritics are no typo
    ("Sincerely,\n\nAachal Foley, MD\n", "Aachal Foley"),
    ("Seen today. Jürk reports feeling better.", "Jürk"),
]


@pytest.mark.parametrize(("text", "name"), POSITIVES)
def test_framed_names_found(text: str, name: str) -> None:
    if name.endswith((" asked", " denies")):  # a repeat: the name is the word before the verb
        start = text.index(name)
        name = name.split()[0]
        found = [(f.start, f.end) for f in NAMES.find_text(text)]
        assert any(s <= start and start + len(name) <= e for s, e in found), found
    else:
        assert covered(NAMES, text, name), spans_of(NAMES, text, Category.NAME)


# Text in which no name may be found.
NEGATIVES = [
    "titrate levophed to max dose. tia ruled out.",
    "pt seen for addison disease, on steroids.",
    "FOR ADDISON\nDISEASE, ON STEROIDS.",
    "CT showed fluid, responding to Lasix. CT to Left Pleural effusion.",
    "Pt transferred to Sacred Heart for rehab.",
    "GU: F/C draining yellow urine. Team aware of low urine output.",
    "a: low co d/t heart failure, p: cont dobutamine.",
    "EXCORIATION ON BUTTOCKS AND IN PERI AREA.",
    "we hope and pray for improvement. dr. hope aware.",
    "cushing syndrome workup pending. isabel cushing syndrome",
    "Will follow up in am. Pt stable.",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_charting_is_not_a_name(text: str) -> None:
    found = spans_of(NAMES, text, Category.NAME)
    allowed = {"hope", "isabel"}  # the titled name and the first name in the traps
    assert all(s.lower() in allowed for s in found), found


@pytest.mark.parametrize(
    ("text", "word", "start"),
    [
        ("HPI: Will Weiss", "Will", True),
        ("Seen today.\nHope called", "Hope", True),
        ("met with Will Young", "Will", False),
        ('she said ("Mark', "Mark", False),
        ("Pt. Mark", "Mark", True),
    ],
)
def test_sentence_start_needs_a_mark_not_a_space(text: str, word: str, start: bool) -> None:
    d = _Doc(text)
    assert d.sentence_start(d.words.index(word)) is start
