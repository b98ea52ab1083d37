"""Fixtures for the audit log tests: a real SQLite file or PostgreSQL schema, an AuditLog factory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from audit_helpers import HMAC_KEY, SEED, OpenLog

from phigate.audit.checkpoint import NoteSigner, signer_from_seed
from phigate.audit.log import AuditLog
from phigate.store.engine import make_engine


@pytest.fixture()
def signer() -> NoteSigner:
    return signer_from_seed(SEED)


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'audit.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture()
def engine(store_url: str) -> Iterator[sa.Engine]:
    eng = make_engine(store_url)
    yield eng
    eng.dispose()


@pytest.fixture()
def open_log(engine: sa.Engine, signer: NoteSigner) -> Iterator[OpenLog]:
    """``open_log(**options)``: an AuditLog on the test store, closed at the end of the test."""
    logs: list[AuditLog] = []

    def factory(**options: object) -> AuditLog:
        log = AuditLog(engine, hmac_key=HMAC_KEY, signer=signer, **options)  # type: ignore[arg-type]
        logs.append(log)
        return log

    yield factory
    for log in logs:
        log.close()
