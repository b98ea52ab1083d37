"""Vehicle identifiers and licence plates (Category.VEHICLE).

VINs: 17 characters without I, O or Q whose ninth character is the ISO 3779 check digit
(``1M8GDM9AXKP042788``); after a ``VIN`` label the check digit is not required (non-North-American
VINs do not carry one). Plates only after a label (``license plate 7ABC123``, ``plate: MA 1AB 234``,
``tag # XYZ-1234``), since a plate has no shape of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from phigate.detection.base import Match, Recognizer
from phigate.detection.builtin._labels import CONNECTOR, label_scan, labelled_values
from phigate.detection.builtin._shared import match
from phigate.detection.builtin._tokens import code_tokens
from phigate.detection.checksums import vin_valid
from phigate.model import Category
from phigate.registry import Registry

__all__ = ["VehicleRecognizer", "register"]

_VIN = re.compile(r"[A-HJ-NPR-Z0-9]{17}")
#: After a plate label: an optional state (``MA``, ``(CA)``), then one to three groups of letters
#: and digits, eight characters at most in all.
_PLATE = re.compile(
    CONNECTOR
    + r"(?:\([A-Za-z]{2}\)[ \t]+)?(?P<v>[A-Za-z0-9]{1,8}(?:[ \-\u2013][A-Za-z0-9]{1,5}){0,2})(?![A-Za-z0-9])"
)
_GROUP = re.compile(r"[A-Za-z0-9]+")
#: Three-letter words that end a plate in lowercased text (``plate 123 was``), unlike ``435 eye``.
_NOT_PLATE = frozenset(
    "and the was for has not but are his her who via per old new one two see off out".split()
)
#: After a ``VIN`` label: 17 characters in either case (no check digit needed).
_LABELLED_VIN = re.compile(CONNECTOR + r"(?P<v>[A-HJ-NPR-Za-hj-npr-z0-9]{17})(?![A-Za-z0-9])")


class VehicleRecognizer:
    """VINs (check digit) and licence plates (after a label)."""

    id = "vehicle"
    version = "1"
    categories = frozenset({Category.VEHICLE})

    def find(self, text: str) -> Iterator[Match]:
        """Yield VEHICLE matches in ``text``."""
        vin_label = label_scan(text).of("VEHICLE")
        for start, end in code_tokens(text):
            if end - start != 17 or not _VIN.fullmatch(text, start, end):
                continue
            if vin_valid(text[start:end]):
                yield match(start, end, Category.VEHICLE, 0.95)
            elif vin_label.before(start, 24):
                yield match(start, end, Category.VEHICLE, 0.85)
        for label, start, end in labelled_values(text, "VEHICLE", _LABELLED_VIN):
            if label.startswith("vin") or "vehicle" in label:
                yield match(start, end, Category.VEHICLE, 0.85)
        for label, start, end in labelled_values(text, "VEHICLE", _PLATE):
            if label.startswith("vin"):
                continue
            plate = _plate(text, start, end)
            if plate is not None:
                has_digit = any(c.isdigit() for c in text[plate[0] : plate[1]])
                yield match(plate[0], plate[1], Category.VEHICLE, 0.85 if has_digit else 0.7)


def _plate(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The plate inside ``text[start:end]``: groups of letters and digits, eight characters at most,
    after an optional two-letter state, stopping before a plain word (``QIY 349 left``).
    """
    groups = [(m.start(), m.end()) for m in _GROUP.finditer(text, start, end)]
    if len(groups) > 1 and groups[0][1] - groups[0][0] == 2 and text[groups[0][0] : groups[0][1]].isupper():
        rest = "".join(text[s:e] for s, e in groups[1:])
        if any(c.isdigit() for c in rest) and text[groups[0][0] : groups[0][1]].isalpha():
            groups = groups[1:]  # "MA 1AB 234": the state is not part of the plate
    kept: list[tuple[int, int]] = []
    size = 0
    lowercase = text.islower()  # a lowercased document: "plate 435 eye" is a plate too
    for s, e in groups:
        word = text[s:e]
        after_digits = (
            lowercase and e - s == 3 and text[kept[-1][0] : kept[-1][1]].isdigit() if kept else False
        )
        if kept and (
            size + e - s > 8
            or (word.isalpha() and not word.isupper() and not (after_digits and word not in _NOT_PLATE))
            or (word.isalpha() and e - s > 3)
        ):
            break
        kept.append((s, e))
        size += e - s
    if not kept or not 2 <= size <= 8:
        return None
    value = text[kept[0][0] : kept[-1][1]]
    if not any(c.isdigit() for c in value) and not value.isupper():
        return None  # a lowercase word after "plate" is not a plate
    return kept[0][0], kept[-1][1]


def register(registry: Registry[Recognizer]) -> None:
    """Plugin hook: add the vehicle recognizer."""
    registry.register(VehicleRecognizer.id, VehicleRecognizer)
