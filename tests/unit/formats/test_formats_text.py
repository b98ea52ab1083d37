"""The text and JSONL handlers, and choosing a handler by content."""

from __future__ import annotations

import codecs
import json

import pytest

from phigate.errors import FormatError
from phigate.formats import FORMATS, FormatHandler, HandlerOptions, build_handlers, handler_for
from phigate.formats.text import JsonlHandler, TextHandler
from phigate.model import Document, Segment


def replaced(docs: list[Document] | tuple[Document, ...], text: str) -> list[Document]:
    return [
        Document(d.id, (Segment(d.segments[0].path, text + d.id),), d.patient, d.source_format) for d in docs
    ]


def test_text_round_trip_keeps_bom_and_line_endings() -> None:
    handler = TextHandler()
    data = codecs.BOM_UTF8 + "Zoë Smith\r\nline two\n".encode()
    (doc,) = handler.parse(data, source="notes/a.txt")
    assert doc.id == "notes/a.txt" and doc.segments[0].text == "Zoë Smith\r\nline two\n"
    assert isinstance(handler, FormatHandler)
    assert handler.render([doc], original=data) == data
    with pytest.raises(FormatError):
        handler.render([doc, doc], original=data)


@pytest.mark.parametrize(
    ("data", "message", "offset"),
    [
        (b"abc\x00def", "binary", 3),
        (b"caf\xe9 au lait", "not valid UTF-8", 3),
    ],
)
def test_text_refuses_binary_and_invalid_utf8(data: bytes, message: str, offset: int) -> None:
    with pytest.raises(FormatError, match=message) as info:
        TextHandler().parse(data, source="x.txt")
    assert info.value.offset == offset and info.value.path == "x.txt"


def test_jsonl_round_trip_keeps_other_fields_blank_lines_and_order() -> None:
    lines = [
        {"id": "n1", "text": "Jane Roe", "meta": {"site": 3}, "patient": "P1"},
        {"text": "no id here", "score": 1.5},
        {"id": 7, "text": "int id"},
    ]
    data = (
        json.dumps(lines[0]) + "\n\n" + json.dumps(lines[1]) + "\r\n" + json.dumps(lines[2]) + "\n"
    ).encode()
    handler = JsonlHandler()
    docs = handler.parse(data, source="batch.jsonl")
    assert [d.id for d in docs] == ["n1", "batch.jsonl:3", "7"]
    assert docs[0].patient == "P1" and docs[1].patient is None
    assert docs[0].segments[0].text == "Jane Roe"
    out = handler.render(replaced(docs, "X-"), original=data).decode()
    out_lines = out.split("\n")
    assert out_lines[1] == "" and out_lines[2].endswith("\r") and out_lines[-1] == ""
    parsed = [json.loads(line) for line in out_lines if line.strip()]
    assert parsed[0] == {"id": "n1", "text": "X-n1", "meta": {"site": 3}, "patient": "P1"}
    assert list(parsed[0]) == ["id", "text", "meta", "patient"]
    assert parsed[1] == {"text": "X-batch.jsonl:3", "score": 1.5}
    with pytest.raises(FormatError):
        handler.render(docs[:2], original=data)
    with pytest.raises(FormatError):
        handler.render([*docs, docs[0]], original=data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"id": 1, "text": "ok"}\n{"id": 2, "text": \n', "line 2: invalid JSON"),
        (b'["text"]\n', "line 1: not a JSON object"),
        (b'{"id": 1}\n', "line 1: no string 'text' field"),
        (b'{"id": 1, "text": 5}\n', "no string 'text'"),
        (b'{"id": [1], "text": "x"}\n', "'id' must be"),
        (b'{"id": true, "text": "x"}\n', "'id' must be"),
        (b'{"text": "x", "patient": 3}\n', "'patient' must be"),
        (b'{"text": "x\x00"}\n', "binary"),
    ],
)
def test_malformed_jsonl_is_a_format_error_without_the_content(data: bytes, message: str) -> None:
    with pytest.raises(FormatError, match=message) as info:
        JsonlHandler().parse(data, source="bad.jsonl")
    assert "ok" not in str(info.value) and info.value.path == "bad.jsonl"


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("a.txt", b"plain words", "text"),
        ("a.txt", b'{"text": "looks like json"}', "text"),
        ("a.jsonl", b"anything", "jsonl"),
        ("a.ndjson", b'{"text": "x"}', "jsonl"),
        ("export", b'{"id": 1, "text": "x"}\n', "jsonl"),
        ("stdin", b'\xef\xbb\xbf {"text": "x"}\n', "jsonl"),
        ("stdin", b"Patient seen today", "text"),
    ],
)
def test_handler_for_picks_by_content_and_name(name: str, head: bytes, expected: str) -> None:
    assert handler_for(name, head).name == expected


def test_handler_for_refuses_binary() -> None:
    with pytest.raises(FormatError, match="binary or unknown"):
        handler_for("image.png", b"\x89PNG\r\n\x1a\n\x00\x00")


def test_registry_orders_generic_handlers_last() -> None:
    assert {"text", "jsonl"} <= set(FORMATS.names())
    names = [h.name for h in build_handlers(HandlerOptions(policy="pseudonymize", secret=b"k" * 32))]
    assert names[-2:] == ["jsonl", "text"]
    assert "kkkk" not in repr(HandlerOptions(secret=b"k" * 32))  # the secret is never printed
