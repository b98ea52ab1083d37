"""Tamper with the real SQLite file and the real PostgreSQL rows; verify must name the first bad entry."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from audit_helpers import HMAC_KEY, OpenLog, make_event, raw_execute, raw_rows

from phigate.audit.checkpoint import NoteSigner, signer_from_seed
from phigate.audit.verify import verify_log
from phigate.errors import AuditIntegrityError

SIZE = 30


@pytest.fixture()
def filled(open_log: OpenLog, engine: sa.Engine, signer: NoteSigner, store_url: str) -> sa.Engine:
    """A verified log of 30 entries with checkpoints at 10, 20 and 30."""
    log = open_log(checkpoint_every=10)
    for start in range(0, SIZE, 5):
        log.append_many([make_event(i) for i in range(start, start + 5)])
    log.close()
    verify_log(engine, hmac_key=HMAC_KEY, verifier=signer.verifier)
    assert raw_rows(store_url, engine, "SELECT size FROM audit_checkpoints ORDER BY size") == [
        (10,),
        (20,),
        (30,),
    ]
    return engine


def _bytes(store_url: str, engine: sa.Engine, column: str, seq: int) -> bytes:
    sql = f"SELECT {column} FROM audit_entries WHERE seq = :seq"  # noqa: S608 (fixed column names)
    (value,) = raw_rows(store_url, engine, sql, {"seq": seq})[0]
    return bytes(value)


def _set(store_url: str, engine: sa.Engine, column: str, seq: int, value: object) -> None:
    sql = f"UPDATE audit_entries SET {column} = :v WHERE seq = :seq"  # noqa: S608 (fixed column names)
    raw_execute(store_url, engine, sql, {"v": value, "seq": seq})


def modify_body(url: str, engine: sa.Engine) -> int:
    body = _bytes(url, engine, "body", 12)
    _set(url, engine, "body", 12, body.replace(b'"outcome":"', b'"outcome":"x'))
    return 12


def modify_details(url: str, engine: sa.Engine) -> int:
    details = _bytes(url, engine, "details", 5)
    _set(url, engine, "details", 5, details.replace(b'"i":4', b'"i":5'))
    return 5


def modify_digest_and_details(url: str, engine: sa.Engine) -> int:
    details = b'{"i":999}'
    _set(url, engine, "details", 6, details)
    _set(url, engine, "details_sha256", 6, hashlib.sha256(details).digest())
    return 6


def modify_entry_hash(url: str, engine: sa.Engine) -> int:
    _set(url, engine, "entry_hash", 7, bytes(32))
    return 7


def drop_details(url: str, engine: sa.Engine) -> int:
    _set(url, engine, "details", 3, None)
    return 3


def delete_entry(url: str, engine: sa.Engine) -> int:
    raw_execute(url, engine, "DELETE FROM audit_entries WHERE seq = 15")
    return 15


def reorder_entries(url: str, engine: sa.Engine) -> int:
    for old, new in ((8, 1008), (9, 8), (1008, 9)):
        raw_execute(
            url, engine, "UPDATE audit_entries SET seq = :new WHERE seq = :old", {"new": new, "old": old}
        )
    return 8


def insert_entry_in_the_middle(url: str, engine: sa.Engine) -> int:
    raw_execute(url, engine, "UPDATE audit_entries SET seq = -seq WHERE seq >= 20")
    raw_execute(url, engine, "UPDATE audit_entries SET seq = 1 - seq WHERE seq < 0")
    raw_execute(
        url,
        engine,
        "INSERT INTO audit_entries (seq, recorded_at, body, details, details_sha256, entry_hash) "
        "SELECT 20, recorded_at, body, details, details_sha256, entry_hash FROM audit_entries WHERE seq = 19",
    )
    return 20


def append_forged_entry(url: str, engine: sa.Engine) -> int:
    raw_execute(
        url,
        engine,
        "INSERT INTO audit_entries (seq, recorded_at, body, details, details_sha256, entry_hash) "
        "SELECT 31, recorded_at, body, details, details_sha256, entry_hash FROM audit_entries WHERE seq = 30",
    )
    return 31


def truncate_tail(url: str, engine: sa.Engine) -> int:
    raw_execute(url, engine, "DELETE FROM audit_entries WHERE seq > 25")
    return 26


def body_as_text(url: str, engine: sa.Engine) -> int:
    if url.startswith("sqlite"):
        raw_execute(url, engine, "UPDATE audit_entries SET body = CAST(body AS TEXT) WHERE seq = 9")
    else:  # PostgreSQL keeps the type: change one byte instead
        body = _bytes(url, engine, "body", 9)
        _set(url, engine, "body", 9, body[:-1] + b" ")
    return 9


TAMPERS: list[Callable[[str, sa.Engine], int]] = [
    modify_body,
    modify_details,
    modify_digest_and_details,
    modify_entry_hash,
    drop_details,
    delete_entry,
    reorder_entries,
    insert_entry_in_the_middle,
    append_forged_entry,
    truncate_tail,
    body_as_text,
]


@pytest.mark.parametrize("tamper", TAMPERS, ids=lambda f: f.__name__)
def test_verify_names_the_first_bad_entry(
    tamper: Callable[[str, sa.Engine], int], filled: sa.Engine, store_url: str, signer: NoteSigner
):
    bad_seq = tamper(store_url, filled)
    with pytest.raises(AuditIntegrityError) as caught:
        verify_log(filled, hmac_key=HMAC_KEY, verifier=signer.verifier)
    assert caught.value.seq == bad_seq
    assert f"seq {bad_seq}" in str(caught.value)


def test_truncation_with_a_restored_old_head_is_caught_by_the_checkpoint(
    open_log: OpenLog, engine: sa.Engine, store_url: str, signer: NoteSigner
):
    """An attacker who kept a copy of the head row from size 25 cuts the log back to it: the head's
    MAC and the chain both check out, but the signed checkpoint at 30 proves entries are missing."""
    log = open_log(checkpoint_every=30)
    log.append_many([make_event(i) for i in range(25)])
    old_head = raw_rows(
        store_url, engine, "SELECT size, head_hash, frontier, checkpoint_size, mac FROM audit_head"
    )[0]
    log.append_many([make_event(i) for i in range(25, 30)])
    log.close()
    raw_execute(store_url, engine, "DELETE FROM audit_entries WHERE seq > 25")
    raw_execute(
        store_url,
        engine,
        "UPDATE audit_head SET size = :s, head_hash = :h, frontier = :f, checkpoint_size = :c, mac = :m",
        dict(zip("shfcm", old_head, strict=True)),
    )
    with pytest.raises(AuditIntegrityError) as caught:
        verify_log(engine, hmac_key=HMAC_KEY, verifier=signer.verifier)
    assert caught.value.seq == 26


def test_edited_head_fails_its_mac(filled: sa.Engine, store_url: str, signer: NoteSigner):
    raw_execute(store_url, filled, "UPDATE audit_head SET size = 25")
    with pytest.raises(AuditIntegrityError, match="head fails its MAC"):
        verify_log(filled, hmac_key=HMAC_KEY, verifier=signer.verifier)


def test_forged_checkpoint_signature_fails(filled: sa.Engine, store_url: str, signer: NoteSigner):
    (note,) = raw_rows(store_url, filled, "SELECT note FROM audit_checkpoints WHERE size = 20")[0]
    forged = note.replace("\n20\n", "\n21\n")
    raw_execute(store_url, filled, "UPDATE audit_checkpoints SET note = :n WHERE size = 20", {"n": forged})
    with pytest.raises(AuditIntegrityError, match="checkpoint at size 20: .*bad signature"):
        verify_log(filled, hmac_key=HMAC_KEY, verifier=signer.verifier)


def test_checkpoint_moved_to_another_size_fails(filled: sa.Engine, store_url: str, signer: NoteSigner):
    raw_execute(store_url, filled, "DELETE FROM audit_checkpoints WHERE size = 20")
    raw_execute(store_url, filled, "UPDATE audit_checkpoints SET size = 20 WHERE size = 10")
    with pytest.raises(AuditIntegrityError, match="stored at size 20 is for size 10"):
        verify_log(filled, hmac_key=HMAC_KEY, verifier=signer.verifier)


def test_wrong_keys_are_refused(filled: sa.Engine, signer: NoteSigner):
    with pytest.raises(AuditIntegrityError, match="wrong audit key"):
        verify_log(filled, hmac_key=b"\x00" * 32, verifier=signer.verifier)
    with pytest.raises(AuditIntegrityError, match="no signature by the key"):
        verify_log(filled, hmac_key=HMAC_KEY, verifier=signer_from_seed(b"\x01" * 32).verifier)


def delete_range_boundary(url: str, engine: sa.Engine) -> int:
    raw_execute(url, engine, "DELETE FROM audit_entries WHERE seq = 10")  # the last entry of range 1
    return 10


@pytest.mark.slow
@pytest.mark.parametrize(
    "tamper", [delete_range_boundary, insert_entry_in_the_middle], ids=lambda f: f.__name__
)
def test_parallel_verification_names_the_same_first_bad_entry(
    tamper: Callable[[str, sa.Engine], int], filled: sa.Engine, store_url: str, signer: NoteSigner
):
    """Three processes check ranges 1-10, 11-20 and 21-30; the answer is the sequential one."""
    verify_log(filled, hmac_key=HMAC_KEY, verifier=signer.verifier, workers=3)
    bad_seq = tamper(store_url, filled)
    with pytest.raises(AuditIntegrityError) as caught:
        verify_log(filled, hmac_key=HMAC_KEY, verifier=signer.verifier, workers=3)
    assert caught.value.seq == bad_seq
