"""httpcore's sockets for the upstream pool, on asyncio's transports directly.

httpcore's own asyncio backend goes through anyio, which per read arms a cancel scope, starts and
stops the socket's reading again, and per write yields to the event loop once more: for one upstream
call that is most of the transport's CPU. Here a connection's protocol keeps reading into a buffer
(paused only while ``_HIGH_WATER`` bytes wait), a read returns from it or waits under
``asyncio.timeout``, and writes are held until the next read so that a request's head and body leave
in one send (HTTP/1.1 writes the whole request before it reads). Connecting races the host's
addresses, a new attempt every 250 ms (RFC 8305, as anyio does). Failures are httpcore's exceptions,
as from its own backends. Outside asyncio (trio), httpcore's anyio backend is used unchanged.
"""

from __future__ import annotations

import asyncio
import select
import socket
import ssl
from collections.abc import Iterable
from typing import Any, cast

import httpcore

__all__ = ["AsyncioBackend"]

#: Unread bytes at which a connection stops reading from its socket (until they are read).
_HIGH_WATER = 256 * 1024
#: Held writes beyond this many bytes are sent at once (a large body still streams out).
_HOLD_BYTES = 256 * 1024
#: Delay before the next address is tried while earlier attempts are still connecting (RFC 8305).
_HAPPY_EYEBALLS_DELAY = 0.25

_Target = tuple[socket.AddressFamily, tuple[Any, ...]]


class _Protocol(asyncio.Protocol):
    """Buffers what arrives and wakes a waiting reader or writer."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.ended = False  # EOF or connection lost: no more data will come
        self.error: BaseException | None = None
        self.paused = False
        self.writable = True
        self._waiter: asyncio.Future[None] | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's are not registered as such

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if len(self.buffer) >= _HIGH_WATER and self.transport is not None:
            self.transport.pause_reading()
            self.paused = True
        self._wake()

    def eof_received(self) -> bool:
        self.ended = True
        self._wake()
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self.ended = True
        self.error = exc
        self.writable = True
        self._wake()

    def pause_writing(self) -> None:
        self.writable = False

    def resume_writing(self) -> None:
        self.writable = True
        self._wake()

    async def wait(self) -> None:
        """Until data arrives, the connection ends or writing may resume."""
        self._waiter = asyncio.get_running_loop().create_future()
        try:
            await self._waiter
        finally:
            self._waiter = None

    def _wake(self) -> None:
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)


_Attempt = asyncio.Task[tuple[asyncio.Transport, _Protocol]]


class _Stream(httpcore.AsyncNetworkStream):
    """One connection: reads from its protocol's buffer; holds writes until the next read."""

    def __init__(self, transport: asyncio.Transport, protocol: _Protocol) -> None:
        self._transport = transport
        self._protocol = protocol
        self._held: list[bytes] = []
        self._held_size = 0
        self._write_timeout: float | None = None
        self._closed = False

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        if self._held:
            try:
                await self._send_held()
            except httpcore.WriteError:  # as httpcore does: the server may have answered already
                pass
        protocol = self._protocol
        if not protocol.buffer and not protocol.ended and not self._closed:
            try:
                async with asyncio.timeout(timeout):
                    while not protocol.buffer and not protocol.ended:
                        await protocol.wait()
            except TimeoutError as exc:
                raise httpcore.ReadTimeout("upstream read timed out") from exc
        if protocol.buffer:
            data = bytes(protocol.buffer[:max_bytes])
            del protocol.buffer[:max_bytes]
            if protocol.paused and len(protocol.buffer) < _HIGH_WATER // 2:
                protocol.paused = False
                self._transport.resume_reading()
            return data
        if self._closed or protocol.error is not None:
            raise httpcore.ReadError("upstream connection closed")
        return b""

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        self._held.append(buffer)
        self._held_size += len(buffer)
        self._write_timeout = timeout
        if self._held_size >= _HOLD_BYTES:
            await self._send_held()

    async def _send_held(self) -> None:
        data = b"".join(self._held)
        self._held, self._held_size = [], 0
        protocol = self._protocol
        if self._closed or self._transport.is_closing():
            raise httpcore.WriteError("upstream connection closed")
        self._transport.write(data)
        if not protocol.writable:
            try:
                async with asyncio.timeout(self._write_timeout):
                    while not protocol.writable:
                        await protocol.wait()
            except TimeoutError as exc:
                raise httpcore.WriteTimeout("upstream write timed out") from exc
        if protocol.error is not None:
            raise httpcore.WriteError("upstream connection broke")

    async def aclose(self) -> None:
        self._closed = True
        self._held, self._held_size = [], 0
        self._transport.abort()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeout):
                transport = await loop.start_tls(
                    self._transport, self._protocol, ssl_context, server_hostname=server_hostname
                )
        except TimeoutError as exc:
            await self.aclose()
            raise httpcore.ConnectTimeout("TLS handshake timed out") from exc
        except OSError as exc:  # ssl.SSLError included
            await self.aclose()
            raise httpcore.ConnectError(f"TLS handshake failed ({type(exc).__name__})") from exc
        if transport is None:
            await self.aclose()
            raise httpcore.ConnectError("TLS handshake failed (connection closed)")
        self._protocol.transport = transport
        return _Stream(transport, self._protocol)

    def get_extra_info(self, info: str) -> Any:
        if info == "ssl_object":
            return self._transport.get_extra_info("ssl_object")
        if info == "client_addr":
            return self._transport.get_extra_info("sockname")
        if info == "server_addr":
            return self._transport.get_extra_info("peername")
        if info == "socket":
            return self._transport.get_extra_info("socket")
        if info == "is_readable":  # buffered data or an end, or data the loop has not delivered yet
            protocol = self._protocol
            return bool(protocol.buffer) or protocol.ended or _socket_readable(self._transport)
        return None


