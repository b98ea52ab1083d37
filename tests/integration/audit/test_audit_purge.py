"""Purging details after the retention period keeps every hash, checkpoint and proof valid."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import sqlalchemy as sa
from audit_helpers import HMAC_KEY, OpenLog, make_event, raw_execute, raw_rows

from phigate.audit.checkpoint import NoteSigner
from phigate.audit.export import iter_entries
from phigate.audit.log import PURGE_ACTION
from phigate.audit.offline import check_proof
from phigate.audit.proofs import build_inclusion_proof
from phigate.audit.retention import purge_expired
from phigate.audit.verify import summarize, verify_log
from phigate.errors import AuditError, AuditIntegrityError


def test_purge_drops_details_and_the_log_still_verifies(
    open_log: OpenLog, engine: sa.Engine, store_url: str, signer: NoteSigner
):
    log = open_log(checkpoint_every=5)
    log.append_many([make_event(i) for i in range(10)])
    proof_before = build_inclusion_proof(engine, 4)
    # Nothing is six years old yet: the purge removes nothing, and is itself recorded.
    nothing = purge_expired(log, actor="dpo@example.test")
    assert (nothing.purged, nothing.through_seq, nothing.event_seq) == (0, 0, 11)
    # Seven years on, everything recorded so far is past retention.
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=7 * 366)
    report = purge_expired(log, actor="dpo@example.test", now=later)
    assert (report.purged, report.through_seq, report.event_seq) == (11, 11, 12)
    log.checkpoint()
    log.close()

    verify_log(engine, hmac_key=HMAC_KEY, verifier=signer.verifier)
    assert summarize(engine, hmac_key=HMAC_KEY).purged_through == 11
    assert raw_rows(store_url, engine, "SELECT count(*) FROM audit_entries WHERE details IS NULL") == [(11,)]
    entries = list(iter_entries(engine))
    assert all(e.details is None for e in entries[:11])
    assert entries[11].event["action"] == PURGE_ACTION
    assert entries[11].details == {
        "before": report.before.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "purged": 11,
        "through_seq": 11,
    }
    # Proofs made before and after the purge still check.
    check_proof(json.dumps(proof_before), signer.verifier)
    check_proof(json.dumps(build_inclusion_proof(engine, 4)), signer.verifier)


def test_details_missing_beyond_the_purge_horizon_are_tampering(
    open_log: OpenLog, engine: sa.Engine, store_url: str, signer: NoteSigner
):
    log = open_log()
    log.append_many([make_event(i) for i in range(6)])
    purge_expired(log, actor="dpo", now=dt.datetime.now(dt.UTC) + dt.timedelta(days=7 * 366))
    log.append_many([make_event(i) for i in range(6, 9)])
    log.close()
    raw_execute(store_url, engine, "UPDATE audit_entries SET details = NULL WHERE seq = 9")
    with pytest.raises(AuditIntegrityError) as caught:
        verify_log(engine, hmac_key=HMAC_KEY, verifier=signer.verifier)
    assert caught.value.seq == 9


def test_purge_needs_an_aware_cutoff(open_log: OpenLog):
    with pytest.raises(AuditError, match="timezone-aware"):
        open_log().purge(before=dt.datetime(2020, 1, 1), actor="dpo")  # noqa: DTZ001
