"""Plain text (``.txt``, one document per file) and JSON lines (one document per line).

A JSONL line is an object with a string ``text`` field (the note) and an optional ``id`` (string or
integer; default ``<source>:<line>``) and ``patient`` (string; scopes pseudonyms and date shifts).
Every other field is kept as it is. Blank lines are kept. Output is UTF-8; a byte-order mark and
line endings are kept.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator, Sequence
from pathlib import PurePath
from typing import Any

from phigate.errors import FormatError
from phigate.formats.limits import check_size, decode_utf8
from phigate.model import Document, Segment

__all__ = ["JsonlHandler", "TextHandler", "is_binary"]

_JSONL_SUFFIXES = (".jsonl", ".ndjson")
_TEXT_SUFFIXES = (".txt", ".text", ".log", ".md")


def is_binary(head: bytes) -> bool:
    """Whether bytes look binary: a NUL byte, which UTF-8 text never holds."""
    return b"\x00" in head


def _decode(data: bytes, source: str) -> str:
    check_size(data, source=source)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise FormatError("binary input (NUL byte), not text", path=source, offset=nul)
    return decode_utf8(data, source=source)


def _bom(original: bytes) -> bytes:
    return codecs.BOM_UTF8 if original.startswith(codecs.BOM_UTF8) else b""


class TextHandler:
    """A whole UTF-8 text file as one free-text document, id = the source name."""

    @property
    def name(self) -> str:
        """``text``."""
        return "text"

    def sniff(self, head: bytes, filename: str) -> bool:
        """Any input without NUL bytes (the fallback handler)."""
        return not is_binary(head)

    def parse(self, data: bytes, *, source: str) -> Sequence[Document]:
        """One document; binary or non-UTF-8 input is a ``FormatError``."""
        return [Document(id=source, segments=(Segment("note", _decode(data, source)),), source_format="text")]

    def render(self, documents: Sequence[Document], *, original: bytes) -> bytes:
        """The document's text, UTF-8, with the original's byte-order mark if it had one."""
        if len(documents) != 1 or len(documents[0].segments) != 1:
            raise FormatError("a text file renders exactly one single-segment document")
        return _bom(original) + documents[0].segments[0].text.encode("utf-8")


class JsonlHandler:
    """JSON lines with a ``text`` field; one document per non-blank line."""

    @property
    def name(self) -> str:
        """``jsonl``."""
        return "jsonl"

    def sniff(self, head: bytes, filename: str) -> bool:
        """A ``.jsonl``/``.ndjson`` name, or (other non-text names) a first line ``{...`` with ``"text"``."""
        suffix = PurePath(filename).suffix.lower()
        if suffix in _JSONL_SUFFIXES:
            return True
        if suffix in _TEXT_SUFFIXES or is_binary(head):
            return False
        first = head.lstrip(codecs.BOM_UTF8).lstrip().split(b"\n", 1)[0]
        return first.startswith(b"{") and b'"text"' in first

    def parse(self, data: bytes, *, source: str) -> Sequence[Document]:
        """One document per line; a line that is not an object with a string ``text`` is a ``FormatError``."""
        return [self._document(obj, number, source) for number, _, obj in _records(data, source)]

    def render(self, documents: Sequence[Document], *, original: bytes) -> bytes:
        """The original lines with each ``text`` field replaced, in order; other fields kept."""
        source = "input"
        texts = iter(documents)
        lines = _decode(original, source).split("\n")
        records = {number: (line_end, obj) for number, line_end, obj in _records(original, source)}
        out: list[str] = []
        for number, line in enumerate(lines, 1):
            if number not in records:
                out.append(line)
                continue
            line_end, obj = records[number]
            doc = next(texts, None)
            if doc is None or len(doc.segments) != 1:
                raise FormatError("documents do not match the lines of the input", path=source)
            obj["text"] = doc.segments[0].text
            out.append(json.dumps(obj, ensure_ascii=False) + line_end)
        if next(texts, None) is not None:
            raise FormatError("more documents than lines in the input", path=source)
        return _bom(original) + "\n".join(out).encode("utf-8")

    @staticmethod
    def _document(obj: dict[str, Any], number: int, source: str) -> Document:
        raw_id = obj.get("id")
        if raw_id is None:
            doc_id = f"{source}:{number}"
        elif isinstance(raw_id, str | int) and not isinstance(raw_id, bool):
            doc_id = str(raw_id)
        else:
            raise FormatError(f"line {number}: 'id' must be a string or an integer", path=source)
        patient = obj.get("patient")
        if patient is not None and not isinstance(patient, str):
            raise FormatError(f"line {number}: 'patient' must be a string", path=source)
        return Document(
            id=doc_id, segments=(Segment("text", obj["text"]),), patient=patient, source_format="jsonl"
        )


def _records(data: bytes, source: str) -> Iterator[tuple[int, str, dict[str, Any]]]:
    """``(line number, line ending residue, object)`` for every non-blank line."""
    for number, line in enumerate(_decode(data, source).split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise FormatError(f"line {number}: invalid JSON", path=source, offset=exc.pos) from exc
        if not isinstance(obj, dict):
            raise FormatError(f"line {number}: not a JSON object", path=source)
        if not isinstance(obj.get("text"), str):
            raise FormatError(f"line {number}: no string 'text' field", path=source)
        yield number, "\r" if line.endswith("\r") else "", obj
