"""Get-or-create under concurrent callers, on a real SQLite file (threads and processes) and on the
local PostgreSQL server: every caller gets the pseudonym that was stored first, and one row exists
per value."""

from __future__ import annotations

import multiprocessing
import secrets
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa

from phigate.audit.sink import NullAuditSink
from phigate.crypto.keys import LocalKeyFile
from phigate.errors import KeyAccessError
from phigate.store.engine import make_engine
from phigate.store.vault_tables import vault_entries
from phigate.vault import PseudonymVault

PATIENTS = [f"SYNTH-MRN-{n:06d}" for n in range(3)]
VALUES = [f"Synthvalue {n}" for n in range(6)]


def _work(vault: PseudonymVault) -> dict[tuple[str, str], str]:
    """Map every (patient, value) to a pseudonym, each caller proposing its own random ones."""
    return {
        (patient, value): vault.pseudonym_for(
            patient=patient, category="NAME", value=value, make=lambda: f"P-{secrets.token_hex(6)}"
        )
        for patient in PATIENTS
        for value in VALUES
    }


def _process_worker(args: tuple[str, str, float]) -> dict[tuple[str, str], str]:
    url, key_file, start_at = args
    engine = make_engine(url)
    time.sleep(max(0.0, start_at - time.time()))  # start together, so the writers really contend
    try:
        return _work(PseudonymVault(engine, LocalKeyFile(key_file), NullAuditSink(), tenant="clinic-a"))
    finally:
        engine.dispose()


def _check(results: list[dict[tuple[str, str], str]], vault: PseudonymVault, engine: sa.Engine) -> None:
    assert all(r == results[0] for r in results), "callers got different pseudonyms for the same value"
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(vault_entries)).scalar_one() == len(
            results[0]
        )
    for (patient, value), pseudonym in results[0].items():
        assert (
            vault.reidentify(patient=patient, pseudonym=pseudonym, actor="a", role="r", purpose="TREAT")
            == value
        )


def _threads(url: str, key: LocalKeyFile) -> None:
    engine = make_engine(url)
    vault = PseudonymVault(engine, key, NullAuditSink(), tenant="clinic-a")
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda _: _work(vault), range(6)))
    _check(results, vault, engine)
    engine.dispose()


def test_threads_on_sqlite(tmp_path: Path) -> None:
    _threads(f"sqlite:///{tmp_path / 'v.db'}", LocalKeyFile.create(tmp_path / "k.key"))


@pytest.mark.slow
def test_processes_on_sqlite(tmp_path: Path) -> None:
    url, key = f"sqlite:///{tmp_path / 'v.db'}", LocalKeyFile.create(tmp_path / "k.key")
    engine = make_engine(url)
    vault = PseudonymVault(engine, key, NullAuditSink(), tenant="clinic-a")  # creates the tables
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        results = pool.map(_process_worker, [(url, str(key.path), time.time() + 1.5)] * 4)
    _check(results, vault, engine)
    engine.dispose()


@pytest.mark.postgres
def test_threads_on_postgres(postgres_url: str, tmp_path: Path) -> None:
    _threads(postgres_url, LocalKeyFile.create(tmp_path / "k.key"))


@pytest.mark.postgres
def test_vault_round_trip_and_shred_on_postgres(postgres_url: str, tmp_path: Path) -> None:
    key = LocalKeyFile.create(tmp_path / "k.key")
    engine = make_engine(postgres_url)
    sink = NullAuditSink()
    vault = PseudonymVault(engine, key, sink, tenant="clinic-a")
    pseudonym = vault.pseudonym_for(
        patient=PATIENTS[0], category="NAME", value=VALUES[0], make=lambda: "PG-1"
    )
    assert (
        vault.reidentify(patient=PATIENTS[0], pseudonym=pseudonym, actor="a", role="r", purpose="TREAT")
        == VALUES[0]
    )
    with engine.connect() as conn:
        stored = conn.execute(sa.select(vault_entries.c.original_ct)).scalar_one()
    assert VALUES[0].encode() not in bytes(stored)
    assert vault.shred(patient=PATIENTS[0]) is True
    with pytest.raises(KeyAccessError, match="unknown pseudonym"):
        vault.reidentify(patient=PATIENTS[0], pseudonym=pseudonym, actor="a", role="r", purpose="TREAT")
    with engine.connect() as conn:
        assert bytes(conn.execute(sa.select(vault_entries.c.original_ct)).scalar_one()) == bytes(stored)
    assert sink.count == 3
    engine.dispose()
