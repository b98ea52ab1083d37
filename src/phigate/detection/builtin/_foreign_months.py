"""Dates written with a Spanish, Portuguese, French, Italian or German month name, as interpreters'
notes, translated letters and patients' portal messages write them: ``3 de marzo de 2021``,
``el 3 de março``, ``le 1er mars 2021``, ``3. März 2021``, ``marzo de 2021``, ``marzo 3, 2021``.

The month names are the ``FOREIGN_MONTH`` words of the shared label scan, so a text without one costs
nothing more. A month name counts only with a day or a year next to it (``marzo`` alone is no date),
and the names that are also English words or given names (``mars``, ``mai``, ``mayo``, ``marco``,
``julio``) only after a day. English month names are :mod:`phigate.detection.builtin.dates`' job.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from phigate.detection.base import Match
from phigate.detection.builtin._labels import LABELS, label_scan
from phigate.detection.builtin._shared import ascii_lower, hinted_finditer, match
from phigate.model import Category

__all__ = ["foreign_dates"]

#: Names that are English words or given names too: a date only after a day (``3 de mayo``).
_NEEDS_DAY = frozenset({"mars", "mai", "mayo", "marco", "julio", "juli", "juni", "maio"})


def _month(group: str) -> str:
    names = sorted(LABELS["FOREIGN_MONTH"], key=len, reverse=True)
    return f"(?P<{group}>" + "|".join(map(re.escape, names)) + ")"


_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_YEAR = r"(?:19|20)\d\d"
_OF = r"(?:(?:de|del|di)[ \t]+)?"
#: Day (maybe with ``de``/``del``/``di``) then month, maybe then a year; month (maybe a day) then a
#: year; month then day.
_FOREIGN_DATE = re.compile(
    rf"(?<![\w.])(?:(?P<d>{_DAY})(?:\.|º|°|er|ro)?[ \t]*{_OF}{_month('m1')}(?:,?[ \t]*{_OF}(?P<y>{_YEAR}))?"
    rf"|{_month('m2')}(?:[ \t]+{_DAY},?)?[ \t]*{_OF}{_YEAR}"
    rf"|{_month('m3')}[ \t]+{_DAY}(?![\d:/.,]\d))(?!\w)"
)
#: The most characters a match starts before its month name (``31er de``, ``31. ``, ``31 del``).
_BEFORE_MONTH = 8


def foreign_dates(text: str) -> Iterator[Match]:
    """Yield DATE matches for dates written with a non-English month name in ``text``."""
    hints = label_scan(text).of("FOREIGN_MONTH")
    if not hints.starts:
        return
    for m in hinted_finditer(_FOREIGN_DATE, hints, ascii_lower(text), before=_BEFORE_MONTH, reach=24):
        if m["m1"] is None and (m["m2"] or m["m3"]) in _NEEDS_DAY:
            continue  # "Mayo 2019", "Marco 3": a clinic, a name
        yield match(m.start(), m.end(), Category.DATE, 0.85 if m["d"] and m["y"] else 0.75)
