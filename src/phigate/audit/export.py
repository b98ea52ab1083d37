"""Export audit entries: JSON lines, FHIR R4 ``AuditEvent`` resources, syslog (RFC 5424) and CEF lines.

Each format is one line per entry, streamed from the store in ``seq`` order. Exports carry what the
entries carry — actors, actions, keyed patient references, counts — and never PHI. SIEM lines leave
out the free-form ``details``; JSON lines and FHIR keep them (``null`` once purged).
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Literal, TextIO

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from phigate.audit.canonical import canonical_json, parse_time
from phigate.audit.store import store_error
from phigate.errors import AuditError, ConfigError, FormatError
from phigate.store.audit_tables import audit_entries

__all__ = [
    "FORMATS",
    "Entry",
    "ExportFormat",
    "export",
    "iter_entries",
    "to_cef",
    "to_fhir",
    "to_jsonl",
    "to_syslog",
]

ExportFormat = Literal["jsonl", "fhir", "cef", "syslog"]
FORMATS: tuple[ExportFormat, ...] = ("jsonl", "fhir", "cef", "syslog")

_FETCH = 5_000
_VERSION = "0.1.0"
#: RFC 5424 SD-ID: ``name@<private enterprise number>``; 32473 is the documentation PEN (RFC 5612).
_SD_ID = "phigate@32473"
_SYSLOG_FACILITY = 13  # log audit
_DCM = "http://dicom.nema.org/resources/ontology/DCM"


@dataclass(frozen=True, slots=True)
class Entry:
    """One stored entry, decoded: its event fields, details (``None`` once purged) and hashes."""

    seq: int
    recorded_at: str
    event: Mapping[str, object]
    details: Mapping[str, object] | None
    details_sha256: str
    entry_hash: str

    def text(self, name: str) -> str | None:
        """An optional text field of the event."""
        value = self.event.get(name)
        return value if isinstance(value, str) else None

    def counts(self) -> dict[str, int]:
        """The entity counts by category."""
        counts = self.event.get("entity_counts")
        if not isinstance(counts, dict):
            return {}
        return {str(k): v for k, v in counts.items() if isinstance(v, int)}


def iter_entries(engine: Engine, *, start: int = 1) -> Iterator[Entry]:
    """Stream the entries from ``start`` on, in order. Run ``verify`` first to trust them."""
    e = audit_entries.c
    query = (
        select(e.seq, e.body, e.details, e.details_sha256, e.entry_hash).where(e.seq >= start).order_by(e.seq)
    )
    try:
        with (
            engine.connect() as conn,
            conn.execution_options(stream_results=True, yield_per=_FETCH).execute(query) as result,
        ):
            for rows in result.partitions(_FETCH):
                for seq, body, details, digest, entry_hash in rows:
                    yield _decode(
                        seq, bytes(body), None if details is None else bytes(details), digest, entry_hash
                    )
    except SQLAlchemyError as exc:
        raise store_error(exc, "read the audit log") from exc
    except (TypeError, ValueError) as exc:  # a column of the wrong type
        raise AuditError("audit entries cannot be decoded; run: phigate audit verify") from exc


def _decode(seq: int, body: bytes, details: bytes | None, digest: bytes, entry_hash: bytes) -> Entry:
    try:
        doc = json.loads(body)
        decoded = None if details is None else json.loads(details)
        event, recorded = doc["event"], doc["recorded_at"]
    except (ValueError, KeyError, TypeError) as exc:
        raise AuditError(f"entry {seq} cannot be decoded; run: phigate audit verify") from exc
    if not isinstance(event, dict) or not isinstance(recorded, str):
        raise AuditError(f"entry {seq} cannot be decoded; run: phigate audit verify")
    return Entry(seq, recorded, event, decoded, bytes(digest).hex(), bytes(entry_hash).hex())


# -- JSON lines ---------------------------------------------------------------------------------------


def to_jsonl(entry: Entry) -> str:
    """The entry as one canonical JSON object."""
    doc = {
        "seq": entry.seq,
        "recorded_at": entry.recorded_at,
        "event": {**entry.event, "details": entry.details},
        "details_sha256": entry.details_sha256,
        "entry_hash": entry.entry_hash,
    }
    return canonical_json(doc).decode("utf-8")


# -- FHIR R4 AuditEvent -------------------------------------------------------------------------------

#: phigate action -> (DICOM DCM event type code, display, FHIR AuditEvent.action C/R/U/D/E).
_FHIR_TYPES: dict[str, tuple[str, str, str]] = {
    "export": ("110106", "Export", "R"),
    "re-identify": ("110110", "Patient Record", "R"),
    "de-identify": ("110110", "Patient Record", "E"),
    "summarize": ("110110", "Patient Record", "E"),
    "classify": ("110110", "Patient Record", "E"),
    "generate": ("110110", "Patient Record", "E"),
    "query": ("110112", "Query", "E"),
}
_FHIR_DEFAULT = ("110100", "Application Activity", "E")
_FHIR_OUTCOME = {"success": "0", "refused": "4", "error": "8"}


def _detail(kind: str, value: object) -> dict[str, object]:
    return {
        "type": kind,
        "valueString": value if isinstance(value, str) else json.dumps(value, sort_keys=True),
    }


def to_fhir(entry: Entry) -> dict[str, object]:
    """A FHIR R4 ``AuditEvent`` resource for the entry (as a JSON-ready dict)."""
    action = entry.text("action") or ""
    code, display, crude = _FHIR_TYPES.get(action, _FHIR_DEFAULT)
    outcome = entry.text("outcome") or ""
    agent: dict[str, object] = {
        "type": {"text": entry.text("actor_type") or "service"},
        "who": {"identifier": {"value": entry.text("actor")}},
        "requestor": True,
    }
    if entry.text("role"):
        agent["role"] = [{"text": entry.text("role")}]
    if entry.text("client_address"):
        agent["network"] = {"address": entry.text("client_address"), "type": "2"}
    if entry.text("purpose_of_use"):
        agent["purposeOfUse"] = [{"text": entry.text("purpose_of_use")}]
    agents = [agent]
    if entry.text("model"):
        model = " ".join(filter(None, (entry.text("model"), entry.text("model_version"))))
        agents.append({"type": {"text": "model"}, "who": {"display": model}, "requestor": False})
    details = [_detail("phigate.seq", str(entry.seq)), _detail("phigate.entry_hash", entry.entry_hash)]
    for name in ("request_id", "decision", "disposition"):
        if entry.text(name):
            details.append(_detail(f"phigate.{name}", entry.text(name)))
    details.extend(_detail(f"phigate.count.{k}", str(v)) for k, v in sorted(entry.counts().items()))
    if entry.details:
        details.append(_detail("phigate.details", dict(entry.details)))
    entities: list[dict[str, object]] = [
        {"what": {"display": "phigate audit entry"}, "name": f"seq {entry.seq}", "detail": details}
    ]
    if entry.text("patient_ref"):
        entities.insert(
            0,
            {
                "what": {
                    "identifier": {"system": "urn:phigate:patient-ref", "value": entry.text("patient_ref")}
                },
                "type": {"system": "http://terminology.hl7.org/CodeSystem/audit-entity-type", "code": "1"},
                "role": {"system": "http://terminology.hl7.org/CodeSystem/object-role", "code": "1"},
            },
        )
    resource: dict[str, object] = {
        "resourceType": "AuditEvent",
        "id": f"phigate-audit-{entry.seq}",
        "type": {"system": _DCM, "code": code, "display": display},
        "subtype": [{"system": "urn:phigate:audit-action", "code": action}],
        "action": crude,
        "period": {"start": entry.text("started_at"), "end": entry.text("ended_at")},
        "recorded": entry.recorded_at,
        "outcome": _FHIR_OUTCOME.get(outcome, "8"),
        "agent": agents,
        "source": {
            "observer": {"display": "phigate"},
            "type": [{"system": "http://terminology.hl7.org/CodeSystem/security-source-type", "code": "4"}],
        },
        "entity": entities,
    }
    if outcome != "success":
        resource["outcomeDesc"] = outcome
    if entry.text("purpose_of_use"):
        resource["purposeOfEvent"] = [{"text": entry.text("purpose_of_use")}]
    return resource


# -- syslog (RFC 5424) --------------------------------------------------------------------------------

_SYSLOG_SEVERITY = {"success": 6, "refused": 4, "error": 3}
_SD_PARAMS = (
    ("actor", "actor"),
    ("actorType", "actor_type"),
    ("outcome", "outcome"),
    ("start", "started_at"),
    ("end", "ended_at"),
    ("requestId", "request_id"),
    ("client", "client_address"),
    ("patientRef", "patient_ref"),
    ("model", "model"),
    ("modelVersion", "model_version"),
    ("role", "role"),
    ("purpose", "purpose_of_use"),
    ("decision", "decision"),
    ("disposition", "disposition"),
)


def _sd_value(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("]", "\\]")


def _syslog_token(value: str, limit: int) -> str:
    token = "".join(ch for ch in value if "!" <= ch <= "~")[:limit]
    return token or "-"


def to_syslog(entry: Entry, *, hostname: str = "-") -> str:
    """An RFC 5424 line: facility ``log audit``, MSGID the action, the fields as structured data."""
    severity = _SYSLOG_SEVERITY.get(entry.text("outcome") or "", 5)
    params = [f'seq="{entry.seq}"']
    params += [f'{name}="{_sd_value(v)}"' for name, field in _SD_PARAMS if (v := entry.text(field))]
    params += [f'count.{_syslog_token(k, 24)}="{v}"' for k, v in sorted(entry.counts().items())]
    params.append(f'entryHash="{entry.entry_hash}"')
    action = entry.text("action") or "-"
    header = (
        f"<{_SYSLOG_FACILITY * 8 + severity}>1 {entry.recorded_at} {_syslog_token(hostname, 255)} phigate - "
        f"{_syslog_token(action, 32)}"
    )
    message = " ".join(f"{action} {entry.text('outcome') or '-'}".split())
    return f"{header} [{_SD_ID} {' '.join(params)}] {message}"


# -- CEF ----------------------------------------------------------------------------------------------

_CEF_SEVERITY = {"success": 3, "refused": 6, "error": 8}
_CEF_STRINGS = (
    ("cs1", "patientRef", "patient_ref"),
    ("cs2", "purposeOfUse", "purpose_of_use"),
    ("cs3", "role", "role"),
    ("cs4", "decision", "decision"),
    ("cs5", "disposition", "disposition"),
    ("cs6", "model", "model"),
    ("flexString1", "requestId", "request_id"),
)


def _cef_header(value: str) -> str:
    return " ".join(value.replace("\\", "\\\\").replace("|", "\\|").split())


def _cef_value(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("=", "\\=")
    return escaped.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\r")


def _millis(text: str | None) -> str | None:
    if text is None:
        return None
    try:
        return str(int(parse_time(text, field="time").timestamp() * 1000))
    except FormatError:
        return None


def to_cef(entry: Entry) -> str:
    """An ArcSight CEF line: signature id the action, extensions for actor, times and the fields."""
    action = entry.text("action") or "-"
    outcome = entry.text("outcome") or "-"
    ext: list[tuple[str, str | None]] = [
        ("rt", _millis(entry.recorded_at)),
        ("start", _millis(entry.text("started_at"))),
        ("end", _millis(entry.text("ended_at"))),
        ("act", action),
        ("outcome", outcome),
        ("suser", entry.text("actor")),
        ("externalId", str(entry.seq)),
    ]
    client = entry.text("client_address")
    if client:
        try:
            ext.append(("src", str(ipaddress.ip_address(client))))
        except ValueError:
            ext.append(("shost", client))
    for key, label, field in _CEF_STRINGS:
        if entry.text(field):
            value = entry.text(field)
            if field == "model" and entry.text("model_version"):
                value = f"{value} {entry.text('model_version')}"
            ext += [(f"{key}Label", label), (key, value)]
    ext += [("cn1Label", "entityCount"), ("cn1", str(sum(entry.counts().values())))]
    ext += [("flexString2Label", "entryHash"), ("flexString2", entry.entry_hash)]
    severity = _CEF_SEVERITY.get(outcome, 5)
    header = "|".join(
        ["CEF:0", "phigate", "phigate", _VERSION, _cef_header(action), _cef_header(f"{action} {outcome}")]
    )
    extension = " ".join(f"{key}={_cef_value(value)}" for key, value in ext if value is not None)
    return f"{header}|{severity}|{extension}"


# -- driver -------------------------------------------------------------------------------------------


def _line(fmt: ExportFormat, hostname: str) -> Callable[[Entry], str]:
    if fmt == "jsonl":
        return to_jsonl
    if fmt == "fhir":
        return lambda entry: canonical_json(to_fhir(entry)).decode("utf-8")
    if fmt == "syslog":
        return lambda entry: to_syslog(entry, hostname=hostname)
    if fmt == "cef":
        return to_cef
    raise ConfigError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")


def export(engine: Engine, fmt: ExportFormat, out: TextIO, *, start: int = 1, hostname: str = "-") -> int:
    """Write every entry from ``start`` on to ``out`` as ``fmt`` lines; return how many."""
    line = _line(fmt, hostname)
    count = 0
    for entry in iter_entries(engine, start=start):
        out.write(line(entry) + "\n")
        count += 1
    return count
