"""Test helpers for the vault tests: synthetic values (made up here with a fixed seed; never real
patient data), recording and failing audit sinks, and a counting pseudonym maker."""

from __future__ import annotations

import random

from phigate.errors import AuditError
from phigate.model import AuditEvent

_SYLLABLES = ["zor", "vath", "quin", "telle", "mira", "dax", "olu", "bren", "kess", "ami", "tor", "eli"]


def synthetic_values(seed: int, count: int) -> list[str]:
    """Made-up person-like names, unique, reproducible."""
    rng = random.Random(seed)
    names: list[str] = []
    while len(names) < count:
        first = "".join(rng.choice(_SYLLABLES) for _ in range(2)).title()
        last = "".join(rng.choice(_SYLLABLES) for _ in range(3)).title()
        name = f"{first} {last}"
        if name not in names:
            names.append(name)
    return names


class RecordingSink:
    """Keeps every event it is given."""

    def __init__(self) -> None:
        self.events: list[AuditEvent] = []

    def append(self, event: AuditEvent) -> int:
        self.events.append(event)
        return len(self.events)


class FailingSink:
    """An audit store that is down."""

    def append(self, event: AuditEvent) -> int:
        raise AuditError("audit store unreachable")


class Counter:
    """A pseudonym maker: ``PSEUDO-1``, ``PSEUDO-2``, ..., counting its calls."""

    def __init__(self, prefix: str = "PSEUDO") -> None:
        self.prefix = prefix
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        return f"{self.prefix}-{self.calls}"
