"""The one SQLAlchemy ``MetaData`` that every phigate table belongs to.

Each subsystem defines its tables in its own module (``keys_tables``, ``vault_tables``, the audit
tables) on this ``metadata`` and creates them with ``create_tables(engine, [...])``. Until Alembic
migrations exist, creation is idempotent ``CREATE TABLE IF NOT EXISTS``; no table is ever altered.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import MetaData, Table
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from phigate.errors import PhigateError

__all__ = ["create_tables", "metadata"]

#: Constraint names are fixed, so a later Alembic migration can refer to them.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def create_tables(engine: Engine, tables: Sequence[Table], *, error: type[PhigateError]) -> None:
    """Create ``tables`` where they do not exist yet (idempotent; safe to call on every start).

    A database failure becomes ``error`` (the caller's subsystem error, e.g. ``AuditError``).
    """
    for attempt in (1, 2):  # a failed first try is most often a concurrent CREATE: look again once
        try:
            metadata.create_all(engine, tables=list(tables), checkfirst=True)
            return
        except SQLAlchemyError as exc:
            if attempt == 2:
                dialect = engine.dialect.name
                raise error(f"cannot create tables in the {dialect} store: {type(exc).__name__}") from exc
