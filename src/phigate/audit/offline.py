"""The offline proof checker: a proof document and the log's public key, no database, no audit key.

It imports only the standard library, ``cryptography`` and phigate's Merkle and checkpoint modules,
so it can run wherever an auditor keeps the log's verifier key. ``check_proof`` returns what was
proven or raises ``AuditIntegrityError``; every malformed field is an integrity error, never a crash.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from phigate.audit.canonical import BODY_VERSION
from phigate.audit.checkpoint import Checkpoint, NoteVerifier
from phigate.audit.merkle import HASH_SIZE, leaf_hash, verify_consistency, verify_inclusion
from phigate.errors import AuditIntegrityError, KeyAccessError

__all__ = ["PROOF_FORMAT", "ProvenConsistency", "ProvenEntry", "check_proof", "load_verifier"]

PROOF_FORMAT = "phigate-audit-proof/1"
_F = TypeVar("_F")


@dataclass(frozen=True, slots=True)
class ProvenEntry:
    """Entry ``seq`` (its canonical body, parsed) is in the tree that ``checkpoint`` signs."""

    seq: int
    body: Mapping[str, object]
    checkpoint: Checkpoint


@dataclass(frozen=True, slots=True)
class ProvenConsistency:
    """The tree ``old`` signs is a prefix of the tree ``new`` signs: nothing was rewritten between them."""

    old: Checkpoint
    new: Checkpoint


def _fail(message: str) -> AuditIntegrityError:
    return AuditIntegrityError(f"proof: {message}")


def _field(doc: Mapping[str, object], name: str, kind: type[_F]) -> _F:
    """``doc[name]`` if it is a ``kind`` (a bool is not an int here); else an integrity error."""
    value = doc.get(name)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise _fail(f"field {name!r} is missing or not {kind.__name__}")
    return value


def _hex(value: object, what: str) -> bytes:
    if not isinstance(value, str) or len(value) != 2 * HASH_SIZE:
        raise _fail(f"{what} is not a {HASH_SIZE}-byte hex hash")
    try:
        return bytes.fromhex(value)
    except ValueError as exc:
        raise _fail(f"{what} is not hex") from exc


def _hashes(doc: Mapping[str, object]) -> list[bytes]:
    items: list[object] = _field(doc, "hashes", list)
    if len(items) > 128:
        raise _fail("too many hashes")
    return [_hex(item, f"hashes[{i}]") for i, item in enumerate(items)]


def _open(verifier: NoteVerifier, doc: Mapping[str, object], name: str) -> Checkpoint:
    return verifier.open(_field(doc, name, str))


def _check_inclusion(doc: Mapping[str, object], verifier: NoteVerifier) -> ProvenEntry:
    # (1) The checkpoint is signed by the log's key; (2) it is for the tree size the proof claims.
    checkpoint = _open(verifier, doc, "checkpoint")
    if _field(doc, "tree_size", int) != checkpoint.size:
        raise _fail("tree size differs from the checkpoint's")
    seq = _field(doc, "seq", int)
    # (3) The leaf is rebuilt from the entry as the log hashes it: details digest, then body.
    entry: dict[str, object] = _field(doc, "entry", dict)
    body_text = _field(entry, "body", str)
    body = body_text.encode("utf-8")
    leaf = leaf_hash(_hex(entry.get("details_sha256"), "entry.details_sha256") + body)
    # (4) The path leads from that leaf, at index seq - 1, to the signed root.
    verify_inclusion(leaf, seq - 1, checkpoint.size, _hashes(doc), checkpoint.root)
    # (5) The proven body says it is entry seq.
    try:
        parsed = json.loads(body_text)
    except ValueError as exc:
        raise _fail("entry body is not JSON") from exc
    if not isinstance(parsed, dict) or parsed.get("seq") != seq or parsed.get("v") != BODY_VERSION:
        raise _fail("entry body does not belong to this seq")
    return ProvenEntry(seq=seq, body=parsed, checkpoint=checkpoint)


def _check_consistency(doc: Mapping[str, object], verifier: NoteVerifier) -> ProvenConsistency:
    # (1) Both checkpoints are signed by the log's key and match the sizes the proof claims.
    old = _open(verifier, doc, "old_checkpoint")
    new = _open(verifier, doc, "new_checkpoint")
    if _field(doc, "old_size", int) != old.size or _field(doc, "new_size", int) != new.size:
        raise _fail("sizes differ from the checkpoints'")
    # (2) The hashes rebuild both roots.
    verify_consistency(old.size, new.size, _hashes(doc), old.root, new.root)
    return ProvenConsistency(old=old, new=new)


def load_verifier(data: bytes, *, name: str) -> NoteVerifier:
    """The log's verifier from key-file bytes: a verifier key line (``phigate audit public-key``), or
    a PEM Ed25519 public key (``phigate keys public-key``) together with the log's origin ``name``.
    """
    if data.lstrip().startswith(b"-----BEGIN"):
        try:
            key = serialization.load_pem_public_key(data)
        except (ValueError, UnsupportedAlgorithm) as exc:
            raise AuditIntegrityError("public key: not a PEM public key") from exc
        if not isinstance(key, Ed25519PublicKey):
            raise AuditIntegrityError("public key: not an Ed25519 key")
        try:
            return NoteVerifier(name, key)
        except KeyAccessError as exc:
            raise AuditIntegrityError(f"public key: {exc}") from exc
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError as exc:
        raise AuditIntegrityError("public key: neither a verifier key nor PEM") from exc
    return NoteVerifier.from_vkey(text)


def check_proof(data: bytes | str, verifier: NoteVerifier) -> ProvenEntry | ProvenConsistency:
    """Check a proof document against the log's verifier key; return what it proves."""
    try:
        doc = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise _fail("not a JSON document") from exc
    if not isinstance(doc, dict) or doc.get("format") != PROOF_FORMAT:
        raise _fail(f"not a {PROOF_FORMAT} document")
    kind = doc.get("type")
    if kind == "inclusion":
        return _check_inclusion(doc, verifier)
    if kind == "consistency":
        return _check_consistency(doc, verifier)
    raise _fail("type must be inclusion or consistency")
