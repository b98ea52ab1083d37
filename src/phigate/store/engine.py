"""The database engine: a SQLite file by default (WAL, one writer), PostgreSQL for several replicas."""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from phigate.errors import ConfigError

__all__ = ["make_engine"]


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine for a SQLAlchemy URL. ``postgresql://`` URLs use psycopg 3.

    SQLite connections get WAL journaling, full synchronous commits (durable), foreign keys and a
    busy timeout, so several processes can share one file.
    """
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    try:
        engine = create_engine(url, **kwargs)
    except (ArgumentError, NoSuchModuleError) as exc:
        raise ConfigError(f"invalid database URL scheme: {url.split(':', 1)[0]}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()
