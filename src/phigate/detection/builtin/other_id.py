"""Any other unique identifying number or code (Category.ID, 45 CFR 164.514(b)(2)(i)(R)).

- After an id label: ``Patient ID: P-448812``, ``Study ID ABC-123-0042``, ``badge #5521``,
  ``employee ID E12345``, ``case number 2021-CV-00123``, ``ref# 99812``, ``UUID ...``;
- ``#`` and five or more digits (``#12345678``);
- UUIDs (``123e4567-e89b-12d3-a456-426614174000``);
- identifier-shaped tokens that nothing else explains: runs of eight or more digits, and uppercase
  codes of six to twenty characters with at least four digits and two letters (``XJH719659571``) or
  one letter and six digits (``E556107695``). These score 0.55;
  a run of seven digits only counts next to an identifier word (``no.``, ``number``, ``#``, ``id``).
  Numbers that read as measurements, lab values, scores or codes (:mod:`~phigate.detection.allowlist`)
  are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from phigate.detection.allowlist import is_clinical_number
from phigate.detection.base import Match, Recognizer
from phigate.detection.builtin._labels import labelled_identifiers
from phigate.detection.builtin._shared import ascii_lower, match
from phigate.detection.builtin._tokens import chunk_index, chunk_matches, code_tokens
from phigate.detection.context import Keywords, tokens_before
from phigate.model import Category
from phigate.registry import Registry

__all__ = ["OtherIdRecognizer", "register"]

_WEAK = frozenset({"id", "ref", "case", "login", "barcode", "identifier", "file number", "tin", "handle"})
_HASH_NUMBER = re.compile(r"#[ \t]?(?P<v>\d{5,})(?![\w]|[-.]\d)")
_UUID = re.compile(r"-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-z])")
#: Digit groups joined by hyphens (``76-34-75-41``, ``942-292-031``); dates, phones and SSNs are
#: shapes of their own and are left to their recognizers.
_GROUPS = re.compile(r"\d(?<![\w.\-/]\d)\d{0,5}(?:-\d{1,6}){2,5}(?![\w]|[-./]\d)")
_KNOWN_GROUPS = re.compile(r"\d{3}-\d{3}-\d{4}|\d{3}-\d{2}-\d{4}|\d{1,4}-\d{1,2}-\d{1,4}")
_DIGITS = re.compile(r"\d(?<![\w.,\-/:]\d)\d{6,}(?![\w]|[.,:/]\d)")
_OBSTETRIC = re.compile(r"G\d{1,2}P\d{1,5}")
_ID_WORDS = Keywords(
    """no number num nbr id identifier # code ref reference file record labeled labelled label name named
    band wristband bracelet sticker tag barcode""".split()
)


class OtherIdRecognizer:
    """Other identifying numbers and codes: after id labels, ``#12345``, UUIDs, unexplained ids."""

    id = "other-id"
    version = "1"
    categories = frozenset({Category.ID})

    def find(self, text: str) -> Iterator[Match]:
        """Yield ID matches in ``text``."""
        for _label, start, end, score in labelled_identifiers(text, "ID", weak=_WEAK):
            yield match(start, end, Category.ID, score)
        for m in _HASH_NUMBER.finditer(text):
            yield match(m.start("v"), m.end("v"), Category.ID, 0.6)
        lower = ascii_lower(text)
        for m in _UUID.finditer(lower):
            start = m.start() - 8
            if start >= 0 and re.fullmatch(r"[0-9a-f]{8}", lower[start : m.start()]):
                yield match(start, m.end(), Category.ID, 0.85)
        index = chunk_index(text)
        for m in chunk_matches(_DIGITS, index.long, index.view, min_len=7):
            start, end = m.start(), m.end()
            if is_clinical_number(text, start, end):
                continue
            if end - start >= 8:
                yield match(start, end, Category.ID, 0.55)
            elif _ID_WORDS.in_tokens(tokens_before(text, start, 3)):
                yield match(start, end, Category.ID, 0.6)
        for m in chunk_matches(_GROUPS, index.long, index.view, min_len=9):
            if _KNOWN_GROUPS.fullmatch(m.group()) or sum(c.isdigit() for c in m.group()) < 7:
                continue
            context = _ID_WORDS.in_tokens(tokens_before(text, m.start(), 3))
            if context or sum(c.isdigit() for c in m.group()) >= 9:
                yield match(m.start(), m.end(), Category.ID, 0.6 if context else 0.5)
        for start, end in code_tokens(text):
            value = text[start:end]
            digits = sum(c.isdigit() for c in value)
            letters = len(value) - digits
            if _OBSTETRIC.fullmatch(value):
                continue  # G2P1202: gravida/para
            if 6 <= len(value) <= 20 and "-" not in value and (digits >= 4 and letters >= 2 or digits >= 6):
                yield match(start, end, Category.ID, 0.55)


def register(registry: Registry[Recognizer]) -> None:
    """Plugin hook: add the other-identifier recognizer."""
    registry.register(OtherIdRecognizer.id, OtherIdRecognizer)
