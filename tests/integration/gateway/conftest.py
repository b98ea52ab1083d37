"""Real processes on loopback: the recording upstream and ``phigate serve`` (one or several replicas)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest
import yaml

from phigate.config import load_settings
from phigate.crypto.keys import LocalKeyFile
from phigate.gateway.auth import ApiKeys
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


@pytest.fixture()
def upstream(tmp_path: Path) -> Iterator[Upstream]:
    port = free_port()
    proc = start(
        [
            sys.executable,
            "-m",
            "phigate.gateway.upstream.recording",
            "--port",
            str(port),
            "--chunk-size",
            "3",
        ],
        tmp_path / "upstream.log",
        port,
    )
    yield Upstream(f"http://127.0.0.1:{port}", proc)
    proc.stop()


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


@pytest.fixture()
def serve(tmp_path: Path, upstream: Upstream) -> Iterator[Callable[..., Served]]:
    started: list[Served] = []

    def configure(*, store: str | None = None, replicas: int = 1, **gateway: Any) -> Served:
        root = tmp_path / f"site{len(started)}"
        root.mkdir()
        LocalKeyFile.create(root / "phigate.key")
        db = store or f"sqlite:///{root}"
        config: dict[str, Any] = {
            "keys": {"key_file": str(root / "phigate.key"), "store_url": store or f"{db}/keys.db"},
            "audit": {"store": store or f"{db}/audit.db"},
            "gateway": {
                "store_url": store or f"{db}/gateway.db",
                "vendors": {
                    "local": {
                        "endpoint": f"{upstream.url}/v1",
                        "deployment": "private",
                        "models": ["echo"],
                        "retries": 0,
                    }
                },
                **gateway,
            },
        }
        path = root / "gateway.yaml"
        path.write_text(yaml.safe_dump(config), encoding="utf-8")
        keys = ApiKeys(make_engine(config["gateway"]["store_url"]))
        tokens = {
            role: keys.create(name=f"svc-{role}", role=role)[1] for role in ("clinician", "analyst", "admin")
        }
        served = Served(path, root, tokens)
        started.append(served)
        for _ in range(replicas):
            served.start_replica()
        return served

    yield configure
    for served in started:
        for replica in served.replicas:
            replica.stop()
        for engine in served.engines:
            engine.dispose()
