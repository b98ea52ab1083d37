"""Dates and phone numbers as ICU nursing notes write them: a date after a lab name in the sentence
before, after a colon or glued to a word, an ordinal day alone, two joined dates, ventilator settings
after "on", and phone groups typed in parentheses. Synthetic text in the notes' style.
"""

from __future__ import annotations

import pytest
from detection_tables import check

from phigate.detection.allowlist import measurement_follows, setting_after, tokens_in_clause
from phigate.detection.builtin.dates import DateRecognizer
from phigate.detection.builtin.phone import PhoneRecognizer
from phigate.model import Category

D, P = Category.DATE, Category.PHONE
R = DateRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a vital or lab name in the sentence before, or before a date cue, labels nothing here
        ("DUE TO HEMOPTYSIS AND DECREASED O2. 10/1 WENT TO XRT", [("10/1", D, 0.55, 0.65)]),
        ("HX OF PROSTATE CA. ON 4/18 HAD CP", [("4/18", D, 0.8, 0.9)]),
        ("ACCESS LT SC CL PLACED 4/13", [("4/13", D, 0.8, 0.9)]),
        ("admitted to VA on 10/18 with distension", [("10/18", D, 0.8, 0.9)]),
        ("WT 10/8 59.2kg.", [("10/8", D, 0.55, 0.65)]),
        # after a label's colon, glued to a word
        ("PRESENT HX:8/30 DECREASED MENTAL STATUS", [("8/30", D, 0.55, 0.65)]),
        ("am labs on10/14/82> hct 30", [("10/14/82", D, 0.9, 1.0)]),
        # a day of the month alone
        ("cultures drawn from A-line on the 11th. One set", [("11th", D, 0.65, 0.75)]),
        ('"it\'s the 3rd." pt now oriented', [("3rd", D, 0.65, 0.75)]),
        # two dates joined by a slash
        ("HAD TREATMENTS 10/03/10/04 AND DUE", [("10/03/10/04", D, 0.65, 0.75)]),
        # a padded month or day is no reading; a lowercase month that is no other word
        ("CHF, EF 35% (3/02), laryngeal CA", [("3/02", D, 0.65, 0.75)]),
        ("admitted in sept. and d/c'd home", [("sept", D, 0.6, 0.7)]),
        ("seen in Dec. Pt returned", [("Dec", D, 0.5, 0.6)]),
        # a unit on the next line is no unit of the date
        ("Next appointment: 3/7/16\nL knee", [("3/7/16", D, 0.9, 1.0)]),
    ],
)
def test_note_dates_are_found(text: str, expected: list[tuple[str, Category, float, float]]) -> None:
    check(R, text, expected)


@pytest.mark.parametrize(
    "text",
    [
        # ventilator settings after "on"
        "ABG 7.35/66/55 ON 10/5 BIPAP 65% 02.",
        "pt trialed on 5/5 this am, tolerated",
        "Pt. initially on 13/10 in the am.",
        "RESP: Pt remained on 5/5, 40% till 4PM",
        "ON BIPAP OVERNIGHT 10/5 FIO2 65%",
        "PS on 10/5 and PEEP 5",
        "CPAP on 10/5 all night; ABG fine on 5/5. Waiting",
        # labels right before, in the same clause
        "BP 120/80; pain 7/10; 4/5 strength; HR of 80/min",
        "BP:120/80 Pain:7/10 GCS:3/4",
        "PSV 12/10/40; on 10/5/50%; peep 10/5/10/5",
        # month abbreviations that are other words
        "TRY METAMUCIL DOWN NGT TO DEC STOOL FREQ; documented in MAR today; in may be; in march we",
        # ordinals that count things
        "fracture of the 11th rib; in 11th grade; the 11th percentile; on the 11th floor; on the 2nd day",
    ],
)
def test_note_values_stay_clean(text: str) -> None:
    check(R, text, [])


def test_on_a_date_stays_a_date_when_nothing_says_settings() -> None:
    check(R, "pacer placed on 7/8. F/c changed on 8/3.", [("7/8", D, 0.8, 0.9), ("8/3", D, 0.8, 0.9)])
    check(R, "ABG on 11/4 showed acidosis", [("11/4", D, 0.8, 0.9)])


def test_tokens_in_clause_stop_at_the_sentence_end() -> None:
    assert tokens_in_clause("DECREASED O2. ", 14, 3) == []
    assert tokens_in_clause("HCT DOWN TO 27.9 ", 17, 3) == ["to", "27", "9"]


def test_measurement_follows_stays_on_the_line() -> None:
    assert measurement_follows("given 2 L NC", 7)
    assert not measurement_follows("given 2\nL NC", 7)


@pytest.mark.parametrize("text", ["93 L hip fx", "3/7/16 L knee", "PICC 11/14 L arm", "93 L sided weakness"])
def test_left_side_before_a_body_part_is_no_litre(text: str) -> None:
    assert not measurement_follows(text, text.index(" L "))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("son and grandson both visited today.(301 273 45166) both", [("301 273 45166", P, 0.65, 0.75)]),
        ("call (301 273 45166)", [("301 273 45166", P, 0.65, 0.75)]),
        ("counts (301 273 45166) today", []),
        ("pager 1000 mg", []),
        ("Charge nurse pg 24987\ncc: Dr. Lee", [("24987", P, 0.75, 0.85)]),
    ],
)
def test_phone_groups_in_parentheses(text: str, expected: list[tuple[str, Category, float, float]]) -> None:
    check(PhoneRecognizer(), text, expected)


def test_setting_after_reads_the_clause_after() -> None:
    assert setting_after("ON 10/5 BIPAP 65%", 7)
    assert not setting_after("on 10/5. BIPAP off", 7)
    assert not setting_after("seen on 10/5 for pain", 12)
