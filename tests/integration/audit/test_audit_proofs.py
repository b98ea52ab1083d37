"""Inclusion and consistency proofs built from real stores, checked offline with the public key only."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest
import sqlalchemy as sa
from audit_helpers import OpenLog, make_event, raw_execute
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from phigate.audit.checkpoint import NoteSigner, signer_from_seed
from phigate.audit.offline import ProvenConsistency, ProvenEntry, check_proof, load_verifier
from phigate.audit.proofs import build_consistency_proof, build_inclusion_proof
from phigate.errors import AuditError, AuditIntegrityError

SIZE = 37


@pytest.fixture()
def proven_log(open_log: OpenLog, engine: sa.Engine) -> sa.Engine:
    """37 entries, checkpoints at 10, 20, 30 and 37."""
    log = open_log(checkpoint_every=10)
    for start in range(0, 30, 10):
        log.append_many([make_event(i) for i in range(start, start + 10)])
    log.append_many([make_event(i) for i in range(30, SIZE)])
    log.checkpoint()
    log.close()
    return engine


def test_every_entry_has_a_short_inclusion_proof(proven_log: sa.Engine, signer: NoteSigner):
    for seq in range(1, SIZE + 1):
        doc = build_inclusion_proof(proven_log, seq)
        assert len(doc["hashes"]) <= math.ceil(math.log2(SIZE))  # type: ignore[arg-type]
        proven = check_proof(json.dumps(doc), signer.verifier)
        assert isinstance(proven, ProvenEntry)
        assert proven.seq == seq
        assert proven.checkpoint.size == SIZE
        assert proven.body["event"]["request_id"] == f"req-{seq - 1}"  # type: ignore[index]


def test_proof_against_an_older_checkpoint(proven_log: sa.Engine, signer: NoteSigner):
    proven = check_proof(json.dumps(build_inclusion_proof(proven_log, 5, at_size=10)), signer.verifier)
    assert isinstance(proven, ProvenEntry)
    assert (proven.seq, proven.checkpoint.size) == (5, 10)
    with pytest.raises(AuditError, match="newer than checkpoint 10"):
        build_inclusion_proof(proven_log, 11, at_size=10)
    with pytest.raises(AuditError, match="no checkpoint at size 11"):
        build_inclusion_proof(proven_log, 5, at_size=11)


@pytest.mark.parametrize(("old", "new"), [(10, None), (20, 30), (30, 37), (37, None), (10, 10)])
def test_consistency_between_checkpoints(
    proven_log: sa.Engine, signer: NoteSigner, old: int, new: int | None
):
    doc = build_consistency_proof(proven_log, old, new)
    proven = check_proof(json.dumps(doc).encode(), signer.verifier)
    assert isinstance(proven, ProvenConsistency)
    assert (proven.old.size, proven.new.size) == (old, new or SIZE)


def _mutations(doc: dict[str, object]) -> list[dict[str, object]]:
    hashes = list(doc["hashes"])  # type: ignore[call-overload]
    flipped = [("0" if hashes[0][0] != "0" else "1") + hashes[0][1:], *hashes[1:]]
    entry = dict(doc["entry"])  # type: ignore[call-overload]
    return [
        {**doc, "hashes": flipped},
        {**doc, "hashes": hashes[:-1]},
        {**doc, "hashes": [*hashes, hashes[0]]},
        {**doc, "seq": doc["seq"] + 1},  # type: ignore[operator]
        {**doc, "tree_size": 36},
        {**doc, "entry": {**entry, "body": entry["body"].replace("svc-test", "svc-evil")}},
        {**doc, "entry": {**entry, "details_sha256": "00" * 32}},
        {**doc, "entry": {**entry, "details_sha256": "zz"}},
        {**doc, "checkpoint": doc["checkpoint"].replace("\n37\n", "\n38\n")},  # type: ignore[attr-defined]
        {**doc, "format": "something-else"},
        {**doc, "type": "exclusion"},
        {key: value for key, value in doc.items() if key != "hashes"},
        {**doc, "hashes": "not a list"},
        {**doc, "seq": True},
    ]


def test_tampered_inclusion_proofs_fail(proven_log: sa.Engine, signer: NoteSigner):
    doc = build_inclusion_proof(proven_log, 17)
    for bad in _mutations(doc):
        with pytest.raises(AuditIntegrityError):
            check_proof(json.dumps(bad), signer.verifier)
    with pytest.raises(AuditIntegrityError):
        check_proof(b"\xff not json", signer.verifier)
    with pytest.raises(AuditIntegrityError):
        check_proof(json.dumps(doc), signer_from_seed(b"\x01" * 32).verifier)


def test_proof_of_an_entry_with_another_entrys_body_fails(proven_log: sa.Engine, signer: NoteSigner):
    doc = build_inclusion_proof(proven_log, 5)
    other = build_inclusion_proof(proven_log, 6)
    with pytest.raises(AuditIntegrityError):
        check_proof(json.dumps({**doc, "entry": other["entry"]}), signer.verifier)


def test_tampered_consistency_proofs_fail(proven_log: sa.Engine, signer: NoteSigner):
    doc = build_consistency_proof(proven_log, 20, 37)
    hashes = list(doc["hashes"])  # type: ignore[call-overload]
    for bad in [
        {**doc, "hashes": hashes[1:]},
        {**doc, "hashes": [*hashes[:-1], "00" * 32]},
        {**doc, "old_size": 21},
        {**doc, "old_checkpoint": doc["new_checkpoint"], "new_checkpoint": doc["old_checkpoint"]},
    ]:
        with pytest.raises(AuditIntegrityError):
            check_proof(json.dumps(bad), signer.verifier)


def test_a_proof_built_over_a_tampered_store_does_not_check(
    proven_log: sa.Engine, store_url: str, signer: NoteSigner
):
    raw_execute(
        store_url, proven_log, "UPDATE audit_entries SET details_sha256 = :d WHERE seq = 3", {"d": bytes(32)}
    )
    doc = build_inclusion_proof(proven_log, 3)
    with pytest.raises(AuditIntegrityError, match="root"):
        check_proof(json.dumps(doc), signer.verifier)


def test_proofs_need_a_covering_checkpoint(open_log: OpenLog, engine: sa.Engine):
    log = open_log(checkpoint_every=1000)
    log.append_many([make_event(i) for i in range(5)])
    with pytest.raises(AuditError, match="no checkpoint yet"):
        build_inclusion_proof(engine, 1)
    log.checkpoint()
    log.append(make_event(5))
    with pytest.raises(AuditError, match="newer than checkpoint 5"):
        build_inclusion_proof(engine, 6)
    with pytest.raises(AuditError, match="no entry 99"):
        build_inclusion_proof(engine, 99)
    with pytest.raises(AuditError, match="no checkpoint at size 3"):
        build_consistency_proof(engine, 3)
    with pytest.raises(AuditError, match="between 0 and"):
        build_consistency_proof(engine, 9, 5)


def test_pem_and_vkey_both_load(signer: NoteSigner):
    pem = signer.verifier.public_key.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    assert load_verifier(pem, name=signer.name).vkey() == signer.verifier.vkey()
    assert load_verifier(signer.verifier.vkey().encode() + b"\n", name="ignored").name == signer.name
    for bad in (b"-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----\n", b"\xff\xfe", b"a+b"):
        with pytest.raises(AuditIntegrityError):
            load_verifier(bad, name=signer.name)


def test_offline_checker_imports_no_database_code():
    code = (
        "import sys, phigate.audit.offline; print([m for m in ('sqlalchemy', 'psycopg') if m in sys.modules])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
