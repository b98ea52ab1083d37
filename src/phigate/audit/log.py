"""The audit log: append-only, hash-chained, Merkle-checkpointed, written by one thread per process.

``AuditLog.append`` hands the event to the process's writer thread and blocks until the event is
committed; it returns the event's sequence number or raises ``AuditError``. ``append_async`` does the
same for a coroutine: the writer wakes the event loop once the commit is done, so no thread blocks
waiting for it. The writer drains every request waiting in its queue into one transaction (so many
concurrent callers share one durable commit) and answers each caller with its own result or error,
in the manner of datasette's write thread. There is no fire-and-forget mode: an append that returned
is on disk.

Inside the transaction the writer (1) takes the log's write lock and reads the head row, checking
its MAC; (2) gives each event the next ``seq`` and the commit time, and computes
``leaf = SHA-256(details) || body``, ``leaf_hash = SHA-256(0x00 || leaf)`` and
``entry_hash = HMAC(chain key, previous entry_hash || leaf_hash)``; (3) pushes each leaf hash onto the
Merkle frontier; (4) signs a checkpoint every ``checkpoint_every`` entries, and once appends have
waited ``checkpoint_interval`` seconds; (5) writes the entries and the new head, and commits. Several
processes appending to one store therefore still build one linear chain.
"""

from __future__ import annotations

import asyncio
import copy
import datetime as dt
import os
import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from phigate.audit.canonical import (
    details_digest,
    details_json,
    entry_body,
    event_json,
    leaf_bytes,
    rfc3339,
)
from phigate.audit.checkpoint import Checkpoint, NoteSigner, signer_from_seed
from phigate.audit.merkle import leaf_hash
from phigate.audit.store import (
    AuditKeys,
    Head,
    WriterLock,
    ensure_tables,
    locked,
    read_head,
    store_error,
    write_head,
)
from phigate.config import AuditSettings
from phigate.crypto.keys import PURPOSE_AUDIT_HASH, PURPOSE_AUDIT_SIGNING, KeyProvider
from phigate.errors import AuditError, FormatError, PhigateError
from phigate.model import AuditEvent
from phigate.store.audit_tables import audit_checkpoints, audit_entries

__all__ = ["PURGE_ACTION", "AuditLog", "PurgeReport", "audit_keys"]

#: The ``action`` of the event a purge appends about itself.
PURGE_ACTION = "audit-purge"

_Prepared = tuple[bytes, bytes, bytes]  # event JSON, details JSON, details digest
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class PurgeReport:
    """What a purge did: details of entries ``1..through_seq`` are gone, ``purged`` of them just now."""

    before: dt.datetime
    through_seq: int
    purged: int
    event_seq: int


_COLUMNS = ("seq", "recorded_at", "body", "details", "details_sha256", "entry_hash")
_PLACEHOLDER = {"qmark": "?", "format": "%s", "pyformat": "%s"}


@dataclass(slots=True)
class _Tx:
    """One write transaction: the locked head, the commit time, and the rows to insert."""

    conn: Connection
    head: Head
    keys: AuditKeys
    now: dt.datetime
    rows: list[tuple[object, ...]] = field(default_factory=list)
    now_text: str = field(init=False)
    now_param: object = field(init=False)

    def __post_init__(self) -> None:
        self.now_text = rfc3339(self.now)
        # Every row of the transaction has the same commit time: convert it for the driver once.
        process = audit_entries.c.recorded_at.type.bind_processor(self.conn.dialect)
        self.now_param = process(self.now) if process else self.now

    def add(self, prepared: _Prepared) -> int:
        """Chain one prepared event onto the head; return its seq."""
        event, details, digest = prepared
        head = self.head
        seq = head.size + 1
        body = entry_body(seq, self.now_text, event)
        lh = leaf_hash(leaf_bytes(digest, body))
        entry_hash = self.keys.chain_hash(head.head_hash, lh)
        self.rows.append((seq, self.now_param, body, details, digest, entry_hash))
        head.frontier.push(lh)
        head.size, head.head_hash = seq, entry_hash
        return seq

    def flush(self) -> None:
        """Insert the rows added so far, in one driver-level ``executemany``."""
        if self.rows:
            mark = _PLACEHOLDER[self.conn.dialect.paramstyle]
            # Only constant identifiers are formatted in; the values go as parameters.
            columns, marks = ", ".join(_COLUMNS), ", ".join([mark] * len(_COLUMNS))
            sql = f"INSERT INTO {audit_entries.name} ({columns}) VALUES ({marks})"  # noqa: S608  # nosec B608
            self.conn.exec_driver_sql(sql, self.rows)
            self.rows = []


