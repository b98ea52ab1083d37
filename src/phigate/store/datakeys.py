"""``SqlDataKeyStore``: the SQLAlchemy implementation of ``phigate.crypto.datakeys.DataKeyStore``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Engine, RowMapping
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from phigate.crypto.datakeys import StoredKey
from phigate.errors import KeyAccessError
from phigate.store.keys_tables import data_keys
from phigate.store.schema import ensure_schema

__all__ = ["SqlDataKeyStore"]


def _stored(row: RowMapping) -> StoredKey:
    created = row["created_at"]
    if created.tzinfo is None:  # SQLite returns naive datetimes; they were written in UTC
        created = created.replace(tzinfo=dt.UTC)
    return StoredKey(
        name=row["name"],
        wrapped=bytes(row["wrapped"]),
        key_id=row["key_id"],
        master_version=row["master_version"],
        created=created,
    )


class SqlDataKeyStore:
    """Wrapped data keys in the ``phigate_data_keys`` table of ``engine`` (created if missing)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        ensure_schema(engine, "keys", error=KeyAccessError)

    def _fail(self, exc: SQLAlchemyError) -> KeyAccessError:
        return KeyAccessError(
            f"key-metadata store ({self._engine.dialect.name}) failed: {type(exc).__name__}"
        )

    def get(self, name: str) -> StoredKey | None:
        """The stored key called ``name``, if any."""
        try:
            with self._engine.connect() as conn:
                row = conn.execute(select(data_keys).where(data_keys.c.name == name)).mappings().first()
        except SQLAlchemyError as exc:
            raise self._fail(exc) from exc
        return None if row is None else _stored(row)

    def add(self, key: StoredKey) -> StoredKey:
        """Insert ``key`` unless the name exists; return what is stored (the first writer's on a race)."""
        try:
            with self._engine.begin() as conn:
                conn.execute(
                    insert(data_keys).values(
                        name=key.name,
                        wrapped=key.wrapped,
                        key_id=key.key_id,
                        master_version=key.master_version,
                        created_at=key.created,
                    )
                )
            return key
        except IntegrityError:
            pass
        except SQLAlchemyError as exc:
            raise self._fail(exc) from exc
        stored = self.get(key.name)
        if stored is None:  # inserted by someone else and deleted again in between
            raise KeyAccessError(f"data key {key.name} was created and destroyed concurrently")
        return stored

    def replace_wrapped(self, name: str, old: bytes, new: bytes, master_version: int | None) -> bool:
        """Swap the wrapping of ``name`` from ``old`` to ``new`` if it is still ``old``."""
        statement = (
            update(data_keys)
            .where(data_keys.c.name == name, data_keys.c.wrapped == old)
            .values(wrapped=new, master_version=master_version, rewrapped_at=dt.datetime.now(dt.UTC))
        )
        try:
            with self._engine.begin() as conn:
                return conn.execute(statement).rowcount == 1
        except SQLAlchemyError as exc:
            raise self._fail(exc) from exc

    def delete(self, name: str) -> bool:
        """Delete the key called ``name``; say whether there was one."""
        try:
            with self._engine.begin() as conn:
                return conn.execute(delete(data_keys).where(data_keys.c.name == name)).rowcount == 1
        except SQLAlchemyError as exc:
            raise self._fail(exc) from exc

    def all(self) -> Iterator[StoredKey]:
        """Every stored key, in name order (read in one go, so callers may write while iterating)."""
        try:
            with self._engine.connect() as conn:
                rows = conn.execute(select(data_keys).order_by(data_keys.c.name)).mappings().all()
        except SQLAlchemyError as exc:
            raise self._fail(exc) from exc
        return iter([_stored(row) for row in rows])
