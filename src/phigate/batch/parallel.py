"""``--jobs N``: a batch's inputs over worker processes, finished in groups in input order.

The parent reads each input (or finds it already done) and hands it to a worker, which parses,
de-identifies and renders it. The parent finishes complete inputs strictly in plan order, in groups:
the complete inputs at the head of the queue, all of them when the finisher thread is idle, else
once ``group`` of them (or ``group_bytes`` of input) are ready, so groups grow only under load. For
a group, the finisher thread appends the audit events in one commit, then writes the outputs with
one durable commit (:meth:`FileSteps.finish_many`: temp files, ``fsync``, rename, one folder
``fsync``, then the manifest lines in one write and ``fsync``), while the main thread keeps the
workers busy; at most ``GROUPS_AHEAD`` groups are outstanding. (Per-input ``fsync`` and audit
commits in the main thread made the parent the bottleneck: ``--jobs 2`` was no faster than one
process.) Outputs, manifest, audit order, progress and summary are those of a one-process run;
pseudonyms and date shifts are keyed by the secret and the patient, so which worker ran a document
does not matter. A kill leaves at worst outputs without manifest lines, made again by the rerun;
never a manifest line without its durable output.

A big input of a line-per-document format (JSONL, at least ``chunk_bytes``) is parsed here, and its
documents go to the workers in slices of about ``chunk_bytes`` of text; the results are joined in
order and rendered here. If a slice fails, the events up to and including the failing document are
appended (as one process would have) and the input fails. At most ``window`` units are in flight and
``group + window`` inputs wait, which bounds memory.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import islice
from typing import Any

from phigate.batch.plan import FileJob
from phigate.batch.pool import UnitResult, WorkerPool
from phigate.batch.steps import FileSteps, Prepared, Rendered
from phigate.batch.work import FileOutcome, failed, file_outcome, source_name
from phigate.errors import PhigateError
from phigate.formats import HEAD_BYTES, FormatHandler, handler_for
from phigate.model import AuditEvent, Document
from phigate.pipeline import Pipeline, PipelineResult

__all__ = ["GROUP_BYTES", "GROUP_FILES", "SPLITTABLE", "ParallelRun"]

#: Handlers whose documents are independent lines, rendered from the original: big inputs are split.
SPLITTABLE = frozenset({"jsonl"})

#: At most this many inputs, or about this much input, are finished with one durable commit.
GROUP_FILES = 64
GROUP_BYTES = 16 << 20

#: Groups finished or being finished in the background while the workers go on.
GROUPS_AHEAD = 2

Finished = tuple[FileJob, FileOutcome, Sequence[PipelineResult]]
#: A finished group: its inputs' outcomes, and the worker crash that ended it, if any.
_Group = tuple[list[Finished], Exception | None]


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
        group: int = GROUP_FILES,
        group_bytes: int = GROUP_BYTES,
    ) -> None:
        self._pool = pool
        self._pipeline = pipeline
        self._handlers = tuple(handlers)
        self._steps = steps
        self._window = window
        self._group = group
        self._group_bytes = group_bytes
        self._waiting = group + window
        self._chunk_bytes = chunk_bytes
        self._want_results = want_results
        self._running: set[Future[UnitResult]] = set()  # submitted units not done yet
        self._stopped = False  # set by the finisher thread once a group failed

    def run(self, jobs: Sequence[FileJob]) -> Iterator[Finished]:
        """Every job's outcome (and results, when wanted), in the order of ``jobs``."""
        todo = deque(jobs)
        pending: deque[_Task] = deque()
        groups: deque[Future[_Group]] = deque()
        finisher = ThreadPoolExecutor(1, thread_name_prefix="phigate-batch-finish")
        try:
            while True:
                yield from self._report(groups, keep=GROUPS_AHEAD - 1)
                self._fill(todo, pending)
                if not pending:
                    break
                ready, full = self._ready(pending)
                if not self._due(ready, full, len(pending), more=bool(todo), idle=not groups):
                    self._wait(groups)
                    continue
                group = [pending.popleft() for _ in range(ready)]
                groups.append(finisher.submit(self._finish, group))
                if any(task.crash is not None for task in group):
                    break  # one process stops at a crash: nothing after it runs
            yield from self._report(groups, keep=0)
        finally:
            finisher.shutdown(wait=True, cancel_futures=True)

    @staticmethod
    def _report(groups: deque[Future[_Group]], *, keep: int) -> Iterator[Finished]:
        """The outcomes of finished groups, in order; waits until at most ``keep`` are outstanding.
        The finisher's error (an ``AuditError``) or a worker's crash is raised here.
        """
        while groups and (len(groups) > keep or groups[0].done()):
            finished, crash = groups.popleft().result()
            yield from finished
            if crash is not None:
                raise crash

    def _fill(self, todo: deque[FileJob], pending: deque[_Task]) -> None:
        """Submit units up to the window; read new inputs while fewer than a group and a window wait."""
        self._running = {future for future in self._running if not future.done()}
        while len(self._running) < self._window:
            if pending and pending[-1].waiting:
                tail = pending[-1]
                future = tail.waiting.popleft()()
                tail.running.append(future)
                self._running.add(future)
            elif todo and len(pending) < self._waiting:
                pending.append(self._task(todo.popleft()))
            else:
                break

    def _due(self, ready: int, full: bool, pending: int, *, more: bool, idle: bool) -> bool:
        """Whether to finish the ``ready`` complete tasks at the head now: a full group; or any when
        the finisher is idle (so groups grow only while it is busy, and outputs appear early); or
        all ``pending`` tasks when no more can be read.
        """
        if ready == 0:
            return False
        return full or idle or (ready == pending and not (more and pending < self._waiting))

    def _wait(self, groups: deque[Future[_Group]]) -> None:
        """Wait until any running unit or group is done (none: the next ``_fill`` submits units)."""
        waiting: set[Future[Any]] = {*self._running, *groups}
        if waiting:
            wait(waiting, return_when=FIRST_COMPLETED)

    def _ready(self, pending: deque[_Task]) -> tuple[int, bool]:
        """How many tasks at the head are complete (collecting finished units without waiting), up to
        a group; and whether that is a full group (``group`` inputs or ``group_bytes`` of input).
        """
        ready = size = 0
        for task in pending:
            if not self._complete(task):
                break
            ready += 1
            if isinstance(task.state, Prepared):
                size += len(task.state.data)
            if ready >= self._group or size >= self._group_bytes:
                return ready, True
        return ready, False

    def _complete(self, task: _Task) -> bool:
        """Collect ``task``'s units that are already done, in order, without waiting; whether it is
        complete.
        """
        while task.running and task.running[0].done():
            task.parts.append(self._pool.result(task.running.popleft()))
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

    def _finish(self, group: list[_Task]) -> _Group:
        """Finish consecutive complete tasks (in the finisher thread) with one audit commit for their
        events and one durable commit for their outputs and manifest lines
        (:meth:`FileSteps.finish_many`), in order. The events go first: nothing is put in place
        unaudited. A crash ends the group after its events and the tasks before it; after an error
        (an ``AuditError``) later groups do nothing, as the batch stops.
        """
        if self._stopped:
            return [], None
        try:
            events: list[AuditEvent] = []
            for task in group:
                events.extend(task.events)
                if task.crash is not None:
                    break
            seqs = iter(self._pipeline.append_events(events))
            done: list[tuple[_Task, FileOutcome | Rendered, Sequence[PipelineResult]]] = []
            for task in group:
                if task.crash is not None:
                    return self._write(done), task.crash
                done.append(self._rendered(task, list(islice(seqs, len(task.events)))))
            return self._write(done), None
        except BaseException:
            self._stopped = True
            raise

    def _write(
        self, done: list[tuple[_Task, FileOutcome | Rendered, Sequence[PipelineResult]]]
    ) -> list[Finished]:
        """Write the outputs of ``done`` together; every task's final outcome, in order."""
        rendered = [state for _, state, _ in done if not isinstance(state, FileOutcome)]
        written = iter(self._steps.finish_many(rendered))
        finished: list[Finished] = []
        for task, state, results in done:
            outcome = state if isinstance(state, FileOutcome) else next(written)
            keep = self._want_results and outcome.status == "done"
            finished.append((task.job, outcome, results if keep else ()))
        return finished

    def _rendered(
        self, task: _Task, seqs: list[int]
    ) -> tuple[_Task, FileOutcome | Rendered, Sequence[PipelineResult]]:
        """``task`` ready to write (its input, outcome and output bytes) or its final outcome; with
        its pipeline results carrying their audit sequence numbers.
        """
        prepared = task.state
        if isinstance(prepared, FileOutcome):
            return task, prepared, ()
        bad = task.bad
        if bad is not None:
            return task, bad.outcome or failed(task.job.name, PhigateError("failed")), ()
        results = task.results
        if len(seqs) == len(results):
            results = [replace(r, audit_seq=seq) for r, seq in zip(results, seqs, strict=True)]
        try:
            if task.handler is None:
                outcome, output = task.parts[0].outcome, task.parts[0].rendered
                if outcome is None:
                    raise PhigateError("a worker returned no outcome")
            else:
                output = task.handler.render([r.document for r in results], original=prepared.data)
                outcome = file_outcome(task.job, task.handler.name, results)
        except (PhigateError, OSError) as exc:
            return task, failed(task.job.name, exc), ()
        return task, (prepared, outcome, output), results
