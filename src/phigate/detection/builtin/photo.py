"""References to full-face photographs and comparable images (Category.PHOTO).

``photo on file``, ``photo ID``, ``facial photograph attached``, ``full-face photo``, ``headshot``,
``mugshot``, ``patient photo``, ``picture of the patient's face``, ``selfie``, ``portrait``; the
identifier such a reference names (``full-face photograph PHOTO-0881737``, ``patient photo saved as
DSC49780``); and image file names (``IMG_20221004_908077.jpg``, ``park_face_616.png``), since an
image filed with a patient's record is an image of the patient. Clinical images are not face photos: ``wound
photo``, ``fundus photograph``, ``photophobia``, ``photosensitivity``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from phigate.detection.base import Match, Recognizer
from phigate.detection.builtin._labels import fold, folded_view, identifier_after, label_scan
from phigate.detection.builtin._shared import ascii_lower, hinted_finditer, match, run_start
from phigate.detection.builtin._tokens import ocr_view
from phigate.model import Category
from phigate.registry import Registry

__all__ = ["PhotoRecognizer", "register"]

_PHOTO = r"(?:photo(?:graph)?s?|pictures?|pics?|images?|snapshots?)"
_SEP = r"[ \t\-]{1,2}"
_TERMS = (
    r"(?:full"
    + _SEP
    + r")?(?:face|facial|frontal face)"
    + _SEP
    + r"(?:photo(?:graph)?s?|pictures?|images?|pics?)",
    r"full" + _SEP + r"face" + _SEP + r"(?:photo(?:graph)?|image|picture)s?",
    r"(?:patient|pt|member|id|identification|identity|id card|driver'?s license|badge|passport|profile)'?s?"
    + _SEP
    + _PHOTO,
    r"photo(?:graph)?s?"
    + _SEP
    + r"(?:id|identification|on file|attached|enclosed|taken for (?:id|identification|the chart|records?))",
    r"(?:head|mug)[ \t\-]{0,2}shots?",
    r"selfies?",
    r"portrait" + _SEP + r"(?:photo(?:graph)?|image|picture)s?",
    r"(?:photo(?:graph)?|picture|image) of (?:the )?(?:patient|pt|his|her|their)(?:'s)? face",
)
#: Matched on the folded view, so OCR's ``c`` for ``e`` (``fingcrprint``) does not hide a term.
_TERM = re.compile(fold(r"(?<![a-z])(?:" + "|".join(_TERMS) + r")(?![a-z])"))
#: An image file's extension; the name before it is a run of :data:`_FILE_NAME` characters.
_IMAGE_EXT = re.compile(r"\.(?:jpe?g|png|gif|bmp|tiff?|heic|heif|webp)(?![a-z0-9])")
_FILE_NAME = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_-.~")


class PhotoRecognizer:
    """References to full-face photographs and comparable images."""

    id = "photo"
    version = "1"
    categories = frozenset({Category.PHOTO})

    def find(self, text: str) -> Iterator[Match]:
        """Yield PHOTO matches in ``text``."""
        lower = ascii_lower(ocr_view(text))
        for m in hinted_finditer(_TERM, label_scan(text).of("PHOTO_WORD"), folded_view(text), before=48):
            found = identifier_after(lower, m.end())
            if found is not None:  # the identifier is the PHI; the reference is only its cue
                yield match(found[0], found[1], Category.PHOTO, 0.8)
            yield match(m.start(), m.end(), Category.PHOTO, 0.45 if found else 0.75)
        for m in _IMAGE_EXT.finditer(lower):
            start = run_start(lower, m.start(), _FILE_NAME, max(0, m.start() - 81))
            while start < m.start() and not lower[start].isalnum():
                start += 1  # a name starts with a letter or digit
            if start < m.start():
                yield match(start, m.end(), Category.PHOTO, 0.7)


def register(registry: Registry[Recognizer]) -> None:
    """Plugin hook: add the photo recognizer."""
    registry.register(PhotoRecognizer.id, PhotoRecognizer)
