"""Lone first names in portal messages, texts and informal notes, mostly lowercase (synthetic)."""

from __future__ import annotations

import pytest

from phigate.detection.base import Detector
from phigate.detection.builtin.names import NameRecognizer
from phigate.model import Category

DETECTOR = Detector([NameRecognizer()])


def found(text: str) -> list[str]:
    return [text[f.start : f.end] for f in DETECTOR.find_text(text) if f.category is Category.NAME]


# (message, the lone names it holds, in order)
NAMES = [
    # greetings and sign-offs
    ("hi maria, my bp is high", ["maria"]),
    ("hey dr k, quick question", ["k"]),
    ("dear ana, thank you", ["ana"]),
    ("thanks, tom", ["tom"]),
    ("thank you so much -jen", ["jen"]),
    ("love, grandma rosa", ["rosa"]),
    ("best,\nkevin", ["kevin"]),
    ("sent from my iphone\n- raj", ["raj"]),
    ("hi will, the rash is back", ["will"]),
    ("thanks, grace", ["grace"]),
    # self-introductions
    ("this is maria, i had a question", ["maria"]),
    ("its maria again", ["maria"]),
    ("it's maria from 3b", ["maria"]),
    ("my name is maria and i need a refill", ["maria"]),
    ("maria here, quick question", ["maria"]),
    ("im maria's daughter", ["maria"]),
    # possessives and relations
    ("my son josh has a fever", ["josh"]),
    ("maria's meds ran out", ["maria"]),
    ("my husband dave's sugar was 300", ["dave"]),
    ("josh (son) will drive me", ["josh"]),
    ("my daughter hope will pick it up", ["hope"]),
    # addressees and reported speech
    ("@maria can you call me", ["maria"]),
    ("maria - can you call me back", ["maria"]),
    ("maria said to call", ["maria"]),
    ("per maria the dose is fine", ["maria"]),
    ("@mara rust can you check my sugar log", ["mara rust"]),
    ("per Moyosore the pharmacy is closed", ["Moyosore"]),
    # found once with a cue, found everywhere in the message
    ("hi, it's josh. my daughter said josh should call", ["josh", "josh"]),
]


@pytest.mark.parametrize(("text", "names"), NAMES)
def test_lone_names_in_messages(text: str, names: list[str]) -> None:
    assert found(text) == names


@pytest.mark.parametrize(
    "text",
    [
        "hi, i have a question",
        "thanks, will do",
        "hope you are well",
        "may i ask about my meds",
        "mark the site please",
        "best regards",
        "sent from my iphone",
        "my metformin is low",
        "my lisinopril ran out",
        "my sugar was 300",
        "my rash is worse",
        "thanks again",
        "hi there, quick question",
        "hi all, see below",
        "hey doc, any update?",
        "dear team, hello",
        "this is urgent",
        "its fine",
        "it's worse today",
        "i'm not sure",
        "im feeling better",
        "my name is on the list",
        "per protocol give 2 mg",
        "pain said to be worse",
        "will call tomorrow",
        "grace period ends soon",
        "my insulin's dose is 10 units",
        "user@maria.org wrote back",
    ],
)
def test_message_words_are_not_names(text: str) -> None:
    assert found(text) == []
