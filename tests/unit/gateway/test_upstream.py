"""HttpUpstream against the recording upstream (in process), and its error translation."""

from __future__ import annotations

import socket
from typing import Any

import httpx
import pytest

from phigate.errors import UpstreamError, UpstreamStatusError, UpstreamTimeout
from phigate.gateway.upstream.base import MockUpstream, UpstreamRequest, UpstreamResponse
from phigate.gateway.upstream.http import HttpUpstream
from phigate.gateway.upstream.recording import RecordingUpstream

pytestmark = pytest.mark.anyio

CHAT = {"model": "echo", "messages": [{"role": "user", "content": "hello there"}]}


def upstream(recorder: RecordingUpstream, **kw: Any) -> HttpUpstream:
    kw.setdefault("retries", 0)
    return HttpUpstream("http://up/v1", transport=httpx.ASGITransport(app=recorder), api_key="vk", **kw)


async def test_json_answer_and_recording() -> None:
    recorder = RecordingUpstream()
    answer = await upstream(recorder).send(UpstreamRequest("chat.completions", CHAT, "r1"))
    assert answer.body is not None
    assert answer.body["choices"][0]["message"]["content"] == "Echo: hello there"
    assert answer.body["model"] == "echo-0001"
    assert recorder.requests[0]["body"] == CHAT
    assert recorder.requests[0]["authorization"] == "Bearer vk"


async def test_stream_yields_chunks_until_done() -> None:
    recorder = RecordingUpstream(chunk_size=2)
    response = await upstream(recorder).send(
        UpstreamRequest("chat.completions", {**CHAT, "stream": True}, "r")
    )
    assert response.chunks is not None
    chunks = [chunk async for chunk in response.chunks]
    text = "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks if c["choices"])
    assert text == "Echo: hello there"
    assert chunks[-1]["choices"][0]["finish_reason"] == "stop"


async def test_stream_of_tool_call_arguments() -> None:
    recorder = RecordingUpstream(chunk_size=5)
    tools = [{"type": "function", "function": {"name": "lookup", "parameters": {"type": "object"}}}]
    body = {**CHAT, "stream": True, "tools": tools}
    response = await upstream(recorder).send(UpstreamRequest("chat.completions", body, "r"))
    assert response.chunks is not None
    pieces = [
        call["function"].get("arguments", "")
        async for chunk in response.chunks
        for call in chunk["choices"][0]["delta"].get("tool_calls") or []
    ]
    assert "".join(pieces) == '{"query": "hello there"}'


async def test_embeddings() -> None:
    body = {"model": "echo", "input": ["a", "b"]}
    answer = await upstream(RecordingUpstream()).send(UpstreamRequest("embeddings", body, "r"))
    assert answer.body is not None
    assert [d["index"] for d in answer.body["data"]] == [0, 1]


async def test_error_status_is_translated() -> None:
    recorder = RecordingUpstream()
    recorder.script.append({"status": 400})
    with pytest.raises(UpstreamStatusError) as caught:
        await upstream(recorder).send(UpstreamRequest("chat.completions", CHAT, "r"))
    assert caught.value.status == 400


async def test_retries_on_503_then_succeeds() -> None:
    recorder = RecordingUpstream()
    recorder.script.extend([{"status": 503}, {"status": 503}])
    answer = await upstream(recorder, retries=2, backoff=0.0).send(
        UpstreamRequest("chat.completions", CHAT, "r")
    )
    assert answer.body is not None
    assert len(recorder.requests) == 3


async def test_gives_up_after_retries() -> None:
    recorder = RecordingUpstream()
    recorder.script.extend([{"status": 503}] * 3)
    with pytest.raises(UpstreamStatusError):
        await upstream(recorder, retries=1, backoff=0.0).send(UpstreamRequest("chat.completions", CHAT, "r"))
    assert len(recorder.requests) == 2


async def test_read_timeout_is_upstream_timeout() -> None:
    with socket.socket() as server:  # a real listener that accepts and never answers
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        silent = HttpUpstream(f"http://127.0.0.1:{port}/v1", read_timeout=0.2, retries=0)
        with pytest.raises(UpstreamTimeout):
            await silent.send(UpstreamRequest("chat.completions", CHAT, "r"))
        await silent.aclose()


async def test_connection_refused_is_upstream_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    closed = HttpUpstream(f"http://127.0.0.1:{port}/v1", retries=1, backoff=0.0)
    with pytest.raises(UpstreamError) as caught:
        await closed.send(UpstreamRequest("chat.completions", CHAT, "r"))
    assert type(caught.value) is UpstreamError
    assert "ConnectError" in str(caught.value)
    await closed.aclose()


async def test_non_json_body_is_upstream_error() -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"<html>"})

    bad = HttpUpstream("http://up/v1", transport=httpx.ASGITransport(app=app), retries=0)
    with pytest.raises(UpstreamError, match="not JSON"):
        await bad.send(UpstreamRequest("chat.completions", CHAT, "r"))


async def test_stream_cut_without_done_is_an_error() -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b'data: {"choices": []}\n\n'})

    cut = HttpUpstream("http://up/v1", transport=httpx.ASGITransport(app=app), retries=0)
    response = await cut.send(UpstreamRequest("chat.completions", {**CHAT, "stream": True}, "r"))
    assert response.chunks is not None
    with pytest.raises(UpstreamError, match="without \\[DONE\\]"):
        _ = [chunk async for chunk in response.chunks]


async def test_mock_upstream_records_requests() -> None:
    async def handler(request: UpstreamRequest) -> UpstreamResponse:
        return UpstreamResponse(body={"seen": request.request_id})

    mock = MockUpstream(handler)
    answer = await mock.send(UpstreamRequest("embeddings", {"input": "x"}, "r9"))
    assert answer.body == {"seen": "r9"}
    assert mock.requests[0].service == "embeddings"
