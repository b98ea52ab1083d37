"""US Social Security numbers: ``123-45-6789``, ``123 45 6789`` (also hard-wrapped before the last
group), ``123456789`` (with context), masked forms that keep the last four digits (``XXX-XX-6789``,
``___-__-6789``), "last 4 of SSN 6789", and after an SSN label nine digits in any grouping (``123 456 789``).

Validation: the SSA structural rules (area not 000, 666 or 9xx; group not 00; serial not 0000).
A number that breaks them is reported only when an SSN label stands right before it (it is still
written down as someone's SSN), and never when a part is all zeros (a placeholder).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from phigate.detection.base import Match, Recognizer
from phigate.detection.builtin._labels import label_scan, labelled_values, value_pattern
from phigate.detection.builtin._shared import ascii_lower, match
from phigate.detection.builtin._tokens import chunk_index, chunk_matches
from phigate.detection.checksums import ssn_valid
from phigate.model import Category
from phigate.registry import Registry

__all__ = ["SSNRecognizer", "register"]

_SSN = re.compile(
    r"(?P<area>\d(?<![\w.\-/]\d)\d\d)(?P<sep>[-\u2010\u2011\u2013 .]?)(?P<group>\d\d)"
    r"(?:(?P=sep)|(?<=[ \-]\d\d)\n)(?P<serial>\d{4})(?![\w]|[-.]\d)"
)
_MASKED = re.compile(
    r"[xX*#_\u2022](?<![\w*#\u2022][xX*#_\u2022])[xX*#_\u2022]{2}[-\u2013 ]?[xX*#_\u2022]{2}[-\u2013 ]?"
    r"(?P<serial>\d{4})(?![\w]|[-.]\d)"
)
_MASKS = ("xx", "XX", "**", "##", "__", "\u2022\u2022")
#: After an SSN label: "last 4", "ending in", a run of mask characters, then four digits.
_LAST4 = re.compile(
    r"(?:[^\n\d]|(?<=[a-z])[0158](?=[a-z])){0,24}?(?:last\s*(?:4|four)(?:\s*digits)?|[ec]nd(?:s|ing)?\s*(?:in|with)|[xX*#\u2022]{3,7})"
    r"[^\n\d]{0,8}?(?P<serial>\d{4})(?![\w]|[-.]\d)"
)
#: After an SSN label: nine digits in any grouping (``123 456 789``, ``556 - 77 - 8888``, ``123/45/6789``,
#: wrapped ``123-45-`` / ``6789``), also where a dot or dot leader joins them to the label
#: (``Soc.Sec.No.123456789``), and with the letters OCR reads for digits in either case (``s74-27-1598``,
#: ``75L-47-7710``).
_SEP = r"[ \t.\-/_\u2010\u2011\u2013]{0,3}"
_DIGIT_LIKE = r"[0-9OoIlLSsBZ]"
_LABELLED = value_pattern(
    _DIGIT_LIKE + r"(?:" + _SEP + r"(?:\n" + _SEP + r")?" + _DIGIT_LIKE + r"){8}(?![ \t.\-]?\d)"
)
_OCR_DIGITS = str.maketrans("OoIlLSsBZ", "001115582")
#: Digits a labelled value must hold as written, so a word is never read as a number.
_MIN_TRUE_DIGITS = 6
_LAST4_FIRST = re.compile(
    r"last\s*(?:4|four)(?:\s*digits)?\s*(?:of\s*)?(?:(?:the|his|her|pt'?s|patient'?s)\s*){0,2}"
    r"(?:ssn|ss#|social(?:\s*security)?(?:\s*(?:number|no\.?|#))?)\s*[:#]?\s*(?:is\s*)?(?P<serial>\d{4})(?![\w])"
)


class SSNRecognizer:
    """US Social Security numbers, validated; bare nine digits need an SSN label."""

    id = "us-ssn"
    version = "2"
    categories = frozenset({Category.SSN})

    def find(self, text: str) -> Iterator[Match]:
        """Yield SSN matches in ``text``."""
        labels = label_scan(text).of("SSN")
        index = chunk_index(text)
        for m in chunk_matches(_SSN, index.long, index.view, min_len=9):
            area, group, serial, sep = m["area"], m["group"], m["serial"], m["sep"]
            if area == "000" or group == "00" or serial == "0000":
                continue
            labelled = labels.before(m.start(), 24)
            if not ssn_valid(area, group, serial):
                if labelled:
                    yield match(m.start(), m.end(), Category.SSN, 0.6)
                continue
            if labelled:
                score = 0.95
            elif sep in ("", " ", "."):
                score = 0.55 if sep else 0.3  # bare nine digits are also phone, MRN, account shapes
            else:
                score = 0.85
            yield match(m.start(), m.end(), Category.SSN, score)
        masked = any(mask in text for mask in _MASKS)
        for m in _MASKED.finditer(text) if masked else ():
            yield match(m.start(), m.end(), Category.SSN, 0.9 if labels.before(m.start(), 24) else 0.75)
        if labels.ends:
            yield from self._labelled(text)
            yield from self._last_four(text, labels.ends)

    def _labelled(self, text: str) -> Iterator[Match]:
        """Nine digits in any grouping after an SSN label, validated like the separated forms."""
        for _label, start, end in labelled_values(text, "SSN", _LABELLED):
            value = text[start:end]
            if sum(map(str.isdigit, value)) < _MIN_TRUE_DIGITS:
                continue
            digits = "".join(filter(str.isdigit, value.translate(_OCR_DIGITS)))
            area, group, serial = digits[:3], digits[3:5], digits[5:]
            if area != "000" and group != "00" and serial != "0000":
                yield match(start, end, Category.SSN, 0.95 if ssn_valid(area, group, serial) else 0.6)

    def _last_four(self, text: str, label_ends: tuple[int, ...]) -> Iterator[Match]:
        lower = ascii_lower(text)
        for end in label_ends:
            m = _LAST4.match(lower, end)
            if m:
                yield match(m.start("serial"), m.end("serial"), Category.SSN, 0.85)
        for m in _LAST4_FIRST.finditer(lower):
            yield match(m.start("serial"), m.end("serial"), Category.SSN, 0.85)


def register(registry: Registry[Recognizer]) -> None:
    """Plugin hook: add the SSN recognizer."""
    registry.register(SSNRecognizer.id, SSNRecognizer)
