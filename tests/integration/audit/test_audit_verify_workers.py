"""The worker processes of a parallel verify: their protocol and their failures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from audit_helpers import HMAC_KEY

from phigate.audit import verify
from phigate.audit.store import AuditKeys
from phigate.errors import AuditError


def _python(code: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def test_a_failed_worker_is_an_audit_error():
    worker = _python("import sys; sys.stderr.write('audit store: cannot read\\n'); sys.exit(1)")
    try:
        with pytest.raises(AuditError, match="worker failed: audit store: cannot read"):
            verify._collect(worker)
    finally:
        _close(worker)


def test_a_short_answer_is_an_audit_error():
    worker = _python("import sys; sys.stdout.write('{\"problem\": null, \"count\": 2}\\n' + 'x' * 40)")
    try:
        with pytest.raises(AuditError, match="short answer"):
            verify._collect(worker)
    finally:
        _close(worker)


def _close(worker: subprocess.Popen[bytes]) -> None:
    for pipe in (worker.stdout, worker.stderr):
        if pipe is not None:
            pipe.close()


def test_the_worker_reports_an_unreachable_store_on_stderr(tmp_path: Path):
    job = {
        "url": "postgresql://postgres@127.0.0.1:1/test",
        "start": 1,
        "end": 5,
        "purged": 0,
        "key": AuditKeys.derive(HMAC_KEY).chain.hex(),
    }
    result = subprocess.run(
        [sys.executable, "-m", "phigate.audit.verify"],
        input=json.dumps(job).encode() + b"\n",
        capture_output=True,
    )
    assert result.returncode == 1
    assert result.stderr.decode().startswith("audit store: cannot read the audit log: OperationalError")
    assert HMAC_KEY.hex() not in result.stderr.decode()
