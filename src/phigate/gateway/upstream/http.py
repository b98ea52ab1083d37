"""An ``Upstream`` for any OpenAI-compatible HTTP endpoint (Azure OpenAI, vLLM, Ollama, llama.cpp, ...).

Requests go straight to one httpx transport with keep-alive connections (``PooledTransport``: constant
work per request, however many are in flight), without an ``httpx.AsyncClient`` around it: every
request is the same POST to a fixed URL, so the client's per-request URL merging, cookie jar,
redirect and auth handling would only cost CPU. Retries only where the vendor cannot have
acted on the request (connection failures) or asked us to come back (429, 502, 503, 504), with
exponential backoff that honours ``Retry-After``. Streams are retried only before the first byte.
httpx's exceptions are translated here, at the boundary, into ``UpstreamError`` and its subclasses.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Mapping
from typing import Any

import httpx

from phigate.errors import UpstreamError, UpstreamStatusError, UpstreamTimeout
from phigate.gateway.upstream.base import SERVICE_PATHS, UpstreamRequest, UpstreamResponse
from phigate.gateway.upstream.pool import PooledTransport

__all__ = ["HttpUpstream"]

_RETRY_STATUSES = frozenset({429, 502, 503, 504})
_MAX_BACKOFF = 2.0
#: ``json.dumps(..., ensure_ascii=False, separators=(",", ":"))``, without building an encoder per call.
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
#: The headers ``httpx.AsyncClient`` sends by default (the decoders httpx always has), kept as they were.
_DEFAULT_HEADERS = {
    "Accept": "*/*",
    "Accept-Encoding": "gzip, deflate",
    "Connection": "keep-alive",
    "User-Agent": f"python-httpx/{httpx.__version__}",
}


class HttpUpstream:
    """Calls ``base_url`` (ending in ``/v1`` or equivalent) with the vendor's API key, if any.

    ``transport`` replaces the network (tests serve an ASGI app in-process this way).
    """

    def __init__(
        self,
        base_url: str,
        *,
        api_key: str | None = None,
        connect_timeout: float = 5.0,
        read_timeout: float = 60.0,
        retries: int = 2,
        backoff: float = 0.2,
        max_connections: int = 200,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        if retries < 0:
            raise ValueError("retries must be >= 0")
        self.base_url = base_url.rstrip("/")
        self.retries = retries
        self.backoff = backoff
        self._urls = {service: httpx.URL(self.base_url + path) for service, path in SERVICE_PATHS.items()}
        headers = dict(_DEFAULT_HEADERS)
        if api_key:
            headers["Authorization"] = f"Bearer {api_key}"
        headers["Content-Type"] = "application/json"
        self._headers = headers
        self._timeouts = httpx.Timeout(read_timeout, connect=connect_timeout).as_dict()
        self._transport = transport or PooledTransport(
            max_connections=max_connections, max_idle=max_connections
        )

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._transport.aclose()

    async def send(self, request: UpstreamRequest) -> UpstreamResponse:
        """POST the body to the service's path; parse a JSON body or an SSE stream."""
        content = _JSON.encode(request.body).encode("utf-8")
        built = httpx.Request(
            "POST",
            self._urls[request.service],
            headers={**self._headers, "X-Request-Id": request.request_id},
            content=content,
            extensions={"timeout": self._timeouts},
        )
        response = await self._send_with_retries(built, stream=request.stream)
        if request.stream:
            return UpstreamResponse(chunks=_sse_chunks(response))
        return UpstreamResponse(body=_json_object(response.content))

    async def _send_once(self, built: httpx.Request, *, stream: bool) -> httpx.Response:
        """One attempt: the response, its body read unless ``stream`` (then the caller closes it)."""
        response = await self._transport.handle_async_request(built)
        response.request = built
        if not stream:
            try:
                await response.aread()
            except BaseException:
                await response.aclose()
                raise
        return response

    async def _send_with_retries(self, built: httpx.Request, *, stream: bool) -> httpx.Response:
        attempt = 0
        while True:
            delay = self.backoff * (2**attempt)
            try:
                response = await self._send_once(built, stream=stream)
            except httpx.TimeoutException as exc:
                if isinstance(exc, httpx.ConnectTimeout) and attempt < self.retries:
                    attempt += 1
                    await asyncio.sleep(min(delay, _MAX_BACKOFF))
                    continue
                raise UpstreamTimeout(f"upstream timed out ({type(exc).__name__})") from exc
            except httpx.HTTPError as exc:
                if isinstance(exc, httpx.ConnectError) and attempt < self.retries:
                    attempt += 1
                    await asyncio.sleep(min(delay, _MAX_BACKOFF))
                    continue
                raise UpstreamError(f"upstream unreachable ({type(exc).__name__})") from exc
            if response.status_code < 400:
                return response
            await _drain(response)
            if response.status_code in _RETRY_STATUSES and attempt < self.retries:
                attempt += 1
                await asyncio.sleep(min(_retry_after(response, delay), _MAX_BACKOFF))
                continue
            raise UpstreamStatusError("upstream answered with an error", status=response.status_code)


async def _drain(response: httpx.Response) -> None:
    try:
        await response.aread()
    except httpx.HTTPError:
        pass
    finally:
        await response.aclose()


def _retry_after(response: httpx.Response, default: float) -> float:
    value = response.headers.get("Retry-After", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        return default


def _json_object(raw: bytes) -> Mapping[str, Any]:
    try:
        parsed = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise UpstreamError("upstream sent a body that is not JSON") from exc
    if not isinstance(parsed, dict):
        raise UpstreamError("upstream sent JSON that is not an object")
    return parsed


async def _sse_chunks(response: httpx.Response) -> AsyncIterator[Mapping[str, Any]]:
    """Parse ``data:`` lines until ``[DONE]``; an ``error`` event or a cut stream raises."""
    try:
        async for line in _lines(response):
            if not line.startswith(b"data:"):
                continue
            data = line[5:].strip()
            if data == b"[DONE]":
                return
            chunk = _json_object(data)
            if "error" in chunk:
                raise UpstreamStatusError("upstream sent an error event in the stream", status=502)
            yield chunk
        raise UpstreamError("upstream stream ended without [DONE]")
    except httpx.TimeoutException as exc:
        raise UpstreamTimeout("upstream stream timed out") from exc
    except httpx.HTTPError as exc:
        raise UpstreamError(f"upstream stream failed ({type(exc).__name__})") from exc
    finally:
        await response.aclose()


async def _lines(response: httpx.Response) -> AsyncIterator[bytes]:
    """The body's lines as bytes (ended by LF, CRLF or CR), without httpx's text decoding layers."""
    pending = b""
    async for data in response.aiter_bytes():
        pending += data
        if b"\r" in pending:
            if pending.endswith(b"\r"):  # a CRLF may be split across reads: keep the CR for now
                head, pending = pending[:-1], b"\r"
                head = head.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
                lines = head.split(b"\n")
                pending = lines.pop() + pending
                for line in lines:
                    yield line
                continue
            pending = pending.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        *lines, pending = pending.split(b"\n")
        for line in lines:
            yield line
    if pending:
        yield pending.rstrip(b"\r")
