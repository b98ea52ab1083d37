"""NAME forms found by a fresh probe of note styles: hyphenated given names, bracketed roles, OR and
phone-note labels, possessives, in-laws, clinicians named by role (all text invented).
"""

from __future__ import annotations

import pytest
from detection_tables import covered, spans_of

from phigate.detection.base import Detector
from phigate.detection.builtin.names import NameRecognizer
from phigate.model import Category

DETECTOR = Detector([NameRecognizer()])


# (text, the name that must be covered)
FORMS = [
    # a given name of two syllables joined by a hyphen
    ("Plan d/w attending Dr. Seo-yun Kwandel and fellow Dr. Ibekwe.", "Seo-yun Kwandel"),
    ("Care team: Min-jun Farrowby (attending); Adaeze Okparu (resident)", "Min-jun Farrowby"),
    ("Dear Ji-woo,\nThank you for your message.", "Ji-woo"),
    ("Care coordinated with case manager Soo-ah Brenlow, RN, regarding SNF placement.", "Soo-ah Brenlow"),
    ("Electronically signed by: Yoon, Hye-jin K. MD", "Yoon, Hye-jin K"),
    # a role or a relation in brackets next to the name
    ("Present: Dr. Ovalle, Ruairi (SW), Tariq (PT)", "Ruairi"),
    ("Present: Dr. Ovalle, Ruairi (SW), Tariq (PT)", "Tariq"),
    ("Meds reconciled with Giorgos (pt's wife) at bedside.", "Giorgos"),
    ("Message sent to patient (Anselma) via portal with results.", "Anselma"),
    ("SPOKE WITH DAVID KORNBLUTH (SON) WHO AGREES WITH PLAN.", "KORNBLUTH"),
    # labels of operating-room and phone-note roles
    ("Scrub: Tomasz  Circulator: Judith", "Tomasz"),
    ("Scrub: Tomasz  Circulator: Judith", "Judith"),
    ("Primary surgeon: Dr. Ferreol. First assist: S. Kwandel.", "S. Kwandel"),
    ("Caller: Chase Gold\nRelationship: spouse", "Chase Gold"),
    ("Team members: Wade Bell, Itzel Marroquin", "Wade Bell"),
    # relatives in-law, possessives, given names before particles
    ("Participants: patient, daughter Percy, son-in-law Xiaoming, Dr Ovalle.", "Xiaoming"),
    ("Will defer to Rivers's team regarding anticoagulation.", "Rivers"),
    ("Okparu's wife called the unit twice overnight.", "Okparu"),
    ("Handed off to night float (Henrike van den Bosch) at 1900.", "Henrike van den Bosch"),
    # two surnames before a comma; a capitalised surname with a title-case first name
    ("Provider: Villalobos Ugarte, Montserrat MD", "Montserrat"),
    ("Patient Name: ARRIAGA-TELLO, Rocío", "ARRIAGA-TELLO, Rocío"),
    ("Reviewed with K. Pillai (radiology).", "K. Pillai"),
    # a clinician's role before a surname that is also an eponym
    ("NP Hartmann to follow up on the culture results Monday.", "Hartmann"),
]


@pytest.mark.parametrize(("text", "name"), FORMS)
def test_name_forms_probe(text: str, name: str) -> None:
    assert covered(DETECTOR, text, name), spans_of(DETECTOR, text, Category.NAME)


# (text, a word that must stay unflagged)
NOT_NAMES = [
    ("Stevens-Johnson syndrome ruled out by derm.", "Stevens"),
    ("Dr. Ovalle paged at 0230 re: hypotension.", "hypotension"),
    ("Caller: Ana Roe\nRelationship: spouse\nReason: medication question", "Reason"),
    ("Best,\nGiulia", "Best"),
    ("Ana Roe, PharmD, recommends dose reduction.", "PharmD"),
    ("Transfers: Assist: Min A x1 with rolling walker.", "Min"),
    ("Follow-up in 2 weeks. X-ray of the wrist. Non-op management.", "Follow"),
    ("Low-dose aspirin continued; Long-term plan reviewed.", "Low"),
    ("Physical Therapy (PT) and Social Work (SW) consulted.", "Therapy"),
    ("Continue Tylenol (PT) as needed.", "Tylenol"),
    ("Lives near Altoona (PA) with her son.", "Altoona"),
    ("Cardiology's recs appreciated; Mom's questions answered.", "Cardiology"),
    ("Friday's note reviewed.", "Friday"),
    ("RN Foley catheter care done.", "Foley"),
    ("Bell's palsy on the right; Parkinson disease stable.", "Bell"),
    ("Anesthesia: General endotracheal. Historian: Reliable.", "General"),
]


@pytest.mark.parametrize(("text", "word"), NOT_NAMES)
def test_not_names_probe(text: str, word: str) -> None:
    names = spans_of(DETECTOR, text, Category.NAME)
    assert not any(word in name for name in names), names
