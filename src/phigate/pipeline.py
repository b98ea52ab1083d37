"""The one pipeline: detect -> decide -> transform -> audit, for every entry point.

``Pipeline`` takes its trust inputs (detector, policy, audit sink) as required keyword arguments;
there are no defaults, and tests pass ``NullAuditSink()`` on purpose. Every ``run`` appends exactly
one audit event, failures included (outcome ``error``, then the error is re-raised). Events hold
counts, categories, offsets, recognizer ids and keyed hashes (HMAC) of values, never the values.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from phigate.audit.sink import AuditSink, BatchAuditSink, NullAuditSink
from phigate.crypto.hmac import derive_key, keyed_hash
from phigate.detection.base import Detector
from phigate.errors import ConfigError, PolicyError
from phigate.model import AuditEvent, Category, Decision, Document, Finding
from phigate.policy import Policy, check_decision, get_policy
from phigate.transforms import DEFAULT_MARKER, TransformContext, apply_decision, get_transform, resolve_marker

__all__ = ["AUDIT_ACTION", "Pipeline", "PipelineResult", "deidentify"]

#: The audit event action of a pipeline run.
AUDIT_ACTION = "de-identify"
#: Purpose of the audit HMAC key when it is derived from the pipeline secret.
_AUDIT_PURPOSE = "audit-hash"
#: Category -> its name as a plain string (``Enum.value`` is slow in the per-finding loop).
_NAMES: dict[Category, str] = {c: c.value for c in Category}


@dataclass(frozen=True, slots=True)
class PipelineResult:
    """The transformed document, what was found, what was decided, and the audit event's sequence number."""

    document: Document
    findings: tuple[Finding, ...]
    decision: Decision
    audit_seq: int


