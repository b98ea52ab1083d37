"""Settings: the only place that reads configuration files and the environment.

Every section forbids unknown keys, so a typo is an error rather than a silent default. A config file
that is named but missing is an error too. Key material is never a setting: settings name where keys
live (a key file path, a Vault or KMS key id), never the key.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from phigate.errors import ConfigError
from phigate.model import Category

__all__ = [
    "ENV_CONFIG",
    "AuditSettings",
    "DeidSettings",
    "DetectionSettings",
    "FormatsSettings",
    "PURPOSES_OF_USE",
    "GatewaySettings",
    "KeysSettings",
    "Settings",
    "StrictModel",
    "load_settings",
]

#: Environment variable naming the config file when none is passed explicitly.
ENV_CONFIG = "PHIGATE_CONFIG"


class StrictModel(BaseModel):
    """Base of every settings section: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class KeysSettings(StrictModel):
    """Where phigate's keys live (``keys:``). Names locations only; key material is never a setting.

    ``provider`` is ``local`` (a key file made by ``phigate keys init``), ``vault`` (HashiCorp Vault
    Transit) or ``aws-kms``. ``store_url`` is the database holding wrapped data keys (the vault's).
    """

    provider: str = "local"
    key_file: Path = Path("phigate.key")
    store_url: str | None = None
    vault_address: str | None = None
    vault_mount: str = "transit"
    vault_key_name: str | None = None
    vault_token_file: Path | None = None
    kms_key_id: str | None = None
    kms_region: str | None = None
    kms_endpoint_url: str | None = None


class AuditSettings(StrictModel):
    """The audit log (``audit:``): its store, its name in signed checkpoints, checkpoints, retention.

    The audit HMAC and signing keys come from the ``keys:`` provider, never from here.
    """

    store: str = "sqlite:///phigate-audit.db"
    origin: str = "phigate.local/audit"
    checkpoint_every: int = Field(default=1000, ge=1)
    checkpoint_interval_s: float = Field(default=60.0, gt=0)
    retention_years: int = Field(default=6, ge=1)


class DeidSettings(StrictModel):
    """De-identification defaults (``deid:``) of ``phigate deid`` and ``phigate demo``; flags override.

    ``policy`` is a registered policy (``safe-harbor``, ``pseudonymize``); ``marker`` a preset
    (``typed``, ``stars``, ``redacted``) or a template with ``{category}``/``{letter}``;
    ``zip3_table`` the restricted-ZIP3 table of ``safe-harbor`` (``union-default``, ``hhs-2000``,
    ``census-2010``). The key comes from ``keys:``, the audit store from ``audit:``.
    """

    policy: str = "safe-harbor"
    marker: str = "typed"
    zip3_table: str = "union-default"


class FormatsSettings(StrictModel):
    """Structured formats (``formats:``): rule files, the tabular schema and the DICOM options.

    ``fhir_rules`` / ``hl7v2_rules`` name a shipped rule set (``safe-harbor``) or a YAML file;
    ``tabular_schema`` is a column-schema file (none: inferred per file); ``max_bytes`` is the largest
    input a structured handler reads. The ``dicom_*`` flags are PS3.15 Annex E options, and
    ``dicom_keyed_patient_id`` (false for strict Safe Harbor: Patient ID becomes a dummy).
    """

    fhir_rules: str = "safe-harbor"
    hl7v2_rules: str = "safe-harbor"
    tabular_schema: str | None = None
    max_bytes: int = Field(default=512 * 1024 * 1024, ge=1)
    date_shift_max_days: int = Field(default=365, ge=1)
    dicom_retain_long_modified_dates: bool = False
    dicom_clean_descriptors: bool = False
    dicom_retain_uids: bool = False
    dicom_retain_device_identity: bool = False
    dicom_retain_patient_characteristics: bool = False
    dicom_retain_institution_identity: bool = False
    dicom_keyed_patient_id: bool = True


