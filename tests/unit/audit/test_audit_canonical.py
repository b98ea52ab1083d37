from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from phigate.audit.canonical import (
    canonical_json,
    details_digest,
    details_json,
    entry_body,
    event_from_dict,
    event_json,
    event_to_dict,
    leaf_bytes,
    parse_time,
    rfc3339,
)
from phigate.errors import FormatError
from phigate.model import AuditEvent

T0 = dt.datetime(2025, 3, 4, 5, 6, 7, 890123, tzinfo=dt.UTC)


def event(**changes: object) -> AuditEvent:
    base = AuditEvent(
        action="summarize",
        actor="svc-notes",
        outcome="success",
        started_at=T0,
        ended_at=T0 + dt.timedelta(seconds=2),
        patient_ref="9f" * 32,
        model="m",
        model_version="1",
        entity_counts={"NAME": 2, "DATE": 1},
        details={"recognizers": ["name-v1"], "score": 0.5},
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_canonical_json_is_sorted_compact_utf8():
    assert canonical_json({"b": 1, "a": [True, None, "é"]}) == '{"a":[true,null,"é"],"b":1}'.encode()
    with pytest.raises(ValueError):
        canonical_json({"x": float("nan")})


def test_event_json_is_deterministic_and_independent_of_mapping_order():
    one = event(entity_counts={"NAME": 2, "DATE": 1})
    two = event(entity_counts={"DATE": 1, "NAME": 2})
    assert event_json(one) == event_json(two)
    decoded = json.loads(event_json(one))
    assert list(decoded) == sorted(decoded)
    assert "details" not in decoded


def test_event_fields_are_the_non_content_fields_only():
    """The canonical event holds exactly AuditEvent's fields (no content field sneaks in), minus details."""
    fields = {f.name for f in dataclasses.fields(AuditEvent)}
    assert set(event_to_dict(event())) == fields - {"details"}
    assert not fields & {"text", "content", "prompt", "value", "input", "output"}


def test_times_are_rfc3339_utc_with_microseconds():
    plus_two = dt.timezone(dt.timedelta(hours=2))
    assert rfc3339(dt.datetime(2025, 1, 1, 2, 0, tzinfo=plus_two)) == "2025-01-01T00:00:00.000000Z"
    assert event_to_dict(event())["started_at"] == "2025-03-04T05:06:07.890123Z"
    with pytest.raises(FormatError, match="timezone-aware"):
        event_json(event(started_at=dt.datetime(2025, 1, 1)))  # noqa: DTZ001


def test_parse_time_requires_an_offset():
    assert parse_time("2025-01-01T02:00:00+02:00", field="t") == dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    assert parse_time("2025-01-01T00:00:00Z", field="t") == dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    for bad in ("2025-01-01T00:00:00", "yesterday", 17):
        with pytest.raises(FormatError):
            parse_time(bad, field="t")


def test_entry_body_equals_full_canonical_json():
    ev = event()
    body = entry_body(42, "2025-03-04T05:06:07.000001Z", event_json(ev))
    expected = canonical_json(
        {"event": event_to_dict(ev), "recorded_at": "2025-03-04T05:06:07.000001Z", "seq": 42, "v": 1}
    )
    assert body == expected


def test_leaf_is_details_digest_then_body():
    details = details_json(event())
    digest = details_digest(details)
    assert len(digest) == 32
    assert leaf_bytes(digest, b"{}") == digest + b"{}"


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"action": ""}, "action"),
        ({"actor": 7}, "actor"),
        ({"model": 3}, "model"),
        ({"started_at": "2025-01-01"}, "started_at"),
        ({"entity_counts": {"NAME": -1}}, "entity_counts"),
        ({"entity_counts": {"NAME": True}}, "entity_counts"),
    ],
)
def test_bad_field_types_are_refused(changes: dict[str, object], path: str):
    with pytest.raises(FormatError, match=path):
        event_json(event(**changes))


@pytest.mark.parametrize(
    ("details", "path"),
    [
        ({"x": float("inf")}, "details.x"),
        ({"x": {1: "a"}}, "details.x"),
        ({"x": [object()]}, r"details.x\[0\]"),
        ({"when": T0}, "details.when"),
    ],
)
def test_unsupported_details_are_refused(details: dict[str, object], path: str):
    with pytest.raises(FormatError, match=path):
        details_json(event(details=details))


def test_details_must_be_a_mapping():
    with pytest.raises(FormatError, match="details"):
        details_json(event(details=["not", "a", "mapping"]))


def test_event_from_dict_round_trips():
    ev = event()
    data = {**event_to_dict(ev), "details": dict(ev.details)}
    parsed = event_from_dict(json.loads(json.dumps(data)))
    assert event_json(parsed) == event_json(ev)
    assert details_json(parsed) == details_json(ev)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "JSON object"),
        ({"action": "a", "actor": "b", "outcome": "c", "started_at": "2025-01-01T00:00:00Z"}, "ended_at"),
        (
            {
                "action": "a",
                "actor": "b",
                "outcome": "c",
                "started_at": "2025-01-01T00:00:00Z",
                "ended_at": "2025-01-01T00:00:00Z",
                "note_text": "Jane Doe",
            },
            "unknown field 'note_text'",
        ),
        (
            {
                "action": "a",
                "actor": "b",
                "outcome": "c",
                "started_at": "2025-01-01T00:00:00Z",
                "ended_at": "2025-01-01T00:00:00",
            },
            "ended_at",
        ),
        (
            {
                "action": "a",
                "actor": "b",
                "outcome": "c",
                "started_at": "2025-01-01T00:00:00Z",
                "ended_at": "2025-01-01T00:00:00Z",
                "entity_counts": [],
            },
            "entity_counts",
        ),
        (
            {
                "action": "a",
                "actor": "b",
                "outcome": "c",
                "started_at": "2025-01-01T00:00:00Z",
                "ended_at": "2025-01-01T00:00:00Z",
                "details": "x",
            },
            "details",
        ),
    ],
)
def test_event_from_dict_refuses_bad_input(data: object, message: str):
    with pytest.raises(FormatError, match=message):
        event_from_dict(data)


def test_errors_name_fields_not_values():
    with pytest.raises(FormatError) as caught:
        event_from_dict(
            {"action": "a", "actor": "b", "outcome": "c", "started_at": "Jane Doe 1970", "ended_at": "x"}
        )
    assert "Jane" not in str(caught.value)
