"""Strict validation of OpenAI request bodies, and reading them safely off the wire.

Only the parameters listed here are accepted; an unknown one is refused rather than forwarded, since a
field the gateway does not know is a field it does not de-identify. Types are strict (no ``"1"`` for
``1``). Messages carry text only: images, audio and files cannot be de-identified here and are refused.
``user`` is forwarded only as a keyed hash (it may name a person).
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from phigate.gateway.errors import BadRequest, PayloadTooLarge

__all__ = ["ChatRequest", "EmbeddingsRequest", "parse_json_body", "read_body", "validate"]

#: A JSON escape of a UTF-16 surrogate (``\\ud83d``), the only way a surrogate gets into parsed text.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abcdefABCDEF]")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


_M = TypeVar("_M", bound=_Strict)


class TextPart(_Strict):
    """A text content part."""

    type: Literal["text"]
    text: str


class FunctionCall(_Strict):
    """A function call as it appears in an assistant message."""

    name: str
    arguments: str


class ToolCall(_Strict):
    """A tool call of an assistant message."""

    id: str
    type: Literal["function"]
    function: FunctionCall


class Message(_Strict):
    """One chat message."""

    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: str | list[TextPart] | None = None
    tool_calls: list[ToolCall] | None = None
    tool_call_id: str | None = None
    refusal: str | None = None


class FunctionSpec(_Strict):
    """A function offered to the model."""

    name: str
    description: str | None = None
    parameters: dict[str, Any] | None = None
    strict: bool | None = None


class Tool(_Strict):
    """A tool offered to the model."""

    type: Literal["function"]
    function: FunctionSpec


class StreamOptions(_Strict):
    """Options of a streamed answer."""

    include_usage: bool | None = None


class ChatRequest(_Strict):
    """``POST /v1/chat/completions``."""

    model: Annotated[str, Field(min_length=1, max_length=200)]
    messages: Annotated[list[Message], Field(min_length=1)]
    stream: bool | None = None
    stream_options: StreamOptions | None = None
    temperature: float | None = None
    top_p: float | None = None
    n: Annotated[int, Field(ge=1, le=8)] | None = None
    max_tokens: Annotated[int, Field(ge=1)] | None = None
    max_completion_tokens: Annotated[int, Field(ge=1)] | None = None
    stop: str | list[str] | None = None
    presence_penalty: float | None = None
    frequency_penalty: float | None = None
    seed: int | None = None
    tools: list[Tool] | None = None
    tool_choice: Literal["none", "auto", "required"] | dict[str, Any] | None = None
    parallel_tool_calls: bool | None = None
    response_format: dict[str, Any] | None = None
    logprobs: bool | None = None
    top_logprobs: Annotated[int, Field(ge=0, le=20)] | None = None
    user: Annotated[str, Field(max_length=256)] | None = None


class EmbeddingsRequest(_Strict):
    """``POST /v1/embeddings`` (text input only; token arrays cannot be de-identified)."""

    model: Annotated[str, Field(min_length=1, max_length=200)]
    input: str | Annotated[list[str], Field(min_length=1, max_length=2048)]
    encoding_format: Literal["float", "base64"] | None = None
    dimensions: Annotated[int, Field(ge=1)] | None = None
    user: Annotated[str, Field(max_length=256)] | None = None


async def read_body(chunks: AsyncIterator[bytes], *, limit: int, declared: str | None) -> bytes:
    """The request body, refused as soon as it is known to exceed ``limit`` bytes."""
    if declared is not None:
        try:
            if int(declared) > limit:
                raise PayloadTooLarge(f"request body is larger than {limit} bytes")
        except ValueError as exc:
            raise BadRequest("invalid Content-Length header") from exc
    parts: list[bytes] = []
    size = 0
    async for chunk in chunks:
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(f"request body is larger than {limit} bytes")
        parts.append(chunk)
    return b"".join(parts)


def parse_json_body(raw: bytes) -> dict[str, Any]:
    """A JSON object from UTF-8 bytes; anything else is a ``BadRequest`` that quotes nothing."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(f"request body is not valid UTF-8 (byte {exc.start})") from exc
    try:
        parsed = json.loads(text)
    except ValueError as exc:
        position = getattr(exc, "pos", None)
        raise BadRequest(f"request body is not valid JSON (at character {position})") from exc
    if not isinstance(parsed, dict):
        raise BadRequest("request body must be a JSON object")
    # Lone surrogates (\\ud800) parse but cannot be sent on as UTF-8. Valid UTF-8 holds no
    # surrogates, so only a \\uD800-\\uDFFF escape can bring one: without one, there is none.
    if _SURROGATE_ESCAPE.search(text) is None:
        return parsed
    try:
        json.dumps(parsed, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise BadRequest("request body holds an invalid Unicode escape (lone surrogate)") from exc
    return parsed


def validate(model: type[_M], body: dict[str, Any]) -> _M:
    """``body`` checked against ``model``; the first problems are named by field, never by value."""
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        problems = []
        for error in exc.errors()[:3]:
            where = ".".join(str(part) for part in error["loc"])
            problems.append(f"{where}: {error['msg']}")
        first = ".".join(str(part) for part in exc.errors()[0]["loc"]) if exc.errors() else None
        raise BadRequest("invalid request: " + "; ".join(problems), param=first or None) from None
