"""Named data keys (DEKs), stored wrapped by a ``KeyProvider``: create once, unwrap on use, re-wrap on
rotation, destroy to crypto-shred.

The store only ever sees wrapped keys. Each wrapping is bound to the key's name (associated data), so a
wrapped key copied onto another name's row does not unwrap. ``DataKeyStore`` is the one interface to the
database; ``phigate.store.datakeys.SqlDataKeyStore`` implements it with SQLAlchemy.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from phigate.crypto import envelope
from phigate.crypto.hmac import derive_key
from phigate.crypto.keys import KeyProvider
from phigate.errors import KeyAccessError

__all__ = ["DataKeyStore", "DataKeys", "PurposeKeys", "StoredKey"]

_TABLE = "phigate_data_keys"


@dataclass(frozen=True, slots=True)
class StoredKey:
    """One row of the key-metadata store: a wrapped data key and which master key wrapped it."""

    name: str
    wrapped: bytes
    key_id: str
    master_version: int | None
    created: dt.datetime


class DataKeyStore(Protocol):
    """Where wrapped data keys live. Every method raises ``KeyAccessError`` if the store fails."""

    def get(self, name: str) -> StoredKey | None:
        """The stored key called ``name``, if any."""

    def add(self, key: StoredKey) -> StoredKey:
        """Insert ``key`` unless its name exists; return the stored row (the first writer's on a race)."""

    def replace_wrapped(self, name: str, old: bytes, new: bytes, master_version: int | None) -> bool:
        """Swap ``old`` for ``new`` if the row still holds ``old``; say whether it did."""

    def delete(self, name: str) -> bool:
        """Delete the key called ``name``; say whether there was one."""

    def all(self) -> Iterator[StoredKey]:
        """Every stored key, in name order."""


class DataKeys:
    """Data keys by name, wrapped by ``provider`` and kept in ``store``."""

    def __init__(self, provider: KeyProvider, store: DataKeyStore) -> None:
        self._provider = provider
        self._store = store

    @staticmethod
    def _aad(name: str) -> bytes:
        return envelope.bind(_TABLE, name, "data-key")

    def get_or_create(self, name: str) -> bytes:
        """The data key ``name``, created (random, wrapped, stored) if it does not exist yet.

        Safe under concurrent callers: if two create at once, both get the one that was stored first.
        """
        stored = self._store.get(name)
        if stored is None:
            aad = self._aad(name)
            dek, wrapped = self._provider.new_data_key(aad)
            candidate = StoredKey(
                name=name,
                wrapped=wrapped,
                key_id=self._provider.key_id,
                master_version=self._provider.wrapped_version(wrapped),
                created=dt.datetime.now(dt.UTC),
            )
            stored = self._store.add(candidate)
            if stored.wrapped == wrapped:
                return dek
        return self._provider.unwrap(stored.wrapped, self._aad(name))

    def find(self, name: str) -> bytes | None:
        """The existing data key ``name``, or None if there is none (never made, or destroyed)."""
        stored = self._store.get(name)
        return None if stored is None else self._provider.unwrap(stored.wrapped, self._aad(name))

    def get(self, name: str) -> bytes:
        """The existing data key ``name``; ``KeyAccessError`` if there is none (never made, or destroyed)."""
        key = self.find(name)
        if key is None:
            raise KeyAccessError(f"data key {name} does not exist (never created, or destroyed)")
        return key

    def destroy(self, name: str) -> bool:
        """Delete the data key ``name``: what it encrypted can no longer be opened. Says if it existed."""
        return self._store.delete(name)

    def rewrap_all(self) -> int:
        """Re-wrap every stored key not yet under the provider's current master version; return how
        many were re-wrapped. The data keys, and so all data they encrypt, stay as they are.
        """
        current = _current_version(self._provider)
        count = 0
        for stored in self._store.all():
            if current is not None and stored.master_version == current:
                continue
            new = self._provider.rewrap(stored.wrapped, self._aad(stored.name))
            if self._store.replace_wrapped(
                stored.name, stored.wrapped, new, self._provider.wrapped_version(new)
            ):
                count += 1
        return count

    def count_by_version(self) -> dict[int | None, int]:
        """How many stored keys each master version wrapped (None: the provider does not say)."""
        return dict(Counter(stored.master_version for stored in self._store.all()))


def _current_version(provider: KeyProvider) -> int | None:
    active = [v.version for v in provider.versions() if v.state == "active"]
    return max(active) if active else None


class PurposeKeys:
    """Per-purpose keys for remote providers: HKDF of one root data key that is generated once, kept
    wrapped in the store under ``purpose-root/<provider key id>``, and unwrapped on first use.

    The root survives master rotation (it is re-wrapped like every data key), so purpose keys, and
    every keyed hash made with them, stay stable.
    """

    def __init__(self, provider: KeyProvider, store: DataKeyStore) -> None:
        self._provider = provider
        self._keys = DataKeys(provider, store)
        self._root: bytes | None = None
        self._cache: dict[str, bytes] = {}

    def get(self, purpose: str) -> bytes:
        """The 32-byte key for ``purpose``."""
        key = self._cache.get(purpose)
        if key is None:
            if self._root is None:
                self._root = self._keys.get_or_create(f"purpose-root/{self._provider.key_id}")
            key = self._cache[purpose] = derive_key(self._root, f"purpose/{purpose}")
        return key
