"""How ICU notes mention people: told, calling or visiting, sign-out shorthand, lists of doctors.

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


def spans(text: str) -> list[str]:
    """The NAME spans kept in ``text``."""
    return spans_of(NAMES, text, Category.NAME)


# (text, the name that must be found)
POSITIVES = [
    # before aware / called / visited / phoned / updated / at bedside / in to visit
    ("BP 80/40. HOUSE STAFF lena varkoni AWARE. U/O DOWN.", "lena varkoni"),
    ("FREQUENT PVC'S. W. PETRAKIS AWARE. MG GIVEN.", "W. PETRAKIS"),
    ("K 3.1, Vandermolen aware, repleted.", "Vandermolen"),
    ("RUN OF VT. GRETA ZOLLNER AWARE.", "GRETA ZOLLNER"),
    ("SBP 70S. CLIFFORD AWARE AND AT BEDSIDE.", "CLIFFORD"),
    ("social: bob visited in the afternoon; no calls today.", "bob"),
    ("daughter in, and george phoned late this pm for update.", "george"),
    ("HYPOTENSIVE. OKAFOR AT BEDSIDE.", "OKAFOR"),
    ("tomas in to visit after work.", "tomas"),
    ("KEEP PETRAKIS FAMILY AWARE OF PLAN OF CARE.", "PETRAKIS"),
    # a name before "and Dr", after "Dr X and", after "DR'S"
    ("MG GIVEN. GRETA ZOLLNER AND DRS OKAFOR AND VANDERMOLEN AWARE.", "GRETA ZOLLNER"),
    ("MG GIVEN. GRETA ZOLLNER AND DRS OKAFOR AND VANDERMOLEN AWARE.", "VANDERMOLEN"),
    ("DR OKAFOR AND CLIFFORD AWARE.", "CLIFFORD"),
    ("PT EXPIRED AT 0320. DR'S OKAFOR AND PETRAKIS REMAINED.", "OKAFOR"),
    # sign-out shorthand
    ("spoke w/ vandermolen re: plan", "vandermolen"),
    ("d/w vandermolen, will follow", "vandermolen"),
    ("SPOKE W/ OKAFOR RE PLAN.", "OKAFOR"),
    ("MILRINONE OFF AS PER W. PETRAKIS.", "W. PETRAKIS"),
    ("md vandermolen notified of k 3.0", "vandermolen"),
    ("ho vandermolen aware of labs", "vandermolen"),
    ("page okafor if sbp < 90", "okafor"),
    ("CASE MANAGEMENT CONTACTS GRETA ANN ZOLLNER.", "GRETA ANN ZOLLNER"),
    ("TO MEET S. PETRAKIS TOMORROW AT 9AM.", "S. PETRAKIS"),
    ("contact was made with martin okafor from ethics.", "martin okafor"),
    ("O2 SATS 85%. -> J. Varga PA into evaluate.", "J. Varga"),
    # relatives: shorthand words and a stray comma
    ("social: dtr suzette in contact by phone.", "suzette"),
    ("social: pt's son ,dave, was in ew.", "dave"),
    ("COPING-SISTER ,JANET HAS PHONED TODAY.", "JANET"),
    ("MET W/ CASEWORKER LEONA VARKONI.", "LEONA VARKONI"),
    ("HCP is Maria Zollner, his niece.", "Maria Zollner"),
    # a third lowercase word no list knows joins a first name and a surname
    ("pt alert. mary theresa kondoulis from speech in today.", "mary theresa kondoulis"),
    # a lone name no list calls a word propagates to its lowercase form
    ("Plan reviewed today and Kowalczyk agrees. kowalczyk will call back.", "kowalczyk"),
]

NEGATIVES = [
    "HO AWARE. TEAM AWARE. MD AWARE. NP AWARE. FAMILY AWARE.",
    "ho aware, md aware, team aware, family at bedside, pharmacy called.",
    "Social - Daughter visited last night. Nurse aware. Resident at bedside.",
    "the bill called for payment. Report called to floor.",
    "SPO2 90's. Team aware- restarted nipride.",
    "HIS FAMILY AWARE OF PLAN. LARGE FAMILY VISITED.",
    "A SISTER-IN-LAW AND SISTER-IN-LAWS VERY INVOLVED.",
    "Social-lives with older brother, called and spoke with RN.",
    "DR'S ORDERS FOLLOWED. DR'S NOTE REVIEWED.",
    "spoke w/ family re: plan. d/w team. spoke w/ md.",
    "MD AWARE. MD ORDERED LASIX. md aware of k.",
    "We'll meet Tuesday to discuss.",
    "GIVEN PA LINE FLUSH. K. 40 PA",
    "FLUIDS AND DR'S ORDERS.",
]


@pytest.mark.parametrize(("text", "name"), POSITIVES)
def test_people_in_icu_notes(text: str, name: str) -> None:
    assert covered(NAMES, text, name), (text, spans(text))


@pytest.mark.parametrize("text", NEGATIVES)
def test_roles_teams_and_words_are_not_names(text: str) -> None:
    assert spans(text) == []


def test_word_first_name_before_called_does_not_propagate() -> None:
    text = "social: bill called once.\nbill for the meds was paid."
    assert spans(text) == ["bill"]


def test_a_lone_name_that_is_a_word_does_not_propagate() -> None:
    text = "Plan reviewed today and Hope agrees. hope is the plan."
    assert "hope" not in spans(text)


def test_surname_before_family_in_a_firm_name_is_found() -> None:
    assert "Okafor" in spans("Referred to Okafor Family Practice.")
