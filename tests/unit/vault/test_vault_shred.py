"""Crypto-shredding, shown on the raw database file: after ``shred`` the ciphertexts are still there,
byte for byte, but no key that remains opens them; and no plaintext is ever written to the file."""

from __future__ import annotations

import base64
import json
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from vault_helpers import Counter, RecordingSink, synthetic_values

from phigate.crypto import envelope
from phigate.crypto.datakeys import DataKeys
from phigate.crypto.hmac import derive_key
from phigate.crypto.keys import PURPOSE_AUDIT_HASH, PURPOSE_AUDIT_SIGNING, PURPOSE_VAULT_INDEX, LocalKeyFile
from phigate.errors import KeyAccessError
from phigate.store.datakeys import SqlDataKeyStore
from phigate.vault import PseudonymVault

PATIENT, OTHER = "SYNTH-MRN-100001", "SYNTH-MRN-100002"
VALUES = synthetic_values(seed=11, count=6)


def _file_bytes(db_path: Path) -> bytes:
    """The database file and its WAL/journal, as they lie on disk."""
    return b"".join(p.read_bytes() for p in sorted(db_path.parent.glob(db_path.name + "*")))


def _raw_entries(db_path: Path) -> dict[int, tuple[str, str, bytes, bytes]]:
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute(
            "SELECT id, key_name, value_ref, original_ct, pseudonym_ct FROM phigate_vault_entries"
        ).fetchall()
    return {row[0]: (row[1], row[2], bytes(row[3]), bytes(row[4])) for row in rows}


def _opens(key: bytes, key_name: str, value_ref: str, blob: bytes, side: str) -> bool:
    """Whether ``key`` opens a vault ciphertext with its true associated data (only the key can fail)."""
    aad = envelope.bind("phigate_vault_entries", f"{key_name}/{value_ref}", side)
    try:
        envelope.decrypt(key, blob, aad=aad)
    except KeyAccessError:
        return False
    return True


def _fill(vault: PseudonymVault) -> dict[str, str]:
    pseudonyms = {}
    for i, value in enumerate(VALUES):
        patient = PATIENT if i % 2 == 0 else OTHER
        pseudonyms[value] = vault.pseudonym_for(
            patient=patient, category="NAME", value=value, make=Counter(f"P{i}")
        )
    return pseudonyms


def test_plaintext_never_reaches_the_database_file(
    vault: PseudonymVault, db_path: Path, engine: sa.Engine
) -> None:
    pseudonyms = _fill(vault)
    for value, pseudonym in pseudonyms.items():
        patient = PATIENT if VALUES.index(value) % 2 == 0 else OTHER
        assert (
            vault.reidentify(patient=patient, pseudonym=pseudonym, actor="a", role="r", purpose="TREAT")
            == value
        )
    engine.dispose()
    raw = _file_bytes(db_path)
    assert len(_raw_entries(db_path)) == len(VALUES)
    for secret in [*VALUES, *pseudonyms.values(), PATIENT, OTHER]:
        assert secret.encode() not in raw, "plaintext found in the database file"
    for _key_name, _ref, original_ct, _p in _raw_entries(db_path).values():
        assert original_ct in raw  # the ciphertexts are what is stored


