"""The vendor registry and the routing rule that keeps PHI with vendors whose BAA covers it.

A payload is *identifiable* (its use case lets some PHI categories through), *pseudonymized* (every
identifier replaced by a vault-backed placeholder) or *de-identified* (Safe Harbor: nothing links it
back). The rule, checked before any byte leaves:

1. the vendor serves the requested model, the use case lists the vendor and the vendor's deployment
   type;
2. de-identified text may go to any such vendor;
3. identifiable or pseudonymized PHI may go to a private (VPC / on-premises) deployment, or to a
   vendor whose signed BAA is in effect today and covers the service called; otherwise the request is
   refused with the reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from phigate.config import GatewayUseCase, GatewayVendor
from phigate.gateway.errors import BadRequest, VendorRefused

__all__ = ["PayloadClass", "Route", "VendorRegistry", "VendorStatus", "payload_class"]

PayloadClass = Literal["identifiable", "pseudonymized", "deidentified"]


def payload_class(use_case: GatewayUseCase) -> PayloadClass:
    """What a use case's prompts may hold once the gateway has de-identified them."""
    if use_case.deidentification == "safe-harbor":
        return "deidentified"
    return "identifiable" if use_case.phi_categories else "pseudonymized"


@dataclass(frozen=True, slots=True)
class Route:
    """Where a call goes, and why that is allowed."""

    vendor: str
    settings: GatewayVendor
    payload: PayloadClass
    basis: str  # de-identified | private deployment | BAA signed ... expires ...


@dataclass(frozen=True, slots=True)
class VendorStatus:
    """One line of ``phigate vendors``."""

    name: str
    deployment: str
    endpoint: str
    models: tuple[str, ...]
    baa: str  # none | in effect | expires soon | expired | not yet in effect
    days_left: int | None
    services: tuple[str, ...]
    warnings: tuple[str, ...]


class VendorRegistry:
    """The configured vendors, with routing and status."""

    def __init__(
        self, vendors: Mapping[str, GatewayVendor], *, today: Callable[[], dt.date] = dt.date.today
    ) -> None:
        self.vendors = vendors
        self.today = today

    def route(self, *, model: str, use_case_name: str, use_case: GatewayUseCase, service: str) -> Route:
        """The first vendor of the use case that serves ``model`` and may take this payload.

        Raises ``BadRequest`` if no vendor of the use case serves the model, and ``VendorRefused`` with
        every candidate's reason if none may take the payload.
        """
        payload = payload_class(use_case)
        candidates = [name for name in use_case.vendors if model in self.vendors[name].models]
        if not candidates:
            raise BadRequest(
                f"model {model!r} is not offered by any vendor of use case {use_case_name!r}", param="model"
            )
        reasons = []
        for name in candidates:
            vendor = self.vendors[name]
            reason, basis = self._check(name, vendor, use_case, service, payload)
            if reason is None:
                return Route(name, vendor, payload, basis)
            reasons.append(reason)
        raise VendorRefused("; ".join(reasons) + "; nothing was sent")

    def _check(
        self, name: str, vendor: GatewayVendor, use_case: GatewayUseCase, service: str, payload: PayloadClass
    ) -> tuple[str | None, str]:
        if vendor.deployment not in use_case.deployment_types:
            return f"vendor {name!r} is a {vendor.deployment} deployment, not allowed for this use case", ""
        if payload == "deidentified":
            return None, "de-identified"
        if vendor.deployment == "private":
            return None, "private deployment"
        baa = vendor.baa
        if baa is None:
            return f"vendor {name!r} has no BAA, so it may receive only fully de-identified text", ""
        today = self.today()
        if today < baa.signed:
            return f"the BAA with vendor {name!r} is not in effect until {baa.signed}", ""
        if today > baa.expires:
            return f"the BAA with vendor {name!r} expired on {baa.expires}", ""
        if service not in baa.services:
            return f"the BAA with vendor {name!r} does not cover the {service} service", ""
        return None, f"BAA signed {baa.signed}, expires {baa.expires}"

    def status(self, *, warn_days: int) -> list[VendorStatus]:
        """Every vendor's BAA state and checklist warnings, for ``phigate vendors``."""
        today = self.today()
        lines = []
        for name, vendor in sorted(self.vendors.items()):
            warnings: list[str] = []
            baa = vendor.baa
            days_left = None if baa is None else (baa.expires - today).days
            if baa is None:
                state = "none"
                if vendor.deployment != "private":
                    warnings.append("no BAA: only fully de-identified text may be sent")
            elif today < baa.signed:
                state = "not yet in effect"
            elif today > baa.expires:
                state = "expired"
                warnings.append(f"BAA expired on {baa.expires}: PHI is refused")
            elif days_left is not None and days_left <= warn_days:
                state = "expires soon"
                warnings.append(f"BAA expires in {days_left} days ({baa.expires}): renew it")
            else:
                state = "in effect"
            if baa is not None:
                if not baa.no_training_on_customer_data:
                    warnings.append("BAA checklist: vendor may train on customer data")
                if baa.breach_notification_days > 60:
                    warnings.append("BAA checklist: breach notification window is over 60 days")
                if not baa.retention_and_deletion.strip():
                    warnings.append("BAA checklist: retention and deletion terms are missing")
            lines.append(
                VendorStatus(
                    name=name,
                    deployment=vendor.deployment,
                    endpoint=vendor.endpoint,
                    models=tuple(vendor.models),
                    baa=state,
                    days_left=days_left,
                    services=tuple(baa.services) if baa else (),
                    warnings=tuple(warnings),
                )
            )
        return lines
