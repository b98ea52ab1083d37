"""The one-method interface every audit destination implements, and the explicit null sink for tests."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from phigate.model import AuditEvent

__all__ = ["AuditSink", "NullAuditSink"]


@runtime_checkable
class AuditSink(Protocol):
    """Appends audit events durably. ``append`` returns the sequence number the event got, and raises
    ``AuditError`` if the event could not be made durable; callers treat that as "stop".
    """

    def append(self, event: AuditEvent) -> int:
        """Durably append ``event``; return its sequence number."""


class NullAuditSink:
    """Records nothing. For tests and throwaway runs, passed on purpose, never a default."""

    def __init__(self) -> None:
        self.count = 0

    def append(self, event: AuditEvent) -> int:
        """Count the event and drop it."""
        self.count += 1
        return self.count
