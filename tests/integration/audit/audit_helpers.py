"""Helpers for the audit log tests: fixed test keys, synthetic events, and raw access to the store."""

from __future__ import annotations

import contextlib
import datetime as dt
import socket
import sqlite3
import threading
from collections.abc import Callable

import sqlalchemy as sa

from phigate.audit.log import AuditLog
from phigate.model import AuditEvent

#: ``open_log(**options)`` fixture type: an AuditLog on the test store.
OpenLog = Callable[..., AuditLog]

HMAC_KEY = bytes(range(32))
SEED = b"\x42" * 32
T0 = dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


def make_event(i: int, *, actor: str = "svc-test") -> AuditEvent:
    """A synthetic event: no PHI, a keyed-hash-shaped patient ref, varied fields."""
    return AuditEvent(
        action=("de-identify", "summarize", "re-identify", "export")[i % 4],
        actor=actor,
        outcome=("success", "refused", "error")[i % 3],
        started_at=T0 + dt.timedelta(seconds=i),
        ended_at=T0 + dt.timedelta(seconds=i, milliseconds=250),
        request_id=f"req-{i}",
        patient_ref=f"{i:064x}",
        model="model-a" if i % 2 else None,
        entity_counts={"NAME": i % 5, "DATE": 1},
        details={"i": i, "recognizers": ["name", "date"]},
    )


def raw_execute(store_url: str, engine: sa.Engine, sql: str, params: dict[str, object] | None = None) -> None:
    """Change the store behind phigate's back: the SQLite file through the stdlib driver, PostgreSQL
    rows through a plain connection."""
    if store_url.startswith("sqlite"):
        with sqlite3.connect(store_url.removeprefix("sqlite:///")) as conn:
            conn.execute(sql, params or {})
    else:
        with engine.begin() as conn:
            conn.execute(sa.text(sql), params or {})


def raw_rows(
    store_url: str, engine: sa.Engine, sql: str, params: dict[str, object] | None = None
) -> list[tuple]:
    """Read the store directly."""
    if store_url.startswith("sqlite"):
        with sqlite3.connect(store_url.removeprefix("sqlite:///")) as conn:
            return list(conn.execute(sql, params or {}))
    with engine.connect() as conn:
        return [tuple(row) for row in conn.execute(sa.text(sql), params or {})]


class TcpProxy:
    """A loopback TCP forwarder to PostgreSQL that a test can cut and restore, to make the store
    unreachable while an AuditLog is running."""

    def __init__(self, target: tuple[str, int] = ("127.0.0.1", 5432)) -> None:
        self.target = target
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port: int = probe.getsockname()[1]
        probe.close()
        self._sockets: list[socket.socket] = []
        self._listener: socket.socket | None = None

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen()
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        if self._listener is not None:
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
            self._listener.close()
            self._listener = None
        for sock in self._sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self._sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self._sockets += [client, upstream]
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    @staticmethod
    def _pump(src: socket.socket, dst: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := src.recv(65536):
                dst.sendall(data)
        with contextlib.suppress(OSError):
            dst.shutdown(socket.SHUT_WR)
