"""Fixtures of the gateway's unit tests (see ``gateway_testkit``)."""

from __future__ import annotations

from gateway_testkit import gateway, gateway_factory

__all__ = ["gateway", "gateway_factory"]
