"""The official openai client against a real ``phigate serve`` process and a real recording upstream."""

from __future__ import annotations

import socket
import ssl
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest
from gateway_support import Served, Upstream, free_port

from phigate.audit.export import iter_entries
from tls_testkit import self_signed

pytestmark = pytest.mark.slow

#: Synthetic PHI put into the prompts (none of it is real), and the values that must never go upstream.
PHI = {
    "name": "Johanna Vexley",
    "ssn": "512-44-9017",
    "phone": "(617) 555-0143",
    "mrn": "88120457",
    "dob": "03/14/1951",
    "email": "j.vexley@mailbox.example",
}
NOTE = (
    f"Patient {PHI['name']} (MRN {PHI['mrn']}, DOB {PHI['dob']}) presented with chest pain. "
    f"SSN {PHI['ssn']}. Call {PHI['phone']} or write to {PHI['email']}. Troponin negative; BP 128/82."
)
MESSAGES: Any = [{"role": "user", "content": NOTE}]


def assert_no_phi(upstream: Upstream) -> None:
    sent = upstream.text()
    assert sent
    for kind, value in PHI.items():
        assert value not in sent, f"{kind} reached the upstream"


def test_chat_end_to_end_with_audit(serve: Callable[..., Served], upstream: Upstream) -> None:
    served = serve()
    answer = served.client().chat.completions.create(model="echo", messages=MESSAGES)
    assert answer.choices[0].message.content == f"Echo: {NOTE}"
    assert_no_phi(upstream)
    engine = served.verified_audit_engine()
    event = list(iter_entries(engine))[-1].event
    assert (event["action"], event["outcome"], event["model_version"]) == ("generate", "success", "echo-0001")
    for value in PHI.values():
        assert value not in str(event)


def test_stream_is_reidentified_incrementally(serve: Callable[..., Served], upstream: Upstream) -> None:
    served = serve()
    served.client().chat.completions.create(model="echo", messages=MESSAGES)  # warm: key check, vault
    # ~75 chunks 30 ms apart: a stream of ~2 s, long enough that a loaded machine's slow first token
    # (de-identifying the prompt) still arrives well before the end when nothing is buffered.
    upstream.script({"content": f"Summary for {NOTE}", "chunk_size": 3, "chunk_delay": 0.03})
    started = time.monotonic()
    stream = served.client().chat.completions.create(model="echo", messages=MESSAGES, stream=True)
    arrivals: list[tuple[float, str]] = []
    for chunk in stream:
        if chunk.choices and chunk.choices[0].delta.content:
            arrivals.append((time.monotonic() - started, chunk.choices[0].delta.content))
    text = "".join(piece for _, piece in arrivals)
    assert PHI["name"] in text and PHI["ssn"] in text
    total = arrivals[-1][0]
    assert arrivals[0][0] < total / 2, "the first token waited for the end of the stream"
    assert len(arrivals) > 20


def test_tools_and_embeddings_and_models(serve: Callable[..., Served], upstream: Upstream) -> None:
    served = serve()
    client = served.client()
    tools: Any = [{"type": "function", "function": {"name": "chart", "parameters": {"type": "object"}}}]
    first = client.chat.completions.create(model="echo", messages=MESSAGES, tools=tools)
    call = first.choices[0].message.tool_calls[0]  # type: ignore[index]
    assert PHI["ssn"] in call.function.arguments
    history: Any = [
        *MESSAGES,
        {"role": "assistant", "content": None, "tool_calls": [call.model_dump(exclude_none=True)]},
        {"role": "tool", "tool_call_id": call.id, "content": f"{PHI['name']} is allergic to penicillin."},
    ]
    second = client.chat.completions.create(model="echo", messages=history, tools=tools)
    assert second.choices[0].message.content == f"Echo: {PHI['name']} is allergic to penicillin."
    vectors = client.embeddings.create(model="echo", input=[NOTE])
    assert len(vectors.data[0].embedding) == 8
    assert [m.id for m in client.models.list().data] == ["echo"]
    assert_no_phi(upstream)


