"""Two gateway processes sharing PostgreSQL and Redis behave as one: one audit chain, shared limits,
shared keys and sessions, the same placeholders for the same person."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any

import openai
import pytest
from gateway_support import Served, Upstream

from phigate.audit.export import iter_entries

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis]

NOTE = "Patient Johanna Vexley, SSN 512-44-9017, MRN 88120457, phone (617) 555-0143, needs a summary."
MESSAGES: Any = [{"role": "user", "content": NOTE}]


def test_two_replicas_behave_as_one(
    serve: Callable[..., Served], upstream: Upstream, postgres_url: str, redis_url: str
) -> None:
    limit = 6
    served = serve(
        store=postgres_url,
        replicas=2,
        tenant=f"replicas-{uuid.uuid4().hex[:8]}",
        rate_limit={"redis_url": redis_url, "per_key": limit, "per_user": 0, "window_seconds": 60},
    )
    clients = [served.client(index=0), served.client(index=1)]
    answers = []
    for turn in range(limit):
        answers.append(clients[turn % 2].chat.completions.create(model="echo", messages=MESSAGES))
    assert all(a.choices[0].message.content == f"Echo: {NOTE}" for a in answers)
    for client in clients:  # the shared window is used up on both replicas
        with pytest.raises(openai.RateLimitError):
            client.chat.completions.create(model="echo", messages=MESSAGES)

    sent = [r["raw"] for r in upstream.requests()]
    assert len(sent) == limit
    assert all("Johanna Vexley" not in raw and "512-44-9017" not in raw for raw in sent)
    names = {frozenset(re.findall(r"\[NAME_[0-9A-Z]{5}\]", raw)) for raw in sent}
    assert len(names) == 1, "both replicas must give the same person the same placeholder"

    engine = served.verified_audit_engine()
    events = [entry.event for entry in iter_entries(engine)]
    calls = [e for e in events if e["action"] == "generate"]
    assert [e["outcome"] for e in calls] == ["success"] * limit + ["refused"] * 2
    assert len({e["request_id"] for e in calls}) == limit + 2
