"""Shared fixtures. Service-backed fixtures skip with a reason locally, and fail under CI
(``PHIGATE_REQUIRE_SERVICES=1``, set by ``.ci/run``), so CI never silently skips them."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator

import pytest

POSTGRES_URL = os.environ.get("PHIGATE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("PHIGATE_TEST_REDIS", "redis://127.0.0.1:6379/0")


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1.0):
            return True
    except OSError:
        return False


def _need(service: str, host: str, port: int) -> None:
    if _reachable(host, port):
        return
    reason = f"{service} is not reachable at {host}:{port}"
    if os.environ.get("PHIGATE_REQUIRE_SERVICES"):
        pytest.fail(f"{reason} and PHIGATE_REQUIRE_SERVICES is set")
    pytest.skip(f"{reason} (start it to run this test)")


@pytest.fixture()
def postgres_url() -> Iterator[str]:
    """A PostgreSQL URL with a fresh schema for this test, dropped afterwards."""
    _need("PostgreSQL", "127.0.0.1", 5432)
    import sqlalchemy as sa

    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    finally:
        with engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


@pytest.fixture()
def redis_url() -> str:
    """The Redis URL; tests must namespace their keys."""
    _need("Redis", "127.0.0.1", 6379)
    return REDIS_URL