def test_shred_leaves_ciphertexts_that_nothing_remaining_opens(
    vault: PseudonymVault, db_path: Path, engine: sa.Engine, local_key: LocalKeyFile, sink: RecordingSink
) -> None:
    pseudonyms = _fill(vault)
    before = _raw_entries(db_path)
    shredded_scope = {row[0] for i, row in enumerate(before.values()) if i % 2 == 0}
    assert len(shredded_scope) == 1
    [scope_name] = shredded_scope
    data_keys = DataKeys(local_key, SqlDataKeyStore(engine))
    scope_key = derive_key(data_keys.get(scope_name), "vault/encrypt")
    # positive control: with the scope key and the true associated data, every ciphertext opens
    for key_name, value_ref, original_ct, pseudonym_ct in before.values():
        if key_name == scope_name:
            assert _opens(scope_key, key_name, value_ref, original_ct, "original")
            assert _opens(scope_key, key_name, value_ref, pseudonym_ct, "pseudonym")

    assert vault.shred(patient=PATIENT) is True
    assert sink.events[-1].action == "crypto-shred" and sink.events[-1].details["scope_existed"] is True
    engine.dispose()

    # (1) the rows are still there, byte for byte, and still in the file
    after = _raw_entries(db_path)
    assert after == before
    raw = _file_bytes(db_path)
    for _key_name, _ref, original_ct, _p in after.values():
        assert original_ct in raw
    # (2) the scope's data key is gone from the file's key table
    with sqlite3.connect(db_path) as conn:
        names = {row[0] for row in conn.execute("SELECT name FROM phigate_data_keys")}
    assert scope_name not in names
    # (3) no key that remains opens the shredded ciphertexts: every surviving data key, every purpose key
    #     and every master version, each also through the vault's own derivation
    candidates = [data_keys.get(name) for name in names]
    candidates += [
        local_key.purpose_key(p) for p in (PURPOSE_AUDIT_HASH, PURPOSE_AUDIT_SIGNING, PURPOSE_VAULT_INDEX)
    ]
    candidates += [base64.b64decode(v["key"]) for v in json.loads(local_key.path.read_bytes())["versions"]]
    candidates += [derive_key(k, "vault/encrypt") for k in list(candidates)]
    assert scope_key not in candidates
    for key_name, value_ref, original_ct, pseudonym_ct in after.values():
        if key_name == scope_name:
            for key in candidates:
                assert not _opens(key, key_name, value_ref, original_ct, "original")
                assert not _opens(key, key_name, value_ref, pseudonym_ct, "pseudonym")
    # (4) through the API: the shredded patient's pseudonyms are unknown, the other patient's still work
    for i, (value, pseudonym) in enumerate(pseudonyms.items()):
        if i % 2 == 0:
            with pytest.raises(KeyAccessError, match="unknown pseudonym"):
                vault.reidentify(patient=PATIENT, pseudonym=pseudonym, actor="a", role="r", purpose="TREAT")
        else:
            assert (
                vault.reidentify(patient=OTHER, pseudonym=pseudonym, actor="a", role="r", purpose="TREAT")
                == value
            )


def test_after_shred_a_new_scope_starts_unlinked(vault: PseudonymVault) -> None:
    first = vault.pseudonym_for(patient=PATIENT, category="NAME", value=VALUES[0], make=Counter("OLD"))
    assert vault.shred(patient=PATIENT) is True
    assert vault.shred(patient=PATIENT) is False
    make = Counter("NEW")
    assert vault.pseudonym_for(patient=PATIENT, category="NAME", value=VALUES[0], make=make) == "NEW-1"
    assert make.calls == 1  # the old lookup hash no longer matches: it was keyed by the shredded key
    with pytest.raises(KeyAccessError, match="unknown pseudonym"):
        vault.reidentify(patient=PATIENT, pseudonym=first, actor="a", role="r", purpose="TREAT")


def test_a_shred_interrupted_after_deleting_the_key_counts_as_done(
    vault: PseudonymVault, engine: sa.Engine, local_key: LocalKeyFile
) -> None:
    pseudonym = vault.pseudonym_for(patient=PATIENT, category="NAME", value=VALUES[0], make=Counter())
    with engine.connect() as conn:
        key_name = conn.execute(sa.text("SELECT key_name FROM phigate_vault_scopes")).scalar_one()
    DataKeys(local_key, SqlDataKeyStore(engine)).destroy(key_name)  # step (1) only, then a "crash"
    with pytest.raises(KeyAccessError, match="unknown pseudonym"):
        vault.reidentify(patient=PATIENT, pseudonym=pseudonym, actor="a", role="r", purpose="TREAT")
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM phigate_vault_scopes")).scalar_one() == 0
    assert vault.pseudonym_for(patient=PATIENT, category="NAME", value=VALUES[0], make=Counter("N")) == "N-1"


def test_shred_of_an_unknown_patient_is_audited_too(vault: PseudonymVault, sink: RecordingSink) -> None:
    assert vault.shred(patient="SYNTH-NOBODY") is False
    [event] = sink.events
    assert event.details == {"tenant": "clinic-a", "scope_existed": False}
    assert "SYNTH-NOBODY" not in repr(event)
