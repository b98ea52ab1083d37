"""Ed25519 signatures for audit checkpoints.

The signing key is the provider's ``purpose_key("audit-signing")`` used as the 32-byte Ed25519 seed, so
it is stable for a provider and never stored. ``Verifier`` needs only the public key, which
``Signer.public_key_pem()`` exports for offline verifiers.
"""

from __future__ import annotations

import hashlib

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from phigate.crypto.keys import PURPOSE_AUDIT_SIGNING, KeyProvider
from phigate.errors import KeyAccessError

__all__ = ["Signer", "Verifier"]

_RAW = serialization.Encoding.Raw, serialization.PublicFormat.Raw


class Verifier:
    """Checks Ed25519 signatures against one public key (raw 32 bytes or PEM)."""

    def __init__(self, public_key: bytes) -> None:
        try:
            if public_key.startswith(b"-----BEGIN"):
                loaded = serialization.load_pem_public_key(public_key)
            else:
                loaded = Ed25519PublicKey.from_public_bytes(public_key)
        except (ValueError, UnsupportedAlgorithm) as exc:
            raise KeyAccessError("not an Ed25519 public key") from exc
        if not isinstance(loaded, Ed25519PublicKey):
            raise KeyAccessError("not an Ed25519 public key")
        self._key = loaded

    @property
    def public_key(self) -> bytes:
        """The raw 32-byte public key."""
        return self._key.public_bytes(*_RAW)

    @property
    def key_id(self) -> str:
        """First 16 hex digits of SHA-256 over the raw public key: names the key in checkpoints."""
        return hashlib.sha256(self.public_key).hexdigest()[:16]

    def verify(self, message: bytes, signature: bytes) -> None:
        """Return if ``signature`` is this key's signature of ``message``; raise ``KeyAccessError``."""
        try:
            self._key.verify(signature, message)
        except InvalidSignature as exc:
            raise KeyAccessError(f"signature does not verify under key {self.key_id}") from exc


class Signer:
    """Signs with the Ed25519 key seeded by a provider's ``audit-signing`` purpose key."""

    def __init__(self, keys: KeyProvider, *, purpose: str = PURPOSE_AUDIT_SIGNING) -> None:
        self._key = Ed25519PrivateKey.from_private_bytes(keys.purpose_key(purpose))
        self.verifier = Verifier(self._key.public_key().public_bytes(*_RAW))

    @property
    def key_id(self) -> str:
        """The public key's id (see ``Verifier.key_id``)."""
        return self.verifier.key_id

    def sign(self, message: bytes) -> bytes:
        """The 64-byte Ed25519 signature of ``message``."""
        return self._key.sign(message)

    def public_key_pem(self) -> bytes:
        """The public key as PEM (SubjectPublicKeyInfo), for offline verifiers."""
        return self._key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
