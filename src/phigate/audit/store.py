"""Shared access to the audit tables: creating them, the locked head row, keys and error translation.

The head row is the log's single point of serialization. A writer takes it inside its transaction —
``BEGIN IMMEDIATE`` on SQLite (one writer per file), ``SELECT ... FOR UPDATE`` on PostgreSQL — so
appends from any number of processes commit one after another and form one chain. The head carries
a MAC under the audit key, so it cannot be rewritten to hide a truncated tail without the key.
"""

from __future__ import annotations

import fcntl
import hmac
import os
import struct
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from phigate.audit.merkle import Frontier
from phigate.crypto.hmac import derive_key
from phigate.errors import AuditError, AuditIntegrityError, ConfigError
from phigate.store.audit_tables import audit_entries, audit_head
from phigate.store.schema import AUDIT_LOCK, is_current, upgrade, write_transaction

__all__ = [
    "GENESIS",
    "AuditKeys",
    "Head",
    "WriterLock",
    "ensure_tables",
    "locked",
    "raw_entries",
    "read_head",
    "store_error",
    "write_head",
]

#: The "previous hash" of entry 1.
GENESIS = bytes(32)
_HEAD_ID = 1
_SUPPORTED = ("sqlite", "postgresql")


@dataclass(frozen=True, slots=True)
class AuditKeys:
    """The keys the log derives from the one audit HMAC key: one for the chain, one for the head."""

    chain: bytes
    head: bytes

    @classmethod
    def derive(cls, hmac_key: bytes) -> AuditKeys:
        """Independent chain and head keys (HKDF) from ``hmac_key``."""
        return cls(chain=derive_key(hmac_key, "audit/chain"), head=derive_key(hmac_key, "audit/head"))

    def chain_hash(self, previous: bytes, leaf_hash: bytes) -> bytes:
        """HMAC-SHA256 of the previous entry hash and this entry's leaf hash."""
        return hmac.digest(self.chain, previous + leaf_hash, "sha256")


@dataclass(slots=True)
class Head:
    """The log's tip: size, last chain hash, Merkle frontier, purge horizon, last checkpoint size."""

    size: int
    head_hash: bytes
    frontier: Frontier
    purged_through: int
    checkpoint_size: int

    def mac(self, keys: AuditKeys) -> bytes:
        """MAC over every field of the head."""
        return _head_mac(
            keys,
            self.size,
            self.purged_through,
            self.checkpoint_size,
            self.head_hash,
            self.frontier.to_bytes(),
        )


def _head_mac(
    keys: AuditKeys, size: int, purged: int, checkpoint: int, head_hash: bytes, frontier: bytes
) -> bytes:
    fixed = struct.pack(">QQQ", size, purged, checkpoint)
    return hmac.digest(keys.head, b"phigate-audit-head/1" + fixed + head_hash + frontier, "sha256")


def store_error(exc: SQLAlchemyError, doing: str) -> AuditError:
    """An ``AuditError`` for a database failure: the driver's first line, never SQL parameters."""
    origin = getattr(exc, "orig", None) or exc
    first_line = (str(origin).strip().splitlines() or [""])[0][:200]
    return AuditError(f"audit store: cannot {doing}: {type(origin).__name__}: {first_line}")


def _check_dialect(engine: Engine) -> None:
    if engine.dialect.name not in _SUPPORTED:
        raise ConfigError(f"audit store must be SQLite or PostgreSQL, not {engine.dialect.name}")


class WriterLock:
    """For a SQLite file: an ``flock`` on ``<file>-audit.lock`` taken before ``BEGIN IMMEDIATE``.

    Writers of other processes then queue in the kernel and wake the moment the lock is free,
    instead of polling in SQLite's busy handler (which sleeps 1, 2, 5, ... 100 ms between tries).
    The kernel drops the lock if its process dies. On PostgreSQL (or SQLite in memory) it does nothing.
    """

    def __init__(self, engine: Engine) -> None:
        database = engine.url.database
        self._fd: int | None = None
        if engine.dialect.name == "sqlite" and database and database != ":memory:":
            try:
                self._fd = os.open(f"{database}-audit.lock", os.O_RDWR | os.O_CREAT, 0o600)
            except OSError as exc:
                raise AuditError(f"audit store: cannot open its lock file: {exc.strerror}") from exc

    def __enter__(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_EX)

    def __exit__(self, *_exc: object) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        """Close the lock file."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


@contextmanager
def locked(conn: Connection) -> Iterator[None]:
    """A write transaction that holds the log's write lock until commit or rollback."""
    with write_transaction(conn, AUDIT_LOCK):
        yield


