"""Audit log benchmark: durable append throughput, full verification time, proof size and check time.

- Append throughput (events/s) on SQLite (WAL, ``synchronous=FULL``) and PostgreSQL (the server's
  ``synchronous_commit``/``fsync``, printed): one caller; many caller threads in one writer process;
  ``append_many``; several writer processes at once. Every figure counts only acknowledged appends,
  and every acknowledged append is committed (the writer batches waiting callers into one commit).
- ``verify_log`` over a log of ``PHIGATE_BENCH_AUDIT_N`` events (default 1,000,000) on SQLite and on
  PostgreSQL (``PHIGATE_BENCH_AUDIT_PG_N``, default the same): entries, chain, head, every checkpoint.
- Inclusion proofs against checkpoints of 10^3 .. 10^6 entries: hashes, JSON bytes, build time, and
  the offline check time (median of 50).

Goals (issue 3): >= 10,000 appends/s on SQLite with durable commits; 1M-event verify <= 10 s; proofs
O(log n). Prints a table and writes ``out/bench/audit.md``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import timeit
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from phigate.audit.checkpoint import NoteSigner, signer_from_seed
from phigate.audit.log import AuditLog
from phigate.audit.offline import check_proof
from phigate.audit.proofs import build_inclusion_proof
from phigate.audit.verify import verify_log
from phigate.model import AuditEvent
from phigate.store.engine import make_engine

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "out" / "bench" / "audit.md"
VERIFY_N = int(os.environ.get("PHIGATE_BENCH_AUDIT_N", "1000000"))
PG_VERIFY_N = int(os.environ.get("PHIGATE_BENCH_AUDIT_PG_N", str(VERIFY_N)))
PG_URL = os.environ.get("PHIGATE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
HMAC_KEY = bytes(range(32))  # benchmark-only keys; never used for real data
SEED = b"\x42" * 32
T0 = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def event(i: int) -> AuditEvent:
    """A synthetic event of typical size (keyed-hash patient ref, counts, small details)."""
    return AuditEvent(
        action=("de-identify", "summarize", "classify", "export")[i % 4],
        actor=f"svc-{i % 7}",
        outcome="success" if i % 10 else "refused",
        started_at=T0 + dt.timedelta(milliseconds=i),
        ended_at=T0 + dt.timedelta(milliseconds=i + 40),
        request_id=f"req-{i:08d}",
        client_address="10.0.0.7",
        patient_ref=f"{i * 2654435761 % 2**64:064x}",
        model="model-a",
        model_version="2025-01",
        role="clinician",
        purpose_of_use="TREAT",
        decision="permit",
        disposition="returned",
        entity_counts={"NAME": 2, "DATE": 3, "MRN": 1},
        details={"recognizers": ["name", "date", "mrn"], "policy": "safe-harbor@1"},
    )


def signer() -> NoteSigner:
    return signer_from_seed(SEED)


def open_log(engine: sa.Engine) -> AuditLog:
    return AuditLog(engine, hmac_key=HMAC_KEY, signer=signer())


# -- append throughput ------------------------------------------------------------------------------


def _threads(log: AuditLog, threads: int, per_thread: int) -> None:
    events = [event(i) for i in range(per_thread)]

    def work() -> None:
        for ev in events:
            log.append(ev)

    pool = [threading.Thread(target=work) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()


def _cpu() -> float:
    """CPU seconds of this process (all threads) and of its finished children (verify workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _timed(fn: Callable[[], None]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _measured(fn: Callable[[], None]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (ours, not the database server's) of ``fn``."""
    cpu = _cpu()
    wall = _timed(fn)
    return wall, _cpu() - cpu


@dataclass
class AppendRow:
    store: str
    scenario: str
    events: int
    seconds: float
    cpu: float

    @property
    def rate(self) -> float:
        return self.events / self.seconds

    @property
    def per_cpu(self) -> float:
        return self.events / self.cpu if self.cpu else 0.0


def _multi_process(
    url: str, processes: int, threads: int, per_thread: int, work_dir: Path
) -> tuple[float, float]:
    """Wall time from 'go' to the last acknowledged append over ``processes`` writer processes, and
    their CPU seconds while appending."""
    go = work_dir / f"go-{time.monotonic_ns()}"
    args = [
        sys.executable,
        "-m",
        "benchmarks.bench_audit",
        "worker",
        url,
        str(threads),
        str(per_thread),
        str(go),
    ]
    workers = [subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, text=True) for _ in range(processes)]
    for worker in workers:
        assert worker.stdout is not None
        assert worker.stdout.readline().strip() == "ready"
    start = time.time()
    go.touch()
    ends, cpu = [], 0.0
    for worker in workers:
        out, _ = worker.communicate(timeout=600)
        assert worker.returncode == 0
        end, used = out.split()
        ends.append(float(end))
        cpu += float(used)
    return max(ends) - start, cpu


def worker(url: str, threads: str, per_thread: str, go: str) -> None:
    """One writer process of the multi-process scenario (``python -m benchmarks.bench_audit worker``)."""
    engine = make_engine(url)
    log = open_log(engine)
    print("ready", flush=True)
    while not os.path.exists(go):
        time.sleep(0.001)
    cpu = time.process_time()
    _threads(log, int(threads), int(per_thread))
    print(time.time(), time.process_time() - cpu, flush=True)
    log.close()
    engine.dispose()


def bench_appends(store: str, url: str, work_dir: Path) -> list[AppendRow]:
    rows = []
    engine = make_engine(url)
    log = open_log(engine)
    n = 300
    rows.append(
        AppendRow(store, "1 caller, append() (one commit each)", n, *_measured(lambda: _threads(log, 1, n)))
    )
    for threads, per in ((64, 300), (256, 100)):
        measured = _measured(lambda: _threads(log, threads, per))  # noqa: B023 (called at once)
        rows.append(
            AppendRow(store, f"1 process, {threads} caller threads, append()", threads * per, *measured)
        )
    batch, batches = 500, 60
    events = [event(i) for i in range(batch)]
    measured = _measured(lambda: [log.append_many(events) for _ in range(batches)] and None)
    rows.append(AppendRow(store, f"1 caller, append_many({batch})", batch * batches, *measured))
    log.close()
    engine.dispose()
    processes, threads, per = 4, 32, 200
    measured = _multi_process(url, processes, threads, per, work_dir)
    scenario = f"{processes} processes x {threads} threads, append()"
    rows.append(AppendRow(store, scenario, processes * threads * per, *measured))
    return rows


# -- verify and proofs ------------------------------------------------------------------------------


def fill(engine: sa.Engine, n: int) -> float:
    """Append ``n`` events in batches of 1000 (a checkpoint at every multiple of 1000); return seconds."""
    log = AuditLog(engine, hmac_key=HMAC_KEY, signer=signer(), checkpoint_every=1000, max_batch=1000)
    batch = [event(i) for i in range(1000)]
    start = time.perf_counter()
    for _ in range(n // 1000):
        log.append_many(batch)
    log.close()
    return time.perf_counter() - start


@dataclass
class ProofRow:
    size: int
    hashes: int
    json_bytes: int
    build_s: float
    check_ms: float


def bench_proofs(engine: sa.Engine, n: int) -> list[ProofRow]:
    verifier = signer().verifier
    rows = []
    size = 1000
    while size <= n:
        start = time.perf_counter()
        doc = build_inclusion_proof(engine, size // 2 + 1, at_size=size)
        build = time.perf_counter() - start
        text = json.dumps(doc)
        times = []
        for _ in range(50):
            start = time.perf_counter()
            check_proof(text, verifier)
            times.append(time.perf_counter() - start)
        hashes = doc["hashes"]
        assert isinstance(hashes, list)
        rows.append(ProofRow(size, len(hashes), len(text), build, 1000 * statistics.median(times)))
        size *= 10
    return rows


def _pg_reachable() -> bool:
    try:
        engine = make_engine(PG_URL)
        with engine.connect():
            pass
        engine.dispose()
        return True
    except Exception:  # noqa: BLE001 (any failure: report PostgreSQL as skipped)
        return False


class _PgSchema:
    """A throwaway PostgreSQL schema for one measurement."""

    def __init__(self) -> None:
        self.name = f"bench_audit_{os.getpid()}_{time.monotonic_ns() % 10**6}"
        self.admin = make_engine(PG_URL)

    def __enter__(self) -> str:
        with self.admin.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{self.name}"'))
        return f"{PG_URL}?options=-csearch_path%3D{self.name}"

    def __exit__(self, *_: object) -> None:
        with self.admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{self.name}" CASCADE'))
        self.admin.dispose()


def _durability(url: str) -> str:
    engine = make_engine(url)
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
            sync = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}[
                conn.exec_driver_sql("PRAGMA synchronous").scalar()
            ]
            text = f"journal_mode={mode}, synchronous={sync}"
        else:
            settings = [
                f"{name}={conn.exec_driver_sql(f'SHOW {name}').scalar()}"
                for name in ("synchronous_commit", "fsync", "wal_sync_method")
            ]
            text = ", ".join(settings)
    engine.dispose()
    return text


def run() -> None:
    lines: list[str] = []

    def say(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    say(f"# Audit log benchmark ({dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC)")
    say()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    loop_us = min(timeit.repeat("sum(range(1000))", number=2000, repeat=5)) / 2000 * 1e6
    say(f"Host: {os.cpu_count()} CPUs, Python {platform.python_version()}, load average {load} at start")
    say(f"Speed check: `sum(range(1000))` takes {loop_us:.1f} us here (about 8-10 us on an idle core)")
    pg = _pg_reachable()
    with tempfile.TemporaryDirectory(prefix="phigate-bench-audit-") as tmp:
        work = Path(tmp)
        sqlite_url = f"sqlite:///{work / 'append.db'}"
        appends = bench_appends("SQLite", sqlite_url, work)
        durability = {"SQLite": _durability(sqlite_url)}
        if pg:
            with _PgSchema() as url:
                appends += bench_appends("PostgreSQL", url, work)
                durability["PostgreSQL"] = _durability(url)
        say()
        say("## Append throughput (durable: every acknowledged append is committed)")
        say()
        for store, text in durability.items():
            say(f"- {store}: {text}")
        say()
        say("| store | scenario | events | seconds | events/s | CPU s | events per CPU s |")
        say("|---|---|---:|---:|---:|---:|---:|")
        for row in appends:
            say(
                f"| {row.store} | {row.scenario} | {row.events:,} | {row.seconds:.2f} | {row.rate:,.0f} "
                f"| {row.cpu:.2f} | {row.per_cpu:,.0f} |"
            )
        if not pg:
            say("| PostgreSQL | skipped: server not reachable | | | | | |")

        say()
        say("## Verify (entries, chain, head, every signed checkpoint)")
        say()
        say("| store | events | checkpoints | fill s | verify s | events/s verified | verify CPU s |")
        say("|---|---:|---:|---:|---:|---:|---:|")
        engine = make_engine(f"sqlite:///{work / 'verify.db'}")
        filled = fill(engine, VERIFY_N)
        seconds, cpu = _measured(lambda: verify_log(engine, hmac_key=HMAC_KEY, verifier=signer().verifier))
        cells = (
            f"{VERIFY_N:,} | {VERIFY_N // 1000:,} | {filled:.1f} | {seconds:.2f} | {VERIFY_N / seconds:,.0f}"
        )
        say(f"| SQLite | {cells} | {cpu:.2f} |")
        proofs = bench_proofs(engine, VERIFY_N)
        engine.dispose()
        if pg:
            with _PgSchema() as url:
                pg_engine = make_engine(url)
                filled = fill(pg_engine, PG_VERIFY_N)
                verifier = signer().verifier
                seconds, cpu = _measured(lambda: verify_log(pg_engine, hmac_key=HMAC_KEY, verifier=verifier))
                cells = f"{PG_VERIFY_N:,} | {PG_VERIFY_N // 1000:,} | {filled:.1f} | {seconds:.2f}"
                say(f"| PostgreSQL | {cells} | {PG_VERIFY_N / seconds:,.0f} | {cpu:.2f} |")
                pg_engine.dispose()

    say()
    say("## Inclusion proofs (SQLite log; entry in the middle; offline check with the public key)")
    say()
    say("| tree size | hashes | ceil(log2 n) | proof JSON bytes | build s | check ms (median of 50) |")
    say("|---:|---:|---:|---:|---:|---:|")
    for p in proofs:
        say(
            f"| {p.size:,} | {p.hashes} | {(p.size - 1).bit_length()} | {p.json_bytes:,} | {p.build_s:.2f} "
            f"| {p.check_ms:.2f} |"
        )
    say()
    say(
        "CPU s counts this process's threads and its child processes (writer processes, verify workers),"
        " not the database server. On a shared machine, events per CPU second is the steadier figure."
    )
    say("Command: `.venv/bin/python -m benchmarks.run audit` (sizes: PHIGATE_BENCH_AUDIT_N, _PG_N).")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\nwrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "worker":
        worker(*sys.argv[2:])
    else:
        run()
