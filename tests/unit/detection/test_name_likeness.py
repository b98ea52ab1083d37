"""Names no list knows, read by their spelling (the character n-gram model) where the context
already suggests a person, and the forms added with it: region words that are first names, dash
sign-offs, ``message left for``, relatives before a person's verb.

Each rule has names it must find and charting it must leave alone. Every text here is synthetic;
the names are invented or built from syllables.
"""

from __future__ import annotations

import pytest
from detection_tables import covered, spans_of

from phigate.detection.base import Detector
from phigate.detection.builtin._caps import NAME_LIKE, name_like, name_likeness
from phigate.detection.builtin.names import NameRecognizer
from phigate.model import Category

NAMES = Detector([NameRecognizer()])


@pytest.mark.parametrize("key", ["oluwaseun", "chaitaly", "babatunji", "milczarczyk", "Olasunmbo", "vitória"])
def test_names_are_spelled_like_names(key: str) -> None:
    assert name_like(key)


@pytest.mark.parametrize("key", ["intubated", "mentating", "hypotensive", "obtunded", "suctioned"])
def test_english_words_are_not(key: str) -> None:
    assert name_likeness(key) < 0 < NAME_LIKE


def test_score_is_deterministic_and_neutral_without_letters() -> None:
    assert name_likeness("Chaitaly") == name_likeness("chaitaly")
    assert name_likeness("123") == 0.0


# (text, the name that must be found)
POSITIVES = [
    # an English ending no longer rejects a name spelled like one
    ("Wife Chaitaly brought in home meds; list reconciled.", "Chaitaly"),
    ("Dear Dr. Kobelt,\n\nI am referring Siegried for evaluation of a rash.", "Siegried"),
    # a lowercase word no list knows before a verb of speech, in a lowercase note
    ("symptoms started monday.\nlidija states the new inhaler helps.", "lidija"),
    ("seen at home.\nnkechinyere reports feeling better.", "nkechinyere"),
    # two lowercase words no list knows after a role word, spelled like names
    ("insurance: member id 44x, subscriber omotoun ogunwobi.\n", "omotoun ogunwobi"),
    # a pair of words no list knows, spelled like names, after a dash in a heading
    ("Visit May 2021 at Lakeside Clinic - Ulutay Alemdar\nS: Feels better.", "Ulutay Alemdar"),
    ("Seen at Hill Medical Center - Babatunji Owoyemi\nS: Works as a driver.", "Babatunji Owoyemi"),
    # unknown names before a credential, when together they are spelled like names
    ("DISCUSSED WITH LEONOR, RN AND FADERERA ODETOLA, PA-C.\n", "FADERERA ODETOLA"),
    # message forms: a lowercase name no list knows that the form or punctuation ends
    ("hi dr roe, this is annemijn.\ni've been taking the pills", "annemijn"),
    ("the rash is back\nper vitória the pharmacy is closed", "vitória"),
    # a dash sign-off line before a labelled reply or the end of the message
    ("Hi Dr. Roe,\nthe refill ran out\n\n-bill\nReply: left voicemail for pt", "bill"),
    ("hi doc, the rash is back\n\n- peter\nstaff response: will call", "peter"),
    ("Can someone call me back?\n— Annemijn", "Annemijn"),
    # frequent first names that are only a word of a longer region name
    ("it's mariana from 3b, thanks", "mariana"),
    ("FAMILY HX: MOTHER SALVADOR HAD BREAST CANCER.", "SALVADOR"),
    # a relative and a frequent first name that is also a word, before a person's verb
    ("PT'S DAUGHTER SUNNY AT BEDSIDE, ALL QUESTIONS ANSWERED.", "SUNNY"),
    # a frequent first name that is a word, starting a sentence of capitals before a verb of speech
    ("HOSP # 9207\nHOPE STATES THE NEW INHALER HELPS.", "HOPE"),
    # a message left for a person
    ("MESSAGE LEFT FOR OLUWASEUN BAKER RE: LABS.", "OLUWASEUN BAKER"),
    ("Left a voicemail for Tekiner Yasmin today.", "Tekiner Yasmin"),
]


@pytest.mark.parametrize(("text", "name"), POSITIVES)
def test_spelled_names_found(text: str, name: str) -> None:
    assert covered(NAMES, text, name), spans_of(NAMES, text, Category.NAME)


# Text in which no name may be found.
NEGATIVES = [
    "Pt intubated overnight. Wife updated.",
    "PT INTUBATED. PT AFEBRILE.",
    "bil rhonchi, coughing and raising moderate sputum.",
    "BREATH SOUNDS CLEAR WITH BIL RHONCHI BIBASILAR, COUGHING.",
    "HUSBAND WILL TRY TO BE IN LATER TODAY.",
    "GRANDSON AND WIFE WILL PHONE FOR UPDATES.",
    "FAMILY: SON, BROTHER AND WIFE IN TO VISIT.",
    "SOCIAL: WIFE, DAUGHTER, OTHER FAMILY IN TO VISIT.",
    "MESSAGE LEFT FOR PHARMACY RE: REFILL.",
    "PAGED FOR HYPOTENSION. CALLED FOR CT.",
    "Plan:\n- lasix\n- heparin\n- pain control",
    "Meds reviewed.\n- stable\nPlan: continue",
    "pt states pain is better. family states no change.",
    "Patient is from Puerto Rico and speaks Spanish.",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_charting_left_alone(text: str) -> None:
    assert spans_of(NAMES, text, Category.NAME) == []
