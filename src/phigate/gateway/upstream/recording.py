"""A real, local OpenAI-compatible model server that records every request it receives.

For tests, the benchmark and the quick start: it speaks ``POST /v1/chat/completions`` (plain and
``stream: true`` server-sent events, with tool calls), ``POST /v1/embeddings`` and ``GET /v1/models``,
and keeps every request body so a test can assert that no PHI reached it. It is not a model: by
default a chat reply echoes the last message (``Echo: ...``), or calls the first offered tool with the
last user text as its ``query`` argument; replies can be scripted.

Control routes (not part of the OpenAI API):

- ``GET /_recorder/requests``: ``{"requests": [{"path", "raw", "body", "authorization"}, ...]}``
- ``DELETE /_recorder/requests``: forget them.
- ``POST /_recorder/script``: ``{"replies": [{"content"?, "tool_calls"?, "status"?, "delay"?,
  "chunk_size"?, "chunk_delay"?}, ...]}``, used one per following model request, in order (``delay``
  waits before answering, ``chunk_delay`` between streamed chunks; both in seconds).

Without a script it answers at once, or models a real model's latency: ``--delay-ms`` before the
answer (a whole one, or a stream's first chunk: the time to first token) and ``--chunk-delay-ms``
between streamed chunks.

Run it with ``python -m phigate.gateway.upstream.recording --port 8001``.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import hashlib
import json
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

__all__ = ["RecordingUpstream", "main"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

_MAX_KEPT = 100_000
_EMBEDDING_DIMENSIONS = 8


class RecordingUpstream:
    """The ASGI application. ``models`` are listed by ``/v1/models``; any model name is accepted."""

    def __init__(
        self,
        *,
        models: tuple[str, ...] = ("echo",),
        chunk_size: int = 4,
        delay: float = 0.0,
        chunk_delay: float = 0.0,
    ) -> None:
        if delay < 0 or chunk_delay < 0:
            raise ValueError("delays must be >= 0")
        self.models = models
        self.chunk_size = chunk_size
        self.delay = delay
        self.chunk_delay = chunk_delay
        self.requests: collections.deque[dict[str, Any]] = collections.deque(maxlen=_MAX_KEPT)
        self.script: collections.deque[dict[str, Any]] = collections.deque()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Route one HTTP request."""
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        method, path = scope["method"], scope["path"]
        raw = await _read_body(receive)
        if path == "/_recorder/requests":
            if method == "DELETE":
                self.requests.clear()
            await _send_json(send, 200, {"requests": list(self.requests)})
            return
        if path == "/_recorder/script" and method == "POST":
            self.script.extend(json.loads(raw)["replies"])
            await _send_json(send, 200, {"queued": len(self.script)})
            return
        if path == "/v1/models" and method == "GET":
            data = [{"id": m, "object": "model", "created": 0, "owned_by": "recording"} for m in self.models]
            await _send_json(send, 200, {"object": "list", "data": data})
            return
        if method != "POST" or path not in ("/v1/chat/completions", "/v1/embeddings"):
            await _send_json(send, 404, _error("not found", "not_found"))
            return
        text = raw.decode("utf-8", errors="replace")
        auth = dict(scope["headers"]).get(b"authorization", b"").decode("latin-1")
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        self.requests.append({"path": path, "raw": text, "body": body, "authorization": auth})
        if not isinstance(body, dict):
            await _send_json(send, 400, _error("body is not a JSON object", "invalid_request_error"))
            return
        reply = self.script.popleft() if self.script else {}
        delay = float(reply.get("delay", self.delay))
        if delay:
            await asyncio.sleep(delay)
        if reply.get("status"):
            await _send_json(send, int(reply["status"]), _error("scripted failure", "server_error"))
            return
        if path == "/v1/embeddings":
            await _send_json(send, 200, _embeddings(body))
            return
        await self._chat(send, body, reply)

    async def _chat(self, send: Send, body: dict[str, Any], reply: dict[str, Any]) -> None:
        model = str(body.get("model", "echo"))
        content, tool_calls = _reply_for(body, reply)
        completion_id = "chatcmpl-" + hashlib.sha256(json.dumps(body).encode()).hexdigest()[:24]
        version = f"{model}-0001"
        if body.get("stream") is not True:
            message: dict[str, Any] = {"role": "assistant", "content": content}
            if tool_calls:
                message["tool_calls"] = tool_calls
            finish = "tool_calls" if tool_calls else "stop"
            await _send_json(
                send,
                200,
                {
                    "id": completion_id,
                    "object": "chat.completion",
                    "created": int(time.time()),
                    "model": version,
                    "system_fingerprint": "recording",
                    "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
                    "usage": _usage(body, content),
                },
            )
            return
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"text/event-stream"), (b"cache-control", b"no-cache")],
            }
        )

        async def event(delta: dict[str, Any], finish: str | None = None) -> None:
            chunk = {
                "id": completion_id,
                "object": "chat.completion.chunk",
                "created": int(time.time()),
                "model": version,
                "system_fingerprint": "recording",
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}],
            }
            await send({"type": "http.response.body", "body": _sse(chunk), "more_body": True})

        size = max(1, int(reply.get("chunk_size", self.chunk_size)))
        pause = float(reply.get("chunk_delay", self.chunk_delay))
        if tool_calls:
            await event({"role": "assistant", "content": None})
            for index, call in enumerate(tool_calls):
                head = {"index": index, "id": call["id"], "type": "function"}
                await event({"tool_calls": [{**head, "function": {"name": call["function"]["name"]}}]})
                arguments = call["function"]["arguments"]
                for start in range(0, len(arguments), size):
                    piece = {"index": index, "function": {"arguments": arguments[start : start + size]}}
                    await event({"tool_calls": [piece]})
                    if pause:
                        await asyncio.sleep(pause)
            await event({}, "tool_calls")
        else:
            await event({"role": "assistant", "content": ""})
            text = content or ""
            for start in range(0, len(text), size):
                await event({"content": text[start : start + size]})
                if pause:
                    await asyncio.sleep(pause)
            await event({}, "stop")
        options = body.get("stream_options")
        if isinstance(options, dict) and options.get("include_usage"):
            usage = {"id": completion_id, "object": "chat.completion.chunk", "created": int(time.time())}
            usage.update({"model": version, "choices": [], "usage": _usage(body, content)})
            await send({"type": "http.response.body", "body": _sse(usage), "more_body": True})
        await send({"type": "http.response.body", "body": b"data: [DONE]\n\n", "more_body": False})


