"""Several processes append to one store; a process is killed with SIGKILL mid-append. Both stores."""

from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from audit_helpers import HMAC_KEY, OpenLog, make_event, raw_rows

from phigate.audit.checkpoint import NoteSigner
from phigate.audit.export import iter_entries
from phigate.audit.verify import summarize, verify_log

WORKER = Path(__file__).with_name("audit_worker.py")
PROCESSES, EVENTS = 4, 60


def _worker(url: str, tag: str, count: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, str(WORKER), url, tag, count], stderr=subprocess.PIPE)


@pytest.mark.slow
def test_processes_build_one_linear_chain(
    open_log: OpenLog, store_url: str, engine: sa.Engine, signer: NoteSigner
):
    open_log().close()  # create the tables first, so the workers only race on appends
    workers = [_worker(store_url, f"proc-{n}", str(EVENTS)) for n in range(PROCESSES)]
    for worker in workers:
        _, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err.decode()
    verify_log(engine, hmac_key=HMAC_KEY, verifier=signer.verifier)
    entries = list(iter_entries(engine))
    assert [e.seq for e in entries] == list(range(1, PROCESSES * EVENTS + 1))
    seen = collections.Counter((e.event["actor"], e.event["request_id"]) for e in entries)
    assert set(seen.values()) == {1}
    assert {actor for actor, _ in seen} == {f"proc-{n}" for n in range(PROCESSES)}
    # Each process's own events keep their order in the shared chain.
    for n in range(PROCESSES):
        mine = [
            int(str(e.event["request_id"]).split("-")[1]) for e in entries if e.event["actor"] == f"proc-{n}"
        ]
        assert mine == list(range(EVENTS))


@pytest.mark.slow
def test_processes_race_to_create_the_tables(store_url: str, engine: sa.Engine, signer: NoteSigner):
    workers = [_worker(store_url, f"first-{n}", "3") for n in range(3)]
    for worker in workers:
        _, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err.decode()
    verify_log(engine, hmac_key=HMAC_KEY, verifier=signer.verifier)
    assert summarize(engine, hmac_key=HMAC_KEY).size == 9


def _wait_for_entries(url: str, engine: sa.Engine, at_least: int, worker: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert worker.poll() is None, worker.stderr.read().decode() if worker.stderr else ""
        try:
            rows = raw_rows(url, engine, "SELECT size FROM audit_head")
        except Exception:  # noqa: BLE001, S112 (tables not created yet, or locked: look again)
            rows = []
        if rows and rows[0][0] >= at_least:
            return
        time.sleep(0.02)
    pytest.fail("the worker appended too slowly")


@pytest.mark.slow
def test_kill_9_mid_append_leaves_a_verifiable_log(
    open_log: OpenLog, store_url: str, engine: sa.Engine, signer: NoteSigner
):
    for round_ in range(3):
        worker = _worker(store_url, f"victim-{round_}", "loop")
        try:
            _wait_for_entries(store_url, engine, 300 * (round_ + 1), worker)
        finally:
            os.kill(worker.pid, signal.SIGKILL)  # never leave the looping worker behind
            worker.communicate(timeout=30)
        assert worker.returncode == -signal.SIGKILL
        # No partial entry: every entry row is covered by the head, and everything verifies.
        verify_log(engine, hmac_key=HMAC_KEY, verifier=signer.verifier)
        ((rows,),) = raw_rows(store_url, engine, "SELECT count(*) FROM audit_entries")
        assert rows == summarize(engine, hmac_key=HMAC_KEY).size
    # The log keeps working after the crashes.
    log = open_log()
    seq = log.append(make_event(0, actor="after-crash"))
    log.checkpoint()
    log.close()
    verify_log(engine, hmac_key=HMAC_KEY, verifier=signer.verifier)
    assert seq == summarize(engine, hmac_key=HMAC_KEY).size
