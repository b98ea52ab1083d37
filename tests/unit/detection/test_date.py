from __future__ import annotations

import datetime as dt

import pytest
from detection_tables import check, raw_scores

from phigate.detection.builtin.dates import DateRecognizer
from phigate.model import Category

D = Category.DATE
R = DateRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # numeric forms
        ("seen 3/4/21 in clinic", [("3/4/21", D, 0.9, 1.0)]),
        ("on 03-04-2021.", [("03-04-2021", D, 0.9, 1.0)]),
        ("Date: 2021-03-04", [("2021-03-04", D, 0.9, 1.0)]),
        ("2021/3/4 and 2021.03.04", [("2021/3/4", D, 0.9, 1.0), ("2021.03.04", D, 0.9, 1.0)]),
        ("European 13/03/2021 and 31.12.2020", [("13/03/2021", D, 0.9, 1.0), ("31.12.2020", D, 0.7, 0.8)]),
        ("since 03/2021", [("03/2021", D, 0.8, 0.9)]),
        ("seen 3/14 for follow up", [("3/14", D, 0.8, 0.9)]),
        ("3/14 CXR clear", [("3/14", D, 0.55, 0.65)]),
        ("Admitted on 3/4", [("3/4", D, 0.8, 0.9)]),
        ("3/4-3/6/21 admission", [("3/4", D, 0.65, 0.75), ("3/6/21", D, 0.9, 1.0)]),
        ("DOB: 03041931", [("03041931", D, 0.8, 0.9)]),
        ("collected 20210304", [("20210304", D, 0.85, 0.95)]),
        ("OBR|20210304", [("20210304", D, 0.55, 0.65)]),
        ("at 20210304 1430 the", [("20210304 1430", D, 0.85, 0.95)]),
        (
            "MSH 202103041430 and 20210304143000",
            [("202103041430", D, 0.8, 0.9), ("20210304143000", D, 0.8, 0.9)],
        ),
        ("stamp 2021-03-04T14:30:00Z.", [("2021-03-04T14:30:00Z", D, 0.9, 1.0)]),
        ("2021-03-04 14:30:05.123+01:00 logged", [("2021-03-04 14:30:05.123+01:00", D, 0.9, 1.0)]),
        ("on 03/04/2021 14:30 pm", [("03/04/2021 14:30 pm", D, 0.9, 1.0)]),
        # month names
        ("March 4th", [("March 4th", D, 0.85, 0.95)]),
        ("on 4 Mar 2021.", [("4 Mar 2021", D, 0.85, 0.95)]),
        ("since Mar '21", [("Mar '21", D, 0.85, 0.95)]),
        ("on the 4th of March he fell", [("the 4th of March", D, 0.85, 0.95)]),
        ("March 4, 2021", [("March 4, 2021", D, 0.85, 0.95)]),
        ("Mar. 4 visit", [("Mar. 4", D, 0.85, 0.95)]),
        ("04Mar2021 and 04-MAR-21", [("04Mar2021", D, 0.85, 0.95), ("04-MAR-21", D, 0.85, 0.95)]),
        ("March 4-6, 2021", [("March 4-6, 2021", D, 0.85, 0.95)]),
        ("December 2020 and Sept. 2019", [("December 2020", D, 0.85, 0.95), ("Sept. 2019", D, 0.85, 0.95)]),
        ("march 4 2021 lowercase", [("march 4 2021", D, 0.7, 0.8)]),
        ("in March she fell", [("March", D, 0.6, 0.7)]),
        ("since Jan. symptoms", [("Jan", D, 0.5, 0.6)]),
        ("the 12th of December 2020", [("the 12th of December 2020", D, 0.85, 0.95)]),
        ("Monday, Feb 2 2020", [("Feb 2 2020", D, 0.85, 0.95)]),
        # seasons and holidays
        (
            "in spring 2021 and winter of 2019",
            [("spring 2021", D, 0.55, 0.65), ("winter of 2019", D, 0.55, 0.65)],
        ),
        ("over Christmas 2019", [("Christmas 2019", D, 0.7, 0.8)]),
        ("after Thanksgiving", [("Thanksgiving", D, 0.55, 0.65)]),
        # birth year of someone over 89
        ("born in 1925", [("1925", D, 0.8, 0.9)]),
        ("DOB: 1901", [("1901", D, 0.8, 0.9)]),
        # not dates: bare years, times, weekdays, words
        ("in 2021 she moved", []),
        ("DOB: 1990", []),
        ("at 14:30 and 2pm on Monday", []),
        ("you may take 3 tablets", []),
        ("April Smith was seen", []),
        ("the march to recovery", []),
        ("dec 2 units, may 3 times", []),
        ("spring in her step", []),
        # near misses: impossible dates
        ("13/13/2021 and 2021-13-45 and 00/00/00", []),
        ("32/01/2021 and 20211304", []),
        # clinical traps
        ("BP 120/80, 4/5 strength, 2/6 murmur", []),
        ("VA 20/40 OD, 20/20 OS", []),
        ("GCS 15, APGAR 8/9", []),
        ("Pain 7/10, improved to 3/10 after morphine", []),
        ("pain rated 7/10", []),
        ("take 1/2 tab daily; D5 1/2NS at 75", []),
        ("SOB 2/2 CHF", []),
        ("strength 5/5 in 4/4 extremities", []),
        ("version 1.2.34 installed", []),
        ("K 4.1, Na 138, Cr 1.2 mg/dL, INR 1.1", []),
        ("ratio 1:2 and 1:160 titer", []),
        ("E11.9 I10 99214 2345-7", []),
        ("555-234-5678 and 123-45-6789 and 192.168.1.1", []),
    ],
)
def test_date_table(text: str, expected: list[tuple[str, Category, float, float]]) -> None:
    check(R, text, expected)


def test_fraction_like_month_day_is_weak_without_context() -> None:
    assert raw_scores(R, "give 3/4 of the dose") == [] or all(s < 0.5 for _, s in raw_scores(R, "give 3/4"))


def test_birth_year_threshold_follows_the_current_year() -> None:
    limit = dt.date.today().year - 90
    assert [s for s, _ in raw_scores(R, f"born in {limit}")] == [str(limit)]
    assert raw_scores(R, f"born in {limit + 1}") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Note\n4/4\n\nDr. Lee", [("4/4", D, 0.8, 0.9)]),
        ("RESULTS\n1/2 | Na 138", [("1/2", D, 0.8, 0.9)]),
        ("Plan\n4/4\n\nDr. Lee", [("4/4", D, 0.55, 0.65)]),
        ("received 2022-02-04t21:36:31\nhi", [("2022-02-04t21:36:31", D, 0.9, 1.0)]),
        ("submitted July\n13, 2015.", [("July\n13, 2015", D, 0.85, 0.95)]),
        ("PATIENT GRAHAM, ERIC D. SEEN 9/13 FOR", [("9/13", D, 0.8, 0.9)]),
        # OCR letters for digits inside numbers
        ("NOTE 0l/16/2020 1452 Pt", [("0l/16/2020 1452", D, 0.9, 1.0)]),
        ("seen 2016O407 for", [("2016O407", D, 0.85, 0.95)]),
        ("Date: August 20l7", [("August 20l7", D, 0.85, 0.95)]),
        # a fraction first on its line is still a fraction when it is one
        ("\n1/2 tab daily", []),
    ],
)
def test_date_layouts_and_ocr(text: str, expected: list[tuple[str, Category, float, float]]) -> None:
    check(R, text, expected)