class _Job(Generic[T]):
    """A request to the writer thread. The caller blocks in ``wait`` on a plain lock that the writer
    releases once the transaction committed or failed (one futex per append, lighter than a Future).
    """

    _result: T

    def __init__(self) -> None:
        self._done = threading.Lock()
        self._done.acquire()
        self._error: BaseException | None = None
        #: Called (in the writer thread) once the job finished or failed, after ``wait`` would return.
        self.notify: Callable[[], None] | None = None

    @property
    def events(self) -> int:
        """How many events this job appends (for batch sizing)."""
        return 0

    def run(self, tx: _Tx, log: AuditLog) -> T:
        """Do the job's work inside ``tx``; the caller gets the value once ``tx`` committed."""
        raise NotImplementedError

    def execute(self, tx: _Tx, log: AuditLog) -> None:
        """Run inside ``tx`` and keep the value until ``finish``."""
        self._result = self.run(tx, log)

    def finish(self) -> None:
        """The transaction committed: wake the caller."""
        self._done.release()
        if self.notify is not None:
            self.notify()

    def fail(self, error: BaseException) -> None:
        """The transaction failed: wake the caller, who raises ``error``."""
        self._error = error
        self._done.release()
        if self.notify is not None:
            self.notify()

    def wait(self, timeout: float) -> bool:
        """Whether the job finished within ``timeout`` seconds."""
        return self._done.acquire(timeout=timeout)

    def result(self) -> T:
        """The value, or the error raised in the caller's thread."""
        if self._error is not None:
            raise self._error
        return self._result


class _Append(_Job[list[int]]):
    def __init__(self, prepared: list[_Prepared]) -> None:
        super().__init__()
        self.prepared = prepared

    @property
    def events(self) -> int:
        return len(self.prepared)

    def run(self, tx: _Tx, log: AuditLog) -> list[int]:
        return [tx.add(item) for item in self.prepared]


class _Checkpoint(_Job[Checkpoint]):
    def run(self, tx: _Tx, log: AuditLog) -> Checkpoint:
        return log._checkpoint_in(tx)


class _Purge(_Job[PurgeReport]):
    def __init__(self, before: dt.datetime, actor: str) -> None:
        super().__init__()
        self.before = before
        self.actor = actor

    def run(self, tx: _Tx, log: AuditLog) -> PurgeReport:
        entries, head = audit_entries.c, tx.head
        tx.flush()
        through = tx.conn.scalar(select(func.max(entries.seq)).where(entries.recorded_at < self.before))
        purged = 0
        if through is not None and through > head.purged_through:
            result = tx.conn.execute(
                update(audit_entries)
                .where(
                    entries.seq > head.purged_through, entries.seq <= through, entries.details.is_not(None)
                )
                .values(details=None)
            )
            purged = result.rowcount
            head.purged_through = through
        details = {"before": rfc3339(self.before), "purged": purged, "through_seq": head.purged_through}
        event = AuditEvent(
            action=PURGE_ACTION,
            actor=self.actor,
            outcome="success",
            started_at=tx.now,
            ended_at=tx.now,
            details=details,
        )
        seq = tx.add(_prepare(event))
        return PurgeReport(self.before, head.purged_through, purged, seq)


def audit_keys(keys: KeyProvider, *, origin: str) -> tuple[bytes, NoteSigner]:
    """The audit keys a provider holds: the HMAC key (``audit-hash``) and the checkpoint signer, whose
    Ed25519 seed is the ``audit-signing`` purpose key, named ``origin``.
    """
    seed = keys.purpose_key(PURPOSE_AUDIT_SIGNING)
    return keys.purpose_key(PURPOSE_AUDIT_HASH), signer_from_seed(seed, origin=origin)


def _resolve(committed: asyncio.Future[None]) -> None:
    if not committed.done():
        committed.set_result(None)


def _prepare(event: AuditEvent) -> _Prepared:
    try:
        details = details_json(event)
        return event_json(event), details, details_digest(details)
    except FormatError as exc:
        raise AuditError(f"audit event rejected: {exc}") from exc


