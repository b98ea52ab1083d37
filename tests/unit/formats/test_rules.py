"""The shipped rule sets: default deny, and the strict Safe Harbor sets in step with the keyed ones."""

from __future__ import annotations

import json

import pytest

from formats_testkit import roundtrip
from phigate.formats.fhir import FhirHandler
from phigate.formats.fields import FieldAction, FieldKeys
from phigate.formats.rulefile import load_rule_file

KEYS = FieldKeys.from_secret(b"rules-test-secret-0123456789abcd")
#: Keyed codes a strict set keeps: they identify records and messages, and keep the output valid.
STRUCTURAL = {
    "fhir": {
        "Resource.id",
        "Reference.reference",
        "Bundle.entry.fullUrl",
        "Bundle.entry.request.url",
        "ImagingStudy.series.uid",
        "ImagingStudy.series.instance.uid",
    },
    "hl7v2": {"MSH-10"},
}


@pytest.mark.parametrize("fmt", ["fhir", "hl7v2"])
@pytest.mark.parametrize("name", ["safe-harbor", "safe-harbor-strict"])
def test_shipped_sets_deny_by_default(fmt: str, name: str) -> None:
    rules = load_rule_file(name, fmt=fmt)
    assert rules.default is FieldAction.REDACT and rules.name == f"{fmt}-{name}"


@pytest.mark.parametrize("fmt", ["fhir", "hl7v2"])
def test_strict_set_differs_only_in_coding_the_patients_identifiers(fmt: str) -> None:
    keyed, strict = load_rule_file("safe-harbor", fmt=fmt), load_rule_file("safe-harbor-strict", fmt=fmt)
    assert len(keyed.rules) == len(strict.rules)
    changed = []
    for a, b in zip(keyed.rules, strict.rules, strict=True):
        assert (a.path, a.type, a.generalize_as) == (b.path, b.type, b.generalize_as)
        if a.action is not b.action:
            assert (a.action, b.action) == (FieldAction.PSEUDONYMIZE, FieldAction.REDACT), a.path
            changed.append(a.path)
    coded = {r.path for r in strict.rules if r.action in (FieldAction.PSEUDONYMIZE, FieldAction.HASH)}
    assert coded == STRUCTURAL[fmt] and changed


def test_strict_fhir_removes_patient_identifiers_and_keeps_references() -> None:
    patient = {
        "resourceType": "Patient",
        "id": "p1",
        "identifier": [{"system": "http://hospital.example.org/mrn", "value": "MR5550001"}],
    }
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"fullUrl": "urn:uuid:p1", "resource": patient},
            {
                "fullUrl": "urn:uuid:o1",
                "resource": {
                    "resourceType": "Observation",
                    "status": "final",
                    "code": {"coding": [{"system": "http://loinc.org", "code": "2093-3"}]},
                    "subject": {"reference": "urn:uuid:p1"},
                },
            },
        ],
    }
    data = json.dumps(bundle).encode()
    keyed = json.loads(roundtrip(FhirHandler(keys=KEYS), data))
    strict = json.loads(roundtrip(FhirHandler(rules="safe-harbor-strict", keys=KEYS), data))
    assert keyed["entry"][0]["resource"]["identifier"][0]["value"] != "MR5550001"
    assert "value" not in strict["entry"][0]["resource"]["identifier"][0]
    assert strict["entry"][1]["resource"]["subject"]["reference"] == strict["entry"][0]["fullUrl"]
    assert "MR5550001" not in json.dumps(strict)
