"""Month/day dates as ICU nursing notes write them: next to a time, a shift's hours or a place, with
a dash after a date cue, with another separator before the year or last day, with a day the month
lacks (surrogates), or weak alone in a note whose other dates are near; and the ranges, counts and
ventilator settings of the same shapes. Synthetic text in the notes' style.
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
        # a place, a time of day or a clock time next to it
        ("became dyspneic 3/5 at the nursing home.", [("3/5", D, 0.55, 0.65)]),
        ("new rash 4/9 pm, derm aware", [("4/9", D, 0.55, 0.65)]),
        ("seen 11/14pm by team", [("11/14", D, 0.8, 0.9)]),
        ("integrilin off at 0630 4/2\nNS at 100", [("4/2", D, 0.65, 0.75)]),
        ("4/3 0700 pt fell", [("4/3 0700", D, 0.65, 0.75)]),
        # a shift's hours in a header
        ("NPN 7a-7p 2/4\nneuro: alert", [("2/4", D, 0.8, 0.9)]),
        ("2/4 7p-7a\nneuro: alert", [("2/4", D, 0.65, 0.75)]),
        ("7p-7a 2-3\nneuro: alert", [("2-3", D, 0.65, 0.75)]),
        # a month-day with a dash after a date cue
        ("went back to the OR on 6-9 for clipping", [("6-9", D, 0.65, 0.75)]),
        ("R IJ placed 12-2.", [("12-2", D, 0.65, 0.75)]),
        ("PLAN: F/U 3-17 with cards", [("3-17", D, 0.65, 0.75)]),
        ("f/u appt 5-11.", [("5-11", D, 0.65, 0.75)]),
        ("f/u 2-3 weeks", []),
        ("FU 1-2 months with PCP", []),
        # a shorthand or potassium after the date is no unit (``c/o``, ``K 3.2``)
        ("11/19 c/o chest pain overnight", [("11/19", D, 0.5, 0.9)]),
        ("11/19 K 3.2, repleted", [("11/19", D, 0.5, 0.9)]),
        # another separator before the year; a range of days (two findings, so a date shift moves both)
        ("10/17.94\nresp: clear", [("10/17.94", D, 0.65, 0.75)]),
        ("NPN 10/17-18 events", [("10/17", D, 0.65, 0.75), ("18", D, 0.65, 0.75)]),
        ("seen 10/7-9 by ortho", [("10/7", D, 0.8, 0.9), ("9", D, 0.8, 0.9)]),
        ("progress note\n2->3 dec, 97\n1900", [("2->3 dec, 97", D, 0.7, 0.8)]),
        ("admitted in Oct 97 with", [("Oct 97", D, 0.85, 0.95)]),
        # days the month lacks: surrogate dates, dates by their place
        ("pt extubated 6/31 without issue", [("6/31", D, 0.8, 0.9)]),
        ("admitted 2/30/98 from OSH", [("2/30/98", D, 0.9, 1.0)]),
        # a day over 12 is no fraction or grade: a side, a follower or a given value leaves it a date
        ("PICC 10/19 L arm, flushes well", [("10/19", D, 0.8, 0.9)]),
        ("ceftaz 10/19 day 3 of 14", [("10/19", D, 0.55, 0.65)]),
        ("hct 27 10/19 am, 30 now", [("10/19", D, 0.55, 0.65)]),
        ("new date cues: d/c'd 2/5, a-line removed 2/5", [("2/5", D, 0.8, 0.9), ("2/5", D, 0.8, 0.9)]),
        # an ordinal day alone before the patient
        ("on the 9th she fell again", [("9th", D, 0.65, 0.75)]),
        # a weak month/day in a note whose other dates are near it
        (
            "Admitted 4/2 with CHF. Diuresed 4/4 with good effect.",
            [("4/2", D, 0.8, 0.9), ("4/4", D, 0.5, 0.6)],
        ),
        ("Admitted 9/20 with CHF. gave 1/2 amp D50", [("9/20", D, 0.8, 0.9)]),
    ],
)
def test_nursing_dates_are_found(text: str, expected: list[tuple[str, Category, float, float]]) -> None:
    check(R, text, expected)


@pytest.mark.parametrize(
    "text",
    [
        # ranges and counts written with a dash
        "on 1-2 pillows; O2 on 4-5. RR 12-18, sx q 2-3 hours, on 2-3 L NC",
        "has 3-4 beat runs; asleep until 3-4 pm; vent by 2-3 breaths; MAE x 3-4",
        # decades and plurals
        "bp 110-130's/60's; hypotensive (70-80's/30-40's)",
        # ventilator settings, whatever date cue stands before
        "On weaning trial 5/5, VTs 400s. EXTUBATED FROM 5/5 IPS/CPAP; ^ 10/5/.30 then",
        "PS 10/5.40 overnight",
        # scores, settings and units with a day over 12
        "GCS 10/15 this am; on cpap .4%, 5/18. AC 14/Vt 300/P 5/30%. cpap 5/15 ips",
        # fractions: a dose in the morning, a range of a count
        "give 1/2 am dose; 1/2-3 tabs prn",
        # a count before a day and a month abbreviation that is no month here
        "alert, oriented x 3, mar reviewed",
        # ordinals that count things
        "on the 2nd day of abx",
    ],
)
def test_nursing_values_stay_clean(text: str) -> None:
    check(R, text, [])
