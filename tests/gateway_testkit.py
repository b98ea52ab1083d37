"""An in-process gateway for unit tests: real SQLite stores, a real key file, the real audit log and vault,
the real HTTP upstream client talking to the recording upstream through an in-process transport.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest

from deid_testkit import detector as testkit_detector
from phigate.audit.checkpoint import signer_from_seed
from phigate.audit.export import Entry, iter_entries
from phigate.audit.log import AuditLog
from phigate.config import GatewaySettings, Settings
from phigate.crypto.keys import PURPOSE_AUDIT_HASH, PURPOSE_AUDIT_SIGNING, LocalKeyFile
from phigate.detection.base import Detector
from phigate.gateway.app import create_app
from phigate.gateway.auth import ApiKeys
from phigate.gateway.components import Components, engine_probe
from phigate.gateway.ratelimit import MemoryCounter
from phigate.gateway.upstream.http import HttpUpstream
from phigate.gateway.upstream.recording import RecordingUpstream
from phigate.store.engine import make_engine
from phigate.vault import PseudonymVault

#: The synthetic PHI values of ``deid_testkit.NOTE`` that its detector finds. None of it is real.
PHI_VALUES = (
    "John Smith",
    "1234567",
    "03/04/2021",
    "123-45-6789",
    "(617) 555-0134",
    "john.smith@mail.example",
    "Jane Roe",
)


@dataclass
class Gateway:
    """An app and what a test needs around it."""

    app: Any
    recorder: RecordingUpstream
    audit_engine: Any
    engine: Any
    keys: LocalKeyFile
    tokens: dict[str, str] = field(default_factory=dict)
    clock_offset: list[dt.timedelta] = field(default_factory=lambda: [dt.timedelta(0)])

    def client(self, role: str = "clinician", **headers: str) -> openai.AsyncOpenAI:
        return openai.AsyncOpenAI(
            base_url="http://gateway/v1",
            api_key=self.tokens[role],
            max_retries=0,
            default_headers={
                "X-Phigate-Use-Case": "clinical-summary",
                "X-Phigate-Purpose": "TREAT",
                **headers,
            },
            http_client=httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app)),
        )

    def http(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url="http://gateway")

    def entries(self) -> list[Entry]:
        return list(iter_entries(self.audit_engine))

    def upstream_text(self) -> str:
        return "\n".join(r["raw"] for r in self.recorder.requests)


def make_settings(**gateway: Any) -> Settings:
    base: dict[str, Any] = {
        "vendors": {
            "local": {"endpoint": "http://upstream/v1", "deployment": "private", "models": ["echo"]},
        },
    }
    base.update(gateway)
    return Settings(gateway=GatewaySettings.model_validate(base))


@pytest.fixture()
def gateway_factory(tmp_path: Path) -> Iterator[Any]:
    logs: list[AuditLog] = []

    def build(settings: Settings | None = None, *, detector: Detector | None = None, **kw: Any) -> Gateway:
        settings = settings or make_settings()
        root = tmp_path / f"gw{len(logs)}"
        root.mkdir()
        keys = LocalKeyFile.create(root / "k.key")
        engine = make_engine(f"sqlite:///{root}/gateway.db")
        audit_engine = make_engine(f"sqlite:///{root}/audit.db")
        audit = AuditLog(
            audit_engine,
            hmac_key=keys.purpose_key(PURPOSE_AUDIT_HASH),
            signer=signer_from_seed(keys.purpose_key(PURPOSE_AUDIT_SIGNING)),
        )
        logs.append(audit)
        recorder = RecordingUpstream(chunk_size=3)
        offset = [dt.timedelta(0)]
        upstream = kw.pop("upstream", None) or HttpUpstream(
            "http://upstream/v1", transport=httpx.ASGITransport(app=recorder), retries=0
        )
        components = Components(
            engine=engine,
            keys=keys,
            audit=kw.pop("audit", audit),
            audit_probe=kw.pop("audit_probe", engine_probe(audit_engine, "audit store")),
            detector=detector or testkit_detector(),
            vault=PseudonymVault(engine, keys, audit, tenant="test"),
            upstreams={name: upstream for name in settings.gateway.vendors},
            counter=MemoryCounter(),
            clock=lambda: dt.datetime.now(dt.UTC) + offset[0],
        )
        app = create_app(settings, components=components)
        gateway = Gateway(app, recorder, audit_engine, engine, keys, clock_offset=offset)
        api_keys = ApiKeys(engine, clock=components.clock)
        for role in settings.gateway.roles:
            _record, gateway.tokens[role] = api_keys.create(name=f"svc-{role}", role=role)
        return gateway

    yield build
    for log in logs:
        log.close()


@pytest.fixture()
def gateway(gateway_factory: Any) -> Gateway:
    return gateway_factory()


async def collect(stream: AsyncIterator[Any]) -> list[Any]:
    return [chunk async for chunk in stream]


@dataclass
class Receiver:
    """A local HTTP server that records the JSON bodies POSTed to it (a webhook receiver)."""

    url: str
    bodies: list[Any] = field(default_factory=list)

    async def wait_for(self, count: int, timeout: float = 5.0) -> list[Any]:
        deadline = time.monotonic() + timeout
        while len(self.bodies) < count and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        return self.bodies


@contextmanager
def webhook_receiver() -> Iterator[Receiver]:
    bodies: list[Any] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            bodies.append(json.loads(self.rfile.read(length)))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield Receiver(f"http://127.0.0.1:{server.server_address[1]}/hook", bodies)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def refusal(exc: openai.APIStatusError) -> tuple[int, str]:
    """The status and error code of an OpenAI client error."""
    body = exc.body if isinstance(exc.body, dict) else {}
    return exc.status_code, str(body.get("code"))