def _reply_for(body: dict[str, Any], reply: dict[str, Any]) -> tuple[str | None, list[dict[str, Any]]]:
    """The scripted reply, or the default: call the first tool with the last user text, or echo."""
    if "content" in reply or "tool_calls" in reply:
        return reply.get("content"), list(reply.get("tool_calls") or [])
    messages = body.get("messages") or []
    last = messages[-1] if messages and isinstance(messages[-1], dict) else {}
    text = _text_of(last.get("content"))
    tools = body.get("tools") or []
    if tools and last.get("role") == "user":
        name = tools[0].get("function", {}).get("name", "tool")
        function = {"name": name, "arguments": json.dumps({"query": text})}
        return None, [{"id": "call_0", "type": "function", "function": function}]
    return f"Echo: {text}", []


def _text_of(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
    return ""


def _usage(body: dict[str, Any], content: str | None) -> dict[str, int]:
    prompt = sum(len(_text_of(m.get("content")).split()) for m in body.get("messages") or [])
    completion = len((content or "").split())
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}


def _embeddings(body: dict[str, Any]) -> dict[str, Any]:
    inputs = body.get("input")
    items = inputs if isinstance(inputs, list) else [inputs]
    data = []
    for index, item in enumerate(items):
        digest = hashlib.sha256(json.dumps(item).encode()).digest()
        vector = [round(b / 255.0, 6) for b in digest[:_EMBEDDING_DIMENSIONS]]
        data.append({"object": "embedding", "index": index, "embedding": vector})
    tokens = sum(len(str(i).split()) for i in items)
    return {
        "object": "list",
        "data": data,
        "model": f"{body.get('model', 'echo')}-0001",
        "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
    }


def _error(message: str, kind: str) -> dict[str, Any]:
    return {"error": {"message": message, "type": kind, "param": None, "code": kind}}


def _sse(chunk: dict[str, Any]) -> bytes:
    return b"data: " + json.dumps(chunk, separators=(",", ":")).encode() + b"\n\n"


async def _read_body(receive: Receive) -> bytes:
    parts = []
    while True:
        message = await receive()
        parts.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(parts)


async def _send_json(send: Send, status: int, payload: dict[str, Any]) -> None:
    body = json.dumps(payload).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


def main(argv: list[str] | None = None) -> None:
    """Serve the recording upstream on loopback."""
    import uvicorn

    parser = argparse.ArgumentParser(description="A local OpenAI-compatible server that records requests.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--models", default="echo", help="comma-separated model names to list")
    parser.add_argument("--chunk-size", type=int, default=4, help="characters per streamed chunk")
    parser.add_argument(
        "--delay-ms", type=float, default=0.0, help="wait before answering (a stream: before its first chunk)"
    )
    parser.add_argument("--chunk-delay-ms", type=float, default=0.0, help="wait between streamed chunks")
    args = parser.parse_args(argv)
    app = RecordingUpstream(
        models=tuple(args.models.split(",")),
        chunk_size=args.chunk_size,
        delay=args.delay_ms / 1000,
        chunk_delay=args.chunk_delay_ms / 1000,
    )
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
