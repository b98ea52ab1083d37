"""AWS KMS as a ``KeyProvider`` (boto3; the ``aws`` extra).

The master key is a symmetric KMS key that never leaves KMS. Data keys come from ``GenerateDataKey``,
are unwrapped with ``Decrypt`` and re-wrapped with ``ReEncrypt``; all three carry an encryption context
``{"phigate-aad": SHA-256(aad) hex}``, so KMS refuses a wrapped key moved to another row. (The digest,
not the associated data itself, goes into the context, because KMS logs contexts in CloudTrail.)

Rotation is ``RotateKeyOnDemand``: KMS keeps every earlier backing key for decryption and does not say
which one wrapped a ciphertext, so ``wrapped_version`` is None and ``phigate keys rotate`` re-wraps every
stored key. KMS never retires a backing key; ``retire`` is refused (disable the KMS key instead).
Credentials come from boto3's usual chain (instance role, profile, SSO); none are settings.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from phigate.config import KeysSettings
from phigate.crypto.datakeys import DataKeyStore, PurposeKeys
from phigate.crypto.keys import KeyVersion
from phigate.errors import ConfigError, KeyAccessError, MissingExtraError

__all__ = ["AwsKms"]

_CONTEXT_KEY = "phigate-aad"


def _context(aad: bytes) -> dict[str, str]:
    return {_CONTEXT_KEY: hashlib.sha256(aad).hexdigest()}


class AwsKms:
    """A symmetric AWS KMS key as the master key. ``store`` holds the wrapped purpose root."""

    def __init__(
        self,
        *,
        key_id: str,
        region: str,
        endpoint_url: str | None = None,
        store: DataKeyStore | None = None,
    ) -> None:
        try:
            import boto3
            from botocore.config import Config
        except ImportError as exc:  # pragma: no cover  (the test environment has the extra)
            raise MissingExtraError("the aws-kms key provider needs: pip install 'phigate[aws]'") from exc
        self._key_id = key_id
        config = Config(retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=5, read_timeout=10)
        self._kms = boto3.session.Session().client(
            "kms", region_name=region, endpoint_url=endpoint_url, config=config
        )
        self._purposes = None if store is None else PurposeKeys(self, store)

    @classmethod
    def from_settings(cls, settings: KeysSettings, *, store: DataKeyStore | None) -> AwsKms:
        """Build from ``keys.kms_key_id``, ``kms_region`` and (for a local stand-in) ``kms_endpoint_url``."""
        key_id, region = settings.kms_key_id, settings.kms_region
        if key_id is None or region is None:
            missing = [n for n in ("kms_key_id", "kms_region") if getattr(settings, n) is None]
            raise ConfigError(f"keys.provider aws-kms needs: {', '.join('keys.' + m for m in missing)}")
        return cls(key_id=key_id, region=region, endpoint_url=settings.kms_endpoint_url, store=store)

    @property
    def key_id(self) -> str:
        """The configured KMS key id, ARN or alias."""
        return self._key_id

    def _call(self, operation: str, **params: Any) -> dict[str, Any]:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            result: dict[str, Any] = getattr(self._kms, operation)(**params)
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "error")
            raise KeyAccessError(f"AWS KMS refused {operation} for {self._key_id}: {code}") from exc
        except BotoCoreError as exc:
            raise KeyAccessError(f"AWS KMS unreachable for {operation} ({type(exc).__name__})") from exc
        return result

    def purpose_key(self, purpose: str) -> bytes:
        """32 bytes for ``purpose``, from the root data key kept wrapped in the key-metadata store."""
        if self._purposes is None:
            raise KeyAccessError("the aws-kms key provider needs a key-metadata store (keys.store_url)")
        return self._purposes.get(purpose)

    def wrap(self, dek: bytes, aad: bytes) -> bytes:
        """``Encrypt`` ``dek`` under the KMS key with the ``aad`` encryption context."""
        result = self._call("encrypt", KeyId=self._key_id, Plaintext=dek, EncryptionContext=_context(aad))
        return bytes(result["CiphertextBlob"])

    def unwrap(self, wrapped: bytes, aad: bytes) -> bytes:
        """``Decrypt``; KMS checks the encryption context."""
        result = self._call(
            "decrypt", KeyId=self._key_id, CiphertextBlob=wrapped, EncryptionContext=_context(aad)
        )
        return bytes(result["Plaintext"])

    def rewrap(self, wrapped: bytes, aad: bytes) -> bytes:
        """``ReEncrypt`` under the key's current backing key; the plaintext never leaves KMS."""
        context = _context(aad)
        result = self._call(
            "re_encrypt",
            CiphertextBlob=wrapped,
            SourceKeyId=self._key_id,
            SourceEncryptionContext=context,
            DestinationKeyId=self._key_id,
            DestinationEncryptionContext=context,
        )
        return bytes(result["CiphertextBlob"])

    def new_data_key(self, aad: bytes) -> tuple[bytes, bytes]:
        """``GenerateDataKey`` (AES_256): ``(plaintext, wrapped)``."""
        result = self._call(
            "generate_data_key", KeyId=self._key_id, KeySpec="AES_256", EncryptionContext=_context(aad)
        )
        return bytes(result["Plaintext"]), bytes(result["CiphertextBlob"])

    def wrapped_version(self, wrapped: bytes) -> None:
        """KMS ciphertexts do not say which backing key wrapped them."""
        return None

    def rotate(self) -> int:
        """``RotateKeyOnDemand``; returns the number of backing keys afterwards."""
        self._call("rotate_key_on_demand", KeyId=self._key_id)
        return len(self.versions())

    def retire(self, version: int) -> None:
        """Refused: KMS keeps every backing key. Disable or schedule deletion of the KMS key instead."""
        raise KeyAccessError(
            "AWS KMS keeps every backing key version; retire is not available (disable the KMS key instead)"
        )

    def versions(self) -> list[KeyVersion]:
        """Version 1 is the key's creation; each on-demand or automatic rotation adds one."""
        meta = self._call("describe_key", KeyId=self._key_id)["KeyMetadata"]
        times: list[dt.datetime | None] = [meta.get("CreationDate")]
        params: dict[str, Any] = {"KeyId": self._key_id}
        while True:
            page = self._call("list_key_rotations", **params)
            times.extend(rotation.get("RotationDate") for rotation in page.get("Rotations", []))
            if not page.get("Truncated"):
                break
            params["Marker"] = page["NextMarker"]
        last = len(times)
        return [
            KeyVersion(self._key_id, number, created, "active" if number == last else "decrypt-only")
            for number, created in enumerate(times, start=1)
        ]
