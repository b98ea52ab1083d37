"""Schema migrations on PostgreSQL: the same tables as declared, old databases taken over, and several
replicas starting at once against one database migrate it once (advisory locks)."""

from __future__ import annotations

import pytest

from phigate.errors import PhigateError
from phigate.store import schema
from phigate.store.engine import make_engine
from phigate.store.tables import metadata
from store_testkit import (
    GROUP_TABLES,
    migrate_all,
    replicas_migrate_together,
    revisions_of,
    schema_diff,
    tables,
)

pytestmark = pytest.mark.postgres


def test_migrations_build_exactly_the_declared_tables(postgres_url: str) -> None:
    engine = make_engine(postgres_url)
    try:
        migrate_all(postgres_url)
        assert revisions_of(engine) == schema.HEADS
        assert tables(engine) == set().union(*GROUP_TABLES.values())
        assert schema_diff(engine) == []
    finally:
        engine.dispose()


def test_replicas_starting_together_migrate_once(postgres_url: str) -> None:
    assert replicas_migrate_together(postgres_url) == [0, 0, 0]
    engine = make_engine(postgres_url)
    try:
        assert revisions_of(engine) == schema.HEADS
        assert schema_diff(engine) == []
    finally:
        engine.dispose()


def test_a_database_made_before_migrations_is_taken_over(postgres_url: str) -> None:
    engine = make_engine(postgres_url)
    try:
        metadata.create_all(engine, tables=[metadata.tables[name] for name in sorted(GROUP_TABLES["audit"])])
        schema.ensure_schema(engine, "audit", error=PhigateError)
        assert revisions_of(engine) == {"audit": "audit_0001"}
        assert schema_diff(engine, GROUP_TABLES["audit"]) == []
    finally:
        engine.dispose()