def _socket_readable(transport: asyncio.Transport) -> bool:
    """Whether the kernel holds data (or an end) for ``transport``'s socket; a socket that is gone
    counts as readable, as in httpcore.
    """
    sock = transport.get_extra_info("socket")
    fileno = -1 if sock is None else sock.fileno()
    if fileno < 0:
        return True
    poller = select.poll()
    poller.register(fileno, select.POLLIN)
    return bool(poller.poll(0))


class AsyncioBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend on asyncio transports (see the module docstring)."""

    def __init__(self) -> None:
        self._anyio = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """A connection to ``host``:``port`` (see :func:`_connect`), within ``timeout`` seconds."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # not asyncio
            return await self._anyio.connect_tcp(
                host, port, timeout=timeout, local_address=local_address, socket_options=socket_options
            )
        try:
            async with asyncio.timeout(timeout):
                transport, protocol = await _connect(host, port, local_address)
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(f"connecting to {host}:{port} timed out") from exc
        except OSError as exc:
            raise httpcore.ConnectError(f"cannot connect to {host}:{port} ({type(exc).__name__})") from exc
        sock = transport.get_extra_info("socket")
        for option in socket_options or ():
            sock.setsockopt(*option)
        return _Stream(transport, protocol)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """A Unix socket through httpcore's anyio backend (the pool does not use them)."""
        return await self._anyio.connect_unix_socket(path, timeout=timeout, socket_options=socket_options)

    async def sleep(self, seconds: float) -> None:
        """Sleep on the event loop."""
        await asyncio.sleep(seconds)


async def _connect(host: str, port: int, local_address: str | None) -> tuple[asyncio.Transport, _Protocol]:
    """A connection to the first of ``host``'s addresses to answer, a new attempt every
    ``_HAPPY_EYEBALLS_DELAY`` seconds (or at once when all before it failed); the others are closed.
    """
    loop = asyncio.get_running_loop()
    targets = _interleaved(await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM))
    local = (local_address, 0) if local_address else None
    attempts: list[_Attempt] = []
    winner: _Attempt | None = None
    try:
        for index, (family, address) in enumerate(targets):
            connecting = loop.create_connection(
                _Protocol, address[0], address[1], family=family, local_addr=local
            )
            attempts.append(asyncio.ensure_future(connecting))
            delay = None if index == len(targets) - 1 else _HAPPY_EYEBALLS_DELAY
            winner = await _first_success(attempts, delay)
            if winner is not None:
                return winner.result()
        errors = [attempt.exception() for attempt in attempts]
        raise next((e for e in errors if e is not None), OSError(f"no address for {host}"))
    finally:
        for attempt in attempts:
            if attempt is not winner:
                attempt.add_done_callback(_close_loser)
                attempt.cancel()


def _close_loser(attempt: _Attempt) -> None:
    """Close the connection of an attempt that lost the race (or fetch its error, so none is logged)."""
    if not attempt.cancelled() and attempt.exception() is None:
        attempt.result()[0].abort()


async def _first_success(attempts: list[_Attempt], delay: float | None) -> _Attempt | None:
    """The first of ``attempts`` to connect; ``None`` once all have failed or ``delay`` has passed."""
    loop = asyncio.get_running_loop()
    deadline = None if delay is None else loop.time() + delay
    while True:
        for attempt in attempts:
            if attempt.done() and not attempt.cancelled() and attempt.exception() is None:
                return attempt
        running = [attempt for attempt in attempts if not attempt.done()]
        remaining = None if deadline is None else deadline - loop.time()
        if not running or remaining is not None and remaining <= 0:
            return None
        await asyncio.wait(running, timeout=remaining, return_when=asyncio.FIRST_COMPLETED)


def _interleaved(infos: list[tuple[Any, ...]]) -> list[_Target]:
    """``getaddrinfo``'s addresses, families alternating from the first one's (RFC 8305)."""
    by_family: dict[socket.AddressFamily, list[_Target]] = {}
    for family, _type, _proto, _name, address in infos:
        by_family.setdefault(family, []).append((family, address))
    queues = list(by_family.values())
    ordered: list[_Target] = []
    while any(queues):
        for queue in queues:
            if queue:
                ordered.append(queue.pop(0))
    return ordered
