"""The batch runner behind ``phigate deid``: every input through its handler and the pipeline.

Per file: read, pick a handler by content, parse, run every document through the pipeline, render,
write the output atomically, then append the manifest line. A file that fails (binary, invalid
UTF-8, unreadable, malformed JSONL, a transform that cannot apply) is reported and nothing is written
for it; the batch goes on. An ``AuditError`` stops the batch: nothing may be written unaudited.

Rerunning into the same output folder skips every input whose manifest line matches its bytes and
whose output is intact, so a killed run resumes without losing or duplicating anything.

The runner knows no format: handlers come from :mod:`phigate.formats`, and observers
(``BatchObserver``) see every file's pipeline results, for reports.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO, Literal, Protocol

from phigate.batch.files import atomic_write, read_input, remove_temp_files, sha256_hex
from phigate.batch.manifest import Manifest, ManifestEntry
from phigate.batch.plan import BatchPlan, FileJob
from phigate.errors import AuditError, PhigateError
from phigate.formats import HEAD_BYTES, FormatHandler, handler_for
from phigate.pipeline import Pipeline, PipelineResult

__all__ = ["BatchObserver", "BatchResult", "BatchRunner", "FileOutcome"]

Status = Literal["done", "skipped", "failed"]


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """What happened to one input."""

    name: str
    status: Status
    handler: str | None = None
    documents: int = 0
    counts: Mapping[str, int] = field(default_factory=dict)
    error: str | None = None
    output: Path | None = None


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
    called after every input (for progress bars).
    """

    def __init__(
        self,
        pipeline: Pipeline,
        *,
        handlers: Sequence[FormatHandler],
        key_ref: str | None = None,
        observers: Sequence[BatchObserver] = (),
        on_file: Callable[[FileOutcome], None] | None = None,
    ) -> None:
        self.pipeline = pipeline
        self.handlers = tuple(handlers)
        self.key_ref = key_ref
        self.observers = tuple(observers)
        self.on_file = on_file

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
        outcomes: list[FileOutcome] = []
        for name, problem in plan.problems:
            outcomes.append(self._report(None, FileOutcome(name, "failed", error=problem), ()))
        for job in plan.jobs:
            outcome, results = self._one(job, plan.out_dir, manifest, stdin, stdout)
            outcomes.append(self._report(job, outcome, results))
        result = BatchResult(tuple(outcomes), plan.out_dir)
        for observer in self.observers:
            observer.batch_done(result)
        return result

    def _settings(self) -> tuple[str, str, str | None, dict[str, str]]:
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

    def _one(
        self,
        job: FileJob,
        out_dir: Path | None,
        manifest: Manifest | None,
        stdin: BinaryIO | None,
        stdout: BinaryIO | None,
    ) -> tuple[FileOutcome, Sequence[PipelineResult]]:
        try:
            if job.source is None:
                if stdin is None or stdout is None:
                    raise PhigateError("standard input needs stdin and stdout streams")
                data = stdin.read()
                outcome, results, rendered = self._process(job, data)
                stdout.write(rendered)
                stdout.flush()
                return outcome, results
            if out_dir is None or manifest is None or job.relative is None:
                raise PhigateError("file inputs need an output folder")
            data = read_input(job.source, name=job.name)
            target = out_dir / job.relative
            skipped = self._finished(manifest, job, data, target)
            if skipped is not None:
                return skipped, ()
            outcome, results, rendered = self._process(job, data)
            atomic_write(target, rendered)
            manifest.append(self._entry(job, data, rendered, outcome))
            return replace(outcome, output=target), results
        except AuditError:
            raise
        except PhigateError as exc:
            return FileOutcome(job.name, "failed", error=str(exc)), ()
        except OSError as exc:
            return FileOutcome(
                job.name, "failed", error=f"I/O error: {exc.strerror or type(exc).__name__}"
            ), ()

    def _process(self, job: FileJob, data: bytes) -> tuple[FileOutcome, list[PipelineResult], bytes]:
        source = str(job.relative) if job.relative is not None else job.name
        handler = handler_for(job.name, data[:HEAD_BYTES], self.handlers)
        documents = handler.parse(data, source=source)
        results = self.pipeline.run_many(documents)
        rendered = handler.render([r.document for r in results], original=data)
        counts = Counter(f.category.value for r in results for f in r.findings)
        outcome = FileOutcome(job.name, "done", handler.name, len(results), dict(sorted(counts.items())))
        return outcome, results, rendered

    def _finished(self, manifest: Manifest, job: FileJob, data: bytes, target: Path) -> FileOutcome | None:
        entry = manifest.entries.get(str(job.relative))
        if entry is None or entry.input_sha256 != sha256_hex(data):
            return None
        try:
            if sha256_hex(target.read_bytes()) != entry.output_sha256:
                return None
        except OSError:
            return None
        return FileOutcome(job.name, "skipped", entry.handler, entry.documents, entry.counts, output=target)

    def _entry(self, job: FileJob, data: bytes, rendered: bytes, outcome: FileOutcome) -> ManifestEntry:
        policy = self.pipeline.policy
        return ManifestEntry(
            input=job.name,
            input_sha256=sha256_hex(data),
            output=str(job.relative),
            output_sha256=sha256_hex(rendered),
            handler=outcome.handler or "",
            policy=policy.name,
            policy_version=policy.version,
            key_ref=self.key_ref,
            recognizers=self.pipeline.detector.versions,
            documents=outcome.documents,
            counts=outcome.counts,
        )
