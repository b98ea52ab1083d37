"""Placeholders of earlier calls in an answer: re-identified through the vault in a worker thread (a
database read and an audit commit must not block the event loop). A failing vault store leaves the
placeholder (counted); a lookup that cannot be audited fails the call.
"""

from __future__ import annotations

import asyncio
from typing import Any

import openai
import pytest

from gateway_testkit import Gateway, collect
from phigate.errors import AuditError
from phigate.gateway.deid import PLACEHOLDER_RE
from phigate.vault import PseudonymVault

pytestmark = pytest.mark.anyio
CONVERSATION = {"X-Phigate-Conversation": "ward-round-7"}


def on_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


async def earlier_placeholder(gateway: Gateway) -> str:
    """A placeholder the vault made in an earlier call of the conversation (for "John Smith")."""
    client = gateway.client(**CONVERSATION)
    await client.chat.completions.create(
        model="echo", messages=[{"role": "user", "content": "Patient John Smith was seen."}]
    )
    found = PLACEHOLDER_RE.findall(gateway.recorder.requests[-1]["raw"])
    assert len(found) == 1
    return str(found[0])


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
async def test_placeholders_of_earlier_calls_are_looked_up_off_the_event_loop(
    gateway: Gateway, monkeypatch: pytest.MonkeyPatch, stream: bool
) -> None:
    placeholder = await earlier_placeholder(gateway)
    where: list[bool] = []
    reidentify = PseudonymVault.reidentify

    def watched(self: PseudonymVault, **kw: Any) -> str:
        where.append(on_event_loop())
        return reidentify(self, **kw)

    monkeypatch.setattr(PseudonymVault, "reidentify", watched)
    client = gateway.client(**CONVERSATION)
    messages: Any = [{"role": "user", "content": f"Summarize {placeholder} and {placeholder}."}]
    if stream:  # the echo upstream streams 3 characters a chunk: the placeholder arrives split
        chunks = await collect(
            await client.chat.completions.create(model="echo", messages=messages, stream=True)
        )
        text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    else:
        answer = await client.chat.completions.create(model="echo", messages=messages)
        text = answer.choices[0].message.content or ""
    assert text == "Echo: Summarize John Smith and John Smith."
    assert where == [False]  # one lookup per placeholder and call, in a worker thread
    actions = [(e.event["action"], e.event["outcome"]) for e in gateway.entries()]
    assert actions[-2:] == [("re-identify", "success"), ("generate", "success")]


async def test_a_failing_vault_store_leaves_the_placeholder_and_counts_the_failure(gateway: Gateway) -> None:
    placeholder = await earlier_placeholder(gateway)
    with gateway.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE phigate_vault_entries")
    client = gateway.client(**CONVERSATION)
    answer = await client.chat.completions.create(
        model="echo", messages=[{"role": "user", "content": f"Summarize {placeholder}."}]
    )
    assert answer.choices[0].message.content == f"Echo: Summarize {placeholder}."
    lookup, call = gateway.entries()[-2:]
    assert (lookup.event["action"], lookup.event["outcome"]) == ("re-identify", "error")
    assert (call.details or {})["reidentify_failures"] == 1


async def test_an_unaudited_lookup_fails_the_call_closed(
    gateway: Gateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    placeholder = await earlier_placeholder(gateway)

    def unaudited(self: PseudonymVault, **kw: Any) -> str:
        raise AuditError("audit store is down")

    monkeypatch.setattr(PseudonymVault, "reidentify", unaudited)
    client = gateway.client(**CONVERSATION)
    with pytest.raises(openai.APIStatusError) as caught:
        await client.chat.completions.create(
            model="echo", messages=[{"role": "user", "content": f"Summarize {placeholder}."}]
        )
    assert caught.value.status_code == 503
    assert "John Smith" not in str(caught.value.body)
    entry = gateway.entries()[-1]
    assert (entry.event["action"], entry.event["outcome"]) == ("generate", "error")
