"""A capitalised word no list knows, alone mid-sentence where only a person stands, is a name; drug
brands, services and places in the same shapes are not (invented text only)."""

from __future__ import annotations

import pytest

from phigate.detection.builtin.names import NameRecognizer

_RECOGNIZER = NameRecognizer()


def _names(text: str) -> list[str]:
    return [text[m.start : m.end] for m in _RECOGNIZER.find(text)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Results forwarded to Lindqvist for review.", "Lindqvist"),
        ("Labs were drawn and Hargreave was informed of the results.", "Hargreave"),
        ("Plan discussed, and Brennholt has also agreed to it.", "Brennholt"),
        ("Films were sent to Quarrendine this morning.", "Quarrendine"),
    ],
)
def test_unknown_word_where_a_person_stands_is_a_name(text: str, name: str) -> None:
    assert name in _names(text)


_BRANDS = """Eliquis Xarelto Prinivil Lotensin Cordarone Brilinta Vicodin Prozac Lexapro Wellbutrin Cymbalta
Desyrel Novolog Levemir Januvia Jardiance Farxiga Ozempic Victoza Amaryl Glucotrol Zantac Senokot Miralax
Rocephin Ventolin Pulmicort Topamax Sinemet Namenda Diprivan Neupogen Proscar Ditropan Atarax Cardene
Catapres Tenormin Tygacil Mycamine Valtrex Zovirax Entresto Humira Enbrel Eylea Keytruda Xeljanz Otezla
Biktarvy Descovy Truvada Harvoni Epclusa Tradjenta Rybelsus Mounjaro Tresiba Toujeo Basaglar Janumet
Xigduo Multaq Ranexa Savaysa Nuvigil Ritalin Vyvanse Strattera Chantix Lunesta Belsomra Lasix Coumadin
Plavix Lipitor Crestor Norvasc Lopressor Coreg Diovan Bumex Cardizem Pradaxa Tylenol Dilaudid Percocet
Neurontin Lyrica Ativan Xanax Seroquel Zyprexa Zoloft Synthroid Lantus Humalog Protonix Nexium Zofran
Flagyl Levaquin Zosyn Keflex Augmentin Bactrim Lovenox Keppra""".split()
_FRAMES = (
    "Patient reports {} causes bruising.",
    "Her daughter asked whether {} is safe.",
    "The rash began after {} was added.",
    "Prior authorization for {} was denied.",
    "She was switched to {} for better control.",
)


@pytest.mark.parametrize("frame", _FRAMES)
def test_drug_brands_mid_sentence_are_not_names(frame: str) -> None:
    flagged = [brand for brand in _BRANDS if _names(frame.format(brand))]
    assert flagged == []


@pytest.mark.parametrize(
    "text",
    [
        "Will have Ortho evaluate, and Ortho was informed.",
        "Her son moved to Kaylafort and was informed by phone.",
        "Eliquis was discontinued and the team was informed.",
        "RESULTS FORWARDED TO LINDQVIST FOR REVIEW.",
    ],
)
def test_services_places_and_uncased_lines_are_not_read_so(text: str) -> None:
    assert _names(text) == []
