"""Signed checkpoints ``{size, root, timestamp}`` in the C2SP ``tlog-checkpoint`` / ``signed-note`` form.

A checkpoint's note text is four lines::

    <origin>
    <tree size, decimal>
    <root hash, base64>
    Timestamp: <RFC 3339 UTC time>

followed by a blank line and one signature line per signer, ``— <key name> base64(key id || sig)``,
where the key id is ``SHA-256(key name || 0x0A || 0x01 || Ed25519 public key)[:4]`` (C2SP signed-note).
The log's key name is its origin. A verifier is distributed as the text
``<name>+<key id, 8 hex digits>+base64(0x01 || public key)`` (``phigate audit public-key``).

Every parse or signature problem raises ``AuditIntegrityError``; nothing here returns a bool.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from typing import Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from phigate.audit.canonical import rfc3339
from phigate.audit.merkle import HASH_SIZE
from phigate.errors import AuditIntegrityError, KeyAccessError

__all__ = [
    "DEFAULT_ORIGIN",
    "Checkpoint",
    "NoteSigner",
    "NoteVerifier",
    "SigningKey",
    "signer_from_seed",
]

#: The origin line (and key name) of a log that was not given one.
DEFAULT_ORIGIN = "phigate.local/audit"

_ED25519 = b"\x01"
_SIG_DASH = "\u2014 "
_MAX_SIGNATURES = 16
_MAX_NOTE = 64 * 1024
_DECIMAL = re.compile(r"0|[1-9][0-9]{0,18}")
_TIMESTAMP = "Timestamp: "


class SigningKey(Protocol):
    """An Ed25519 signing key: ``cryptography``'s ``Ed25519PrivateKey``, or one held by a KMS."""

    def sign(self, data: bytes) -> bytes:
        """The Ed25519 signature of ``data``."""

    def public_key(self) -> Ed25519PublicKey:
        """The matching public key."""


def _check_name(name: str) -> None:
    if not name or any(ch.isspace() or ch == "+" for ch in name) or not name.isprintable():
        raise KeyAccessError("a checkpoint key name must be non-empty, printable, without spaces or '+'")


