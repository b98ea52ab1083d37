"""Labelled corpora and predictions as JSON lines.

A corpus line is ``{"id": str, "text": str, "spans": [{"start": int, "end": int, "type": str}]}`` with
Python code-point offsets and ``type`` a :class:`~phigate.model.Category` value. A predictions line is
the same without ``text`` (the shape ``phigate detect --format jsonl`` writes). Every problem is a
:class:`~phigate.errors.FormatError` naming the file and line, never the text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

from phigate.errors import FormatError
from phigate.model import Category

__all__ = [
    "LabelledDoc",
    "Span",
    "read_corpus",
    "read_predictions",
    "write_corpus",
    "write_jsonl",
]


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A labelled span: code-point offsets and the Safe Harbor category it holds."""

    start: int
    end: int
    type: Category

    def as_json(self) -> dict[str, object]:
        """The span as a JSON object."""
        return {"start": self.start, "end": self.end, "type": self.type.value}


@dataclass(frozen=True, slots=True)
class LabelledDoc:
    """One document of a corpus: its text and its gold spans, sorted and non-overlapping."""

    id: str
    text: str
    spans: tuple[Span, ...]

    def as_json(self) -> dict[str, object]:
        """The document as a JSON object (one corpus line)."""
        return {"id": self.id, "text": self.text, "spans": [s.as_json() for s in self.spans]}


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _parse_spans(raw: object, text: str | None, *, where: str, path: str) -> tuple[Span, ...]:
    """Validate a ``spans`` list. With ``text``, also check bounds, content and overlaps."""
    if not isinstance(raw, list):
        raise FormatError(f"{where}: 'spans' must be a list", path=path)
    spans: list[Span] = []
    for n, item in enumerate(raw):
        if not isinstance(item, dict):
            raise FormatError(f"{where}: span {n} must be an object", path=path)
        unknown = set(item) - {"start", "end", "type"}
        if unknown:
            raise FormatError(f"{where}: span {n} has unknown keys {sorted(unknown)}", path=path)
        start, end, kind = item.get("start"), item.get("end"), item.get("type")
        if not (_is_int(start) and _is_int(end)):
            raise FormatError(f"{where}: span {n} needs integer 'start' and 'end'", path=path)
        if not 0 <= start < end:
            raise FormatError(f"{where}: span {n} has invalid offsets {start}..{end}", path=path)
        try:
            category = Category(str(kind))
        except ValueError:
            raise FormatError(f"{where}: span {n} has unknown type (not a Category)", path=path) from None
        if text is not None:
            if end > len(text):
                raise FormatError(f"{where}: span {n} ends at {end}, past the text ({len(text)})", path=path)
            if not any(ch.isalnum() for ch in text[start:end]):
                raise FormatError(f"{where}: span {n} holds no letter or digit", path=path)
        spans.append(Span(start, end, category))
    spans.sort()
    if text is not None:
        for before, after in zip(spans, spans[1:], strict=False):
            if after.start < before.end:
                raise FormatError(f"{where}: spans at {before.start} and {after.start} overlap", path=path)
    return tuple(spans)


def _json_lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line number, object)`` for each non-blank line of a JSONL file."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise FormatError(f"cannot read file: {type(exc).__name__}", path=str(path)) from exc
    with handle:
        for lineno, raw in enumerate(handle, 1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise FormatError(f"line {lineno}: not valid UTF-8", path=str(path)) from exc
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise FormatError(f"line {lineno}: invalid JSON", path=str(path)) from exc
            if not isinstance(obj, dict):
                raise FormatError(f"line {lineno}: must be a JSON object", path=str(path))
            yield lineno, obj


def _doc_id(obj: Mapping[str, Any], where: str, path: str, seen: set[str]) -> str:
    doc_id = obj.get("id")
    if not isinstance(doc_id, str) or not doc_id:
        raise FormatError(f"{where}: 'id' must be a non-empty string", path=path)
    if doc_id in seen:
        raise FormatError(f"{where}: duplicate id", path=path)
    seen.add(doc_id)
    return doc_id


def read_corpus(path: Path) -> list[LabelledDoc]:
    """Read and validate a labelled corpus. An empty corpus is an error."""
    docs: list[LabelledDoc] = []
    seen: set[str] = set()
    for lineno, obj in _json_lines(path):
        where = f"line {lineno}"
        doc_id = _doc_id(obj, where, str(path), seen)
        text = obj.get("text")
        if not isinstance(text, str):
            raise FormatError(f"{where}: 'text' must be a string", path=str(path))
        spans = _parse_spans(obj.get("spans"), text, where=where, path=str(path))
        docs.append(LabelledDoc(doc_id, text, spans))
    if not docs:
        raise FormatError("corpus holds no documents", path=str(path))
    return docs


def read_predictions(path: Path) -> dict[str, tuple[Span, ...]]:
    """Read predicted spans per document id (``phigate detect --format jsonl`` output).

    Predicted spans may overlap; they are only checked for shape and category here.
    """
    predictions: dict[str, tuple[Span, ...]] = {}
    seen: set[str] = set()
    for lineno, obj in _json_lines(path):
        where = f"line {lineno}"
        doc_id = _doc_id(obj, where, str(path), seen)
        predictions[doc_id] = _parse_spans(obj.get("spans", []), None, where=where, path=str(path))
    return predictions


def write_jsonl(path: Path, rows: Iterable[Mapping[str, object]]) -> int:
    """Write JSON lines atomically (see :func:`phigate.batch.files.atomic_output`); return the count."""
    from phigate.batch.files import atomic_output

    count = 0
    with atomic_output(path, text=True) as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count


def write_corpus(path: Path, docs: Iterable[LabelledDoc]) -> int:
    """Write a corpus atomically; return the number of documents."""
    return write_jsonl(path, (doc.as_json() for doc in docs))
