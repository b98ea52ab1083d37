"""Retention: keep audit records six years by default, then purge their details, never their hashes.

HIPAA's documentation rule (45 CFR 164.316(b)(2)(i)) keeps required documentation six years; phigate
applies the same period to audit records. After it, ``purge_expired`` drops the free-form ``details``
of old entries. Each entry hashes a digest of its details, not the details, so the chain, the Merkle
tree and every checkpoint still verify, and the purge itself is appended as an audited event.
"""

from __future__ import annotations

import datetime as dt

from phigate.audit.log import AuditLog, PurgeReport
from phigate.errors import ConfigError

__all__ = ["DEFAULT_RETENTION_YEARS", "purge_expired", "retention_cutoff"]

DEFAULT_RETENTION_YEARS = 6


def retention_cutoff(now: dt.datetime, years: int) -> dt.datetime:
    """The same calendar moment ``years`` earlier (29 February becomes 28 February), in UTC."""
    if years < 1:
        raise ConfigError("audit retention must be at least one year")
    if now.tzinfo is None:
        raise ConfigError("retention needs a timezone-aware time")
    now = now.astimezone(dt.UTC)
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February in a year that has none
        return now.replace(year=now.year - years, day=28)


def purge_expired(
    log: AuditLog, *, actor: str, years: int = DEFAULT_RETENTION_YEARS, now: dt.datetime | None = None
) -> PurgeReport:
    """Purge the details of entries recorded more than ``years`` before ``now``."""
    cutoff = retention_cutoff(now or dt.datetime.now(dt.UTC), years)
    return log.purge(before=cutoff, actor=actor)
