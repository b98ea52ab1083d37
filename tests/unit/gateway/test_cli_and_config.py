"""``phigate apikeys``, ``phigate vendors``, ``phigate serve`` refusals, and the gateway settings."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError
from typer.testing import CliRunner

from phigate.cli import app
from phigate.config import GatewaySettings, load_settings
from phigate.errors import ConfigError
from phigate.gateway.serve import check_transport, is_loopback

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "gateway.yaml"


@pytest.fixture()
def config(tmp_path: Path) -> Path:
    path = tmp_path / "phigate.yaml"
    baa = {
        "signed": "2020-01-01",
        "expires": "2099-01-01",
        "services": ["chat.completions"],
        "no_training_on_customer_data": False,
        "retention_and_deletion": "30 days",
        "breach_notification_days": 10,
    }
    gateway = {
        "store_url": f"sqlite:///{tmp_path}/gw.db",
        "vendors": {
            "local": {"endpoint": "http://127.0.0.1:1/v1", "deployment": "private", "models": ["echo"]},
            "vendor-b": {
                "endpoint": "https://b.example/v1",
                "deployment": "baa_api",
                "models": ["b"],
                "baa": baa,
            },
        },
    }
    path.write_text(yaml.safe_dump({"gateway": gateway}), encoding="utf-8")
    return path


def test_apikeys_create_list_rotate_revoke(config: Path) -> None:
    runner = CliRunner()
    created = runner.invoke(
        app, ["apikeys", "create", "--name", "etl", "--role", "analyst", "--config", str(config)]
    )
    assert created.exit_code == 0, created.output
    key_id = re.search(r"id:\s+(key_\w+)", created.stdout).group(1)  # type: ignore[union-attr]
    assert re.search(r"key:\s+phg_[0-9a-f]{12}_", created.stdout)
    listed = runner.invoke(app, ["apikeys", "list", "--config", str(config)])
    assert key_id in listed.stdout and "active" in listed.stdout and "phg_" not in listed.stdout
    rotated = runner.invoke(app, ["apikeys", "rotate", key_id, "--grace-hours", "1", "--config", str(config)])
    assert rotated.exit_code == 0 and "key:" in rotated.stdout
    revoked = runner.invoke(app, ["apikeys", "revoke", key_id, "--config", str(config)])
    assert revoked.exit_code == 0 and f"revoked {key_id}" in revoked.stdout
    unknown_role = runner.invoke(
        app, ["apikeys", "create", "--name", "x", "--role", "boss", "--config", str(config)]
    )
    assert isinstance(unknown_role.exception, ConfigError)


def test_vendors_lists_and_warns(config: Path) -> None:
    result = CliRunner().invoke(app, ["vendors", "--config", str(config)])
    assert result.exit_code == 0
    assert "vendor-b" in result.stdout and "in effect" in result.stdout
    assert "may train on customer data" in result.stderr


def test_serve_refuses_plain_http_off_loopback(config: Path) -> None:
    result = CliRunner().invoke(app, ["serve", "--config", str(config), "--host", "10.1.2.3"])
    assert isinstance(result.exception, ConfigError)
    assert "refusing plain HTTP on 10.1.2.3" in str(result.exception)
    result = CliRunner().invoke(app, ["serve", "--config", str(config), "--tls-cert", "/nope.crt"])
    assert isinstance(result.exception, ConfigError)


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.9.9.9", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),  # noqa: S104
        ("example.org", False),
    ],
)
def test_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_transport_rules(caplog: pytest.LogCaptureFixture) -> None:
    check_transport("10.0.0.1", tls=True, unsafe_plain_http=False)
    check_transport("127.0.0.1", tls=False, unsafe_plain_http=False)
    with pytest.raises(ConfigError):
        check_transport("10.0.0.1", tls=False, unsafe_plain_http=False)
    check_transport("10.0.0.1", tls=False, unsafe_plain_http=True)
    assert "UNSAFE" in caplog.text


def test_example_config_loads() -> None:
    settings = load_settings(EXAMPLE)
    assert settings.gateway.use_cases["coding-assist"].phi_categories == ["DATE"]
    assert settings.gateway.vendors["azure-baa"].baa is not None


BASE: dict[str, Any] = GatewaySettings().model_dump(mode="json")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {
                "use_cases": {
                    **BASE["use_cases"],
                    "x": {"risk_tier": "low", "vendors": ["nope"], "deployment_types": []},
                }
            },
            "unknown vendor",
        ),
        ({"roles": {"r": {"use_cases": {"nope": ["TREAT"]}}}}, "unknown use case"),
        ({"roles": {"r": {"use_cases": {"clinical-summary": ["LUNCH"]}}}}, "unknown purposes"),
        (
            {
                "vendors": {
                    **BASE["vendors"],
                    "v": {"endpoint": "https://v", "deployment": "baa_api", "models": []},
                }
            },
            "without a baa",
        ),
        ({"tls_cert": "/a.crt"}, "together"),
        (
            {
                "use_cases": {
                    **BASE["use_cases"],
                    "x": {
                        "risk_tier": "low",
                        "vendors": ["local"],
                        "deployment_types": ["private"],
                        "deidentification": "safe-harbor",
                        "phi_categories": ["DATE"],
                    },
                }
            },
            "lets PHI categories through",
        ),
        ({"typo": 1}, "Extra inputs"),
        ({"use_cases": {"x": {"risk_tier": "extreme", "vendors": [], "deployment_types": []}}}, "risk_tier"),
    ],
)
def test_invalid_gateway_settings(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        GatewaySettings.model_validate({**BASE, **change})