def test_refusals_over_the_wire(serve: Callable[..., Served], upstream: Upstream) -> None:
    served = serve(max_body_bytes=2048)
    url = f"{served.url()}/v1/chat/completions"
    headers = {
        "Authorization": f"Bearer {served.tokens['clinician']}",
        "X-Phigate-Use-Case": "clinical-summary",
    }
    cases = [
        (b"\xc3\x28", {**headers, "X-Phigate-Purpose": "TREAT"}, 400),
        (b"{" * 3000, {**headers, "X-Phigate-Purpose": "TREAT"}, 413),
        (b'{"model": "echo", "messages": "hi"}', {**headers, "X-Phigate-Purpose": "TREAT"}, 400),
        (b"{}", headers, 400),
        (b"{}", {**headers, "X-Phigate-Purpose": "TREAT", "Authorization": "Bearer phg_x"}, 401),
    ]
    for content, head, status in cases:
        response = httpx.post(url, content=content, headers=head, timeout=10)
        assert response.status_code == status
        assert set(response.json()["error"]) == {"message", "type", "param", "code"}
    with pytest.raises(openai.PermissionDeniedError):
        served.client("analyst").chat.completions.create(model="echo", messages=MESSAGES)
    assert upstream.requests() == []
    outcomes = [e.event["outcome"] for e in iter_entries(served.audit_engine())]
    assert outcomes == ["refused"] * 6


def test_tls_1_2_or_newer_only(serve: Callable[..., Served], tmp_path: Path) -> None:
    cert, key = self_signed(tmp_path)
    served = serve(replicas=0)
    served.start_replica("--tls-cert", str(cert), "--tls-key", str(key))
    context = ssl.create_default_context(cafile=str(cert))
    with httpx.Client(verify=context) as client:
        response = client.get(f"https://127.0.0.1:{served.replicas[0].port}/healthz")
        assert response.status_code == 200
    with socket.create_connection(("127.0.0.1", served.replicas[0].port)) as raw:
        with context.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
            assert tls.version() in ("TLSv1.2", "TLSv1.3")
    capped = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    capped.load_verify_locations(str(cert))
    capped.set_ciphers("DEFAULT:@SECLEVEL=0")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        capped.minimum_version = ssl.TLSVersion.TLSv1
        capped.maximum_version = ssl.TLSVersion.TLSv1_1
    with socket.create_connection(("127.0.0.1", served.replicas[0].port)) as raw:
        with pytest.raises(ssl.SSLError, match="(?i)protocol.version|unsupported protocol|UNEXPECTED_EOF"):
            capped.wrap_socket(raw, server_hostname="127.0.0.1")


def test_plain_http_off_loopback_is_refused(serve: Callable[..., Served]) -> None:
    served = serve(replicas=0)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "phigate.cli",
            "serve",
            "--config",
            str(served.config),
            "--host",
            "0.0.0.0",  # noqa: S104 - the point: it must be refused
            "--port",
            str(free_port()),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "refusing plain HTTP on 0.0.0.0" in result.stderr and "Traceback" not in result.stderr


def test_several_workers_share_one_port_and_one_audit_chain(
    serve: Callable[..., Served], upstream: Upstream
) -> None:
    served = serve(replicas=0, rate_limit={"per_key": 0, "per_user": 0})
    supervisor = served.start_replica("--workers", "2").process.pid
    children = Path(f"/proc/{supervisor}/task/{supervisor}/children").read_text().split()
    workers = [c for c in children if "spawn_main" in Path(f"/proc/{c}/cmdline").read_text()]
    assert len(workers) == 2
    client = served.client()
    for _ in range(6):
        answer = client.chat.completions.create(model="echo", messages=MESSAGES)
        assert answer.choices[0].message.content == f"Echo: {NOTE}"
    assert_no_phi(upstream)
    engine = served.verified_audit_engine()
    calls = [e.event for e in iter_entries(engine) if e.event["action"] == "generate"]
    assert [e["outcome"] for e in calls] == ["success"] * 6