class DetectionSettings(StrictModel):
    """Detection (``detection:``): local word lists that extend the shipped dictionaries.

    ``site_lists`` maps a list name (``first_names``, ``surnames``, ``us_cities``, ``facility_names``,
    ``clinical_terms``, ...; see ``phigate.detection.dictionaries.LIST_NAMES``) to text files with one
    entry per line. A named file that does not exist is an error when the lists are first loaded.
    """

    site_lists: dict[str, list[Path]] = {}


# -- gateway (``gateway:``) -----------------------------------------------------------------------------

#: HL7 v3 PurposeOfUse codes a gateway request may name (``X-Phigate-Purpose``).
PURPOSES_OF_USE: frozenset[str] = frozenset(
    {
        "TREAT", "ETREAT", "BTG", "HPAYMT", "HOPERAT", "CAREMGT", "HRESCH", "CLINTRL", "PUBHLTH",
        "HMARKT", "HDIRECT", "HLEGAL", "HQUALIMP", "HSYSADMIN", "HTEST", "PATRQT", "PATADMIN", "COC",
    }
)  # fmt: skip

DeploymentType = Literal["public_api", "baa_api", "private"]
VendorService = Literal["chat.completions", "embeddings"]


class GatewayRole(StrictModel):
    """A role: which use cases it may invoke for which purposes of use, and what else it may do."""

    use_cases: dict[str, list[str]] = {}
    reidentify: bool = False
    admin: bool = False
    break_glass: bool = False


class GatewayUseCase(StrictModel):
    """A use case: its risk tier, the PHI its prompts may carry (minimum necessary), where it may go.

    ``deidentification`` is ``pseudonymize`` (consistent, vault-backed placeholders that can be
    re-identified in the answer) or ``safe-harbor`` (fully de-identified; the only form that may go to a
    vendor without a BAA). ``phi_categories`` reach the model unchanged; every other category is
    de-identified. ``screening`` says whether a prompt-injection match blocks the request or flags it.
    """

    description: str = ""
    risk_tier: Literal["low", "medium", "high"]
    deidentification: Literal["pseudonymize", "safe-harbor"] = "pseudonymize"
    phi_categories: list[Category] = []
    vendors: list[str]
    deployment_types: list[DeploymentType]
    human_review: bool = False
    screening: Literal["block", "flag"] = "block"


class GatewayBaa(StrictModel):
    """A signed Business Associate Agreement and its checklist points."""

    signed: dt.date
    expires: dt.date
    services: list[VendorService]
    no_training_on_customer_data: bool
    retention_and_deletion: str
    breach_notification_days: int
    subcontractors: list[str] = []


class GatewayVendor(StrictModel):
    """A model vendor: an OpenAI-compatible endpoint, its deployment type, models and BAA."""

    endpoint: str
    deployment: DeploymentType
    models: list[str]
    api_key_file: Path | None = None
    baa: GatewayBaa | None = None
    connect_timeout_seconds: float = 5.0
    read_timeout_seconds: float = 60.0
    retries: int = 2


class GatewayAuth(StrictModel):
    """Credentials: service API keys, OIDC bearer tokens, TOTP MFA sessions for people."""

    api_key_cache_seconds: float = 5.0
    oidc_issuer: str | None = None
    oidc_audience: str | None = None
    oidc_jwks_url: str | None = None
    oidc_algorithms: list[str] = ["RS256", "ES256"]
    oidc_role_claim: str = "phigate_role"
    session_idle_minutes: float = 15.0
    session_max_hours: float = 12.0
    max_sessions_per_user: int = 3
    totp_issuer: str = "phigate"


class GatewayRateLimit(StrictModel):
    """Requests per window per credential and per user (0 = no limit); Redis shares them."""

    window_seconds: int = 60
    per_key: int = 6000
    per_user: int = 12000
    redis_url: str | None = None


class GatewayBreakGlass(StrictModel):
    """Emergency override: how long a grant lasts, the shortest reason, where the alert goes."""

    minutes: int = 60
    min_reason_chars: int = 15
    webhook_url: str | None = None


def _default_vendors() -> dict[str, GatewayVendor]:
    return {
        "local": GatewayVendor(endpoint="http://127.0.0.1:8001/v1", deployment="private", models=["echo"])
    }


