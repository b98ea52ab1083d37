"""Keyed hashes for lookups and audit references, and HKDF key derivation.

``keyed_hash`` is HMAC-SHA256 over the UTF-8 value; the hex digest is safe to store and to log, because
without the key it cannot be inverted or confirmed by guessing. ``derive_key`` gives independent keys per
purpose (HKDF-SHA256, RFC 5869), so a leaked lookup key opens nothing else.
"""

from __future__ import annotations

import hashlib
import hmac

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from phigate.errors import KeyAccessError

__all__ = ["MIN_KEY_BYTES", "derive_key", "keyed_hash"]

#: Shortest key accepted for HMAC or as HKDF input: 128 bits. Provider keys are 256 bits.
MIN_KEY_BYTES = 16

_HKDF_INFO_PREFIX = b"phigate/v1/"


def _check_key(key: bytes) -> None:
    if len(key) < MIN_KEY_BYTES:
        raise KeyAccessError(f"key too short: {len(key)} bytes, need at least {MIN_KEY_BYTES}")


def keyed_hash(key: bytes, value: str | bytes) -> str:
    """HMAC-SHA256 of ``value`` (UTF-8 if text) under ``key``, as 64 lowercase hex characters."""
    _check_key(key)
    data = value.encode("utf-8") if isinstance(value, str) else value
    return hmac.new(key, data, hashlib.sha256).hexdigest()


def derive_key(key: bytes, purpose: str, *, length: int = 32) -> bytes:
    """An independent ``length``-byte key for ``purpose`` from ``key`` (HKDF-SHA256, no salt).

    The same key and purpose always give the same bytes; different purposes give unrelated keys.
    """
    _check_key(key)
    if not purpose:
        raise KeyAccessError("a key purpose is required")
    hkdf = HKDF(
        algorithm=hashes.SHA256(), length=length, salt=None, info=_HKDF_INFO_PREFIX + purpose.encode()
    )
    return hkdf.derive(key)
