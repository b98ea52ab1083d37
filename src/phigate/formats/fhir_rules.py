"""FHIR path rules: a FHIRPath subset, first match wins, default deny.

A selector is ``Root.step.step``: ``Root`` is a resource type (``Patient``), ``Resource`` /
``DomainResource`` (any resource) or a data type (``HumanName``, ``Address``, ``Reference``); steps
are element names, and a choice element is named without its type suffix (``Observation.value``
matches ``valueQuantity``). Microsoft's ``nodesByType('HumanName')`` form is accepted too. A rule may
also (or only) name ``type``: the node's FHIR type must be one of them (``date``, ``dateTime``).

The rule of a node is the first rule in file order that matches the node or any of its ancestors, so
``Address.state: keep`` listed before ``Address: redact`` keeps the state and removes the rest. A
primitive no rule covers is removed (the file's ``default``, ``redact`` in the shipped set).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from phigate.errors import ConfigError
from phigate.formats.fields import FieldAction, Generalization
from phigate.formats.rulefile import RuleFile, RuleSpec

__all__ = ["FhirRule", "FhirRuleSet", "Step"]

_NODES_BY_TYPE = re.compile(r"^nodesByType\('([A-Za-z][A-Za-z0-9]*)'\)(.*)$")
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_ANY_RESOURCE = frozenset({"Resource", "DomainResource"})


class Step(NamedTuple):
    """One node on the way from the document root: its JSON key, FHIR type and resource type.

    A tuple, so a chain of steps hashes and compares at C speed (chains key the rule cache).
    """

    key: str
    fhir_type: str
    resource_type: str | None = None  # set when the node is a resource


@dataclass(frozen=True, slots=True)
class FhirRule:
    """A compiled rule: root, steps, optional type filter, action."""

    index: int
    root: str | None
    steps: tuple[str, ...]
    types: frozenset[str] | None
    action: FieldAction
    how: Generalization | None
    text: str

    @classmethod
    def compile(cls, index: int, spec: RuleSpec) -> FhirRule:
        """Compile rule number ``index``; an unsupported path is a ``ConfigError``."""
        root: str | None = None
        steps: tuple[str, ...] = ()
        if spec.path is not None:
            path = spec.path.strip()
            m = _NODES_BY_TYPE.match(path)
            if m:
                root, rest = m.group(1), m.group(2)
                parts = [p for p in rest.split(".")[1:]] if rest else []
                if rest and not rest.startswith("."):
                    raise ConfigError(f"unsupported FHIR rule path {spec.path!r}")
            else:
                root, *parts = path.split(".")
            if not all(_NAME.match(p) for p in [root, *parts]):
                raise ConfigError(
                    f"unsupported FHIR rule path {spec.path!r} (a FHIRPath subset: Type.element...)"
                )
            steps = tuple(parts)
        types = frozenset(spec.type) if spec.type else None
        text = spec.path or f"type={','.join(sorted(types or ()))}"
        return cls(index, root, steps, types, spec.action, spec.generalize_as, text)

    def matches(self, chain: tuple[Step, ...]) -> bool:
        """Whether this rule selects the last node of ``chain``."""
        node = chain[-1]
        if self.types is not None and node.fhir_type not in self.types:
            return False
        if self.root is None:
            return True
        n = len(self.steps)
        if len(chain) <= n:
            return False
        anchor = chain[-1 - n]
        if not (
            anchor.fhir_type == self.root
            or anchor.resource_type == self.root
            or (self.root in _ANY_RESOURCE and anchor.resource_type is not None)
        ):
            return False
        for want, step in zip(self.steps, chain[len(chain) - n :], strict=True):
            key = step.key.lstrip("_")
            if key != want and not (key.startswith(want) and key[len(want) : len(want) + 1].isupper()):
                return False
        return True


class FhirRuleSet:
    """The compiled rules of a file, with a cache from node signature to first matching rule."""

    def __init__(self, rules: RuleFile) -> None:
        if rules.format != "fhir":
            raise ConfigError(f"rule file {rules.origin} is not a FHIR rule file")
        self.file = rules
        self.rules = tuple(FhirRule.compile(i, spec) for i, spec in enumerate(rules.rules))
        self._cache: dict[tuple[Step, ...], FhirRule | None] = {}

    def first_match(self, chain: tuple[Step, ...]) -> FhirRule | None:
        """The first rule that selects the node at the end of ``chain`` (not its ancestors)."""
        try:
            return self._cache[chain]
        except KeyError:
            pass
        found = next((r for r in self.rules if r.matches(chain)), None)
        if len(self._cache) < 200_000:
            self._cache[chain] = found
        return found
