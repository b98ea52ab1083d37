"""Gateway overhead: phigate's gateway vs calling the same local upstream directly, vs LiteLLM's proxy.

Three processes on loopback: the recording upstream (``phigate.gateway.upstream.recording``), a
``phigate serve`` with the embedded default roles and use cases (SQLite stores, a local key file, the
default detector), and LiteLLM's proxy (``litellm[proxy]``, installed by this benchmark into its own venv
``.venv-bench-litellm/`` and run offline) pointed at the same upstream. One load generator (raw HTTP/1.1
keep-alive connections, one per simulated client) sends the same 2 KB synthetic clinical prompt full of
PHI at 1, 10 and 50 concurrent clients to each. The upstream echoes the prompt, so the gateway also
scans and re-identifies a 2 KB answer. Figures: p50/p99 latency, added latency against the direct call,
throughput, and streaming time to first token. Results print as a table and go to out/bench/gateway.md.
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "out" / "bench" / "gateway.md"
LITELLM_VENV = ROOT / ".venv-bench-litellm"
#: The newest release whose dependencies install here (1.103.0 and later need certifi>=2026.10.19).
LITELLM_VERSION = "1.102.4"
CONCURRENCY = (1, 10, 50)
REQUESTS = {1: 300, 10: 1000, 50: 1500}
WARMUP = 30
TTFT_REQUESTS = 100

#: A synthetic discharge note, about 2 KB, full of PHI. Every value is invented.
PROMPT = (
    "DISCHARGE SUMMARY\n"
    "Patient: Johanna Vexley   MRN: 88120457   DOB: 03/14/1951   SSN: 512-44-9017\n"
    "Address: 4417 Larkspur Lane, Springfield, MA 01109   Phone: (413) 555-0143\n"
    "Email: j.vexley@mailbox.example   Health plan ID: HPX-4471-2209-88\n"
    "Admitted: 02/02/2024   Discharged: 02/09/2024   Attending: Dr. Tobias Quernby, NPI 1407739612\n"
    "History: Ms. Vexley is a 72-year-old woman with type 2 diabetes, hypertension and CKD stage 3 who "
    "presented to Mercy Ridge Hospital with three days of chest pain and dyspnea. Her daughter, Clara "
    "Vexley (phone 413-555-0199), brought her in. Troponin peaked at 0.42. Echo showed EF 40%. She was "
    "started on heparin and taken for catheterization on 02/04/2024, which showed a 90% LAD stenosis "
    "treated with a drug-eluting stent (device serial DES-77812-QX). Post-procedure course was "
    "complicated by a groin hematoma managed conservatively. Creatinine 1.6 on discharge.\n"
    "Medications: aspirin 81 mg daily, clopidogrel 75 mg daily, atorvastatin 80 mg nightly, metoprolol "
    "succinate 25 mg daily, lisinopril 10 mg daily, metformin 500 mg twice daily.\n"
    "Follow-up: Cardiology clinic with Dr. Quernby on 02/23/2024 at 10:30; PCP Dr. Ingrid Halvorsen at "
    "Maple Street Clinic, 88 Maple St, Springfield, fax (413) 555-0177. Labs (BMP) in one week.\n"
    "Portal: https://portal.mercyridge.example/patients/88120457  Device IP 10.44.12.7\n"
    "Instructions: call 911 for chest pain; no heavy lifting for 7 days; cardiac rehab referral sent. "
    "Please summarize this admission for the patient and list the follow-up appointments."
)


@dataclass
class Target:
    """Where a load goes: host port, path, headers."""

    name: str
    port: int
    path: str
    headers: dict[str, str]


@dataclass
class Result:
    target: str
    clients: int
    p50: float
    p99: float
    rps: float
    errors: int


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(port: int, process: subprocess.Popen[bytes], log: Path, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process exited: {log.read_text()[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"port {port} did not open: {log.read_text()[-3000:]}")


@contextmanager
def _process(args: list[str], log: Path, port: int, env: dict[str, str] | None = None) -> Iterator[None]:
    with log.open("wb") as handle:
        process = subprocess.Popen(
            args, stdout=handle, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}
        )
    try:
        _wait(port, process, log)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# -- a minimal HTTP/1.1 keep-alive client (the same for every target, so its cost cancels out) ------


class _Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int) -> _Connection:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        return cls(reader, writer)

    async def post(
        self, target: Target, body: bytes, *, first_token: bool = False
    ) -> tuple[int, float | None]:
        """Send one request; return the status and, for streams, seconds to the first content token."""
        head = [f"POST {target.path} HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json"]
        head += [f"{k}: {v}" for k, v in target.headers.items()]
        head.append(f"Content-Length: {len(body)}")
        started = time.perf_counter()
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        await self.writer.drain()
        status = int((await self.reader.readline()).split()[1])
        length, chunked = 0, False
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "transfer-encoding" and "chunked" in value.lower():
                chunked = True
        ttft = None
        if not chunked:
            await self.reader.readexactly(length)
            return status, ttft
        while True:
            size = int((await self.reader.readline()).strip(), 16)
            data = await self.reader.readexactly(size + 2)
            if ttft is None and first_token and b'"content":"' in data and b'"content":""' not in data:
                ttft = time.perf_counter() - started
            if size == 0:
                return status, ttft

    def close(self) -> None:
        self.writer.close()


async def _load(target: Target, clients: int, total: int, body: bytes) -> Result:
    connections = [await _Connection.open(target.port) for _ in range(clients)]
    for _ in range(max(1, WARMUP // clients)):
        await asyncio.gather(*(c.post(target, body) for c in connections))
    latencies: list[float] = []
    errors = 0
    remaining = total

    async def worker(connection: _Connection) -> None:
        nonlocal remaining, errors
        while remaining > 0:
            remaining -= 1
            started = time.perf_counter()
            status, _ = await connection.post(target, body)
            latencies.append(time.perf_counter() - started)
            errors += status != 200

    started = time.perf_counter()
    await asyncio.gather(*(worker(c) for c in connections))
    elapsed = time.perf_counter() - started
    for connection in connections:
        connection.close()
    latencies.sort()
    return Result(
        target.name,
        clients,
        statistics.median(latencies) * 1000,
        latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        len(latencies) / elapsed,
        errors,
    )


async def _ttft(target: Target, body: bytes) -> float:
    connection = await _Connection.open(target.port)
    for _ in range(10):
        await connection.post(target, body, first_token=True)
    samples = []
    for _ in range(TTFT_REQUESTS):
        _status, ttft = await connection.post(target, body, first_token=True)
        if ttft is not None:
            samples.append(ttft)
    connection.close()
    return statistics.median(samples) * 1000 if samples else float("nan")


# -- the three servers ----------------------------------------------------------------------------------


def _litellm() -> tuple[Path | None, str]:
    """The LiteLLM proxy executable in its own venv (installed on first use), or why not."""
    exe = LITELLM_VENV / "bin" / "litellm"
    python = LITELLM_VENV / "bin" / "python"
    wanted = f"litellm[proxy]=={LITELLM_VERSION}"
    try:
        if not python.exists():
            subprocess.run([sys.executable, "-m", "venv", str(LITELLM_VENV)], check=True, timeout=300)
        probe = "import importlib.metadata as m; print(m.version('litellm'))"
        installed = subprocess.run([str(python), "-c", probe], capture_output=True, text=True, timeout=60)
        if installed.stdout.strip() != LITELLM_VERSION:
            pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", wanted]
            subprocess.run(pip, check=True, timeout=1800)
    except (subprocess.SubprocessError, OSError) as exc:
        return None, f"LiteLLM could not be installed ({type(exc).__name__})"
    return exe, wanted


def _gateway_config(root: Path, upstream_port: int) -> Path:
    import yaml

    config = {
        "keys": {"key_file": str(root / "phigate.key")},
        "audit": {"store": f"sqlite:///{root}/audit.db"},
        "gateway": {
            "store_url": f"sqlite:///{root}/gateway.db",
            "vendors": {
                "local": {
                    "endpoint": f"http://127.0.0.1:{upstream_port}/v1",
                    "deployment": "private",
                    "models": ["echo"],
                    "retries": 0,
                }
            },
            "rate_limit": {"per_key": 0, "per_user": 0},
        },
    }
    path = root / "gateway.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def _api_key(config: Path) -> str:
    from phigate.config import load_settings
    from phigate.crypto.keys import LocalKeyFile
    from phigate.gateway.auth import ApiKeys
    from phigate.store.engine import make_engine

    settings = load_settings(config)
    LocalKeyFile.create(settings.keys.key_file)
    engine = make_engine(settings.gateway.store_url)
    _record, token = ApiKeys(engine).create(name="bench", role="clinician")
    engine.dispose()
    return token


def _litellm_config(root: Path, upstream_port: int) -> Path:
    import yaml

    config = {
        "model_list": [
            {
                "model_name": "echo",
                "litellm_params": {
                    "model": "openai/echo",
                    "api_base": f"http://127.0.0.1:{upstream_port}/v1",
                    "api_key": "bench",
                },
            }
        ],
        "litellm_settings": {"telemetry": False, "drop_params": True},
    }
    path = root / "litellm.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def _detector_ms() -> float:
    """Median time of one pass of the default detector over the prompt, in this process."""
    from phigate.detection import default_detector

    detector = default_detector()
    samples = []
    for _ in range(60):
        started = time.perf_counter()
        detector.find_text(PROMPT)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples[10:]) * 1000


def _markdown(
    results: list[Result], ttft: dict[str, float], note: str, detector_ms: float, load: tuple[float, float]
) -> str:
    by = {(r.target, r.clients): r for r in results}
    lines = [
        "# Gateway benchmark",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}. "
        f"Prompt: {len(PROMPT.encode())} bytes of synthetic clinical text full of PHI; the upstream "
        "echoes it, so the gateway also scans and re-identifies a 2 KB answer. "
        f"Requests per level: {REQUESTS}. LiteLLM: {note}.",
        "",
        "| target | clients | p50 ms | p99 ms | added p50 ms | added p99 ms | req/s | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        base = by.get(("direct", r.clients))
        added = (r.p50 - base.p50, r.p99 - base.p99) if base and r.target != "direct" else None
        cells = [
            r.target,
            str(r.clients),
            f"{r.p50:.2f}",
            f"{r.p99:.2f}",
            f"{added[0]:.2f}" if added else "-",
            f"{added[1]:.2f}" if added else "-",
            f"{r.rps:.0f}",
            str(r.errors),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "Overhead ratio (LiteLLM added p50 / phigate added p50):", ""]
    for clients in CONCURRENCY:
        gw, lite, direct = (
            by.get(("phigate", clients)),
            by.get(("litellm", clients)),
            by.get(("direct", clients)),
        )
        if gw and lite and direct and gw.p50 > direct.p50:
            lines.append(
                f"- {clients} clients: {(lite.p50 - direct.p50) / (gw.p50 - direct.p50):.2f}x "
                f"(throughput phigate {gw.rps:.0f}/s, LiteLLM {lite.rps:.0f}/s)"
            )
    lines += ["", "Streaming time to first token (1 client, median of 100):", ""]
    lines += [f"- {name}: {value:.2f} ms" for name, value in ttft.items()]
    if "direct" in ttft:
        for name in ("phigate", "litellm"):
            if name in ttft:
                lines.append(f"- {name} TTFT overhead: {ttft[name] - ttft['direct']:.2f} ms")
    lines += [
        "",
        f"One pass of the default detector over the prompt takes {detector_ms:.2f} ms here (median, in the "
        f"benchmark process); the gateway makes two (the prompt, then the answer), so about "
        f"{2 * detector_ms:.1f} ms of the added latency is detection. The rest at 1 client is mostly the "
        "durable audit append (one fsync per commit) and the HTTP hop to the upstream.",
        f"Load average before and after the run: {load[0]:.2f}, {load[1]:.2f} (a 2-core machine shared with "
        "other work; at 10 and 50 clients the latencies are mostly queueing for the CPU).",
        "",
        "Goals (issue 4): added p50 <= 3 ms and p99 <= 15 ms at 10 clients; less overhead than LiteLLM.",
    ]
    return "\n".join(lines) + "\n"


def run() -> None:
    """Start the three servers, load each, print and write the table."""
    litellm, note = _litellm()
    detector_ms = _detector_ms()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="phigate-bench-") as tmp:
        root = Path(tmp)
        up_port, gw_port, ll_port = _free_port(), _free_port(), _free_port()
        config = _gateway_config(root, up_port)
        token = _api_key(config)
        upstream_args = [sys.executable, "-m", "phigate.gateway.upstream.recording", "--port", str(up_port)]
        upstream_args += ["--chunk-size", "16"]
        serve_args = [
            sys.executable,
            "-m",
            "phigate.cli",
            "serve",
            "--config",
            str(config),
            "--port",
            str(gw_port),
        ]
        body = json.dumps({"model": "echo", "messages": [{"role": "user", "content": PROMPT}]}).encode()
        stream_body = json.dumps(
            {"model": "echo", "stream": True, "messages": [{"role": "user", "content": PROMPT}]}
        ).encode()
        targets = [
            Target("direct", up_port, "/v1/chat/completions", {}),
            Target(
                "phigate",
                gw_port,
                "/v1/chat/completions",
                {
                    "Authorization": f"Bearer {token}",
                    "X-Phigate-Use-Case": "clinical-summary",
                    "X-Phigate-Purpose": "TREAT",
                    "X-Phigate-Patient": "bench-patient",
                },
            ),
        ]
        results: list[Result] = []
        ttft: dict[str, float] = {}
        with (
            _process(upstream_args, root / "upstream.log", up_port),
            _process(serve_args, root / "gateway.log", gw_port),
        ):
            if litellm is not None:
                ll_args = [
                    str(litellm),
                    "--config",
                    str(_litellm_config(root, up_port)),
                    "--port",
                    str(ll_port),
                ]
                ll_env = {"LITELLM_LOCAL_MODEL_COST_MAP": "True", "LITELLM_LOG": "ERROR", "NO_DOCS": "True"}
                try:
                    context = _process(ll_args, root / "litellm.log", ll_port, ll_env)
                    context.__enter__()
                    targets.append(Target("litellm", ll_port, "/v1/chat/completions", {}))
                except RuntimeError as exc:
                    note = f"LiteLLM proxy did not start: {str(exc)[-300:]}"
                    context = None
            else:
                context = None
            try:
                for clients in CONCURRENCY:
                    for target in targets:
                        result = asyncio.run(_load(target, clients, REQUESTS[clients], body))
                        results.append(result)
                        print(
                            f"{target.name:8} clients={clients:3} p50={result.p50:7.2f} ms "
                            f"p99={result.p99:7.2f} ms {result.rps:7.0f} req/s errors={result.errors}",
                            flush=True,
                        )
                for target in targets:
                    ttft[target.name] = asyncio.run(_ttft(target, stream_body))
                    print(f"{target.name:8} TTFT median {ttft[target.name]:.2f} ms", flush=True)
            finally:
                if context is not None:
                    context.__exit__(None, None, None)
    report = _markdown(results, ttft, note, detector_ms, (load_before, os.getloadavg()[0]))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    tmp_out = OUT.with_suffix(".md.tmp")
    tmp_out.write_text(report, encoding="utf-8")
    os.replace(tmp_out, OUT)
    print()
    print(report)
    print(f"written to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    run()
