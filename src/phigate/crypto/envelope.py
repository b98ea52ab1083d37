"""AES-256-GCM envelopes: a versioned ciphertext format that names its key and binds its context.

Format (all integers big-endian)::

    "PGE"  format 0x01  | key-id length (1 byte) | key id (ASCII) | key version (4 bytes)
    | nonce (12 random bytes) | ciphertext with 16-byte GCM tag

The header (everything before the nonce) and the caller's associated data are both authenticated, so
changing the key id or version, moving a ciphertext to another row or table, or using it for another
purpose makes decryption fail with ``KeyAccessError``. ``bind(table, row, purpose)`` builds the
associated data for database fields; it length-prefixes each part, so parts cannot run together.
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from phigate.errors import KeyAccessError

__all__ = ["KEY_BYTES", "KeyRef", "bind", "decrypt", "encrypt", "peek"]

#: AES-256 key length.
KEY_BYTES = 32

_MAGIC = b"PGE"
_FORMAT = 1
_NONCE_BYTES = 12
_TAG_BYTES = 16
_VERSION = struct.Struct(">I")


@dataclass(frozen=True, slots=True)
class KeyRef:
    """Which key sealed an envelope: its id and version, read from the (authenticated) header."""

    key_id: str
    version: int


def bind(table: str, row: str, purpose: str) -> bytes:
    """Associated data tying a ciphertext to one table, one row and one purpose."""
    parts = [b"phigate-aad/v1", table.encode(), row.encode(), purpose.encode()]
    return b"".join(_VERSION.pack(len(part)) + part for part in parts)


def _header(ref: KeyRef) -> bytes:
    key_id = ref.key_id.encode("ascii")
    if not key_id or len(key_id) > 255:
        raise KeyAccessError("key id must be 1 to 255 ASCII characters")
    if not 0 <= ref.version < 2**32:
        raise KeyAccessError("key version out of range")
    return _MAGIC + bytes([_FORMAT, len(key_id)]) + key_id + _VERSION.pack(ref.version)


def _split(blob: bytes) -> tuple[KeyRef, bytes, bytes]:
    """``(ref, header, rest)``; raises ``KeyAccessError`` on anything that is not an envelope."""
    if len(blob) < 5 or blob[:3] != _MAGIC:
        raise KeyAccessError("not a phigate ciphertext")
    if blob[3] != _FORMAT:
        raise KeyAccessError(f"unsupported ciphertext format {blob[3]}")
    end = 5 + blob[4]
    if len(blob) < end + _VERSION.size + _NONCE_BYTES + _TAG_BYTES:
        raise KeyAccessError("ciphertext truncated")
    try:
        key_id = blob[5:end].decode("ascii")
    except UnicodeDecodeError as exc:
        raise KeyAccessError("ciphertext header corrupt") from exc
    (version,) = _VERSION.unpack_from(blob, end)
    header_end = end + _VERSION.size
    return KeyRef(key_id, version), blob[:header_end], blob[header_end:]


def peek(blob: bytes) -> KeyRef:
    """The key id and version an envelope names. Not yet authenticated: ``decrypt`` checks them."""
    return _split(blob)[0]


def encrypt(key: bytes, plaintext: bytes, *, ref: KeyRef, aad: bytes) -> bytes:
    """Seal ``plaintext`` under ``key`` (32 bytes), naming ``ref`` and binding ``aad``."""
    if len(key) != KEY_BYTES:
        raise KeyAccessError(f"envelope keys are {KEY_BYTES} bytes")
    header = _header(ref)
    nonce = os.urandom(_NONCE_BYTES)
    return header + nonce + AESGCM(key).encrypt(nonce, plaintext, header + aad)


def decrypt(key: bytes, blob: bytes, *, aad: bytes) -> bytes:
    """Open an envelope made by ``encrypt`` with the same key and associated data.

    Raises ``KeyAccessError`` if it was changed in any byte, or the key or ``aad`` differ.
    """
    if len(key) != KEY_BYTES:
        raise KeyAccessError(f"envelope keys are {KEY_BYTES} bytes")
    _ref, header, rest = _split(blob)
    nonce, sealed = rest[:_NONCE_BYTES], rest[_NONCE_BYTES:]
    try:
        return AESGCM(key).decrypt(nonce, sealed, header + aad)
    except InvalidTag as exc:
        raise KeyAccessError(
            "ciphertext failed authentication: tampered, wrong key, or wrong table/row/purpose"
        ) from exc
