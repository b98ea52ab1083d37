"""References to a person's biometric identifiers (Category.BIOMETRIC): finger, palm and voice
prints, retina and iris scans used for identification, facial-recognition and face-geometry
templates, gait signatures, hand geometry, vein patterns, DNA profiles.

When the reference names an identifier later in the same sentence (``fingerprint enrolled for
access, template BIO-AZ71665``), that identifier is the finding and the reference itself scores
below the threshold; a reference with no identifier (``fingerprint on file``) is the finding.
Clinical uses of the same words are not identifiers: ``gait`` alone (a walking exam), ``retinal
exam``, ``iris`` in an eye exam, ``DNA`` in a lab test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from phigate.detection.base import Match, Recognizer
from phigate.detection.builtin._labels import fold, folded_view, identifier_after, label_scan
from phigate.detection.builtin._shared import ascii_lower, hinted_finditer, match
from phigate.detection.builtin._tokens import ocr_view
from phigate.model import Category
from phigate.registry import Registry

__all__ = ["BiometricRecognizer", "register"]

_SEP = r"[ \t\-]{0,2}"
_TERMS = (
    "fingerprints?",
    "finger" + _SEP + "prints?",
    "thumbprints?",
    "thumb" + _SEP + "prints?",
    "palm" + _SEP + "prints?",
    "handprints?",
    "footprints? of (?:the )?(?:newborn|infant|baby)",
    "voice" + _SEP + "prints?",
    "voice" + _SEP + "(?:signature|sample|biometrics?|recognition|id)",
    "speaker" + _SEP + "(?:recognition|verification) (?:profile|template|sample)",
    "retina(?:l)?" + _SEP + "(?:scan|print|pattern|biometrics?|id)s?",
    "iris" + _SEP + "(?:scan|pattern|template|biometrics?|id|recognition)s?",
    "facial" + _SEP + "(?:recognition|geometry|template|biometrics?|scan)s?",
    "face" + _SEP + "(?:recognition|geometry|template|print|id|biometrics?)s?",
    "face" + _SEP + "scans?(?= (?:on file|for (?:id|identification|verification)))",
    "hand" + _SEP + "geometry",
    "gait" + _SEP + "(?:signature|biometrics?|recognition|pattern (?:id|template))",
    "(?:palm|finger)" + _SEP + "veins?" + _SEP + "(?:pattern|scan|id|template)s?",
    "vein" + _SEP + "(?:pattern|scan)s?(?= (?:on file|for (?:id|identification)))",
    "dna" + _SEP + "(?:profile|fingerprint|sample on file|identification|id)s?",
    "genetic" + _SEP + "(?:fingerprint|profile)s?",
    "biometrics?(?:" + _SEP + "(?:id|identifier|data|template|scan|sample|signature|record|enrollment))?",
    "keystroke" + _SEP + "dynamics",
    "signature" + _SEP + "dynamics",
)
#: Matched on the folded view, so OCR's ``c`` for ``e`` (``fingcrprint``) does not hide a term.
_TERM = re.compile(fold(r"(?<![a-z])(?:" + "|".join(_TERMS) + r")(?![a-z])"))


class BiometricRecognizer:
    """References to biometric identifiers, with the identifier that follows them."""

    id = "biometric"
    version = "1"
    categories = frozenset({Category.BIOMETRIC})

    def find(self, text: str) -> Iterator[Match]:
        """Yield BIOMETRIC matches in ``text``."""
        hints = label_scan(text).of("BIOMETRIC_WORD")
        if not hints.starts:
            return  # every term holds one of these words
        lower = ascii_lower(ocr_view(text))
        for m in hinted_finditer(_TERM, hints, folded_view(text)):
            found = identifier_after(lower, m.end())
            if found is not None:  # the identifier is the PHI; the reference is only its cue
                yield match(found[0], found[1], Category.BIOMETRIC, 0.85)
            yield match(m.start(), m.end(), Category.BIOMETRIC, 0.45 if found else 0.8)


def register(registry: Registry[Recognizer]) -> None:
    """Plugin hook: add the biometric recognizer."""
    registry.register(BiometricRecognizer.id, BiometricRecognizer)
