"""Medical record, accession, specimen, encounter and order numbers (all Category.MRN).

After a label (``MRN: 00123456``, ``MR# 1234567``, ``Medical record number is A123456``,
``Acc# RAD-2021-000123``, ``Specimen ID: S21-12345``, ``CSN 123456789``), any identifier-shaped
value, and a value with its label in brackets after it (``448812 (MRN)``). Without a label, two
shapes that are distinctive on their own: accession numbers (``RAD-2021-000123``, ``CT-21-12345``)
and surgical/cytology pathology numbers (``S21-12345``, ``SP-21-1234``, ``CY21-00123``), also in text
written all in lowercase (``s21-12345``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from phigate.detection.allowlist import is_reading, measurement_follows
from phigate.detection.base import Match, Recognizer
from phigate.detection.builtin._labels import (
    GROUPED_VALUE,
    ID_VALUE,
    label_scan,
    labelled_identifiers,
    plausible_identifier,
    value_pattern,
)
from phigate.detection.builtin._shared import ascii_lower, match
from phigate.detection.builtin._tokens import chunk_index, code_tokens, ocr_view
from phigate.model import Category
from phigate.registry import Registry

__all__ = ["MRNRecognizer", "register"]

#: Labels that are also ordinary words or short abbreviations.
_WEAK = frozenset(
    """mr chart path sp spec req enc acc visit order requisition specimen sample episode block
    encounter ipp expediente record pid ur""".split()
)
#: ``RAD-2021-000123``, ``S21-12345``, ``SP-21-1234``: letters, a two- or four-digit year, a serial.
_SHAPE = re.compile(r"[A-Z]{1,5}-?(?:19|20)?\d\d-\d{3,8}(?:-[A-Z0-9]{1,4})?")
#: The same shape in text written all in lowercase (``s22-14881``, ``rad-2021-000123``), which the
#: uppercase code tokens do not hold. Tried only on a number chunk with a dash that a lowercase letter
#: (or a letter and a dash) precedes.
_SHAPE_LOWER = re.compile(
    r"(?<![\w\-./])[a-z]{1,5}-?(?:19|20)?\d\d-\d{3,8}(?:-[a-z0-9]{1,4})?(?![\w\-]|[.,/]\d)"
)
#: ``MRN`` glued to the word before it and to its digits (``chartMRN04857211``), which the label scan
#: (whole words only) does not see. Tried only where the lowercased text holds ``mrn``.
_GLUED = re.compile(r"(?<=[A-Za-z])(?:MRN|mrn|Mrn)[#:]?(?P<v>\d{5,12})(?!\d)")
_MRN = re.compile("mrn")
#: After a label: digit groups split by blanks that end the line or cell (``0012 3456 78``,
#: ``12 34 56 78``), digit groups split by spaced dashes (``12 - 34 - 56 - 78``), or any identifier shape.
_VALUE = value_pattern(GROUPED_VALUE + r"|\d{2,}(?:[ ][-\u2013][ ]\d{2,}){2,4}(?![\w]|[-.]\d)|" + ID_VALUE)

#: A value followed by its label in brackets (``448812 (MRN)``, ``448812 [MRN]``): the value before the
#: opening bracket, and the closing bracket after the label.
_NAMED_AFTER = re.compile(r"(?<![\w\-./])(?P<v>" + ID_VALUE + r")[ \t]*[(\[][ \t]*\Z")
_CLOSE = re.compile(r"[ \t]*[)\]]")
_NAMED_REACH = 40


class MRNRecognizer:
    """Medical record, accession and specimen numbers: after a label, or in accession shapes."""

    id = "mrn"
    version = "1"
    categories = frozenset({Category.MRN})

    def find(self, text: str) -> Iterator[Match]:
        """Yield MRN matches in ``text``."""
        view = ocr_view(text)  # "MRN 4S22 7663 45": the value read with its OCR letters undone
        for _label, start, end, score in labelled_identifiers(view, "MRN", weak=_WEAK, value=_VALUE):
            yield match(start, end, Category.MRN, score)
        yield from self._named_after(view)
        for word in _MRN.finditer(ascii_lower(text)):
            m = _GLUED.match(text, word.start())
            if m is not None:
                yield match(m.start("v"), m.end("v"), Category.MRN, 0.85)
        for start, end in code_tokens(text):
            if _SHAPE.fullmatch(text, start, end) and not is_reading(text[start:end]):
                yield match(start, end, Category.MRN, 0.6)  # not a reading: "MAP-75-100"
        yield from self._lower_shapes(text)

    def _lower_shapes(self, text: str) -> Iterator[Match]:
        """Accession shapes in lowercased text: ``s22-14881`` on a line written all in lowercase, not a
        dose (``hep-10-100 units``).
        """
        for chunk_start, chunk_end, chunk in chunk_index(text).long:
            glued = chunk_start - (text[chunk_start - 1 : chunk_start] == "-")
            if "-" not in chunk or not "a" <= text[glued - 1 : glued] <= "z":
                continue
            m = _SHAPE_LOWER.search(text, max(0, glued - 5), chunk_end + 5)
            if m is None:
                continue
            start, end = m.span()
            line = text[text.rfind("\n", 0, start) + 1 : text.find("\n", end) % (len(text) + 1)]
            if line.islower() and not is_reading(m.group()) and not measurement_follows(text, end):
                yield match(start, end, Category.MRN, 0.6)

    def _named_after(self, view: str) -> Iterator[Match]:
        """Values that a strong label names right after them, in brackets (``448812 (MRN)``)."""
        hits = label_scan(view).of("MRN")
        for start, end, word in zip(hits.starts, hits.ends, hits.words, strict=True):
            if word in _WEAK or _CLOSE.match(view, end) is None:
                continue
            m = _NAMED_AFTER.search(view, max(0, start - _NAMED_REACH), start)
            if m is not None and plausible_identifier(m["v"], min_digits=4):
                yield match(m.start("v"), m.end("v"), Category.MRN, 0.85)


def register(registry: Registry[Recognizer]) -> None:
    """Plugin hook: add the MRN recognizer."""
    registry.register(MRNRecognizer.id, MRNRecognizer)
