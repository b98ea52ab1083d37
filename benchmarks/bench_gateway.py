"""Gateway overhead: phigate's gateway vs calling the same local upstream directly, vs LiteLLM's proxy.

Processes on loopback: two recording upstreams (``phigate.gateway.upstream.recording``), one answering
at once and one modelling a real model's latency; a ``phigate serve`` with the embedded default roles
and use cases (SQLite stores, a local key file, the default detector); and LiteLLM's proxy
(``litellm[proxy]``, installed by this benchmark into its own venv ``.venv-bench-litellm/`` and run
offline). Both proxies reach the fast upstream as model ``echo`` and the slow one as ``echo-slow``.
One load generator (raw HTTP/1.1 keep-alive connections, one per closed-loop client) sends the same
2 KB synthetic clinical prompt full of PHI at 1, 10 and 50 concurrent clients to each. The upstream
echoes the prompt, so the gateway also scans and re-identifies a 2 KB answer.

Two designs, both reported:

- **Headline, realistic upstream**: the upstream answers after ``UPSTREAM_DELAY_MS`` (200 ms, the time
  to first token of a fast hosted model; a real answer takes longer, which would only lower the
  request rate and so the proxies' queueing). Added latency here is what a caller notices.
- **Saturation, zero-delay upstream**: the upstream answers at once, so closed-loop clients drive the
  proxy as fast as it goes; on a 2-core machine that also runs the load generator, the upstreams and
  the other proxy, the added latency at 10 and 50 clients is mostly queueing for the CPU
  (clients x CPU per request / cores). Throughput and CPU per request are the figures to read there.

Figures: p50/p99 latency, added latency against the direct call, throughput, the proxy's CPU time per
request (from /proc), and streaming time to first token. Results print as tables and go to
out/bench/gateway.md. ``PHIGATE_BENCH_WORKERS`` (default 1) sets both proxies' worker processes.
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
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "out" / "bench" / "gateway.md"
LITELLM_VENV = ROOT / ".venv-bench-litellm"
#: The newest release whose dependencies install here (1.103.0 and later need certifi>=2026.10.19).
LITELLM_VERSION = "1.102.4"
CONCURRENCY = (1, 10, 50)
#: Requests per concurrency level: zero-delay upstream, then the realistic one (each takes >= 200 ms).
REQUESTS = {1: 300, 10: 1000, 50: 1500}
REQUESTS_DELAYED = {1: 150, 10: 500, 50: 1000}
WARMUP = 30
TTFT_REQUESTS = 100
TTFT_REQUESTS_DELAYED = 40
#: The realistic upstream: time to the answer (a stream's first chunk), and between streamed chunks.
UPSTREAM_DELAY_MS = 200.0
CHUNK_DELAY_MS = 2.0
WORKERS = int(os.environ.get("PHIGATE_BENCH_WORKERS", "1"))

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
    """Where a load goes: host port, path, headers, and the server process (for its CPU time)."""

    name: str
    port: int
    path: str
    headers: dict[str, str]
    pid: int | None = None


@dataclass
class Result:
    target: str
    clients: int
    p50: float
    p99: float
    rps: float
    errors: int
    cpu_ms: float | None = None  # the server's CPU time per request


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of ``pid`` and every process below it (worker processes)."""
    tick = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    tree, frontier = {pid}, [pid]
    while frontier:
        parent = frontier.pop()
        children = [child for child, p in parents.items() if p == parent and child not in tree]
        tree.update(children)
        frontier.extend(children)
    return sum(times.get(p, 0.0) for p in tree)


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
def _process(args: list[str], log: Path, port: int, env: dict[str, str] | None = None) -> Iterator[int]:
    with log.open("wb") as handle:
        process = subprocess.Popen(
            args, stdout=handle, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}
        )
    try:
        _wait(port, process, log)
        yield process.pid
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