_PG_TYPES = {
    "seq": "int8",
    "body": "bytea",
    "details": "bytea",
    "details_sha256": "bytea",
    "entry_hash": "bytea",
}


@contextmanager
def raw_entries(
    conn: Connection, columns: Sequence[str], *, start: int = 1, up_to: int | None = None
) -> Iterator[Iterable[Any]]:
    """Entry rows ``start..up_to`` (tuples of ``columns``) in ``seq`` order, as the driver returns
    them, streamed.

    No SQLAlchemy type processing: it is faster for a million rows, and a tampered column of the
    wrong type reaches the caller's checks instead of failing inside a converter. PostgreSQL streams
    with ``COPY ... TO STDOUT (FORMAT BINARY)``, about twice as fast as a server-side cursor.
    """
    unknown = set(columns) - set(_PG_TYPES)
    if unknown:
        raise ValueError(f"not an entry column: {sorted(unknown)}")
    where = f" WHERE seq >= {int(start)}" + ("" if up_to is None else f" AND seq <= {int(up_to)}")
    # Only checked column names, the table name and integers are formatted in.
    sql = f"SELECT {', '.join(columns)} FROM {audit_entries.name}{where} ORDER BY seq"  # noqa: S608  # nosec B608
    driver: Any = conn.connection.dbapi_connection
    cursor = driver.cursor()
    try:
        if conn.dialect.name == "postgresql":
            with cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT BINARY)") as copy:
                copy.set_types([_PG_TYPES[c] for c in columns])
                try:
                    yield copy.rows()
                finally:
                    while copy.read():  # a reader that stopped early: finish the COPY, freeing the connection
                        pass
        else:
            cursor.execute(sql)
            yield cursor
    finally:
        cursor.close()


def ensure_tables(engine: Engine, keys: AuditKeys) -> None:
    """Create or migrate the audit tables and add the empty head row if it is missing (safe to race)."""
    _check_dialect(engine)
    try:
        with engine.connect() as conn:
            current = is_current(conn, "audit")
            if current and conn.execute(select(audit_head.c.id)).first() is not None:
                return
        with engine.connect() as conn, locked(conn):
            if not current:
                upgrade(conn, "audit")
            if conn.execute(select(audit_head.c.id)).first() is None:
                head = Head(0, GENESIS, Frontier(), 0, 0)
                conn.execute(insert(audit_head).values(id=_HEAD_ID, **_head_values(head, keys)))
    except SQLAlchemyError as exc:
        raise store_error(exc, "create the audit tables") from exc


def _head_values(head: Head, keys: AuditKeys) -> dict[str, object]:
    return {
        "size": head.size,
        "head_hash": head.head_hash,
        "frontier": head.frontier.to_bytes(),
        "purged_through": head.purged_through,
        "checkpoint_size": head.checkpoint_size,
        "mac": head.mac(keys),
    }


# Built once: these run in every write transaction.
_SELECT_HEAD = select(audit_head).where(audit_head.c.id == _HEAD_ID)
_SELECT_HEAD_FOR_UPDATE = _SELECT_HEAD.with_for_update()
_UPDATE_HEAD = update(audit_head).where(audit_head.c.id == _HEAD_ID)


def read_head(conn: Connection, keys: AuditKeys, *, for_update: bool) -> Head:
    """The head row, checked against its MAC (a wrong audit key fails here too)."""
    row = conn.execute(_SELECT_HEAD_FOR_UPDATE if for_update else _SELECT_HEAD).first()
    if row is None:
        raise AuditError("audit store holds no audit log (no head row)")
    try:
        mac = _head_mac(
            keys, row.size, row.purged_through, row.checkpoint_size, bytes(row.head_hash), bytes(row.frontier)
        )
    except (TypeError, ValueError, struct.error) as exc:
        raise AuditIntegrityError("audit head is malformed") from exc
    if not hmac.compare_digest(mac, bytes(row.mac)):
        raise AuditIntegrityError("audit head fails its MAC: tampered head, or the wrong audit key")
    return Head(
        size=row.size,
        head_hash=bytes(row.head_hash),
        frontier=Frontier.from_bytes(row.size, bytes(row.frontier)),
        purged_through=row.purged_through,
        checkpoint_size=row.checkpoint_size,
    )


def write_head(conn: Connection, head: Head, keys: AuditKeys) -> None:
    """Store ``head`` with a fresh MAC."""
    conn.execute(_UPDATE_HEAD, _head_values(head, keys))
