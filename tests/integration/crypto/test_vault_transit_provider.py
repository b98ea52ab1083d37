"""VaultTransit against the Transit stand-in process (see ``transit_stub.py``: no ``vault`` binary is
installable from the package registries here, so the HTTP contract is checked against a recording)."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from key_service_stand_ins import TransitServer, free_port

from phigate.config import KeysSettings
from phigate.crypto import envelope
from phigate.crypto.datakeys import DataKeys
from phigate.crypto.keys import PURPOSE_AUDIT_HASH, KeyProvider, provider_from_settings
from phigate.crypto.vault_transit import VaultTransit, read_token_file
from phigate.errors import ConfigError, KeyAccessError
from phigate.store.datakeys import SqlDataKeyStore
from phigate.store.engine import make_engine

AAD = envelope.bind("phigate_data_keys", "scope-1", "data-key")
KEY = "phigate-master"


@pytest.fixture()
def engine(tmp_path: Path) -> sa.Engine:
    return make_engine(f"sqlite:///{tmp_path / 'keys.db'}")


@pytest.fixture()
def transit_key(transit: TransitServer) -> str:
    response = httpx.post(
        f"{transit.address}/v1/transit/keys/{KEY}", headers={"X-Vault-Token": transit.token}
    )
    assert response.status_code == 204
    return KEY


@pytest.fixture()
def provider(transit: TransitServer, transit_key: str, engine: sa.Engine) -> VaultTransit:
    vault = VaultTransit(
        address=transit.address, key_name=transit_key, token=transit.token, store=SqlDataKeyStore(engine)
    )
    yield vault
    vault.close()


def test_is_a_key_provider(provider: VaultTransit) -> None:
    assert isinstance(provider, KeyProvider)
    assert provider.key_id == f"vault:transit/{KEY}"


def test_wrap_unwrap_round_trip(provider: VaultTransit) -> None:
    dek, wrapped = provider.new_data_key(AAD)
    assert wrapped.startswith(b"vault:v1:") and dek not in wrapped
    assert provider.unwrap(wrapped, AAD) == dek
    assert provider.wrapped_version(wrapped) == 1


def test_wrapped_key_bound_to_its_row(provider: VaultTransit) -> None:
    _dek, wrapped = provider.new_data_key(AAD)
    with pytest.raises(KeyAccessError, match="another table, row or purpose"):
        provider.unwrap(wrapped, envelope.bind("phigate_data_keys", "scope-2", "data-key"))


def test_tampered_ciphertext_is_refused_by_vault(provider: VaultTransit) -> None:
    _dek, wrapped = provider.new_data_key(AAD)
    tampered = wrapped[:-6] + (b"AAAA==" if not wrapped.endswith(b"AAAA==") else b"BBBB==")
    with pytest.raises(
        KeyAccessError, match=r"refused decrypt .*status 400\): cipher: message authentication failed"
    ):
        provider.unwrap(tampered, AAD)
    with pytest.raises(KeyAccessError, match="not a Vault Transit ciphertext"):
        provider.unwrap(b"PGE\x01garbage", AAD)
    with pytest.raises(KeyAccessError, match="not a Vault Transit ciphertext"):
        provider.wrapped_version(b"\xff\xfe")


def test_rotate_rewrap_and_retire(provider: VaultTransit, engine: sa.Engine) -> None:
    keys = DataKeys(provider, SqlDataKeyStore(engine))
    deks = {name: keys.get_or_create(name) for name in ("scope/a", "scope/b", "scope/c")}
    old = SqlDataKeyStore(engine).get("scope/a")
    assert old is not None and old.master_version == 1
    assert provider.rotate() == 2
    assert [(v.version, v.state) for v in provider.versions()] == [(1, "decrypt-only"), (2, "active")]
    assert keys.count_by_version() == {1: 3}
    assert keys.rewrap_all() == 3
    assert keys.count_by_version() == {2: 3}
    provider.retire(1)
    assert [(v.version, v.state) for v in provider.versions()] == [(1, "retired"), (2, "active")]
    assert {name: keys.get(name) for name in deks} == deks  # all re-wrapped, nothing needs v1
    with pytest.raises(KeyAccessError, match="disallowed by policy"):
        provider.unwrap(old.wrapped, DataKeys._aad("scope/a"))
    with pytest.raises(KeyAccessError, match="already retired"):
        provider.retire(1)
    with pytest.raises(KeyAccessError, match="current or unknown"):
        provider.retire(2)
    assert all(v.created is not None for v in provider.versions())


def test_purpose_keys_are_stable_across_instances_and_rotation(
    transit: TransitServer, transit_key: str, engine: sa.Engine, tmp_path: Path
) -> None:
    token_file = tmp_path / "vault-token"
    token_file.write_text(transit.token + "\n")
    token_file.chmod(0o600)
    settings = KeysSettings(
        provider="vault",
        vault_address=transit.address,
        vault_key_name=transit_key,
        vault_token_file=token_file,
    )
    first = provider_from_settings(settings, store=SqlDataKeyStore(engine))
    key = first.purpose_key(PURPOSE_AUDIT_HASH)
    first.rotate()
    DataKeys(first, SqlDataKeyStore(engine)).rewrap_all()
    second = provider_from_settings(settings, store=SqlDataKeyStore(engine))
    assert second.purpose_key(PURPOSE_AUDIT_HASH) == key
    assert second.purpose_key("vault-index") != key


def test_purpose_keys_need_a_store(transit: TransitServer, transit_key: str) -> None:
    vault = VaultTransit(address=transit.address, key_name=transit_key, token=transit.token)
    with pytest.raises(KeyAccessError, match="key-metadata store"):
        vault.purpose_key(PURPOSE_AUDIT_HASH)


def test_wrong_token_is_refused(transit: TransitServer, transit_key: str) -> None:
    vault = VaultTransit(address=transit.address, key_name=transit_key, token="s.wrong")
    with pytest.raises(KeyAccessError, match="status 403.*permission denied"):
        vault.new_data_key(AAD)
    with pytest.raises(KeyAccessError, match="token is required"):
        VaultTransit(address=transit.address, key_name=transit_key, token="")


def test_unknown_key_is_refused(transit: TransitServer) -> None:
    vault = VaultTransit(address=transit.address, key_name="absent", token=transit.token)
    with pytest.raises(KeyAccessError, match="status 404"):
        vault.versions()


def test_unreachable_and_stopped_vault(transit: TransitServer, transit_key: str) -> None:
    dead = VaultTransit(address=f"http://127.0.0.1:{free_port()}", key_name="k", token="t", timeout=2.0)
    with pytest.raises(KeyAccessError, match="Vault unreachable"):
        dead.new_data_key(AAD)
    live = VaultTransit(address=transit.address, key_name=transit_key, token=transit.token, timeout=2.0)
    _dek, wrapped = live.new_data_key(AAD)
    transit.proc.terminate()
    transit.proc.wait(timeout=10)
    with pytest.raises(KeyAccessError, match="Vault unreachable"):
        live.unwrap(wrapped, AAD)


@pytest.mark.parametrize(
    ("mode", "content", "message"), [(0o644, "tok", "chmod 600"), (0o600, "  \n", "empty")]
)
def test_token_file_checks(tmp_path: Path, mode: int, content: str, message: str) -> None:
    path = tmp_path / "token"
    path.write_text(content)
    os.chmod(path, mode)
    with pytest.raises(KeyAccessError, match=message):
        read_token_file(path)
    with pytest.raises(KeyAccessError, match="cannot open"):
        read_token_file(tmp_path / "absent")


def test_token_never_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("VAULT_TOKEN", "s.from-env")
    settings = KeysSettings(provider="vault", vault_address="http://127.0.0.1:1", vault_key_name="k")
    with pytest.raises(ConfigError, match="keys.vault_token_file"):
        provider_from_settings(settings)
