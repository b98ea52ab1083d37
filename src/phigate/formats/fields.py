"""Field-level actions shared by the structured handlers (FHIR, HL7 v2, tabular, DICOM).

A structured field is not searched for PHI: a rule says what it is and what to do with it. The
actions are the same in every format:

- ``keep``: unchanged.
- ``redact``: removed (FHIR element dropped, HL7 field emptied, CSV cell emptied, DICOM tag removed).
- ``pseudonymize``: a keyed, deterministic surrogate id (same value + key -> same pseudonym, in every
  format and every run with that key).
- ``hash``: the full keyed HMAC-SHA256 of the value, hex.
- ``date-shift``: the date moved by a per-patient offset (intervals within a patient are kept); the
  format and precision of the value are kept.
- ``generalize``: date -> year (none when the year implies an age over 89), ZIP -> ZIP3 or ``000``,
  age over 89 -> ``90+``.
- ``text``: free text, handed to the text engine as a ``FREE_TEXT`` segment.

Keys come from a ``KeyProvider`` (``FieldKeys.from_provider``) or a pipeline secret
(``FieldKeys.from_secret``), one derived key per purpose, so a leaked hash key does not give the
date-shift offsets away.
"""

from __future__ import annotations

import datetime as dt
import hmac
import re
import secrets
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from phigate.crypto.hmac import derive_key, keyed_hash
from phigate.errors import ConfigError, TransformError
from phigate.policy.zip3 import Zip3Table, get_zip3_table

__all__ = [
    "FieldAction",
    "FieldKeys",
    "FieldTransformer",
    "Generalization",
    "date_shift_days",
    "pseudonym_id",
]

#: Purposes of the derived keys, as passed to ``KeyProvider.purpose_key``.
PURPOSE_PSEUDONYM = "phigate.formats.pseudonym"
PURPOSE_HASH = "phigate.formats.hash"
PURPOSE_DATE_SHIFT = "phigate.formats.date-shift"


class FieldAction(StrEnum):
    """What a rule does with a structured field."""

    KEEP = "keep"
    REDACT = "redact"
    PSEUDONYMIZE = "pseudonymize"
    HASH = "hash"
    DATE_SHIFT = "date-shift"
    GENERALIZE = "generalize"
    TEXT = "text"


class Generalization(StrEnum):
    """What ``generalize`` does; inferred from the value when a rule does not say."""

    YEAR = "year"
    ZIP3 = "zip3"
    AGE = "age"


class _PurposeKeys(Protocol):
    def purpose_key(self, purpose: str) -> bytes:
        """A 32-byte key for ``purpose``."""


@dataclass(frozen=True, slots=True)
class FieldKeys:
    """The three keys of the field actions. Never logged, never written next to the output."""

    pseudonym: bytes
    hash: bytes
    date_shift: bytes
    ephemeral: bool = False

    def __repr__(self) -> str:
        return f"FieldKeys(ephemeral={self.ephemeral})"

    @classmethod
    def from_provider(cls, provider: _PurposeKeys) -> FieldKeys:
        """Keys from a ``KeyProvider`` (``LocalKeyFile``, Vault, KMS): one per purpose."""
        return cls(
            pseudonym=provider.purpose_key(PURPOSE_PSEUDONYM),
            hash=provider.purpose_key(PURPOSE_HASH),
            date_shift=provider.purpose_key(PURPOSE_DATE_SHIFT),
        )

    @classmethod
    def from_secret(cls, secret: bytes) -> FieldKeys:
        """Keys derived from one secret (HKDF-SHA256, one purpose each)."""
        if len(secret) < 16:
            raise ConfigError("the de-identification secret must be at least 16 bytes")
        return cls(
            derive_key(secret, PURPOSE_PSEUDONYM),
            derive_key(secret, PURPOSE_HASH),
            derive_key(secret, PURPOSE_DATE_SHIFT),
        )

    @classmethod
    def ephemeral_keys(cls) -> FieldKeys:
        """Random keys (``ephemeral=True``): pseudonyms agree only while these keys live and never match
        another run's. For tests and read-only uses; released output needs the configured key.
        """
        return cls(secrets.token_bytes(32), secrets.token_bytes(32), secrets.token_bytes(32), ephemeral=True)