def _default_use_cases() -> dict[str, GatewayUseCase]:
    every: list[DeploymentType] = ["private", "baa_api", "public_api"]
    return {
        "clinical-summary": GatewayUseCase(
            description="Summaries for the treating team; placeholders re-identified for clinicians.",
            risk_tier="medium",
            vendors=["local"],
            deployment_types=["private", "baa_api"],
            human_review=True,
        ),
        "research-deidentified": GatewayUseCase(
            description="Fully de-identified text for research questions.",
            risk_tier="low",
            deidentification="safe-harbor",
            vendors=["local"],
            deployment_types=every,
            screening="flag",
        ),
    }


def _default_roles() -> dict[str, GatewayRole]:
    return {
        "clinician": GatewayRole(
            use_cases={"clinical-summary": ["TREAT", "HOPERAT"], "research-deidentified": ["HRESCH"]},
            reidentify=True,
            break_glass=True,
        ),
        "analyst": GatewayRole(use_cases={"research-deidentified": ["HRESCH", "HOPERAT"]}),
        "admin": GatewayRole(admin=True),
    }


class GatewaySettings(StrictModel):
    """The AI gateway (``gateway:``): listener, stores, credentials, roles, use cases and vendors.

    ``store_url`` holds API keys, MFA enrolments, sessions and break-glass grants. Plain HTTP is
    allowed on loopback only (or with ``phigate serve --unsafe-plain-http``); elsewhere ``tls_cert``
    and ``tls_key`` are required.
    """

    host: str = "127.0.0.1"
    port: int = 8080
    tls_cert: Path | None = None
    tls_key: Path | None = None
    store_url: str = "sqlite:///phigate-gateway.db"
    tenant: str = "default"
    max_body_bytes: int = 1_048_576
    vendor_warn_days: int = 60
    screening_rules: Path | None = None
    auth: GatewayAuth = GatewayAuth()
    rate_limit: GatewayRateLimit = GatewayRateLimit()
    break_glass: GatewayBreakGlass = GatewayBreakGlass()
    vendors: dict[str, GatewayVendor] = Field(default_factory=_default_vendors)
    use_cases: dict[str, GatewayUseCase] = Field(default_factory=_default_use_cases)
    roles: dict[str, GatewayRole] = Field(default_factory=_default_roles)

    @model_validator(mode="after")
    def _references(self) -> GatewaySettings:
        for name, use_case in self.use_cases.items():
            for vendor_name in use_case.vendors:
                if vendor_name not in self.vendors:
                    raise ValueError(f"use case {name!r} names unknown vendor {vendor_name!r}")
            if use_case.deidentification == "safe-harbor" and use_case.phi_categories:
                raise ValueError(f"use case {name!r} is safe-harbor but lets PHI categories through")
        for name, role in self.roles.items():
            for use_case_name, purposes in role.use_cases.items():
                if use_case_name not in self.use_cases:
                    raise ValueError(f"role {name!r} names unknown use case {use_case_name!r}")
                unknown = sorted(set(purposes) - PURPOSES_OF_USE)
                if unknown:
                    raise ValueError(f"role {name!r} names unknown purposes of use {unknown}")
        for name, vendor in self.vendors.items():
            if vendor.deployment == "baa_api" and vendor.baa is None:
                raise ValueError(f"vendor {name!r} is a baa_api deployment without a baa section")
            if vendor.baa is not None and vendor.baa.expires < vendor.baa.signed:
                raise ValueError(f"vendor {name!r}: BAA expires before it was signed")
        if (self.tls_cert is None) != (self.tls_key is None):
            raise ValueError("tls_cert and tls_key must be set together")
        return self


class Settings(StrictModel):
    """All of phigate's settings. Sections are added by the subsystems that read them."""

    keys: KeysSettings = KeysSettings()
    gateway: GatewaySettings = GatewaySettings()
    audit: AuditSettings = AuditSettings()
    deid: DeidSettings = DeidSettings()
    formats: FormatsSettings = FormatsSettings()
    detection: DetectionSettings = DetectionSettings()


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
