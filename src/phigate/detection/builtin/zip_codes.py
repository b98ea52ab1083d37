"""US ZIP codes (``75201``, ``75201-1234``) in address context.

A five-digit number is a ZIP code when it follows a state (``Dallas, TX 75201``, ``Texas 75201``,
``dallas tx 75201``, the state at the end of one line and the ZIP on the next), ends the city line
of an address (``123 Main St, Springfield 62704``; see :mod:`~phigate.detection.builtin._address`),
follows a ZIP label (``ZIP: 75201``, ``postal code 75201``, ``zip code is 75201``) or a known or
place-shaped city (``Springfield 62704``, ``Nicholasburgh 65613``).
In an address line OCR letters in place of digits are read too (``O6909``, ``22l48``). A ZIP+4
(``75201-1234``) is one on its own when its first five digits are a ZIP code in use. Bare five-digit
numbers (lab values, counts, record numbers) are not reported. The shipped ZIP list
(:func:`~phigate.detection.dictionaries.zip_codes`) lifts or lowers the score; it never vetoes a
number in a clear address context, since new and synthetic ZIP codes are still ZIP codes.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from phigate.detection.base import Match, Recognizer
from phigate.detection.builtin._address import PLACE_ENDINGS, addresses
from phigate.detection.builtin._caps import trie_pattern, words
from phigate.detection.builtin._shared import ascii_lower, match
from phigate.detection.dictionaries import load_set, zip_codes
from phigate.model import Category
from phigate.registry import Registry

__all__ = ["ZipRecognizer", "register"]


#: Five digits (or ZIP+4) standing alone: the candidates, found in one cheap pass.
_FIVE = re.compile(r"\d(?<![\w-]\d)\d{4}(?:[-\u2013]\d{4})?(?![\w-])")
#: The same for an ASCII text, where ``\d`` and ``\w`` are the ASCII classes: ``re`` then tests each
#: character against a bitmap instead of the Unicode tables, which takes about 40 % off the pass.
_FIVE_ASCII = re.compile(_FIVE.pattern, re.ASCII)
_LABEL_BEFORE = re.compile(
    r"\b(?:" + trie_pattern(["zip", "zipcode", "zip code", "postal code", "postcode", "zip+4"]) + r")"
    r"(?![a-z])[ \t]*(?:#|no\.?|number)?[ \t]*(?:is|was|of)?[ \t]*[:=\-]?[ \t]*\Z"
)


class ZipRecognizer:
    """ZIP and ZIP+4 codes after a state, a ZIP label or a city; ZIP+4 alone when the ZIP is in use."""

    id = "us-zip"
    version = "2"
    categories = frozenset({Category.ZIP})

    def __init__(self) -> None:
        self._zips = zip_codes()
        self._cities = load_set("us_cities")

    def find(self, text: str) -> Iterator[Match]:
        """Yield ZIP matches in ``text``."""
        zips = self._zips
        lower: str | None = None
        labels = False
        for start, end, score in addresses(text).zips:
            yield Match(start, end, Category.ZIP, score)
        for m in (_FIVE_ASCII if text.isascii() else _FIVE).finditer(text):
            start, end = m.start(), m.end()
            in_use = m.group()[:5] in zips
            window = max(0, start - 40)
            if lower is None:
                lower = ascii_lower(text)
                labels = "zip" in lower or "post" in lower
            if labels and _LABEL_BEFORE.search(lower, window, start):
                yield match(start, end, Category.ZIP, 0.95)
                continue
            if not in_use:
                continue
            if self._after_city(text, start):
                yield match(start, end, Category.ZIP, 0.8)
            elif end - start == 10:
                yield match(start, end, Category.ZIP, 0.7)  # ZIP+4 of a ZIP in use

    def _after_city(self, text: str, start: int) -> bool:
        """True when a known city (one to three title-case words) ends just before ``start``."""
        w = words(text)
        k = bisect_left(w.starts, start) - 1
        if k < 0 or text[w.ends[k] : start] not in (" ", ", ", "  ", ",  "):
            return False
        for size in (1, 2, 3):
            a = k - size + 1
            if a < 0 or not w.words[a].istitle() or (size > 1 and w.gaps[a + 1] != " "):
                return False
            if " ".join(w.keys[a : k + 1]) in self._cities:
                return True
            if size == 1 and not w.flag(a) and len(w.keys[a]) > 5 and w.keys[a].endswith(PLACE_ENDINGS):
                return True  # a place-shaped name no list knows ("Nicholasburgh 65613")
        return False


def register(registry: Registry[Recognizer]) -> None:
    """Plugin hook: add the ZIP code recognizer."""
    registry.register(ZipRecognizer.id, ZipRecognizer)
