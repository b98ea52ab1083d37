"""The batch runner behind ``phigate deid``: every input through its handler and the pipeline.

Per file: read, pick a handler by content, parse, run every document through the pipeline, render,
write the output atomically, then append the manifest line. A file that fails (binary, invalid
UTF-8, unreadable, malformed JSONL, a transform that cannot apply) is reported and nothing is written
for it; the batch goes on. An ``AuditError`` stops the batch: nothing may be written unaudited.

Rerunning into the same output folder skips every input whose manifest line matches its bytes and
whose output is intact, so a killed run resumes without losing or duplicating anything.

With ``jobs`` above 1 the documents are de-identified in worker processes (:mod:`phigate.batch.pool`,
scheduled by :mod:`phigate.batch.parallel`) while this process still reads the inputs, appends the
audit events, writes the outputs and the manifest, in input order: the output, the manifest and the
outcomes are those of a one-process run.

The runner knows no format: handlers come from :mod:`phigate.formats`, and observers
(``BatchObserver``) see every file's pipeline results, for reports.
"""

from __future__ import annotations

import contextlib
import os
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from phigate.batch.files import remove_temp_files
from phigate.batch.manifest import Manifest
from phigate.batch.parallel import ParallelRun
from phigate.batch.plan import BatchPlan, FileJob
from phigate.batch.pool import HandlerSource, WorkerPool, WorkerSetup
from phigate.batch.steps import FileSteps, RunSettings
from phigate.batch.work import FileOutcome, Status, failed, process_file
from phigate.errors import AuditError, ConfigError, PhigateError
from phigate.formats import FormatHandler
from phigate.pipeline import Pipeline, PipelineResult

__all__ = ["CHUNK_BYTES", "BatchObserver", "BatchResult", "BatchRunner", "FileOutcome", "resolve_jobs"]

#: With worker processes, a JSONL input this big or bigger is split into slices of about this much text.
CHUNK_BYTES = 1 << 16


def resolve_jobs(jobs: int) -> int:
    """``jobs`` worker processes, ``0`` meaning one per CPU; a negative number is a ``ConfigError``."""
    if jobs < 0:
        raise ConfigError(f"--jobs must be 0 (one per CPU) or more, not {jobs}")
    return jobs or os.cpu_count() or 1


@dataclass(frozen=True, slots=True)
class BatchResult:
    """Every input's outcome, in order."""

    outcomes: tuple[FileOutcome, ...]
    out_dir: Path | None

    def count(self, status: Status) -> int:
        """How many inputs ended with ``status``."""
        return sum(o.status == status for o in self.outcomes)

    def totals(self) -> dict[str, int]:
        """Findings per category over every done or skipped input."""
        total: Counter[str] = Counter()
        for outcome in self.outcomes:
            total.update(outcome.counts)
        return dict(sorted(total.items()))


class BatchObserver(Protocol):
    """Sees the batch as it runs (a de-identification report, a review sample, ...)."""

    def file_done(self, job: FileJob, outcome: FileOutcome, results: Sequence[PipelineResult]) -> None:
        """Called after each input; ``results`` is empty unless the input was processed now."""

    def batch_done(self, result: BatchResult) -> None:
        """Called once, after the last input."""


