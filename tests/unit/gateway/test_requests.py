"""Reading and validating request bodies: limits, encodings, JSON, strict types, unknown fields."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from phigate.gateway.errors import BadRequest, PayloadTooLarge
from phigate.gateway.requests import ChatRequest, EmbeddingsRequest, parse_json_body, read_body, validate

pytestmark = pytest.mark.anyio


async def chunks(*parts: bytes) -> AsyncIterator[bytes]:
    for part in parts:
        yield part


async def test_body_limit_by_header_and_by_count() -> None:
    with pytest.raises(PayloadTooLarge):
        await read_body(chunks(b"x"), limit=10, declared="11")
    with pytest.raises(PayloadTooLarge):
        await read_body(chunks(b"x" * 6, b"x" * 6), limit=10, declared=None)
    with pytest.raises(BadRequest, match="Content-Length"):
        await read_body(chunks(b""), limit=10, declared="ten")
    assert await read_body(chunks(b"ab", b"c"), limit=10, declared="3") == b"abc"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"\xff\xfe{}", "not valid UTF-8"),
        (b'{"a": ', "not valid JSON"),
        (b"[1, 2]", "must be a JSON object"),
        (b'{"a": "\\ud800"}', "lone surrogate"),
        (b'{"a": "x\\uDFFF", "b": 1}', "lone surrogate"),
        (b'{"\\udbff": 1}', "lone surrogate"),
    ],
)
def test_bad_bodies(raw: bytes, message: str) -> None:
    with pytest.raises(BadRequest, match=message):
        parse_json_body(raw)


def test_escapes_that_are_not_lone_surrogates_parse() -> None:
    assert parse_json_body(b'{"a": "\\ud83d\\ude00 \\u00e9 \\\\ud800"}') == {"a": "\U0001f600 \u00e9 \\ud800"}


GOOD = {"model": "m", "messages": [{"role": "user", "content": "hi"}]}


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({**GOOD, "temperature": "0.2"}, "temperature"),
        ({**GOOD, "messages": []}, "messages"),
        ({**GOOD, "metadata": {"patient": "x"}}, "metadata"),
        ({**GOOD, "messages": [{"role": "user", "content": "hi", "name": "jsmith"}]}, "messages.0.name"),
        ({**GOOD, "messages": [{"role": "boss", "content": "hi"}]}, "messages.0.role"),
        (
            {
                **GOOD,
                "messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "x"}}]}],
            },
            "messages.0.content.str",
        ),
        ({**GOOD, "n": 9}, "n"),
        ({"messages": GOOD["messages"]}, "model"),
    ],
)
def test_strict_validation_names_the_field(body: dict[str, object], param: str) -> None:
    with pytest.raises(BadRequest) as caught:
        validate(ChatRequest, body)
    assert caught.value.param == param
    assert "x" not in str(caught.value).split(":", 1)[0]


def test_valid_requests() -> None:
    assert validate(ChatRequest, {**GOOD, "stream": True, "stream_options": {"include_usage": True}}).stream
    assert validate(EmbeddingsRequest, {"model": "m", "input": ["a"]}).input == ["a"]
    with pytest.raises(BadRequest):
        validate(EmbeddingsRequest, {"model": "m", "input": [[1, 2, 3]]})
