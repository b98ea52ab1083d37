"""The recognizer protocol and the detector that runs recognizers over a document.

A recognizer finds spans of one or more categories in a piece of text. The detector runs every
recognizer over every free-text segment, turns structured segments whose kind is a category into
whole-field findings, and merges overlapping spans deterministically.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
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

    @property
    def versions(self) -> dict[str, str]:
        """Recognizer id -> version, for manifests and audit events."""
        return {r.id: r.version for r in self.recognizers}

    def find_text(self, text: str, *, segment: int = 0) -> list[Finding]:
        """Merged findings in one free text."""
        found: list[Finding] = []
        for recognizer in self.recognizers:
            try:
                matches = list(recognizer.find(text))
            except Exception as exc:  # noqa: BLE001 - any recognizer failure must stop the run
                raise DetectionError(f"recognizer {recognizer.id} failed: {type(exc).__name__}") from exc
            for m in matches:
                if m.score >= self.min_score and m.end > m.start:
                    found.append(Finding(segment, m.start, m.end, m.category, m.score, recognizer.id))
        return merge_findings(found)

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
    ordered = sorted(findings, key=lambda f: (f.segment, f.start, -f.end))
    merged: list[Finding] = []
    group: list[Finding] = []
    end = -1

    def flush() -> None:
        if group:
            best = min(group, key=lambda f: (-f.score, -(f.end - f.start), f.category.value, f.recognizer))
            merged.append(
                Finding(group[0].segment, group[0].start, end, best.category, best.score, best.recognizer)
            )

    for f in ordered:
        if group and f.segment == group[0].segment and f.start < end:
            group.append(f)
            end = max(end, f.end)
        else:
            flush()
            group = [f]
            end = f.end
    flush()
    return merged