def _b64decode(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise AuditIntegrityError(f"checkpoint: {what} is not base64") from exc


def _key_id(name: str, public_key: Ed25519PublicKey) -> bytes:
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return hashlib.sha256(name.encode("utf-8") + b"\n" + _ED25519 + raw).digest()[:4]


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A tree head: the log's origin, its size, its RFC 6962 root and when it was taken (UTC)."""

    origin: str
    size: int
    root: bytes
    timestamp: dt.datetime

    def text(self) -> str:
        """The note text that is signed, ending in a newline."""
        stamp = rfc3339(self.timestamp, field="timestamp")
        root = base64.b64encode(self.root).decode("ascii")
        return f"{self.origin}\n{self.size}\n{root}\n{_TIMESTAMP}{stamp}\n"

    @classmethod
    def parse(cls, text: str) -> Checkpoint:
        """Parse note text written by ``text()``; anything else is an ``AuditIntegrityError``."""
        if not text.endswith("\n"):
            raise AuditIntegrityError("checkpoint: note text must end with a newline")
        lines = text[:-1].split("\n")
        if len(lines) != 4:
            raise AuditIntegrityError(f"checkpoint: expected 4 lines, found {len(lines)}")
        origin, size_text, root_text, stamp_line = lines
        if not origin:
            raise AuditIntegrityError("checkpoint: empty origin")
        if not _DECIMAL.fullmatch(size_text):
            raise AuditIntegrityError("checkpoint: tree size is not a decimal number")
        root = _b64decode(root_text, "root hash")
        if len(root) != HASH_SIZE:
            raise AuditIntegrityError(f"checkpoint: root hash is not {HASH_SIZE} bytes")
        if not stamp_line.startswith(_TIMESTAMP):
            raise AuditIntegrityError("checkpoint: missing timestamp line")
        stamp_text = stamp_line.removeprefix(_TIMESTAMP)
        try:
            stamp = dt.datetime.strptime(stamp_text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)
        except ValueError as exc:
            raise AuditIntegrityError("checkpoint: timestamp is not RFC 3339 UTC") from exc
        return cls(origin=origin, size=int(size_text), root=root, timestamp=stamp)


class NoteVerifier:
    """Checks checkpoint notes signed by one Ed25519 key under one key name."""

    def __init__(self, name: str, public_key: Ed25519PublicKey) -> None:
        _check_name(name)
        self.name = name
        self.public_key = public_key
        self.key_id = _key_id(name, public_key)

    def vkey(self) -> str:
        """The verifier key text: ``<name>+<key id hex>+base64(0x01 || public key)``."""
        raw = self.public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
        return f"{self.name}+{self.key_id.hex()}+{base64.b64encode(_ED25519 + raw).decode('ascii')}"

    @classmethod
    def from_vkey(cls, text: str) -> NoteVerifier:
        """Parse verifier key text; the embedded key id must match the key."""
        parts = text.strip().split("+", 2)  # the base64 key may itself hold "+"
        if len(parts) != 3:
            raise AuditIntegrityError("verifier key: expected <name>+<key id>+<key>")
        name, key_id_hex, key_text = parts
        key = _b64decode(key_text, "verifier key")
        if len(key) != 33 or key[:1] != _ED25519:
            raise AuditIntegrityError("verifier key: not an Ed25519 key")
        try:
            _check_name(name)
            verifier = cls(name, Ed25519PublicKey.from_public_bytes(key[1:]))
        except (KeyAccessError, ValueError) as exc:
            raise AuditIntegrityError("verifier key: bad name or key") from exc
        if verifier.key_id.hex() != key_id_hex.lower():
            raise AuditIntegrityError("verifier key: key id does not match the key")
        return verifier

    def open(self, note: str) -> Checkpoint:
        """Check ``note``'s signature by this key and parse its checkpoint.

        (1) Split text from signatures at the last blank line. (2) Parse every signature line.
        (3) Of those with this key's name and id, each must verify, and there must be at least one;
        others are ignored (C2SP signed-note). (4) Parse the checkpoint; its origin must be the key
        name.
        """
        if len(note) > _MAX_NOTE:
            raise AuditIntegrityError("checkpoint: note is too large")
        if any(ch < " " and ch != "\n" for ch in note):
            raise AuditIntegrityError("checkpoint: note holds control characters")
        # (1)
        cut = note.rfind("\n\n")
        if cut < 0:
            raise AuditIntegrityError("checkpoint: no blank line before the signatures")
        text, block = note[: cut + 1], note[cut + 2 :]
        if not block.endswith("\n"):
            raise AuditIntegrityError("checkpoint: signature block must end with a newline")
        # (2)
        lines = block[:-1].split("\n")
        if not 0 < len(lines) <= _MAX_SIGNATURES:
            raise AuditIntegrityError("checkpoint: wrong number of signatures")
        verified = 0
        for line in lines:
            if not line.startswith(_SIG_DASH):
                raise AuditIntegrityError("checkpoint: malformed signature line")
            fields = line.removeprefix(_SIG_DASH).split(" ")
            if len(fields) != 2:
                raise AuditIntegrityError("checkpoint: malformed signature line")
            name, sig_text = fields
            sig = _b64decode(sig_text, "signature")
            if len(sig) < 5:
                raise AuditIntegrityError("checkpoint: signature is too short")
            # (3)
            if name != self.name or sig[:4] != self.key_id:
                continue
            try:
                self.public_key.verify(sig[4:], text.encode("utf-8"))
            except InvalidSignature as exc:
                raise AuditIntegrityError("checkpoint: bad signature") from exc
            verified += 1
        if not verified:
            raise AuditIntegrityError(f"checkpoint: no signature by the key {self.name}")
        # (4)
        checkpoint = Checkpoint.parse(text)
        if checkpoint.origin != self.name:
            raise AuditIntegrityError("checkpoint: origin does not match the key name")
        return checkpoint


class NoteSigner:
    """Signs checkpoints as C2SP signed notes under key name ``name`` (the log's origin)."""

    def __init__(self, name: str, key: SigningKey) -> None:
        _check_name(name)
        self.name = name
        self._key = key
        self._verifier = NoteVerifier(name, key.public_key())

    @property
    def verifier(self) -> NoteVerifier:
        """The verifier for this signer's notes."""
        return self._verifier

    def sign(self, checkpoint: Checkpoint) -> str:
        """The signed note of ``checkpoint``, whose origin must be this signer's name."""
        if checkpoint.origin != self.name:
            raise KeyAccessError("checkpoint origin and signing key name differ")
        text = checkpoint.text()
        sig = self._key.sign(text.encode("utf-8"))
        line = base64.b64encode(self._verifier.key_id + sig).decode("ascii")
        return f"{text}\n{_SIG_DASH}{self.name} {line}\n"


def signer_from_seed(seed: bytes, *, origin: str = DEFAULT_ORIGIN) -> NoteSigner:
    """A signer from a 32-byte Ed25519 seed, e.g. ``provider.purpose_key(PURPOSE_AUDIT_SIGNING)``."""
    if len(seed) != 32:
        raise KeyAccessError("an Ed25519 seed is 32 bytes")
    return NoteSigner(origin, Ed25519PrivateKey.from_private_bytes(seed))
