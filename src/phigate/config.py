"""Settings: the only place that reads configuration files and the environment.

Every section forbids unknown keys, so a typo is an error rather than a silent default. A config file
that is named but missing is an error too. Key material is never a setting: settings name where keys
live (a key file path, a Vault or KMS key id), never the key.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from phigate.errors import ConfigError

__all__ = ["ENV_CONFIG", "Settings", "StrictModel", "load_settings"]

#: Environment variable naming the config file when none is passed explicitly.
ENV_CONFIG = "PHIGATE_CONFIG"


class StrictModel(BaseModel):
    """Base of every settings section: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Settings(StrictModel):
    """All of phigate's settings. Sections are added by the subsystems that read them."""


def load_settings(path: Path | None = None) -> Settings:
    """Load settings from ``path``, else from ``$PHIGATE_CONFIG``, else the built-in defaults."""
    if path is None:
        env = os.environ.get(ENV_CONFIG)
        if not env:
            return Settings()
        path = Path(env)
    try:
        raw: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"config file not found: {path}") from exc
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"config file unreadable: {path}: {type(exc).__name__}") from exc
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError(f"config file must hold a mapping: {path}")
    try:
        return Settings.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"invalid config {path}: {problems}") from None
