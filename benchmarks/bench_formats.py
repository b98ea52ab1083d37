"""Structured formats: throughput per format (records/s, MB/s) with a CPU split between the handler
(parse + render; for FHIR also ``fhir.resources`` validation), detection and the rest of the pipeline;
and Spark on 1 and 2 local cores against the single-process pipeline on the same records. Writes
``out/bench/formats.md``.

Every figure is parse + detection/policy/transforms of the free text + render (+ input and output
validation for FHIR), with the default detector and the ``safe-harbor`` policy, on synthetic data
(fixed seeds), audit to a ``NullAuditSink``. The split is CPU time (``time.process_time``, best of
three), so other load on the machine matters less than for the wall-clock rates. Spark figures
exclude session start-up and are the best of two runs (the first also starts the Python workers,
each of which loads the detector once).
"""

from __future__ import annotations

import io
import os
import platform
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from phigate.detection.base import Detector
from phigate.model import Document, Finding

SECRET = b"benchmark-secret-0123456789abcdef"
OUT = Path("out/bench")
REPEAT = 3


class _TimedDetector(Detector):
    """The default detector, adding up the CPU time of its ``detect`` calls."""

    def __init__(self, real: Detector) -> None:
        super().__init__(real.recognizers)
        self.cpu = 0.0

    def detect(self, document: Document) -> list[Finding]:
        started = time.process_time()
        try:
            return list(super().detect(document))
        finally:
            self.cpu += time.process_time() - started


def _pipeline(detector: Detector | None = None):  # type: ignore[no-untyped-def]
    from phigate.audit.sink import NullAuditSink
    from phigate.detection import default_detector
    from phigate.pipeline import Pipeline
    from phigate.policy import get_policy

    return Pipeline(
        detector=detector or default_detector(),
        policy=get_policy("safe-harbor"),
        audit=NullAuditSink(),
        secret=SECRET,
    )


def _handler(name: str, **overrides: object):  # type: ignore[no-untyped-def]
    from phigate.formats import HandlerOptions
    from phigate.formats.structured import build_structured

    handler = build_structured(name, HandlerOptions(secret=SECRET))
    for key, value in overrides.items():
        setattr(handler, key, value)
    return handler


def _dicom_files(count: int) -> list[bytes]:
    """``count`` distinct CT files (their own patient and instance), so no input is a repeat."""
    import pydicom
    import pydicom.data

    ds = pydicom.dcmread(Path(pydicom.data.__file__).parent / "test_files" / "CT_small.dcm")
    files = []
    for n in range(count):
        ds.PatientID = f"PT{n:05d}"
        ds.SOPInstanceUID = f"1.2.826.0.1.3680043.10.1024.{n}"
        buf = io.BytesIO()
        ds.save_as(buf)
        files.append(buf.getvalue())
    return files


def _datasets() -> dict[str, tuple[list[bytes], int]]:
    """Format -> (inputs, records)."""
    import csv

    import pyarrow as pa
    import pyarrow.parquet as pq

    from phigate.evaluation.synth_structured import csv_table, fhir_ndjson, hl7_batch, patients

    pts = patients(400, seed=99)
    sink = io.BytesIO()
    rows = csv_table(pts, seed=99).decode().splitlines()
    header, parsed = rows[0].split(","), list(csv.reader(rows[1:]))
    pq.write_table(pa.table({h: [r[i] for r in parsed] for i, h in enumerate(header)}), sink)
    return {
        "hl7v2": ([hl7_batch(pts, seed=99)], len(pts)),
        "fhir": ([fhir_ndjson(pts, seed=99)], len(pts) * 3),
        "csv": ([csv_table(pts, seed=99)], len(pts)),
        "parquet": ([sink.getvalue()], len(pts)),
        "dicom": (_dicom_files(100), 100),
    }


def _time(fn: Callable[[], object], repeat: int = 2) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


@dataclass(frozen=True, slots=True)
class _Run:
    wall: float
    cpu: float
    handler: float  # CPU in parse + render
    detection: float  # CPU in Detector.detect


def _run_once(
    name: str, inputs: Iterable[bytes], pipeline, detector: _TimedDetector, **overrides: object
) -> _Run:  # type: ignore[no-untyped-def]
    handler = _handler(name, **overrides)
    detector.cpu = 0.0
    in_handler = 0.0
    wall, cpu = time.perf_counter(), time.process_time()
    for i, data in enumerate(inputs):
        started = time.process_time()
        docs = handler.parse(data, source=f"in{i}")
        in_handler += time.process_time() - started
        results = [pipeline.run(d).document for d in docs]
        started = time.process_time()
        handler.render(results, original=data)
        in_handler += time.process_time() - started
    return _Run(time.perf_counter() - wall, time.process_time() - cpu, in_handler, detector.cpu)


def _formats() -> list[tuple[str, int, float, float, float, str]]:
    detector = _TimedDetector(_pipeline().detector)
    pipeline = _pipeline(detector)
    out = []
    for name, (inputs, records) in _datasets().items():
        runs = [_run_once(name, inputs, pipeline, detector) for _ in range(REPEAT)]
        best = min(runs, key=lambda r: r.cpu)
        wall = min(r.wall for r in runs)
        size = sum(len(d) for d in inputs)
        split = (
            f"handler {best.handler / best.cpu:.0%}, detection {best.detection / best.cpu:.0%}, "
            f"policy/transforms/audit {(best.cpu - best.handler - best.detection) / best.cpu:.0%}"
        )
        if name == "fhir":
            bare = min(
                (_run_once(name, inputs, pipeline, detector, validate_input=False, validate_output=False)
                 for _ in range(REPEAT)),
                key=lambda r: r.cpu,
            )  # fmt: skip
            split += f" (of which fhir.resources validation {(best.handler - bare.handler) / best.cpu:.0%})"
        out.append((name, records, records / wall, size / wall / 1e6, records / best.cpu, split))
        print(
            f"{name:8s} {records:6d} records  {records / wall:9.1f} records/s  {size / wall / 1e6:7.2f} MB/s"
            f"  {records / best.cpu:9.1f} records/CPU-s  CPU {best.cpu:.2f} s: {split}"
        )
    return out


def _spark(notes: list[str], lines: list[str]) -> list[tuple[str, str, float]]:
    from phigate.scale.spark import SparkJob, deidentify_column, deidentify_records, local_session

    results = []
    pipeline = _pipeline()
    single = _time(lambda: [pipeline.run(Document.from_text(t, id=str(i))) for i, t in enumerate(notes)], 1)
    results.append(("text notes", "single process (CLI pipeline)", len(notes) / single))
    fhir = _handler("fhir")

    def fhir_single() -> None:
        fhir.clear_cache()
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
        "Per format: parse + text engine (default detector, safe-harbor) + render, one process, best of "
        f"{REPEAT}; the CPU split says where the time goes.",
        "",
        "| format | records | records/s | MB/s | records per CPU second | CPU split |",
        "|---|---|---|---|---|---|",
        *[
            f"| {n} | {r} | {rate:.1f} | {mb:.2f} | {cpu_rate:.1f} | {split} |"
            for n, r, rate, mb, cpu_rate, split in formats
        ],
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
