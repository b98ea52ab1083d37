"""The batch runner with worker processes (``jobs``): the same bytes, manifest, outcomes and audit
events as one process, with real fork and spawn pools.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from functools import partial
from pathlib import Path

import pytest

from deid_testkit import NOTE, SECRET, RegexRecognizer, detector
from phigate.batch import BatchResult, BatchRunner, FileJob, FileOutcome, plan_batch
from phigate.batch.runner import resolve_jobs
from phigate.detection.base import Detector
from phigate.errors import AuditError, ConfigError
from phigate.formats import HandlerOptions, build_handlers
from phigate.model import AuditEvent, Document, Finding
from phigate.pipeline import Pipeline, PipelineResult
from phigate.policy import get_policy

OPTIONS = HandlerOptions(policy="pseudonymize", secret=SECRET)


class Sink:
    """Records every event and hands out sequence numbers, like the audit log."""

    def __init__(self) -> None:
        self.events: list[AuditEvent] = []
        self.commits: list[int] = []

    def append(self, event: AuditEvent) -> int:
        return self.append_many([event])[0]

    def append_many(self, events: Sequence[AuditEvent]) -> list[int]:
        start = len(self.events)
        self.events.extend(events)
        self.commits.append(len(events))
        return list(range(start + 1, len(self.events) + 1))


class Recorder:
    """An observer: what it saw of each file."""

    def __init__(self) -> None:
        self.files: list[tuple[str, str, list[int]]] = []

    def file_done(self, job: FileJob, outcome: FileOutcome, results: Sequence[PipelineResult]) -> None:
        self.files.append((job.name, outcome.status, [r.audit_seq for r in results]))

    def batch_done(self, result: BatchResult) -> None:
        """Nothing to do."""


def run(
    inputs: Path, out: Path, *, jobs: int, det: Detector | None = None, **kwargs: object
) -> tuple[BatchResult, Sink]:
    sink = Sink()
    pipeline = Pipeline(
        detector=det or detector(), policy=get_policy("pseudonymize"), audit=sink, secret=SECRET
    )
    runner = BatchRunner(pipeline, handlers=build_handlers(OPTIONS), jobs=jobs, **kwargs)  # type: ignore[arg-type]
    return runner.run(plan_batch([str(inputs)], out)), sink


def corpus(root: Path, notes: int = 12) -> Path:
    """Notes of several patients, a multi-line JSONL file and the bad inputs of a real folder."""
    folder = root / "in"
    (folder / "ward").mkdir(parents=True)
    for n in range(notes):
        (folder / "ward" / f"n{n:02d}.txt").write_text(f"Note {n}: {NOTE}MRN {1000000 + n}.\n")
    lines = [
        json.dumps({"id": f"d{n}", "patient": f"p{n % 3}", "text": f"{NOTE}Seen {n + 1}/2/2020 by Jane Roe."})
        for n in range(40)
    ]
    (folder / "visits.jsonl").write_text("\n".join(lines[:20]) + "\n\n" + "\n".join(lines[20:]) + "\n")
    (folder / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (folder / "latin1.txt").write_bytes("Zoé Roe".encode("latin-1"))
    (folder / "broken.jsonl").write_text('{"text": "Jane Roe"}\n{"text": \n')
    return folder


def tree(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def summary(result: BatchResult) -> list[tuple[str, str, str | None, int, dict[str, int]]]:
    return [(o.name, o.status, o.error, o.documents, dict(o.counts)) for o in result.outcomes]


def trail(sink: Sink) -> list[tuple[str, str, object, dict[str, int]]]:
    """The audit events without their times: action, outcome, document reference, counts."""
    return [(e.action, e.outcome, e.details["document_ref"], dict(e.entity_counts)) for e in sink.events]


@pytest.mark.parametrize("chunk_bytes", [1 << 20, 300], ids=["whole-files", "jsonl-slices"])
def test_workers_make_the_bytes_manifest_outcomes_and_audit_trail_of_one_process(
    tmp_path: Path, chunk_bytes: int
) -> None:
    inputs = corpus(tmp_path)
    one, one_sink = run(inputs, tmp_path / "one", jobs=1)
    many, many_sink = run(inputs, tmp_path / "many", jobs=3, chunk_bytes=chunk_bytes)
    assert tree(tmp_path / "many") == tree(tmp_path / "one")  # outputs and manifest, byte for byte
    assert summary(many) == summary(one)
    assert [o.status for o in many.outcomes].count("failed") == 3
    assert "line 2: invalid JSON" in str(summary(many)) and "not valid UTF-8" in str(summary(many))
    assert trail(many_sink) == trail(one_sink)  # same events, same order
    assert len(many_sink.events) == 12 + 40
    assert len(many_sink.commits) <= len(one_sink.commits) == 13  # one commit per file, or fewer


def test_spawned_workers_build_their_own_handlers(tmp_path: Path) -> None:
    inputs = corpus(tmp_path, notes=3)
    one, _ = run(inputs, tmp_path / "one", jobs=1)
    spawned, sink = run(
        inputs,
        tmp_path / "spawn",
        jobs=2,
        start_method="spawn",
        worker_handlers=partial(build_handlers, OPTIONS),
        chunk_bytes=500,
    )
    assert tree(tmp_path / "spawn") == tree(tmp_path / "one")
    assert summary(spawned) == summary(one)
    assert len(sink.events) == 3 + 40


def test_observers_get_results_with_the_audit_sequence_numbers(tmp_path: Path) -> None:
    inputs = corpus(tmp_path, notes=4)
    recorder = Recorder()
    seen: list[FileOutcome] = []
    result, sink = run(
        inputs, tmp_path / "out", jobs=2, chunk_bytes=400, observers=[recorder], on_file=seen.append
    )
    assert seen == list(result.outcomes)
    seqs = [seq for _, _, file_seqs in recorder.files for seq in file_seqs]
    assert seqs == list(range(1, len(sink.events) + 1))  # every result carries its event's number
    visits = next(file_seqs for name, _, file_seqs in recorder.files if name.endswith("visits.jsonl"))
    assert len(visits) == 40  # split into slices, joined again


def test_a_rerun_with_workers_skips_what_is_done(tmp_path: Path) -> None:
    inputs = corpus(tmp_path, notes=4)
    run(inputs, tmp_path / "out", jobs=2)
    (tmp_path / "out" / "ward" / "n01.txt").write_text("damaged")
    again, sink = run(inputs, tmp_path / "out", jobs=2)
    statuses = {Path(o.name).name: o.status for o in again.outcomes}
    assert statuses["n01.txt"] == "done"
    assert [s for name, s in statuses.items() if name != "n01.txt"].count("skipped") == 4
    assert len(sink.events) == 1
    assert "damaged" not in (tmp_path / "out" / "ward" / "n01.txt").read_text()


class Exploding(Detector):
    """The test detector, but a document mentioning BOOM is a bug (not a PhigateError)."""

    def __init__(self) -> None:
        super().__init__([RegexRecognizer()])

    def detect(self, document: Document) -> list[Finding]:
        if any("BOOM" in segment.text for segment in document.segments):
            raise RuntimeError("bug in a recognizer")
        return super().detect(document)


def test_a_crash_in_a_worker_stops_the_batch_after_auditing_what_ran(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text(NOTE)
    (inputs / "b.jsonl").write_text(
        "\n".join(json.dumps({"text": t}) for t in ("Jane Roe", "BOOM", "x")) + "\n"
    )
    (inputs / "c.txt").write_text(NOTE)
    outcomes: dict[int, tuple[list[str], int]] = {}
    for jobs in (1, 2):
        sink = Sink()
        pipeline = Pipeline(detector=Exploding(), policy=get_policy("safe-harbor"), audit=sink)
        runner = BatchRunner(pipeline, handlers=build_handlers(OPTIONS), jobs=jobs, chunk_bytes=10)
        with pytest.raises(RuntimeError, match="bug in a recognizer"):
            runner.run(plan_batch([str(inputs)], tmp_path / f"out{jobs}"))
        outcomes[jobs] = (sorted(tree(tmp_path / f"out{jobs}")), len(sink.events))
    assert outcomes[2] == outcomes[1] == (["a.txt", "manifest.jsonl"], 1 + 2)  # a.txt; Jane Roe + the error


class BrokenSink:
    def append(self, event: AuditEvent) -> int:
        raise AuditError("audit store is down")


def test_an_audit_failure_stops_the_workers_and_writes_nothing(tmp_path: Path) -> None:
    inputs = corpus(tmp_path, notes=3)
    pipeline = Pipeline(detector=detector(), policy=get_policy("safe-harbor"), audit=BrokenSink())
    runner = BatchRunner(pipeline, handlers=build_handlers(OPTIONS), jobs=2)
    with pytest.raises(AuditError):
        runner.run(plan_batch([str(inputs)], tmp_path / "out"))
    assert sorted(tree(tmp_path / "out")) == []


def test_jobs_zero_means_one_per_cpu_and_negative_is_refused() -> None:
    assert resolve_jobs(0) == (os.cpu_count() or 1)
    assert resolve_jobs(3) == 3
    with pytest.raises(ConfigError, match="--jobs"):
        resolve_jobs(-1)


def _children() -> Iterator[int]:
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[1]) == os.getpid() and fields[0] != "Z":
                yield int(entry.name)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_no_worker_outlives_the_batch(tmp_path: Path) -> None:
    before = set(_children())
    run(corpus(tmp_path, notes=3), tmp_path / "out", jobs=2)
    assert set(_children()) <= before
