"""``generalize``: keep only what Safe Harbor allows of a date, an age or a ZIP code.

- DATE: the year alone (``03/04/2021`` -> ``2021``). A year that implies an age over 89 (90 or more
  years before the reference date) is folded into ``90+``. A date with no year keeps nothing and
  becomes the redaction marker.
- AGE: a number over 89 becomes ``90+`` (``92-year-old`` -> ``90+-year-old``); younger ages are not
  identifiers and stay; an age written in words is taken to be over 89 (that is what AGE holds).
- ZIP: the first three digits, or ``000`` for a restricted ZIP3 of the table named by the action's
  ``zip3_table`` parameter (default ``union-default``), or for anything that is not a 5- or 9-digit ZIP.
"""

from __future__ import annotations

import re

from phigate.errors import TransformError
from phigate.model import Action, Category
from phigate.policy.zip3 import DEFAULT_ZIP3_TABLE, get_zip3_table
from phigate.transforms.base import TransformContext
from phigate.transforms.dates import parse_year, year_from_two_digits

__all__ = ["AGE_CAP", "GeneralizeTransform", "MAX_AGE"]

#: Ages above this are identifiers (45 CFR 164.514(b)(2)(i)(C)).
MAX_AGE = 89
#: The single category all of them are folded into.
AGE_CAP = "90+"

_NUMBER = re.compile(r"\d+")
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2[01]\d\d)(?!\d)")
_TWO_DIGIT_YEAR = re.compile(r"'(\d\d)(?!\d)")
#: The categories generalized (looking a member up on its enum class costs a function call).
_DATE, _AGE, _ZIP = Category.DATE, Category.AGE, Category.ZIP


class GeneralizeTransform:
    """Reduces dates to years, ages over 89 to ``90+`` and ZIP codes to ZIP3 or ``000``."""

    name = "generalize"

    def apply(self, value: str, action: Action, ctx: TransformContext) -> str:
        """The generalized value; a category it does not apply to is a ``TransformError``."""
        category = action.finding.category
        if category is _DATE:
            return self._year(value, ctx)
        if category is _AGE:
            return self._age(value)
        if category is _ZIP:
            return get_zip3_table(action.params.get("zip3_table", DEFAULT_ZIP3_TABLE)).generalize(value)
        raise TransformError(f"generalize does not apply to category {category.value}")

    @staticmethod
    def _year(value: str, ctx: TransformContext) -> str:
        bare = _YEAR.search(value)  # a four-digit year is the year in every form: no full parse needed
        if bare is not None:
            year: int | None = int(bare.group(1))
        else:
            year = parse_year(value, today=ctx.today)
            if year is None and (short := _TWO_DIGIT_YEAR.search(value)):
                year = year_from_two_digits(int(short.group(1)), ctx.today)
        if year is None:
            return ctx.marker_for(_DATE)
        if ctx.today.year - year > MAX_AGE:
            return AGE_CAP
        return f"{year:04d}"

    @staticmethod
    def _age(value: str) -> str:
        numbers = _NUMBER.findall(value)
        if not numbers:
            return AGE_CAP
        if all(int(n) <= MAX_AGE for n in numbers):
            return value
        return _NUMBER.sub(lambda m: AGE_CAP if int(m.group(0)) > MAX_AGE else m.group(0), value)
