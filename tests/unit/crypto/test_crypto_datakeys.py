from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa

from phigate.crypto import envelope
from phigate.crypto.datakeys import DataKeys, PurposeKeys
from phigate.crypto.keys import LocalKeyFile
from phigate.errors import KeyAccessError
from phigate.store.datakeys import SqlDataKeyStore
from phigate.store.engine import make_engine
from phigate.store.keys_tables import data_keys


@pytest.fixture()
def engine(tmp_path: Path) -> sa.Engine:
    return make_engine(f"sqlite:///{tmp_path / 'keys.db'}")


@pytest.fixture()
def store(engine: sa.Engine) -> SqlDataKeyStore:
    return SqlDataKeyStore(engine)


def test_get_or_create_is_idempotent_and_stores_only_the_wrapping(
    local_key: LocalKeyFile, store: SqlDataKeyStore
) -> None:
    keys = DataKeys(local_key, store)
    dek = keys.get_or_create("scope/a")
    assert len(dek) == 32
    assert keys.get_or_create("scope/a") == dek == keys.get("scope/a")
    stored = store.get("scope/a")
    assert stored is not None
    assert dek not in stored.wrapped
    assert (stored.key_id, stored.master_version) == (local_key.key_id, 1)
    assert stored.created.tzinfo is not None


def test_missing_and_destroyed_keys(local_key: LocalKeyFile, store: SqlDataKeyStore) -> None:
    keys = DataKeys(local_key, store)
    assert keys.find("nope") is None
    with pytest.raises(KeyAccessError, match="does not exist"):
        keys.get("nope")
    keys.get_or_create("scope/b")
    assert keys.destroy("scope/b") is True
    assert keys.destroy("scope/b") is False
    assert keys.find("scope/b") is None


def test_a_wrapped_key_copied_onto_another_name_does_not_unwrap(
    local_key: LocalKeyFile, store: SqlDataKeyStore, engine: sa.Engine
) -> None:
    keys = DataKeys(local_key, store)
    keys.get_or_create("scope/a")
    keys.get_or_create("scope/b")
    with engine.begin() as conn:
        wrapped_a = conn.execute(
            sa.select(data_keys.c.wrapped).where(data_keys.c.name == "scope/a")
        ).scalar_one()
        conn.execute(sa.update(data_keys).where(data_keys.c.name == "scope/b").values(wrapped=wrapped_a))
    with pytest.raises(KeyAccessError, match="failed authentication"):
        keys.get("scope/b")


def test_rewrap_all_moves_every_key_to_the_current_version_unchanged(
    local_key: LocalKeyFile, store: SqlDataKeyStore
) -> None:
    keys = DataKeys(local_key, store)
    deks = {f"scope/{i}": keys.get_or_create(f"scope/{i}") for i in range(5)}
    sealed = {
        name: envelope.encrypt(dek, b"data", ref=envelope.KeyRef(name, 1), aad=b"")
        for name, dek in deks.items()
    }
    assert keys.count_by_version() == {1: 5}
    local_key.rotate()
    assert keys.rewrap_all() == 5
    assert keys.count_by_version() == {2: 5}
    assert keys.rewrap_all() == 0  # nothing left under an old version
    local_key.retire(1)
    for name, blob in sealed.items():
        assert envelope.decrypt(keys.get(name), blob, aad=b"") == b"data"


def test_rewrap_skips_a_row_changed_meanwhile(local_key: LocalKeyFile, store: SqlDataKeyStore) -> None:
    keys = DataKeys(local_key, store)
    keys.get_or_create("scope/x")
    stored = store.get("scope/x")
    assert stored is not None
    assert store.replace_wrapped("scope/x", b"not the stored value", b"new", 9) is False
    assert store.get("scope/x") == stored


def test_concurrent_creators_all_get_the_first_stored_key(
    local_key: LocalKeyFile, store: SqlDataKeyStore
) -> None:
    keys = DataKeys(local_key, store)
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: keys.get_or_create("scope/race"), range(16)))
    assert len(set(results)) == 1
    assert results[0] == keys.get("scope/race")


def test_purpose_keys_from_a_stored_root_are_stable(local_key: LocalKeyFile, store: SqlDataKeyStore) -> None:
    first = PurposeKeys(local_key, store).get("audit-hash")
    assert len(first) == 32
    assert PurposeKeys(local_key, store).get("audit-hash") == first
    assert PurposeKeys(local_key, store).get("vault-index") != first
    assert store.get(f"purpose-root/{local_key.key_id}") is not None


def test_store_failures_are_key_access_errors(tmp_path: Path, local_key: LocalKeyFile) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'gone.db'}")
    store = SqlDataKeyStore(engine)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE phigate_data_keys"))
    keys = DataKeys(local_key, store)
    for call in (
        lambda: keys.find("a"),
        lambda: keys.get_or_create("a"),
        lambda: keys.destroy("a"),
        keys.rewrap_all,
    ):
        with pytest.raises(KeyAccessError, match="key-metadata store"):
            call()
    with pytest.raises(KeyAccessError, match="key-metadata store"):
        store.replace_wrapped("a", b"", b"", 1)


def test_unreachable_store_is_refused_at_creation(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'missing-dir' / 'x.db'}")
    with pytest.raises(KeyAccessError, match="cannot migrate the keys tables"):
        SqlDataKeyStore(engine)


def test_random_data_keys_differ(local_key: LocalKeyFile, store: SqlDataKeyStore) -> None:
    keys = DataKeys(local_key, store)
    assert keys.get_or_create("a") != keys.get_or_create("b")


def test_add_returns_the_first_writers_row(local_key: LocalKeyFile, store: SqlDataKeyStore) -> None:
    keys = DataKeys(local_key, store)
    keys.get_or_create("scope/first")
    first = store.get("scope/first")
    assert first is not None
    late = dataclasses.replace(first, wrapped=b"a different wrapping")
    assert store.add(late) == first
