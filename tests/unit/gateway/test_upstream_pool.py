"""``PooledTransport`` and its sockets (``AsyncioBackend``) against a real HTTP/1.1 server on loopback
that counts its connections, on asyncio's and uvloop's event loops.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpcore
import httpx
import pytest
import uvloop

from phigate.gateway.upstream import sockets
from phigate.gateway.upstream.pool import PooledTransport
from phigate.gateway.upstream.sockets import AsyncioBackend
from tls_testkit import self_signed

pytestmark = pytest.mark.anyio

BIG = 1024 * 1024  # past the sockets' read buffer high-water mark and their held-write limit


@pytest.fixture(params=["asyncio", "uvloop"])
def anyio_backend(request: pytest.FixtureRequest) -> tuple[str, dict[str, Any]]:
    if request.param == "uvloop":  # the gateway's loop
        return "asyncio", {"loop_factory": uvloop.new_event_loop}
    return "asyncio", {}


@dataclass
class Server:
    """Answers every request with ``ok`` (``echo``: with its body) after ``delay``; counts connections,
    open ones and the most open at once; ``close_idle`` makes it hang up after each answer.
    """

    port: int = 0
    delay: float = 0.0
    close_idle: bool = False
    echo: bool = False
    accepted: int = 0
    open: int = 0
    most_open: int = 0
    in_flight: int = 0
    most_in_flight: int = 0
    writers: list[asyncio.StreamWriter] = field(default_factory=list)

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.accepted += 1
        self.open += 1
        self.most_open = max(self.most_open, self.open)
        self.writers.append(writer)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = next(
                    (
                        int(line.split(b":")[1])
                        for line in head.split(b"\r\n")
                        if line.lower().startswith(b"content-length")
                    ),
                    0,
                )
                body = await reader.readexactly(length)
                self.in_flight += 1
                self.most_in_flight = max(self.most_in_flight, self.in_flight)
                await asyncio.sleep(self.delay)
                self.in_flight -= 1
                answer = body if self.echo else b"ok"
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(answer) + answer)
                await writer.drain()
                if self.close_idle:
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            self.open -= 1
            writer.close()


@pytest.fixture()
async def server() -> AsyncIterator[Server]:
    state = Server()
    listener = await asyncio.start_server(state.handle, "127.0.0.1", 0)
    state.port = listener.sockets[0].getsockname()[1]
    yield state
    for writer in state.writers:
        writer.close()
    listener.close()


def client(server: Server, **kw: int) -> httpx.AsyncClient:
    transport = PooledTransport(
        max_connections=kw.get("max_connections", 10), max_idle=kw.get("max_idle", 10)
    )
    return httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}", transport=transport, timeout=5)


async def test_sequential_requests_reuse_one_connection(server: Server) -> None:
    async with client(server) as http:
        for _ in range(20):
            response = await http.post("/v1/x", content=b"{}")
            assert (response.status_code, response.text) == (200, "ok")
    assert server.accepted == 1


async def test_concurrent_requests_open_connections_then_reuse_them(server: Server) -> None:
    server.delay = 0.05
    async with client(server) as http:
        for _ in range(3):
            answers = await asyncio.gather(*(http.post("/v1/x", content=b"{}") for _ in range(8)))
            assert all(a.text == "ok" for a in answers)
    assert server.accepted == 8
    assert server.most_in_flight == 8


async def test_max_connections_bounds_requests_in_flight(server: Server) -> None:
    server.delay = 0.02
    async with client(server, max_connections=2) as http:
        answers = await asyncio.gather(*(http.post("/v1/x", content=b"{}") for _ in range(7)))
    assert all(a.text == "ok" for a in answers)
    assert server.most_in_flight == 2
    assert server.most_open <= 2


async def test_idle_connections_beyond_max_idle_are_closed(server: Server) -> None:
    server.delay = 0.05
    async with client(server, max_idle=2) as http:
        await asyncio.gather(*(http.post("/v1/x", content=b"{}") for _ in range(5)))
        await asyncio.sleep(0.05)
        assert server.open == 2
        await asyncio.gather(*(http.post("/v1/x", content=b"{}") for _ in range(2)))
    assert server.accepted == 5


async def test_a_connection_the_server_closed_is_not_reused(server: Server) -> None:
    server.close_idle = True
    async with client(server) as http:
        for _ in range(3):
            await asyncio.sleep(0.02)  # let the hang-up arrive
            assert (await http.post("/v1/x", content=b"{}")).text == "ok"
    assert server.accepted == 3


async def test_waiting_longer_than_the_pool_timeout_fails() -> None:
    async def slow(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await asyncio.sleep(1.0)
        writer.close()

    listener = await asyncio.start_server(slow, "127.0.0.1", 0)
    port = listener.sockets[0].getsockname()[1]
    transport = PooledTransport(max_connections=1, max_idle=1)
    timeout = httpx.Timeout(5.0, pool=0.1)
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{port}", transport=transport, timeout=timeout
    ) as http:
        first = asyncio.ensure_future(http.post("/v1/x", content=b"{}"))
        await asyncio.sleep(0.02)
        with pytest.raises(httpx.PoolTimeout):
            await http.post("/v1/x", content=b"{}")
        with pytest.raises(httpx.RemoteProtocolError):  # the server hangs up without answering
            await first
    listener.close()


async def test_a_closed_transport_refuses_requests(server: Server) -> None:
    transport = PooledTransport(max_connections=1, max_idle=1)
    await transport.aclose()
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}", transport=transport) as http:
        with pytest.raises(httpx.TransportError, match="closed"):
            await http.post("/v1/x", content=b"{}")


async def test_tls_connections_are_verified_and_reused(server: Server, tmp_path: Path) -> None:
    cert, key = self_signed(tmp_path)
    served = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    served.load_cert_chain(cert, key)
    listener = await asyncio.start_server(server.handle, "127.0.0.1", 0, ssl=served)
    port = listener.sockets[0].getsockname()[1]
    trusting = ssl.create_default_context(cafile=str(cert))
    transport = PooledTransport(max_connections=4, max_idle=4, ssl_context=trusting)
    url = f"https://127.0.0.1:{port}"
    async with httpx.AsyncClient(base_url=url, transport=transport, timeout=5) as http:
        for _ in range(3):
            assert (await http.post("/v1/x", content=b"{}")).text == "ok"
    assert server.accepted == 1
    strict = PooledTransport(max_connections=1, max_idle=1)  # the system CAs: the certificate is unknown
    async with httpx.AsyncClient(base_url=url, transport=strict, timeout=5) as http:
        with pytest.raises(httpx.ConnectError):
            await http.post("/v1/x", content=b"{}")
    listener.close()


def test_limits_must_be_sensible() -> None:
    with pytest.raises(ValueError, match="max_connections"):
        PooledTransport(max_connections=0, max_idle=1)


async def test_large_bodies_both_ways(server: Server) -> None:
    server.echo = True
    body = bytes(range(256)) * (BIG // 256)
    transport = PooledTransport(max_connections=2, max_idle=2)
    async with httpx.AsyncClient(transport=transport, timeout=5) as http:
        for _ in range(2):
            response = await http.post(f"http://127.0.0.1:{server.port}/x", content=body)
            assert response.content == body


async def test_a_streamed_body_is_read_in_pieces(server: Server) -> None:
    server.echo = True
    transport = PooledTransport(max_connections=1, max_idle=1)
    async with httpx.AsyncClient(transport=transport, timeout=5) as http:
        request = http.build_request("POST", f"http://127.0.0.1:{server.port}/x", content=b"z" * BIG)
        response = await http.send(request, stream=True)
        await asyncio.sleep(0.05)  # the server's answer fills the buffer: reading pauses
        received = b"".join([part async for part in response.aiter_raw()])
        await response.aclose()
    assert received == b"z" * BIG


async def test_a_slow_address_loses_the_race_to_one_that_answers(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    loop = asyncio.get_running_loop()
    real = loop.create_connection
    stalled: list[str] = []

    async def fake_getaddrinfo(host: str, port: int, **_: Any) -> list[tuple[Any, ...]]:
        stream = socket.SOCK_STREAM
        return [
            (socket.AF_INET, stream, 6, "", ("192.0.2.1", port)),  # TEST-NET-1: never answers here
            (socket.AF_INET, stream, 6, "", ("127.0.0.1", port)),
        ]

    async def create_connection(factory: Any, host: str, port: int, **kw: Any) -> Any:
        if host == "192.0.2.1":
            stalled.append(host)
            await asyncio.sleep(30)
        return await real(factory, host, port, **kw)

    monkeypatch.setattr(loop, "getaddrinfo", fake_getaddrinfo)
    monkeypatch.setattr(loop, "create_connection", create_connection)
    started = loop.time()
    stream = await AsyncioBackend().connect_tcp("upstream.example", server.port, timeout=5)
    assert loop.time() - started < 2
    assert stalled == ["192.0.2.1"]
    assert stream.get_extra_info("server_addr")[0] == "127.0.0.1"
    await stream.aclose()


async def test_connect_timeout_and_refusal_are_httpcore_errors() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(httpcore.ConnectError):
        await AsyncioBackend().connect_tcp("127.0.0.1", port, timeout=5)
    with pytest.raises(httpcore.ConnectTimeout):
        await AsyncioBackend().connect_tcp("127.0.0.1", port, timeout=0)


async def test_reading_a_silent_connection_times_out_and_a_closed_one_ends(server: Server) -> None:
    stream = await AsyncioBackend().connect_tcp("127.0.0.1", server.port, timeout=5)
    with pytest.raises(httpcore.ReadTimeout):
        await stream.read(100, timeout=0.05)
    assert stream.get_extra_info("is_readable") is False
    await stream.write(b"POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n", timeout=1)
    assert (await stream.read(100, timeout=1)).startswith(b"HTTP/1.1 200 OK")
    await stream.aclose()
    with pytest.raises(httpcore.ReadError):
        await stream.read(100, timeout=1)


def test_addresses_alternate_between_families() -> None:
    v6, v4 = socket.AF_INET6, socket.AF_INET
    infos = [(v6, 1, 6, "", ("::1", 1)), (v6, 1, 6, "", ("::2", 1)), (v4, 1, 6, "", ("1.1.1.1", 1))]
    assert [address[0] for _, address in sockets._interleaved(infos)] == ["::1", "1.1.1.1", "::2"]
