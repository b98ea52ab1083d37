"""Dates in every common surface form, with their time when one is attached.

Numeric: ``3/4/21``, ``03-04-2021``, ``4.3.2021``, ``2021-03-04``, ``2021/3/4``, ``03/2021``, ``3/14``
(month/day needs context or an unambiguous day), ``20210304`` (HL7), ``20210304 1430``,
``202103041430``, ``2021-03-04T14:30:00Z``, ``03/04/2021 14:30``. Month names: ``March 4``,
``March 4th``, ``Mar. 4``, ``March 4, 2021``, ``4 Mar 2021``, ``04Mar2021``, ``04-MAR-21``,
``the 4th of March``, ``Mar '21``, ``March 2021``, ``March 4-6, 2021``; a month alone after a
preposition (``in March``); seasons with a year (``spring 2021``); holidays (``Christmas``); and a
birth year that makes the person older than 89 (``born in 1930``).

Not dates: bare years (``2021``), times (``14:30``), weekdays, and the clinical fractions of
:mod:`phigate.detection.allowlist` (``4/5 strength``, ``BP 120/80``, ``pain 7/10``, ``APGAR 8/9``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from phigate.detection.allowlist import VITALS, is_clinical_fraction, value_label_before
from phigate.detection.base import Match, Recognizer
from phigate.detection.builtin._labels import CONNECTOR, label_scan, labelled_values
from phigate.detection.builtin._shared import LabelHits, ascii_lower, match
from phigate.detection.builtin._tokens import ChunkIndex, chunk_index, chunk_matches
from phigate.detection.context import Keywords, tokens_before
from phigate.model import Category
from phigate.registry import Registry

__all__ = ["DateRecognizer", "register"]

_MONTH_NUMBER = {
    **dict.fromkeys(("jan", "january"), 1),
    **dict.fromkeys(("feb", "febr", "february", "febuary"), 2),
    **dict.fromkeys(("mar", "march"), 3),
    **dict.fromkeys(("apr", "april"), 4),
    "may": 5,
    **dict.fromkeys(("jun", "june"), 6),
    **dict.fromkeys(("jul", "july"), 7),
    **dict.fromkeys(("aug", "august"), 8),
    **dict.fromkeys(("sep", "sept", "september"), 9),
    **dict.fromkeys(("oct", "october"), 10),
    **dict.fromkeys(("nov", "november"), 11),
    **dict.fromkeys(("dec", "december"), 12),
}
_SEASONS = ("spring", "summer", "fall", "autumn", "winter")

_TIME = (
    r"(?P<time>(?:[Tt]|[ \t]{1,2})(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:[.,]\d{1,6})?)?"
    r"(?:[ \t]?[aApP]\.?[mM]\.?)?(?:[ \t]?Z|[ \t]?[+-][01]\d:?[0-5]\d)?"
    r"|[ \tTt](?:[01]\d|2[0-3])[0-5]\d(?:[0-5]\d)?(?![\d:]))?"
)
_DASH = "\u2010\u2011\u2013"
#: Numeric dates, searched inside the shared number chunks.
_NUMERIC = re.compile(
    r"\d(?<![\w.:/,]\d)(?:"
    r"(?P<ymd>\d{3}(?P<s1>[-/." + _DASH + r"])\d{1,2}(?P=s1)\d{1,2})"
    r"|(?P<mdy>\d?(?P<s2>[-/." + _DASH + r"])\d{1,2}(?P=s2)(?:\d{4}|\d{2}))"
    r"|(?P<ym>\d{3}[-/](?:0[1-9]|1[0-2]))"
    r"|(?P<my>\d?[/-]\d{4})"
    r"|(?P<md>\d?/\d{1,2})"
    r"|(?P<compact>\d{7}(?:\d{4}(?:\d{2})?)?)"
    r")" + _TIME + r"(?![\w]|[/.:]\d)"
)

_SEPARATORS = re.compile(r"[-/." + _DASH + r"]")
_ORDINAL_DAY = re.compile(r"\d{1,2}(?:st|nd|rd|th)(?![a-z])")
_ORD = r"(?:st|nd|rd|th)?"
#: A year before a month and day: ``2021 Mar 04``, ``2021-Mar-04``.
_YEAR_BEFORE = re.compile(r"(?<![\w/.\-])(?:19|20)\d\d[ \t\-/.,]{1,3}$")
#: Spelled-out days of the month: ``fourth``, ``twenty-first``, ``thirtieth``.
_DAY_WORD = (
    r"(?:(?:twenty|thirty)[- ]?)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|tenth"
    r"|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth"
)
#: Before a month: the day (``4 Mar``, ``4th of March``, ``the 4th of March``, ``04Mar``,
#: ``the fourth of March``).
_DAY_BEFORE = re.compile(
    r"(?:(?<![a-z])the[ \t]+)?(?:(?<![\w/.\-])(?P<d>\d{1,2})" + _ORD + r"|(?<![a-z])(?:" + _DAY_WORD + r"))"
    r"(?:[ \t]+of)?[ \t\-/.,]{0,3}$"
)
#: After a month: day, range, year (``Mar. 4``, ``March 4th, 2021``, ``Mar '21``, ``March 4-6``,
#: ``March the fourth``).
_WS = r"[ \t]*(?:\n[ \t]*)?"  # blanks, and one line break of a hard-wrapped line
_AFTER_MONTH = re.compile(
    r"\.?(?:" + _WS + r"(?:the[ \t]+)?(?P<dw>" + _DAY_WORD + r")(?![a-z])"
    r"|" + _WS + r"[-/.,]?[ \t]*(?:the[ \t]+)?(?P<d>\d{1,2})" + _ORD + r"(?![\d:]|[a-z])"
    r"(?:[ \t]*[-\u2013][ \t]*\d{1,2}" + _ORD + r"(?![\d:]|[a-z]))?)?"
    r"(?:[ \t]*[,/\-]?" + _WS + r"(?:of[ \t]+)?(?P<y>(?:19|20)\d\d|['\u2019]\d\d)(?![\d:]|[a-z]))?"
)
_YEAR_AFTER = re.compile(r"[ \t]*,?[ \t]*(?:of[ \t]+)?(?P<y>(?:19|20)\d\d)(?!\d)")
#: A year after a birth label (``born in 1930``, ``DOB: 1930``).
_BIRTH_YEAR = re.compile(
    CONNECTOR
    + r"(?:(?:in|the|year|c\.|ca\.|circa|around|about|approximately|approx\.|early|mid|late)[ \t]+){0,3}"
    r"(?P<v>(?:18|19|20)\d\d)(?!\d|[/.\-]\d)"
)
#: ``b. 1931``, ``(b.1931)``: the genealogists' "born", before a year (in the lowercased text).
_BORN_ABBREVIATION = re.compile(r"b(?<![a-z0-9]b)\.[ \t]?(?:c\.[ \t]?)?(?P<v>1[89]\d\d)(?!\d|[/.\-]\d)")
_VERSION = Keywords("version ver v rev release build software firmware".split())

#: Words before a date that make an ambiguous one (``3/14``, ``20210304``) a date.
DATE_CONTEXT = Keywords(
    """on since from until till thru through between dated date dates dos dob born birth birthday
    admitted admission admit discharged discharge seen visit visited appointment appt surgery
    procedure performed started start stopped stop began begun ended onset expired died death
    deceased dod effective received collected reported signed dictated transcribed scheduled
    followup f/u follow returned return rtc last next prior previous before after by s/p
    post op pod due lmp edd submitted filed faxed sent mailed billed paid approved denied issued
    renewed expires expired completed drawn obtained administered vaccinated immunized updated
    reviewed refilled dispensed prescribed called contacted notified""".split()
)
#: Words before a month alone that make it a date (``in March``, ``since April``).
_MONTH_ALONE_CONTEXT = Keywords(
    """in since during until till by before after early mid late end beginning start last next
    this of from through thru between and or to around""".split()
)
_SCALE_WORDS = Keywords("pain scale rated rates rating severity intensity score".split())
_AS_OF = Keywords(["as of"])
_STRONG = Keywords("dated date dos dob on since from until collected received reported signed".split())


def _sure_day(lower: str, before: re.Match[str] | None, after: re.Match[str] | None) -> bool:
    """True when the day next to a month is written as a day: ``26th of may``, ``may 16th``."""
    if before is not None and (_ORDINAL_DAY.search(before.group()) or " of" in before.group()):
        return True
    return (
        after is not None
        and after["d"] is not None
        and _ORDINAL_DAY.match(lower, after.start("d")) is not None
    )


def _valid_day(month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31)


def _valid_year(year: str) -> bool:
    return len(year) == 2 or 1900 <= int(year) <= 2099


class DateRecognizer:
    """Dates (numeric, with month names, seasons, holidays) and birth years of people over 89."""

    id = "date"
    version = "2"
    categories = frozenset({Category.DATE})

    def find(self, text: str) -> Iterator[Match]:
        """Yield date matches in ``text``."""
        index = chunk_index(text)
        labels = label_scan(text)
        dob = labels.of("DOB")
        if index.dated:
            yield from self._numeric(text, index, dob)
        words = labels.of("DATE_WORD")
        if words.starts:
            yield from self._words(text, words)
        if dob.starts or "b." in text or "B." in text:
            yield from self._birth_years(text, bool(dob.starts))

    def _birth_years(self, text: str, labelled: bool) -> Iterator[Match]:
        """Birth years that make a person older than 89 (``born in 1930``, ``YOB 1929``, ``b. 1931``):
        Safe Harbor folds them into the 90+ category, so they are dates to remove. Other bare years
        stay.
        """
        oldest = dt.date.today().year - 90
        for _label, s, e in labelled_values(text, "DOB", _BIRTH_YEAR) if labelled else ():
            if int(text[s:e]) <= oldest:
                yield match(s, e, Category.DATE, 0.85)
        if "b." in text or "B." in text:
            for m in _BORN_ABBREVIATION.finditer(ascii_lower(text)):
                if int(m["v"]) <= oldest:
                    yield match(m.start("v"), m.end("v"), Category.DATE, 0.8)

    # -- numeric forms -------------------------------------------------------------------------------

    def _numeric(self, text: str, index: ChunkIndex, dob: LabelHits) -> Iterator[Match]:
        for m in chunk_matches(_NUMERIC, index.dated, index.view, min_len=3, after=32):
            start, end = m.span()
            time = m.start("time")
            body = m.string[start:time] if time >= 0 else m.group()
            score = self._numeric_score(text, start, end, body, dob.before(start, 16), time >= 0)
            if score is not None:
                yield match(start, end, Category.DATE, score)

    def _numeric_score(
        self, text: str, start: int, end: int, body: str, labelled: bool, timed: bool
    ) -> float | None:
        """The score of the numeric date ``body`` (without its time), told apart by its shape:
        ``y-m-d``, ``m/d/y``, ``y-m``, ``m/y``, ``m/d`` or eight digits.
        """
        parts = _SEPARATORS.split(body)
        if len(parts) == 3:
            if len(parts[0]) == 4:
                y, mo, d = parts
                return 0.95 if _valid_year(y) and _valid_day(int(mo), int(d)) else None
            a, b, y = int(parts[0]), int(parts[1]), parts[2]
            if not (_valid_day(a, b) or _valid_day(b, a)):
                return None
            dotted = body[len(parts[0])] == "."
            if dotted and _VERSION.in_tokens(tokens_before(text, start, 2)):
                return None
            return (0.75 if dotted else 0.95) if _valid_year(y) else None
        if len(parts) == 2:
            if len(parts[0]) == 4:
                return 0.7 if 1900 <= int(parts[0]) <= 2099 else None
            if len(parts[1]) == 4:
                return 0.85 if 1 <= int(parts[0]) <= 12 and _valid_year(parts[1]) else None
            return self._month_day(text, start, end, body, labelled)
        return self._compact(text, start, body, labelled or timed)

    def _month_day(self, text: str, start: int, end: int, body: str, labelled: bool) -> float | None:
        a, b = (int(p) for p in body.split("/"))
        if not (_valid_day(a, b) or _valid_day(b, a)):
            return None
        before = tokens_before(text, start, 3)
        if value_label_before(text, start, 2, before) or VITALS.in_tokens(before[-1:]):
            return None
        strong = labelled or _STRONG.in_tokens(before[-1:])
        if a == b == 2 and not strong:
            return None  # "2/2" is "secondary to"
        if not strong and is_clinical_fraction(text, start, end, before):
            return None  # "4/6 systolic", "3/7 days", "1/2 tab"
        if strong or DATE_CONTEXT.in_tokens(before) or _AS_OF.in_tokens(before):
            return 0.85
        if text.startswith("-", end) and end + 1 < len(text) and text[end + 1].isdigit():
            return 0.7  # a range: 3/4-3/6/21
        if b == 10 and a <= 10 and _SCALE_WORDS.in_tokens(tokens_before(text, start, 8)):
            return None  # "pain 7/10, improved to 3/10"
        if not text[text.rfind("\n", 0, start) + 1 : start].strip():
            return 0.6  # first on its line: a dated entry or a table row ("3/4: seen", "4/4 | A1c 7.2")
        if a <= 9 and b <= 9 and len(body) == 3:
            return 0.4  # 1/2, 3/4: fractions as often as dates
        return 0.6

    def _compact(self, text: str, start: int, body: str, context: bool) -> float | None:
        context = context or DATE_CONTEXT.in_tokens(tokens_before(text, start, 3))
        y, mo, d = body[:4], int(body[4:6]), int(body[6:8])
        if 1900 <= int(y) <= 2099 and _valid_day(mo, d):
            if len(body) > 8:
                hh, mm = int(body[8:10]), int(body[10:12])
                return 0.85 if hh < 24 and mm < 60 else None
            return 0.9 if context else 0.6
        if len(body) == 8 and context:  # MMDDYYYY
            mo, d, y = int(body[:2]), int(body[2:4]), body[4:]
            if _valid_day(mo, d) and 1900 <= int(y) <= 2099:
                return 0.85
        return None

    # -- month names, seasons, holidays ----------------------------------------------------------

    def _words(self, text: str, hints: LabelHits) -> Iterator[Match]:
        lower = ascii_lower(hints.text)
        for s, e, word in zip(hints.starts, hints.ends, hints.words, strict=True):
            if word in _MONTH_NUMBER:
                found = self._month(text, lower, s, e, word)
            elif word in _SEASONS:
                y = _YEAR_AFTER.match(lower, e)
                found = (s, y.end(), 0.6) if y else None
            else:
                y = _YEAR_AFTER.match(lower, e)
                found = (s, y.end() if y else e, 0.75 if y else 0.6)
            if found is not None:
                yield match(found[0], found[1], Category.DATE, found[2])

    def _month(self, text: str, lower: str, s: int, e: int, word: str) -> tuple[int, int, float] | None:
        original = text[s:e]
        cased = original[0].isupper()
        before = _DAY_BEFORE.search(lower, max(0, s - 28), s)
        after = _AFTER_MONTH.match(lower, e)
        day_before = before is not None and (before["d"] is None or 1 <= int(before["d"]) <= 31)
        day_after = after is not None and (
            after["dw"] is not None or (after["d"] is not None and 1 <= int(after["d"]) <= 31)
        )
        year_after = after is not None and after["y"] is not None
        start = before.start() if before is not None and day_before else s
        if not day_before and day_after:
            year = _YEAR_BEFORE.search(lower, max(0, s - 8), s)
            start = year.start() if year is not None else start
        end = after.end() if after is not None and (day_after or year_after) else e
        if day_before or day_after or year_after:
            if (
                word in ("may", "dec")
                and not cased
                and not year_after
                and not _sure_day(lower, before, after)
            ):
                if not DATE_CONTEXT.in_tokens(tokens_before(text, start, 2)):
                    return None  # "may 3 times", "dec 2 units" (decreased); not "on may 16th"
            if not cased and len(word) == 3 and not year_after:
                return (start, end, 0.55)
            return (start, end, 0.9 if cased else 0.75)
        # a month alone: a date after "in", "since", "early" ... when capitalised
        if not cased or word == "may" or not _MONTH_ALONE_CONTEXT.in_tokens(tokens_before(text, s, 1)):
            return None
        return (s, e, 0.65 if len(word) > 3 and original[1:].islower() else 0.55)


def register(registry: Registry[Recognizer]) -> None:
    """Plugin hook: add the date recognizer."""
    registry.register(DateRecognizer.id, DateRecognizer)
