"""The pipeline: detect -> decide -> transform -> one audit event per run, failures included."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from deid_testkit import NOTE, SECRET, FailingRecognizer, RegexRecognizer, detector
from phigate.audit.sink import NullAuditSink
from phigate.crypto.hmac import keyed_hash
from phigate.detection.base import Detector
from phigate.errors import AuditError, ConfigError, DetectionError, PolicyError, TransformError
from phigate.model import Action, AuditEvent, Decision, Document, Finding
from phigate.pipeline import Pipeline
from phigate.policy import get_policy

TODAY = dt.date(2025, 6, 1)


class RecordingSink:
    """Keeps every event (a real list, so tests can read what would be stored)."""

    def __init__(self) -> None:
        self.events: list[AuditEvent] = []

    def append(self, event: AuditEvent) -> int:
        self.events.append(event)
        return len(self.events)


class BrokenSink:
    def append(self, event: AuditEvent) -> int:
        raise AuditError("store unreachable")


def pipeline(policy: str = "safe-harbor", **kwargs: object) -> tuple[Pipeline, RecordingSink]:
    sink = RecordingSink()
    options: dict[str, object] = {"detector": detector(), "audit": sink, "reference_date": TODAY}
    options.update(kwargs)
    return Pipeline(policy=get_policy(policy), **options), sink  # type: ignore[arg-type]


def test_safe_harbor_run() -> None:
    p, sink = pipeline()
    result = p.run(Document.from_text(NOTE, id="n1"))
    text = result.document.segments[0].text
    assert text == (
        "[NAME] (MRN [MRN]) was seen on 2021 in Boston, MA 021. "
        "SSN [SSN], phone [PHONE], email [EMAIL]. "
        "A 90+-year-old relative, [NAME], visits on 2021. [NAME] agreed."
    )
    assert result.audit_seq == 1
    assert result.decision.policy == "safe-harbor"
    assert len(result.findings) == len(result.decision.actions) == 11


def test_audit_event_holds_counts_offsets_and_hmacs_never_phi() -> None:
    p, sink = pipeline(secret=SECRET)
    p.run(Document.from_text(NOTE, id="n1", patient="patient-42"))
    (event,) = sink.events
    assert event.action == "de-identify" and event.outcome == "success" and event.actor == "phigate"
    assert event.entity_counts == {
        "AGE": 1, "DATE": 2, "EMAIL": 1, "MRN": 1, "NAME": 3, "PHONE": 1, "SSN": 1, "ZIP": 1,
    }  # fmt: skip
    assert event.started_at <= event.ended_at and event.started_at.tzinfo is not None
    details = event.details
    assert details["policy"] == "safe-harbor" and details["recognizers"] == {"test-regex": "1"}
    findings = details["findings"]
    assert isinstance(findings, list) and len(findings) == 11
    first = findings[0]
    assert set(first) == {"segment", "start", "end", "category", "recognizer", "transform", "value_hmac"}
    assert NOTE[first["start"] : first["end"]] == "John Smith"
    audit_key = p._audit_key
    assert audit_key is not None
    assert first["value_hmac"] == keyed_hash(audit_key, "John Smith")
    assert event.patient_ref == keyed_hash(audit_key, "patient-42")
    serialized = json.dumps({"details": details, "ref": event.patient_ref, "counts": event.entity_counts})
    for phi in ("John", "Smith", "Roe", "123-45-6789", "555-0134", "03/04/2021", "patient-42", "1234567"):
        assert phi not in serialized


def test_without_a_key_events_carry_no_value_hashes() -> None:
    p, sink = pipeline()
    p.run(Document.from_text(NOTE))
    (event,) = sink.events
    assert event.patient_ref is None
    assert all(f["value_hmac"] is None for f in event.details["findings"])  # type: ignore[attr-defined]


def test_an_explicit_audit_key_is_used() -> None:
    p, sink = pipeline(secret=SECRET, audit_key=b"a" * 32)
    p.run(Document.from_text("Jane Roe", patient="x"))
    assert sink.events[0].patient_ref == keyed_hash(b"a" * 32, "x")


def test_pseudonymize_run_is_consistent_across_documents_of_a_patient() -> None:
    p, _ = pipeline("pseudonymize", secret=SECRET)
    a = p.run(Document.from_text("John Smith on 03/04/2021", id="a", patient="P")).document.segments[0].text
    b = p.run(Document.from_text("Mr. Smith on 03/11/2021", id="b", patient="P")).document.segments[0].text
    c = p.run(Document.from_text("John Smith on 03/04/2021", id="c", patient="Q")).document.segments[0].text
    surname = a.split()[1]
    assert "Smith" not in a and b.startswith(f"Mr. {surname} on ")
    shifted_a = dt.datetime.strptime(a.split()[-1], "%m/%d/%Y")
    shifted_b = dt.datetime.strptime(b.split()[-1], "%m/%d/%Y")
    assert (shifted_b - shifted_a).days == 7
    assert c != a
    again, _ = pipeline("pseudonymize", secret=SECRET)
    same = again.run(Document.from_text("John Smith on 03/04/2021", id="a", patient="P"))
    assert same.document.segments[0].text == a


def test_markers_are_configurable() -> None:
    p, _ = pipeline(marker="stars")
    assert p.run(Document.from_text("Jane Roe")).document.segments[0].text == "***"
    with pytest.raises(ConfigError):
        pipeline(marker="{bogus}")


def test_trust_inputs_are_checked_at_construction() -> None:
    with pytest.raises(PolicyError, match="needs a secret"):
        pipeline("pseudonymize")
    with pytest.raises(ConfigError, match="16 bytes"):
        pipeline(secret=b"short")
    with pytest.raises(TypeError):
        Pipeline(detector=detector(), policy=get_policy())  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Pipeline(detector(), get_policy(), NullAuditSink())  # type: ignore[misc]


def test_detection_failure_is_audited_then_raised() -> None:
    sink = RecordingSink()
    p = Pipeline(detector=Detector([RegexRecognizer(), FailingRecognizer()]), policy=get_policy(), audit=sink)
    with pytest.raises(DetectionError):
        p.run(Document.from_text(NOTE))
    (event,) = sink.events
    assert event.outcome == "error"
    assert event.details["stage"] == "detect" and event.details["error"] == "DetectionError"
    assert "John" not in json.dumps(dict(event.details))


class _DropsFindings:
    name = "drops"
    version = "1"

    def decide(self, document: Document, findings: object) -> Decision:
        return Decision(self.name, self.version, ())


class _BadTransform:
    name = "bad"
    version = "1"

    def decide(self, document: Document, findings: list[Finding]) -> Decision:
        return Decision(self.name, self.version, tuple(Action(f, "no-such-transform") for f in findings))


def test_a_policy_that_leaves_findings_undecided_fails_closed() -> None:
    sink = RecordingSink()
    p = Pipeline(detector=detector(), policy=_DropsFindings(), audit=sink)  # type: ignore[arg-type]
    with pytest.raises(PolicyError):
        p.run(Document.from_text(NOTE))
    assert sink.events[0].outcome == "error" and sink.events[0].details["stage"] == "decide"
    assert sink.events[0].entity_counts["NAME"] == 3


def test_a_transform_failure_fails_closed() -> None:
    sink = RecordingSink()
    p = Pipeline(detector=detector(), policy=_BadTransform(), audit=sink)  # type: ignore[arg-type]
    with pytest.raises(TransformError):
        p.run(Document.from_text(NOTE))
    assert sink.events[0].details["stage"] == "transform"


def test_an_audit_failure_stops_the_run() -> None:
    p = Pipeline(detector=detector(), policy=get_policy(), audit=BrokenSink())
    with pytest.raises(AuditError):
        p.run(Document.from_text(NOTE))
    bad = Pipeline(detector=Detector([FailingRecognizer()]), policy=get_policy(), audit=BrokenSink())
    with pytest.raises(AuditError) as info:
        bad.run(Document.from_text(NOTE))
    assert isinstance(info.value.__context__, DetectionError)


def test_clean_documents_are_audited_too() -> None:
    p, sink = pipeline()
    result = p.run(Document.from_text("Nothing to see here."))
    assert result.document.segments[0].text == "Nothing to see here."
    assert sink.events[0].entity_counts == {} and sink.events[0].outcome == "success"


class BatchingSink(RecordingSink):
    """A sink that can batch: records how many commits the pipeline asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.commits: list[int] = []

    def append_many(self, events: list[AuditEvent]) -> list[int]:
        self.commits.append(len(events))
        return [self.append(event) for event in events]


