"""Real processes on loopback: the recording upstream and ``phigate serve`` (one or several replicas)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from gateway_support import Served, Upstream, free_port, start

from phigate.crypto.keys import LocalKeyFile
from phigate.gateway.auth import ApiKeys
from phigate.store.engine import make_engine


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
        engine = make_engine(config["gateway"]["store_url"])
        keys = ApiKeys(engine)
        tokens = {
            role: keys.create(name=f"svc-{role}", role=role)[1] for role in ("clinician", "analyst", "admin")
        }
        engine.dispose()
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
