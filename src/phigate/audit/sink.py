"""The one-method interface every audit destination implements, and the explicit null sink for tests."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from phigate.model import AuditEvent

__all__ = ["AsyncAuditSink", "AuditSink", "BatchAuditSink", "NullAuditSink"]


@runtime_checkable
class AuditSink(Protocol):
    """Appends audit events durably. ``append`` returns the sequence number the event got, and raises
    ``AuditError`` if the event could not be made durable; callers treat that as "stop".
    """

    def append(self, event: AuditEvent) -> int:
        """Durably append ``event``; return its sequence number."""


@runtime_checkable
class BatchAuditSink(AuditSink, Protocol):
    """A sink that can make several events durable in one commit (all or none)."""

    def append_many(self, events: Sequence[AuditEvent]) -> list[int]:
        """Durably append ``events`` together; return their sequence numbers."""


@runtime_checkable
class AsyncAuditSink(AuditSink, Protocol):
    """A sink a coroutine can wait on without a thread (``AuditLog``)."""

    async def append_async(self, event: AuditEvent) -> int:
        """Durably append ``event``, awaiting the commit; return its sequence number."""


class NullAuditSink:
    """Records nothing. For tests and throwaway runs, passed on purpose, never a default."""

    def __init__(self) -> None:
        self.count = 0

    def append(self, event: AuditEvent) -> int:
        """Count the event and drop it."""
        self.count += 1
        return self.count

    def append_many(self, events: Sequence[AuditEvent]) -> list[int]:
        """Count the events and drop them."""
        return [self.append(event) for event in events]
