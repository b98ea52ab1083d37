"""The policy protocol: which transform each finding gets.

``decide`` returns a ``Decision``, never a bool. ``check_decision`` is the check the pipeline runs on
every decision before any transform: it returns ``None`` or raises, so a forgotten ``if`` cannot turn
a gap into a pass.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from operator import attrgetter, is_
from typing import Protocol, runtime_checkable

from phigate.errors import PolicyError
from phigate.model import Decision, Document, Finding

__all__ = ["Policy", "check_decision"]


@runtime_checkable
class Policy(Protocol):
    """Decides what happens to each finding of a document."""

    @property
    def name(self) -> str:
        """Registry name (``safe-harbor``, ``pseudonymize``)."""

    @property
    def version(self) -> str:
        """Recorded in audit events and manifests; changes whenever the policy's behaviour does."""

    def decide(self, document: Document, findings: Sequence[Finding]) -> Decision:
        """One action per finding; raise ``PolicyError`` if a finding cannot be decided."""


def check_decision(findings: Sequence[Finding], decision: Decision) -> None:
    """Raise ``PolicyError`` unless ``decision`` has exactly one action per finding and no other."""
    actions = decision.actions
    if len(actions) == len(findings) and all(map(is_, map(_FINDING, actions), findings)):
        return  # the usual case: one action per finding, in order
    wanted = Counter(findings)
    got = Counter(action.finding for action in actions)
    if wanted != got:
        missing = sum((wanted - got).values())
        extra = sum((got - wanted).values())
        raise PolicyError(
            f"policy {decision.policy} decided {extra} unknown and left {missing} findings undecided"
        )


_FINDING = attrgetter("finding")
