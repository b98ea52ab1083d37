"""Role x use case x purpose of use, the request headers, and the conditions of break-glass."""

from __future__ import annotations

import pytest

from phigate.config import GatewaySettings
from phigate.gateway.access import AccessPolicy, CallIntent
from phigate.gateway.auth import Principal
from phigate.gateway.errors import AccessDenied, BadRequest

SETTINGS = GatewaySettings()
POLICY = AccessPolicy(roles=SETTINGS.roles, use_cases=SETTINGS.use_cases, min_reason_chars=15)
CLINICIAN = Principal("idp#alice", "user", "clinician", "session:x", True)
ANALYST = Principal("service:etl", "service", "analyst", "key_1", False)


def intent(use_case: str = "clinical-summary", purpose: str = "TREAT", **kw: str) -> CallIntent:
    return CallIntent(use_case, purpose, **kw)


@pytest.mark.parametrize(
    ("headers", "param"),
    [
        ({}, "X-Phigate-Use-Case"),
        ({"x-phigate-use-case": "clinical-summary"}, "X-Phigate-Purpose"),
        ({"x-phigate-use-case": "clinical-summary", "x-phigate-purpose": "LUNCH"}, "X-Phigate-Purpose"),
        (
            {"x-phigate-use-case": "a", "x-phigate-purpose": "TREAT", "x-phigate-patient": "p" * 201},
            "X-Phigate-Patient",
        ),
    ],
)
def test_bad_headers(headers: dict[str, str], param: str) -> None:
    with pytest.raises(BadRequest) as caught:
        CallIntent.from_headers(headers)
    assert caught.value.param == param


def test_headers_are_read() -> None:
    read = CallIntent.from_headers(
        {
            "x-phigate-use-case": " clinical-summary ",
            "x-phigate-purpose": "treat",
            "x-phigate-patient": "MRN-1",
            "x-phigate-break-glass": "  code blue in ED bay 3  ",
        }
    )
    assert read == CallIntent("clinical-summary", "TREAT", "code blue in ED bay 3", "MRN-1", None)


@pytest.mark.parametrize(
    ("principal", "call", "allowed", "message"),
    [
        (CLINICIAN, intent(), True, ""),
        (CLINICIAN, intent(purpose="HOPERAT"), True, ""),
        (CLINICIAN, intent(purpose="HPAYMT"), False, "for purpose of use HPAYMT"),
        (ANALYST, intent(), False, "may not use use case 'clinical-summary'"),
        (ANALYST, intent("research-deidentified", "HRESCH"), True, ""),
        (Principal("x", "service", "ghost", "k", False), intent(), False, "not configured"),
    ],
)
def test_authorize_matrix(principal: Principal, call: CallIntent, allowed: bool, message: str) -> None:
    if allowed:
        grant = POLICY.authorize(principal, call)
        assert grant.decision == "permit"
        assert grant.reidentify is SETTINGS.roles[principal.role].reidentify
    else:
        with pytest.raises(AccessDenied, match=message):
            POLICY.authorize(principal, call)


def test_unknown_use_case_is_a_bad_request() -> None:
    with pytest.raises(BadRequest, match="unknown use case"):
        POLICY.authorize(CLINICIAN, intent("nope"))


REASON = "code blue, patient unresponsive"


@pytest.mark.parametrize(
    ("principal", "call", "error", "message"),
    [
        (CLINICIAN, intent("research-deidentified", "ETREAT", break_glass_reason=REASON), None, ""),
        (CLINICIAN, intent(purpose="BTG", break_glass_reason=REASON), None, ""),
        (CLINICIAN, intent(purpose="TREAT", break_glass_reason=REASON), AccessDenied, "ETREAT or BTG"),
        (CLINICIAN, intent(purpose="ETREAT", break_glass_reason="because"), BadRequest, "at least 15"),
        (ANALYST, intent(purpose="ETREAT", break_glass_reason=REASON), AccessDenied, "may not invoke"),
        (
            Principal("svc", "service", "clinician", "key", False),
            intent(purpose="ETREAT", break_glass_reason=REASON),
            AccessDenied,
            "for people in an MFA session",
        ),
    ],
)
def test_break_glass_conditions(
    principal: Principal, call: CallIntent, error: type[Exception] | None, message: str
) -> None:
    if error is None:
        grant = POLICY.authorize(principal, call)
        assert grant.decision == "break-glass" and grant.reidentify
    else:
        with pytest.raises(error, match=message):
            POLICY.authorize(principal, call)
