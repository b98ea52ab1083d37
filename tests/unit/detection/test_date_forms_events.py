"""Dates as bedside notes write them next to events, devices, values and abbreviations: a month/day
after a procedure or a care decision, beside a device word or a shorthand that reads as a unit, in
parentheses after the value it dates, an ordinal day written alone after a date word, a day, month
abbreviation and year joined by dashes in lowercase; and the counts, ratios and settings of the same
shapes. Invented sentences.
"""

from __future__ import annotations

import pytest
from detection_tables import check

from phigate.detection.builtin.dates import DateRecognizer
from phigate.model import Category

D = Category.DATE
R = DateRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # procedures and care decisions before a month/day
        ("bronched 10/3 for mucus plugging", [("10/3", D, 0.8, 0.9)]),
        ("paracentesis 6/9, 3 liters off", [("6/9", D, 0.8, 0.9)]),
        ("aneurysm coiled 7/8 without event", [("7/8", D, 0.8, 0.9)]),
        ("made DNR 11/2 after family mtg", [("11/2", D, 0.8, 0.9)]),
        ("hope to extubate 8/3 if gas ok", [("8/3", D, 0.8, 0.9)]),
        ("headed to the OR 6/4 with ortho", [("6/4", D, 0.8, 0.9)]),
        ("called out to the floor 9/6 in stable condition", [("9/6", D, 0.8, 0.9)]),
        # a device word beside an event word, shorthand after the date
        ("in cath lab an IABP placed 3/17 given shock", [("3/17", D, 0.8, 0.9)]),
        ("seen at the walk-in on 1/28 c/o cough", [("1/28", D, 0.8, 0.9)]),
        ("discharged 5/19 f/u with PCP", [("5/19", D, 0.8, 0.9)]),
        # extubation leaves no ventilator settings behind
        ("weaning toward extubation 10/6.", [("10/6", D, 0.8, 0.9)]),
        # a value, then the day it was taken
        ("known low EF 30% (2/11), on coreg", [("2/11", D, 0.65, 0.75)]),
        ("sodium 128 (11/9) now 134", [("11/9", D, 0.65, 0.75)]),
        # "2/2" ending a clause after an event that happens once
        ("self extubated 2/2.", [("2/2", D, 0.8, 0.9)]),
        # a full date glued to a word in capitals
        ("LYTES REPLETED ON10/14/96, RECHECK", [("10/14/96", D, 0.9, 1.0)]),
        # an ordinal day alone after a date word, a weekday or "the" after a linking word
        ("extubated 23rd, doing well", [("23rd", D, 0.65, 0.75)]),
        ("cx pending since 21st", [("21st", D, 0.65, 0.75)]),
        ("family meeting planned Fri 24th.", [("24th", D, 0.65, 0.75)]),
        ("abx through the 25th", [("25th", D, 0.65, 0.75)]),
        ("from the 21st to the 25th", [("21st", D, 0.65, 0.75), ("25th", D, 0.65, 0.75)]),
        ("asked the date, she said it is the 14th.", [("14th", D, 0.65, 0.75)]),
        # the formal day of a month
        ("Signed this 4th day of June, 2019.", [("4th day of June, 2019", D, 0.85, 0.95)]),
        # day, month abbreviation and year joined by dashes, in lowercase
        ("last visit 04-jan-19 with cardiology", [("04-jan-19", D, 0.85, 0.95)]),
        ("seen 7-may-2018", [("7-may-2018", D, 0.85, 0.95)]),
    ],
)
def test_event_dates_are_found(text: str, expected: list[tuple[str, Category, float, float]]) -> None:
    check(R, text, expected)


@pytest.mark.parametrize(
    "text",
    [
        # "2/2" as "secondary to" or a count, whatever event word stands near
        "hypotension 2/2 sepsis; blood cx + 2/2.",
        "admitted with dyspnea 2/2 CHF",
        # a setting or a fraction in parentheses after a value
        "PS 10/5 (10/5) overnight; strength 4 (4/5) in RUE",
        # ventilator settings after a weaning word, and an FiO2 after the pair
        "weaning trial 10/5 this am; extubated after 5/5 PSV",
        # a unit after the pair, not shorthand
        "pumping 1/15 cc/hr",
        # ordinals that count things
        "pt had 1st XRT; after 2nd dose; to 4th floor; completed 3rd cycle.",
        "the 3rd time; the 21st century; of 3rd degree burns",
        # a count of days before a month's name
        "POD 3 day of march",
        # a round-the-clock phrase
        "family at bedside 24/7",
        # a lowercase month abbreviation with a count after it
        "3-may-45 mg",
    ],
)
def test_event_values_stay_clean(text: str) -> None:
    check(R, text, [])
