"""Hand-written recognizers and a detector for the transform, policy, pipeline and batch tests.

They find a fixed, synthetic set of PHI forms, so tests do not depend on the real recognizers' rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from phigate.detection.base import Detector, Match
from phigate.model import Category

#: (category, pattern) of the test recognizer.
PATTERNS: tuple[tuple[Category, str], ...] = (
    (Category.NAME, r"\b(?:John Smith|Jane Roe|Mr\. Smith|SMITH, John|Roe)\b"),
    (Category.SSN, r"\b\d{3}-\d{2}-\d{4}\b"),
    (Category.PHONE, r"\(\d{3}\) \d{3}-\d{4}"),
    (Category.DATE, r"\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b"),
    (Category.ZIP, r"(?<=MA )\d{5}(?:-\d{4})?\b"),
    (Category.MRN, r"(?<=MRN )\d{6,8}\b"),
    (Category.AGE, r"\b(?:9\d|1[01]\d)(?=-year-old)"),
    (Category.EMAIL, r"\b[\w.]+@[\w.]+\.\w+\b"),
)


class RegexRecognizer:
    """Finds the ``PATTERNS`` forms (score 0.9)."""

    id = "test-regex"
    version = "1"
    categories = frozenset(c for c, _ in PATTERNS)

    def __init__(self) -> None:
        self._patterns = [(c, re.compile(p)) for c, p in PATTERNS]

    def find(self, text: str) -> Iterator[Match]:
        """Every match of every pattern."""
        for category, pattern in self._patterns:
            for m in pattern.finditer(text):
                yield Match(m.start(), m.end(), category, 0.9)


class FailingRecognizer:
    """Raises on every call (a broken plugin)."""

    id = "test-failing"
    version = "1"
    categories = frozenset({Category.NAME})

    def find(self, text: str) -> Iterator[Match]:
        """Raise."""
        raise RuntimeError("boom")


def detector() -> Detector:
    """A detector with the test recognizer."""
    return Detector([RegexRecognizer()])


NOTE = (
    "John Smith (MRN 1234567) was seen on 03/04/2021 in Boston, MA 02139. "
    "SSN 123-45-6789, phone (617) 555-0134, email john.smith@mail.example. "
    "A 92-year-old relative, Jane Roe, visits on 2021-03-11. Mr. Smith agreed."
)
SECRET = b"s" * 32
