"""``parse_year`` reads the same year as ``parse_date`` without recording where the parts sit."""

from __future__ import annotations

import datetime as dt

import pytest

from phigate.transforms.dates import parse_date, parse_year

TODAY = dt.date(2025, 6, 1)

VALUES = [
    "3/4/21",
    "3/4",
    "20210304",
    "Mar '21",
    "Nov 96",
    "the 4th of March",
    "seen on 13/45 and again 3/4/19",
    "week of 2/31, follow-up 4/31/97",
    "Thursday 10:30",
    "no date here",
    "",
]


@pytest.mark.parametrize("value", VALUES)
def test_parse_year_agrees_with_parse_date(value: str) -> None:
    parsed = parse_date(value, today=TODAY)
    assert parse_year(value, today=TODAY) == (parsed.year if parsed is not None else None)


def test_parse_year_of_a_two_digit_year_counts_from_today() -> None:
    assert parse_year("3/4/31", today=TODAY) == 1931
    assert parse_year("3/4/26", today=TODAY) == 2026
