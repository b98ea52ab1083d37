"""HashiCorp Vault Transit as a ``KeyProvider``, over Vault's HTTP API (httpx).

The master key is a Transit key (``aes256-gcm96``) that never leaves Vault. Data keys are wrapped with
``transit/encrypt`` and unwrapped with ``transit/decrypt``; rotation is ``keys/<name>/rotate`` and
re-wrapping is ``transit/rewrap`` (Vault never returns the plaintext for that). Retiring sets the key's
``min_decryption_version``, which in Vault retires that version *and every older one*.

Associated data: Transit's ``associated_data`` field exists only in recent Vault releases and is not
accepted by ``rewrap``, so the binding is carried inside the encrypted payload instead: the plaintext
sent to Vault is ``SHA-256(aad) || dek``, and ``unwrap`` refuses a payload whose digest differs. GCM in
Vault authenticates the whole payload, so a wrapped key moved to another row does not unwrap.

The token comes from an explicit argument or a 0600 token file; never from an environment variable.
Purpose keys come from a root data key stored wrapped in the key-metadata store (``PurposeKeys``).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path
from typing import Any

import httpx

from phigate.config import KeysSettings
from phigate.crypto.datakeys import DataKeyStore, PurposeKeys
from phigate.crypto.keys import KeyState, KeyVersion, check_private_file
from phigate.errors import ConfigError, KeyAccessError

__all__ = ["VaultTransit", "read_token_file"]

_CIPHERTEXT = re.compile(r"^vault:v(\d+):")
_DIGEST_BYTES = 32


def read_token_file(path: Path) -> str:
    """The Vault token in ``path`` (a 0600 file holding the token and optional surrounding whitespace)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError as exc:
        raise KeyAccessError(f"cannot open Vault token file {path}: {exc.strerror}") from exc
    try:
        check_private_file(path, fd)
        with os.fdopen(os.dup(fd), "rb") as handle:
            raw = handle.read(64 * 1024)
    finally:
        os.close(fd)
    try:
        token = raw.decode("ascii").strip()
    except UnicodeDecodeError as exc:
        raise KeyAccessError(f"Vault token file {path} is not ASCII text") from exc
    if not token:
        raise KeyAccessError(f"Vault token file {path} is empty")
    return token


