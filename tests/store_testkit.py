"""Helpers for the schema-migration tests on SQLite and PostgreSQL."""

from __future__ import annotations

import multiprocessing

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

import phigate.gateway.tables  # noqa: F401 - registers the gateway tables on the metadata
import phigate.store.audit_tables  # noqa: F401
import phigate.store.keys_tables  # noqa: F401
import phigate.store.vault_tables  # noqa: F401
from phigate.errors import PhigateError
from phigate.store import schema
from phigate.store.engine import make_engine
from phigate.store.tables import metadata

GROUP_TABLES = {
    "audit": {"audit_entries", "audit_head", "audit_checkpoints"},
    "keys": {"phigate_data_keys"},
    "vault": {"phigate_vault_scopes", "phigate_vault_entries"},
    "gateway": {
        "phigate_gateway_api_keys",
        "phigate_gateway_mfa",
        "phigate_gateway_sessions",
        "phigate_gateway_break_glass",
    },
}


def schema_diff(engine: sa.Engine, only: set[str] | None = None) -> list[object]:
    """Alembic's comparison of the database with the declared tables (``only`` these, if given):
    empty when they agree.
    """

    def include(obj: object, name: str | None, type_: str, _reflected: bool, _other: object) -> bool:
        table = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", None)
        return only is None or table in only

    opts = {"version_table": schema.VERSION_TABLE, "include_object": include}
    with engine.connect() as conn:
        return list(compare_metadata(MigrationContext.configure(conn, opts=opts), metadata))


def tables(engine: sa.Engine) -> set[str]:
    """The tables in ``engine`` other than the version table."""
    return set(sa.inspect(engine).get_table_names()) - {schema.VERSION_TABLE}


def migrate_all(url: str) -> None:
    """Migrate every group in ``url`` (run in a separate process, as a replica would)."""
    engine = make_engine(url)
    for group in schema.GROUPS:
        schema.ensure_schema(engine, group, error=PhigateError)
    engine.dispose()


def revisions_of(engine: sa.Engine) -> dict[str, str]:
    """The revision of each group ``engine`` holds."""
    with engine.connect() as conn:
        return schema.revisions(conn)


def replicas_migrate_together(url: str, replicas: int = 3) -> list[int | None]:
    """Start ``replicas`` processes that migrate ``url`` at once; their exit codes."""
    spawn = multiprocessing.get_context("spawn")
    workers = [spawn.Process(target=migrate_all, args=(url,)) for _ in range(replicas)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    return [worker.exitcode for worker in workers]
