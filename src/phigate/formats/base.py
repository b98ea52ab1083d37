"""The format handler interface: bytes in, format-neutral documents, bytes out.

A handler parses one input (a file's bytes) into one or more ``Document``s whose segments carry the
text and where it lives, and renders the transformed documents back into its format, using the
original bytes for everything that is not a segment. Handlers translate their library's errors into
``FormatError`` with a path or offset, never the offending value.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from phigate.model import Document

__all__ = ["FormatHandler"]


@runtime_checkable
class FormatHandler(Protocol):
    """Parses and renders one format (plain text, JSONL, FHIR, HL7 v2, CSV/Parquet, DICOM)."""

    @property
    def name(self) -> str:
        """Short name (``text``, ``jsonl``, ``fhir``, ``hl7v2``, ``csv``, ``parquet``, ``dicom``)."""

    def sniff(self, head: bytes, filename: str) -> bool:
        """Whether this handler reads an input that starts with ``head`` (its first 4 KiB)."""

    def parse(self, data: bytes, *, source: str) -> Sequence[Document]:
        """Parse ``data`` into documents; raise ``FormatError`` on malformed input."""

    def render(self, documents: Sequence[Document], *, original: bytes) -> bytes:
        """Render transformed ``documents`` (same order and ids as parsed) back to bytes."""