async def _load(target: Target, clients: int, total: int, body: bytes, stagger: float = 0.0) -> Result:
    """``clients`` closed-loop clients send ``total`` requests; client i starts ``i * stagger / clients``
    seconds late, so that against an upstream of constant latency the clients do not all arrive in
    the same instant, round after round, as no real callers would.
    """
    connections = [await _Connection.open(target.port) for _ in range(clients)]
    for _ in range(max(1, WARMUP // clients)):
        await asyncio.gather(*(c.post(target, body) for c in connections))
    latencies: list[float] = []
    errors = 0
    remaining = total

    async def worker(index: int, connection: _Connection) -> None:
        nonlocal remaining, errors
        await asyncio.sleep(index * stagger / clients)
        while remaining > 0:
            remaining -= 1
            started = time.perf_counter()
            status, _ = await connection.post(target, body)
            latencies.append(time.perf_counter() - started)
            errors += status != 200

    cpu_before = _cpu_seconds(target.pid) if target.pid else None
    started = time.perf_counter()
    await asyncio.gather(*(worker(i, c) for i, c in enumerate(connections)))
    elapsed = time.perf_counter() - started
    cpu_ms = None
    if target.pid and cpu_before is not None:
        cpu_ms = (_cpu_seconds(target.pid) - cpu_before) / len(latencies) * 1000
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
        cpu_ms,
    )


async def _ttft(target: Target, body: bytes, requests: int) -> float:
    connection = await _Connection.open(target.port)
    for _ in range(5):
        await connection.post(target, body, first_token=True)
    samples = []
    for _ in range(requests):
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


def _gateway_config(root: Path, upstream_port: int, slow_port: int | None = None) -> Path:
    import yaml

    from phigate.config import GatewaySettings

    vendors = {
        "local": {
            "endpoint": f"http://127.0.0.1:{upstream_port}/v1",
            "deployment": "private",
            "models": ["echo"],
            "retries": 0,
        }
    }
    # The embedded use cases, allowed to use the slow vendor too.
    use_cases = {name: u.model_dump(mode="json") for name, u in GatewaySettings().use_cases.items()}
    if slow_port is not None:
        vendors["slow"] = {**vendors["local"], "endpoint": f"http://127.0.0.1:{slow_port}/v1"}
        vendors["slow"]["models"] = ["echo-slow"]
        for use_case in use_cases.values():
            use_case["vendors"] = [*use_case["vendors"], "slow"]
    config = {
        "keys": {"key_file": str(root / "phigate.key")},
        "audit": {"store": f"sqlite:///{root}/audit.db"},
        "gateway": {
            "store_url": f"sqlite:///{root}/gateway.db",
            "vendors": vendors,
            "use_cases": use_cases,
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


def _litellm_config(root: Path, upstream_port: int, slow_port: int) -> Path:
    import yaml

    config = {
        "model_list": [
            {
                "model_name": name,
                "litellm_params": {
                    "model": f"openai/{name}",
                    "api_base": f"http://127.0.0.1:{port}/v1",
                    "api_key": "bench",
                },
            }
            for name, port in (("echo", upstream_port), ("echo-slow", slow_port))
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


@dataclass(frozen=True)
class Design:
    """One way of loading the proxies: which model (so which upstream), how many requests."""

    key: str
    title: str
    model: str
    requests: dict[int, int]
    ttft_requests: int
    why: str


DESIGNS = (
    Design(
        "realistic",
        f"Headline: the upstream answers after {UPSTREAM_DELAY_MS:.0f} ms",
        "echo-slow",
        REQUESTS_DELAYED,
        TTFT_REQUESTS_DELAYED,
        f"The upstream waits {UPSTREAM_DELAY_MS:.0f} ms before answering (a stream: before its first chunk, "
        f"then {CHUNK_DELAY_MS:.0f} ms between 16-character chunks), about the time to first token of a "
        "fast hosted model; real answers take longer, which would only lower the request rate and so "
        "the proxies' queueing. The same upstream serves direct, phigate and LiteLLM. The clients start "
        "spread over one upstream delay: with a constant delay, clients started together would arrive "
        "together every round, a burst no real callers make.",
    ),
    Design(
        "saturation",
        "Saturation: the upstream answers at once",
        "echo",
        REQUESTS,
        TTFT_REQUESTS,
        "Closed-loop clients against a zero-delay upstream drive each proxy as fast as it goes. On this "
        "2-core machine, shared by the load generator, the upstreams and the other proxy, the added "
        "latency at 10 and 50 clients is mostly queueing for the CPU (clients x CPU per request / cores), "
        "which no Python proxy brings to a few ms; read throughput and CPU per request here.",
    ),
)


def _table(results: list[Result]) -> list[str]:
    by = {(r.target, r.clients): r for r in results}
    lines = [
        "| target | clients | p50 ms | p99 ms | added p50 ms | added p99 ms | req/s | CPU ms/req | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
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
            f"{r.cpu_ms:.2f}" if r.cpu_ms is not None else "-",
            str(r.errors),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "Overhead ratio (LiteLLM added p50 / phigate added p50; above 1: phigate adds less):", ""]
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
    return lines


def _ttft_lines(ttft: dict[str, float], requests: int) -> list[str]:
    lines = [f"Streaming time to first token (1 client, median of {requests}):", ""]
    lines += [f"- {name}: {value:.2f} ms" for name, value in ttft.items()]
    for name in ("phigate", "litellm"):
        if "direct" in ttft and name in ttft:
            lines.append(f"- {name} TTFT overhead: {ttft[name] - ttft['direct']:.2f} ms")
    return lines


def _verdict(results: list[Result]) -> str:
    by = {(r.target, r.clients): r for r in results}
    gw, direct = by.get(("phigate", 10)), by.get(("direct", 10))
    if gw is None or direct is None:
        return "not measured"
    p50, p99 = gw.p50 - direct.p50, gw.p99 - direct.p99
    met = "met" if p50 <= 3 and p99 <= 15 else "not met"
    return f"added p50 {p50:.2f} ms, p99 {p99:.2f} ms at 10 clients: {met}"


def _markdown(
    results: dict[str, list[Result]],
    ttft: dict[str, dict[str, float]],
    note: str,
    detector_ms: float,
    load: tuple[float, float],
) -> str:
    lines = [
        "# Gateway benchmark",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}. "
        f"Prompt: {len(PROMPT.encode())} bytes of synthetic clinical text full of PHI; the upstream "
        "echoes it, so the gateway also scans and re-identifies a 2 KB answer. "
        f"Worker processes per proxy: {WORKERS}. LiteLLM: {note}. "
        "CPU ms/req: the proxy process's CPU time (all its processes) over the requests of that level.",
    ]
    for design in DESIGNS:
        if design.key not in results:
            continue
        lines += ["", f"## {design.title}", "", design.why, ""]
        lines.append(f"Requests per level: {design.requests}.")
        lines += ["", *_table(results[design.key]), ""]
        lines += _ttft_lines(ttft.get(design.key, {}), design.ttft_requests)
    lines += [
        "",
        "## Notes",
        "",
        f"One pass of the default detector over the prompt takes {detector_ms:.2f} ms here (median, in the "
        f"benchmark process); the gateway makes two (the prompt, then the answer), so about "
        f"{2 * detector_ms:.1f} ms of phigate's added latency is detection. Most of the rest at 1 client "
        "is the durable audit append (one fsync per commit, shared by concurrent calls) and the HTTP hop "
        "to the upstream.",
        f"Load average before and after the run: {load[0]:.2f}, {load[1]:.2f} (a 2-core machine shared "
        "with other work).",
        "",
        "Goals (issue 4): added p50 <= 3 ms and p99 <= 15 ms at 10 clients; less overhead than LiteLLM.",
        "",
    ]
    for design in DESIGNS:
        if design.key in results:
            lines.append(f"- {design.title}: {_verdict(results[design.key])}")
    return "\n".join(lines) + "\n"


def _load_all(
    design: Design, targets: list[Target], body: bytes, stream_body: bytes
) -> tuple[list[Result], dict[str, float]]:
    results: list[Result] = []
    for clients in CONCURRENCY:
        for target in targets:
            stagger = UPSTREAM_DELAY_MS / 1000 if design.model == "echo-slow" else 0.0
            result = asyncio.run(_load(target, clients, design.requests[clients], body, stagger))
            results.append(result)
            cpu = f"{result.cpu_ms:6.2f} CPU ms/req" if result.cpu_ms is not None else ""
            print(
                f"{design.key:10} {target.name:8} clients={clients:3} p50={result.p50:7.2f} ms "
                f"p99={result.p99:7.2f} ms {result.rps:7.0f} req/s errors={result.errors} {cpu}",
                flush=True,
            )
    ttft: dict[str, float] = {}
    for target in targets:
        ttft[target.name] = asyncio.run(_ttft(target, stream_body, design.ttft_requests))
        print(f"{design.key:10} {target.name:8} TTFT median {ttft[target.name]:.2f} ms", flush=True)
    return results, ttft


def _bodies(model: str) -> tuple[bytes, bytes]:
    messages = [{"role": "user", "content": PROMPT}]
    body = json.dumps({"model": model, "messages": messages}).encode()
    return body, json.dumps({"model": model, "stream": True, "messages": messages}).encode()


def run() -> None:
    """Start the servers, load each under both designs, print and write the tables."""
    litellm, note = _litellm()
    detector_ms = _detector_ms()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="phigate-bench-") as tmp, ExitStack() as stack:
        root = Path(tmp)
        up_port, slow_port, gw_port, ll_port = (_free_port() for _ in range(4))
        config = _gateway_config(root, up_port, slow_port)
        token = _api_key(config)
        upstream = [sys.executable, "-m", "phigate.gateway.upstream.recording", "--chunk-size", "16"]
        stack.enter_context(_process([*upstream, "--port", str(up_port)], root / "upstream.log", up_port))
        slow_args = [*upstream, "--port", str(slow_port), "--delay-ms", str(UPSTREAM_DELAY_MS)]
        slow_args += ["--chunk-delay-ms", str(CHUNK_DELAY_MS)]
        stack.enter_context(_process(slow_args, root / "slow.log", slow_port))
        serve_args = [sys.executable, "-m", "phigate.cli", "serve", "--config", str(config)]
        serve_args += ["--port", str(gw_port)] + (["--workers", str(WORKERS)] if WORKERS > 1 else [])
        gw_pid = stack.enter_context(_process(serve_args, root / "gateway.log", gw_port))
        headers = {
            "Authorization": f"Bearer {token}",
            "X-Phigate-Use-Case": "clinical-summary",
            "X-Phigate-Purpose": "TREAT",
            "X-Phigate-Patient": "bench-patient",
        }
        proxies = [Target("phigate", gw_port, "/v1/chat/completions", headers, gw_pid)]
        if litellm is not None:
            ll_args = [str(litellm), "--config", str(_litellm_config(root, up_port, slow_port))]
            ll_args += ["--port", str(ll_port), "--num_workers", str(WORKERS)]
            ll_env = {"LITELLM_LOCAL_MODEL_COST_MAP": "True", "LITELLM_LOG": "ERROR", "NO_DOCS": "True"}
            try:
                ll_pid = stack.enter_context(_process(ll_args, root / "litellm.log", ll_port, ll_env))
                proxies.append(Target("litellm", ll_port, "/v1/chat/completions", {}, ll_pid))
            except RuntimeError as exc:
                note = f"LiteLLM proxy did not start: {str(exc)[-300:]}"
        results: dict[str, list[Result]] = {}
        ttft: dict[str, dict[str, float]] = {}
        for design in DESIGNS:
            port = slow_port if design.model == "echo-slow" else up_port
            targets = [Target("direct", port, "/v1/chat/completions", {}), *proxies]
            results[design.key], ttft[design.key] = _load_all(design, targets, *_bodies(design.model))
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
