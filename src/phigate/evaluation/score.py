"""Score predicted spans against a labelled corpus.

Definitions (the figures ``phigate eval`` prints):

- **Entity recall**: a gold span counts as *removed* only if every alphanumeric character of it lies
  inside some predicted span, of any type. A span that is partly covered has leaked.
- **Token precision / recall / F1**: tokens are maximal runs of letters and digits. A token is gold
  PHI if any of its characters lies in a gold span, and predicted PHI if any lies in a predicted span.
  Overall figures ignore types (a name removed as a location is still removed). Per category, recall
  counts the gold tokens of that category that were predicted (any type), and precision counts the
  tokens predicted as that category that are gold PHI (any type).
- **Leaked-document share**: documents with at least one leaked gold span, over all documents; per
  category, over the documents that hold that category.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from phigate.errors import FormatError
from phigate.evaluation.corpus import LabelledDoc, Span
from phigate.model import Category

__all__ = ["CategoryScore", "Miss", "Score", "miss_patterns", "score_corpus"]

_TOKEN = re.compile(r"[^\W_]+")
#: Characters of context written on each side of a missed span.
CONTEXT_CHARS = 40


@dataclass(frozen=True, slots=True)
class Miss:
    """A gold span that leaked: fully missed, or partly covered (``partial``)."""

    doc_id: str
    span: Span
    text: str
    context: str
    partial: bool
    predicted: tuple[Span, ...]

    def as_json(self) -> dict[str, object]:
        """The miss as one line of the missed-spans file."""
        return {
            "id": self.doc_id,
            **self.span.as_json(),
            "text": self.text,
            "partial": self.partial,
            "context": self.context,
            "predicted": [p.as_json() for p in self.predicted],
        }


@dataclass(slots=True)
class CategoryScore:
    """Counts for one category (or overall), with the derived figures as properties."""

    entities: int = 0
    removed: int = 0
    gold_tokens: int = 0
    gold_tokens_found: int = 0
    predicted_tokens: int = 0
    predicted_tokens_correct: int = 0
    docs_with: int = 0
    docs_leaked: int = 0

    @property
    def entity_recall(self) -> float:
        """Share of gold spans fully removed (1.0 when there are none)."""
        return self.removed / self.entities if self.entities else 1.0

    @property
    def token_recall(self) -> float:
        """Share of gold PHI tokens that were predicted."""
        return self.gold_tokens_found / self.gold_tokens if self.gold_tokens else 1.0

    @property
    def token_precision(self) -> float:
        """Share of predicted tokens that are gold PHI."""
        return self.predicted_tokens_correct / self.predicted_tokens if self.predicted_tokens else 1.0

    @property
    def token_f1(self) -> float:
        """Harmonic mean of token precision and recall."""
        p, r = self.token_precision, self.token_recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def leaked_doc_share(self) -> float:
        """Share of documents (holding this category) with at least one leaked span."""
        return self.docs_leaked / self.docs_with if self.docs_with else 0.0


@dataclass(slots=True)
class Score:
    """The result of scoring a corpus: overall and per-category counts, and the misses."""

    documents: int = 0
    overall: CategoryScore = field(default_factory=CategoryScore)
    by_category: dict[Category, CategoryScore] = field(default_factory=dict)
    misses: list[Miss] = field(default_factory=list)

    def category(self, category: Category) -> CategoryScore:
        """The counts of one category, created on first use."""
        return self.by_category.setdefault(category, CategoryScore())


def _covered_mask(length: int, spans: Iterable[Span]) -> bytearray:
    mask = bytearray(length)
    for span in spans:
        start, end = max(span.start, 0), min(span.end, length)
        if start < end:
            mask[start:end] = b"\x01" * (end - start)
    return mask


def _first_label(length: int, spans: Iterable[Span]) -> list[Category | None]:
    labels: list[Category | None] = [None] * length
    for span in spans:
        for i in range(max(span.start, 0), min(span.end, length)):
            if labels[i] is None:
                labels[i] = span.type
    return labels


def _token_label(labels: list[Category | None], start: int, end: int) -> Category | None:
    """The category of a token: the first (in sort order) of the labels of its characters."""
    found = sorted({label for label in labels[start:end] if label is not None})
    return found[0] if found else None


def _score_doc(doc: LabelledDoc, predicted: Sequence[Span], result: Score) -> None:
    text = doc.text
    covered = _covered_mask(len(text), predicted)
    leaked_in: set[Category] = set()
    for span in doc.spans:
        counts = result.category(span.type)
        counts.entities += 1
        alnum = [i for i in range(span.start, span.end) if text[i].isalnum()]
        hit = [i for i in alnum if covered[i]]
        if len(hit) == len(alnum):
            counts.removed += 1
            continue
        leaked_in.add(span.type)
        result.misses.append(
            Miss(
                doc_id=doc.id,
                span=span,
                text=text[span.start : span.end],
                context=text[max(0, span.start - CONTEXT_CHARS) : span.end + CONTEXT_CHARS],
                partial=bool(hit),
                predicted=tuple(p for p in predicted if p.start < span.end and span.start < p.end),
            )
        )
    for category in {s.type for s in doc.spans}:
        counts = result.category(category)
        counts.docs_with += 1
        counts.docs_leaked += category in leaked_in
    result.overall.docs_with += 1
    result.overall.docs_leaked += bool(leaked_in)

    gold_label = _first_label(len(text), doc.spans)
    predicted_label = _first_label(len(text), predicted)
    for token in _TOKEN.finditer(text):
        gold = _token_label(gold_label, token.start(), token.end())
        pred = _token_label(predicted_label, token.start(), token.end())
        if gold is not None:
            for counts in (result.overall, result.category(gold)):
                counts.gold_tokens += 1
                counts.gold_tokens_found += pred is not None
        if pred is not None:
            for counts in (result.overall, result.category(pred)):
                counts.predicted_tokens += 1
                counts.predicted_tokens_correct += gold is not None


def score_corpus(docs: Sequence[LabelledDoc], predictions: Mapping[str, Sequence[Span]]) -> Score:
    """Score ``predictions`` (spans per document id) against ``docs``.

    Every document must have predictions (possibly empty) and no prediction may name an unknown
    document: a mismatched predictions file is an error, not a silent zero.
    """
    ids = {doc.id for doc in docs}
    missing = ids - set(predictions)
    if missing:
        raise FormatError(f"predictions lack {len(missing)} document(s) of the corpus")
    extra = set(predictions) - ids
    if extra:
        raise FormatError(f"predictions name {len(extra)} document(s) that are not in the corpus")
    result = Score(documents=len(docs))
    for doc in docs:
        _score_doc(doc, predictions[doc.id], result)
    result.overall.entities = sum(c.entities for c in result.by_category.values())
    result.overall.removed = sum(c.removed for c in result.by_category.values())
    return result


def miss_patterns(misses: Iterable[Miss]) -> Counter[tuple[Category, str]]:
    """Count misses by category and surface shape (letters → ``a``/``A``, digits → ``9``)."""
    shapes: Counter[tuple[Category, str]] = Counter()
    for miss in misses:
        shape = re.sub(r"[A-Z]+", "A", re.sub(r"[a-z]+", "a", re.sub(r"\d+", "9", miss.text)))
        shapes[(miss.span.type, shape)] += 1
    return shapes
