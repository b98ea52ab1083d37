"""The recognizer protocol and the detector that runs recognizers over a document.

A recognizer finds spans of one or more categories in a piece of text. The detector runs every
recognizer over every free-text segment, turns structured segments whose kind is a category into
whole-field findings, and merges overlapping spans deterministically.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from operator import itemgetter
from typing import Protocol, runtime_checkable

from phigate.errors import DetectionError
from phigate.model import FREE_TEXT, Category, Document, Finding

__all__ = ["Detector", "Match", "Recognizer", "merge_findings"]

#: Recognizer id given to whole-field findings of structured segments.
FIELD_RECOGNIZER = "field-kind"


@dataclass(frozen=True, slots=True)
class Match:
    """A span a recognizer found in one text, with code-point offsets."""

    start: int
    end: int
    category: Category
    score: float


@runtime_checkable
class Recognizer(Protocol):
    """Finds PHI of some categories in text. Must be thread-safe and hold no per-call state."""

    @property
    def id(self) -> str:
        """Stable identifier, recorded on every finding (e.g. ``us-ssn``)."""

    @property
    def version(self) -> str:
        """Version recorded in manifests, so a change of rules is visible."""

    @property
    def categories(self) -> frozenset[Category]:
        """The categories this recognizer can return."""

    def find(self, text: str) -> Iterable[Match]:
        """Yield the matches in ``text``."""


class Detector:
    """Runs recognizers over documents. Refuses to exist with no recognizers (fail closed)."""

    def __init__(self, recognizers: Sequence[Recognizer], *, min_score: float = 0.5) -> None:
        if not recognizers:
            raise DetectionError("a detector needs at least one recognizer")
        ids = [r.id for r in recognizers]
        if len(set(ids)) != len(ids):
            raise DetectionError("recognizer ids must be unique")
        self.recognizers: tuple[Recognizer, ...] = tuple(recognizers)
        self.min_score = min_score
        self.warmed = False

    def warm_up(self, texts: Iterable[str]) -> None:
        """Run over ``texts`` once in this detector's life (later calls do nothing), so the word lists
        and caches recognizers load on first use are loaded now, not inside a request or a timed run.
        """
        if not self.warmed:
            for text in texts:
                self.find_text(text)
            self.warmed = True

    @property
    def versions(self) -> dict[str, str]:
        """Recognizer id -> version, for manifests and audit events."""
        return {r.id: r.version for r in self.recognizers}

    def find_text(self, text: str, *, segment: int = 0) -> list[Finding]:
        """Merged findings in one free text."""
        rows: list[_Row] = []
        add = rows.append
        min_score = self.min_score
        for recognizer in self.recognizers:
            rid = recognizer.id
            try:
                matches = list(recognizer.find(text))
            except Exception as exc:  # noqa: BLE001 - any recognizer failure must stop the run
                raise DetectionError(f"recognizer {rid} failed: {type(exc).__name__}") from exc
            for m in matches:
                score = m.score
                if score >= min_score:
                    start, end = m.start, m.end
                    if end > start:
                        if start < 0 or not 0.0 <= score <= 1.0:
                            raise DetectionError(f"recognizer {rid} returned an invalid match {start}..{end}")
                        add((start, end, score, m.category, rid))
        return _merge(rows, segment)

    def detect(self, document: Document) -> list[Finding]:
        """Findings in every segment of ``document``, ordered by segment and offset."""
        findings: list[Finding] = []
        for index, seg in enumerate(document.segments):
            if seg.kind == FREE_TEXT:
                findings.extend(self.find_text(seg.text, segment=index))
            elif seg.text.strip():
                findings.append(Finding(index, 0, len(seg.text), Category(seg.kind), 1.0, FIELD_RECOGNIZER))
        return findings


def merge_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Merge overlapping findings of one segment into their union, deterministically.

    The merged span keeps the category and recognizer of the highest-scoring member; ties go to the
    longer span, then to the category and recognizer id in sort order, so the result never depends
    on the order recognizers ran in.
    """
    by_segment: dict[int, list[_Row]] = {}
    for f in findings:
        by_segment.setdefault(f.segment, []).append((f.start, f.end, f.score, f.category, f.recognizer))
    return [merged for segment in sorted(by_segment) for merged in _merge(by_segment[segment], segment)]


#: A match on its way to becoming a finding: ``(start, end, score, category, recognizer id)``.
_Row = tuple[int, int, float, Category, str]
_START = itemgetter(0)


def _merge(rows: list[_Row], segment: int) -> list[Finding]:
    """:func:`merge_findings` for the valid rows of one segment (sorts ``rows`` in place)."""
    rows.sort(key=_START)
    merged: list[Finding] = []
    add = merged.append
    count = len(rows)
    i = 0
    while i < count:
        best = rows[i]
        start, end = best[0], best[1]
        i += 1
        while i < count and rows[i][0] < end:
            row = rows[i]
            if row[1] > end:
                end = row[1]
            score = row[2]
            if score > best[2] or (score == best[2] and _rank(row) < _rank(best)):
                best = row  # the score decides, unless it is a tie
            i += 1
        add(_finding(segment, start, end, best[3], best[2], best[4]))
    return merged


def _rank(row: _Row) -> tuple[float, int, str, str]:
    """Lowest wins: the highest score, then the longest span, then category and recognizer id.

    A ``Category`` is a ``str`` whose text is its value, so it sorts as its name does.
    """
    return (-row[2], row[0] - row[1], row[3], row[4])


#: ``Finding`` is a frozen dataclass that validates in ``__post_init__``; the detector builds one
#: per merged span from rows it has checked, so :func:`_finding` fills its slots directly while its
#: fields are the six known ones (otherwise it calls the constructor).
_FIELDS = tuple(f.name for f in fields(Finding))
_SETTERS = (
    tuple(Finding.__dict__[name].__set__ for name in _FIELDS)
    if _FIELDS == ("segment", "start", "end", "category", "score", "recognizer")
    else ()
)
_new = object.__new__


def _finding(
    segment: int, start: int, end: int, category: Category, score: float, recognizer: str
) -> Finding:
    """A ``Finding`` of a checked span (``0 <= start < end``, score in 0..1)."""
    if not _SETTERS:
        return Finding(segment, start, end, category, score, recognizer)
    found = _new(Finding)
    set_segment, set_start, set_end, set_category, set_score, set_recognizer = _SETTERS
    set_segment(found, segment)
    set_start(found, start)
    set_end(found, end)
    set_category(found, category)
    set_score(found, score)
    set_recognizer(found, recognizer)
    return found