class AuditLog:
    """An ``AuditSink`` over a SQLAlchemy engine (SQLite file or PostgreSQL).

    ``hmac_key`` (the audit key, 32 bytes) keys the hash chain and the head's MAC; ``signer`` signs
    checkpoints and names the log (its key name is the origin). Both are required: the log is only
    as trustworthy as these keys. Use one ``AuditLog`` per process and store, and ``close`` it.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        hmac_key: bytes,
        signer: NoteSigner,
        checkpoint_every: int = 1000,
        checkpoint_interval: float = 60.0,
        max_batch: int = 2000,
    ) -> None:
        if checkpoint_every < 1 or checkpoint_interval <= 0 or max_batch < 1:
            raise ValueError("checkpoint_every, checkpoint_interval and max_batch must be positive")
        self._engine = engine
        self._keys = AuditKeys.derive(hmac_key)
        self._signer = signer
        self._every = checkpoint_every
        self._interval = checkpoint_interval
        self._max_batch = max_batch
        ensure_tables(engine, self._keys)
        self._writer_lock = WriterLock(engine)
        self._queue: queue.SimpleQueue[_Job[Any] | None] = queue.SimpleQueue()  # None: stop
        self._lock = threading.Lock()
        self._closed = False
        self._pid = os.getpid()
        self._dirty_since: float | None = None
        self._thread = threading.Thread(target=self._run, name="phigate-audit-writer", daemon=True)
        self._thread.start()

    @classmethod
    def from_settings(cls, engine: Engine, *, keys: KeyProvider, settings: AuditSettings) -> AuditLog:
        """The log on ``engine`` with the provider's audit keys and the ``audit:`` settings: the
        ``audit-hash`` purpose key for the chain, the ``audit-signing`` one (an Ed25519 seed) for
        checkpoints under ``settings.origin``.
        """
        hmac_key, signer = audit_keys(keys, origin=settings.origin)
        return cls(
            engine,
            hmac_key=hmac_key,
            signer=signer,
            checkpoint_every=settings.checkpoint_every,
            checkpoint_interval=settings.checkpoint_interval_s,
        )

    @property
    def signer(self) -> NoteSigner:
        """The checkpoint signer (its ``verifier`` checks this log's checkpoints)."""
        return self._signer

    # -- the public API: each call blocks until its transaction committed or failed ----------------

    def append(self, event: AuditEvent) -> int:
        """Durably append ``event`` and return its sequence number; ``AuditError`` if it could not be."""
        seqs = self.append_many([event])
        return seqs[0]

    async def append_async(self, event: AuditEvent) -> int:
        """``append`` for a coroutine: waits on the event loop, not in a thread. A cancelled caller
        does not withdraw the event: it is committed all the same.
        """
        loop = asyncio.get_running_loop()
        committed: asyncio.Future[None] = loop.create_future()
        job = _Append([_prepare(event)])

        def wake() -> None:
            try:
                loop.call_soon_threadsafe(_resolve, committed)
            except RuntimeError:  # the loop has closed: nobody is waiting any more
                pass

        job.notify = wake
        self._enqueue(job)
        while not committed.done():
            await asyncio.wait((committed,), timeout=1.0)
            if not committed.done() and not self._thread.is_alive():
                raise AuditError("audit writer thread stopped")
        return job.result()[0]

    def append_many(self, events: Sequence[AuditEvent]) -> list[int]:
        """Durably append ``events`` in one transaction (all or none); return their sequence numbers."""
        if not events:
            return []
        return self._submit(_Append([_prepare(event) for event in events]))

    def checkpoint(self) -> Checkpoint:
        """Sign a checkpoint of the whole log now (or return the one at the current size)."""
        return self._submit(_Checkpoint())

    def purge(self, *, before: dt.datetime, actor: str) -> PurgeReport:
        """Drop the details of entries recorded before ``before``; appends an ``audit-purge`` event.

        The entries, their digests and every hash stay, so the log still verifies; the head's purge
        horizon (under its MAC) tells ``verify_log`` which missing details are purged, not deleted.
        """
        if before.tzinfo is None:
            raise AuditError("purge cutoff must be timezone-aware")
        return self._submit(_Purge(before.astimezone(dt.UTC), actor))

    def close(self) -> None:
        """Finish the queued requests and stop the writer thread."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._queue.put(None)
        self._thread.join()

    def __enter__(self) -> AuditLog:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- the writer thread -----------------------------------------------------------------------

    def _enqueue(self, job: _Job[Any]) -> None:
        with self._lock:
            if self._closed:
                raise AuditError("audit log is closed")
            if os.getpid() != self._pid:
                raise AuditError("audit log was created in another process; create one per process")
            self._queue.put(job)

    def _submit(self, job: _Job[T]) -> T:
        self._enqueue(job)
        while not job.wait(1.0):
            if not self._thread.is_alive():
                raise AuditError("audit writer thread stopped")
        return job.result()

    def _run(self) -> None:
        conn: Connection | None = None
        stop = False
        while not stop:
            timeout = None
            if self._dirty_since is not None:
                timeout = max(0.0, self._dirty_since + self._interval - time.monotonic())
            first: _Job[Any] | None
            try:
                first = self._queue.get(timeout=timeout)
            except queue.Empty:
                first = _Checkpoint()  # the interval passed with entries not yet checkpointed
            if first is None:
                break
            jobs, stop = self._drain(first)
            try:
                if conn is None:
                    conn = self._engine.connect()
                self._transaction(conn, jobs)
            except BaseException as exc:  # every waiting caller gets an answer, even on a bug
                self._discard(conn)
                conn = None
                if self._dirty_since is not None:
                    self._dirty_since = time.monotonic()  # retry the periodic checkpoint later
                self._fail(jobs, exc)
                if not isinstance(exc, SQLAlchemyError | PhigateError):
                    raise
            else:
                for job in jobs:
                    job.finish()
        if conn is not None:
            conn.close()
        self._writer_lock.close()

    def _drain(self, first: _Job[Any]) -> tuple[list[_Job[Any]], bool]:
        jobs, count = [first], first.events
        while count < self._max_batch:
            try:
                job = self._queue.get_nowait()
            except queue.Empty:
                break
            if job is None:
                return jobs, True
            jobs.append(job)
            count += job.events
        return jobs, False

    @staticmethod
    def _discard(conn: Connection | None) -> None:
        if conn is not None:
            try:
                conn.invalidate()
                conn.close()
            except SQLAlchemyError:
                pass

    @staticmethod
    def _fail(jobs: list[_Job[Any]], exc: BaseException) -> None:
        for job in jobs:  # one exception object per caller: each raises it in its own thread
            error: AuditError
            if isinstance(exc, AuditError):
                error = copy.copy(exc)
            elif isinstance(exc, SQLAlchemyError):
                error = store_error(exc, "append to the audit log")
            elif isinstance(exc, PhigateError):
                error = AuditError(f"audit append failed: {exc}")
            else:
                error = AuditError(f"audit append failed: {type(exc).__name__}")
            error.__cause__ = exc
            job.fail(error)

    def _transaction(self, conn: Connection, jobs: list[_Job[Any]]) -> None:
        with self._writer_lock, locked(conn):
            tx = _Tx(conn, read_head(conn, self._keys, for_update=True), self._keys, dt.datetime.now(dt.UTC))
            start = tx.head.size
            for job in jobs:
                job.execute(tx, self)
            appended = tx.head.size > start
            due = self._dirty_since is not None and time.monotonic() - self._dirty_since >= self._interval
            checkpointed = any(isinstance(job, _Checkpoint) for job in jobs)
            if tx.head.size - tx.head.checkpoint_size >= self._every or (due and not checkpointed):
                self._checkpoint_in(tx)
                checkpointed = True
            tx.flush()
            write_head(conn, tx.head, self._keys)
        if checkpointed:
            self._dirty_since = None
        elif appended and self._dirty_since is None:
            self._dirty_since = time.monotonic()

    def _checkpoint_in(self, tx: _Tx) -> Checkpoint:
        head = tx.head
        note = tx.conn.scalar(select(audit_checkpoints.c.note).where(audit_checkpoints.c.size == head.size))
        if note is not None:
            return self._signer.verifier.open(note)
        checkpoint = Checkpoint(self._signer.name, head.size, head.frontier.root(), tx.now)
        tx.conn.execute(
            insert(audit_checkpoints).values(
                size=head.size, created_at=tx.now, note=self._signer.sign(checkpoint)
            )
        )
        head.checkpoint_size = head.size
        return checkpoint
