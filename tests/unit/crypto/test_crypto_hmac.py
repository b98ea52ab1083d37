from __future__ import annotations

import hashlib
import hmac

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phigate.crypto.hmac import MIN_KEY_BYTES, derive_key, keyed_hash
from phigate.errors import KeyAccessError


def test_keyed_hash_matches_rfc4231_case_1() -> None:
    key = bytes([0x0B]) * 20
    expected = "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
    assert keyed_hash(key, "Hi There") == expected
    assert keyed_hash(key, b"Hi There") == expected


def test_keyed_hash_depends_on_key_and_value() -> None:
    k1, k2 = b"a" * 32, b"b" * 32
    assert keyed_hash(k1, "MRN 12345") != keyed_hash(k2, "MRN 12345")
    assert keyed_hash(k1, "MRN 12345") != keyed_hash(k1, "MRN 12346")
    assert len(keyed_hash(k1, "")) == 64


@pytest.mark.parametrize("key", [b"", b"short", bytes(MIN_KEY_BYTES - 1)])
def test_short_keys_are_refused(key: bytes) -> None:
    with pytest.raises(KeyAccessError, match="too short"):
        keyed_hash(key, "x")
    with pytest.raises(KeyAccessError, match="too short"):
        derive_key(key, "x")


def _hkdf_reference(ikm: bytes, info: bytes, length: int) -> bytes:
    """RFC 5869 written out (extract with an all-zero salt, then expand)."""
    prk = hmac.new(bytes(32), ikm, hashlib.sha256).digest()
    out, block, counter = b"", b"", 1
    while len(out) < length:
        block = hmac.new(prk, block + info + bytes([counter]), hashlib.sha256).digest()
        out += block
        counter += 1
    return out[:length]


def test_derive_key_is_rfc5869_hkdf_with_a_phigate_info_label() -> None:
    ikm = bytes(range(32))
    assert derive_key(ikm, "audit-hash") == _hkdf_reference(ikm, b"phigate/v1/audit-hash", 32)
    assert derive_key(ikm, "x", length=64) == _hkdf_reference(ikm, b"phigate/v1/x", 64)


def test_derive_key_separates_purposes_and_refuses_an_empty_one() -> None:
    ikm = b"k" * 32
    assert derive_key(ikm, "vault-index") != derive_key(ikm, "audit-hash")
    assert derive_key(ikm, "vault-index") == derive_key(ikm, "vault-index")
    with pytest.raises(KeyAccessError, match="purpose"):
        derive_key(ikm, "")


@given(
    st.binary(min_size=16, max_size=64), st.text(min_size=1, max_size=20), st.text(min_size=1, max_size=20)
)
def test_distinct_purposes_never_collide(ikm: bytes, a: str, b: str) -> None:
    if a != b:
        assert derive_key(ikm, a) != derive_key(ikm, b)
