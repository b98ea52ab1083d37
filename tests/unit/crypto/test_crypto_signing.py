from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from phigate.crypto.keys import PURPOSE_AUDIT_SIGNING, LocalKeyFile
from phigate.crypto.signing import Signer, Verifier
from phigate.errors import KeyAccessError

MESSAGE = b"phigate checkpoint\n1024\nroot-hash\n"


def test_signer_is_the_audit_signing_purpose_key_as_ed25519_seed(local_key: LocalKeyFile) -> None:
    signer = Signer(local_key)
    expected = Ed25519PrivateKey.from_private_bytes(local_key.purpose_key(PURPOSE_AUDIT_SIGNING))
    assert signer.verifier.public_key == expected.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    assert len(signer.sign(MESSAGE)) == 64


def test_signatures_verify_offline_from_pem_or_raw(local_key: LocalKeyFile) -> None:
    signer = Signer(local_key)
    signature = signer.sign(MESSAGE)
    for public in (signer.public_key_pem(), signer.verifier.public_key):
        verifier = Verifier(public)
        verifier.verify(MESSAGE, signature)
        assert verifier.key_id == signer.key_id and len(verifier.key_id) == 16


def test_tampered_message_or_signature_is_rejected(local_key: LocalKeyFile) -> None:
    signer = Signer(local_key)
    signature = bytearray(signer.sign(MESSAGE))
    with pytest.raises(KeyAccessError, match="does not verify"):
        signer.verifier.verify(MESSAGE + b"x", bytes(signature))
    signature[0] ^= 1
    with pytest.raises(KeyAccessError, match="does not verify"):
        signer.verifier.verify(MESSAGE, bytes(signature))


def test_key_is_stable_across_rotation_and_distinct_per_key_file(
    local_key: LocalKeyFile, tmp_path: Path
) -> None:
    before = Signer(local_key).key_id
    local_key.rotate()
    assert Signer(LocalKeyFile(local_key.path)).key_id == before
    assert Signer(LocalKeyFile.create(tmp_path / "b.key")).key_id != before
    assert Signer(local_key, purpose="other-signing").key_id != before


@pytest.mark.parametrize(
    "public",
    [
        b"\x00" * 31,
        b"-----BEGIN PUBLIC KEY-----\nnot base64\n-----END PUBLIC KEY-----\n",
        X25519PrivateKey.generate()
        .public_key()
        .public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo),
    ],
)
def test_verifier_refuses_what_is_not_an_ed25519_key(public: bytes) -> None:
    with pytest.raises(KeyAccessError, match="not an Ed25519 public key"):
        Verifier(public)
