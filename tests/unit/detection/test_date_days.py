"""Later days listed after a date, days alone, two-digit years after a day, dates after one-number
labels, and the shapes that stay values. Invented text in the style of ICU nursing notes.
"""

from __future__ import annotations

import pytest
from detection_tables import check

from phigate.detection.allowlist import scalar_label, unit_or_count_follows
from phigate.detection.builtin.dates import DateRecognizer
from phigate.model import Category

D = Category.DATE
R = DateRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # later days of a list or a range after a month/day, or after a month name
        (
            "Blood cx sent 4/21, 22 and 23 all NGTD.",
            [("4/21", D, 0.8, 0.9), ("22", D, 0.8, 0.9), ("23", D, 0.8, 0.9)],
        ),
        ("HD 4/21 & 22 with UF 2L each.", [("4/21", D, 0.8, 0.9), ("22", D, 0.8, 0.9)]),
        ("NPN 4/23 - 24 7p-7a", [("4/23", D, 0.8, 0.9), ("24", D, 0.8, 0.9)]),
        ("Extubated 4/22, reintubated 23.", [("4/22", D, 0.8, 0.9), ("23", D, 0.8, 0.9)]),
        ("Febrile 4/22 pm and 23 am.", [("4/22", D, 0.55, 0.65), ("23", D, 0.55, 0.65)]),
        (
            "Cultures sent May 21, 22 and 23.",
            [("May 21", D, 0.85, 0.95), ("22", D, 0.85, 0.95), ("23", D, 0.85, 0.95)],
        ),
        # a two-digit year after a month and a day
        ("Nursing Progress Note\nOct 21, 19 0700->1930", [("Oct 21, 19", D, 0.85, 0.95)]),
        # one-number labels before a month/day with a day over 12
        ("INR check 4/25.", [("4/25", D, 0.55, 0.65)]),
        ("Tmax 101.4 4/22 pm, pan cultured.", [("4/22", D, 0.55, 0.65)]),
        ("RESP: extubated 4/25, on 4L NC.", [("4/25", D, 0.8, 0.9)]),
        # a dated entry, a course begun
        ("OR 3/4: washout of R knee.", [("3/4", D, 0.55, 0.65)]),
        ("ABX: cefepime 3/4->", [("3/4", D, 0.55, 0.65)]),
        # days alone
        ("Extubated on the 23, reintubated on the 25.", [("23", D, 0.65, 0.75), ("25", D, 0.65, 0.75)]),
        ("Planned for Monday the 25th or 26th.", [("25th", D, 0.65, 0.75), ("26th", D, 0.65, 0.75)]),
        (
            "Admitted 4/20. Heparin stopped on 23 due to low plts.",
            [("4/20", D, 0.8, 0.9), ("23", D, 0.65, 0.75)],
        ),
        ("Admitted 4/20. Family meeting Tuesday (23).", [("4/20", D, 0.8, 0.9), ("23", D, 0.65, 0.75)]),
        # two-digit years marked after the events of a history list
        (
            "PMH: HTN 98', lap chole 88', CABG 99'.",
            [("98", D, 0.55, 0.65), ("88", D, 0.55, 0.65), ("99", D, 0.55, 0.65)],
        ),
    ],
)
def test_days_and_dates_are_found(text: str, expected: list[tuple[str, Category, float, float]]) -> None:
    check(R, text, expected)


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        # values listed after a date, and counts after a day
        ("Hct 30 on 4/21, 28 on 4/22 and 26 today.", ["4/21", "4/22"]),
        ("Hct 28 4/21, 26 4/22.", ["4/21", "4/22"]),
        ("Given 4/21 and 22 units of insulin since.", ["4/21"]),
        # scales, set and total rates, pairs of values
        ("GCS 3/15 off sedation.", []),
        ("RR 12/20 on SIMV.", []),
        ("Hgb/Hct 9/27 this am.", []),
        ("PT/PTT 12/28.", []),
        # a day alone needs an event, a weekday or a date elsewhere in the note
        ("Pt placed on 5. Sats 95.", []),
        ("Pt on 1st step mattress.", []),
        ("Pt remains on 10 of levo.", []),
        ("Sat 30. Sun exposure limited.", []),
        # distances and angles are no marked years, even in a dated history
        ("CVA 74'. HOB 30'. Ambulated 20' with PT.", ["74"]),
        # no year after a day before a count or a time
        ("seen Nov 23, 10 mg given", ["Nov 23"]),
        # fractions, settings, readings
        ("BP 120/80, PSV 15/5, CPAP 5/5, 2/6 SEM, strength 4/5, D5 1/2 NS, 3/4 tab, vision 20/40.", []),
        ("Pain 2/10. Cultures + 2/4 bottles. I/O 1200/800. A/C 14/500/5/40%.", []),
    ],
)
def test_values_stay(text: str, dates: list[str]) -> None:
    assert [text[m.start : m.end] for m in R.find(text) if m.score >= 0.5] == dates


def test_scalar_label() -> None:
    assert scalar_label(["inr", "check"])
    assert scalar_label(["last", "hct"])
    assert not scalar_label(["hgb", "hct"])  # a pair of values
    assert not scalar_label(["gcs"])
    assert not scalar_label(["rr"])


def test_unit_or_count_follows() -> None:
    text = "4/21 and 22 units, 23 days, 24 x, 25 pending"
    assert unit_or_count_follows(text, text.index("22") + 2)
    assert unit_or_count_follows(text, text.index("23") + 2)
    assert unit_or_count_follows(text, text.index("24") + 2)
    assert not unit_or_count_follows(text, text.index("25") + 2)
