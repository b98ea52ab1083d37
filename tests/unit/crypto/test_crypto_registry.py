from __future__ import annotations

from pathlib import Path

import pytest

from phigate.config import KeysSettings
from phigate.crypto.keys import KEY_PROVIDERS, LocalKeyFile, provider_from_settings
from phigate.errors import ConfigError, RegistryError


def test_builtin_providers_are_registered() -> None:
    assert {"local", "vault", "aws-kms"} <= set(KEY_PROVIDERS.names())


def test_local_provider_from_settings(local_key: LocalKeyFile) -> None:
    provider = provider_from_settings(KeysSettings(key_file=local_key.path))
    assert provider.key_id == local_key.key_id


def test_unknown_provider_is_a_registry_error() -> None:
    with pytest.raises(RegistryError, match="unknown key provider 'gcp-kms' .known: aws-kms, local, vault"):
        provider_from_settings(KeysSettings(provider="gcp-kms"))


def test_registering_a_name_twice_is_refused() -> None:
    with pytest.raises(RegistryError, match="'local' is registered twice"):
        KEY_PROVIDERS.register("local", lambda: lambda settings, store: LocalKeyFile(settings.key_file))


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (KeysSettings(provider="vault"), "keys.vault_address, keys.vault_key_name, keys.vault_token_file"),
        (KeysSettings(provider="vault", vault_address="http://127.0.0.1:1"), "keys.vault_key_name"),
        (KeysSettings(provider="aws-kms"), "keys.kms_key_id, keys.kms_region"),
        (KeysSettings(provider="aws-kms", kms_key_id="alias/x"), "keys.kms_region"),
    ],
)
def test_remote_providers_name_their_missing_settings(settings: KeysSettings, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        provider_from_settings(settings)


def test_keys_settings_reject_unknown_fields(tmp_path: Path) -> None:
    from phigate.config import load_settings

    config = tmp_path / "phigate.yaml"
    config.write_text("keys:\n  provider: local\n  key_bytes: abc\n")
    with pytest.raises(ConfigError, match="key_bytes"):
        load_settings(config)
