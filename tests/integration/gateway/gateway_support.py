"""Running real gateway and upstream processes for the gateway integration tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import openai

from phigate.audit.checkpoint import signer_from_seed
from phigate.audit.verify import verify_log
from phigate.config import load_settings
from phigate.crypto.keys import PURPOSE_AUDIT_HASH, PURPOSE_AUDIT_SIGNING, LocalKeyFile
from phigate.store.engine import make_engine


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes], log: Path, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode}: {log.read_text()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"port {port} did not open: {log.read_text()[-2000:]}")


@dataclass
class Process:
    """A started process and its log."""

    process: subprocess.Popen[bytes]
    log: Path
    port: int

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start(args: list[str], log: Path, port: int, env: dict[str, str] | None = None) -> Process:
    handle = log.open("wb")
    process = subprocess.Popen(
        args, stdout=handle, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}
    )
    handle.close()
    wait_for_port(port, process, log)
    return Process(process, log, port)


@dataclass
class Upstream:
    """The recording upstream process."""

    url: str
    proc: Process

    def requests(self) -> list[dict[str, Any]]:
        return list(httpx.get(f"{self.url}/_recorder/requests", timeout=5).json()["requests"])

    def text(self) -> str:
        return "\n".join(r["raw"] for r in self.requests())

    def script(self, *replies: dict[str, Any]) -> None:
        httpx.post(
            f"{self.url}/_recorder/script", json={"replies": list(replies)}, timeout=5
        ).raise_for_status()


@dataclass
class Served:
    """A configured gateway: its config file, API keys, and the replicas started from it."""

    config: Path
    root: Path
    tokens: dict[str, str]
    replicas: list[Process] = field(default_factory=list)
    engines: list[Any] = field(default_factory=list)

    def url(self, index: int = 0) -> str:
        return f"http://127.0.0.1:{self.replicas[index].port}"

    def client(self, role: str = "clinician", index: int = 0, **headers: str) -> openai.OpenAI:
        return openai.OpenAI(
            base_url=f"{self.url(index)}/v1",
            api_key=self.tokens[role],
            max_retries=0,
            timeout=30,
            default_headers={
                "X-Phigate-Use-Case": "clinical-summary",
                "X-Phigate-Purpose": "TREAT",
                **headers,
            },
        )

    def audit_engine(self) -> Any:
        engine = make_engine(load_settings(self.config).audit.store)
        self.engines.append(engine)
        return engine

    def verified_audit_engine(self) -> Any:
        """The audit store's engine, once the whole log (chain, checkpoints) verifies with the keys."""
        settings = load_settings(self.config)
        keys = LocalKeyFile(settings.keys.key_file)
        engine = self.audit_engine()
        signer = signer_from_seed(keys.purpose_key(PURPOSE_AUDIT_SIGNING), origin=settings.audit.origin)
        verify_log(engine, hmac_key=keys.purpose_key(PURPOSE_AUDIT_HASH), verifier=signer.verifier)
        return engine

    def start_replica(self, *extra: str) -> Process:
        port = free_port()
        args = [
            sys.executable,
            "-m",
            "phigate.cli",
            "serve",
            "--config",
            str(self.config),
            "--port",
            str(port),
        ]
        replica = start([*args, *extra], self.root / f"gateway{len(self.replicas)}.log", port)
        self.replicas.append(replica)
        return replica
