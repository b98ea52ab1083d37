"""The routing rule: PHI only to private deployments or vendors whose BAA covers the service today."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from phigate.config import GatewayUseCase, GatewayVendor
from phigate.gateway.errors import BadRequest, VendorRefused
from phigate.gateway.vendors import VendorRegistry, payload_class

TODAY = dt.date(2025, 6, 1)


def baa(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "signed": "2024-01-01",
        "expires": "2026-01-01",
        "services": ["chat.completions"],
        "no_training_on_customer_data": True,
        "retention_and_deletion": "30 days, deleted on request",
        "breach_notification_days": 10,
    }
    base.update(overrides)
    return base


VENDORS = {
    "vpc": GatewayVendor(endpoint="http://vpc/v1", deployment="private", models=["m"]),
    "covered": GatewayVendor.model_validate(
        {"endpoint": "http://c/v1", "deployment": "baa_api", "models": ["m"], "baa": baa()}
    ),
    "expired": GatewayVendor.model_validate(
        {
            "endpoint": "http://e/v1",
            "deployment": "baa_api",
            "models": ["m"],
            "baa": baa(expires="2025-05-01"),
        }
    ),
    "future": GatewayVendor.model_validate(
        {"endpoint": "http://f/v1", "deployment": "baa_api", "models": ["m"], "baa": baa(signed="2025-07-01")}
    ),
    "public": GatewayVendor(endpoint="http://p/v1", deployment="public_api", models=["m", "p-only"]),
}


def use_case(vendors: list[str], mode: str = "pseudonymize", **kw: Any) -> GatewayUseCase:
    deployments = kw.pop("deployment_types", ["private", "baa_api", "public_api"])
    return GatewayUseCase.model_validate(
        {
            "risk_tier": "medium",
            "vendors": vendors,
            "deployment_types": deployments,
            "deidentification": mode,
            **kw,
        }
    )


REGISTRY = VendorRegistry(VENDORS, today=lambda: TODAY)


@pytest.mark.parametrize(
    ("vendor", "mode", "service", "allowed", "reason"),
    [
        ("vpc", "pseudonymize", "chat.completions", True, "private deployment"),
        ("covered", "pseudonymize", "chat.completions", True, "BAA signed 2024-01-01"),
        ("covered", "pseudonymize", "embeddings", False, "does not cover the embeddings service"),
        ("expired", "pseudonymize", "chat.completions", False, "expired on 2025-05-01"),
        ("future", "pseudonymize", "chat.completions", False, "not in effect until 2025-07-01"),
        ("public", "pseudonymize", "chat.completions", False, "has no BAA"),
        ("public", "safe-harbor", "chat.completions", True, "de-identified"),
        ("expired", "safe-harbor", "embeddings", True, "de-identified"),
    ],
)
def test_route_table(vendor: str, mode: str, service: str, allowed: bool, reason: str) -> None:
    case = use_case([vendor], mode)
    if allowed:
        route = REGISTRY.route(model="m", use_case_name="u", use_case=case, service=service)
        assert route.vendor == vendor
        assert reason in route.basis
    else:
        with pytest.raises(VendorRefused, match=reason):
            REGISTRY.route(model="m", use_case_name="u", use_case=case, service=service)


def test_identifiable_payload_needs_a_baa_too() -> None:
    case = use_case(["public"], phi_categories=["DATE"])
    assert payload_class(case) == "identifiable"
    with pytest.raises(VendorRefused, match="only fully de-identified"):
        REGISTRY.route(model="m", use_case_name="u", use_case=case, service="chat.completions")


def test_first_allowed_candidate_wins_and_reasons_are_joined() -> None:
    case = use_case(["expired", "covered"])
    assert (
        REGISTRY.route(model="m", use_case_name="u", use_case=case, service="chat.completions").vendor
        == "covered"
    )
    with pytest.raises(VendorRefused) as caught:
        REGISTRY.route(
            model="m", use_case_name="u", use_case=use_case(["expired", "public"]), service="embeddings"
        )
    assert "expired" in str(caught.value) and "no BAA" in str(caught.value)
    assert str(caught.value).endswith("nothing was sent")


def test_deployment_type_must_be_allowed_by_the_use_case() -> None:
    case = use_case(["public"], "safe-harbor", deployment_types=["private"])
    with pytest.raises(VendorRefused, match="public_api deployment"):
        REGISTRY.route(model="m", use_case_name="u", use_case=case, service="chat.completions")


def test_model_not_offered_by_the_use_case_vendors() -> None:
    with pytest.raises(BadRequest, match="not offered"):
        REGISTRY.route(
            model="p-only", use_case_name="u", use_case=use_case(["vpc"]), service="chat.completions"
        )


def test_status_warns_before_expiry_and_on_checklist_gaps() -> None:
    vendors = {
        **VENDORS,
        "soon": GatewayVendor.model_validate(
            {
                "endpoint": "http://s/v1",
                "deployment": "baa_api",
                "models": ["m"],
                "baa": baa(
                    expires="2025-06-20",
                    no_training_on_customer_data=False,
                    breach_notification_days=90,
                    retention_and_deletion=" ",
                ),
            }
        ),
    }
    lines = {s.name: s for s in VendorRegistry(vendors, today=lambda: TODAY).status(warn_days=30)}
    assert lines["soon"].baa == "expires soon"
    assert lines["soon"].days_left == 19
    warnings = " | ".join(lines["soon"].warnings)
    assert "expires in 19 days" in warnings
    assert "train on customer data" in warnings
    assert "over 60 days" in warnings
    assert "retention" in warnings
    assert lines["covered"].baa == "in effect" and lines["covered"].warnings == ()
    assert lines["expired"].baa == "expired"
    assert lines["future"].baa == "not yet in effect"
    assert lines["public"].baa == "none" and "de-identified" in lines["public"].warnings[0]
    assert lines["vpc"].warnings == ()
