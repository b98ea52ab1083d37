"""Policies: which transform each finding gets. ``safe-harbor`` is the default; ``pseudonymize`` the other.

Policies are plugins in :data:`POLICIES` (a factory per name that takes the policy's options);
:func:`get_policy` builds one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from phigate.errors import ConfigError
from phigate.policy.base import Policy, check_decision
from phigate.registry import Registry

__all__ = ["DEFAULT_POLICY", "POLICIES", "Policy", "check_decision", "get_policy", "register"]

DEFAULT_POLICY = "safe-harbor"

PolicyFactory = Callable[..., Policy]

#: Every policy plugin: the built-ins, then installed ``phigate.policies`` entry points.
POLICIES: Registry[PolicyFactory] = Registry(
    "policy", group="phigate.policies", defaults=("phigate.policy:register",)
)


def register(registry: Registry[PolicyFactory]) -> None:
    """Plugin hook: the built-in policies."""
    from phigate.policy.pseudonymize import PseudonymizePolicy
    from phigate.policy.safe_harbor import SafeHarborPolicy

    registry.register(SafeHarborPolicy.name, lambda: SafeHarborPolicy)
    registry.register(PseudonymizePolicy.name, lambda: PseudonymizePolicy)


def get_policy(name: str = DEFAULT_POLICY, **options: Any) -> Policy:
    """The policy called ``name`` built with ``options``; unknown names or options are errors."""
    factory = POLICIES.create(name)
    try:
        return factory(**options)
    except TypeError as exc:
        raise ConfigError(f"invalid options for policy {name!r}: {sorted(options)}") from exc
