"""The thin end-to-end path: openai client -> gateway -> recording upstream -> re-identified answer."""

from __future__ import annotations

import pytest

from deid_testkit import NOTE
from gateway_testkit import PHI_VALUES, Gateway


@pytest.mark.anyio
async def test_chat_deidentifies_upstream_and_reidentifies_answer(gateway: Gateway) -> None:
    client = gateway.client()
    answer = await client.chat.completions.create(model="echo", messages=[{"role": "user", "content": NOTE}])
    sent = gateway.upstream_text()
    for value in PHI_VALUES:
        assert value not in sent
    assert "[NAME_" in sent
    assert answer.choices[0].message.content == f"Echo: {NOTE}"
    entries = gateway.entries()
    assert entries[-1].event["action"] == "generate"
    assert entries[-1].event["outcome"] == "success"
    assert entries[-1].counts()["NAME"] == 3
    assert "John Smith" not in str([e.event for e in entries])