def pseudonym_id(keys: FieldKeys, value: str, *, namespace: str = "") -> str:
    """The keyed surrogate id of ``value`` (24 hex digits); ``namespace`` separates kinds of ids."""
    return hmac.digest(keys.pseudonym, f"{namespace}\x1f{value}".encode(), "sha256").hex()[:24]


def date_shift_days(keys: FieldKeys, patient: str, *, max_days: int = 365) -> int:
    """A patient's date-shift offset in days: keyed, non-zero, in ``[-max_days, max_days]``.

    Every format and the free-text date shift use this, so one patient's dates move together.
    """
    digest = hmac.digest(keys.date_shift, patient.encode(), "sha256")
    magnitude = int.from_bytes(digest[:4], "big") % max_days + 1
    return -magnitude if digest[4] & 1 else magnitude


# YYYY[-MM[-DD]][Thh:mm[:ss[.f]][zone]] (FHIR, ISO) or YYYY[MM[DD[hh[mm[ss[.f]]]]]][+-zzzz] (HL7, DICOM).
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?([T ].*)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})?(\d{2})?(\d{2,}(?:\.\d+)?)?([+-]\d{4})?$")
_ZIP = re.compile(r"^\s*(\d{5})(?:-?\d{4})?\s*$")


@dataclass(frozen=True, slots=True)
class _DateParts:
    year: int
    month: int | None
    day: int | None
    rest: str  # the time part, kept verbatim
    compact: bool


def _parse_date(value: str) -> _DateParts:
    text = value.strip()
    m = _ISO.match(text)
    if m and (m.group(2) or not _COMPACT.match(text)):
        return _DateParts(
            int(m.group(1)),
            int(m.group(2)) if m.group(2) else None,
            int(m.group(3)) if m.group(3) else None,
            m.group(4) or "",
            compact=False,
        )
    c = _COMPACT.match(text)
    if c:
        rest = (c.group(4) or "") + (c.group(5) or "")
        return _DateParts(
            int(c.group(1)),
            int(c.group(2)) if c.group(2) else None,
            int(c.group(3)) if c.group(3) else None,
            rest,
            compact=True,
        )
    raise TransformError("value is not a date")


