"""The one-method interface the gateway calls models through, and a mock for tests.

An ``Upstream`` takes an :class:`UpstreamRequest` (a service name and the JSON body, already
de-identified) and returns an :class:`UpstreamResponse`: either a whole JSON body, or, for streamed
chat completions, an async iterator over the parsed server-sent-event chunks. Every failure is an
``UpstreamError`` (``UpstreamTimeout``, ``UpstreamStatusError``); nothing else escapes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, Protocol, runtime_checkable

__all__ = ["SERVICE_PATHS", "MockUpstream", "Service", "Upstream", "UpstreamRequest", "UpstreamResponse"]

#: The services an upstream offers, named as in a BAA's list of covered services.
Service = Literal["chat.completions", "embeddings"]

#: Path of each service below an OpenAI-compatible base URL (``.../v1``).
SERVICE_PATHS: Mapping[str, str] = {"chat.completions": "/chat/completions", "embeddings": "/embeddings"}


@dataclass(frozen=True, slots=True)
class UpstreamRequest:
    """What the gateway sends: the service, the JSON body, and the request id for the vendor's logs."""

    service: Service
    body: Mapping[str, Any]
    request_id: str

    @property
    def stream(self) -> bool:
        """True for a streamed chat completion."""
        return self.service == "chat.completions" and self.body.get("stream") is True


@dataclass(frozen=True, slots=True)
class UpstreamResponse:
    """A whole JSON ``body``, or (streams) ``chunks``: the parsed ``data:`` events up to ``[DONE]``.

    A consumer that stops early must call ``aclose()`` so the connection is released.
    """

    body: Mapping[str, Any] | None = None
    chunks: AsyncIterator[Mapping[str, Any]] | None = None

    async def aclose(self) -> None:
        """Release the stream's connection, if any."""
        aclose = getattr(self.chunks, "aclose", None)
        if aclose is not None:
            await aclose()


@runtime_checkable
class Upstream(Protocol):
    """An OpenAI-compatible model endpoint."""

    async def send(self, request: UpstreamRequest) -> UpstreamResponse:
        """Send ``request``; raise ``UpstreamError`` (or a subclass) on any failure."""


class MockUpstream:
    """An in-process upstream for unit tests: ``handler`` answers, and every request is kept."""

    def __init__(self, handler: Callable[[UpstreamRequest], Awaitable[UpstreamResponse]]) -> None:
        self.handler = handler
        self.requests: list[UpstreamRequest] = []

    async def send(self, request: UpstreamRequest) -> UpstreamResponse:
        """Record ``request`` and return the handler's answer."""
        self.requests.append(request)
        return await self.handler(request)
