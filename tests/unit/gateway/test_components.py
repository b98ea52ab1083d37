"""Building the gateway from settings, uvicorn's TLS floor, and the recording upstream's own routes."""

from __future__ import annotations

import ssl
from pathlib import Path
from typing import Any

import httpx
import pytest

from phigate.config import Settings
from phigate.crypto.keys import LocalKeyFile
from phigate.errors import AuditError, KeyAccessError
from phigate.gateway.components import build_components, engine_probe, read_api_key_file
from phigate.gateway.serve import uvicorn_config
from phigate.gateway.upstream.http import HttpUpstream
from phigate.gateway.upstream.recording import RecordingUpstream
from phigate.store.engine import make_engine
from tls_testkit import self_signed

pytestmark = pytest.mark.anyio


def settings_for(tmp_path: Path, **gateway: Any) -> Settings:
    return Settings.model_validate(
        {
            "keys": {"key_file": str(tmp_path / "k.key")},
            "audit": {"store": f"sqlite:///{tmp_path}/audit.db"},
            "gateway": {"store_url": f"sqlite:///{tmp_path}/gw.db", **gateway},
        }
    )


async def test_build_components_from_settings(tmp_path: Path) -> None:
    LocalKeyFile.create(tmp_path / "k.key")
    secret = tmp_path / "vendor.key"
    secret.write_text("sk-test\n", encoding="utf-8")
    secret.chmod(0o600)
    vendor = {
        "endpoint": "http://127.0.0.1:1/v1",
        "deployment": "private",
        "models": ["m"],
        "api_key_file": str(secret),
    }
    parts = build_components(settings_for(tmp_path, vendors={"local": vendor}))
    try:
        assert isinstance(parts.upstreams["local"], HttpUpstream)
        parts.audit_probe()
        assert parts.detector.warmed  # word lists load at start-up, not on the first request
        parts.detector.find_text("nothing here")
    finally:
        for close in parts.closers:
            result = close()
            if result is not None:
                await result


def test_missing_key_file_fails_to_build(tmp_path: Path) -> None:
    with pytest.raises(KeyAccessError, match="phigate keys init"):
        build_components(settings_for(tmp_path))


def test_vendor_key_file_must_be_private_and_not_empty(tmp_path: Path) -> None:
    path = tmp_path / "vendor.key"
    path.write_text("sk", encoding="utf-8")
    path.chmod(0o644)
    with pytest.raises(KeyAccessError, match="chmod 600"):
        read_api_key_file(path)
    path.chmod(0o600)
    assert read_api_key_file(path) == "sk"
    path.write_text("  \n", encoding="utf-8")
    with pytest.raises(KeyAccessError, match="empty"):
        read_api_key_file(path)
    with pytest.raises(KeyAccessError, match="cannot open"):
        read_api_key_file(tmp_path / "missing.key")


def test_probe_of_a_store_without_an_audit_log(tmp_path: Path) -> None:
    with pytest.raises(AuditError, match="audit store unavailable"):
        engine_probe(make_engine(f"sqlite:///{tmp_path}/empty.db"), "audit store")()


def test_uvicorn_tls_floor_is_1_2(tmp_path: Path) -> None:
    cert, key = self_signed(tmp_path)

    async def app(scope: Any, receive: Any, send: Any) -> None:
        raise AssertionError("not called")

    config = uvicorn_config(app, "127.0.0.1", 0, cert, key, "warning")
    config.load()
    assert config.ssl is not None and config.ssl.minimum_version == ssl.TLSVersion.TLSv1_2
    plain = uvicorn_config(app, "127.0.0.1", 0, None, None, "warning")
    plain.load()
    assert plain.ssl is None


async def test_recording_upstream_control_routes() -> None:
    recorder = RecordingUpstream(models=("a", "b"))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=recorder), base_url="http://up") as http:
        assert [m["id"] for m in (await http.get("/v1/models")).json()["data"]] == ["a", "b"]
        assert (await http.post("/v1/chat/completions", content=b"not json")).status_code == 400
        assert (await http.get("/v1/unknown")).status_code == 404
        await http.post("/_recorder/script", json={"replies": [{"content": "scripted"}]})
        reply = await http.post(
            "/v1/chat/completions",
            json={"model": "a", "messages": [{"role": "user", "content": [{"type": "text", "text": "x"}]}]},
        )
        assert reply.json()["choices"][0]["message"]["content"] == "scripted"
        assert len((await http.get("/_recorder/requests")).json()["requests"]) == 2
        assert (await http.delete("/_recorder/requests")).json() == {"requests": []}
