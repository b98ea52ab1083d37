"""Find PHI in text without changing it, and say where (line and column), never what."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from phigate.detection.base import Detector

__all__ = ["ScanHit", "scan_text"]

_NEWLINE = re.compile("\n")


@dataclass(frozen=True, slots=True)
class ScanHit:
    """One finding: 1-based line and column, code-point offsets, category and recognizer."""

    line: int
    column: int
    start: int
    end: int
    category: str
    recognizer: str

    def as_json(self) -> dict[str, object]:
        """The hit as a JSON object (no value)."""
        return {
            "line": self.line,
            "column": self.column,
            "start": self.start,
            "end": self.end,
            "type": self.category,
            "recognizer": self.recognizer,
        }


def scan_text(detector: Detector, text: str) -> list[ScanHit]:
    """Every finding of ``detector`` in ``text`` (detected as a whole, so context crosses lines)."""
    starts = [0]
    starts.extend(m.end() for m in _NEWLINE.finditer(text))
    hits = []
    for f in detector.find_text(text):
        line = bisect.bisect_right(starts, f.start)
        hits.append(
            ScanHit(line, f.start - starts[line - 1] + 1, f.start, f.end, f.category.value, f.recognizer)
        )
    return hits
