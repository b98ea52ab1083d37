"""The gateway's cheaper paths behave like the plain ones: leak finding, one detector pass over every
message, SSE line splitting, awaiting the audit log on the event loop, the recording upstream's latency.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from deid_testkit import NOTE, detector
from phigate.audit.checkpoint import signer_from_seed
from phigate.audit.export import iter_entries
from phigate.audit.log import AuditLog
from phigate.audit.sink import AsyncAuditSink, NullAuditSink
from phigate.detection.base import Detector, Match
from phigate.errors import AuditError
from phigate.gateway.deid import detect_joined
from phigate.gateway.output import LeakFinder
from phigate.gateway.upstream.base import UpstreamRequest
from phigate.gateway.upstream.http import HttpUpstream
from phigate.gateway.upstream.recording import RecordingUpstream
from phigate.model import AuditEvent, Category, Document, Segment
from phigate.store.engine import make_engine

pytestmark = pytest.mark.anyio


# -- leak finding ---------------------------------------------------------------------------------


def alternation(values: Iterable[str], text: str) -> list[tuple[int, int, str]]:
    """What the plain regex (every value, longest first, ignoring case) finds."""
    pattern = re.compile("|".join(map(re.escape, sorted(values, key=len, reverse=True))), re.IGNORECASE)
    return [(m.start(), m.end(), m.group().lower()) for m in pattern.finditer(text)]


@pytest.mark.parametrize(
    "text",
    [
        "JOHN SMITH called john; Smith J. and jo ann at 4471123.",
        "john smithjohn smith, johnjohn",
        "nothing to see",
        "",
    ],
)
def test_leak_finder_matches_the_plain_alternation(text: str) -> None:
    values = ["John Smith", "john", "Smith J", "Jo Ann", "4471123", "ohn S"]
    assert list(LeakFinder(values).finditer(text)) == alternation(values, text)
    assert alternation(values, text) or text in ("nothing to see", "")


def test_leak_finder_prefers_the_longest_value_and_does_not_overlap() -> None:
    found = list(LeakFinder(["Maria", "Maria Lopez", "Lopez Street"]).finditer("maria lopez street"))
    assert found == [(0, 11, "maria lopez")]


def test_leak_finder_keeps_offsets_when_lowering_changes_length() -> None:
    text = "\u0130stanbul: Maria Lopez"  # dotted capital I lowers to two code points
    assert len(text.lower()) != len(text)
    found = list(LeakFinder(["Maria Lopez"]).finditer(text))
    assert found == [(10, 21, "maria lopez")]
    assert text[10:21] == "Maria Lopez"


# -- one detector pass over every message ----------------------------------------------------------


def document(*texts: str) -> Document:
    return Document("d", tuple(Segment(f"m{i}", t) for i, t in enumerate(texts)), patient="p")


def test_joined_detection_finds_what_per_message_detection_finds() -> None:
    texts = (NOTE, "Please call (617) 555-0134 today.", "", "No identifiers here.", NOTE[:80])
    doc = document(*texts)
    assert detect_joined(detector(), doc) == detector().detect(doc)
    assert detect_joined(detector(), doc)  # and that is not nothing


class _Across:
    """A recognizer whose match runs over the blank line between two messages."""

    id = "across"
    version = "1"
    categories = frozenset({Category.NAME})

    def find(self, text: str) -> list[Match]:
        at = text.find("Smith\n\nJohn")
        if at < 0:
            return []
        return [Match(at, at + len("Smith\n\nJohn"), Category.NAME, 0.9)]


def test_a_finding_across_messages_is_split_into_both() -> None:
    doc = document("Dr. Smith", "John called.")
    findings = detect_joined(Detector([_Across()]), doc)
    assert [(f.segment, f.start, f.end) for f in findings] == [(0, 4, 9), (1, 0, 4)]


# -- SSE lines --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "parts",
    [
        [b'data: {"n": 1}\r\n\r\ndata: {"n": 2}\r', b"\n\r\ndata: [DONE]\r\n\r\n"],
        [b'data: {"n"', b': 1}\n\ndata: {"n": 2}\n\n', b"data: [DONE]\n\n"],
        [b'data: {"n": 1}\r\rdata: {"n": 2}\r\r', b"data: [DONE]\r\r"],
        [b'data: {"n": 1}\n\n', b'data: {"n": 2}\n', b"\ndata: [DONE]"],
    ],
)
async def test_stream_lines_split_on_lf_crlf_and_cr_across_reads(parts: list[bytes]) -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        for part in parts:
            await send({"type": "http.response.body", "body": part, "more_body": True})
        await send({"type": "http.response.body", "body": b""})

    client = HttpUpstream("http://up/v1", transport=httpx.ASGITransport(app=app), retries=0)
    body = {"model": "m", "messages": [], "stream": True}
    response = await client.send(UpstreamRequest("chat.completions", body, "r"))
    assert response.chunks is not None
    assert [chunk async for chunk in response.chunks] == [{"n": 1}, {"n": 2}]


# -- the audit log, awaited on the event loop -------------------------------------------------------


def event(n: int) -> AuditEvent:
    now = dt.datetime.now(dt.UTC)
    return AuditEvent(action="generate", actor=f"svc-{n}", outcome="success", started_at=now, ended_at=now)


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[tuple[AuditLog, Any]]:
    engine = make_engine(f"sqlite:///{tmp_path}/audit.db")
    log = AuditLog(engine, hmac_key=b"k" * 32, signer=signer_from_seed(b"s" * 32))
    yield log, engine
    log.close()
    engine.dispose()


async def test_append_async_commits_concurrent_events_in_one_chain(store: tuple[AuditLog, Any]) -> None:
    log, engine = store
    assert isinstance(log, AsyncAuditSink)
    assert not isinstance(NullAuditSink(), AsyncAuditSink)
    seqs = await asyncio.gather(*(log.append_async(event(n)) for n in range(20)))
    assert sorted(seqs) == list(range(1, 21))
    actors = {entry.text("actor") for entry in iter_entries(engine)}
    assert actors == {f"svc-{n}" for n in range(20)}


async def test_append_async_of_a_cancelled_caller_is_still_committed(store: tuple[AuditLog, Any]) -> None:
    log, engine = store
    task = asyncio.ensure_future(log.append_async(event(1)))
    await asyncio.sleep(0)
    task.cancel()
    await log.append_async(event(2))  # queued behind it, so committed after it
    assert len(list(iter_entries(engine))) == 2


async def test_append_async_on_a_closed_log_raises(store: tuple[AuditLog, Any]) -> None:
    log, _engine = store
    log.close()
    with pytest.raises(AuditError, match="closed"):
        await log.append_async(event(1))


async def test_append_async_reports_a_failed_commit(store: tuple[AuditLog, Any]) -> None:
    log, engine = store
    await log.append_async(event(1))
    with engine.begin() as conn:  # the store breaks under the log
        conn.exec_driver_sql("DROP TABLE audit_entries")
    with pytest.raises(AuditError):
        await log.append_async(event(2))


# -- the recording upstream's latency model ---------------------------------------------------------


def test_recording_upstream_refuses_negative_delays() -> None:
    with pytest.raises(ValueError, match="delays"):
        RecordingUpstream(delay=-1.0)


async def test_recording_upstream_waits_before_answering_and_between_chunks() -> None:
    recorder = RecordingUpstream(chunk_size=4, delay=0.15, chunk_delay=0.02)
    client = HttpUpstream("http://up/v1", transport=httpx.ASGITransport(app=recorder), retries=0)
    body = {"model": "echo", "messages": [{"role": "user", "content": "abcdefgh"}]}  # "Echo: abcdefgh"
    started = time.perf_counter()
    await client.send(UpstreamRequest("chat.completions", body, "r"))
    assert time.perf_counter() - started >= 0.15
    started = time.perf_counter()
    response = await client.send(UpstreamRequest("chat.completions", {**body, "stream": True}, "r"))
    assert response.chunks is not None
    _ = [chunk async for chunk in response.chunks]
    assert time.perf_counter() - started >= 0.15 + 4 * 0.02  # 14 characters: 4 chunks
    recorder.script.append({"delay": 0.0})  # a script still overrides the default
    started = time.perf_counter()
    await client.send(UpstreamRequest("chat.completions", body, "r"))
    assert time.perf_counter() - started < 0.15
