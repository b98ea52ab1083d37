"""Schema migrations with Alembic: every group of tables has its own migration branch.

phigate's tables come in four groups that may live in different databases — the audit log
(``audit``), wrapped data keys (``keys``), the pseudonym vault (``vault``) and the gateway's
credentials (``gateway``). Each group is one Alembic branch in ``phigate/store/migrations``, and a
database records the revision of each group it holds in ``phigate_schema_version``. A component brings
its own group to the newest revision when it first opens a database (:func:`ensure_schema`), under
a write lock so replicas starting together migrate once; ``phigate db upgrade`` does the same ahead
of time, and ``phigate db status`` reports where a database stands.

Databases made before migrations existed (tables created directly) need nothing: each group's first
revision creates only the tables that are missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, String, column, inspect, select, table, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from phigate.errors import PhigateError

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = [
    "AUDIT_LOCK",
    "GROUPS",
    "HEADS",
    "VERSION_TABLE",
    "ensure_schema",
    "is_current",
    "revisions",
    "upgrade",
    "write_transaction",
]

#: The table that records each group's revision.
VERSION_TABLE = "phigate_schema_version"
#: The newest revision of each group (a test checks these against the migration scripts).
HEADS = {
    "audit": "audit_0001",
    "gateway": "gateway_0001",
    "keys": "keys_0001",
    "vault": "vault_0001",
}
GROUPS = tuple(HEADS)
#: ``pg_advisory_xact_lock`` keys: the audit group shares the audit log's write lock, so appends wait
#: for its migrations; the other groups share one schema lock.
AUDIT_LOCK = 0x70686967_61756474  # "phigaudt"
_SCHEMA_LOCK = 0x70686967_73636D61  # "phigscma"
_SCRIPTS = Path(__file__).with_name("migrations")
#: (database URL, group) pairs already at their head in this process: checked once per process.
_current: set[tuple[str, str]] = set()


@contextmanager
def write_transaction(conn: Connection, pg_lock: int) -> Iterator[None]:
    """A write transaction holding a database-wide lock until commit or rollback: ``BEGIN IMMEDIATE``
    on SQLite (one writer per file), the advisory lock ``pg_lock`` on PostgreSQL.
    """
    try:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": pg_lock})
        yield
        conn.commit()
    except BaseException:
        conn.rollback()
        raise


def ensure_schema(engine: Engine, group: str, *, error: type[PhigateError]) -> None:
    """Bring ``group``'s tables in ``engine`` to the newest revision, creating them in a new database.

    Idempotent and safe to race. A database failure becomes ``error``, the caller's subsystem error.
    """
    key = (engine.url.render_as_string(hide_password=False), group)
    if key in _current:
        return
    try:
        with engine.connect() as conn:
            current = is_current(conn, group)
        if not current:
            with engine.connect() as conn, write_transaction(conn, _lock(group)):
                upgrade(conn, group)
    except SQLAlchemyError as exc:
        store = engine.dialect.name
        raise error(f"cannot migrate the {group} tables in the {store} store: {type(exc).__name__}") from exc
    _current.add(key)


def upgrade(conn: Connection, group: str) -> None:
    """Run ``group``'s pending migrations on ``conn``, inside the caller's :func:`write_transaction`."""
    from alembic import command

    config = _config()
    config.attributes["connection"] = conn
    command.upgrade(config, f"{group}@head")


def is_current(conn: Connection, group: str) -> bool:
    """True when ``group``'s tables on ``conn`` are at the newest revision (no migration to run)."""
    return revisions(conn).get(group) == HEADS[group]


def revisions(conn: Connection) -> dict[str, str]:
    """The revision of each group the database holds (groups it does not hold are absent). Revision
    ids start with their group's name (``vault_0001``).
    """
    if not inspect(conn).has_table(VERSION_TABLE):
        return {}
    version = column("version_num", String)
    rows = conn.execute(select(version).select_from(table(VERSION_TABLE))).scalars()
    return {rev.split("_", 1)[0]: rev for rev in rows}


def _lock(group: str) -> int:
    return AUDIT_LOCK if group == "audit" else _SCHEMA_LOCK


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_SCRIPTS))
    return config
