"""Schema migrations on SQLite: the migrations build exactly the tables the code declares, old databases
made without migrations are taken over, replicas starting together migrate once, failures are typed."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory

from phigate.errors import AuditError, PhigateError
from phigate.store import schema
from phigate.store.engine import make_engine
from phigate.store.tables import metadata
from store_testkit import (
    GROUP_TABLES,
    replicas_migrate_together,
    revisions_of,
    schema_diff,
    tables,
)


@pytest.fixture()
def engine(tmp_path: Path) -> sa.Engine:
    return make_engine(f"sqlite:///{tmp_path / 'store.db'}")


def test_heads_match_the_migration_scripts() -> None:
    scripts = ScriptDirectory(str(Path(schema.__file__).with_name("migrations")))
    heads = {group: scripts.get_revision(f"{group}@head").revision for group in schema.GROUPS}
    assert heads == schema.HEADS
    assert set(GROUP_TABLES) == set(schema.GROUPS)


def test_migrations_build_exactly_the_declared_tables(engine: sa.Engine) -> None:
    for group in schema.GROUPS:
        schema.ensure_schema(engine, group, error=PhigateError)
    assert revisions_of(engine) == schema.HEADS
    assert tables(engine) == set().union(*GROUP_TABLES.values())
    assert schema_diff(engine) == []


@pytest.mark.parametrize("group", schema.GROUPS)
def test_each_group_creates_only_its_own_tables(engine: sa.Engine, group: str) -> None:
    schema.ensure_schema(engine, group, error=PhigateError)
    assert tables(engine) == GROUP_TABLES[group]
    assert revisions_of(engine) == {group: schema.HEADS[group]}
    assert schema_diff(engine, GROUP_TABLES[group]) == []


def test_a_database_made_before_migrations_is_taken_over_with_its_rows(engine: sa.Engine) -> None:
    legacy = [metadata.tables[name] for name in GROUP_TABLES["keys"] | GROUP_TABLES["vault"]]
    metadata.create_all(engine, tables=legacy)  # what phigate did before migrations
    data_keys = metadata.tables["phigate_data_keys"]
    row = {"name": "k1", "wrapped": b"x", "key_id": "local", "created_at": sa.func.now()}
    with engine.begin() as conn:
        conn.execute(sa.insert(data_keys).values(**row))
    schema.ensure_schema(engine, "keys", error=PhigateError)
    schema.ensure_schema(engine, "vault", error=PhigateError)
    assert revisions_of(engine) == {"keys": "keys_0001", "vault": "vault_0001"}
    with engine.connect() as conn:
        assert conn.execute(sa.select(data_keys.c.name)).scalars().all() == ["k1"]


def test_a_half_made_old_database_gets_its_missing_tables(engine: sa.Engine) -> None:
    metadata.create_all(engine, tables=[metadata.tables["phigate_gateway_api_keys"]])
    schema.ensure_schema(engine, "gateway", error=PhigateError)
    assert tables(engine) == GROUP_TABLES["gateway"]
    assert schema_diff(engine, GROUP_TABLES["gateway"]) == []


def test_downgrade_removes_a_group_and_upgrade_brings_it_back(engine: sa.Engine) -> None:
    from alembic import command

    schema.ensure_schema(engine, "vault", error=PhigateError)
    schema.ensure_schema(engine, "gateway", error=PhigateError)
    config = schema._config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "vault@base")
    assert tables(engine) == GROUP_TABLES["gateway"]
    assert revisions_of(engine) == {"gateway": "gateway_0001"}
    with engine.connect() as conn, schema.write_transaction(conn, 1):
        schema.upgrade(conn, "vault")
    assert tables(engine) == GROUP_TABLES["gateway"] | GROUP_TABLES["vault"]


def test_replicas_starting_together_migrate_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    assert replicas_migrate_together(url) == [0, 0, 0]
    engine = make_engine(url)
    assert revisions_of(engine) == schema.HEADS
    assert schema_diff(engine) == []


def test_a_store_that_cannot_be_written_raises_the_callers_error(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("a file where a directory should be")
    engine = make_engine(f"sqlite:///{blocked / 'store.db'}")
    with pytest.raises(AuditError, match="cannot migrate the audit tables in the sqlite store"):
        schema.ensure_schema(engine, "audit", error=AuditError)


def test_an_unknown_group_is_refused(engine: sa.Engine) -> None:
    with pytest.raises(KeyError):
        schema.ensure_schema(engine, "billing", error=PhigateError)
