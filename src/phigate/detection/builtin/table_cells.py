"""Names, dates and ZIP codes in table columns (``Name | MRN | DOB`` over ``Lee, Ann | 448812 | 3/4/41``).

A cell below a header of :data:`~phigate.detection.builtin._columns.COLUMN_WORDS` takes the category
of its header when its shape fits: a name-shaped cell (two to four capitalised words, ``Lee, Ann``,
``LEE, ANN``) under a name header, a valid numeric or month-name date under a date header, five digits
(or ZIP+4) under a ZIP header. Other cells stay as they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from phigate.detection.base import Match, Recognizer
from phigate.detection.builtin._columns import header_columns
from phigate.detection.builtin._shared import match
from phigate.model import Category
from phigate.registry import Registry

__all__ = ["TableCellRecognizer", "register"]

_NAME = re.compile(r"[A-Z][A-Za-z'\-]+\.?(?:,?[ ][A-Z][A-Za-z'\-]*\.?){1,3}")
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE = re.compile(
    r"(?:(?P<m>\d{1,2})[/\-.](?P<d>\d{1,2})[/\-.](?:\d{2}|\d{4})"
    r"|(?:19|20)\d\d-(?P<ym>\d{1,2})-(?P<yd>\d{1,2})"
    r"|\d{1,2}[ \-]" + _MONTHS + r"[ \-,]*\d{2,4}|" + _MONTHS + r"[ ]\d{1,2},?[ ]\d{4})",
    re.IGNORECASE,
)
_ZIP = re.compile(r"\d{5}(?:-\d{4})?")
_SHAPES = {"NAME": (_NAME, Category.NAME), "DATE": (_DATE, Category.DATE), "ZIP": (_ZIP, Category.ZIP)}


def _valid_date(m: re.Match[str]) -> bool:
    """True unless a numeric date's month and day cannot be one (``13/45/20``)."""
    month, day = m["m"] or m["ym"], m["d"] or m["yd"]
    if month is None:
        return True
    a, b = int(month), int(day)
    return (1 <= a <= 12 and 1 <= b <= 31) or (m["m"] is not None and 1 <= b <= 12 and 1 <= a <= 31)


class TableCellRecognizer:
    """Cells of name, date and ZIP columns whose shape fits their header."""

    id = "table-cells"
    version = "1"
    categories = frozenset({Category.NAME, Category.DATE, Category.ZIP})

    def find(self, text: str) -> Iterator[Match]:
        """Yield the fitting cells of the name, date and ZIP columns of ``text``'s tables."""
        if "\n" not in text:
            return
        for start, end, kind in header_columns(text):
            shape, category = _SHAPES[kind]
            m = shape.fullmatch(text, start, end)
            if m is not None and (kind != "DATE" or _valid_date(m)):
                yield match(start, end, category, 0.85)


def register(registry: Registry[Recognizer]) -> None:
    """Plugin hook: add the table-cell recognizer."""
    registry.register(TableCellRecognizer.id, TableCellRecognizer)
