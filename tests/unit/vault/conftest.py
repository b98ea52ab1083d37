"""Fixtures for the vault tests: a key file, a SQLite file, a recording audit sink and a vault."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from vault_helpers import RecordingSink

from phigate.crypto.keys import LocalKeyFile
from phigate.store.engine import make_engine
from phigate.vault import PseudonymVault


@pytest.fixture()
def local_key(tmp_path: Path) -> LocalKeyFile:
    return LocalKeyFile.create(tmp_path / "master.key")


@pytest.fixture()
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "vault.db"


@pytest.fixture()
def engine(db_path: Path) -> sa.Engine:
    return make_engine(f"sqlite:///{db_path}")


@pytest.fixture()
def sink() -> RecordingSink:
    return RecordingSink()


@pytest.fixture()
def vault(engine: sa.Engine, local_key: LocalKeyFile, sink: RecordingSink) -> PseudonymVault:
    return PseudonymVault(engine, local_key, sink, tenant="clinic-a")
