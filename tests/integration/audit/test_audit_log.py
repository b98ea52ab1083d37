"""The AuditLog on real stores: sequence numbers, batching, checkpoints, failures that must stop callers."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa
from audit_helpers import HMAC_KEY, OpenLog, TcpProxy, make_event, raw_rows

from phigate.audit.checkpoint import NoteSigner
from phigate.audit.log import AuditLog
from phigate.audit.sink import AuditSink
from phigate.audit.verify import summarize, verify_log
from phigate.errors import AuditError, AuditIntegrityError
from phigate.store.engine import make_engine


def test_appends_get_consecutive_seqs_and_verify(open_log: OpenLog, engine: sa.Engine, signer: NoteSigner):
    log = open_log()
    assert isinstance(log, AuditSink)
    assert [log.append(make_event(i)) for i in range(3)] == [1, 2, 3]
    assert log.append_many([make_event(i) for i in range(3, 8)]) == [4, 5, 6, 7, 8]
    assert log.append_many([]) == []
    log.close()
    verify_log(engine, hmac_key=HMAC_KEY, verifier=signer.verifier)
    assert summarize(engine, hmac_key=HMAC_KEY).size == 8


def test_concurrent_callers_share_durable_transactions(
    open_log: OpenLog, engine: sa.Engine, signer: NoteSigner
):
    log = open_log()
    with ThreadPoolExecutor(max_workers=16) as pool:
        seqs = list(pool.map(lambda i: log.append(make_event(i, actor=f"t{i % 16}")), range(640)))
    log.close()
    assert sorted(seqs) == list(range(1, 641))
    verify_log(engine, hmac_key=HMAC_KEY, verifier=signer.verifier)
    # Entries of one transaction share its commit time: fewer commit times than events means batching.
    (commits,) = raw_rows_count(engine)
    assert commits < 640


def raw_rows_count(engine: sa.Engine) -> tuple[int]:
    with engine.connect() as conn:
        return (conn.scalar(sa.text("SELECT count(DISTINCT recorded_at) FROM audit_entries")) or 0,)


def test_a_bad_event_appends_nothing(open_log: OpenLog, engine: sa.Engine):
    log = open_log()
    log.append(make_event(0))
    naive = dataclasses.replace(make_event(1), started_at=dt.datetime(2025, 1, 1))  # noqa: DTZ001
    with pytest.raises(AuditError, match="started_at"):
        log.append_many([make_event(2), naive])
    with pytest.raises(AuditError, match="details"):
        log.append(dataclasses.replace(make_event(3), details={"x": float("nan")}))
    log.close()
    assert summarize(engine, hmac_key=HMAC_KEY).size == 1


def test_wrong_key_refuses_to_append(open_log: OpenLog, engine: sa.Engine, signer: NoteSigner):
    open_log().append(make_event(0))
    intruder = AuditLog(engine, hmac_key=b"\x99" * 32, signer=signer)
    try:
        with pytest.raises(AuditIntegrityError, match="wrong audit key"):
            intruder.append(make_event(1))
    finally:
        intruder.close()


def test_checkpoints_every_n_entries_and_on_demand(open_log: OpenLog, engine: sa.Engine, store_url: str):
    log = open_log(checkpoint_every=3)
    for i in range(7):
        log.append(make_event(i))
    assert raw_rows(store_url, engine, "SELECT size FROM audit_checkpoints ORDER BY size") == [(3,), (6,)]
    first = log.checkpoint()
    assert first.size == 7
    assert log.checkpoint() == first  # nothing new: the same checkpoint, not a second row
    assert raw_rows(store_url, engine, "SELECT count(*) FROM audit_checkpoints") == [(3,)]


def test_checkpoint_after_the_interval(open_log: OpenLog, engine: sa.Engine, store_url: str):
    log = open_log(checkpoint_every=1000, checkpoint_interval=0.2)
    log.append_many([make_event(i) for i in range(4)])
    deadline = time.monotonic() + 10
    while not raw_rows(store_url, engine, "SELECT size FROM audit_checkpoints"):
        assert time.monotonic() < deadline, "no checkpoint after the interval"
        time.sleep(0.05)
    assert raw_rows(store_url, engine, "SELECT size FROM audit_checkpoints") == [(4,)]


def test_empty_log_checkpoint(open_log: OpenLog, engine: sa.Engine, signer: NoteSigner):
    checkpoint = open_log().checkpoint()
    assert checkpoint.size == 0
    verify_log(engine, hmac_key=HMAC_KEY, verifier=signer.verifier)


def test_closed_log_refuses(open_log: OpenLog):
    log = open_log()
    log.close()
    log.close()  # idempotent
    with pytest.raises(AuditError, match="closed"):
        log.append(make_event(0))


def test_bad_options_are_refused(engine: sa.Engine, signer: NoteSigner):
    with pytest.raises(ValueError):
        AuditLog(engine, hmac_key=HMAC_KEY, signer=signer, checkpoint_every=0)


@pytest.mark.parametrize(
    "url", ["sqlite:////nonexistent-dir/phigate/audit.db", "postgresql://postgres@127.0.0.1:1/test"]
)
def test_unreachable_store_raises_audit_error(url: str, signer: NoteSigner):
    engine = make_engine(url)
    with pytest.raises(AuditError, match="audit store") as caught:
        AuditLog(engine, hmac_key=HMAC_KEY, signer=signer)
    assert "postgres@" not in str(caught.value)
    with pytest.raises(AuditError, match="audit store"):
        verify_log(engine, hmac_key=HMAC_KEY, verifier=signer.verifier)
    engine.dispose()


def test_store_outage_fails_appends_until_it_is_back(postgres_url: str, signer: NoteSigner):
    proxy = TcpProxy()
    proxy.start()
    url = postgres_url.replace("127.0.0.1:5432", f"127.0.0.1:{proxy.port}")
    engine = make_engine(url, pool_pre_ping=True)
    log = AuditLog(engine, hmac_key=HMAC_KEY, signer=signer)
    try:
        assert log.append(make_event(0)) == 1
        proxy.stop()
        with pytest.raises(AuditError, match="audit store"):
            log.append(make_event(1))
        with pytest.raises(AuditError, match="audit store"):
            log.append_many([make_event(2), make_event(3)])
        proxy.start()
        assert log.append(make_event(4)) == 2  # nothing of the failed appends was written
    finally:
        log.close()
        proxy.stop()
        engine.dispose()
    direct = make_engine(postgres_url)
    verify_log(direct, hmac_key=HMAC_KEY, verifier=signer.verifier)
    direct.dispose()


def test_sqlite_file_is_created_with_wal(tmp_path: Path, signer: NoteSigner):
    engine = make_engine(f"sqlite:///{tmp_path / 'new.db'}")
    AuditLog(engine, hmac_key=HMAC_KEY, signer=signer).close()
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL: every commit is durable
    engine.dispose()
