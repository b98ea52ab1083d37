"""Helpers for the structured-format tests: parse, replace every free text as the engine would, render."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from phigate.formats import FormatHandler
from phigate.model import Document


def with_text(documents: Sequence[Document], text: str) -> list[Document]:
    """``documents`` with the text of every segment replaced by ``text``."""
    return [
        dataclasses.replace(d, segments=tuple(dataclasses.replace(s, text=text) for s in d.segments))
        for d in documents
    ]


def roundtrip(handler: FormatHandler, data: bytes, *, source: str = "in", text: str = "[TEXT]") -> bytes:
    """``data`` parsed, every free text replaced by ``text``, and rendered."""
    return handler.render(with_text(handler.parse(data, source=source), text), original=data)