class VaultTransit:
    """A Vault Transit key as the master key. ``store`` holds the wrapped purpose root."""

    def __init__(
        self,
        *,
        address: str,
        key_name: str,
        token: str,
        mount: str = "transit",
        store: DataKeyStore | None = None,
        timeout: float = 10.0,
    ) -> None:
        if not token:
            raise KeyAccessError("a Vault token is required")
        self._key_name = key_name
        self._mount = mount.strip("/")
        self._client = httpx.Client(
            base_url=address.rstrip("/") + "/v1/",
            headers={"X-Vault-Token": token},
            timeout=timeout,
        )
        self._purposes = None if store is None else PurposeKeys(self, store)

    @classmethod
    def from_settings(cls, settings: KeysSettings, *, store: DataKeyStore | None) -> VaultTransit:
        """Build from ``keys.vault_address``, ``vault_key_name``, ``vault_token_file`` and ``vault_mount``."""
        address, key_name = settings.vault_address, settings.vault_key_name
        token_file = settings.vault_token_file
        if address is None or key_name is None or token_file is None:
            names = ("vault_address", "vault_key_name", "vault_token_file")
            missing = ", ".join(f"keys.{name}" for name in names if getattr(settings, name) is None)
            raise ConfigError(f"keys.provider vault needs: {missing}")
        return cls(
            address=address,
            key_name=key_name,
            token=read_token_file(token_file),
            mount=settings.vault_mount,
            store=store,
        )

    def close(self) -> None:
        """Close the HTTP connection pool."""
        self._client.close()

    @property
    def key_id(self) -> str:
        """``vault:<mount>/<key name>``."""
        return f"vault:{self._mount}/{self._key_name}"

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        url = f"{self._mount}/{path}"
        try:
            response = self._client.request(method, url, json=body)
        except httpx.HTTPError as exc:
            raise KeyAccessError(f"Vault unreachable ({type(exc).__name__}) for {self.key_id}") from exc
        if response.status_code == 204:
            return {}
        try:
            payload = response.json()
        except ValueError as exc:
            raise KeyAccessError(f"Vault sent a non-JSON answer (status {response.status_code})") from exc
        if response.status_code >= 400:
            errors = payload.get("errors") if isinstance(payload, dict) else None
            detail = "; ".join(str(e)[:200] for e in errors) if isinstance(errors, list) else ""
            raise KeyAccessError(
                f"Vault refused {path.split('/')[0]} for {self.key_id} (status {response.status_code})"
                + (f": {detail}" if detail else "")
            )
        data = payload.get("data") if isinstance(payload, dict) else None
        if not isinstance(data, dict):
            raise KeyAccessError(f"Vault answer for {path.split('/')[0]} has no data")
        return data

    def _ciphertext(self, data: dict[str, Any]) -> bytes:
        text = data.get("ciphertext")
        if not isinstance(text, str) or not _CIPHERTEXT.match(text):
            raise KeyAccessError("Vault answer holds no Transit ciphertext")
        return text.encode("ascii")

    def purpose_key(self, purpose: str) -> bytes:
        """32 bytes for ``purpose``, from the root data key kept wrapped in the key-metadata store."""
        if self._purposes is None:
            raise KeyAccessError("the vault key provider needs a key-metadata store (keys.store_url)")
        return self._purposes.get(purpose)

    def wrap(self, dek: bytes, aad: bytes) -> bytes:
        """``transit/encrypt`` of ``SHA-256(aad) || dek`` under the latest key version."""
        payload = base64.b64encode(hashlib.sha256(aad).digest() + dek).decode()
        data = self._call("POST", f"encrypt/{self._key_name}", {"plaintext": payload})
        return self._ciphertext(data)

    def unwrap(self, wrapped: bytes, aad: bytes) -> bytes:
        """``transit/decrypt``, then check the bound digest of ``aad``."""
        data = self._call("POST", f"decrypt/{self._key_name}", {"ciphertext": _text(wrapped)})
        try:
            payload = base64.b64decode(str(data.get("plaintext", "")), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise KeyAccessError("Vault decrypt answer is not base64") from exc
        digest, dek = payload[:_DIGEST_BYTES], payload[_DIGEST_BYTES:]
        if not dek or not hmac.compare_digest(digest, hashlib.sha256(aad).digest()):
            raise KeyAccessError("wrapped data key belongs to another table, row or purpose")
        return dek

    def rewrap(self, wrapped: bytes, aad: bytes) -> bytes:
        """``transit/rewrap`` to the latest version (Vault never hands out the plaintext)."""
        data = self._call("POST", f"rewrap/{self._key_name}", {"ciphertext": _text(wrapped)})
        new = self._ciphertext(data)
        self.unwrap(new, aad)  # the binding must survive: refuse to store what would not unwrap
        return new

    def new_data_key(self, aad: bytes) -> tuple[bytes, bytes]:
        """A random 32-byte key from the OS CSPRNG, wrapped by ``wrap``."""
        dek = secrets.token_bytes(32)
        return dek, self.wrap(dek, aad)

    def wrapped_version(self, wrapped: bytes) -> int:
        """The Transit key version in the ``vault:vN:`` prefix."""
        return int(_text(wrapped).split(":", 2)[1].removeprefix("v"))

    def _key_info(self) -> dict[str, Any]:
        return self._call("GET", f"keys/{self._key_name}")

    def rotate(self) -> int:
        """``keys/<name>/rotate``; returns the new latest version."""
        self._call("POST", f"keys/{self._key_name}/rotate")
        return int(self._key_info()["latest_version"])

    def retire(self, version: int) -> None:
        """Raise ``min_decryption_version`` past ``version`` (retiring it and every older version)."""
        info = self._key_info()
        latest, floor = int(info["latest_version"]), int(info["min_decryption_version"])
        if version >= latest:
            raise KeyAccessError(f"master key version {version} is current or unknown; rotate first")
        if version < floor:
            raise KeyAccessError(f"master key version {version} is already retired")
        self._call("POST", f"keys/{self._key_name}/config", {"min_decryption_version": version + 1})

    def versions(self) -> list[KeyVersion]:
        """Every version Vault lists, with its creation time; below ``min_decryption_version`` is retired."""
        info = self._key_info()
        latest, floor = int(info["latest_version"]), int(info["min_decryption_version"])
        result = []
        for number_text, created in sorted(info["keys"].items(), key=lambda item: int(item[0])):
            number = int(number_text)
            state: KeyState = "active" if number == latest else "decrypt-only"
            if number < floor:
                state = "retired"
            result.append(KeyVersion(self.key_id, number, _created(created), state))
        return result


def _text(wrapped: bytes) -> str:
    """A stored wrapped key as Transit ciphertext text; ``KeyAccessError`` if it is not one."""
    try:
        text = wrapped.decode("ascii")
    except UnicodeDecodeError as exc:
        raise KeyAccessError("not a Vault Transit ciphertext") from exc
    if not _CIPHERTEXT.match(text):
        raise KeyAccessError("not a Vault Transit ciphertext")
    return text


def _created(value: object) -> dt.datetime | None:
    """Vault lists a version's creation as Unix seconds (symmetric keys) or an object with a time."""
    if isinstance(value, int):
        return dt.datetime.fromtimestamp(value, dt.UTC)
    if isinstance(value, dict) and isinstance(value.get("creation_time"), str):
        return dt.datetime.fromisoformat(value["creation_time"].replace("Z", "+00:00"))
    return None
