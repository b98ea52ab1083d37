"""Dates written with Spanish, Portuguese, French, Italian and German month names, and the words and
names those months share with English that stay unflagged. Synthetic text.
"""

from __future__ import annotations

import pytest
from detection_tables import check

from phigate.audit.sink import NullAuditSink
from phigate.detection.base import Detector
from phigate.detection.builtin.dates import DateRecognizer
from phigate.model import Category, Document
from phigate.pipeline import Pipeline
from phigate.policy import get_policy

D = Category.DATE
R = DateRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # day, month and year
        ("Cita el 3 de marzo de 2021 en la clínica.", [("3 de marzo de 2021", D, 0.8, 0.9)]),
        ("Consulta em 14 de março de 2020.", [("14 de março de 2020", D, 0.8, 0.9)]),
        ("Rendez-vous le 1er mars 2021 à 10h.", [("1er mars 2021", D, 0.8, 0.9)]),
        ("Termin am 3. März 2021 bestätigt", [("3. März 2021", D, 0.8, 0.9)]),
        ("visita del 24 dicembre 2019", [("24 dicembre 2019", D, 0.8, 0.9)]),
        ("FECHA: 9 DE AGOSTO DE 2018", [("9 DE AGOSTO DE 2018", D, 0.8, 0.9)]),
        # day and month, month and year, month then day
        ("visto el 12 de julio por dolor", [("12 de julio", D, 0.7, 0.8)]),
        ("operada en octubre de 2019", [("octubre de 2019", D, 0.7, 0.8)]),
        ("nacido en noviembre 1931", [("noviembre 1931", D, 0.7, 0.8)]),
        ("desde enero 5, 2022 con fiebre", [("enero 5, 2022", D, 0.7, 0.9)]),
        ("am 5. Mai entlassen", [("5. Mai", D, 0.7, 0.8)]),
        ("llegó el 2 de mayo", [("2 de mayo", D, 0.7, 0.8)]),
        # a month alone, and names and words the months share with English
        ("dolor desde marzo, peor ahora", []),
        ("Seen at Mayo 2019-2021 for the same complaint.", []),
        ("Referred to Mayo Clinic", []),
        ("Brother Marco 3 years older", []),
        ("Julio 1990 is his uncle's name", []),
        ("the Mars bar wrapper", []),
        ("Juni 2 refills", []),
    ],
)
def test_foreign_month_dates(text: str, expected: list[tuple[str, Category, float, float]]) -> None:
    check(R, text, expected)


@pytest.mark.parametrize(
    ("policy", "secret", "expected"),
    [
        ("safe-harbor", None, "Cita el 2021 y control el [DATE]."),
        ("pseudonymize", b"k" * 32, "Cita el [DATE] y control el [DATE]."),  # no shift: redacted
    ],
)
def test_transforms_of_a_foreign_date(policy: str, secret: bytes | None, expected: str) -> None:
    pipeline = Pipeline(
        detector=Detector([R]), policy=get_policy(policy), audit=NullAuditSink(), secret=secret
    )
    text = "Cita el 3 de marzo de 2021 y control el 12 de julio."
    assert pipeline.run(Document.from_text(text)).document.segments[0].text == expected
