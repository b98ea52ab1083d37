"""Local stand-ins for remote key services, each started as a real process on a free loopback port:
moto's KMS server (``moto_server``) and a Vault Transit stand-in (``transit_stub.py``; no ``vault``
binary is installable from the package registries here)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from key_service_stand_ins import TransitServer, free_port, stop, wait_listening

_BIN = Path(sys.executable).parent


@pytest.fixture(scope="session")
def moto_kms_url() -> Iterator[str]:
    """URL of a ``moto_server`` process (KMS and the rest of moto) on 127.0.0.1."""
    port = free_port()
    proc = subprocess.Popen(
        [str(_BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_listening(port, proc)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(proc)


@pytest.fixture()
def aws_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dummy credentials for boto3's chain (moto accepts any); never real ones."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)


@pytest.fixture()
def transit() -> Iterator[TransitServer]:
    """A fresh Transit stand-in process with no keys, on a free port."""
    token = "s.test-" + os.urandom(8).hex()
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("transit_stub.py")), token],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().decode()
        if not line.startswith("PORT "):
            raise RuntimeError("transit stub did not start")
        yield TransitServer(f"http://127.0.0.1:{int(line.split()[1])}", token, proc)
    finally:
        stop(proc)
        if proc.stdout is not None:
            proc.stdout.close()
