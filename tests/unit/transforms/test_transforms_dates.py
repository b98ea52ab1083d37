"""Parsing dates in their surface form and writing shifted dates back in the same form."""

from __future__ import annotations

import datetime as dt

import pytest

from phigate.transforms.dates import parse_date, year_from_two_digits

TODAY = dt.date(2025, 6, 1)
NEW = dt.date(2020, 11, 9)  # a Monday

# (text, (year, month, day), text rendered with NEW)
ROWS = [
    ("2021-03-04", (2021, 3, 4), "2020-11-09"),
    ("2021/3/4", (2021, 3, 4), "2020/11/9"),
    ("20210304", (2021, 3, 4), "20201109"),
    ("3/4/21", (2021, 3, 4), "11/9/20"),
    ("03-04-2021", (2021, 3, 4), "11-09-2020"),
    ("25.3.2021", (2021, 3, 25), "9.11.2020"),
    ("12/15/2021", (2021, 12, 15), "11/09/2020"),
    ("3/4", (None, 3, 4), "11/9"),
    ("03/2021", (2021, 3, None), "11/2020"),
    ("March 4th", (None, 3, 4), "November 9th"),
    ("Mar 4, 2021", (2021, 3, 4), "Nov 9, 2020"),
    ("Thursday, March 4, 2021", (2021, 3, 4), "Monday, November 9, 2020"),
    ("Thu 4 Mar 2021", (2021, 3, 4), "Mon 9 Nov 2020"),
    ("04-MAR-21", (2021, 3, 4), "09-NOV-20"),
    ("the 4th of March", (None, 3, 4), "the 9th of November"),
    ("the 1st of march, 2021", (2021, 3, 1), "the 9th of november, 2020"),
    ("Mar '21", (2021, 3, None), "Nov '20"),
    ("March 2021", (2021, 3, None), "November 2020"),
    ("Sept 22nd", (None, 9, 22), "Nov 9th"),
    ("2021-03-04T10:22:33Z", (2021, 3, 4), "2020-11-09T10:22:33Z"),
    ("03/04/2021 10:30 AM", (2021, 3, 4), "11/09/2020 10:30 AM"),
    ("March 4th 10:30", (None, 3, 4), "November 9th 10:30"),
    ("Nov 96", (1996, 11, None), "Nov 20"),
    ("seen nov, 96", (1996, 11, None), "seen nov, 20"),
    ("9 Nov '96", (1996, 11, 9), "9 Nov '20"),
    ("Mar 22", (None, 3, 22), "Nov 9"),
    ("2/31", (None, 2, 31), "11/9"),
    ("4/31/97", (1997, 4, 31), "11/9/20"),
    ("Janurary 3, 2019", (2019, 1, 3), "November 9, 2020"),
    ("3 Agust 2019", (2019, 8, 3), "9 November 2020"),
    ("Ocotber 2019", (2019, 10, None), "November 2020"),
]


@pytest.mark.parametrize(("text", "ymd", "rendered"), ROWS)
def test_parse_and_render_keep_the_form(
    text: str, ymd: tuple[int | None, int, int | None], rendered: str
) -> None:
    parsed = parse_date(text, today=TODAY)
    assert parsed is not None
    assert (parsed.year, parsed.month, parsed.day) == ymd
    assert parsed.render(NEW) == rendered


@pytest.mark.parametrize(
    "text", ["13/45/2021", "2/32/2021", "Nov 32x", "no date here", "120/80", "2021", "10:30"]
)
def test_non_dates_are_not_parsed(text: str) -> None:
    assert parse_date(text, today=TODAY) is None


def test_ordinal_suffixes_follow_the_new_day() -> None:
    parsed = parse_date("March 4TH", today=TODAY)
    assert parsed is not None
    assert [parsed.render(dt.date(2021, 3, d)) for d in (1, 2, 3, 11, 12, 13, 22)] == [
        "March 1ST", "March 2ND", "March 3RD", "March 11TH", "March 12TH", "March 13TH", "March 22ND",
    ]  # fmt: skip


def test_two_digit_years_pick_the_nearest_plausible_century() -> None:
    assert year_from_two_digits(21, TODAY) == 2021
    assert year_from_two_digits(26, TODAY) == 2026
    assert year_from_two_digits(27, TODAY) == 1927
    assert year_from_two_digits(99, TODAY) == 1999


def test_as_date_fills_missing_parts() -> None:
    parsed = parse_date("Mar '21", today=TODAY)
    assert parsed is not None
    assert parsed.as_date(default_year=2000) == dt.date(2021, 3, 15)
    yearless = parse_date("Feb 29", today=TODAY)
    assert yearless is not None
    assert yearless.as_date(default_year=2000) == dt.date(2000, 2, 29)


@pytest.mark.parametrize(
    ("text", "date"),
    [("2/31/2021", dt.date(2021, 3, 3)), ("2/30", dt.date(2000, 3, 1)), ("4/31/97", dt.date(1997, 5, 1))],
)
def test_days_a_month_lacks_carry_into_the_next_month(text: str, date: dt.date) -> None:
    parsed = parse_date(text, today=TODAY)
    assert parsed is not None
    assert parsed.as_date(default_year=2000) == date
