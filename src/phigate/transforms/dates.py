"""Parse a date in its surface form and write another date back in the same form.

``parse_date("March 4th, 2021")`` finds the year, month and day and remembers where each sits and how
it is written (zero padding, month name or abbreviation and its case, ordinal suffix, two-digit year,
weekday). ``ParsedDate.render(new)`` rewrites just those parts, so ``Thu 03/04/21 10:30`` shifted by a
week reads ``Thu 03/11/21 10:30``: the time and every other character stay as they were.

Forms read: ``2021-03-04``, ``2021/3/4``, ``20210304``, ``3/4/21``, ``03-04-2021``, ``4.3.2021``
(day first when the first number exceeds 12), ``3/4``, ``03/2021``, ``March 4th``, ``Mar 4, 2021``,
``Thursday, March 4, 2021``, ``4 Mar 2021``, ``04-MAR-21``, ``the 4th of March``, ``Mar '21``,
``March 2021``, ``Nov 96``, and any of these followed by a time.

Days a month lacks (``2/31``, ``4/31/97``: typos, and surrogate dates of de-identified corpora) are read
and carry over into the next month (``2/31/2021`` is 3 March 2021), so that they can be shifted too.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from operator import attrgetter

__all__ = ["DatePart", "ParsedDate", "parse_date", "parse_year", "year_from_two_digits"]

_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

#: Month names and abbreviations, and the misspellings the detector reads (``Janurary``, ``Agust``).
_MON = (
    r"(?:jan(?:uary|urary|uray)?|feb(?:ruary|uary|urary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|agust|augst|sept?(?:ember)?|setember|septmber|sepember|oct(?:ober)?|ocotber|octber"
    r"|nov(?:ember|mber|emeber)?|dec(?:ember|mber|emeber)?)"
)
_WD = (
    r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?"
    r"|fri(?:day)?|sat(?:urday)?|sun(?:day)?)"
)
_YEAR = r"(?:(?P<y>\d{4})|'(?P<y2>\d{2}))"
_YEAR_OR_2 = r"(?:(?P<y>\d{4})|'?(?P<y2>\d{2}))"
_WD_PREFIX = rf"(?:\b(?P<wd>{_WD})\b\.?,?\s+)?"

_FLAGS = re.IGNORECASE
#: Every form read, most common first; the match that starts first (then the longest) wins.
_PATTERNS: tuple[re.Pattern[str], ...] = (
    # 3/4/21, 03-04-2021, 4.3.2021, 3/4
    re.compile(
        r"(?<![\d/.-])(?P<a>\d{1,2})(?P<s>[-/.])(?P<b>\d{1,2})(?:(?P=s)(?:(?P<y>\d{4})|(?P<y2>\d{2})))?(?![\d/])"
    ),
    # 2021-03-04, 2021/3/4, 2021.03.04
    re.compile(r"(?<!\d)(?P<y>\d{4})(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})(?!\d)"),
    # Thursday, March 4th, 2021 / Mar. 4 2021 / March 4th / Mar-04-2021
    re.compile(
        rf"{_WD_PREFIX}\b(?P<mon>{_MON})\b\.?[\s-]*(?P<d>\d{{1,2}})(?P<ord>st|nd|rd|th)?\b"
        rf"(?:,?[\s-]*{_YEAR_OR_2}(?![\d:]))?",
        _FLAGS,
    ),
    # Thu 4 March 2021 / 04-MAR-21 / the 4th of March, 2021
    re.compile(
        rf"{_WD_PREFIX}(?<!\d)(?P<d>\d{{1,2}})(?P<ord>st|nd|rd|th)?(?:\s+of)?[\s-]*(?P<mon>{_MON})\b\.?"
        rf"(?:,?[\s-]*{_YEAR_OR_2}(?![\d:]))?",
        _FLAGS,
    ),
    # Mar '21 / March 2021 / Nov 96 (a two-digit number that is no day is a year)
    re.compile(rf"\b(?P<mon>{_MON})\b\.?,?[\s-]*{_YEAR_OR_2}(?![\w:])", _FLAGS),
    # 20210304
    re.compile(r"(?<!\d)(?P<y>(?:1[89]|20)\d\d)(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])(?!\d)"),
    # 03/2021
    re.compile(r"(?<![\d/.-])(?P<m>\d{1,2})(?P<s>[-/])(?P<y>\d{4})(?!\d)"),
)


def year_from_two_digits(yy: int, today: dt.date) -> int:
    """The century of a two-digit year: this century unless that is more than a year ahead (clinical
    notes hold many birth dates and few far-future dates, so ``3/4/31`` in 2025 is 1931).
    """
    year = today.year - today.year % 100 + yy
    return year - 100 if year > today.year + 1 else year


@dataclass(frozen=True, slots=True)
class DatePart:
    """Where one component sits in the text (``start``..``end``), what it is, and how it is written."""

    start: int
    end: int
    kind: str  # year | year2 | month | monthname | day | ordinal | weekday
    text: str


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """A date read from text: its components (``month``/``day`` may be absent) and their positions."""

    text: str
    year: int | None
    month: int | None
    day: int | None
    parts: tuple[DatePart, ...]

    def as_date(self, *, default_year: int) -> dt.date:
        """The date, with ``default_year`` when the text has none and the 15th when it has no day; a day
        the month lacks carries over into the next month (``2/31`` is 2 or 3 March).
        """
        first = dt.date(self.year or default_year, self.month or 1, 1)
        return first + dt.timedelta(days=(self.day or 15) - 1)

    def render(self, new: dt.date) -> str:
        """The original text with every component rewritten from ``new``, in the same style."""
        padded = _padded(self.parts)
        out: list[str] = []
        pos = 0
        for part in self.parts:
            out.append(self.text[pos : part.start])
            out.append(_render_part(part, new, padded))
            pos = part.end
        out.append(self.text[pos:])
        return "".join(out)


def _padded(parts: tuple[DatePart, ...]) -> bool:
    """Whether numbers are zero-padded: if any has a leading zero; else, in all-numeric dates, unless
    one has a single digit (``12/15/2021`` pads, ``12/5/2021`` and ``Mar 22`` do not).
    """
    numeric = [p.text for p in parts if p.kind in ("month", "day")]
    if any(t.startswith("0") for t in numeric):
        return True
    named = any(p.kind == "monthname" for p in parts)
    return not named and not any(len(t) == 1 for t in numeric)


def _cased(word: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like.islower():
        return word.lower()
    return word.capitalize()


def _name(full: str, like: str) -> str:
    """``full`` (a month or weekday name) abbreviated and cased like ``like``."""
    lower = like.lower()
    if lower in _MONTHS or lower in _WEEKDAYS:
        word = full
    elif lower == "sept" and full == "september":
        word = "sept"
    elif len(lower) > 4 and full in _MONTHS:
        word = full  # a misspelt full name ("Janurary") is written back in full
    else:
        word = full[:3]
    return _cased(word, like)


def _ordinal(day: int, like: str) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return suffix.upper() if like.isupper() else suffix


def _render_part(part: DatePart, new: dt.date, padded: bool) -> str:
    if part.kind == "year":
        return f"{new.year:04d}"
    if part.kind == "year2":
        return f"{new.year % 100:02d}"
    if part.kind == "monthname":
        return _name(_MONTHS[new.month - 1], part.text)
    if part.kind == "weekday":
        return _name(_WEEKDAYS[new.weekday()], part.text)
    if part.kind == "ordinal":
        return _ordinal(new.day, part.text)
    value = new.month if part.kind == "month" else new.day
    return f"{value:02d}" if padded else str(value)


#: The first three letters of misspelt month names that no month begins with.
_MISSPELT = {"agu": 8, "set": 9, "oco": 10}


def _month_number(name: str) -> int:
    lower = name.lower()[:3]
    return _MISSPELT.get(lower) or next(i for i, full in enumerate(_MONTHS, 1) if full.startswith(lower))


def parse_date(text: str, *, today: dt.date) -> ParsedDate | None:
    """The date found in ``text`` (the match starting first, then the longest), or ``None``. Two-digit
    years are read relative to ``today``.

    A match whose month or day is out of range (``13/45``, ``3/32``) is not a date; a day up to 31 in
    a shorter month (``2/30/2021``) is, see :meth:`ParsedDate.as_date`.
    """
    found = _best(text, today)
    if found is None:
        return None
    m, groups, (year, month, day) = found
    return ParsedDate(text, year, month, day, _parts(m, groups))


def parse_year(text: str, *, today: dt.date) -> int | None:
    """The year of :func:`parse_date` (``None`` for no date or a date without one), without
    recording where the date's parts sit.
    """
    found = _best(text, today)
    return found[2][0] if found is not None else None


#: A match's groups (``re.Match.groupdict``), and the year, month and day read from them.
_Groups = dict[str, str | None]
_Read = tuple[int | None, int, int | None]


def _best(text: str, today: dt.date) -> tuple[re.Match[str], _Groups, _Read] | None:
    """The match :func:`parse_date` picks in ``text``, its groups and its reading, or ``None``."""
    best: tuple[int, int, re.Match[str], _Groups, _Read] | None = None
    size = len(text)
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            groups = m.groupdict()
            read = _read(groups, today)
            if read is not None:
                start, end = m.span()
                if start == 0 and end == size:
                    return m, groups, read  # the whole value: nothing can start earlier or run longer
                if best is None or (start, start - end) < best[:2]:
                    best = (start, start - end, m, groups, read)
                break
    return best[2:] if best is not None else None


def _read(groups: _Groups, today: dt.date) -> _Read | None:
    """Year, month and day of a match's groups; ``None`` when the month or day is out of range."""
    year: int | None = None
    if y := groups.get("y"):
        year = int(y)
    elif y2 := groups.get("y2"):
        year = year_from_two_digits(int(y2), today)
    month: int
    day: int | None = None
    if a := groups.get("a"):
        first, second = int(a), int(groups["b"] or 0)
        month, day = (first, second) if first <= 12 else (second, first)
    elif mon := groups.get("mon"):
        month = _month_number(mon)
    else:
        month = int(groups["m"] or 0)
    if d := groups.get("d"):
        day = int(d)
    if not (1 <= month <= 12 and 1 <= (day or 1) <= 31) or (year is not None and year < dt.MINYEAR):
        return None
    return year, month, day


def _parts(m: re.Match[str], groups: _Groups) -> tuple[DatePart, ...]:
    """Where the year, month, day, ordinal and weekday of a match sit, in text order."""
    kinds: list[tuple[str, str]] = []
    if groups.get("y"):
        kinds.append(("y", "year"))
    elif groups.get("y2"):
        kinds.append(("y2", "year2"))
    if a := groups.get("a"):
        month_first = int(a) <= 12
        kinds += (("a", "month" if month_first else "day"), ("b", "day" if month_first else "month"))
    elif groups.get("mon"):
        kinds.append(("mon", "monthname"))
    else:
        kinds.append(("m", "month"))
    if groups.get("d"):
        kinds.append(("d", "day"))
    kinds += (("ord", "ordinal"), ("wd", "weekday"))
    parts = [DatePart(*m.span(g), kind, text) for g, kind in kinds if (text := groups.get(g)) is not None]
    return tuple(sorted(parts, key=_START))


_START = attrgetter("start")
