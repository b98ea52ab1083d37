"""docs/gateway.md documents every gateway setting, route, error code and command."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel

from phigate.config import (
    GatewayAuth,
    GatewayBaa,
    GatewayBreakGlass,
    GatewayRateLimit,
    GatewayRole,
    GatewaySettings,
    GatewayUseCase,
    GatewayVendor,
)
from phigate.gateway import errors

DOC = (Path(__file__).resolve().parents[3] / "docs" / "gateway.md").read_text(encoding="utf-8")
REFERENCE = DOC.split("## Configuration reference", 1)[1]


def names(model: type[BaseModel]) -> set[str]:
    return set(model.model_fields)


def test_every_setting_is_in_the_reference() -> None:
    sections: list[tuple[str, type[BaseModel]]] = [
        ("", GatewaySettings),
        ("auth.", GatewayAuth),
        ("rate_limit.", GatewayRateLimit),
        ("break_glass.", GatewayBreakGlass),
        ("vendors.NAME.", GatewayVendor),
        ("vendors.NAME.baa.", GatewayBaa),
        ("use_cases.NAME.", GatewayUseCase),
        ("roles.NAME.", GatewayRole),
    ]
    missing = []
    for prefix, model in sections:
        for name in names(model):
            if model is GatewaySettings and name in {
                "auth",
                "rate_limit",
                "break_glass",
                "vendors",
                "use_cases",
                "roles",
            }:
                continue
            if f"`{prefix}{name}`" not in REFERENCE and not re.search(rf"[`.]{name}`", REFERENCE):
                missing.append(prefix + name)
    assert missing == []


def test_every_route_and_error_code_is_documented() -> None:
    for route in (
        "/v1/chat/completions",
        "/v1/embeddings",
        "/v1/models",
        "/v1/phigate/mfa/enroll",
        "/v1/phigate/sessions",
        "/v1/phigate/sessions/current",
        "/v1/phigate/vendors",
        "/healthz",
        "/readyz",
    ):
        assert f"`{route}`" in DOC or f" {route}`" in DOC, route
    codes = {cls.code for cls in vars(errors).values() if isinstance(cls, type) and hasattr(cls, "code")}
    for code in codes:
        assert f"`{code}`" in DOC, code


def test_every_command_is_documented() -> None:
    for command in (
        "phigate serve",
        "phigate vendors",
        "phigate apikeys create",
        "phigate apikeys list",
        "phigate apikeys rotate",
        "phigate apikeys revoke",
    ):
        assert f"`{command}" in DOC, command
