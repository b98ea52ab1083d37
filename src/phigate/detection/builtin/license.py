"""Certificate and licence numbers (Category.LICENSE).

After a label: driver's licences (``DL# D1234567``), state medical, nursing and pharmacy licences
(``RN License 1234567``, ``MD license G12345``, ``DL: NY 123 456 789``), certificates, permits,
passports, DEA and NPI numbers. Without a label, two numbers that carry a check digit:

- DEA registration numbers (``AB1234563``): a registrant-type letter, a letter or ``9``, seven digits,
  the last being ``(d1 + d3 + d5 + 2 * (d2 + d4 + d6)) mod 10``;
- NPIs (``1234567893``): ten digits starting with 1 or 2 that pass the Luhn check with the ``80840``
  prefix. Only one random ten-digit number in ten passes, so an unlabelled one scores just above the
  threshold, and a labelled one that fails the check still counts (it is written down as an NPI).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from phigate.detection.base import Match, Recognizer
from phigate.detection.builtin._labels import GROUPED_VALUE, ID_VALUE, labelled_identifiers, value_pattern
from phigate.detection.builtin._shared import match
from phigate.detection.builtin._tokens import chunk_index, chunk_matches, code_tokens
from phigate.detection.checksums import dea_valid, npi_valid
from phigate.model import Category
from phigate.registry import Registry

__all__ = ["LicenseRecognizer", "register"]

_WEAK = frozenset({"license", "licence", "lic", "passport", "registration number", "dl", "cdl"})
#: A licence number, maybe after the postal code of its state (``DL #: NY 123 456 789``), which is
#: not part of the value.
_STATES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC "
    "ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI"
).split()
_VALUE = value_pattern(
    GROUPED_VALUE + "|" + ID_VALUE, prefix=r"(?:(?:" + "|".join(_STATES) + r")[ \t]+(?=[A-Z]{0,2}\d)|)"
)
_DEA = re.compile(r"[ABCDEFGHJKLMPRSTUX][A-Z9]\d{7}")
_NPI = re.compile(r"[12](?<![\w.\-][12])\d{9}(?![\w]|[-.]\d)")


class LicenseRecognizer:
    """Licence and certificate numbers after a label; DEA and NPI numbers by their check digits."""

    id = "license"
    version = "1"
    categories = frozenset({Category.LICENSE})

    def find(self, text: str) -> Iterator[Match]:
        """Yield LICENSE matches in ``text``."""
        for label, start, end, score in labelled_identifiers(text, "LICENSE", weak=_WEAK, value=_VALUE):
            if label.startswith("npi"):
                score = 0.95 if npi_valid(text[start:end]) else 0.6
            elif label.startswith("dea"):
                score = 0.95 if dea_valid(text[start:end].upper()) else 0.6
            yield match(start, end, Category.LICENSE, score)
        for start, end in code_tokens(text):
            if end - start == 9 and _DEA.fullmatch(text, start, end) and dea_valid(text[start:end]):
                yield match(start, end, Category.LICENSE, 0.85)
        index = chunk_index(text)
        for m in chunk_matches(_NPI, index.long, index.view, min_len=10):
            if npi_valid(m.group()):
                yield match(m.start(), m.end(), Category.LICENSE, 0.55)


def register(registry: Registry[Recognizer]) -> None:
    """Plugin hook: add the licence recognizer."""
    registry.register(LicenseRecognizer.id, LicenseRecognizer)
