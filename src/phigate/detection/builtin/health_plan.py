"""Health plan beneficiary numbers (Category.HEALTH_PLAN).

After a label (``Member ID: XJH123456789``, ``Subscriber #``, ``Policy number``, ``Group no``,
``Medicaid ID``, ``Medicare``). Without a label, the Medicare Beneficiary Identifier, whose
11-character pattern is distinctive (``1EG4-TE5-MK73``: positions 1, 4, 7, 10, 11 digits, 2, 5, 8, 9
letters other than S L O I B Z), and the legacy HICN (nine digits and a letter suffix, ``123456789A``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from phigate.detection.base import Match, Recognizer
from phigate.detection.builtin._labels import labelled_identifiers
from phigate.detection.builtin._shared import match
from phigate.detection.builtin._tokens import code_tokens
from phigate.model import Category
from phigate.registry import Registry

__all__ = ["HealthPlanRecognizer", "register"]

_WEAK = frozenset("member mbr subscriber policy medicare medicaid cin hic grp group".split())
#: ``Group`` alone labels a group number only as a form field (``Group: 701234``, ``Policy/Group: 1234567
#: / 70123``), with five digits.
_GROUP_FIELD = re.compile(r"[:#/,;&][ \t]*\Z")
_GROUP_DIGITS = 5
_L = "[AC-HJKMNP-RT-Y]"  # MBI letters: no S, L, O, I, B, Z
_LD = "[" + _L[1:-1] + "0-9]"
_MBI = re.compile(r"[1-9]" + _L + _LD + r"\d-?" + _L + _LD + r"\d-?" + _L + _L + r"\d\d")
_HICN = re.compile(r"\d{9}[A-Z]\d?")


class HealthPlanRecognizer:
    """Health plan member, subscriber, policy and group numbers; Medicare MBI and HICN shapes."""

    id = "health-plan"
    version = "1"
    categories = frozenset({Category.HEALTH_PLAN})

    def find(self, text: str) -> Iterator[Match]:
        """Yield HEALTH_PLAN matches in ``text``."""
        for label, start, end, score in labelled_identifiers(text, "HEALTH_PLAN", weak=_WEAK):
            if label != "group" or _group_number(text, start, end):
                yield match(start, end, Category.HEALTH_PLAN, score)
        for start, end in code_tokens(text):
            if _MBI.fullmatch(text, start, end):
                yield match(start, end, Category.HEALTH_PLAN, 0.85)
            elif _HICN.fullmatch(text, start, end):
                yield match(start, end, Category.HEALTH_PLAN, 0.7)


def _group_number(text: str, start: int, end: int) -> bool:
    """True when the value after ``Group`` is a form field's group number (not ``age group: 65-74``)."""
    field = _GROUP_FIELD.search(text, max(0, start - 8), start) is not None
    return field and sum(map(str.isdigit, text[start:end])) >= _GROUP_DIGITS


def register(registry: Registry[Recognizer]) -> None:
    """Plugin hook: add the health plan recognizer."""
    registry.register(HealthPlanRecognizer.id, HealthPlanRecognizer)
