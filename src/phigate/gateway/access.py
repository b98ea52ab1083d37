"""Who may do what: role x use case x purpose of use, and the break-glass override.

Every request names its use case (``X-Phigate-Use-Case``) and an HL7 v3 purpose of use
(``X-Phigate-Purpose``: TREAT, HPAYMT, HOPERAT, ...). A role is allowed a use case for the purposes its
configuration lists, nothing else. Break-glass (``X-Phigate-Break-Glass: <reason>``) lets a role that is
allowed to invoke it use any use case for emergency treatment (``ETREAT`` or ``BTG``) with
re-identification, recorded as its own audit event and alerted at once (``phigate.gateway.breakglass``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from phigate.config import PURPOSES_OF_USE, GatewayRole, GatewayUseCase
from phigate.gateway.auth import Principal
from phigate.gateway.errors import AccessDenied, BadRequest

__all__ = [
    "BREAK_GLASS_PURPOSES",
    "HEADER_BREAK_GLASS",
    "HEADER_CONVERSATION",
    "HEADER_PATIENT",
    "HEADER_PURPOSE",
    "HEADER_USE_CASE",
    "AccessPolicy",
    "CallIntent",
    "Grant",
]

HEADER_USE_CASE = "x-phigate-use-case"
HEADER_PURPOSE = "x-phigate-purpose"
HEADER_BREAK_GLASS = "x-phigate-break-glass"
HEADER_PATIENT = "x-phigate-patient"
HEADER_CONVERSATION = "x-phigate-conversation"

#: Purposes of use under which break-glass may be invoked.
BREAK_GLASS_PURPOSES = frozenset({"ETREAT", "BTG"})

_MAX_SCOPE_CHARS = 200


@dataclass(frozen=True, slots=True)
class CallIntent:
    """What the caller says the call is for, read from the request headers."""

    use_case: str
    purpose: str
    break_glass_reason: str | None = None
    patient: str | None = None
    conversation: str | None = None

    @classmethod
    def from_headers(cls, headers: Mapping[str, str]) -> CallIntent:
        """Read and check the headers; a missing or malformed one is a ``BadRequest`` naming it."""
        use_case = headers.get(HEADER_USE_CASE, "").strip()
        if not use_case:
            raise BadRequest("the X-Phigate-Use-Case header is required", param="X-Phigate-Use-Case")
        purpose = headers.get(HEADER_PURPOSE, "").strip().upper()
        if not purpose:
            raise BadRequest("the X-Phigate-Purpose header is required", param="X-Phigate-Purpose")
        if purpose not in PURPOSES_OF_USE:
            raise BadRequest(
                "X-Phigate-Purpose must be an HL7 purpose of use code (TREAT, HPAYMT, HOPERAT, ...)",
                param="X-Phigate-Purpose",
            )
        reason = headers.get(HEADER_BREAK_GLASS)
        patient = headers.get(HEADER_PATIENT) or None
        conversation = headers.get(HEADER_CONVERSATION) or None
        for name, value in (("X-Phigate-Patient", patient), ("X-Phigate-Conversation", conversation)):
            if value is not None and len(value) > _MAX_SCOPE_CHARS:
                raise BadRequest(f"{name} is longer than {_MAX_SCOPE_CHARS} characters", param=name)
        return cls(use_case, purpose, None if reason is None else reason.strip(), patient, conversation)


@dataclass(frozen=True, slots=True)
class Grant:
    """The access decision for one call."""

    role: str
    use_case_name: str
    use_case: GatewayUseCase
    purpose: str
    decision: Literal["permit", "break-glass"]
    reidentify: bool


class AccessPolicy:
    """Decides role x use case x purpose from the configuration; raises, never returns a bool."""

    def __init__(
        self,
        *,
        roles: Mapping[str, GatewayRole],
        use_cases: Mapping[str, GatewayUseCase],
        min_reason_chars: int,
    ) -> None:
        self.roles = roles
        self.use_cases = use_cases
        self.min_reason_chars = min_reason_chars

    def use_case(self, name: str) -> GatewayUseCase:
        """The configured use case ``name``; ``BadRequest`` if there is none."""
        use_case = self.use_cases.get(name)
        if use_case is None:
            raise BadRequest(f"unknown use case {name!r}", param="X-Phigate-Use-Case")
        return use_case

    def authorize(self, principal: Principal, intent: CallIntent) -> Grant:
        """The grant for this call, or ``AccessDenied`` saying which of role, use case, purpose failed."""
        use_case = self.use_case(intent.use_case)
        role = self.roles.get(principal.role)
        if role is None:
            raise AccessDenied(f"role {principal.role!r} is not configured")
        if intent.break_glass_reason is not None:
            return self._break_glass(principal, role, intent, use_case)
        purposes = role.use_cases.get(intent.use_case)
        if purposes is None:
            raise AccessDenied(f"role {principal.role!r} may not use use case {intent.use_case!r}")
        if intent.purpose not in purposes:
            raise AccessDenied(
                f"role {principal.role!r} may not use use case {intent.use_case!r} "
                f"for purpose of use {intent.purpose}"
            )
        return Grant(principal.role, intent.use_case, use_case, intent.purpose, "permit", role.reidentify)

    def _break_glass(
        self, principal: Principal, role: GatewayRole, intent: CallIntent, use_case: GatewayUseCase
    ) -> Grant:
        if not role.break_glass:
            raise AccessDenied(f"role {principal.role!r} may not invoke break-glass")
        if principal.kind != "user" or not principal.mfa:
            raise AccessDenied("break-glass is for people in an MFA session")
        if intent.purpose not in BREAK_GLASS_PURPOSES:
            raise AccessDenied("break-glass requires purpose of use ETREAT or BTG")
        reason = intent.break_glass_reason or ""
        if len(reason) < self.min_reason_chars:
            raise BadRequest(
                f"break-glass needs a reason of at least {self.min_reason_chars} characters",
                param="X-Phigate-Break-Glass",
            )
        return Grant(principal.role, intent.use_case, use_case, intent.purpose, "break-glass", True)
