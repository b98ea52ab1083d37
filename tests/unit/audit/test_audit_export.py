"""Export formats: FHIR R4 AuditEvent validated with fhir.resources (R4B, whose AuditEvent is R4's),
RFC 5424 syslog checked against the RFC's ABNF, CEF escaping."""

from __future__ import annotations

import json
import re

import pytest
from fhir.resources.R4B.auditevent import AuditEvent as FhirAuditEvent

from phigate.audit.export import Entry, to_cef, to_fhir, to_jsonl, to_syslog

FULL = Entry(
    seq=7,
    recorded_at="2025-06-01T12:00:00.123456Z",
    event={
        "action": "summarize",
        "actor": "dr.who",
        "actor_type": "user",
        "outcome": "refused",
        "started_at": "2025-06-01T11:59:59.000000Z",
        "ended_at": "2025-06-01T12:00:00.000000Z",
        "request_id": "req-1",
        "client_address": "10.1.2.3",
        "patient_ref": "ab" * 32,
        "model": "gpt-x",
        "model_version": "2025-01",
        "role": "clinician",
        "purpose_of_use": "TREAT",
        "decision": "deny",
        "disposition": "discarded",
        "entity_counts": {"NAME": 2, "DATE": 3},
    },
    details={"reason": 'a|b=c\\d]"e\nf'},
    details_sha256="00" * 32,
    entry_hash="11" * 32,
)
MINIMAL = Entry(
    seq=1,
    recorded_at="2025-06-01T12:00:00.000000Z",
    event={
        "action": "custom-thing",
        "actor": "svc",
        "outcome": "success",
        "started_at": "2025-06-01T12:00:00.000000Z",
        "ended_at": "2025-06-01T12:00:00.000000Z",
        "entity_counts": {},
    },
    details=None,
    details_sha256="00" * 32,
    entry_hash="22" * 32,
)


def test_jsonl_keeps_every_field_and_details():
    doc = json.loads(to_jsonl(FULL))
    assert doc["seq"] == 7
    assert doc["event"]["details"] == FULL.details
    assert doc["event"]["patient_ref"] == "ab" * 32
    assert doc["entry_hash"] == "11" * 32
    assert json.loads(to_jsonl(MINIMAL))["event"]["details"] is None


@pytest.mark.parametrize("entry", [FULL, MINIMAL])
def test_fhir_audit_event_validates(entry: Entry):
    resource = to_fhir(entry)
    parsed = FhirAuditEvent.model_validate(resource)
    assert parsed.recorded is not None
    assert parsed.agent[0].who.identifier.value == entry.event["actor"]


def test_fhir_mapping():
    resource = FhirAuditEvent.model_validate(to_fhir(FULL))
    assert resource.type.code == "110110"
    assert resource.subtype[0].code == "summarize"
    assert resource.outcome == "4"
    assert resource.outcomeDesc == "refused"
    assert resource.agent[0].network.address == "10.1.2.3"
    assert resource.agent[1].who.display == "gpt-x 2025-01"
    patient = resource.entity[0]
    assert patient.what.identifier.value == "ab" * 32
    details = {d.type: d.valueString for d in resource.entity[1].detail}
    assert details["phigate.seq"] == "7"
    assert details["phigate.count.NAME"] == "2"
    assert FhirAuditEvent.model_validate(to_fhir(MINIMAL)).type.code == "110100"


# RFC 5424 section 6: HEADER SP STRUCTURED-DATA [SP MSG]
SYSLOG = re.compile(
    r"^<(?P<pri>\d{1,3})>1 (?P<ts>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z) (?P<host>[!-~]{1,255}) "
    r"(?P<app>[!-~]{1,48}) (?P<procid>[!-~]{1,128}) (?P<msgid>[!-~]{1,32}) "
    r'(?P<sd>\[[^ =\]"]{1,32}( [^ =\]"]{1,32}="([^"\\\]]|\\["\\\]])*")*\]) (?P<msg>.*)$'
)


@pytest.mark.parametrize("entry", [FULL, MINIMAL])
def test_syslog_lines_follow_rfc5424(entry: Entry):
    line = to_syslog(entry, hostname="host one")
    match = SYSLOG.match(line)
    assert match, line
    assert match["host"] == "hostone"
    assert match["msgid"] == entry.event["action"]


def test_syslog_severity_and_escaping():
    line = to_syslog(FULL)
    assert line.startswith("<108>1 ")  # log audit (13) * 8 + warning (4)
    assert to_syslog(MINIMAL).startswith("<110>1 ")  # informational
    assert 'count.NAME="2"' in line
    tricky = Entry(
        seq=FULL.seq,
        recorded_at=FULL.recorded_at,
        event={**FULL.event, "actor": 'x"y]z\\'},
        details=None,
        details_sha256=FULL.details_sha256,
        entry_hash=FULL.entry_hash,
    )
    assert 'actor="x\\"y\\]z\\\\"' in to_syslog(tricky)
    assert SYSLOG.match(to_syslog(tricky))


def test_cef_header_and_extension_escaping():
    tricky = Entry(
        seq=3,
        recorded_at=FULL.recorded_at,
        event={**FULL.event, "action": "a|b", "actor": "x=y\\z\nw", "client_address": "not-an-ip"},
        details=None,
        details_sha256=FULL.details_sha256,
        entry_hash=FULL.entry_hash,
    )
    line = to_cef(tricky)
    fields = re.split(r"(?<!\\)\|", line, maxsplit=7)
    extension = fields[7]
    assert fields[:4] == ["CEF:0", "phigate", "phigate", "0.1.0"]
    assert fields[4] == "a\\|b"
    assert fields[6] == "6"
    assert "suser=x\\=y\\\\z\\nw" in extension
    assert "shost=not-an-ip" in extension
    assert "\n" not in line


def test_cef_fields():
    line = to_cef(FULL)
    assert line.startswith("CEF:0|phigate|phigate|0.1.0|summarize|summarize refused|6|")
    assert "src=10.1.2.3" in line
    assert "rt=1748779200123" in line
    assert "externalId=7" in line
    assert "cs1Label=patientRef cs1=" + "ab" * 32 in line
    assert "cs6=gpt-x 2025-01" in line
    assert "cn1=5" in line
    assert to_cef(MINIMAL).split("|")[6] == "3"
