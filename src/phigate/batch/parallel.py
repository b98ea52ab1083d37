"""``--jobs N``: a batch's inputs over worker processes, finished one by one in input order.

The parent reads each input (or finds it already done), hands it to a worker, and finishes inputs
strictly in plan order: it appends the worker's audit events (one commit per input), writes the
output atomically, appends the manifest line, and reports the outcome. Outputs, manifest, audit
order, progress and summary are therefore those of a one-process run; pseudonyms and date shifts
are keyed by the secret and the patient, so which worker ran a document does not matter.

A big input of a line-per-document format (JSONL, at least ``chunk_bytes``) is parsed here, and its
documents go to the workers in slices of about ``chunk_bytes`` of text; the results are joined in
order and rendered here. If a slice fails, the events up to and including the failing document are
appended (as one process would have) and the input fails. At most ``window`` units are in flight,
which bounds memory.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import islice

from phigate.batch.plan import FileJob
from phigate.batch.pool import UnitResult, WorkerPool
from phigate.batch.steps import FileSteps, Prepared
from phigate.batch.work import FileOutcome, failed, file_outcome, source_name
from phigate.errors import PhigateError
from phigate.formats import HEAD_BYTES, FormatHandler, handler_for
from phigate.model import AuditEvent, Document
from phigate.pipeline import Pipeline, PipelineResult

__all__ = ["SPLITTABLE", "ParallelRun"]

#: Handlers whose documents are independent lines, rendered from the original: big inputs are split.
SPLITTABLE = frozenset({"jsonl"})

Finished = tuple[FileJob, FileOutcome, Sequence[PipelineResult]]


@dataclass(slots=True)
class _Task:
    """One input on its way: final already (skipped, unreadable), or units to submit and collect."""

    job: FileJob
    state: FileOutcome | Prepared
    handler: FormatHandler | None = None  # set when the input was split into slices
    waiting: deque[Callable[[], Future[UnitResult]]] = field(default_factory=deque)
    running: deque[Future[UnitResult]] = field(default_factory=deque)
    parts: list[UnitResult] = field(default_factory=list)

    @property
    def bad(self) -> UnitResult | None:
        """The first unit that failed or crashed: one process would have stopped there."""
        return next((part for part in self.parts if not part.ok), None)

    @property
    def events(self) -> list[AuditEvent]:
        """The audit events of the task's documents up to the first failure, in document order."""
        bad = self.bad
        parts = self.parts if bad is None else self.parts[: self.parts.index(bad) + 1]
        return [event for part in parts for event in part.events]

    @property
    def results(self) -> list[PipelineResult]:
        """The pipeline results of the task's documents, in document order."""
        return [result for part in self.parts for result in part.results]

    @property
    def crash(self) -> Exception | None:
        """The unexpected error that stopped the task, if any."""
        bad = self.bad
        return bad.crash if bad is not None else None


def _slices(documents: Sequence[Document], size: int) -> Iterator[list[Document]]:
    """Consecutive runs of documents of about ``size`` characters of text each (at least one document)."""
    current: list[Document] = []
    chars = 0
    for document in documents:
        current.append(document)
        chars += sum(len(s.text) for s in document.segments)
        if chars >= size:
            yield current
            current, chars = [], 0
    if current:
        yield current


class ParallelRun:
    """Runs file jobs over ``pool``; ``steps`` reads and writes, ``pipeline`` owns the audit log."""

    def __init__(
        self,
        pool: WorkerPool,
        *,
        pipeline: Pipeline,
        handlers: Sequence[FormatHandler],
        steps: FileSteps,
        window: int,
        chunk_bytes: int,
        want_results: bool,
    ) -> None:
        self._pool = pool
        self._pipeline = pipeline
        self._handlers = tuple(handlers)
        self._steps = steps
        self._window = window
        self._chunk_bytes = chunk_bytes
        self._want_results = want_results
        self._in_flight = 0

    def run(self, jobs: Sequence[FileJob]) -> Iterator[Finished]:
        """Every job's outcome (and results, when wanted), in the order of ``jobs``."""
        todo = iter(jobs)
        pending: deque[_Task] = deque()
        while True:
            while self._in_flight < self._window:
                if pending and pending[-1].waiting:
                    tail = pending[-1]
                    tail.running.append(tail.waiting.popleft()())
                    self._in_flight += 1
                elif len(pending) < 4 * self._window and (job := next(todo, None)) is not None:
                    pending.append(self._task(job))
                else:
                    break
            if not pending:
                return
            head = pending[0]
            if head.running:
                head.parts.append(self._pool.result(head.running.popleft()))
                self._in_flight -= 1
            elif not head.waiting:
                group = [pending.popleft()]
                while pending and self._complete(pending[0]):
                    group.append(pending.popleft())
                yield from self._finish(group)

    def _complete(self, task: _Task) -> bool:
        """Collect ``task``'s units that are already done, without waiting; whether it is complete."""
        while task.running and task.running[0].done():
            task.parts.append(self._pool.result(task.running.popleft()))
            self._in_flight -= 1
        return not task.running and not task.waiting

    def _task(self, job: FileJob) -> _Task:
        try:
            prepared = self._steps.prepare(job)
            task = _Task(job, prepared)
            if isinstance(prepared, FileOutcome):
                return task
            data = prepared.data
            if len(data) >= self._chunk_bytes:
                handler = handler_for(job.name, data[:HEAD_BYTES], self._handlers)
                if handler.name in SPLITTABLE:
                    task.handler = handler
                    documents = handler.parse(data, source=source_name(job))
                    for part in _slices(documents, self._chunk_bytes):
                        task.waiting.append(partial(self._pool.documents, job.name, part))
                    return task
            task.waiting.append(partial(self._pool.file, job, data))
            return task
        except (PhigateError, OSError) as exc:
            return _Task(job, failed(job.name, exc))

    def _finish(self, group: list[_Task]) -> Iterator[Finished]:
        """Finish consecutive complete tasks: their events in one audit commit (the parent falls behind
        the workers only when outputs and commits are slow, so then commits are shared), then each
        task's output and manifest line, in order. A crash stops the batch after its events.
        """
        events: list[AuditEvent] = []
        for task in group:
            events.extend(task.events)
            if task.crash is not None:
                break
        seqs = iter(self._pipeline.append_events(events))  # an AuditError stops the batch
        for task in group:
            if task.crash is not None:
                raise task.crash
            yield self._finish_one(task, list(islice(seqs, len(task.events))))

    def _finish_one(self, task: _Task, seqs: list[int]) -> Finished:
        prepared = task.state
        if isinstance(prepared, FileOutcome):
            return task.job, prepared, ()
        bad = task.bad
        if bad is not None:
            return task.job, bad.outcome or failed(task.job.name, PhigateError("failed")), ()
        results = task.results
        if len(seqs) == len(results):
            results = [replace(r, audit_seq=seq) for r, seq in zip(results, seqs, strict=True)]
        try:
            if task.handler is None:
                outcome, rendered = task.parts[0].outcome, task.parts[0].rendered
                if outcome is None:
                    raise PhigateError("a worker returned no outcome")
            else:
                rendered = task.handler.render([r.document for r in results], original=prepared.data)
                outcome = file_outcome(task.job, task.handler.name, results)
            outcome = self._steps.finish(prepared, outcome, rendered)
        except (PhigateError, OSError) as exc:
            return task.job, failed(task.job.name, exc), ()
        return task.job, outcome, results if self._want_results else ()
