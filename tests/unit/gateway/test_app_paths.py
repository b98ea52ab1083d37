"""The request path in process: chat, streams, tools, multi-turn, embeddings, models, roles."""

from __future__ import annotations

import json
from typing import Any

import pytest

from deid_testkit import NOTE
from gateway_testkit import PHI_VALUES, Gateway, collect

pytestmark = pytest.mark.anyio

ANALYST = {"X-Phigate-Use-Case": "research-deidentified", "X-Phigate-Purpose": "HRESCH"}
TOOLS: list[Any] = [
    {
        "type": "function",
        "function": {"name": "lookup_chart", "parameters": {"type": "object", "properties": {"query": {}}}},
    }
]


def assert_no_phi(gateway: Gateway) -> None:
    sent = gateway.upstream_text()
    assert sent, "nothing reached the upstream"
    for value in PHI_VALUES:
        assert value not in sent, value


async def test_answer_is_reidentified_and_audited(gateway: Gateway) -> None:
    raw = await gateway.client().chat.completions.with_raw_response.create(
        model="echo", messages=[{"role": "user", "content": NOTE}], user="dr.jsmith@hospital.example"
    )
    answer = raw.parse()
    assert answer.choices[0].message.content == f"Echo: {NOTE}"
    assert raw.headers["x-phigate-human-review"] == "required"
    assert_no_phi(gateway)
    sent = gateway.recorder.requests[0]["body"]
    assert sent["user"] != "dr.jsmith@hospital.example" and len(sent["user"]) == 32
    entry = gateway.entries()[-1]
    event, details = entry.event, entry.details or {}
    assert event["request_id"] == raw.headers["x-phigate-request-id"]
    assert (event["action"], event["outcome"], event["decision"]) == ("generate", "success", "permit")
    assert (event["role"], event["purpose_of_use"], event["model"]) == ("clinician", "TREAT", "echo")
    assert event["model_version"] == "echo-0001"
    assert event["actor"] == "service:svc-clinician" and event["actor_type"] == "service"
    assert event["disposition"] == "returned to caller; human review required"
    assert event["client_address"]
    assert details["vendor"] == "local" and details["payload"] == "pseudonymized"
    assert details["reidentified"] >= 7 and details["leaks"] == 0
    assert entry.counts() == {
        "AGE": 1,
        "DATE": 2,
        "EMAIL": 1,
        "MRN": 1,
        "NAME": 3,
        "PHONE": 1,
        "SSN": 1,
        "ZIP": 1,
    }


async def test_patient_header_gives_a_keyed_patient_reference(gateway: Gateway) -> None:
    client = gateway.client(**{"X-Phigate-Patient": "MRN-1234567"})
    await client.chat.completions.create(model="echo", messages=[{"role": "user", "content": "John Smith"}])
    ref = gateway.entries()[-1].event["patient_ref"]
    assert isinstance(ref, str) and len(ref) == 64 and "1234567" not in ref


