"""Structured formats: throughput per format (records/s, MB/s), and Spark on 1 and 2 local cores
against the single-process pipeline on the same records. Writes ``out/bench/formats.md``.

Every figure is parse + detection/policy/transforms of the free text + render (+ output validation
for FHIR), with the default detector and the ``safe-harbor`` policy, on synthetic data (fixed seeds).
Spark figures exclude session start-up and are the best of two runs (the first also starts the
Python workers, each of which loads the detector once).
"""

from __future__ import annotations

import io
import os
import platform
import random
import time
from collections.abc import Callable
from pathlib import Path

SECRET = b"benchmark-secret-0123456789abcdef"
OUT = Path("out/bench")


def _pipeline():  # type: ignore[no-untyped-def]
    from phigate.audit.sink import NullAuditSink
    from phigate.detection import default_detector
    from phigate.pipeline import Pipeline
    from phigate.policy import get_policy

    return Pipeline(
        detector=default_detector(), policy=get_policy("safe-harbor"), audit=NullAuditSink(), secret=SECRET
    )


def _handler(name: str):  # type: ignore[no-untyped-def]
    from phigate.formats import HandlerOptions
    from phigate.formats.structured import build_structured

    return build_structured(name, HandlerOptions(secret=SECRET))


def _datasets() -> dict[str, tuple[list[bytes], int]]:
    """Format -> (inputs, records)."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    import pydicom.data

    from phigate.evaluation.synth_structured import csv_table, fhir_ndjson, hl7_batch, patients

    pts = patients(400, seed=99)
    sink = io.BytesIO()
    rows = csv_table(pts, seed=99).decode().splitlines()
    header, body = rows[0].split(","), [r for r in rows[1:]]
    import csv

    parsed = list(csv.reader(body))
    pq.write_table(pa.table({h: [r[i] for r in parsed] for i, h in enumerate(header)}), sink)
    ct = (Path(pydicom.data.__file__).parent / "test_files" / "CT_small.dcm").read_bytes()
    return {
        "hl7v2": ([hl7_batch(pts, seed=99)], len(pts)),
        "fhir": ([fhir_ndjson(pts, seed=99)], len(pts) * 3),
        "csv": ([csv_table(pts, seed=99)], len(pts)),
        "parquet": ([sink.getvalue()], len(pts)),
        "dicom": ([ct] * 100, 100),
    }


def _time(fn: Callable[[], object], repeat: int = 2) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def _formats() -> list[tuple[str, int, float, float]]:
    pipeline = _pipeline()
    out = []
    for name, (inputs, records) in _datasets().items():
        handler = _handler(name)

        def run(handler=handler, inputs=inputs) -> None:  # type: ignore[no-untyped-def]
            handler._cache.clear()
            for i, data in enumerate(inputs):
                docs = handler.parse(data, source=f"in{i}")
                handler.render([pipeline.run(d).document for d in docs], original=data)

        seconds = _time(run)
        size = sum(len(d) for d in inputs)
        out.append((name, records, records / seconds, size / seconds / 1e6))
        print(
            f"{name:8s} {records:6d} records  {records / seconds:9.1f} records/s  "
            f"{size / seconds / 1e6:7.2f} MB/s"
        )
    return out


def _spark(notes: list[str], lines: list[str]) -> list[tuple[str, str, float]]:
    from phigate.model import Document
    from phigate.scale.spark import SparkJob, deidentify_column, deidentify_records, local_session

    results = []
    pipeline = _pipeline()
    single = _time(lambda: [pipeline.run(Document.from_text(t, id=str(i))) for i, t in enumerate(notes)], 1)
    results.append(("text notes", "single process (CLI pipeline)", len(notes) / single))
    fhir = _handler("fhir")

    def fhir_single() -> None:
        fhir._cache.clear()
        for line in lines:
            data = line.encode()
            docs = fhir.parse(data, source="r")
            fhir.render([pipeline.run(d).document for d in docs], original=data)

    results.append(("FHIR NDJSON lines", "single process (CLI pipeline)", len(lines) / _time(fhir_single, 1)))
    job = SparkJob(SECRET)
    for cores in (1, 2):
        spark = local_session(cores, app=f"phigate-bench-{cores}")
        try:
            df = (
                spark.createDataFrame(list(enumerate(notes)), "id long, note string")
                .repartition(cores * 2)
                .cache()
            )
            records = (
                spark.createDataFrame([(x,) for x in lines], "value string").repartition(cores * 2).cache()
            )
            df.count()
            records.count()
            # best of 2: the first run also starts the Python workers and loads their detectors
            seconds = _time(lambda df=df: deidentify_column(df, "note", job=job, id_column="id").count(), 2)
            results.append(("text notes", f"Spark local[{cores}]", len(notes) / seconds))
            seconds = _time(lambda records=records: deidentify_records(records, "value", job=job).count(), 2)
            results.append(("FHIR NDJSON lines", f"Spark local[{cores}]", len(lines) / seconds))
        finally:
            spark.stop()
    for what, how, rate in results:
        print(f"{what:18s} {how:32s} {rate:9.1f} records/s")
    return results


def run() -> None:
    from phigate.evaluation.synth_structured import fhir_ndjson, patients

    rng = random.Random(4)
    pts = patients(1500, seed=5)
    notes = [
        f"Seen {p.visit:%m/%d/%Y}. Call {p.phone}. SSN {p.ssn}. MRN {p.mrn}. "
        f"Plan: recheck in {rng.randrange(2, 9)} weeks."
        for p in pts
    ]
    lines = fhir_ndjson(pts[:300], seed=5).decode().splitlines()
    formats = _formats()
    spark = _spark(notes, lines)
    OUT.mkdir(parents=True, exist_ok=True)
    md = [
        "# Structured formats: throughput",
        "",
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}. "
        "Command: `python -m benchmarks.run formats`.",
        "Per format: parse + text engine (default detector, safe-harbor) + render, one process, best of 2.",
        "",
        "| format | records | records/s | MB/s |",
        "|---|---|---|---|",
        *[f"| {n} | {r} | {rate:.1f} | {mb:.2f} |" for n, r, rate, mb in formats],
        "",
        "## Spark (local) vs the single-process pipeline, same records",
        "",
        "| records | engine | records/s |",
        "|---|---|---|",
        *[f"| {w} | {h} | {r:.1f} |" for w, h, r in spark],
        "",
    ]
    (OUT / "formats.md").write_text("\n".join(md), encoding="utf-8")
    print(f"wrote {OUT / 'formats.md'}")
