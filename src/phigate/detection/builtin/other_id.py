"""Any other unique identifying number or code (Category.ID, 45 CFR 164.514(b)(2)(i)(R)).

- After an id label, or below it in a table column: patient, person, study, subject, participant,
  enrollment, screening, case, badge, employee, staff, student, user and portal ids, usernames and
  logins, kiosk and check-in codes, vouchers, barcodes, wristbands, reference, confirmation and
  tracking numbers, prescription numbers, UUIDs (``Patient ID: P-448812``, ``Study ID ABC-123-0042``,
  ``badge #5521``, ``employee ID E12345``, ``case number 2021-CV-00123``, ``ref# 99812``,
  ``participant 060-2895``, ``portal username jdoe1930``). Bare nouns (``participant``,
  ``subject``, ``kiosk``) are weak labels: their values need four digits;
- ``#`` and five or more digits, maybe after a letter prefix (``#12345678``, ``#E123456``);
- UUIDs (``123e4567-e89b-12d3-a456-426614174000``);
- identifier-shaped tokens that nothing else explains: runs of eight or more digits, uppercase codes
  of six to twenty characters with at least four digits and two letters (``XJH719659571``) or six
  digits (``E556107695``, ``Q12345678``), the same written in lowercase (``e556107695``,
  ``mr641026``: one to three letters, then six digits or more), hyphenated codes with five digits
  and a letter (``ABC-123-4567``). These score 0.55;
- near an identifier word (``id``, ``number``, ``#``, ``code``, ``wristband``, ``assigned``) or
  before the sex and age or the birth date of a patient banner (``LEE,ANN 4829130 F 92``), shorter
  ones: seven digits, digit groups (``060-2895``, ``76-34-75-41``) and codes (``AB12-CD34``,
  ``E12345``).

Not identifiers: numbers that read as measurements, lab values, scores or codes
(:mod:`~phigate.detection.allowlist`: ``NDC 0002-3227-30``, ``CPT 99214``), and the codes of things
rather than people: drug lot and batch numbers, model, catalogue and part numbers, versions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from phigate.detection.allowlist import is_clinical_number, is_reading, measurement_follows
from phigate.detection.base import Match, Recognizer
from phigate.detection.builtin._labels import labelled_identifiers
from phigate.detection.builtin._shared import ascii_lower, match
from phigate.detection.builtin._tokens import chunk_index, chunk_matches, code_tokens
from phigate.detection.context import Keywords, tokens_after, tokens_before
from phigate.model import Category
from phigate.registry import Registry

__all__ = ["OtherIdRecognizer", "register"]

#: Labels that are also everyday words: their values need four digits and score lower.
_WEAK = frozenset(
    """id ref case login barcode identifier tin handle patient participant subject enrollee employee
    student resident client donor recipient inmate kiosk voucher portal user study enrollment
    enrolment pin sin nie rut dni""".split()
    + ["file number", "bar code"]
)
_HASH_NUMBER = re.compile(r"#[ \t]?(?P<v>[A-Z]{0,3}\d{3,}(?:-\d{2,}){0,3})(?![\w]|[-.]\d)")
_UUID = re.compile(r"-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-z])")
#: Digit groups joined by hyphens (``76-34-75-41``, ``060-2895``); dates, phones and SSNs are
#: shapes of their own and are left to their recognizers.
_GROUPS = re.compile(r"\d(?<![\w.\-/]\d)\d{0,5}(?:-\d{1,6}){1,5}(?![\w]|[-./]\d)")
_KNOWN_GROUPS = re.compile(
    r"\d{3}-\d{3}-\d{4}|\d{3}-\d{2}-\d{4}|[2-9]\d\d-\d{4}|\d{5}-\d{4}|\d{1,4}-\d{1,2}-\d{1,4}"
    r"|(?:19|20)\d\d-\d{1,2}|\d{1,2}-(?:19|20)\d\d"
)
_CLOCK = re.compile(r"(?:[01]\d|2[0-3])[0-5]\d")
#: A clock time as one token (``1415pm``, ``0400h``), and ``@``/``at`` right before a number.
_CLOCK_TOKEN = re.compile(r"(?:[01]\d|2[0-3])[0-5]\d(?P<suffix>[ap]m|h|hrs)?")
_AT = re.compile(r"(?:@|(?<![a-z])at)[ \t]*$", re.IGNORECASE)
#: Digits (maybe a range or decimal) with letters after them: a unit, when it is one (``1500cc``).
_NUMBER_THEN_LETTERS = re.compile(r"[\d.\-/]+(?=[a-z])")
#: Settings and ranges written as one token (lowercased): numbers chained by ``x`` (ventilator settings
#: ``700x10x``, ``x25x500x40``, dimensions ``10x12x3``) and ranges of decades (``100-170s``, ``90s-100s``).
_SETTING_CHAIN = re.compile(r"x?\d+(?:\.\d+)?(?:x\d+(?:\.\d+)?)+x[a-z]{0,2}|x?\d+(?:x\d+){2,}[a-z]{0,2}")
_DECADES = re.compile(r"\d{2,3}s?-\d{2,3}s|\d{2,3}s-\d{2,3}")
#: Machines named by their model (``PB7200 vent``, ``Alaris 8100 pump``).
_MACHINES = Keywords("vent ventilator pump monitor machine".split())
_RUN_OF_SEVEN = re.compile(r"\d{7}")
#: After a seven-digit number in a patient banner, the next fields: a sex and an age, a birth date
#: label or a date (``LEE,ANN 4829130 F 92``, ``Lee | 4829130 | DOB 01/02/1931``).
_BANNER_AFTER = re.compile(
    r"[ \t]*[|/,;]?[ \t]*(?:[MFmf][ \t]*[|/,;]?[ \t]*\d{1,3}(?![\d./:])|(?i:dob|d\.o\.b)(?![a-z])"
    r"|(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])/(?:19|20)\d\d(?!\d))"
)
_DIGITS = re.compile(r"\d(?<![\w.,\-/:]\d)\d{6,}(?![\w]|[.,:/]\d)")
_OBSTETRIC = re.compile(r"G\d{1,2}P[\dOolIS]{1,5}")
#: A lowercase letter prefix glued to a run of six or more digits, ending at the run: the lowercase
#: code shape (``e556107695``), which the uppercase code tokens do not hold.
_LOWER_PREFIX = re.compile(r"(?<![A-Za-z0-9\-_.])[a-z]{1,3}$")
_ID_WORDS = Keywords(
    """no number num nbr id identifier # code ref reference file record labeled labelled label name named
    band wristband armband bracelet sticker tag barcode assigned username login user badge card
    voucher kiosk portal ticket confirmation tracking enrolled enrollment participant subject""".split()
)
#: Words before a code that make it the code of a thing, not of a person.
_THING_CODE = Keywords(
    """lot batch model mod catalog catalogue cat part sku upc ndc exp expiry expiration version ver
    firmware software fw sw rev revision size gauge type class item stock""".split()
)


class OtherIdRecognizer:
    """Other identifying numbers and codes: after id labels, ``#12345``, UUIDs, unexplained ids."""

    id = "other-id"
    version = "2"
    categories = frozenset({Category.ID})

    def find(self, text: str) -> Iterator[Match]:
        """Yield ID matches in ``text``."""
        for label, start, end, score in labelled_identifiers(text, "ID", weak=_WEAK):
            if label in _WEAK and (_CLOCK.fullmatch(text, start, end) or is_reading(text[start:end])):
                continue  # "patient 0800 meds given": a time; "ID: Tmax-99": infectious disease
            yield match(start, end, Category.ID, score)
        if "#" in text:
            for m in _HASH_NUMBER.finditer(text):
                value = m["v"]
                if sum(map(str.isdigit, value)) >= 5 and not _THING_CODE.in_tokens(
                    tokens_before(text, m.start(), 2)
                ):
                    yield match(m.start("v"), m.end("v"), Category.ID, 0.6)
        if "-" in text:
            lower = ascii_lower(text)
            for m in _UUID.finditer(lower):
                start = m.start() - 8
                if start >= 0 and re.fullmatch(r"[0-9a-f]{8}", lower[start : m.start()]):
                    yield match(start, m.end(), Category.ID, 0.85)
        yield from self._numbers(text)
        yield from self._codes(text)
        yield from self._lower_codes(text)

    def _numbers(self, text: str) -> Iterator[Match]:
        index = chunk_index(text)
        runs = [c for c in index.long if _RUN_OF_SEVEN.search(c[2])]
        for m in chunk_matches(_DIGITS, runs, index.view, min_len=7):
            start, end = m.start(), m.end()
            before = tokens_before(text, start, 3)
            banner = end - start < 8 and _BANNER_AFTER.match(text, end) is not None  # "F 92": no degrees
            if (not banner and is_clinical_number(text, start, end, before)) or _THING_CODE.in_tokens(
                before[-2:]
            ):
                continue
            if end - start >= 8:
                yield match(start, end, Category.ID, 0.55)
            elif banner or _ID_WORDS.in_tokens(before):
                yield match(start, end, Category.ID, 0.6)
        hyphened = [c for c in index.long if "-" in c[2] and not _KNOWN_GROUPS.fullmatch(c[2])]
        for m in chunk_matches(_GROUPS, hyphened, index.view, min_len=6):
            value = m.group()
            digits = len(value) - value.count("-")
            if digits < 5 or _KNOWN_GROUPS.fullmatch(value):
                continue
            before = tokens_before(text, m.start(), 3)
            if is_clinical_number(text, m.start(), m.end(), before) or _THING_CODE.in_tokens(before[-2:]):
                continue
            context = _ID_WORDS.in_tokens(before)
            if context or (digits >= 9 and value.count("-") >= 2):
                yield match(m.start(), m.end(), Category.ID, 0.6 if context else 0.5)

    def _codes(self, text: str) -> Iterator[Match]:
        for start, end in code_tokens(text):
            value = text[start:end]
            digits = sum(map(str.isdigit, value))
            if digits < 3 or _OBSTETRIC.fullmatch(value):
                continue  # G2P1202: gravida/para
            letters = len(value) - digits - value.count("-")
            if len(value) < 4 or _clinical_code(text, start, end):
                continue
            before = tokens_before(text, start, 3)
            if "-" not in value and 6 <= len(value) <= 20 and (digits >= 4 and letters >= 2 or digits >= 6):
                score = 0.55
            elif "-" in value and 8 <= len(value) <= 24 and digits >= 5:
                score = 0.55  # ABC-123-4567
            elif _ID_WORDS.in_tokens(before) and not is_clinical_number(text, start, end, before):
                score = 0.6  # "wristband AB12-CD34", "employee no. E12345"; not "ID: Tmax 102R"
            else:
                continue
            if not _THING_CODE.in_tokens(before[-2:]):
                yield match(start, end, Category.ID, score)

    def _lower_codes(self, text: str) -> Iterator[Match]:
        """Lowercase codes: one to three letters glued to six digits or more (``e556107695``)."""
        index = chunk_index(text)
        view = index.view
        for start, end, chunk in index.long:
            if (
                not (chunk.isdigit() and "a" <= view[start - 1 : start] <= "z")
                or view[end : end + 1].isalnum()
            ):
                continue
            prefix = _LOWER_PREFIX.search(view, max(0, start - 4), start)
            if prefix is None or measurement_follows(text, end):
                continue
            before = tokens_before(text, prefix.start(), 3)
            if not (is_clinical_number(text, start, end, before) or _THING_CODE.in_tokens(before[-2:])):
                yield match(prefix.start(), end, Category.ID, 0.55)


def _clinical_code(text: str, start: int, end: int) -> bool:
    """True when the code token ``text[start:end]`` is a measurement, a time, a reading, a setting or
    the model of a machine: ``1500cc``, ``100-200cc``, ``1415pm``, ``@ 0400``, ``BP130-140``,
    ``650x10x100``, ``700X10X``, ``90S-100S``, ``PB7200 vent``.
    """
    lower = text[start:end].lower()
    number = _NUMBER_THEN_LETTERS.match(lower)
    if number is not None and measurement_follows(text, start + number.end()):
        return True
    clock = _CLOCK_TOKEN.fullmatch(lower)
    if clock is not None and (clock["suffix"] or _AT.search(text, max(0, start - 4), start)):
        return True
    if _SETTING_CHAIN.fullmatch(lower) or _DECADES.fullmatch(lower):
        return True
    return is_reading(lower) or _MACHINES.in_tokens(tokens_after(text, end, 1))


def register(registry: Registry[Recognizer]) -> None:
    """Plugin hook: add the other-identifier recognizer."""
    registry.register(OtherIdRecognizer.id, OtherIdRecognizer)