async def test_stream_is_reidentified(gateway: Gateway) -> None:
    stream = await gateway.client().chat.completions.create(
        model="echo",
        messages=[{"role": "user", "content": NOTE}],
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = await collect(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == f"Echo: {NOTE}"
    assert chunks[-1].usage is not None
    assert_no_phi(gateway)
    entry = gateway.entries()[-1]
    assert entry.event["outcome"] == "success" and (entry.details or {})["stream"] is True


async def test_tool_calls_round_trip(gateway: Gateway) -> None:
    client = gateway.client()
    first = await client.chat.completions.create(
        model="echo",
        messages=[{"role": "user", "content": "Chart of John Smith, SSN 123-45-6789?"}],
        tools=TOOLS,
    )
    call = first.choices[0].message.tool_calls[0]  # type: ignore[index]
    assert json.loads(call.function.arguments) == {"query": "Chart of John Smith, SSN 123-45-6789?"}
    messages: list[Any] = [
        {"role": "user", "content": "Chart of John Smith, SSN 123-45-6789?"},
        {"role": "assistant", "content": None, "tool_calls": [call.model_dump(exclude_none=True)]},
        {
            "role": "tool",
            "tool_call_id": call.id,
            "content": "John Smith: allergy to penicillin, (617) 555-0134",
        },
    ]
    second = await client.chat.completions.create(model="echo", messages=messages, tools=TOOLS)
    assert second.choices[0].message.content == "Echo: John Smith: allergy to penicillin, (617) 555-0134"
    assert_no_phi(gateway)
    placeholders = {r["raw"].count("[NAME_") for r in gateway.recorder.requests}
    assert placeholders == {1, 3}


async def test_streamed_tool_call_arguments_are_reidentified(gateway: Gateway) -> None:
    stream = await gateway.client().chat.completions.create(
        model="echo", messages=[{"role": "user", "content": "Jane Roe labs"}], tools=TOOLS, stream=True
    )
    chunks = await collect(stream)
    arguments = "".join(
        call.function.arguments or ""
        for chunk in chunks
        if chunk.choices
        for call in chunk.choices[0].delta.tool_calls or []
        if call.function
    )
    assert json.loads(arguments) == {"query": "Jane Roe labs"}
    assert "Jane Roe" not in gateway.upstream_text()


async def test_multi_turn_keeps_one_placeholder_per_person(gateway: Gateway) -> None:
    client = gateway.client(**{"X-Phigate-Conversation": "conv-1"})
    history: list[Any] = [{"role": "user", "content": "John Smith reports chest pain."}]
    for turn in ("Is John Smith diabetic?", "Schedule John Smith and Jane Roe."):
        answer = await client.chat.completions.create(model="echo", messages=history)
        history += [{"role": "assistant", "content": answer.choices[0].message.content}]
        history += [{"role": "user", "content": turn}]
    await client.chat.completions.create(model="echo", messages=history)
    bodies = [r["body"] for r in gateway.recorder.requests]
    names = {
        token
        for body in bodies
        for m in body["messages"]
        for token in __import__("re").findall(r"\[NAME_[0-9A-Z]{5}\]", m["content"])
    }
    assert len(names) == 2  # John Smith and Jane Roe, each one placeholder in every turn
    assert_no_phi(gateway)


async def test_non_reidentifying_role_gets_deidentified_answers_and_leaks_redacted(gateway: Gateway) -> None:
    client = gateway.client("analyst", **ANALYST)
    answer = await client.chat.completions.create(model="echo", messages=[{"role": "user", "content": NOTE}])
    content = answer.choices[0].message.content or ""
    assert "[NAME]" in content and "John Smith" not in content and "2021" in content
    gateway.recorder.script.append({"content": "Patient John Smith, SSN 123-45-6789, is stable."})
    leaked = await client.chat.completions.create(model="echo", messages=[{"role": "user", "content": NOTE}])
    assert leaked.choices[0].message.content == "Patient [NAME], SSN [SSN], is stable."
    details = gateway.entries()[-1].details or {}
    assert details["leaks"] == 2 and details["payload"] == "deidentified"
    assert "human_review" in details and details["reidentified"] == 0


async def test_embeddings_and_models(gateway: Gateway) -> None:
    client = gateway.client()
    result = await client.embeddings.create(model="echo", input=["John Smith has asthma", "no phi here"])
    assert len(result.data) == 2 and len(result.data[0].embedding) == 8
    assert "John Smith" not in gateway.upstream_text()
    assert gateway.entries()[-1].event["action"] == "embed"
    models = await client.models.list()
    assert [m.id for m in models.data] == ["echo"]
    assert gateway.entries()[-1].event["action"] == "list-models"


async def test_health_and_readiness(gateway: Gateway) -> None:
    async with gateway.http() as http:
        assert (await http.get("/healthz")).json() == {"status": "ok"}
        assert (await http.get("/readyz")).json() == {"status": "ready"}
