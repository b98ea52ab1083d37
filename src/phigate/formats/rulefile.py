"""Rule files: the YAML that says, per format, which field gets which action.

Every structured format reads the same shape::

    name: fhir-safe-harbor        # recorded in manifests and reports
    version: "1"
    format: fhir                  # fhir | hl7v2 | tabular
    default: redact               # what happens to a field no rule covers
    rules:                        # ordered; the first rule that matches a field wins
      - {path: Patient.birthDate, action: generalize, as: year}
      - {type: HumanName, action: redact}

``path`` and ``type`` are the format's selectors (a FHIRPath subset, ``PID-11.5``, a column name);
a rule with both matches only where both do. The shipped rule sets live in ``phigate/formats/rules/``
and are loaded by name (``safe-harbor``); a user passes a path to their own file instead.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from phigate.errors import ConfigError
from phigate.formats.fields import FieldAction, Generalization

__all__ = ["RuleFile", "RuleSpec", "load_rule_file"]


class RuleSpec(BaseModel):
    """One rule as written in the file."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    path: str | None = None
    type: tuple[str, ...] | None = None
    action: FieldAction
    generalize_as: Generalization | None = Field(default=None, alias="as")
    note: str | None = None

    @field_validator("type", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return (value,) if isinstance(value, str) else value

    def model_post_init(self, _context: Any) -> None:
        """A rule must select something."""
        if self.path is None and self.type is None:
            raise ValueError("a rule needs a path, a type, or both")


class _RuleFileModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    version: str
    format: str
    default: FieldAction
    rules: tuple[RuleSpec, ...]
    options: dict[str, Any] = Field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RuleFile:
    """A validated rule file, with the digest of its bytes for manifests and reports."""

    name: str
    version: str
    format: str
    default: FieldAction
    rules: tuple[RuleSpec, ...]
    options: dict[str, Any]
    sha256: str
    origin: str

    def summary(self) -> dict[str, str]:
        """Name, version, origin and sha256, for manifests and reports."""
        return {"rules": self.name, "version": self.version, "origin": self.origin, "sha256": self.sha256}


def load_rule_file(source: str | Path, *, fmt: str) -> RuleFile:
    """Load a rule file: a shipped name (``safe-harbor``) or a path to a YAML file.

    The file must declare ``format: fmt``; every problem is a ``ConfigError`` naming the file.
    """
    if isinstance(source, str) and "/" not in source and not source.endswith((".yaml", ".yml")):
        resource = resources.files("phigate.formats") / "rules" / f"{fmt}-{source}.yaml"
        if not resource.is_file():
            raise ConfigError(f"no shipped {fmt} rule set named {source!r}")
        raw_bytes = resource.read_bytes()
        origin = f"phigate:{fmt}-{source}.yaml"
    else:
        path = Path(source)
        try:
            raw_bytes = path.read_bytes()
        except OSError as exc:
            raise ConfigError(f"rule file unreadable: {path}: {type(exc).__name__}") from exc
        origin = str(path)
    try:
        raw = yaml.safe_load(raw_bytes.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"rule file is not valid YAML: {origin}") from exc
    try:
        model = _RuleFileModel.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"invalid rule file {origin}: {problems}") from None
    if model.format != fmt:
        raise ConfigError(f"rule file {origin} is for format {model.format!r}, not {fmt!r}")
    if not model.rules and model.default is not FieldAction.REDACT:
        raise ConfigError(f"rule file {origin} has no rules and does not redact by default")
    return RuleFile(
        name=model.name,
        version=model.version,
        format=model.format,
        default=model.default,
        rules=model.rules,
        options=dict(model.options),
        sha256=hashlib.sha256(raw_bytes).hexdigest(),
        origin=origin,
    )
