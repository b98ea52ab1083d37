"""phigate's exceptions: one base class, and messages that never contain input text.

The tree::

    PhigateError
    ├── ConfigError
    ├── RegistryError
    │   └── MissingExtraError
    ├── FormatError
    ├── DetectionError
    ├── PolicyError
    │   └── PolicyViolation
    ├── TransformError
    ├── KeyAccessError
    ├── AuditError
    │   └── AuditIntegrityError
    └── UpstreamError
        ├── UpstreamTimeout
        └── UpstreamStatusError

Foreign exceptions (pydicom, hl7apy, httpx, sqlite3, psycopg, ...) are translated at the boundary
with ``raise ... from exc``; callers only ever see a ``PhigateError``.
"""

from __future__ import annotations

__all__ = [
    "AuditError",
    "AuditIntegrityError",
    "ConfigError",
    "DetectionError",
    "FormatError",
    "KeyAccessError",
    "MissingExtraError",
    "PhigateError",
    "PolicyError",
    "PolicyViolation",
    "RegistryError",
    "TransformError",
    "UpstreamError",
    "UpstreamStatusError",
    "UpstreamTimeout",
]


class PhigateError(Exception):
    """Base class of every error phigate raises. The message never holds PHI."""


class ConfigError(PhigateError):
    """A setting is missing, unknown, ambiguous or invalid, or a config file cannot be read."""


class RegistryError(PhigateError):
    """A plugin (recognizer, transform, format, key provider) is unknown or registered twice."""


class MissingExtraError(RegistryError):
    """An optional dependency is needed; the message names the extra to install."""


class FormatError(PhigateError):
    """Input bytes cannot be parsed or rendered. Carries where, never the offending value."""

    def __init__(self, message: str, *, path: str | None = None, offset: int | None = None) -> None:
        parts = [f"path {path}" if path else "", f"offset {offset}" if offset is not None else ""]
        where = ", ".join(part for part in parts if part)
        super().__init__(f"{message} ({where})" if where else message)
        self.path = path
        self.offset = offset


class DetectionError(PhigateError):
    """Detection could not complete (a recognizer failed, a regex timed out, no recognizers)."""


class PolicyError(PhigateError):
    """A policy is invalid or cannot decide."""


class PolicyViolation(PolicyError):
    """A request or action is not allowed by policy (role, purpose, vendor, category)."""


class TransformError(PhigateError):
    """A transform could not be applied to a finding."""


class KeyAccessError(PhigateError):
    """Key material is missing, unreadable, too widely readable, retired or rejected."""


class AuditError(PhigateError):
    """The audit store cannot be written or read. Callers must treat this as 'stop'."""


class AuditIntegrityError(AuditError):
    """The audit log fails verification; ``seq`` names the first bad entry when known."""

    def __init__(self, message: str, *, seq: int | None = None) -> None:
        super().__init__(message if seq is None else f"{message} (first bad entry: seq {seq})")
        self.seq = seq


class UpstreamError(PhigateError):
    """An upstream model vendor could not be reached or answered badly."""


class UpstreamTimeout(UpstreamError):
    """The upstream did not answer in time."""


class UpstreamStatusError(UpstreamError):
    """The upstream answered with an error status."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(f"{message} (status {status})")
        self.status = status
