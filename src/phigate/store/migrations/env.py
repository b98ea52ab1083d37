"""Alembic environment: runs on the connection :func:`phigate.store.schema.upgrade` hands over.

It is used only through phigate (``phigate db upgrade`` or a component opening its database), never
by the ``alembic`` command line against a URL, so it has no offline mode.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from phigate.store.schema import VERSION_TABLE
from phigate.store.tables import metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        version_table=VERSION_TABLE,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
    )
    with context.begin_transaction():
        context.run_migrations()


_run(context.config.attributes["connection"])
