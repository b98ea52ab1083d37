"""Frozen value types that flow through the pipeline.

``bytes -> Document -> Findings -> Decision -> Document -> bytes``, with an ``AuditEvent`` per run.
None of these types is ever mutated; transforms build new documents.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

__all__ = [
    "FREE_TEXT",
    "SAFE_HARBOR_LETTER",
    "Action",
    "AuditEvent",
    "Category",
    "Decision",
    "Document",
    "Finding",
    "Segment",
    "SegmentKind",
    "new_action",
]


class Category(StrEnum):
    """What a finding is. Each maps to one of the 18 Safe Harbor identifiers (see SAFE_HARBOR_LETTER)."""

    NAME = "NAME"
    LOCATION = "LOCATION"  # street address, city, county, precinct, named facility, geocode
    ZIP = "ZIP"
    DATE = "DATE"
    AGE = "AGE"  # ages over 89 (younger ages are not identifiers)
    PHONE = "PHONE"  # telephone and pager numbers
    FAX = "FAX"
    EMAIL = "EMAIL"
    SSN = "SSN"
    MRN = "MRN"  # medical record, accession and specimen numbers
    HEALTH_PLAN = "HEALTH_PLAN"  # health plan beneficiary / member numbers
    ACCOUNT = "ACCOUNT"  # account, billing, claim numbers
    LICENSE = "LICENSE"  # certificate and licence numbers: driver licence, DEA, NPI, state licences
    VEHICLE = "VEHICLE"  # VIN, licence plates
    DEVICE = "DEVICE"  # device serials, UDIs
    URL = "URL"
    IP = "IP"
    BIOMETRIC = "BIOMETRIC"
    PHOTO = "PHOTO"
    ID = "ID"  # any other unique identifying number, characteristic or code


#: 45 CFR 164.514(b)(2)(i)(A)-(R): the paragraph each category falls under.
SAFE_HARBOR_LETTER: Mapping[Category, str] = {
    Category.NAME: "A",
    Category.LOCATION: "B",
    Category.ZIP: "B",
    Category.DATE: "C",
    Category.AGE: "C",
    Category.PHONE: "D",
    Category.FAX: "E",
    Category.EMAIL: "F",
    Category.SSN: "G",
    Category.MRN: "H",
    Category.HEALTH_PLAN: "I",
    Category.ACCOUNT: "J",
    Category.LICENSE: "K",
    Category.VEHICLE: "L",
    Category.DEVICE: "M",
    Category.URL: "N",
    Category.IP: "O",
    Category.BIOMETRIC: "P",
    Category.PHOTO: "Q",
    Category.ID: "R",
}

FREE_TEXT: Literal["text"] = "text"
#: A segment's kind: ``"text"`` for free text that needs full detection, or the Category a structured
#: field is known to hold (a DICOM PatientName is a NAME and needs no NER).
SegmentKind = Category | Literal["text"]


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of text and where it lives (``note``, ``Patient.name[0].given[0]``, ``PID-5.1``, ...)."""

    path: str
    text: str
    kind: SegmentKind = FREE_TEXT


@dataclass(frozen=True, slots=True)
class Document:
    """A format-neutral document: an ordered sequence of segments.

    ``patient`` keys consistent pseudonyms and per-patient date shifts; ``None`` means the document id
    stands in for the patient.
    """

    id: str
    segments: tuple[Segment, ...]
    patient: str | None = None
    source_format: str = "text"

    @classmethod
    def from_text(cls, text: str, *, id: str = "doc", patient: str | None = None) -> Document:
        """A one-segment free-text document."""
        return cls(id=id, segments=(Segment("note", text),), patient=patient)

    @property
    def patient_key(self) -> str:
        """The key that scopes pseudonyms and date shifts to one patient."""
        return self.patient if self.patient is not None else self.id


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """A span of one segment that holds PHI: ``segment`` index, code-point offsets, category, score,
    and the id of the recognizer that found it. Holds no text, so it is safe to log.
    """

    segment: int
    start: int
    end: int
    category: Category
    score: float
    recognizer: str

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"invalid span {self.start}..{self.end}")
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"score {self.score} is outside 0..1")


@dataclass(frozen=True, slots=True)
class Action:
    """What a policy decided to do with one finding: a transform name and its parameters."""

    finding: Finding
    transform: str
    params: Mapping[str, str] = field(default_factory=dict)


def new_action(finding: Finding, transform: str, params: Mapping[str, str]) -> Action:
    """``Action(finding, transform, params)``, made without the dataclass ``__init__``: policies make
    one per finding, and a frozen dataclass sets each field through ``object.__setattr__``.
    """
    action = _new(Action)
    _set_finding(action, finding)
    _set_transform(action, transform)
    _set_params(action, params)
    return action


_new = object.__new__
_set_finding, _set_transform, _set_params = (
    Action.__dict__[name].__set__ for name in ("finding", "transform", "params")
)


@dataclass(frozen=True, slots=True)
class Decision:
    """A policy's decision over all findings of one document."""

    policy: str
    policy_version: str
    actions: tuple[Action, ...]


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """One audit record: who did what to whose data, why, and what came of it. Never PHI content.

    ``patient_ref`` is a keyed hash (HMAC) of the patient identifier, never the identifier.
    ``entity_counts`` maps category names to counts. ``details`` holds further non-PHI fields
    (offsets, recognizer ids, keyed hashes of values).
    """

    action: str  # summarize, classify, generate, de-identify, re-identify, export, ...
    actor: str  # user or service id
    outcome: str  # success, refused, error
    started_at: dt.datetime
    ended_at: dt.datetime
    actor_type: str = "service"  # user | service
    request_id: str | None = None
    client_address: str | None = None
    patient_ref: str | None = None
    model: str | None = None
    model_version: str | None = None
    role: str | None = None
    purpose_of_use: str | None = None
    decision: str | None = None  # permit, deny, break-glass
    disposition: str | None = None  # where the result went
    entity_counts: Mapping[str, int] = field(default_factory=dict)
    details: Mapping[str, object] = field(default_factory=dict)
