"""The gateway's own refusals, and the one place that maps every error to an HTTP status.

Every error leaves the gateway as the OpenAI error envelope
``{"error": {"message", "type", "param", "code"}}`` so the official clients raise their usual
exception classes. Messages come from ``PhigateError`` texts, which never hold input text; anything
else becomes a bare ``internal error``.

The gateway's classes, under the project's tree::

    PhigateError
    ├── GatewayError             # status and code of their own
    │   ├── BadRequest           # 400 malformed JSON, wrong types, invalid UTF-8, unknown parameters
    │   ├── PayloadTooLarge      # 413
    │   ├── AuthenticationFailed # 401 missing, unknown, expired or revoked credentials, MFA
    │   ├── RateLimited          # 429, with Retry-After
    │   ├── Conflict             # 409 a state conflict (already enrolled, name taken, not active)
    │   └── ServiceUnavailable   # 503 a safeguard's backing service (rate-limit store) failed
    └── PolicyError
        └── PolicyViolation      # 403 by default
            ├── AccessDenied     # 403 role x use case x purpose, break-glass
            ├── VendorRefused    # 403 the vendor rules forbid this payload for this vendor
            └── InjectionBlocked # 400 prompt-injection screening blocked the request
"""

from __future__ import annotations

from dataclasses import dataclass

from phigate.errors import (
    ConfigError,
    FormatError,
    PhigateError,
    PolicyViolation,
    UpstreamError,
    UpstreamStatusError,
    UpstreamTimeout,
)

__all__ = [
    "AccessDenied",
    "AuthenticationFailed",
    "BadRequest",
    "Conflict",
    "ErrorResponse",
    "GatewayError",
    "InjectionBlocked",
    "PayloadTooLarge",
    "RateLimited",
    "ServiceUnavailable",
    "VendorRefused",
    "error_response",
]


class GatewayError(PhigateError):
    """A refusal with its own HTTP status and OpenAI error type/code."""

    status = 400
    kind = "invalid_request_error"
    code = "invalid_request"

    def __init__(self, message: str, *, param: str | None = None) -> None:
        super().__init__(message)
        self.param = param


class BadRequest(GatewayError):
    """The request is malformed: not JSON, not UTF-8, wrong types, unknown parameters."""


class PayloadTooLarge(GatewayError):
    """The body is larger than the configured limit."""

    status = 413
    code = "payload_too_large"


class AuthenticationFailed(GatewayError):
    """No valid credential: missing, unknown, expired, revoked, or an MFA session is required."""

    status = 401
    kind = "authentication_error"
    code = "invalid_credentials"


class RateLimited(GatewayError):
    """Too many requests for this key or user in the current window."""

    status = 429
    kind = "rate_limit_error"
    code = "rate_limit_exceeded"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Conflict(GatewayError):
    """The request conflicts with stored state: already enrolled, a name in use, a key not active."""

    status = 409
    code = "conflict"


class ServiceUnavailable(GatewayError):
    """A safeguard's backing service (the shared rate-limit store) failed: refuse, fail closed."""

    status = 503
    kind = "server_error"
    code = "safeguard_unavailable"


class AccessDenied(PolicyViolation):
    """The caller's role may not use this use case for this purpose of use."""

    code = "access_denied"


class VendorRefused(PolicyViolation):
    """The vendor rules forbid sending this payload to this vendor (no BAA, expired, not covered)."""

    code = "vendor_refused"


class InjectionBlocked(PolicyViolation):
    """Prompt-injection screening matched and the use case blocks on a match."""

    status = 400
    code = "prompt_injection_blocked"


@dataclass(frozen=True, slots=True)
class ErrorResponse:
    """An HTTP status, the OpenAI envelope, extra headers, and the audit outcome it stands for."""

    status: int
    body: dict[str, dict[str, str | None]]
    headers: dict[str, str]
    outcome: str  # refused | error


def error_response(exc: BaseException) -> ErrorResponse:
    """Map any exception to its response. The one table of statuses in the gateway."""
    status, kind, code, message = _classify(exc)
    headers: dict[str, str] = {}
    if isinstance(exc, RateLimited):
        headers["Retry-After"] = str(exc.retry_after)
    param = exc.param if isinstance(exc, GatewayError) else None
    body = {"error": {"message": message, "type": kind, "param": param, "code": code}}
    return ErrorResponse(status, body, headers, "refused" if status < 500 else "error")


def _classify(exc: BaseException) -> tuple[int, str, str, str]:
    if isinstance(exc, GatewayError):
        return exc.status, exc.kind, exc.code, str(exc)
    if isinstance(exc, PolicyViolation):
        status = getattr(exc, "status", 403)
        kind = "invalid_request_error" if status == 400 else "permission_error"
        return status, kind, getattr(exc, "code", "policy_violation"), str(exc)
    if isinstance(exc, FormatError):
        return 400, "invalid_request_error", "invalid_format", str(exc)
    if isinstance(exc, UpstreamTimeout):
        return 504, "server_error", "upstream_timeout", str(exc)
    if isinstance(exc, UpstreamStatusError):
        status = 429 if exc.status == 429 else 502
        return status, "server_error", "upstream_error", str(exc)
    if isinstance(exc, UpstreamError):
        return 502, "server_error", "upstream_unavailable", str(exc)
    if isinstance(exc, ConfigError):
        return 500, "server_error", "configuration_error", str(exc)
    if isinstance(exc, PhigateError):
        # Audit, key, detection, transform, vault and policy failures: refuse, fail closed.
        return 503, "server_error", "safeguard_unavailable", f"request refused: {exc}"
    return 500, "server_error", "internal_error", "internal error"
