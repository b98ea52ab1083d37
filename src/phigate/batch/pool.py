"""Worker processes for ``phigate deid --jobs N``: one pipeline per worker, audit events handed back.

Each worker builds its pipeline and handlers once, in the pool initializer: a twin of the batch's
pipeline (``Pipeline.with_audit``) whose audit sink only collects events. A unit of work is a whole
input (read by the parent, parsed, de-identified and rendered here) or a slice of a big input's
documents. The worker returns the unit's events with its result, and the parent appends them to the
audit log (one commit per input) before it writes the output: only the parent writes the audit log,
the manifest and the outputs, and nothing is released unaudited.

Workers ignore SIGINT (the parent takes Ctrl-C and stops them), and exit when the parent sets the
stop event or dies (checked every 0.2 s), so an interrupted or killed batch leaves no stray process.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing.synchronize import Event
from types import TracebackType

from phigate.audit.sink import NullAuditSink
from phigate.batch.plan import FileJob
from phigate.batch.work import FileOutcome, failed, process_file
from phigate.errors import PhigateError
from phigate.formats import FormatHandler
from phigate.model import AuditEvent, Document
from phigate.pipeline import Pipeline, PipelineResult
from phigate.samples import sample_texts

__all__ = ["EventCollector", "UnitResult", "WorkerPool", "WorkerSetup", "default_start_method"]

HandlerSource = Sequence[FormatHandler] | Callable[[], Sequence[FormatHandler]]


#: A synthetic note run once before work starts, so lazily loaded word lists and surrogate pools are
#: loaded (with ``fork``, once in the parent for every worker).
_WARM_UP = (
    "Seen by Dr. John Smith at Mercy Hospital, 12 Main St, Boston MA 02114 on 03/04/2021, age 91. "
    "Call (617) 555-0100 or jsmith@example.com. MRN 00123456, SSN 401-27-3318."
)


def warm_up(pipeline: Pipeline) -> None:
    """Run ``pipeline`` (unaudited) over a synthetic note and its detector over the bundled sample
    notes, to load what they load on first use.
    """
    with contextlib.suppress(PhigateError):  # only a cache fill: the real run reports any error
        pipeline.with_audit(NullAuditSink()).run(Document.from_text(_WARM_UP))
        pipeline.detector.warm_up(sample_texts())


def default_start_method() -> str:
    """``fork`` on Linux (workers share the loaded detector), ``spawn`` elsewhere."""
    return "fork" if sys.platform.startswith("linux") else "spawn"


class EventCollector:
    """An audit sink that keeps a worker's events for the parent; the parent assigns the sequence
    numbers when it appends them (until then results carry 0).
    """

    def __init__(self) -> None:
        self.events: list[AuditEvent] = []

    def append(self, event: AuditEvent) -> int:
        """Keep ``event``."""
        self.events.append(event)
        return 0

    def append_many(self, events: Sequence[AuditEvent]) -> list[int]:
        """Keep ``events``."""
        self.events.extend(events)
        return [0] * len(events)

    def take(self) -> list[AuditEvent]:
        """The events kept so far, and forget them."""
        events, self.events = self.events, []
        return events


@dataclass(frozen=True, slots=True)
class WorkerSetup:
    """What every worker builds its pipeline and handlers from. ``handlers`` is the handlers or a
    function making them (needed for ``spawn`` when the handlers do not pickle); ``want_results``
    sends documents and findings back (observers need them), else only counts and output.
    """

    pipeline: Pipeline
    handlers: HandlerSource
    want_results: bool

    @classmethod
    def of(cls, pipeline: Pipeline, handlers: HandlerSource, *, want_results: bool) -> WorkerSetup:
        """The setup for ``pipeline`` without its audit sink (workers never write the audit log)."""
        return cls(pipeline.with_audit(NullAuditSink()), handlers, want_results)


@dataclass(frozen=True, slots=True)
class UnitResult:
    """A unit's answer. ``outcome`` is set for a whole input (done, or failed with its message) and
    for a failed slice; ``crash`` is an unexpected error, re-raised by the parent after it appended
    ``events``.
    """

    events: list[AuditEvent]
    results: list[PipelineResult] = field(default_factory=list)
    outcome: FileOutcome | None = None
    rendered: bytes = b""
    crash: Exception | None = None

    @property
    def ok(self) -> bool:
        """Whether the unit succeeded."""
        return self.crash is None and (self.outcome is None or self.outcome.status == "done")


@dataclass(frozen=True, slots=True)
class _Worker:
    pipeline: Pipeline
    handlers: tuple[FormatHandler, ...]
    sink: EventCollector
    want_results: bool


_worker: _Worker | None = None


def _init(setup: WorkerSetup, stop: Event, parent: int) -> None:
    """The pool initializer: signals, the watchdog, and this worker's pipeline (built once)."""
    global _worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    threading.Thread(target=_watch, args=(stop, parent), name="phigate-worker-watch", daemon=True).start()
    sink = EventCollector()
    handlers = setup.handlers() if callable(setup.handlers) else setup.handlers
    warm_up(setup.pipeline)
    _worker = _Worker(setup.pipeline.with_audit(sink), tuple(handlers), sink, setup.want_results)