class BatchRunner:
    """Runs a ``BatchPlan`` through one pipeline and the given handlers.

    ``key_ref`` identifies the key in the manifest (a keyed hash, never the key); ``on_file`` is
    called after every input (for progress bars). ``jobs`` is the number of worker processes (``1``:
    none, ``0``: one per CPU); ``worker_handlers`` makes the handlers in each worker (default: the
    handlers themselves, which must pickle under the ``spawn`` ``start_method``); ``chunk_bytes`` is
    the slice size of big JSONL inputs.
    """

    def __init__(
        self,
        pipeline: Pipeline,
        *,
        handlers: Sequence[FormatHandler],
        key_ref: str | None = None,
        observers: Sequence[BatchObserver] = (),
        on_file: Callable[[FileOutcome], None] | None = None,
        jobs: int = 1,
        worker_handlers: Callable[[], Sequence[FormatHandler]] | None = None,
        start_method: str | None = None,
        chunk_bytes: int = CHUNK_BYTES,
    ) -> None:
        if chunk_bytes < 1:
            raise ConfigError("chunk_bytes must be positive")
        self.pipeline = pipeline
        self.handlers = tuple(handlers)
        self.key_ref = key_ref
        self.observers = tuple(observers)
        self.on_file = on_file
        self.jobs = resolve_jobs(jobs)
        self.worker_handlers: HandlerSource = worker_handlers or self.handlers
        self.start_method = start_method
        self.chunk_bytes = chunk_bytes

    def run(
        self, plan: BatchPlan, *, stdin: BinaryIO | None = None, stdout: BinaryIO | None = None
    ) -> BatchResult:
        """Run every job; standard input is read from ``stdin`` and written to ``stdout``."""
        manifest: Manifest | None = None
        if plan.out_dir is not None:
            plan.out_dir.mkdir(parents=True, exist_ok=True)
            remove_temp_files(plan.out_dir)
            manifest = Manifest(plan.out_dir)
            manifest.check_settings(self._settings())
        steps = FileSteps(
            out_dir=plan.out_dir, manifest=manifest, settings=self._settings(), stdin=stdin, stdout=stdout
        )
        outcomes: list[FileOutcome] = []
        for name, problem in plan.problems:
            outcomes.append(self._report(None, FileOutcome(name, "failed", error=problem), ()))
        with contextlib.ExitStack() as stack:
            for job, outcome, results in self._outcomes(plan, steps, stack):
                outcomes.append(self._report(job, outcome, results))
        result = BatchResult(tuple(outcomes), plan.out_dir)
        for observer in self.observers:
            observer.batch_done(result)
        return result

    def _settings(self) -> RunSettings:
        policy = self.pipeline.policy
        return policy.name, policy.version, self.key_ref, self.pipeline.detector.versions

    def _report(
        self, job: FileJob | None, outcome: FileOutcome, results: Sequence[PipelineResult]
    ) -> FileOutcome:
        if job is not None:
            for observer in self.observers:
                observer.file_done(job, outcome, results)
        if self.on_file is not None:
            self.on_file(outcome)
        return outcome

    def _outcomes(
        self, plan: BatchPlan, steps: FileSteps, stack: contextlib.ExitStack
    ) -> Iterator[tuple[FileJob, FileOutcome, Sequence[PipelineResult]]]:
        """In this process, or over worker processes (stopped by ``stack``) when there is work for two."""
        workers = min(self.jobs, self._units(plan.jobs))
        if workers <= 1:
            return ((job, *self._one(job, steps)) for job in plan.jobs)
        want_results = bool(self.observers)
        setup = WorkerSetup.of(self.pipeline, self.worker_handlers, want_results=want_results)
        pool = stack.enter_context(WorkerPool(setup, workers=workers, start_method=self.start_method))
        run = ParallelRun(
            pool,
            pipeline=self.pipeline,
            handlers=self.handlers,
            steps=steps,
            window=2 * workers,
            chunk_bytes=self.chunk_bytes,
            want_results=want_results,
        )
        return run.run(plan.jobs)

    def _units(self, jobs: Sequence[FileJob]) -> int:
        """About how many units of work ``jobs`` make (a big input counts once per slice)."""
        units = 0
        for job in jobs:
            try:
                size = job.source.stat().st_size if job.source is not None else 0
            except OSError:
                size = 0
            units += 1 + size // self.chunk_bytes
        return units

    def _one(self, job: FileJob, steps: FileSteps) -> tuple[FileOutcome, Sequence[PipelineResult]]:
        try:
            prepared = steps.prepare(job)
            if isinstance(prepared, FileOutcome):
                return prepared, ()
            outcome, results, rendered = process_file(self.pipeline, self.handlers, job, prepared.data)
            return steps.finish(prepared, outcome, rendered), results
        except AuditError:
            raise
        except (PhigateError, OSError) as exc:
            return failed(job.name, exc), ()
