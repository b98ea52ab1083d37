"""generalize: year only, 90+, ZIP3 or 000."""

from __future__ import annotations

import datetime as dt

import pytest

from phigate.errors import TransformError
from phigate.model import Action, Category, Finding
from phigate.transforms import get_transform
from phigate.transforms.base import TransformContext

CTX = TransformContext("p", today=dt.date(2025, 6, 1))


def gen(category: Category, value: str, **params: str) -> str:
    act = Action(Finding(0, 0, len(value), category, 0.9, "t"), "generalize", params)
    return get_transform("generalize").apply(value, act, CTX)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("03/04/2021", "2021"),
        ("3/4/21", "2021"),
        ("March 4th, 2021", "2021"),
        ("Mar '21", "2021"),
        ("2021-03-04T10:22", "2021"),
        ("1999", "1999"),
        ("spring of '19", "2019"),
        ("March 4th", "[DATE]"),  # no year: nothing may stay
        ("the 4th", "[DATE]"),
        ("01/02/1930", "90+"),  # a year 95 years ago implies an age over 89
        ("1935", "90+"),
        ("1936", "1936"),
        ("3/4/31", "90+"),  # two-digit year read as 1931
    ],
)
def test_dates_keep_the_year_only(value: str, expected: str) -> None:
    assert gen(Category.DATE, value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("92", "90+"),
        ("92-year-old", "90+-year-old"),
        ("aged 104", "aged 90+"),
        ("ninety-two", "90+"),
        ("89", "89"),
        ("45 y/o", "45 y/o"),
    ],
)
def test_ages_over_89_become_90_plus(value: str, expected: str) -> None:
    assert gen(Category.AGE, value) == expected


@pytest.mark.parametrize(
    ("value", "table", "expected"),
    [
        ("02139", "union-default", "021"),
        ("02139-4307", "union-default", "021"),
        ("021394307", "union-default", "021"),
        ("03601", "union-default", "000"),  # 036 is restricted in every table
        ("06390", "union-default", "000"),  # 063: HHS 2000 list only
        ("06390", "census-2010", "063"),
        ("20201", "census-2010", "000"),  # 202: no population in 2010
        ("20201", "hhs-2000", "202"),
        ("0213", "union-default", "000"),  # not a ZIP: nothing kept
    ],
)
def test_zip_codes_become_zip3_or_000(value: str, table: str, expected: str) -> None:
    assert gen(Category.ZIP, value, zip3_table=table) == expected


def test_other_categories_are_refused() -> None:
    with pytest.raises(TransformError):
        gen(Category.NAME, "John")
