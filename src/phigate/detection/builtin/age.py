"""Ages over 89 (45 CFR 164.514(b)(2)(i)(C)); younger ages are not identifiers.

Every number 90-125 that stands alone in the text (the digit dispatcher's ``ages`` bucket) and every
number word from ``ninety`` up is a candidate; its surroundings decide:

- a unit after it: ``92 y/o``, ``92 yo``, ``92yo``, ``92 y.o.``, ``92-yo``, ``92 yr old``,
  ``92 yrs old``, ``92-year-old``, ``92 year old``, ``92 years of age``, ``101-yr-old``, ``92 y``,
  ``(92 y)``, ``92 years``, ``92 yoa``, with a sex glued on (``92 YOF``, ``92yF``, ``92 y/o/M``) and
  OCR variants (``92 y/0``, ``92 yr5``, ``92 years 0ld``); an ordinal and ``birthday`` (``92nd
  birthday``, ``in her 101st year``);
- an age label before it: ``age 92``, ``aged 92``, ``Age: 92``, ``AGE...... 92``, ``Pt age: 95``,
  ``at the age of 93``, ``Age (yrs): 95``, ``Age/Sex: 92/F``, ``Sex/Age: F/92``, ``Age:`` on the line
  above, or an ``Age`` column header above it in a table;
- a sex after it (``92 F``, ``92M``, ``92/F``, ``92 WF``) or before it (``F/92``): a temperature
  reads the same (``Tmax 101 F``), so this counts fully only after a cue (``Pt is a 92 F with``,
  ``HPI: 92M``) and weakly with a capital letter;
- a person and a verb before it: ``she is 92``, ``Mr. Hale was 95``, ``turned 92``, ``will be 101``;
- a name before it, set off by punctuation: ``Mary Smith, 92, presented``, ``John Smith (92)``;
- the decade of a person: ``in her 90s``, ``his late nineties``; and the words ``nonagenarian``,
  ``centenarian``, ``supercentenarian``.

Number words (``ninety-two``, ``ninety two``, ``one hundred and one``, ``one-hundred-year-old``,
``ninety-second birthday``) need a unit, a label or a person and verb. The span is the number or
number word (``92`` in ``92 y/o``), or the whole token when a unit is glued to the number (``92yo``,
``92F``, ``92nd``). Never ages: vitals, lab values and doses (``HR 92``, ``92 beats``, ``BP 95/60``,
``SpO2 95%``, ``90 mg``), durations (``92 days``, ``for 95 minutes``) and decades of vitals
(``SBP in the 90s``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from phigate.detection.allowlist import VITALS, measurement_follows, value_label_before
from phigate.detection.base import Match, Recognizer
from phigate.detection.builtin._labels import label_scan
from phigate.detection.builtin._shared import ascii_lower, match
from phigate.detection.builtin._tokens import chunk_index
from phigate.detection.context import Keywords, tokens_after, tokens_before
from phigate.model import Category
from phigate.registry import Registry

__all__ = ["AgeRecognizer", "register"]

_BL = " \t\u00a0"  # blanks
_HY = "\\-\u2010\u2011\u2013"  # hyphens and dashes
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen")
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
#: Ninety up to one hundred and twenty-five, in words, cardinal or ordinal.
_NUMBER_WORD = (
    r"(?<![a-z])(?:ninety(?:[ \-]?(?:" + "|".join(_UNITS + _ORDINALS) + r"))?|ninetieth"
    r"|(?:one[ \-]|a[ \-])?hundred(?:th|[ \-](?:and[ \-])?(?:twenty(?:[ \-]?(?:one|two|three|four|five))?|"
    + "|".join(_TEENS + _UNITS)
    + r"))?)(?![a-z])"
)
_WORD = re.compile(_NUMBER_WORD)
#: An age unit right after the number (lowercased OCR view): ``y/o``, ``yo``, ``y.o.``, ``yr old``,
#: ``-year-old``, ``years of age``, ``y``, ``yoa``, OCR's ``y/0`` and ``yr5``; a sex may be glued on.
_UNIT = re.compile(
    rf"[{_BL}]{{0,2}}(?:[{_HY}][{_BL}]{{0,2}})?(?P<unit>"
    rf"y(?:ea)?r[s5]?\.?(?:[{_BL}]{{0,2}}[{_HY}]?[{_BL}]{{0,2}}(?:[o0]ld|of[{_BL}]+age))?"
    r"|y[./\-]?[ ]?[o0]\.?(?:a\.?)?|y"
    r")(?:/?(?:aa|[wbhc])?[mf]\.?)?(?![a-z0-9])"
)
#: An ordinal suffix, then a birthday or a year of life: ``92nd birthday``, ``her 101st year``.
_ORDINAL = re.compile(rf"(?:st|nd|rd|th)?[{_BL}]+(?:birthday|bday|b-day|birth[ \-]day|year)(?![a-z])")
#: A sex right after the number: ``92 F``, ``92M``, ``92/F``, ``92 / F``, ``92 WF``, ``92 female``.
_SEX_AFTER = re.compile(rf"[{_BL}]?[/,]?[{_BL}]?(?P<sex>(?:aa|[wbh])?[mf]|male|female)(?![a-z0-9\u00b0])")
#: Before the number, an age label: ``age``, ``aged``, ``Age/Sex:``, ``Age (yrs):``, ``age at
#: admission``, ``AGE.......``, ``at the age of``, ``Age:`` at the end of the line above.
_LABEL_BEFORE = re.compile(
    rf"a(?<![a-z]a)(?:ge[ds]?|et)(?:[{_BL}]*[/&,][{_BL}]*(?:sex|gender|g|s))?"
    rf"(?:[{_BL}]*\([a-z ./]{{1,12}}\))?(?:[{_BL}]+(?:at|on)[{_BL}]+[a-z]+)?"
    rf"(?>[{_BL}.:=\-_|*>#]{{0,40}})(?:\n[{_BL}|]{{0,8}})?"
    rf"(?:(?:of|is|was|at|now|approx\.?|approximately|about|~)[{_BL}]+)?$"
)
#: ``Sex/Age: F/92``: a sex, a slash, the number (a label before the sex makes it sure).
_SEX_BEFORE = re.compile(rf"(?<![a-z])(?:[mf]|male|female)[{_BL}]?[/,][{_BL}]?$")
_SEX_LABEL_BEFORE = re.compile(
    rf"(?<![a-z])(?:sex|gender)[{_BL}]*[/&,][{_BL}]*age[{_BL}.:=\-|]*(?:[mf]|male|female)[{_BL}]?[/,][{_BL}]?$"
)
#: A verb before the number: ``is 92``, ``was now 95``, ``turned 101``.
_VERB_BEFORE = re.compile(
    rf"(?<![a-z])(?P<verb>is|was|be|turned|turns|turning|reached|reaches)"
    rf"(?:[{_BL}]+(?:now|almost|nearly|about|approximately|over|just|only|already))?[{_BL}]+$"
)
_PERSON = Keywords(
    """she he patient pt who mother father mom dad grandmother grandfather grandma grandpa husband
    wife spouse partner son daughter sister brother aunt uncle resident man woman gentleman lady female
    male veteran widow widower mr mrs ms miss""".split()
)
_NOT_AGE_AFTER = re.compile(
    rf"[{_BL}]*(?:[%:]|/(?![{_BL}]?(?:[mf]|male|female)(?![a-z]))|x\b|over\b|out\b|times\b|points?\b|percent|beats|degrees|days?\b|d\b|weeks?\b|wks?\b"
    r"|months?\b|mos?\b|hours?\b|hrs?\b|minutes?\b|mins?\b|seconds?\b|secs?\b)"
)
_TEMPERATURE = Keywords(
    """t temp temps tmax tmin tcurrent temperature febrile afebrile fever fevers degrees spiked spike
    spiking oral rectal axillary tympanic core vitals vs""".split()
)
#: ``101 F (38.3 C)``: a Celsius reading after a Fahrenheit one.
_CELSIUS_AFTER = re.compile(
    rf"[{_BL}]*[(,/][{_BL}]*\d{{2}}(?:\.\d)?[{_BL}]*(?:\u00b0|deg)?[{_BL}]*c(?![a-z])"
)
_SEX_CUE_BEFORE = Keywords("a an pt patient is hpi cc id identification sex gender age".split())
_SEX_CUE_AFTER = Keywords(
    """with w presents presenting presented who s h hx pmh admitted here brought referred seen c
    complaining transferred from resident status history""".split()
)
#: A name or a person set off before the number: ``Smith, 92,``, ``John Smith (92)``, ``the patient, 98,``.
_NAME_COMMA = re.compile(
    r"(?:[A-Z][a-z'\-]+|(?<![A-Za-z])(?i:patient|pt|woman|man|mother|father|wife|husband|resident)),[ \t]*$"
)
_NAME_PAREN = re.compile(r"[A-Z][a-z'\-]+[ \t]*\($")
_DECADE_AFTER = re.compile(r"['\u2019]?s(?![a-z])")
_POSSESSIVE = Keywords("his her their".split())
_DECADE_PART = Keywords("early mid late upper lower".split())
_GROUP_WORDS = ("centenarian", "nonagenarian", "supercentenarian")
_DESCRIBED = Keywords("a an the is was frail active healthy pleasant elderly patient pt".split())
#: Words before ``hundred`` or ``ninety`` that make them part of a larger number or a year.
_NOT_AGE_BEFORE = Keywords(
    "two three four five six seven eight nine nineteen twenty thousand several few many".split()
)
_WORD_VALUE = re.compile(r"[a-z]+")
#: The word before a verb, in the text as written (a capitalised one is a name: ``Hale is 92``).
_WORD_BEFORE = re.compile(r"([A-Za-z][a-z'\-]+)[ \t]+$")
#: A table row: cells split by bars or tabs; a cell holding an age, and an ``Age`` column header.
_CELL_SEPARATORS = ("|", "\t")
_AGE_CELL = re.compile(r"[ \t]*\d{2,3}[ \t]*[a-z/ .]{0,10}")
_AGE_HEADER = re.compile(r"(?:pt |patient )?age(?:[ \t]*\([a-z .]{1,10}\)|[ \t]*/[ \t]*(?:sex|gender))?")
_AGE_WORD_IN_LINE = re.compile(r"(?<![a-z])age(?:[ \t]*\([a-z .]{1,10}\)|/(?:sex|gender))?(?![a-z])")


class AgeRecognizer:
    """Ages of 90 and over, written with digits or words."""

    id = "age-over-89"
    version = "2"
    categories = frozenset({Category.AGE})

    def find(self, text: str) -> Iterator[Match]:
        """Yield AGE matches in ``text``."""
        index = chunk_index(text)
        hints = label_scan(text).of("AGE_WORD")
        if not index.ages and not hints.starts:
            return
        lower = ascii_lower(index.view)
        for start, end in index.ages:
            found = _judge_digits(text, lower, start, end)
            if found is not None:
                yield match(start, found[0], Category.AGE, found[1])
        for start, end, word in zip(hints.starts, hints.ends, hints.words, strict=True):
            yield from _word_age(text, lower, start, end, word)


def _judge_digits(text: str, lower: str, start: int, end: int) -> tuple[int, float] | None:
    """``(span end, score)`` of the age whose digits are ``text[start:end]``, or None."""
    glued = end < len(lower) and lower[end].isalpha()
    token_end = _token_end(lower, end) if glued else end
    if _UNIT.match(lower, end) is not None:
        return token_end, 0.9
    if _ORDINAL.match(lower, end) is not None:
        return token_end, 0.9
    if _labelled(lower, start):
        if _NOT_AGE_AFTER.match(lower, end) is not None:
            return None  # "age 92 days": an infant
        if measurement_follows(text, end) and _SEX_AFTER.match(lower, end) is None:
            return None  # "aged 95 mg", not "Age: 92 F"
        return end, 0.9
    decade = _DECADE_AFTER.match(lower, end) if lower.startswith("90", start) and end == start + 2 else None
    if decade is not None:
        return (decade.end(), 0.75) if _of_a_person(lower, start) else None
    sex = _SEX_AFTER.match(lower, end)
    if sex is not None:
        score = _sex_score(text, lower, start, sex)
        return None if score is None else (token_end if glued else end, score)
    if value_label_before(text, start, 2) or measurement_follows(text, end):
        return None
    if _NOT_AGE_AFTER.match(lower, end) is not None:
        return None
    score = _context_score(text, lower, start, end)
    if score is None and text[start:end].isdigit():
        score = _set_off_score(text, start, end)
    return None if score is None else (end, score)


def _word_age(text: str, lower: str, start: int, end: int, word: str) -> Iterator[Match]:
    """The age, if any, that an age hint word (``ninety``, ``hundred``, ``nonagenarian``) begins."""
    if word.rstrip("s") in _GROUP_WORDS:
        plural = word.endswith("s")
        described = _DESCRIBED.in_tokens(tokens_before(lower, start, 1))
        yield match(start, end, Category.AGE, 0.45 if plural else 0.8 if described else 0.6)
        return
    if word == "nineties":
        if _of_a_person(lower, start):
            yield match(start, end, Category.AGE, 0.75)
        return
    m = _WORD.search(lower, max(0, start - 4), min(len(lower), end + 40))
    if m is None or not m.start() <= start < m.end():
        return
    if _NOT_AGE_BEFORE.in_tokens(tokens_before(lower, m.start(), 1)):
        return  # "five hundred", "nineteen ninety-two"
    w_start, w_end = m.span()
    if _UNIT.match(lower, w_end) is not None or _ORDINAL.match(lower, w_end) is not None:
        yield match(w_start, w_end, Category.AGE, 0.9)
    elif _NOT_AGE_AFTER.match(lower, w_end) is not None or measurement_follows(text, w_end):
        return
    elif _labelled(lower, w_start):
        yield match(w_start, w_end, Category.AGE, 0.9)
    else:
        score = _verb_score(text, lower, w_start)
        if score is not None:
            yield match(w_start, w_end, Category.AGE, score)


def _token_end(lower: str, end: int) -> int:
    """The end of the letters and digits glued to a number (``92yo``, ``92nd``)."""
    m = _WORD_VALUE.match(lower, end)
    return m.end() if m is not None else end


def _labelled(lower: str, start: int) -> bool:
    """True when an age label stands right before ``start`` (``Age: 92``, ``aged 95``)."""
    return _LABEL_BEFORE.search(lower, max(0, start - 80), start) is not None


def _of_a_person(lower: str, start: int) -> bool:
    """True when ``his``, ``her`` or ``their`` (maybe with ``early``/``late``) comes before a decade."""
    before = tokens_before(lower, start, 2)
    if before and before[-1] in _DECADE_PART:
        before = before[:-1]
    return bool(before) and before[-1] in _POSSESSIVE


def _sex_score(text: str, lower: str, start: int, sex: re.Match[str]) -> float | None:
    """The score of ``92 F``, ``92M``, ``92/F``: a temperature reads the same, so it needs a cue or a
    capital letter, and no temperature or vitals word around it.
    """
    if _TEMPERATURE.in_tokens(tokens_before(lower, start, 3)) or value_label_before(text, start, 2):
        return None
    if _CELSIUS_AFTER.match(lower, sex.end()) is not None or VITALS.in_tokens(
        tokens_after(lower, sex.end(), 2)
    ):
        return None  # "101 F (38.3 C)", "101 F, HR 92"
    line_start = lower.rfind("\n", 0, start) + 1
    cue = (
        not lower[line_start:start].strip(_BL + ":")
        or lower[line_start:start].rstrip(_BL).endswith(":")
        or _SEX_CUE_BEFORE.in_tokens(tokens_before(lower, start, 2))
        or _SEX_CUE_AFTER.in_tokens(tokens_after(lower, sex.end(), 1))
    )
    if cue or _labelled(lower, start):
        return 0.85
    if len(sex["sex"]) > 2 or text[sex.end() - 1].isupper():
        return 0.6
    return None


def _context_score(text: str, lower: str, start: int, end: int) -> float | None:
    """The score of a bare number from what precedes it: ``F/92``, ``she is 92``, an ``Age`` column."""
    window = max(0, start - 60)
    if _SEX_LABEL_BEFORE.search(lower, window, start) is not None:
        return 0.9
    if _SEX_BEFORE.search(lower, max(0, start - 10), start) is not None:
        return 0.6
    score = _verb_score(text, lower, start)
    if score is not None:
        return score
    return 0.85 if _in_age_column(lower, start, end) else None


def _verb_score(text: str, lower: str, start: int) -> float | None:
    """``turned 92`` (0.75), or ``she is 92`` / ``Mr. Hale was 95`` (0.7): a verb, and for ``is`` /
    ``was`` / ``be`` a person before it.
    """
    verb = _VERB_BEFORE.search(lower, max(0, start - 40), start)
    if verb is None or value_label_before(text, start, 3):
        return None
    if verb["verb"] not in ("is", "was", "be"):
        return 0.75
    subject = tokens_before(lower, verb.start(), 3)
    if _PERSON.in_tokens(subject):
        return 0.7
    word = _WORD_BEFORE.search(text, max(0, verb.start() - 30), verb.start())
    if word is not None and word[1][0].isupper() and not word[1].isupper() and word[1].lower() not in VITALS:
        return 0.7  # "Mrs. Hale is 92", not "Weight is 92"
    return None


def _set_off_score(text: str, start: int, end: int) -> float | None:
    """``Smith, 92, presented`` and ``John Smith (92)``: a number set off right after a name."""
    after = text[end : end + 1]
    window = text[max(0, start - 40) : start]
    if (after in (",", ";") and _NAME_COMMA.search(window)) or (after == ")" and _NAME_PAREN.search(window)):
        return 0.6
    return None


def _in_age_column(lower: str, start: int, end: int) -> bool:
    """True when the number sits in a table cell whose column header, a few lines up, is ``Age``.

    Tables with bars or tabs are split into cells and matched by cell index; tables aligned with
    blanks are matched by character columns (the header word overlaps the number's columns).
    """
    line_start = lower.rfind("\n", 0, start) + 1
    line_end = lower.find("\n", end)
    line = lower[line_start : line_end if line_end >= 0 else len(lower)]
    separator = next((s for s in _CELL_SEPARATORS if s in line), None)
    if separator is not None:
        column = lower.count(separator, line_start, start)
        cells = line.split(separator)
        if not _AGE_CELL.fullmatch(cells[column]):
            return False
    elif "  " not in line:
        return False
    pos = line_start - 1
    for _ in range(30):
        if pos <= 0:
            return False
        above_start = lower.rfind("\n", 0, pos) + 1
        above = lower[above_start:pos]
        pos = above_start - 1
        if not above.strip():
            return False
        if separator is not None:
            header = above.split(separator)
            if len(header) == len(cells) and _AGE_HEADER.fullmatch(header[column].strip(" \t*:")):
                return True
        elif above.count("  ") >= 2:
            for word in _AGE_WORD_IN_LINE.finditer(above):
                if word.start() < end - line_start + 2 and start - line_start - 2 < word.end():
                    return True
    return False


def register(registry: Registry[Recognizer]) -> None:
    """Plugin hook: add the age recognizer."""
    registry.register(AgeRecognizer.id, AgeRecognizer)
