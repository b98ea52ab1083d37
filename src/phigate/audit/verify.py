"""Verify a whole audit log: every entry, the chain, the head, and every signed checkpoint.

``verify_log`` returns ``None`` or raises ``AuditIntegrityError``; ``seq`` on the error names the first
bad entry when one is to blame (a missing, modified, reordered or inserted entry, or a truncated tail).

Each chain link is checked on its own, ``entry_hash[k] == HMAC(entry_hash[k-1] || leaf_hash[k])`` with
the stored previous hash; all links holding is the same as the whole chain holding, and the first
failing link is the first bad entry. So large logs are checked in ranges by several processes at
once (the hashing holds the GIL): workers are ``python -m phigate.audit.verify`` subprocesses that
get their range and the chain key on stdin, and the parent folds the leaf hashes into the tree.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import subprocess  # nosec B404
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any, cast

from sqlalchemy import Connection, func, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from phigate.audit.checkpoint import NoteVerifier
from phigate.audit.merkle import EMPTY_ROOT, HASH_SIZE, Frontier
from phigate.audit.store import GENESIS, AuditKeys, raw_entries, read_head, store_error
from phigate.errors import AuditError, AuditIntegrityError
from phigate.store.audit_tables import audit_checkpoints, audit_entries

__all__ = ["LogSummary", "summarize", "verify_log"]

_COLUMNS = ("seq", "body", "details", "details_sha256", "entry_hash")
#: Logs at least this long are checked by several processes (below it, starting them costs more).
_PARALLEL_MIN = 200_000
_MAX_WORKERS = 4

#: A range's result: its leaf hashes, concatenated, and its first problem ``(seq, message)`` if any.
_RangeResult = tuple[bytes, tuple[int, str] | None]


@dataclass(frozen=True, slots=True)
class LogSummary:
    """What a log holds: entries, checkpoints, and how far details were purged."""

    size: int
    checkpoints: int
    purged_through: int


def verify_log(
    engine: Engine, *, hmac_key: bytes, verifier: NoteVerifier, workers: int | None = None
) -> None:
    """Check the whole log in ``engine``'s store.

    (1) The head row's MAC holds under ``hmac_key``. (2) Every checkpoint note is signed by
    ``verifier``'s key and names the size it is stored under. (3) Entries run 1, 2, 3, ... up to the
    head's size, with no gap and nothing outside. (4) Each entry's details match their digest, or were
    purged (seq within the head's purge horizon). (5) Each entry's chain hash is the HMAC of the
    previous one and its leaf hash. (6) The Merkle root at each checkpoint's size equals the
    checkpoint's root, and no checkpoint counts more entries than there are. (7) The head's chain hash
    and Merkle frontier match the last entry.

    ``workers`` processes check ranges of a large log at once (default: one per CPU, at most 4).
    """
    keys = AuditKeys.derive(hmac_key)
    try:
        with engine.connect() as conn:
            _verify(engine, conn, keys, verifier, workers)
    except SQLAlchemyError as exc:
        raise store_error(exc, "read the audit log") from exc


def summarize(engine: Engine, *, hmac_key: bytes) -> LogSummary:
    """Counts from the head row (checked against its MAC) and the checkpoint table."""
    keys = AuditKeys.derive(hmac_key)
    try:
        with engine.connect() as conn:
            head = read_head(conn, keys, for_update=False)
            count = conn.scalar(select(func.count()).select_from(audit_checkpoints)) or 0
    except SQLAlchemyError as exc:
        raise store_error(exc, "read the audit log") from exc
    return LogSummary(head.size, count, head.purged_through)


def _checkpoints(conn: Connection, verifier: NoteVerifier) -> list[tuple[int, bytes]]:
    found = []
    query = select(audit_checkpoints.c.size, audit_checkpoints.c.note).order_by(audit_checkpoints.c.size)
    for size, note in conn.execute(query):
        try:
            checkpoint = verifier.open(note)
        except AuditIntegrityError as exc:
            raise AuditIntegrityError(f"checkpoint at size {size}: {exc}") from exc
        if checkpoint.size != size:
            raise AuditIntegrityError(f"checkpoint stored at size {size} is for size {checkpoint.size}")
        found.append((size, checkpoint.root))
    return found


def _scan(
    rows: Iterable[Any], start: int, end: int, previous: bytes, chain_key: bytes, purged: int
) -> _RangeResult:
    """Steps (3)-(5) for entries ``start..end``: the leaf hashes, and the first problem found."""
    sha256, hmac_digest = hashlib.sha256, hmac.digest
    leaves = bytearray()
    expected = start
    for seq, body, details, digest, stored in rows:
        # (3)
        if seq != expected:
            break
        try:
            # (4)
            if type(digest) is not bytes or len(digest) != HASH_SIZE or type(body) is not bytes:
                return bytes(leaves), (seq, "has malformed columns")
            if details is None:
                if seq > purged:
                    return bytes(leaves), (seq, "lost its details")
            elif sha256(details).digest() != digest:
                return bytes(leaves), (seq, "details do not match their digest")
            # (5)
            leaf = sha256(b"\x00" + digest + body).digest()
            if hmac_digest(chain_key, previous + leaf, "sha256") != stored:
                return bytes(leaves), (seq, "fails the hash chain")
        except TypeError:
            return bytes(leaves), (seq, "has malformed columns")
        leaves += leaf
        previous = stored
        expected += 1
    if expected <= end:
        return bytes(leaves), (expected, "is missing")
    return bytes(leaves), None


def _check_range(conn: Connection, start: int, end: int, chain_key: bytes, purged: int) -> _RangeResult:
    """Check entries ``start..end`` over ``conn``, linking to the stored hash of entry ``start - 1``."""
    previous = GENESIS
    if start > 1:
        stored = conn.scalar(select(audit_entries.c.entry_hash).where(audit_entries.c.seq == start - 1))
        if stored is None:
            return b"", (start - 1, "is missing")
        previous = bytes(stored)
    with raw_entries(conn, _COLUMNS, start=start, up_to=end) as rows:
        return _scan(rows, start, end, previous, chain_key, purged)


def _worker_main() -> None:
    """``python -m phigate.audit.verify``: check one range for a parent ``verify_log``.

    Reads ``{"url", "start", "end", "purged", "key"}`` as one JSON line on stdin (the chain key never
    goes on the command line), writes ``{"problem", "count"}`` as one JSON line and then the range's
    leaf hashes, raw, on stdout.
    """
    from phigate.store.engine import make_engine

    job = json.loads(sys.stdin.buffer.readline())
    engine = make_engine(job["url"])
    try:
        with engine.connect() as conn:
            leaves, problem = _check_range(
                conn, job["start"], job["end"], bytes.fromhex(job["key"]), job["purged"]
            )
    except SQLAlchemyError as exc:
        sys.stderr.write(f"{store_error(exc, 'read the audit log')}\n")
        sys.exit(1)
    finally:
        engine.dispose()
    sys.stdout.buffer.write(
        json.dumps({"problem": problem, "count": len(leaves) // HASH_SIZE}).encode() + b"\n"
    )
    sys.stdout.buffer.write(leaves)


def _start_worker(url: str, start: int, end: int, chain_key: bytes, purged: int) -> subprocess.Popen[bytes]:
    job = {"url": url, "start": start, "end": end, "purged": purged, "key": chain_key.hex()}
    # This module, no shell, no user input on the command line (the job goes on stdin).
    worker = subprocess.Popen(  # noqa: S603  # nosec B603
        [sys.executable, "-m", "phigate.audit.verify"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    stdin = cast(IO[bytes], worker.stdin)
    stdin.write(json.dumps(job).encode() + b"\n")
    stdin.close()
    return worker


def _collect(worker: subprocess.Popen[bytes]) -> _RangeResult:
    out = cast(IO[bytes], worker.stdout).read()  # stderr is small: a worker writes one line, on failure
    err = cast(IO[bytes], worker.stderr).read()
    worker.wait()
    header, _, leaves = out.partition(b"\n")
    if worker.returncode != 0 or not header:
        first_line = (err.decode(errors="replace").strip().splitlines() or ["no output"])[-1][:300]
        raise AuditError(f"audit verify worker failed: {first_line}")
    result = json.loads(header)
    problem = result["problem"]
    if len(leaves) != result["count"] * HASH_SIZE:
        raise AuditError("audit verify worker returned a short answer")
    return leaves, None if problem is None else (int(problem[0]), str(problem[1]))


def _ranges(size: int, parts: int) -> list[tuple[int, int]]:
    step = -(-size // parts)
    return [(a, min(a + step - 1, size)) for a in range(1, size + 1, step)]


def _workers(engine: Engine, size: int, workers: int | None) -> int:
    if engine.url.database in (None, "", ":memory:") and engine.dialect.name == "sqlite":
        return 1
    if workers is None:
        workers = 1 if size < _PARALLEL_MIN else min(os.cpu_count() or 1, _MAX_WORKERS)
    return max(1, min(workers, size))


def _check_entries(
    engine: Engine, conn: Connection, size: int, keys: AuditKeys, purged: int, workers: int
) -> _RangeResult:
    """Steps (3)-(5) over all entries in ``workers`` ranges: the leaf hashes in order, the first problem."""
    ranges = _ranges(size, workers) if size else []
    results: list[_RangeResult] = []
    if len(ranges) <= 1:
        results = [_check_range(conn, a, b, keys.chain, purged) for a, b in ranges]
    else:
        url = engine.url.render_as_string(hide_password=False)
        started = [_start_worker(url, a, b, keys.chain, purged) for a, b in ranges[1:]]
        try:
            results = [_check_range(conn, *ranges[0], keys.chain, purged)]  # the parent takes the first
            results += [_collect(worker) for worker in started]
        finally:
            for worker in started:
                if worker.poll() is None:
                    worker.kill()
                    worker.wait()
                for pipe in (worker.stdout, worker.stderr):
                    if pipe is not None:
                        pipe.close()
    problems = [problem for _, problem in results if problem is not None]
    return b"".join(leaves for leaves, _ in results), min(problems, default=None)


def _verify(
    engine: Engine, conn: Connection, keys: AuditKeys, verifier: NoteVerifier, workers: int | None
) -> None:
    # (1), (2)
    head = read_head(conn, keys, for_update=False)
    checkpoints = _checkpoints(conn, verifier)
    if checkpoints and checkpoints[0][0] == 0 and checkpoints[0][1] != EMPTY_ROOT:
        raise AuditIntegrityError("checkpoint at size 0 does not have the empty root")
    # (3)-(5), and nothing outside 1..size (the ranges only look inside): report the first problem.
    leaves, problem = _check_entries(
        engine, conn, head.size, keys, head.purged_through, _workers(engine, head.size, workers)
    )
    problems = [] if problem is None else [problem]
    seq = audit_entries.c.seq
    outside = conn.scalar(select(func.min(seq)).where(or_(seq < 1, seq > head.size)))
    if outside is not None and outside < 1:
        problems.append((1, "has an invalid sequence number before it"))
    elif outside is not None:
        problems.append((head.size + 1, "is not covered by the head"))
    if problems:
        first, message = min(problems)
        raise AuditIntegrityError(f"entry {first} {message}", seq=first)
    # (6): fold the leaves into the tree, comparing roots at each checkpoint.
    pending = [(size, root) for size, root in reversed(checkpoints) if size > 0]  # smallest last
    if pending and pending[0][0] > head.size:
        raise AuditIntegrityError(
            f"entries after {head.size} are missing (a checkpoint counts {pending[0][0]})", seq=head.size + 1
        )
    frontier = Frontier()
    push = frontier.push
    next_size = pending[-1][0] if pending else 0
    for index in range(head.size):
        push(leaves[index * HASH_SIZE : (index + 1) * HASH_SIZE])
        if index + 1 == next_size:
            if frontier.root() != pending.pop()[1]:
                raise AuditIntegrityError(f"checkpoint at size {next_size} does not match the entries")
            next_size = pending[-1][0] if pending else 0
    # (7)
    last = conn.scalar(select(audit_entries.c.entry_hash).where(seq == head.size)) if head.size else GENESIS
    if bytes(last or b"") != head.head_hash or frontier.to_bytes() != head.frontier.to_bytes():
        raise AuditIntegrityError("the head does not match the last entry")


if __name__ == "__main__":
    _worker_main()
