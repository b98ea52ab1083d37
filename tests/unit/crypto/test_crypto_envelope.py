from __future__ import annotations

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phigate.crypto.envelope import KeyRef, bind, decrypt, encrypt, peek
from phigate.errors import KeyAccessError

KEY = bytes(range(32))
REF = KeyRef("scope-1", 3)
AAD = bind("phigate_vault_entries", "row-7", "original")


def _sealed(plaintext: bytes = b"synthetic value 42") -> bytes:
    return encrypt(KEY, plaintext, ref=REF, aad=AAD)


def test_round_trip_and_header() -> None:
    blob = _sealed()
    assert decrypt(KEY, blob, aad=AAD) == b"synthetic value 42"
    assert peek(blob) == REF
    assert blob[:3] == b"PGE" and blob[3] == 1
    assert b"synthetic" not in blob


def test_nonces_are_random() -> None:
    assert _sealed() != _sealed()


@pytest.mark.parametrize("position", ["magic", "format", "key_id", "version", "nonce", "body", "tag"])
def test_flipping_any_byte_is_detected(position: str) -> None:
    blob = bytearray(_sealed())
    header_end = 5 + len(REF.key_id) + 4
    index = {
        "magic": 0,
        "format": 3,
        "key_id": 6,
        "version": header_end - 1,
        "nonce": header_end + 2,
        "body": header_end + 12 + 1,
        "tag": len(blob) - 1,
    }[position]
    blob[index] ^= 0x01
    with pytest.raises(KeyAccessError):
        decrypt(KEY, bytes(blob), aad=AAD)


def test_wrong_version_in_header_is_detected() -> None:
    blob = bytearray(_sealed())
    version_at = 5 + len(REF.key_id)
    blob[version_at : version_at + 4] = (4).to_bytes(4, "big")
    assert peek(bytes(blob)).version == 4
    with pytest.raises(KeyAccessError, match="failed authentication"):
        decrypt(KEY, bytes(blob), aad=AAD)


@pytest.mark.parametrize(
    "other",
    [
        bind("phigate_vault_entries", "row-8", "original"),  # another row
        bind("other_table", "row-7", "original"),  # another table
        bind("phigate_vault_entries", "row-7", "pseudonym"),  # another purpose
        b"",
    ],
)
def test_ciphertext_moved_to_another_context_does_not_open(other: bytes) -> None:
    with pytest.raises(KeyAccessError, match="table/row/purpose"):
        decrypt(KEY, _sealed(), aad=other)


def test_wrong_key_is_detected() -> None:
    with pytest.raises(KeyAccessError):
        decrypt(os.urandom(32), _sealed(), aad=AAD)


def test_bind_length_prefixes_its_parts() -> None:
    assert bind("ab", "c", "d") != bind("a", "bc", "d")
    assert bind("t", "r", "p") == bind("t", "r", "p")


@pytest.mark.parametrize(
    "blob", [b"", b"PGE", b"XYZ\x01\x01a\x00\x00\x00\x01" + bytes(40), b"PGE\x02" + bytes(40)]
)
def test_garbage_is_refused(blob: bytes) -> None:
    with pytest.raises(KeyAccessError):
        decrypt(KEY, blob, aad=AAD)


def test_truncated_envelope_is_refused() -> None:
    with pytest.raises(KeyAccessError, match="truncated"):
        decrypt(KEY, _sealed()[:30], aad=AAD)


def test_non_ascii_key_id_header_is_refused() -> None:
    blob = bytearray(_sealed())
    blob[5] = 0xFF
    with pytest.raises(KeyAccessError, match="corrupt"):
        peek(bytes(blob))


@pytest.mark.parametrize("ref", [KeyRef("", 1), KeyRef("x" * 256, 1), KeyRef("k", -1), KeyRef("k", 2**32)])
def test_bad_refs_are_refused(ref: KeyRef) -> None:
    with pytest.raises(KeyAccessError):
        encrypt(KEY, b"x", ref=ref, aad=AAD)


def test_key_length_is_checked() -> None:
    with pytest.raises(KeyAccessError, match="32 bytes"):
        encrypt(KEY[:16], b"x", ref=REF, aad=AAD)
    with pytest.raises(KeyAccessError, match="32 bytes"):
        decrypt(KEY[:16], _sealed(), aad=AAD)


@given(st.binary(max_size=2048), st.binary(max_size=64))
def test_round_trip_any_plaintext(plaintext: bytes, aad: bytes) -> None:
    blob = encrypt(KEY, plaintext, ref=REF, aad=aad)
    assert decrypt(KEY, blob, aad=aad) == plaintext
    assert len(blob) == 5 + len(REF.key_id) + 4 + 12 + len(plaintext) + 16
