"""The canonical bytes of an audit entry: deterministic JSON, RFC 3339 UTC times, no PHI.

Canonical JSON here means UTF-8, object keys sorted, no insignificant whitespace, no NaN or infinity
(the JCS rules of RFC 8785 for the values an ``AuditEvent`` can hold: strings, integers, booleans,
null, finite floats, lists and string-keyed objects). Equal events give equal bytes on every host.

An entry is hashed as ``leaf = SHA-256(details) || body``, where ``body`` is the canonical JSON of
``{"event": <event without details>, "recorded_at": ..., "seq": ..., "v": 1}`` and ``details`` the
canonical JSON of ``event.details``. Hashing the details' digest instead of the details lets a
retention purge drop the details while every hash stays checkable.

The event type has no content fields: ``patient_ref`` and any linked values are keyed hashes (HMAC)
made by the caller, never the identifiers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Mapping
from typing import Any

from phigate.errors import FormatError
from phigate.model import AuditEvent

__all__ = [
    "BODY_VERSION",
    "canonical_json",
    "details_digest",
    "details_json",
    "entry_body",
    "event_from_dict",
    "event_json",
    "event_to_dict",
    "leaf_bytes",
    "parse_time",
    "rfc3339",
]

#: The ``v`` field of every entry body; bumped if the body layout ever changes.
BODY_VERSION = 1

_TIME_FIELDS = ("started_at", "ended_at")
_REQUIRED_TEXT = ("action", "actor", "outcome")
_OPTIONAL_TEXT = (
    "actor_type",
    "request_id",
    "client_address",
    "patient_ref",
    "model",
    "model_version",
    "role",
    "purpose_of_use",
    "decision",
    "disposition",
)
_FIELDS = frozenset((*_TIME_FIELDS, *_REQUIRED_TEXT, *_OPTIONAL_TEXT, "entity_counts", "details"))


_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def canonical_json(value: object) -> bytes:
    """Canonical JSON bytes of plain data (already checked by the callers in this module)."""
    return _ENCODER.encode(value).encode("utf-8")


def rfc3339(moment: dt.datetime, *, field: str = "time") -> str:
    """``moment`` in UTC as ``YYYY-MM-DDTHH:MM:SS.ffffffZ``. Naive datetimes are refused."""
    if moment.tzinfo is not dt.UTC:
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise FormatError("time must be timezone-aware", path=field)
        moment = moment.astimezone(dt.UTC)
    return moment.isoformat(timespec="microseconds")[:-6] + "Z"  # drop "+00:00"


def parse_time(text: object, *, field: str) -> dt.datetime:
    """An RFC 3339 time with an offset (``Z`` or ``+hh:mm``), as an aware UTC datetime."""
    if not isinstance(text, str):
        raise FormatError("time must be an RFC 3339 string", path=field)
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise FormatError("time is not RFC 3339", path=field) from exc
    if moment.tzinfo is None:
        raise FormatError("time must carry a UTC offset", path=field)
    return moment.astimezone(dt.UTC)


class _Unsupported(Exception):
    """An unsupported value inside details; ``where`` collects the path on the way out."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.where: list[str] = []


def _plain(value: object) -> object:
    """``value`` as JSON-ready data, or ``_Unsupported``. The path is only built on failure."""
    if value is None or isinstance(value, str | int):  # bool is an int
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _Unsupported("non-finite number")
        return value
    if isinstance(value, Mapping):
        out: dict[str, object] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise _Unsupported("object keys must be strings")
            try:
                out[key] = _plain(item)
            except _Unsupported as bad:
                bad.where.append(f".{key}")
                raise
        return out
    if isinstance(value, list | tuple):
        items = []
        for i, item in enumerate(value):
            try:
                items.append(_plain(item))
            except _Unsupported as bad:
                bad.where.append(f"[{i}]")
                raise
        return items
    raise _Unsupported(f"unsupported value type {type(value).__name__}")


def event_to_dict(event: AuditEvent) -> dict[str, object]:
    """The event's fields as plain data, without ``details``; checks every field's type."""
    out: dict[str, object] = {}
    for name in _REQUIRED_TEXT:
        value = getattr(event, name)
        if not (type(value) is str or isinstance(value, str)) or not value:
            raise FormatError("must be a non-empty string", path=name)
        out[name] = value
    for name in _OPTIONAL_TEXT:
        value = getattr(event, name)
        if value is not None and not (type(value) is str or isinstance(value, str)):
            raise FormatError("must be a string or null", path=name)
        out[name] = value
    for name in _TIME_FIELDS:
        value = getattr(event, name)
        if not isinstance(value, dt.datetime):
            raise FormatError("must be a datetime", path=name)
        out[name] = rfc3339(value, field=name)
    counts = event.entity_counts
    for key, count in counts.items():
        if not isinstance(key, str) or type(count) is not int or count < 0:
            raise FormatError("entity counts map names to non-negative integers", path="entity_counts")
    out["entity_counts"] = dict(counts)
    return out


def event_json(event: AuditEvent) -> bytes:
    """Canonical JSON of the event without its details."""
    return canonical_json(event_to_dict(event))


def details_json(event: AuditEvent) -> bytes:
    """Canonical JSON of ``event.details``."""
    if not isinstance(event.details, Mapping):
        raise FormatError("must be an object", path="details")
    try:
        return canonical_json(_plain(event.details))
    except _Unsupported as bad:
        raise FormatError(bad.reason, path="details" + "".join(reversed(bad.where))) from None


def entry_body(seq: int, recorded_at: str, event: bytes) -> bytes:
    """The canonical body of entry ``seq``: ``event`` (canonical JSON) spliced in, keys in sorted order."""
    return b'{"event":%s,"recorded_at":"%s","seq":%d,"v":%d}' % (
        event,
        recorded_at.encode("ascii"),
        seq,
        BODY_VERSION,
    )


def leaf_bytes(details_sha256: bytes, body: bytes) -> bytes:
    """The Merkle leaf of an entry: the 32-byte details digest, then the body."""
    return details_sha256 + body


def details_digest(details: bytes) -> bytes:
    """SHA-256 of the canonical details JSON."""
    return hashlib.sha256(details).digest()


def event_from_dict(data: object) -> AuditEvent:
    """Parse one event from decoded JSON; unknown fields, wrong types and naive times are errors."""
    if not isinstance(data, dict):
        raise FormatError("an event must be a JSON object")
    unknown = sorted(set(data) - _FIELDS)
    if unknown:
        raise FormatError(f"unknown field {unknown[0]!r}", path=unknown[0])
    for name in (*_REQUIRED_TEXT, *_TIME_FIELDS):
        if name not in data:
            raise FormatError("required field is missing", path=name)
    kwargs: dict[str, Any] = {name: data[name] for name in (*_REQUIRED_TEXT, *_OPTIONAL_TEXT) if name in data}
    for name in _TIME_FIELDS:
        kwargs[name] = parse_time(data[name], field=name)
    counts = data.get("entity_counts", {})
    if not isinstance(counts, dict):
        raise FormatError("must be an object", path="entity_counts")
    details = data.get("details", {})
    if not isinstance(details, dict):
        raise FormatError("must be an object", path="details")
    event = AuditEvent(**kwargs, entity_counts=counts, details=details)
    event_to_dict(event)  # type checks of every field
    details_json(event)
    return event