class FieldTransformer:
    """Applies field actions with one set of keys. Thread-safe; holds no per-call state."""

    def __init__(
        self,
        keys: FieldKeys,
        *,
        max_shift_days: int = 365,
        zip3_table: Zip3Table | None = None,
        today: dt.date | None = None,
    ) -> None:
        if max_shift_days < 1:
            raise ConfigError("max_shift_days must be at least 1")
        self.keys = keys
        self.max_shift_days = max_shift_days
        self.zip3_table = zip3_table or get_zip3_table()
        self.today = today or dt.date.today()

    # -- identifiers -------------------------------------------------------------------------------
    def pseudonym(self, value: str, *, namespace: str = "") -> str:
        """A 24-hex-digit surrogate id, the same for the same (namespace, value) and key."""
        return pseudonym_id(self.keys, value, namespace=namespace)

    def uid(self, value: str) -> str:
        """A DICOM UID ``2.25.<128-bit decimal>`` for ``value``: the same in DICOM, FHIR and every run
        with the key (PS3.5 B.2 UUID-derived UIDs).
        """
        digest = hmac.digest(self.keys.pseudonym, f"dicom-uid\x1f{value}".encode(), "sha256")
        return f"2.25.{int.from_bytes(digest[:16], 'big')}"

    def hash(self, value: str) -> str:
        """The keyed HMAC-SHA256 of ``value``, hex."""
        return keyed_hash(self.keys.hash, value)

    def patient_ref(self, patient: str) -> str:
        """A keyed reference to a patient for documents and audit events (never the id itself)."""
        return self.pseudonym(patient, namespace="patient")

    # -- dates -------------------------------------------------------------------------------------
    def shift_days(self, patient: str) -> int:
        """The patient's offset in days: non-zero, in [-max_shift_days, max_shift_days]."""
        return date_shift_days(self.keys, patient, max_days=self.max_shift_days)

    def shift_date(self, value: str, *, patient: str) -> str:
        """``value`` moved by the patient's offset, in the same format and precision.

        A year-only or year-month value cannot be shifted without inventing precision; it is
        generalized to the shifted year (month) of its first day instead.
        """
        parts = _parse_date(value)
        days = dt.timedelta(days=self.shift_days(patient))
        try:
            shifted = dt.date(parts.year, parts.month or 1, parts.day or 1) + days
        except (ValueError, OverflowError) as exc:
            raise TransformError("date out of range") from exc
        if parts.compact:
            out = f"{shifted.year:04d}"
            if parts.month is not None:
                out += f"{shifted.month:02d}"
            if parts.day is not None:
                out += f"{shifted.day:02d}"
        else:
            out = f"{shifted.year:04d}"
            if parts.month is not None:
                out += f"-{shifted.month:02d}"
            if parts.day is not None:
                out += f"-{shifted.day:02d}"
        return out + parts.rest

    def year_of(self, value: str) -> str | None:
        """The year of a date, or ``None`` when the date implies an age over 89 (Safe Harbor (C))."""
        year = _parse_date(value).year
        if self.today.year - year > 89:
            return None
        return f"{year:04d}"

    # -- generalization ----------------------------------------------------------------------------
    def zip3(self, value: str) -> str:
        """ZIP or ZIP+4 -> first three digits, or ``000`` when that ZIP3 is restricted (or unreadable)."""
        return self.zip3_table.generalize(value)

    @staticmethod
    def age(value: str) -> str:
        """An age over 89 -> ``90+`` (units kept: ``093Y`` -> ``90+``); other ages unchanged."""
        m = re.match(r"^\s*0*(\d{1,3})\s*([A-Za-z]?)\s*$", value)
        if not m:
            raise TransformError("value is not an age")
        years = int(m.group(1))
        unit = m.group(2).upper()
        if unit in {"", "Y", "A"} and years > 89:
            return "90+"
        return value

    def generalize(self, value: str, how: Generalization | None = None) -> str | None:
        """Generalize ``value``; ``how`` is inferred (ZIP, age, else date) when not given."""
        if how is None:
            if _ZIP.match(value):
                how = Generalization.ZIP3
            elif re.match(r"^\s*\d{1,3}\s*[YyAa]?\s*$", value):
                how = Generalization.AGE
            else:
                how = Generalization.YEAR
        if how is Generalization.ZIP3:
            return self.zip3(value)
        if how is Generalization.AGE:
            return self.age(value)
        return self.year_of(value)

    # -- dispatch ----------------------------------------------------------------------------------
    def apply(
        self,
        action: FieldAction,
        value: str,
        *,
        patient: str,
        namespace: str = "",
        how: Generalization | None = None,
    ) -> str | None:
        """Apply one non-text action; ``None`` means "remove the field"."""
        if action is FieldAction.KEEP:
            return value
        if action is FieldAction.REDACT:
            return None
        if action is FieldAction.PSEUDONYMIZE:
            return self.pseudonym(value, namespace=namespace)
        if action is FieldAction.HASH:
            return self.hash(value)
        if action is FieldAction.DATE_SHIFT:
            return self.shift_date(value, patient=patient)
        if action is FieldAction.GENERALIZE:
            return self.generalize(value, how)
        raise TransformError(f"action {action.value} is not a field transform")