def test_run_many_audits_a_whole_file_in_one_commit() -> None:
    sink = BatchingSink()
    p = Pipeline(detector=detector(), policy=get_policy("safe-harbor"), audit=sink, reference_date=TODAY)
    docs = [Document.from_text(NOTE, id=f"row-{i}") for i in range(5)]
    results = p.run_many(docs)
    assert sink.commits == [5]
    assert [r.audit_seq for r in results] == [1, 2, 3, 4, 5]
    assert all(r.document.segments[0].text.startswith("[NAME] (MRN [MRN])") for r in results)
    assert p.run_many([]) == [] and sink.commits == [5]


def test_run_many_failure_audits_what_ran_and_the_failure_then_raises() -> None:
    sink = BatchingSink()
    failing = Detector([FailingRecognizer()])
    p = Pipeline(detector=failing, policy=get_policy("safe-harbor"), audit=sink, reference_date=TODAY)
    with pytest.raises(DetectionError):
        p.run_many([Document.from_text(NOTE, id="a"), Document.from_text(NOTE, id="b")])
    assert sink.commits == [1]
    assert [e.outcome for e in sink.events] == ["error"]


def test_deidentify_reuses_one_keyless_pipeline_per_policy_and_detector(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import phigate.detection
    import phigate.pipeline

    monkeypatch.setattr(phigate.detection, "_default", detector())
    monkeypatch.setattr(phigate.pipeline, "_unkeyed", {})
    assert phigate.pipeline.deidentify(NOTE).startswith("[NAME] (MRN [MRN])")
    first = phigate.pipeline._unkeyed["safe-harbor"]
    assert phigate.pipeline.deidentify("Roe, SSN 123-45-6789") == "[NAME], SSN [SSN]"
    assert phigate.pipeline._unkeyed["safe-harbor"] is first
    monkeypatch.setattr(phigate.detection, "_default", detector())  # a new default detector
    phigate.pipeline.deidentify("Roe")
    assert phigate.pipeline._unkeyed["safe-harbor"] is not first
    keyed = phigate.pipeline.deidentify("Roe", policy="pseudonymize", key=SECRET)
    assert keyed != "Roe" and set(phigate.pipeline._unkeyed) == {"safe-harbor"}  # keyed runs are not kept
