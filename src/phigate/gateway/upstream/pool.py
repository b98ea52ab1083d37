"""An HTTP/1.1 keep-alive transport for one upstream: O(1) work per request, whatever is in flight.

httpx's default pool (httpcore 1.0) re-examines every pooled connection, quadratically, each time a
request starts or ends, and probes each idle socket while doing so; with 50 requests in flight to a
model that answers in a few hundred milliseconds, that bookkeeping costs the gateway more CPU than
the rest of the call. An upstream is one origin speaking HTTP/1.1, so a stack of idle connections per
origin is enough: a request takes the most recently used connection that is still usable (not past
its keep-alive, not closed by the server), or opens a new one, and gives it back when its response
is closed. ``max_connections`` bounds the connections in use; a request waits for a free one at most
the pool timeout. Failures surface as httpx's exceptions, as with httpx's own transport.

Connections run on :class:`~phigate.gateway.upstream.sockets.AsyncioBackend` (asyncio transports
without anyio's per-read and per-write work; a request's head and body in one send).
"""

from __future__ import annotations

import functools
import ssl
from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable
from types import TracebackType

import anyio
import httpcore
import httpx

from phigate.gateway.upstream.sockets import AsyncioBackend

__all__ = ["PooledTransport"]

#: httpcore's exceptions and the httpx ones they become, most specific first.
_EXCEPTIONS: tuple[tuple[type[Exception], type[httpx.HTTPError]], ...] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
)


_Key = tuple[bytes, bytes, int]


def _key(origin: httpcore.Origin) -> _Key:
    return origin.scheme, origin.host, origin.port


class _HttpxErrors:
    """A context manager that re-raises httpcore's exceptions as httpx's (a class, not a generator:
    it is entered for every request and every body part).
    """

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if isinstance(exc, Exception):
            for source, target in _EXCEPTIONS:
                if isinstance(exc, source):
                    raise target(str(exc)) from exc


_AS_HTTPX_ERRORS = _HttpxErrors()


class PooledTransport(httpx.AsyncBaseTransport):
    """Keep-alive HTTP/1.1 connections, at most ``max_connections`` in use and ``max_idle`` kept."""

    def __init__(
        self,
        *,
        max_connections: int,
        max_idle: int,
        keepalive_expiry: float = 5.0,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        if max_connections < 1 or max_idle < 0:
            raise ValueError("max_connections must be >= 1 and max_idle >= 0")
        self._slots = anyio.Semaphore(max_connections, fast_acquire=True)
        self._max_idle = max_idle
        self._expiry = keepalive_expiry
        self._ssl = ssl_context if ssl_context is not None else httpx.create_ssl_context(trust_env=False)
        self._idle: dict[_Key, list[httpcore.AsyncHTTPConnection]] = {}
        self._backend = AsyncioBackend()
        self._closed = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` on a pooled connection; the connection returns when the response closes."""
        if self._closed:
            raise httpx.TransportError("the upstream transport is closed")
        url = request.url
        core = httpcore.Request(
            method=request.method,
            url=httpcore.URL(scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        origin = core.url.origin
        await self._acquire(request.extensions.get("timeout", {}).get("pool"))
        connection: httpcore.AsyncHTTPConnection | None = None
        try:
            connection = await self._take(origin)
            with _AS_HTTPX_ERRORS:
                try:
                    response = await connection.handle_async_request(core)
                except httpcore.ConnectionNotAvailable:  # it went away before the request was sent
                    await connection.aclose()
                    connection = self._open(origin)
                    response = await connection.handle_async_request(core)
            if not isinstance(response.stream, AsyncIterable):  # an async connection answers with one
                raise httpx.TransportError("the upstream connection returned a synchronous body")
        except BaseException:
            with anyio.CancelScope(shield=True):
                if connection is not None:
                    await connection.aclose()
            self._slots.release()
            raise
        stream = _Body(response.stream, functools.partial(self._give_back, origin, connection))
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=stream,
            extensions=response.extensions,
        )

    async def _acquire(self, wait: float | None) -> None:
        """A slot for a connection: at once if one is free (no timer), else within ``wait`` seconds."""
        try:
            self._slots.acquire_nowait()
            return
        except anyio.WouldBlock:
            pass
        try:
            with anyio.fail_after(wait):
                await self._slots.acquire()
        except TimeoutError as exc:
            raise httpx.PoolTimeout("no upstream connection became free in time") from exc

    async def _take(self, origin: httpcore.Origin) -> httpcore.AsyncHTTPConnection:
        idle = self._idle.get(_key(origin))
        while idle:
            connection = idle.pop()
            if connection.is_idle() and not connection.has_expired():
                return connection
            await connection.aclose()
        return self._open(origin)

    def _open(self, origin: httpcore.Origin) -> httpcore.AsyncHTTPConnection:
        return httpcore.AsyncHTTPConnection(
            origin=origin,
            ssl_context=self._ssl,
            keepalive_expiry=self._expiry,
            http1=True,
            http2=False,
            network_backend=self._backend,
        )

    async def _give_back(self, origin: httpcore.Origin, connection: httpcore.AsyncHTTPConnection) -> None:
        try:
            idle = self._idle.setdefault(_key(origin), [])
            if not self._closed and connection.is_idle() and len(idle) < self._max_idle:
                idle.append(connection)
            else:
                with anyio.CancelScope(shield=True):
                    await connection.aclose()
        finally:
            self._slots.release()

    async def aclose(self) -> None:
        """Close the idle connections; those in use close when their responses do."""
        self._closed = True
        for idle in self._idle.values():
            while idle:
                await idle.pop().aclose()


class _Body(httpx.AsyncByteStream):
    """A response body that gives its connection back to the pool (``release``) once closed."""

    def __init__(self, stream: AsyncIterable[bytes], release: Callable[[], Awaitable[None]]) -> None:
        self._stream = stream
        self._release: Callable[[], Awaitable[None]] | None = release

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with _AS_HTTPX_ERRORS:
            async for part in self._stream:
                yield part

    async def aclose(self) -> None:
        release, self._release = self._release, None
        if release is None:
            return
        try:
            close = getattr(self._stream, "aclose", None)
            if close is not None:
                with anyio.CancelScope(shield=True), _AS_HTTPX_ERRORS:
                    await close()
        finally:
            await release()