class Pipeline:
    """Detects, decides, transforms and audits documents. Reusable and thread-safe.

    ``secret`` keys surrogates and date shifts (policies such as ``pseudonymize`` require it);
    ``audit_key`` keys the hashes in audit events (default: derived from ``secret``; with neither,
    events carry no value hashes). ``reference_date`` is the day ages are counted to (default: today).
    """

    def __init__(
        self,
        *,
        detector: Detector,
        policy: Policy,
        audit: AuditSink,
        secret: bytes | None = None,
        audit_key: bytes | None = None,
        actor: str = "phigate",
        marker: str = DEFAULT_MARKER,
        reference_date: dt.date | None = None,
    ) -> None:
        if getattr(policy, "requires_secret", False) and secret is None:
            raise PolicyError(f"policy {policy.name} needs a secret key")
        if secret is not None and len(secret) < 16:
            raise ConfigError("the pipeline secret must be at least 16 bytes")
        self.detector = detector
        self.policy = policy
        self.audit = audit
        self.actor = actor
        self.marker = resolve_marker(marker)
        self.reference_date = reference_date
        self._secret = secret
        #: Fixed for the pipeline's life: checked once, not per document (a runtime-checkable
        #: protocol's ``isinstance`` costs microseconds).
        self._append_many = audit.append_many if isinstance(audit, BatchAuditSink) else None
        self._versions = detector.versions
        self._audit_key = (
            audit_key
            if audit_key is not None
            else (derive_key(secret, _AUDIT_PURPOSE) if secret is not None else None)
        )

    def run(self, document: Document) -> PipelineResult:
        """De-identify ``document``; append one audit event whatever the outcome."""
        return self.run_many([document])[0]

    def run_many(self, documents: Sequence[Document]) -> list[PipelineResult]:
        """De-identify ``documents`` (one file's worth) and append one audit event each.

        The events are appended together, in one durable commit when the sink can batch, before
        any result is returned. If a document fails, the events so far and the failure's are
        appended, then the error is raised: nothing comes back unaudited.
        """
        done: list[tuple[Document, tuple[Finding, ...], Decision]] = []
        events: list[AuditEvent] = []
        for document in documents:
            started = _now()
            stage = "detect"
            findings: tuple[Finding, ...] = ()
            try:
                findings = tuple(self.detector.detect(document))
                stage = "decide"
                decision = self.policy.decide(document, findings)
                check_decision(findings, decision)
                stage = "transform"
                output = self._transform(document, decision) if decision.actions else document
            except Exception as exc:
                details = {"stage": stage, "error": type(exc).__name__, **self._common(document)}
                events.append(self._event(document, started, "error", findings, details))
                self._append(events)
                raise
            details = self._common(document)
            details["findings"] = self._finding_details(document, decision)
            events.append(self._event(document, started, "success", findings, details))
            done.append((output, findings, decision))
        seqs = self._append(events)
        return [PipelineResult(o, f, d, seq) for (o, f, d), seq in zip(done, seqs, strict=True)]

    def with_audit(self, audit: AuditSink) -> Pipeline:
        """A twin of this pipeline (same detector, policy, keys and marker) appending to ``audit``.

        Batch workers run such a twin with a sink that collects the events and hand them back to the
        process that owns the audit log, which appends them with :meth:`append_events`.
        """
        twin = copy.copy(self)
        twin.audit = audit
        twin._append_many = audit.append_many if isinstance(audit, BatchAuditSink) else None
        return twin

    def append_events(self, events: Sequence[AuditEvent]) -> list[int]:
        """Append ``events`` (made by a twin from :meth:`with_audit`) to this pipeline's sink, in one
        durable commit when the sink can batch; return their sequence numbers.
        """
        return self._append(events)

    def _append(self, events: Sequence[AuditEvent]) -> list[int]:
        if not events:
            return []
        if self._append_many is not None:
            return self._append_many(events)
        return [self.audit.append(event) for event in events]

    def _transform(self, document: Document, decision: Decision) -> Document:
        """``document`` with ``decision`` applied (``run`` skips this for a document with no findings)."""
        ctx = TransformContext(
            document.patient_key,
            self._secret,
            self.marker,
            self.reference_date or dt.date.today(),
        )
        return apply_decision(document, decision, ctx, get_transform)

    def _hash(self, value: str) -> str | None:
        return keyed_hash(self._audit_key, value) if self._audit_key is not None else None

    def _common(self, document: Document) -> dict[str, object]:
        return {
            "policy": self.policy.name,
            "policy_version": self.policy.version,
            "recognizers": dict(self._versions),
            "format": document.source_format,
            "segments": len(document.segments),
            "document_ref": self._hash("document\x1f" + document.id),
        }

    def _finding_details(self, document: Document, decision: Decision) -> list[dict[str, object]]:
        key = self._audit_key
        texts = [segment.text for segment in document.segments]
        return [
            {
                "segment": f.segment,
                "start": f.start,
                "end": f.end,
                "category": _NAMES[f.category],
                "recognizer": f.recognizer,
                "transform": action.transform,
                "value_hmac": None if key is None else keyed_hash(key, texts[f.segment][f.start : f.end]),
            }
            for action in decision.actions
            for f in (action.finding,)
        ]

    def _event(
        self,
        document: Document,
        started: dt.datetime,
        outcome: str,
        findings: tuple[Finding, ...],
        details: Mapping[str, object],
    ) -> AuditEvent:
        counts: dict[str, int] = {}
        for f in findings:
            name = _NAMES[f.category]
            counts[name] = counts.get(name, 0) + 1
        return AuditEvent(
            action=AUDIT_ACTION,
            actor=self.actor,
            outcome=outcome,
            started_at=started,
            ended_at=_now(),
            patient_ref=self._hash(document.patient_key),
            entity_counts=dict(sorted(counts.items())),
            details=details,
        )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def deidentify(text: str, *, policy: str | Policy = "safe-harbor", key: bytes | None = None) -> str:
    """``text`` de-identified by ``policy`` with the default detector; ``key`` is the secret that
    surrogates and date shifts need (``pseudonymize``). Keeps no audit record: build a ``Pipeline``
    with an ``AuditLog`` for audited runs.
    """
    from phigate.detection import default_detector

    detector = default_detector()
    if isinstance(policy, str) and key is None:  # no secret to hold on to: one pipeline per policy name
        pipeline = _unkeyed.get(policy)
        if pipeline is None or pipeline.detector is not detector:
            pipeline = _unkeyed[policy] = Pipeline(
                detector=detector, policy=get_policy(policy), audit=NullAuditSink()
            )
    else:
        pipeline = Pipeline(
            detector=detector,
            policy=get_policy(policy) if isinstance(policy, str) else policy,
            audit=NullAuditSink(),
            secret=key,
        )
    return pipeline.run(Document.from_text(text)).document.segments[0].text


#: Policy name -> the keyless pipeline :func:`deidentify` reuses (pipelines are thread-safe).
_unkeyed: dict[str, Pipeline] = {}