def _watch(stop: Event, parent: int) -> None:
    while not stop.wait(0.2):
        if os.getppid() != parent:
            break
    os._exit(1)


def _state() -> _Worker:
    if _worker is None:
        raise PhigateError("not a batch worker process")
    return _worker


def _crash(exc: Exception) -> Exception:
    exc.add_note("in a batch worker process:\n" + "".join(traceback.format_exception(exc)))
    return exc


def run_file(job: FileJob, data: bytes) -> UnitResult:
    """A whole input: parse, de-identify, render (in a worker)."""
    worker = _state()
    try:
        outcome, results, rendered = process_file(worker.pipeline, worker.handlers, job, data)
    except (PhigateError, OSError) as exc:
        return UnitResult(worker.sink.take(), outcome=failed(job.name, exc))
    except Exception as exc:
        return UnitResult(worker.sink.take(), crash=_crash(exc))
    return UnitResult(worker.sink.take(), results if worker.want_results else [], outcome, rendered)


def run_documents(name: str, documents: Sequence[Document]) -> UnitResult:
    """A slice of input ``name``'s documents through the pipeline (in a worker)."""
    worker = _state()
    try:
        results = worker.pipeline.run_many(documents)
    except (PhigateError, OSError) as exc:
        return UnitResult(worker.sink.take(), outcome=failed(name, exc))
    except Exception as exc:
        return UnitResult(worker.sink.take(), crash=_crash(exc))
    return UnitResult(worker.sink.take(), results)


class WorkerPool:
    """``workers`` processes started with ``start_method``, each set up from ``setup``.

    A context manager: leaving it normally lets the workers finish and exit; leaving it with an
    exception (Ctrl-C, SIGTERM turned into an exception, an audit failure) stops them at once.
    """

    def __init__(self, setup: WorkerSetup, *, workers: int, start_method: str | None = None) -> None:
        method = start_method or default_start_method()
        if method == "fork":
            warm_up(setup.pipeline)  # the workers inherit what it loads
            gc.freeze()  # and the collector does not touch (so copy) the inherited objects
        self._frozen = method == "fork"
        context = multiprocessing.get_context(method)
        self._stop = context.Event()
        self._executor = ProcessPoolExecutor(
            workers, mp_context=context, initializer=_init, initargs=(setup, self._stop, os.getpid())
        )

    def file(self, job: FileJob, data: bytes) -> Future[UnitResult]:
        """Submit a whole input."""
        return self._executor.submit(run_file, job, data)

    def documents(self, name: str, documents: Sequence[Document]) -> Future[UnitResult]:
        """Submit a slice of input ``name``'s documents."""
        return self._executor.submit(run_documents, name, documents)

    @staticmethod
    def result(future: Future[UnitResult]) -> UnitResult:
        """The unit's result; a worker that died is a ``PhigateError`` (the batch stops; rerun resumes)."""
        try:
            return future.result()
        except BrokenProcessPool as exc:
            raise PhigateError("a worker process died (killed or out of memory); rerun to resume") from exc

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc_type is not None:
            self._stop.set()
        self._executor.shutdown(wait=True, cancel_futures=True)
        if self._frozen:
            gc.unfreeze()
