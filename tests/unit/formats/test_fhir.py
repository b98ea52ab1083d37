"""FHIR handler: default deny, first match wins, consistent ids, free text routed, validated output."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from formats_testkit import roundtrip
from phigate.errors import ConfigError, FormatError
from phigate.evaluation.synth_structured import fhir_bundle, fhir_ndjson, patients
from phigate.formats.fhir import FhirHandler, validate_resource
from phigate.formats.fields import FieldKeys
from phigate.model import FREE_TEXT

KEYS = FieldKeys.from_secret(b"fhir-test-secret-0123456789abcdef")


def _roundtrip(handler: FhirHandler, data: bytes) -> bytes:
    return roundtrip(handler, data, source="in.json")


def _rules(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(f"name: test\nversion: '1'\nformat: fhir\n{body}", encoding="utf-8")
    return path


def _patient(**extra: Any) -> bytes:
    resource = {
        "resourceType": "Patient",
        "id": "p1",
        "name": [{"use": "official", "family": "Quintero", "given": ["Odalys"]}],
        "birthDate": "1961-05-02",
        "address": [{"line": ["12 Heron Lane"], "city": "Eastport", "state": "ME", "postalCode": "04631"}],
        **extra,
    }
    return json.dumps(resource).encode()


def test_bundle_round_trip_removes_identifiers_and_validates() -> None:
    pts = patients(3, seed=5)
    data = json.dumps(fhir_bundle(pts, seed=5), indent=2).encode()
    out_bytes = _roundtrip(FhirHandler(keys=KEYS), data)
    out = json.loads(out_bytes)
    validate_resource(out, source="test")
    text = out_bytes.decode()
    for p in pts:
        for ident in p.identifiers:
            assert ident not in text, ident
    resources = [e["resource"] for e in out["entry"]]
    patient, encounter, observation = resources[:3]
    assert patient["birthDate"] == str(pts[0].birth_date.year)
    assert patient["address"] == [{"state": pts[0].state, "postalCode": pts[0].zip[:3], "country": "US"}]
    assert patient["name"] == [{"use": "official"}]
    assert "extension" not in patient and "telecom" not in patient
    assert encounter["subject"] == {"reference": f"Patient/{patient['id']}", "display": "[TEXT]"}
    assert observation["encounter"]["reference"] == f"Encounter/{encounter['id']}"
    assert observation["effectiveDateTime"] == str(pts[0].visit.year)
    assert observation["valueQuantity"]["unit"] == "mg/dL"
    assert observation["note"] == [{"text": "[TEXT]"}]
    assert patient["text"]["div"] == '<div xmlns="http://www.w3.org/1999/xhtml">[TEXT]</div>'
    assert out_bytes.startswith(b'{\n  "resourceType": "Bundle"')


def test_documents_per_resource_with_patient_refs() -> None:
    pts = patients(2, seed=9)
    docs = FhirHandler(keys=KEYS).parse(json.dumps(fhir_bundle(pts, seed=9)).encode(), source="b.json")
    assert len(docs) == 1 + 3 * 2 and docs[0].segments == ()
    assert [d.id for d in docs[:2]] == ["b.json#0", "b.json#1"]
    assert docs[1].patient == docs[2].patient == docs[3].patient != docs[4].patient
    assert docs[1].segments[0].path == "Bundle.entry[0].resource.text.div#1"
    assert docs[3].segments[0].path == "Bundle.entry[2].resource.note[0].text"
    assert all(s.kind == FREE_TEXT for d in docs for s in d.segments)
    assert pts[0].given in docs[1].segments[0].text


def test_ids_consistent_across_bundle_and_ndjson_files() -> None:
    pts = patients(2, seed=2)
    handler = FhirHandler(keys=KEYS)
    bundle = json.loads(_roundtrip(handler, json.dumps(fhir_bundle(pts, seed=2)).encode()))
    lines = _roundtrip(handler, fhir_ndjson(pts, seed=2)).decode().splitlines()
    assert len(lines) == 6
    from_ndjson = [json.loads(line) for line in lines]
    assert [r["id"] for r in from_ndjson] == [e["resource"]["id"] for e in bundle["entry"]]
    other = json.loads(
        _roundtrip(FhirHandler(keys=FieldKeys.from_secret(b"x" * 32)), fhir_ndjson(pts).split(b"\n")[0])
    )
    assert other["id"] != from_ndjson[0]["id"]
    assert from_ndjson[0]["identifier"][0]["value"] != pts[0].mrn


def test_urn_uuid_references_follow_full_urls() -> None:
    pid = "0b8f3a52-5e0e-4c38-9b1e-2f1e1c0f4a11"
    bundle = {
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [
            {"fullUrl": f"urn:uuid:{pid}", "resource": {"resourceType": "Patient", "id": pid},
             "request": {"method": "POST", "url": "Patient"}},
            {"fullUrl": "urn:uuid:1c2d3e4f-0000-4000-8000-000000000001",
             "resource": {"resourceType": "Observation", "status": "final", "code": {"text": "x"},
                          "subject": {"reference": f"urn:uuid:{pid}"},
                          "contained": [{"resourceType": "Practitioner", "id": "pr1"}],
                          "performer": [{"reference": "#pr1"}]},
             "request": {"method": "POST", "url": "Observation"}},
        ],
    }  # fmt: skip
    out = json.loads(_roundtrip(FhirHandler(keys=KEYS), json.dumps(bundle).encode()))
    first, second = out["entry"]
    assert (
        second["resource"]["subject"]["reference"]
        == first["fullUrl"]
        == f"urn:uuid:{first['resource']['id']}"
    )
    assert first["request"] == {"method": "POST", "url": "Patient"}
    contained = second["resource"]["contained"][0]["id"]
    assert second["resource"]["performer"][0]["reference"] == f"#{contained}"


def test_default_deny_and_first_match_wins(tmp_path: Path) -> None:
    rules = _rules(
        tmp_path,
        "default: redact\nrules:\n"
        "  - {path: Resource.id, action: keep}\n"
        "  - {path: Address.state, action: keep}\n"
        "  - {type: Address, action: redact}\n"
        "  - {path: Address.city, action: keep}\n"
        "  - {path: Patient.birthDate, action: date-shift}\n",
    )
    handler = FhirHandler(rules=rules, keys=KEYS)
    out = json.loads(_roundtrip(handler, _patient(gender="female")))
    assert out["id"] == "p1"
    assert out["address"] == [{"state": "ME"}]
    assert "name" not in out and "gender" not in out
    assert out["birthDate"] != "1961-05-02" and len(out["birthDate"]) == 10
    shift = handler.fields.shift_days(handler.parse(_patient(), source="x")[0].patient or "")
    import datetime as dt

    assert dt.date.fromisoformat(out["birthDate"]) - dt.date(1961, 5, 2) == dt.timedelta(days=shift)


def test_birth_year_over_89_is_removed_and_ages_generalized() -> None:
    old = _patient(birthDate="1921-01-01")
    assert "birthDate" not in json.loads(_roundtrip(FhirHandler(keys=KEYS), old))
    obs = {
        "resourceType": "FamilyMemberHistory",
        "status": "completed",
        "patient": {"reference": "Patient/p1"},
        "relationship": {"text": "mother"},
        "ageAge": {"value": 93, "unit": "a"},
    }
    out = json.loads(_roundtrip(FhirHandler(keys=KEYS), json.dumps(obs).encode()))
    assert out["ageAge"] == {"unit": "a"}


def test_narrative_html_is_escaped_back() -> None:
    div = '<div xmlns="http://www.w3.org/1999/xhtml"><p>Odalys &amp; Co</p><p>ok</p></div>'
    data = _patient(text={"status": "generated", "div": div})
    handler = FhirHandler(keys=KEYS)
    docs = handler.parse(data, source="n.json")
    assert [s.text for s in docs[0].segments] == ["Odalys & Co", "ok"]
    new = (dataclasses.replace(docs[0].segments[0], text="<b> & [NAME]"), docs[0].segments[1])
    out = json.loads(handler.render([dataclasses.replace(docs[0], segments=new)], original=data))
    assert (
        out["text"]["div"]
        == '<div xmlns="http://www.w3.org/1999/xhtml"><p>&lt;b&gt; &amp; [NAME]</p><p>ok</p></div>'
    )


def test_output_that_fails_validation_is_refused(tmp_path: Path) -> None:
    rules = _rules(tmp_path, "default: redact\nrules:\n  - {path: Observation.code, action: keep}\n")
    obs = {"resourceType": "Observation", "status": "final", "code": {"text": "x"}}
    with pytest.raises(FormatError, match=r"output fails FHIR validation at Observation\.status"):
        _roundtrip(FhirHandler(rules=rules, keys=KEYS), json.dumps(obs).encode())


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b'{"resourceType": "Patient", ', "malformed JSON"),
        (b"[1, 2]", "not a FHIR resource"),
        (b'{"resourceType": "Nonsense"}', "not a FHIR R4 resource"),
        (
            b'{"resourceType": "Patient", "birthDate": "1961-13-45"}',
            r"fails FHIR validation at Patient\.birthDate",
        ),
        (b'{"resourceType": "Patient"}\n{"resourceType": "Patient", "id": }\n', "malformed NDJSON line 2"),
        (b'{"resourceType": "Patient", "id": "\xff"}', "not valid UTF-8"),
    ],
)
def test_bad_input_is_a_format_error(data: bytes, message: str) -> None:
    with pytest.raises(FormatError, match=message) as info:
        FhirHandler(keys=KEYS).parse(data, source="bad.json")
    assert "1961-13-45" not in str(info.value)


def test_size_limit_and_unvalidated_unknown_type() -> None:
    with pytest.raises(FormatError, match="larger than the limit"):
        FhirHandler(keys=KEYS, max_bytes=10).parse(_patient(), source="big.json")
    with pytest.raises(FormatError, match="unknown FHIR resourceType"):
        FhirHandler(keys=KEYS, validate_input=False).parse(b'{"resourceType": "Nope"}', source="x")


def test_render_rejects_mismatched_documents() -> None:
    data = json.dumps(fhir_bundle(patients(1))).encode()
    handler = FhirHandler(keys=KEYS)
    docs = list(handler.parse(data, source="r.json"))
    with pytest.raises(FormatError, match="document count"):
        handler.render(docs[:-1], original=data)
    with pytest.raises(FormatError, match="order"):
        handler.render(list(reversed(docs)), original=data)
    with pytest.raises(FormatError, match="segments"):
        handler.render([docs[0], dataclasses.replace(docs[1], segments=()), *docs[2:]], original=data)


def test_rule_files_are_checked(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unsupported FHIR rule path"):
        FhirHandler(
            rules=_rules(
                tmp_path, "default: redact\nrules:\n  - {path: 'Patient.name.where(x)', action: keep}\n"
            )
        )
    with pytest.raises(ConfigError, match="not 'fhir'"):
        FhirHandler(rules="safe-harbor" if False else _hl7_rules(tmp_path))
    with pytest.raises(ConfigError, match="no shipped fhir rule set"):
        FhirHandler(rules="nope")
    with pytest.raises(ConfigError, match="action"):
        FhirHandler(rules=_rules(tmp_path, "default: redact\nrules:\n  - {path: Patient, action: shred}\n"))


def _hl7_rules(tmp_path: Path) -> Path:
    path = tmp_path / "hl7.yaml"
    path.write_text("name: x\nversion: '1'\nformat: hl7v2\ndefault: keep\nrules: []\n", encoding="utf-8")
    return path


def test_ms_style_nodes_by_type_selector(tmp_path: Path) -> None:
    rules = _rules(
        tmp_path,
        "default: keep\nrules:\n  - {path: \"nodesByType('HumanName').use\", action: keep}\n"
        "  - {path: \"nodesByType('HumanName')\", action: redact}\n",
    )
    out = json.loads(_roundtrip(FhirHandler(rules=rules, keys=KEYS), _patient()))
    assert out["name"] == [{"use": "official"}] and out["birthDate"] == "1961-05-02"


def test_sniff() -> None:
    h = FhirHandler(keys=KEYS)
    assert h.sniff(b'{\n  "resourceType": "Bundle"', "x.json")
    assert h.sniff(b'{"id": "1", "resourceType": "Patient"}\n{"resourceType"', "x.ndjson")
    assert not h.sniff(b'{"id": "1", "text": "hello"}', "x.jsonl")
    assert not h.sniff(b"MSH|^~\\&|", "x.json")
